"""What a rule file holds, as immutable objects: elements (line patterns), rules (templates of
elements), a site's file, and the set of files in force with the lookups that resolve a site.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import regex

from cleaner.limits import remaining
from cleaner.text.prose import is_prose, taken_part
from cleaner.rules.screen import NO_SCREEN, Screen
from cleaner.rules.values import FieldSpec


ROLES = ("caption", "credit", "alt")


class RuleError(Exception):
    """A rule file that cannot be used; the message is one line starting with its location."""

    def __init__(self, message: str, path: str = "", line: int = 0, rule: str = "", reason: str = ""):
        super().__init__(message)
        self.path, self.line, self.rule, self.reason = path, line, rule, reason or message


@dataclass(frozen=True)
class _NoValue:
    """A line that holds no value of its field, and why."""

    reason: str


# Each line's answer for each pattern, for the document at hand: (id(pattern), line) -> (pattern,
# match). The answer depends on nothing else; the pattern is kept with it so that its id cannot
# name another pattern while the entry lives. Emptied for each document (``forget_matches``), and
# when it grows past a bound outside the engine.
_MATCHES: dict[tuple[int, str], tuple[regex.Pattern, regex.Match | None]] = {}
_MAX_MATCHES = 50_000


def forget_matches() -> None:
    _MATCHES.clear()


@dataclass(frozen=True)
class Element:
    """One line pattern of a template and where the lines it matches go."""

    kind: str  # "line" | "re" | "any" | "same"
    literals: frozenset[str] = frozenset()
    pattern: regex.Pattern | None = None
    same: str | None = None  # a field whose source line this line repeats
    dest: str = "drop"  # "drop" | "caption" | "credit" | "alt" | "field"
    field: str | None = None
    min: int = 1
    max: int = 1
    gap: bool = True  # may blank lines stand between this element and the one before it?
    spaced: bool | str = False  # may blank lines stand between its repetitions? ("even": as between its first two)
    guard: bool = False  # never take prose (the default for shared rules)
    screen: Screen = NO_SCREEN  # what a line must be like for the pattern to match it (screen.py)
    spec: FieldSpec | None = None  # how a field element's line becomes a value
    others: tuple[FieldSpec, ...] = ()  # other declared fields that named groups of the line fill
    echo: str | None = None  # a role: the line repeats words of a line of that role before it in the match

    def match(self, text: str, screened: bool = False) -> regex.Match | None:
        """The pattern matched against the whole line, within the document's time budget. The
        answer is kept for the document (``_MATCHES``): a line that is accepted is matched again
        when it is taken, and rules that share a pattern ask of the same lines. ``screened``: the
        page's scan has found the screen's literal in the line and its length fits (a batch's
        candidate), so only the characters the screen forbids are left to check."""
        pattern = self.pattern
        if pattern is None:
            return None
        key = (id(pattern), text)
        known = _MATCHES.get(key)
        if known is not None and known[0] is pattern:
            return known[1]
        if not (self.screen.allows(text) if screened else self.screen.passes(text)):
            found = None  # the length or a literal the pattern requires is not there: no engine call
        else:
            timeout = remaining()  # None under the document's alarm: a timeout argument costs 2 µs a call
            found = pattern.fullmatch(text) if timeout is None else pattern.fullmatch(text, timeout=timeout)
        if len(_MATCHES) >= _MAX_MATCHES:
            _MATCHES.clear()
        _MATCHES[key] = (pattern, found)
        return found

    def value(self, text: str):
        """The field value a line holds; ValueError when it holds none (the last one is kept)."""
        last = self.__dict__.get("_last_value")
        if last is not None and last[0] is text:
            found = last[1]
        else:
            m = self.match(text)
            try:
                found = self.spec.convert(taken_part(text, m), m, {o.name for o in self.others})
            except ValueError as exc:
                found = _NoValue(str(exc))  # the reason, not the exception: its frames would hold the page
            object.__setattr__(self, "_last_value", (text, found))
        if isinstance(found, _NoValue):
            raise ValueError(found.reason)
        return found.copy() if isinstance(found, (list, dict)) else found  # each record its own

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_last_")}

    def accepts(self, text: str, screened: bool = False) -> bool:
        """Does the line's text fit this element's pattern (before any value conversion)?
        ``screened``: as for ``match``."""
        if self.kind == "line":
            ok, match = text in self.literals, None
        elif self.kind == "re":
            match = self.match(text, screened)
            ok = match is not None
        else:
            ok, match = self.kind == "any", None
        return ok and not (self.guard and is_prose(taken_part(text, match)))


@dataclass(frozen=True)
class Rule:
    id: str
    anchor: str
    elements: tuple[Element, ...]
    site: str
    path: str
    line: int
    status: str = "stable"
    shared: bool = False  # from a shared file: runs on every page
    late: bool = False  # an anchored rule that runs after the floating ones, on what they left
    closes: bool = False  # the article ends above a line it takes (the line model's main run stops there)

    @property
    def ref(self) -> str:
        """Where the rule is written, as people cite it: ``rules/x.toml:12 header``."""
        return f"{self.path}:{self.line} {self.id}"

    @cached_property  # asked of every shared line's rule on every page, by the share guard
    def opens_block(self) -> bool:
        """A run of lines of any kind, repeated (a comment section to the foot): one heading sets it
        off over the rest of the page, so the share guard weighs it apart."""
        return any(el.kind == "any" and el.max > 1 for el in self.elements)


@dataclass(frozen=True)
class CodeRule(Rule):
    """A mechanism of the cleaner's own (the line model, the HTML link edges), standing where a
    rule stands in a line's fate: it has a name and no elements."""

    @property
    def ref(self) -> str:
        return self.id


