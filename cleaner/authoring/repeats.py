"""``--repeats``: lines that recur across many documents of one host within a run are that host's
chrome (a sitewide promo, a footer the rules do not know).

A first pass counts, per host, in how many documents each line occurs, lines counted as one when
they are one after CCNet's normalisation (``shapes.normal``: case folded, digits as 0, punctuation
dropped, so "© 2019 Example" and "© 2020 Example" are one line); the lines whose count is at or over
the minimum, in every form the pass saw, become one generated, host-scoped floating rule,
``repeats:<host>``, which the second pass runs after the shared rules. The second pass reads the
same documents, so every form it meets was seen. Documents with no url have no host and take no part.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

from cleaner.rules import Element, Rule, SiteRules
from cleaner.authoring.shapes import normal

MAX_LINE = 300  # longer lines are prose, not chrome that repeats
PATH = "--repeats"


def host_of(url: str | None) -> str | None:
    """The url's host, lower case and without www.; None for no url or one that does not parse."""
    if not url:
        return None
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:  # "http://[oops": a broken url is no url
        return None
    return host.removeprefix("www.") or None


def distinct_lines(lines: list[str]) -> list[str]:
    """The lines of one document that may count as repeats, each once, in a stable order."""
    return sorted({line for line in lines if line and len(line) <= MAX_LINE})


class RepeatCounter:
    def __init__(self, min_count: int):
        self.min_count = min_count
        self.docs: Counter = Counter()  # host -> documents seen
        self.counts: dict[str, Counter] = {}  # host -> normalised line -> documents
        self.forms: dict[str, dict[str, set[str]]] = {}  # host -> normalised line -> its lines

    def add(self, host: str | None, lines: list[str]) -> None:
        """One document's lines (as the rules see them)."""
        if host is None:
            return
        self.docs[host] += 1
        forms = self.forms.setdefault(host, {})
        keys = set()
        for line in distinct_lines(lines):
            k = normal(line) or line  # a line of punctuation alone is its own key
            keys.add(k)
            forms.setdefault(k, set()).add(line)
        self.counts.setdefault(host, Counter()).update(keys)

    def rules(self) -> dict[str, SiteRules]:
        """One generated rule file per host that has repeated lines."""
        out = {}
        for host in sorted(self.counts):
            repeated = frozenset(line for k, n in self.counts[host].items() if n >= self.min_count
                                 for line in self.forms[host][k])
            if repeated:
                rid = f"repeats:{host}"
                rule = Rule(rid, "any", (Element("line", literals=repeated, dest="drop"),), rid, PATH, 0, shared=True)
                out[host] = SiteRules(name=rid, path=PATH, shared=True, rules=(rule,))
        return out

    def report(self) -> dict[str, dict]:
        rules = self.rules()
        return {host: {"rule": f"{PATH}:0 repeats:{host}", "documents": self.docs[host],
                       "repeated_lines": len(rules[host].rules[0].elements[0].literals)}
                for host in rules}
