"""Regular-expression shapes that invite catastrophic backtracking, refused when a rule file loads.

A repeated group that holds an unbounded repeat, as in ``(a+)+``, or that offers alternatives able
to start alike, as in ``(a|ab)*``, can take exponential time on a line that almost matches. Atomic
groups ``(?>…)`` and possessive quantifiers ``a++`` are exempt: they do not backtrack. The check
reads the pattern's text; the time limit on every match (cleaner.limits) catches what it misses.
"""

from __future__ import annotations

from functools import cache

import regex

_QUANT = regex.compile(r"[*+?]|\{\d*(?:,\d*)?\}")


@cache  # a pattern that several rules share is read once
def regex_hazard(src: str) -> str | None:
    """Name the first catastrophic-backtracking shape in a pattern: a quantified group that holds
    an unbounded quantifier, as in ``(a+)+``, or that offers alternatives able to start alike, as in
    ``(a|ab)*``. Atomic groups and possessive quantifiers are exempt: they do not backtrack."""
    stack: list[dict] = [{"unbounded": False, "alts": [[]], "atomic": False}]
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if c == "\\":
            j = i + 2
            if i + 1 < n and src[i + 1] in "pPN" and j < n and src[j] == "{":
                j = src.find("}", j) + 1 or n
            atom, i = src[i:j], j
        elif c == "[":
            j = i + 1
            if j < n and src[j] == "^":
                j += 1
            if j < n and src[j] == "]":
                j += 1
            while j < n and src[j] != "]":
                j += 2 if src[j] == "\\" else 1
            atom, i = src[i : j + 1], j + 1
        elif c == "(":
            header = regex.match(r"\(\?(?:P?<[A-Za-z_]\w*>|[:>=!]|<[=!]|[a-zA-Z-]+[:)])?|\(", src[i:]).group(0)
            if header.endswith(")") and header != "(":  # an inline flag group such as (?i)
                i += len(header)
                continue
            stack.append({"unbounded": False, "alts": [[]], "atomic": header == "(?>"})
            i += len(header)
            continue
        elif c == ")" and len(stack) > 1:
            group = stack.pop()
            i += 1
            quant, possessive, i = _quantifier(src, i)
            unbounded = quant is not None and _is_unbounded(quant)
            if unbounded and not possessive and not group["atomic"]:
                if group["unbounded"]:
                    return "nested quantifier: a repeated group holds an unbounded repeat, as in (a+)+, which can backtrack catastrophically"
                if _alternatives_overlap(group["alts"]):
                    return "overlapping alternatives under a repeat, as in (a|ab)*, which can backtrack catastrophically"
            parent = stack[-1]
            parent["unbounded"] |= group["unbounded"] or unbounded
            parent["alts"][-1].append("(group)")
            continue
        elif c == "|":
            stack[-1]["alts"].append([])
            i += 1
            continue
        else:
            atom, i = c, i + 1
        quant, possessive, i = _quantifier(src, i)
        if quant is not None and _is_unbounded(quant) and not possessive:
            stack[-1]["unbounded"] = True
        stack[-1]["alts"][-1].append(atom)
    return None


def _quantifier(src: str, i: int) -> tuple[str | None, bool, int]:
    m = _QUANT.match(src, i)
    if not m:
        return None, False, i
    j = m.end()
    possessive = j < len(src) and src[j] == "+"
    if j < len(src) and src[j] in "?+":
        j += 1
    return m.group(0), possessive, j


def _is_unbounded(quant: str) -> bool:
    return quant in ("*", "+") or (quant.startswith("{") and quant.rstrip("}").endswith(","))


def _alternatives_overlap(alts: list[list[str]]) -> bool:
    firsts = [a[0] if a else "" for a in alts]
    if len(firsts) < 2:
        return False
    if "" in firsts:
        return True  # an empty alternative under a repeat
    for x in range(len(firsts)):
        for y in range(x + 1, len(firsts)):
            if _atoms_overlap(firsts[x], firsts[y]):
                return True
    return False


def _atoms_overlap(a: str, b: str) -> bool:
    if a == b or "." in (a, b) or "(group)" in (a, b):
        return True
    word = lambda s: len(s) == 1 and (s.isalnum() or s == "_") or s in ("\\w", "\\d")  # noqa: E731
    if "\\w" in (a, b):
        return word(a) and word(b)
    if "\\d" in (a, b):
        return all(s == "\\d" or (len(s) == 1 and s.isdigit()) for s in (a, b))
    if "\\S" in (a, b):
        return all(s == "\\S" or (len(s) == 1 and not s.isspace()) for s in (a, b))
    return False
