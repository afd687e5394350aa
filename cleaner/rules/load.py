"""Loading rule files: TOML data read and checked into the objects of ``model``.

A rule is a template of one or more line patterns (elements), anchored at the top of the page, at
the bottom, or floating. Loading only reads data (tomllib) and compiles regular expressions; it
never runs code. Every problem is a RuleError whose message starts with ``file:line`` or
``file:rule-id``, so that the CLI can print it as one line.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import regex

from cleaner.rules.hazard import regex_hazard
from cleaner.rules.screen import screen_for_lines, screen_for_pattern
from cleaner.rules.values import FIELD_TYPES, FieldSpec, UNIT_GROUPS
from cleaner.rules.model import Element, HtmlRules, ROLES, Rule, RuleError, RuleSet, SiteRules


ANCHORS = ("top", "bottom", "any")
SITE_KEYS = {"name", "domains", "fingerprint", "fingerprint_min", "shared", "fallback", "complete", "description"}
TOP_KEYS = {"site", "patterns", "fields", "rule", "html"}
HTML_KEYS = {"strip", "strip_id_or_class", "title", "author", "date", "clock", "caption", "credit"}
RULE_KEYS = {"id", "anchor", "lines", "comment", "status", "late", "closes"}
MATCH_KEYS = ("line", "re", "any", "same")
ELEMENT_KEYS = set(MATCH_KEYS) | {"drop", "role", "field", "optional", "repeat", "gap", "spaced", "prose", "comment", "echo"}
STATUSES = ("stable", "experimental")
# {name} in a regex refers to [patterns]; \p{L}, \N{...} and x{2,3} are left alone.
_ID_LINE = regex.compile(r"\s*id\s*=\s*([\"'])(.*?)\1")  # a rule's id line, for file:line messages
_PATTERN_REF = regex.compile(r"(?<!\\[pPNX])\{([A-Za-z_][A-Za-z0-9_]*)\}")


def bundled_rules_dir() -> Path:
    """The rules shipped with the package (inside the wheel), or rules/ of a source checkout."""
    here = Path(__file__).resolve().parent  # cleaner/rules/
    inside = here / "bundled"
    return inside if inside.is_dir() else here.parents[1] / "rules"


def load_rules(dirs: list[Path] | None = None, bundled: bool = True) -> RuleSet:
    """Load the bundled rules, then each folder in turn; a later file of the same site wins."""
    folders = ([bundled_rules_dir()] if bundled else []) + [Path(d) for d in dirs or []]
    files: dict[str, SiteRules] = {}
    seen: set[Path] = set()
    for folder in folders:
        if not folder.is_dir():
            raise RuleError(f"{folder}: not a rules folder")
        if folder.resolve() in seen:  # `--rules rules/` in a source checkout: the bundled folder again
            continue
        seen.add(folder.resolve())
        for path in sorted(folder.glob("*.toml")):
            # Bundled files are cited as rules/<file>, wherever the package is installed.
            site = load_file(path, shown=f"rules/{path.name}" if folder == folders[0] and bundled else None)
            files[site.name] = site
    sites = {n: s for n, s in files.items() if not s.shared}
    shared = [files[n] for n in sorted(files) if files[n].shared]
    return RuleSet(sites=sites, shared=shared)


def load_file(path: Path | str, shown: str | None = None) -> SiteRules:
    """Load one rule file; ``shown`` is how messages and rule references name it."""
    path = Path(path)
    try:
        if path.exists() and not path.is_file():  # a link to /dev/zero, a FIFO: never read to the end
            raise OSError(0, "not a regular file")
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = f"cannot read: {exc.strerror if isinstance(exc, OSError) else exc}"
        raise RuleError(f"{path}: {reason}", str(path), reason=reason) from None
    return load_text(source, shown or path)


def load_text(source: str, path: Path | str) -> SiteRules:
    """Load a rule file's text; ``path`` is how messages and rule references name it."""
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(Path(path), str(exc)) from None
    return _Loader(Path(path), source).site(data)


