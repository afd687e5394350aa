"""How the floating rules of a set of files run fast, without changing what they do.

Most floating rules take one line. Consecutive one-line rules run as a batch. Each rule's pattern
has a screen (rules/screen.py): the lengths of line it can match, literals the line must hold, characters
it cannot hold. One pass of an automaton over the page (the plan's ``Scan``) finds, for each line,
the rules whose literals it holds, in every batch at once; rules without literals are offered the
lines their lengths and characters admit. The other lines are left without calling any rule; an
offered line goes to its candidate rules in file order, the first that accepts taking it. Since
such rules take lines independently of each other, this gives each line the same fate as running
them one after another. A template of several lines is tried only where its first line pattern
with a fixed position in it and literals (else its first such pattern: its probe) accepts the line,
and where the probe has literals, only on the lines the same scan found holding them. The anchored rules' line patterns with literals are
in the same scan: a rule one of whose required patterns no line holds is not tried, and the matcher
offers each pattern only the lines holding its literals.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Sequence

from ahocorasick_rs import AhoCorasick

from cleaner.rules import Element, Rule


class Batch:
    """Consecutive one-line rules, and how to find, for a line, the few of them that might take it:
    the rules whose literals the line holds (the plan's ``Scan`` finds them for every batch in one
    pass over the page), and those that have no literals, less any whose lengths or characters
    exclude the line. A batch of literal lines only (a page's figures) is simply their lines, each
    with the rules that name it."""

    def __init__(self, rules: Sequence[Rule]):
        self.rules = tuple(rules)
        elements = [r.elements[0] for r in rules]
        self.scan: Scan | None = None  # set by plan()
        self.number = 0  # this batch's number in its scan
        self.lines: dict[str, list[int]] | None = None  # a literal line -> the rules naming it, in order
        self.screens: list = []  # what the scan looks for, by rule (none for literal lines)
        if all(el.kind == "line" for el in elements):
            self.lines = {}
            for k, el in enumerate(elements):
                for lit in el.literals:
                    self.lines.setdefault(lit, []).append(k)
            return
        self.screens = [el.screen for el in elements]
        self.blind = tuple(k for k, s in enumerate(self.screens) if s.literals is None)

    def candidates(self, lines: Sequence[str], hits: dict[int, set[int]]) -> dict[int, list[int]]:
        """For the lines of a page, the rules (their indices, in order) that might take each line,
        for the lines where there are any. ``hits``: the scan's rules by line, for this batch."""
        if self.lines is not None:  # a literal line's element takes only its own lines: the others need not be asked
            return {i: self.lines[text] for i, text in enumerate(lines) if text in self.lines}
        found = {i: set(ks) for i, ks in hits.items()}
        for k in self.blind:  # no literals: its screen is lengths and characters only (``passes``)
            lo, hi, forbidden = self.screens[k].lo, self.screens[k].hi, self.screens[k].forbidden
            for i, text in enumerate(lines):
                if lo <= len(text) <= hi and (forbidden is None or forbidden.search(text) is None):
                    found.setdefault(i, set()).add(k)
        out = {}
        for i, ks in found.items():
            n = len(lines[i])
            ks = sorted(k for k in ks if self.screens[k].lo <= n <= self.screens[k].hi)
            if ks and lines[i]:
                out[i] = ks
        return out


class Scan:
    """The literals of every batch of a plan, and of every template's probe, in one Aho-Corasick
    automaton: one pass over the folded page names, for each line, the rules whose literal it
    holds (at its start, for a screen of starts), for every step at once. A literal that must
    start the line is looked for after a line break, so that it is found only there."""

    def __init__(self, steps: Sequence["Batch | Template | Needs"]):
        by_literal: dict[str, list[tuple[int, int]]] = {}
        for number, step in enumerate(steps):
            step.scan, step.number = self, number
            for k, screen in enumerate(step.screens):
                for lit in screen.literals or ():
                    by_literal.setdefault("\n" + lit if screen.anchored else lit, []).append((number, k))
        self.owners = [tuple(owners) for owners in by_literal.values()]
        self.automaton = AhoCorasick(list(by_literal)) if by_literal else None

    def hits(self, folded: str, starts: Sequence[int]) -> dict[int, dict[int, set[int]]]:
        """Step number -> line -> the step's rules (for a template: its probe, 0) whose literals
        the line holds."""
        found: dict[int, dict[int, set[int]]] = {}
        if self.automaton is None:
            return found
        # The page after a line break: a match at b in it belongs to the line that b falls in on the
        # page. A literal inside a line began at b - 1 of the page, in that same line; one after a
        # break has the break at b, where its line begins on the page.
        # A literal found many times in a line counts once (the short ones are found many times).
        held = {(n, bisect_right(starts, begin) - 1)
                for n, begin, _end in self.automaton.find_matches_as_indexes("\n" + folded, overlapping=True)}
        owners = self.owners
        for n, i in held:
            for number, k in owners[n]:
                by_line = found.get(number)
                if by_line is None:
                    by_line = found[number] = {}
                rules = by_line.get(i)
                if rules is None:
                    by_line[i] = {k}
                else:
                    rules.add(k)
        return found


@dataclass
class Template:
    rule: Rule
    probe: tuple[int, Element] | None  # (offset from the match's start, element) that must accept
    scan: "Scan | None" = None  # set by plan(): the scan that finds the lines the probe may accept
    number: int = 0

    @property
    def screens(self) -> list:
        """What the scan looks for: the probe's screen, as rule 0 of this step."""
        return [self.probe[1].screen] if self.probe is not None else []


def single_line(rule: Rule) -> bool:
    return len(rule.elements) == 1 and rule.elements[0].max == 1 and rule.elements[0].kind != "same"


def probe_for(rule: Rule) -> tuple[int, Element] | None:
    """The first concrete element at a fixed offset (every element before it takes exactly one
    line, and no blank line may stand between them) that has literals to scan for, else the first
    such element: a forum poster's card is found by its 'Posts:' line, not by the name over it,
    which any one-word line would do for."""
    offset, first = 0, None
    for k, el in enumerate(rule.elements):
        if k > 0 and el.gap:
            break
        if el.kind in ("line", "re") and el.min >= 1:
            if el.screen.literals is not None:
                return offset, el
            first = first or (offset, el)
        if el.min != 1 or el.max != 1:
            break
        offset += 1
    return first


class Needs:
    """What the plan's scan tells of an anchored rule on a page. Its line patterns that have
    literals are screens of the scan: a line holding none of an element's literals is one the
    element cannot accept, and a rule one of whose required elements (those that must take a line)
    has no such line on the page cannot match there (a comment block's heading, a related block's
    heading: most pages have none)."""

    def __init__(self, rule: Rule):
        self.rule = rule
        self.elements = [k for k, el in enumerate(rule.elements)
                         if el.kind in ("line", "re") and el.screen.literals is not None]
        self.screens = [rule.elements[k].screen for k in self.elements]
        self.required = {n for n, k in enumerate(self.elements) if rule.elements[k].min >= 1}
        # The elements that the page's ``accept`` takes any line with text for: any line, not
        # guarded against prose, holding no value to convert (an echo's words match.py checks itself).
        self.free = frozenset(k for k, el in enumerate(rule.elements) if el.kind == "any" and not el.guard
                              and (el.spec is None or el.spec.type == "str"))
        self.scan: Scan | None = None
        self.number = 0

    def lines(self, page) -> dict[int, set[int]] | None:
        """Element index -> the lines of the page holding one of its literals; None when the rule
        cannot match on the page."""
        if not self.screens:
            return {}
        hits = page.scanned(self.scan).get(self.number, {})
        held: dict[int, set[int]] = {k: set() for k in self.elements}
        for i, ns in hits.items():
            for n in ns:
                held[self.elements[n]].add(i)
        if any(not held[self.elements[n]] for n in self.required):
            return None
        return held


@dataclass
class Plan:
    steps: list  # the floating rules: batches and templates, in order
    scan: Scan
    needs: dict[int, Needs]  # id(rule) -> what the scan tells of each anchored rule
    edges: dict[tuple[bool, str], list[Rule]]  # (late, anchor) -> the anchored rules, in order


def plan(rules: Sequence[Rule], anchored: Sequence[Rule] = ()) -> Plan:
    """The floating rules' steps in order (batches of consecutive one-line rules, and templates)
    and the anchored rules' needs, all sharing one scan."""
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
    needs = [Needs(rule) for rule in anchored]
    scan = Scan(steps + needs)
    edges: dict[tuple[bool, str], list[Rule]] = {}
    for rule in anchored:
        edges.setdefault((rule.late, rule.anchor), []).append(rule)
    return Plan(steps, scan, {id(n.rule): n for n in needs}, edges)
