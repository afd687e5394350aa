"""How the floating rules of a set of files run fast, without changing what they do.

Most floating rules take one line. Consecutive one-line rules run as a batch: a single combined
regular expression (the screen) passes over the lines none of them could take, and each remaining
line goes to the first rule of the batch, in file order, that accepts it. Since such rules take
lines independently of each other, this gives each line the same fate as running them one after
another. A template of several lines is tried only where its first line pattern with a fixed
position in it (a literal or a regular expression) accepts the line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import regex

from cleaner.rules import Element, Rule

_GLOBAL_FLAGS = regex.compile(r"^\(\?([aiLmsux]+)\)")


@dataclass(frozen=True)
class Batch:
    rules: tuple[Rule, ...]
    screen: regex.Pattern | frozenset | None  # the lines' pattern, or their set when all are literal;
    # None: every line must be looked at

    def passes(self, text: str, timeout: float) -> bool:
        """Might one of the batch's rules take this line?"""
        if self.screen is None:
            return True
        if isinstance(self.screen, frozenset):
            return text in self.screen
        return self.screen.fullmatch(text, timeout=timeout) is not None


@dataclass(frozen=True)
class Template:
    rule: Rule
    probe: tuple[int, Element] | None  # (offset from the match's start, element) that must accept


def single_line(rule: Rule) -> bool:
    return len(rule.elements) == 1 and rule.elements[0].max == 1 and rule.elements[0].kind != "same"


def screen_for(elements: Sequence[Element]) -> regex.Pattern | frozenset | None:
    """A pattern that fully matches every line one of the elements could accept (and maybe more);
    for literal lines only (as the rules generated for a page's figures), the set of them."""
    if all(el.kind == "line" for el in elements):
        return frozenset().union(*(el.literals for el in elements))
    branches = []
    for el in elements:
        if el.kind == "line":
            branches += [regex.escape(lit) for lit in sorted(el.literals)]
        elif el.kind == "re":
            src = el.pattern.pattern
            flags = _GLOBAL_FLAGS.match(src)  # a leading (?i) would spread to every branch
            branches.append(f"(?{flags.group(1)}:{src[flags.end():]})" if flags else f"(?:{src})")
        else:
            return None
    return regex.compile("|".join(branches), regex.V0) if branches else None


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
            steps.append(Batch(tuple(run), screen_for([r.elements[0] for r in run])))
            run = []
        if rule is not None:
            steps.append(Template(rule, probe_for(rule)))
    return steps
