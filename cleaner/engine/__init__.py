"""The engine: one document in, one record out, every line accounted for.

Flow: decode -> normalise -> resolve the site -> apply the rules -> record. Rules run in three
passes over the lines that earlier rules left: templates anchored at the top (tried until none
matches; each at most once), then those anchored at the bottom, then floating ones, which match
wherever they can. Within a pass the site's own rules come before the shared ones. A line that no
rule takes is body; each line ends with exactly one fate, which ``explain`` shows.

``clean`` (the Cleaner), ``page`` (one document's state while rules run), ``plan`` (how the
floating rules run fast), ``match`` (a template against lines), ``result`` (the record and the
lines' fates).
"""

from cleaner.engine.clean import Cleaner
from cleaner.engine.result import Fate, Result, UnknownSite

__all__ = ["Cleaner", "Fate", "Result", "UnknownSite"]
