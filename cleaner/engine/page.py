"""One document while the rules run: its lines, the fate each has so far, the values and figures
taken; and the word counts that the shared-rules guard weighs.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property
from itertools import accumulate

from cleaner.text.prose import all_words, kept_part, loose, plain_words, taken_part, taken_words, words
from cleaner.rules.screen import fold
from cleaner.rules import ROLES, Element, Rule, SiteRules

# The words an article above an open block must keep for the guard to trust the block (_shared_within).
TRUSTED_BELOW = 150
# A count in a block's heading, and the plural it brings, as a front page's counters vary them
# under each post: 'Comments (2)', '1 Comment', '12 Comments', 'No comments:', '1 reply', '4 replies'.
_COUNT = re.compile(r"\b(?:\d[\d,.]*|no|one)\b")
_PLURAL = re.compile(r"(?<=\w)(ie)?(?<!s)s\b")


def _heading_key(text: str) -> str:
    """A block heading, counts and plurals aside: what two headings of one page's counters share."""
    return _PLURAL.sub(lambda m: "y" if m.group(1) else "", _COUNT.sub("0", text.casefold()))


def _shared_within(page: "_Page", limit: float) -> bool:
    """Do shared rules take at most ``limit`` of the page's words (the guard's measure)? An open
    block (a comment section to the foot) under an article, ``TRUSTED_BELOW`` words or more that no
    rule took above its first line, is weighed apart: the guard then measures the page above it, so
    a short post under a long thread loses its thread (its heading read right), while a heading
    misread under a headline still sets the guard off. Every count is a multiple of 1/4, so the
    float sums are exact in any order."""
    lines, fates = page.lines, page.fates
    start = next((i for i, fate in enumerate(fates) if fate is not None and fate[1].shared and fate[1].opens_block), None)
    if start is not None and _trusted_block(lines, fates, start):
        lines, fates = lines[:start], fates[:start]
    whole, taken = [], 0.0  # the lines taken whole are counted together, as the page's are below
    for text, fate in zip(lines, fates):
        if fate is not None and fate[1].shared:
            if fate[2]:
                taken += taken_words(text, fate[2])
            else:
                whole.append(text)
    taken += all_words(whole)
    if not taken:  # nothing taken: the page's words need no counting
        return 0.0 <= limit
    plain = plain_words(lines)
    if plain and taken / plain <= limit:
        return True  # the words of the lines outside ASCII could only lower the share
    total = plain + sum(words(line) for line in lines if not line.isascii())
    return (taken / total if total else 0.0) <= limit


def _trusted_block(lines: list[str], fates: list, start: int) -> bool:
    """Is the open block that begins at line ``start`` below an article, and one block? The lines
    no rule took above it hold ``TRUSTED_BELOW`` words or more, and no line of the block repeats its
    heading, counts and plurals aside (``_heading_key``): 'Comments (7)' under the next post says the
    first 'Comments (1)' was a post's counter on a blog's front page, not the heading of the page's
    one comment section."""
    above = [lines[i] if fate is None else fate[2] for i, fate in enumerate(fates[:start]) if fate is None or fate[2]]
    if all_words(above) < TRUSTED_BELOW:
        return False
    rule, heading = fates[start][1], _heading_key(lines[start])
    return not any(fate is not None and fate[1] is rule and _heading_key(lines[i]) == heading
                   for i, fate in enumerate(fates[start + 1:], start + 1))


@dataclass
class _Prepared:
    """A document made ready for the rules."""

    raw: str
    html: bool = False
    lines: list[str] = field(default_factory=list)
    site: SiteRules | None = None
    found: dict = field(default_factory=dict)  # what an HTML page says of itself
    figures: SiteRules | None = None  # the rules generated for an HTML page's figures
    # What an HTML page says it repeats in its text, for `same` rules: "title" (every title it
    # gives itself), "standfirst" (its description, set as a subheading).
    said: dict[str, list[str]] = field(default_factory=dict)
    choice: str = ""  # how the body's extractor was chosen, when a second one was tried
    links: "Links | None" = None  # an HTML page's links' words (cleaner.html.links)

    @cached_property
    def figure_lines(self) -> frozenset[str]:
        """The lines the page's figure rules take (an HTML page's captions, credits and alt texts):
        made once a page, when first asked (the edges' readings before and after the rules ask)."""
        rules = self.figures.rules if self.figures else ()
        return frozenset(lit for rule in rules for el in rule.elements for lit in (el.literals or ()))


class _Fates(list):
    """Each line's fate (None: no rule took it yet), noting the lines whose fate is set, so that
    the view of the free lines is brought up to date by those alone (whoever sets one: the rules,
    the link edges, the line model)."""

    def __init__(self, fates):
        super().__init__(fates)
        self.changed: list[int] = []

    def __setitem__(self, i, fate) -> None:
        super().__setitem__(i, fate)
        self.changed.append(i)


