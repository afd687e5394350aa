"""Matching a template against lines: a small backtracking match, like a regular expression whose
symbols are whole lines.

The matcher sees a *view*: the positions of the lines still unclaimed by earlier rules, in page
order (or reversed, for a template anchored at the bottom). Blank lines stay in the view; an element
may be preceded by blank lines only when its ``gap`` allows, and the repetitions of one element
stand on consecutive lines unless it is ``spaced``. Elements are greedy: a repeated element takes as many lines as
it can, an optional one is tried present first, and the match backs off when what follows fails.
"""

from __future__ import annotations

from typing import Callable, Sequence

from cleaner.rules import Element
from cleaner.text.prose import loose

Accept = Callable[[Element, str], bool]


def match(
    elements: Sequence[Element],
    lines: Sequence[str],
    view: Sequence[int],
    start: int,
    accept: Accept,
    reverse: bool = False,
    only: dict[int, set[int]] | None = None,
    free: frozenset[int] = frozenset(),
) -> list[tuple[int, int]] | None:
    """Match the template with its first element exactly at ``view[start]``.

    Returns ``(view position, element index)`` for every non-blank line the match takes (element
    indices always count in the template's own order), or None. With ``reverse`` the view runs
    upwards and the template is matched from its last element to its first. ``only``: element
    index -> the only lines (page indices) it may accept, the others refused without calling
    ``accept``; ``free``: the elements that accept any line with text, without calling it.
    """
    only = only or {}
    n = len(elements)
    order = list(range(n - 1, -1, -1)) if reverse else list(range(n))
    # gaps[k]: may blanks stand before the k-th element in matching order? Going upwards, the gap
    # between two elements belongs to the lower one, which is the one matched just before.
    gaps = [elements[order[k - 1]].gap if reverse else elements[order[k]].gap for k in range(n)] if n else []
    size = len(view)
    # musts[k]: the only lines the k-th element in matching order can start on, when it must take
    # one (else None): backing off, the matcher skips the places where it cannot start unasked.
    musts = [only.get(ei) if elements[ei].min >= 1 else None for ei in order] + [None]

    def blank(p: int) -> bool:
        return not lines[view[p]]

    # The lines this branch of the match has chosen so far, for an element that echoes one of them
    # (kept only for a template that has one).
    path: list[tuple[int, int]] = []
    echoing = any(el.echo is not None for el in elements)

    def echoes(el: Element, text: str) -> bool:
        return any(elements[ei].dest == el.echo and _echo(text, lines[view[pos]]) for pos, ei in path)

    def solve(k: int, p: int, first: bool) -> list[tuple[int, int]] | None:
        if k == n:
            return []
        ei = order[k]
        el = elements[ei]
        q = p
        if not first and gaps[k]:
            while q < size and blank(q):
                q += 1
        taken: list[int] = []
        r = q
        accepts_any, allowed = ei in free, only.get(ei)
        # "even": a list printed line after line (its first two adjacent) ends at a blank line; the
        # article's sub-heading under a related list is no headline of it.
        even = el.spaced == "even"
        while len(taken) < el.max and r < size:
            i = view[r]
            if not lines[i]:
                # blank lines between repetitions, when the element allows
                if el.spaced and taken and not (even and len(taken) >= 2 and taken[1] == taken[0] + 1):
                    r += 1
                    continue
                break
            if not accepts_any and ((allowed is not None and i not in allowed) or not accept(el, lines[i])):
                break
            if el.echo is not None and not echoes(el, lines[i]):
                break
            taken.append(r)
            r += 1
        must = musts[k + 1]
        for count in range(len(taken), el.min - 1, -1):
            if count == 0:
                rest = solve(k + 1, p, first)
            else:
                q = taken[count - 1] + 1
                if must is not None:
                    if gaps[k + 1]:
                        while q < size and blank(q):
                            q += 1
                    if q == size or view[q] not in must:
                        continue
                if echoing:
                    path.extend((pos, ei) for pos in taken[:count])
                rest = solve(k + 1, taken[count - 1] + 1, False)
                if echoing:
                    del path[len(path) - count:]
            if rest is not None:
                return [(pos, ei) for pos in taken[:count]] + rest
        return None

    return solve(0, start, True)


def _echo(text: str, source: str) -> bool:
    """Does ``text`` repeat words of ``source``: some of its words, in their order, side by side
    (whatever the case, punctuation and spacing)? An image's alt text under its caption: 'Skiers
    holding flares' under 'Skiers holding flares make their way down a slope'."""
    said = loose(text)
    return bool(said) and f" {said} " in f" {loose(source)} "
