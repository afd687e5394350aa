"""``cleaner lint``: what loading checks (schema, regexes, duplicate ids, named groups), and what it
cannot: rules that never match because an earlier rule always takes their lines, and regular
expressions whose shape invites catastrophic backtracking.

Findings print as ``file:line: rule-id: message``; warnings say ``warning:`` after the rule id.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import regex

from cleaner.rules import Element, Rule, RuleError, SiteRules, load_file

__all__ = ["Finding", "lint_paths", "regex_hazard"]


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    rule: str
    message: str
    error: bool = True

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:" if self.line else f"{self.path}:"
        kind = "" if self.error else "warning: "
        return f"{where} {self.rule}: {kind}{self.message}" if self.rule else f"{where} {kind}{self.message}"


def lint_paths(paths: list[Path]) -> list[Finding]:
    """Lint every rule file in the folders (or the files) given."""
    findings: list[Finding] = []
    for path in paths:
        files = sorted(path.glob("*.toml")) if path.is_dir() else [path]
        for file in files:
            try:
                site = load_file(file)
            except RuleError as exc:
                findings.append(Finding(exc.path or str(file), exc.line, exc.rule, exc.reason))
                continue
            findings += lint_site(site)
    return sorted(findings)


def lint_site(site: SiteRules) -> list[Finding]:
    findings = []
    for rule in site.rules:
        for n, el in enumerate(rule.elements, 1):
            if el.pattern is None:
                continue
            hazard = regex_hazard(el.pattern.pattern)
            where = rule.id if len(rule.elements) == 1 else f"{rule.id}: line pattern {n}"
            if hazard:
                findings.append(Finding(site.path, rule.line, where, hazard))
            if regex.match(r"\(\?:\.\*|\.\*|\(\?:\.\+|\.\+", el.pattern.pattern) and not el.pattern.pattern.startswith(("(?:.*)", ".*$")):
                findings.append(Finding(site.path, rule.line, where,
                                        "leading .* or .+: patterns already match whole lines, and a leading "
                                        "greedy wildcard only makes the match backtrack", error=False))
    findings += _shadowed(site)
    # A page's title may come from its HTML as well as from a rule.
    filled = {el.field for r in site.rules for el in r.elements if el.field} | {"title"}
    for rule in site.rules:
        for el in rule.elements:
            if el.kind == "same" and el.same not in filled:
                findings.append(Finding(site.path, rule.line, rule.id, f"same = {el.same!r}: no rule fills that field"))
    for name in site.fields:
        if name not in filled:
            findings.append(Finding(site.path, 0, "", f"[fields] {name}: no rule fills this field", error=False))
    return findings


def _shadowed(site: SiteRules) -> list[Finding]:
    """Floating rules run in order; a one-line rule before takes every line it accepts."""
    findings = []
    floating = [r for r in site.rules if r.anchor == "any"]
    for i, later in enumerate(floating):
        head = later.elements[0]
        for earlier in floating[:i]:
            if _always_takes(earlier, head):
                findings.append(Finding(site.path, later.line, later.id,
                                        f"never matches: rule {earlier.id!r} (line {earlier.line}) takes every line "
                                        f"its first line pattern accepts"))
                break
    return findings


def _always_takes(earlier: Rule, head: Element) -> bool:
    if len(earlier.elements) != 1 or head.min == 0:
        return False
    el = earlier.elements[0]
    if el.kind not in ("line", "re", "any") or (el.spec is not None and el.spec.type != "str"):
        return False  # a typed field may refuse a line whose value does not convert
    if el.kind == "any":
        return True
    if head.kind == "line":
        return all(el.accepts(lit) for lit in head.literals)
    return head.kind == "re" and el.kind == "re" and el.pattern.pattern == head.pattern.pattern


# --- regular-expression shapes --------------------------------------------------------------

_QUANT = regex.compile(r"[*+?]|\{\d*(?:,\d*)?\}")


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


_GENERIC = {".": None, "\\w": "w", "\\S": "S", "\\W": "W", "\\s": "s", "\\d": "d", "\\D": "D"}


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
