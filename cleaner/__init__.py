"""cleaner: strip a site's chrome from scraped pages into clean text, caption and metadata records."""

from cleaner.engine import Cleaner, Fate, Result
from cleaner.normalize import AGGRESSIVE, CONSERVATIVE, DecodeError, decode, normalize
from cleaner.record import Caption, Record
from cleaner.rules import RuleError, RuleSet, load_file, load_rules

__version__ = "0.1.0"
__all__ = [
    "Cleaner", "Fate", "Result", "Caption", "Record", "RuleError", "RuleSet", "load_file", "load_rules",
    "normalize", "decode", "DecodeError", "CONSERVATIVE", "AGGRESSIVE", "__version__",
]
