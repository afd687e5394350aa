"""``cleaner lint``: what loading checks (schema, regexes and their shapes, duplicate ids, named
groups), and what it cannot: rules that never match because an earlier rule always takes their
lines, ``same`` references no rule fills, leading wildcards, fields no rule fills.

Findings print as ``file:line: rule-id: message``; warnings say ``warning:`` after the rule id.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import regex

from cleaner.rules import Element, Rule, RuleError, SiteRules, load_file

__all__ = ["Finding", "lint_paths"]


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
            where = rule.id if len(rule.elements) == 1 else f"{rule.id}: line pattern {n}"
            if regex.match(r"\(\?:\.\*|\.\*|\(\?:\.\+|\.\+", el.pattern.pattern):
                findings.append(Finding(site.path, rule.line, where,
                                        "leading .* or .+: patterns already match whole lines, and a leading "
                                        "greedy wildcard only makes the match backtrack", error=False))
    findings += _shadowed(site)
    # A page's title may come from its HTML as well as from a rule; a text dump's first line is
    # known without one (same = "first_line").
    filled = {el.field for r in site.rules for el in r.elements if el.field} | {"title", "first_line"}
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
