"""cleaner: strip a site's chrome from scraped pages into clean text, caption and metadata records."""

from cleaner.engine import Cleaner, Fate, Result, UnknownSite
from cleaner.html import ExtractionError
from cleaner.limits import LimitError, RuleTimeout
from cleaner.text.normalize import AGGRESSIVE, CONSERVATIVE, DecodeError, decode, normalize
from cleaner.record import Caption, ErrorRecord, Record
from cleaner.rules import RuleError, RuleSet, load_file, load_rules

__version__ = "0.1.0"
__all__ = [
    "Cleaner", "Fate", "Result", "Caption", "Record", "ErrorRecord", "RuleError", "RuleSet", "load_file", "load_rules",
    "normalize", "decode", "CONSERVATIVE", "AGGRESSIVE", "__version__",
    # what a document or a rule file can fail with
    "DecodeError", "LimitError", "RuleTimeout", "ExtractionError", "UnknownSite",
]