@dataclass(frozen=True)
class HtmlRules:
    """What a site file says of its HTML pages, as XPath compiled from CSS selectors."""

    strip: tuple[str, ...] = ()  # elements removed before anything is read or extracted
    title: str | None = None
    author: str | None = None
    date: str | None = None  # the publication time: its datetime/content attribute, or its text
    clock: str | None = None  # a page clock: its text goes to captured_at, the element goes
    caption: str | None = None  # every element found is a caption (a credit at its end split out)
    credit: str | None = None  # every element found is a photo credit


@dataclass(frozen=True)
class SiteRules:
    """The contents of one rule file."""

    name: str
    path: str
    domains: tuple[str, ...] = ()
    fingerprint: frozenset[str] = frozenset()
    fingerprint_min: int = 1
    shared: bool = False
    fallback: bool = False  # a shared file for text dumps whose site file (if any) is not complete
    complete: bool = False  # a site file that describes whole pages: the line model stays off
    fields: dict[str, FieldSpec] = field(default_factory=dict)
    rules: tuple[Rule, ...] = ()
    html: HtmlRules | None = None

    def schema(self) -> list[str]:
        """The metadata fields this file's rules can fill, in declaration order."""
        names = list(self.fields)
        for rule in self.rules:
            for el in rule.elements:
                if el.field and el.field not in names:
                    names.append(el.field)
        return names


@dataclass
class RuleSet:
    """Every site file and shared file in force, with the lookups used to resolve a site."""

    sites: dict[str, SiteRules] = field(default_factory=dict)
    shared: list[SiteRules] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.by_domain: dict[str, str] = {}
        self.by_fingerprint: dict[str, list[str]] = {}
        for name in sorted(self.sites):
            site = self.sites[name]
            for domain in site.domains:
                self.by_domain.setdefault(domain.lower(), name)
            for line in site.fingerprint:
                self.by_fingerprint.setdefault(line, []).append(name)

    def site_for_host(self, host: str) -> str | None:
        """Longest domain suffix of the host that a site file lists; constant in the number of sites."""
        parts = host.lower().rstrip(".").split(".")
        if parts and parts[0] == "www":
            parts = parts[1:]
        for i in range(len(parts) - 1):
            name = self.by_domain.get(".".join(parts[i:]))
            if name:
                return name
        return None

    def site_for_lines(self, lines: list[str]) -> str | None:
        """The site whose fingerprint lines occur most often among the page's lines."""
        hits: dict[str, int] = {}
        for line in self.by_fingerprint.keys() & set(lines):  # in C, not a loop over every line
            for name in self.by_fingerprint[line]:
                hits[name] = hits.get(name, 0) + 1
        best = [(-n, name) for name, n in hits.items() if n >= self.sites[name].fingerprint_min]
        return min(best)[1] if best else None