def _toml_error(path: Path, message: str) -> RuleError:
    found = regex.search(r"\s*\(at line (\d+), column \d+\)$", message)
    line = int(found.group(1)) if found else 0
    reason = f"invalid TOML: {message[: found.start()] if found else message}"
    return RuleError(f"{path}:{line}: {reason}" if line else f"{path}: {reason}", str(path), line, "", reason)


class _Loader:
    """Turns one parsed TOML document into a SiteRules, with file:line / file:rule-id errors."""

    def __init__(self, path: Path, source: str):
        self.path = path
        self.ids: dict[str, int] = {}  # rule id -> the line it is given on (the first, if given twice)
        for n, line in enumerate(source.splitlines(), 1):
            if found := _ID_LINE.match(line):
                self.ids.setdefault(found.group(2), n)
        self.patterns: dict[str, str] = {}

    def error(self, where: str | int, message: str) -> RuleError:
        """``file:line: message``, or ``file:line: rule-id: message`` for a rule (its id's line)."""
        path = str(self.path)
        if isinstance(where, int):
            return RuleError(f"{path}:{where}: {message}", path, where, "", message)
        line = self.line_of(where.split(": ")[0])
        text = f"{path}:{line}: {where}: {message}" if line else f"{path}:{where}: {message}"
        return RuleError(text, path, line, where, message)

    def line_of(self, rule_id: str) -> int:
        return self.ids.get(rule_id, 0)

    def site(self, data: dict) -> SiteRules:
        self.unknown(1, data, TOP_KEYS, "top-level table")
        meta = data.get("site")
        if not isinstance(meta, dict):
            raise self.error(1, "a rule file needs a [site] table with a name")
        self.unknown(1, meta, SITE_KEYS, "[site]")
        name = meta.get("name")
        if not isinstance(name, str) or not name:
            raise self.error(1, "[site] name must be a non-empty string")
        shared = meta.get("shared", False)
        domains = self.strings(meta.get("domains", []), "[site] domains")
        fingerprint = self.strings(meta.get("fingerprint", []), "[site] fingerprint")
        fp_min = meta.get("fingerprint_min", 1)
        if not isinstance(fp_min, int) or fp_min < 1:
            raise self.error(1, "[site] fingerprint_min must be a whole number >= 1")
        if not isinstance(shared, bool):
            raise self.error(1, "[site] shared must be true or false")
        complete = meta.get("complete", False)
        if not isinstance(complete, bool) or (complete and shared):
            raise self.error(1, "[site] complete = true or false, in a site's own file (not a shared one)")
        fallback = meta.get("fallback", False)
        if not isinstance(fallback, bool) or (fallback and not shared):
            raise self.error(1, "[site] fallback = true goes with shared = true")
        if shared and (domains or fingerprint):
            raise self.error(1, "a shared file applies to every page: it takes no domains or fingerprint")

        patterns = data.get("patterns", {})
        if not isinstance(patterns, dict) or not all(isinstance(v, str) for v in patterns.values()):
            raise self.error(1, "[patterns] maps names to regular-expression strings")
        self.patterns = patterns

        fields = {}
        for fname, spec in data.get("fields", {}).items():
            fields[fname] = self.field_spec(fname, spec)

        html = self.html_rules(data["html"]) if "html" in data else None
        rules: list[Rule] = []
        seen: set[str] = set()
        raw_rules = data.get("rule", [])
        if not isinstance(raw_rules, list):
            raise self.error(1, "rules are written as [[rule]] tables")
        for n, raw in enumerate(raw_rules, 1):
            rule = self.rule(name, raw, n, fields, shared)
            if rule.id in seen:
                raise self.error(rule.id, "duplicate rule id")
            seen.add(rule.id)
            rules.append(rule)
        return SiteRules(
            name=name,
            path=str(self.path),
            domains=tuple(d.lower() for d in domains),
            fingerprint=frozenset(fingerprint),
            fingerprint_min=fp_min,
            shared=shared,
            fallback=fallback,
            complete=complete,
            fields=fields,
            rules=tuple(rules),
            html=html,
        )

    def html_rules(self, table) -> HtmlRules:
        if not isinstance(table, dict):
            raise self.error(1, "[html] is a table of CSS selectors")
        self.unknown("html", table, HTML_KEYS, "[html]")

        def xpath(key: str, selector) -> str:
            from cssselect import GenericTranslator, SelectorError

            if not isinstance(selector, str) or not selector.strip():
                raise self.error(f"html.{key}", "a CSS selector is a non-empty string")
            try:
                return GenericTranslator().css_to_xpath(selector)
            except SelectorError as exc:
                raise self.error(f"html.{key}", f"invalid CSS selector {selector!r}: {exc}") from None

        strip = [xpath("strip", sel) for sel in self.strings(table.get("strip", []), "[html] strip")]
        for part in self.strings(table.get("strip_id_or_class", []), "[html] strip_id_or_class"):
            if not regex.fullmatch(r"[\w-]+", part):
                raise self.error("html.strip_id_or_class", f"{part!r}: letters, digits, - and _ only")
            strip.append(f"descendant-or-self::*[contains(@id, '{part}') or contains(@class, '{part}')]")
        one = {key: xpath(key, table[key]) for key in ("title", "author", "date", "clock", "caption", "credit") if key in table}
        return HtmlRules(strip=tuple(strip), **one)

    def unknown(self, where, table: dict, allowed: set[str], what: str) -> None:
        extra = sorted(set(table) - allowed)
        if extra:
            raise self.error(where, f"unknown key {extra[0]!r} in {what} (allowed: {', '.join(sorted(allowed))})")

    def strings(self, value, what: str) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(1, f"{what} must be a list of strings")
        return value

    def field_spec(self, name: str, spec) -> FieldSpec:
        if isinstance(spec, str):
            spec = {"type": spec}
        if not isinstance(spec, dict):
            raise self.error(f"fields.{name}", "a field is a type name or a table with a type")
        self.unknown(f"fields.{name}", spec, {"type", "sep", "format", "parts"}, f"[fields] {name}")
        ftype = spec.get("type", "str")
        if ftype not in FIELD_TYPES:
            raise self.error(f"fields.{name}", f"unknown field type {ftype!r} (one of {', '.join(FIELD_TYPES)})")
        parts = spec.get("parts", {})
        if not isinstance(parts, dict) or any(t not in ("str", "int") for t in parts.values()):
            raise self.error(f"fields.{name}", "parts maps group names to 'str' or 'int'")
        if ftype == "timestamp" and not isinstance(spec.get("format"), str):
            raise self.error(f"fields.{name}", "a timestamp field needs a format (strptime codes)")
        sep = spec.get("sep")
        if sep is not None:
            try:
                regex.compile(sep)
            except regex.error as exc:
                raise self.error(f"fields.{name}", f"invalid sep {sep!r}: {exc}") from None
            hazard = regex_hazard(sep)  # a sep runs on matched text as a rule's re does
            if hazard:
                raise self.error(f"fields.{name}", f"{hazard}: sep {sep!r}")
        return FieldSpec(name, ftype, sep=sep, format=spec.get("format"), parts=parts)

    def rule(self, site: str, raw, n: int, fields: dict[str, FieldSpec], shared: bool = False) -> Rule:
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not raw["id"]:
            raise self.error(f"rule #{n}", "every [[rule]] needs an id")
        rid = raw["id"]
        where = rid
        anchor = raw.get("anchor", "any")
        if anchor not in ANCHORS:
            raise self.error(where, f"anchor must be one of {', '.join(ANCHORS)}")
        status = raw.get("status", "stable")
        if status not in STATUSES:
            raise self.error(where, f"status must be one of {', '.join(STATUSES)}")
        if "lines" in raw:
            self.unknown(where, raw, RULE_KEYS, "a template rule")
            raw_elements = raw["lines"]
            if not isinstance(raw_elements, list) or not raw_elements:
                raise self.error(where, "lines must be a non-empty list of line patterns")
        else:  # a one-line rule: the rule table is its own single element
            self.unknown(where, raw, (RULE_KEYS - {"lines"}) | ELEMENT_KEYS, "a rule")
            raw_elements = [{k: v for k, v in raw.items() if k in ELEMENT_KEYS}]
        elements = tuple(
            self.element(f"{where}: line pattern {i}" if "lines" in raw else where, e, fields, shared)
            for i, e in enumerate(raw_elements, 1)
        )
        for i, el in enumerate(elements):
            if el.echo is not None and not any(e.dest == el.echo for e in elements[:i]):
                raise self.error(where, f"line pattern {i + 1} echoes a {el.echo} line, but no line pattern before it has that role")
            if el.echo is not None and anchor == "bottom":
                raise self.error(where, "echo goes with anchor = \"top\" or \"any\" (a bottom rule matches upwards)")
        if all(el.min == 0 for el in elements):
            raise self.error(where, "every line of the rule is optional: it would match nothing")
        late = raw.get("late", False)
        if not isinstance(late, bool) or (late and anchor == "any"):
            raise self.error(where, "late = true goes with anchor = \"top\" or \"bottom\"")
        closes = raw.get("closes", False)
        if not isinstance(closes, bool):
            raise self.error(where, "closes must be true or false")
        return Rule(rid, anchor, elements, site, str(self.path), self.line_of(rid), status, shared, late, closes)

    def element(self, where: str, raw, fields: dict[str, FieldSpec], shared: bool = False) -> Element:
        fail = lambda msg: self.error(where, msg)  # noqa: E731
        if not isinstance(raw, dict):
            raise fail("a line pattern is an inline table such as { line = \"...\" }")
        extra = sorted(set(raw) - ELEMENT_KEYS)
        if extra:
            raise fail(f"unknown key {extra[0]!r}")
        # `same` may go with `re`: the line repeats the field and fits the pattern too.
        matchers = [k for k in MATCH_KEYS if k in raw and not (k == "re" and "same" in raw)]
        if len(matchers) != 1:
            raise fail("give exactly one of line, re, any, same (same may have an re as well)")
        kind = matchers[0]
        dests = [k for k in ("drop", "role", "field") if k in raw]
        if len(dests) != 1:
            raise fail("give exactly one of drop, role, field")

        kw: dict = {"kind": kind}
        if kind == "line":
            lit = raw["line"]
            lits = [lit] if isinstance(lit, str) else lit
            if not isinstance(lits, list) or not lits or not all(isinstance(s, str) and s for s in lits):
                raise fail("line is a non-empty string or a list of them")
            kw["literals"] = frozenset(lits)
            kw["screen"] = screen_for_lines(kw["literals"])
        elif kind == "any":
            if raw["any"] is not True:
                raise fail("any must be true")
        elif kind == "same":
            if not isinstance(raw["same"], str):
                raise fail("same names a field")
            kw["same"] = raw["same"]
        if "re" in raw:  # the re matcher's pattern, or the one a `same` has as well
            if not isinstance(raw["re"], str):
                raise fail("re must be a string")
            kw["pattern"] = self.compile(raw["re"], fail)
            if kind == "re":
                kw["screen"] = screen_for_pattern(kw["pattern"])

        if "drop" in raw:
            if raw["drop"] is not True:
                raise fail("drop must be true")
            dest = "drop"
        elif "role" in raw:
            if raw["role"] not in ROLES:
                raise fail(f"role must be one of {', '.join(ROLES)}")
            dest = raw["role"]
        else:
            if not isinstance(raw["field"], str) or not raw["field"]:
                raise fail("field must be a field name")
            dest = "field"
            kw["field"] = raw["field"]
        kw["dest"] = dest

        lo, hi = 1, 1
        if "repeat" in raw:
            rep = raw["repeat"]
            if isinstance(rep, int) and not isinstance(rep, bool) and rep >= 1:
                lo, hi = 1, rep
            elif (isinstance(rep, list) and len(rep) == 2 and all(isinstance(x, int) for x in rep)
                  and 0 <= rep[0] <= rep[1] and rep[1] >= 1):
                lo, hi = rep
            else:
                raise fail("repeat is a maximum count, or [min, max] with 0 <= min <= max")
        optional = raw.get("optional", False)
        if not isinstance(optional, bool):
            raise fail("optional must be true or false")
        if optional:
            lo = 0
        flags = {}
        # Each flag is true or false; spaced may also be "even" (blank lines between the repetitions
        # as between its first two, or none).
        for key, default, other in (("gap", True, ()), ("spaced", False, ("even",)), ("prose", False, ())):
            flags[key] = value = raw.get(key, default)
            if not isinstance(value, bool) and value not in other:
                raise fail(f"{key} must be true or false" + "".join(f' (or "{o}")' for o in other))
        if flags["prose"] and not shared:
            raise fail("prose = true is for shared rules: a site's own rules may always take prose")
        # Shared rules run on every page of every site: they never take a line that reads as
        # prose, unless the line pattern is so specific that it says prose = true.
        kw.update(min=lo, max=hi, gap=flags["gap"], spaced=flags["spaced"], guard=shared and not flags["prose"])
        if "echo" in raw:
            if raw["echo"] not in ROLES:
                raise fail(f"echo names the role of a line before it in the rule: one of {', '.join(ROLES)}")
            kw["echo"] = raw["echo"]

        pattern = kw.get("pattern")
        if dest == "field":
            kw["spec"] = fields.get(kw["field"]) or FieldSpec(kw["field"])
            # A named group that names another declared field fills that field too: one line,
            # 'Posted in Baking | Tagged rye, bread', can give categories and tags.
            groups = pattern.groupindex if pattern is not None else {}
            kw["others"] = tuple(fields[g] for g in groups if g in fields and g != kw["field"])
        self.check_groups(pattern, dest, kw.get("spec"), fail, {o.name for o in kw.get("others", ())})
        return Element(**kw)

    def compile(self, source: str, fail) -> regex.Pattern:
        def expand(m):
            name = m.group(1)
            if name not in self.patterns:
                raise fail(f"unknown pattern {{{name}}} (define it under [patterns])")
            return "(?:" + self.patterns[name] + ")"

        expanded = source
        for _ in range(8):  # patterns may refer to patterns, a few levels deep
            nxt = _PATTERN_REF.sub(expand, expanded)
            if nxt == expanded:
                break
            expanded = nxt
        try:
            compiled = regex.compile(expanded, regex.V0)
        except (regex.error, ValueError) as exc:
            raise fail(f"invalid regular expression {source!r}: {exc}") from None
        hazard = regex_hazard(expanded)
        if hazard:
            raise fail(f"{hazard}: {source!r}")
        return compiled

    def check_groups(self, pattern, dest: str, spec: FieldSpec | None, fail, others=frozenset()) -> None:
        """Every named group must become part of a value: ``keep`` stays in the body, a group named
        after a caption role is that part's text, a group named after another declared field fills
        it, the others make the field's value."""
        groups = [g for g in (pattern.groupindex if pattern is not None else ()) if g != "keep" and g not in others]
        if dest in ROLES:
            groups = [g for g in groups if g not in ROLES]
        if not groups:
            return
        if spec is None:
            raise fail(f"named group {groups[0]!r} is not taken by any field (the line goes to {dest})")
        allowed = UNIT_GROUPS.get(spec.type)
        if spec.type == "object":
            return
        if spec.type == "timestamp":
            extra = [g for g in groups if g not in allowed]
        else:
            extra = groups[1:]
        if extra:
            raise fail(f"named group {extra[0]!r} is not taken by field {spec.name!r} of type {spec.type}")