class _Page:
    """The mutable state of one document while rules are applied to it."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        self.fates: list[tuple[str, Rule, str | None] | None] = _Fates([None] * len(lines))
        self._view: list[int] | None = None
        self.values: dict[str, object] = {}
        self.sources: dict[str, set[str]] = {}  # field -> the lines it was read from
        self.figures: list[tuple[int, dict[str, list[str]], Rule]] = []
        self.linked: dict[int, float] = {}  # line -> its link share, for the link runs an HTML page's edges lost
        self._folded: tuple[str, list[int]] | None = None
        self._scans: dict = {}  # scan -> its hits (the object as key: an id() may be reused)

    def folded(self) -> tuple[str, list[int]]:
        """The page as screens compare it (``fold``), and where each line starts in it."""
        if self._folded is None:
            joined = "\n".join(self.lines)
            folded, lines = fold(joined), self.lines
            if len(folded) != len(joined):  # folding changed a length: fold line by line instead
                lines = [fold(line) for line in self.lines]
                folded = "\n".join(lines)
            self._folded = (folded, list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0)))
        return self._folded

    def scanned(self, scan) -> dict:
        """What a plan's scan finds on this page (once per page and plan)."""
        found = self._scans.get(scan)
        if found is None:
            found = self._scans[scan] = scan.hits(*self.folded())
        return found

    def may_match(self, rule: Rule) -> bool:
        """False when the rule needs a line repeating a field that no line of the page has given
        yet (a headline repeat on a page with no title): such a rule cannot match here."""
        return all(el.kind != "same" or el.min == 0 or el.same in self.sources for el in rule.elements)

    def view(self) -> list[int]:
        """The lines no rule has taken, in page order: one list for the page, brought up to date
        with the lines whose fate was set since the last call (built afresh for each rule, a page
        of 3,000 figure rules took seconds). The caller reads it until its next call, and never
        changes it."""
        fates, view = self.fates, self._view
        if view is None or len(fates.changed) > len(view) // 4:  # many changes: one pass is cheaper
            view = self._view = [i for i, fate in enumerate(fates) if fate is None]
        else:
            for i in fates.changed:
                at = bisect_left(view, i)
                there = at < len(view) and view[at] == i
                if fates[i] is None and not there:
                    view.insert(at, i)
                elif fates[i] is not None and there:
                    del view[at]
        fates.changed.clear()
        return view

    def first_text(self, view: list[int]) -> int | None:
        for pos, i in enumerate(view):
            if self.lines[i]:
                return pos
        return None

    def accept(self, el: Element, text: str, screened: bool = False) -> bool:
        """Does the element take the line? ``screened``: the line is a candidate the page's scan
        found for it (``Element.match``)."""
        if el.kind == "same":  # (and its re, when it has one); a line of no words repeats none
            said = loose(text)
            return bool(said) and said in self.sources.get(el.same, ()) and (el.pattern is None or el.match(text, screened) is not None)
        if not el.accepts(text, screened):
            return False
        if el.spec is not None and el.spec.type != "str":
            try:  # a line whose value does not convert (a clock at 25:99) is not that field
                el.value(text)
            except ValueError:
                return False
        return True

    def store(self, spec, value) -> None:
        if spec.type == "list":
            self.values.setdefault(spec.name, []).extend(value)
        elif self.values.get(spec.name) is None:  # the first value found wins
            self.values[spec.name] = value

    def take(self, rule: Rule, view: list[int], hits: list[tuple[int, int]]) -> None:
        parts: dict[str, list[str]] = {}
        first = None
        for i, ei in sorted((view[pos], ei) for pos, ei in hits):  # page order, also for bottom rules
            el = rule.elements[ei]
            text = self.lines[i]
            m = el.match(text)
            kept = kept_part(m)
            if el.dest == "drop":
                self.fates[i] = ("removed", rule, kept)
            elif el.dest in ROLES:
                self.fates[i] = (el.dest, rule, kept)
                # Groups named caption, credit or alt fill those parts; otherwise the line (less its
                # kept part) is the element's own part.
                named = {r: m.group(r).strip() for r in ROLES if m is not None and r in m.re.groupindex and m.group(r)}
                named.setdefault(el.dest, taken_part(text, m))
                for role, part in named.items():
                    parts.setdefault(role, []).append(part)
                first = i if first is None else min(first, i)
            else:
                name = el.field
                self.fates[i] = (f"metadata.{name}", rule, kept)
                self.sources.setdefault(name, set()).add(loose(text))
                self.store(el.spec, el.value(text))
                for other in el.others:
                    part = m.group(other.name) if m is not None else None
                    if part:
                        self.store(other, other.convert(part, None))
        if parts:
            self.figures.append((first, parts, rule))
