"""Rule files: TOML data describing a site's chrome, loaded into immutable objects.

``model`` (elements, rules, a site's file, the set in force), ``load`` (reading and checking the
files), and what loading computes for each pattern: ``hazard`` (shapes refused: catastrophic
backtracking), ``screen`` (cheap necessary conditions, for the engine's fast path) and ``values``
(typed metadata fields).
"""

from cleaner.rules.load import bundled_rules_dir, load_file, load_rules, load_text
from cleaner.rules.model import ROLES, Element, HtmlRules, Rule, RuleError, RuleSet, SiteRules

__all__ = ["RuleError", "Element", "Rule", "SiteRules", "RuleSet", "load_file", "load_rules", "bundled_rules_dir"]
