"""How the floating rules of a set of files run fast, without changing what they do.

Most floating rules take one line. Consecutive one-line rules run as a batch. Each rule's pattern
has a screen (screen.py): the lengths of line it can match, literals the line must hold, characters
it cannot hold. One pass of an automaton over the page finds, for each line, the rules whose
literals it holds; rules without literals are offered the lines their lengths and characters admit.
The other lines are left without calling any rule; an offered line goes to its candidate rules in
file order, the first that accepts taking it. Since such rules take lines independently of each
other, this gives each line the same fate as running them one after another. A template of several
lines is tried only where its first line pattern with a fixed position in it (a literal or a
regular expression) accepts the line.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Sequence

from ahocorasick_rs import AhoCorasick

from cleaner.rules import Element, Rule


class Batch:
    """Consecutive one-line rules, and how to find, for a line, the few of them that might take it.

    The literals of all the rules' screens go into one Aho-Corasick automaton: a single pass over
    the folded page names, for each line, every rule whose literal the line holds (at its start,
    for a screen of starts). Those, and the rules that have no literals, are the line's candidates,
    less any whose lengths exclude it. A batch of literal lines only (a page's figures) is simply
    their set."""

    def __init__(self, rules: Sequence[Rule]):
        self.rules = tuple(rules)
        elements = [r.elements[0] for r in rules]
        self.lines = None
        if all(el.kind == "line" for el in elements):
            self.lines = frozenset().union(*(el.literals for el in elements))
            return
        self.screens = [el.screen for el in elements]
        self.blind = tuple(k for k, s in enumerate(self.screens) if s.literals is None)
        by_literal: dict[str, list[tuple[int, bool]]] = {}
        for k, s in enumerate(self.screens):
            for lit in s.literals or ():
                by_literal.setdefault(lit, []).append((k, s.anchored))
        self.owners = [tuple(owners) for owners in by_literal.values()]
        self.automaton = AhoCorasick(list(by_literal)) if by_literal else None

    def candidates(self, lines: Sequence[str], folded: str, starts: Sequence[int]) -> dict[int, list[int]]:
        """For the lines of a page (``folded``: the page as ``fold`` has it, ``starts``: where each
        line begins in it), the rules (their indices, in order) that might take each line, for the
        lines where there are any: one pass of the automaton over the whole page."""
        found: dict[int, set[int]] = {}
        if self.lines is not None:
            for i, text in enumerate(lines):
                if text in self.lines:
                    found[i] = set(range(len(self.rules)))
        else:
            if self.automaton is not None:
                for n, begin, _end in self.automaton.find_matches_as_indexes(folded, overlapping=True):
                    i = bisect_right(starts, begin) - 1
                    for k, anchored in self.owners[n]:
                        if not anchored or starts[i] == begin:
                            found.setdefault(i, set()).add(k)
            for k in self.blind:
                screen = self.screens[k]
                for i, text in enumerate(lines):
                    if screen.lo <= len(text) <= screen.hi and (
                            screen.forbidden is None or screen.forbidden.search(text) is None):
                        found.setdefault(i, set()).add(k)
        out = {}
        for i, ks in found.items():
            n = len(lines[i])
            ks = sorted(k for k in ks if self.lines is not None or self.screens[k].lo <= n <= self.screens[k].hi)
            if ks and lines[i]:
                out[i] = ks
        return out


@dataclass(frozen=True)
class Template:
    rule: Rule
    probe: tuple[int, Element] | None  # (offset from the match's start, element) that must accept


def single_line(rule: Rule) -> bool:
    return len(rule.elements) == 1 and rule.elements[0].max == 1 and rule.elements[0].kind != "same"


def probe_for(rule: Rule) -> tuple[int, Element] | None:
    """The first concrete element at a fixed offset: every element before it takes exactly one
    line, and no blank line may stand between them."""
    offset = 0
    for k, el in enumerate(rule.elements):
        if k > 0 and el.gap:
            return None
        if el.kind in ("line", "re") and el.min >= 1:
            return offset, el
        if el.min != 1 or el.max != 1:
            return None
        offset += 1
    return None


def plan(rules: Sequence[Rule]) -> list[Batch | Template]:
    steps: list[Batch | Template] = []
    run: list[Rule] = []
    for rule in list(rules) + [None]:
        if rule is not None and single_line(rule):
            run.append(rule)
            continue
        if run:
            steps.append(Batch(run))
            run = []
        if rule is not None:
            steps.append(Template(rule, probe_for(rule)))
    return steps
