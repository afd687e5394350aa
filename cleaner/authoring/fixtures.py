"""Fixtures: ``fixtures/<site>/<id>.input.txt`` (or ``.input.html``) with ``<id>.expected.json`` beside it, and
optionally ``<id>.checks.toml`` (strings the text must and must not contain).

One loader and one runner serve ``cleaner test`` and pytest, so that both run the same fixtures
the same way. A fixture passes when the record equals the expected one, the checks hold, and the
result is stable (cleaning the expected text again changes nothing).
"""

from __future__ import annotations

import difflib
import json
import shlex
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from cleaner.engine import Cleaner, Result
from cleaner.record import dumps
from cleaner.corpus.sinks import atomic_writer

INPUT_SUFFIXES = (".input.txt", ".input.html")


@dataclass(frozen=True)
class Fixture:
    site: str
    id: str
    input: Path

    @property
    def name(self) -> str:
        return f"{self.site}/{self.id}"

    @property
    def expected_path(self) -> Path:
        return self.input.with_name(f"{self.id}.expected.json")

    @property
    def checks_path(self) -> Path:
        return self.input.with_name(f"{self.id}.checks.toml")


@dataclass
class Outcome:
    fixture: Fixture
    result: Result | None  # None: the input could not be cleaned (problems say why)
    expected: dict | None
    text_diff: list[str] = field(default_factory=list)  # unified diff lines of the text
    field_diffs: list[tuple[str, object, object]] = field(default_factory=list)  # (path, expected, actual)
    problems: list[str] = field(default_factory=list)  # everything else, one line each

    @property
    def passed(self) -> bool:
        return not (self.text_diff or self.field_diffs or self.problems)

    @property
    def record(self) -> dict:
        return self.result.record.to_dict()


def discover_fixtures(paths: list[Path]) -> list[Fixture]:
    """Fixtures under the given folders or files, sorted by site and id."""
    found: dict[Path, Fixture] = {}
    for root in paths:
        candidates = [root] if root.is_file() else sorted(root.rglob("*"))
        for path in candidates:
            for suffix in INPUT_SUFFIXES:
                if path.name.endswith(suffix) and path.is_file():
                    found[path.resolve()] = Fixture(path.parent.name, path.name[: -len(suffix)], path)
    return sorted(found.values(), key=lambda f: (f.site, f.id))


def run_fixture(cleaner: Cleaner, fx: Fixture, bless: str = "cleaner test --update") -> Outcome:
    """``bless`` is the command that writes an expected record, with the options in force (rule
    folders, profile): the hint for a fixture that has none."""
    kind = "html" if fx.input.name.endswith(".html") else "text"
    try:
        result = cleaner.process(fx.input.read_bytes(), id=fx.id, kind=kind)
    except (OSError, ValueError) as exc:  # undecodable, unreadable, a rule out of time: this fixture fails
        return Outcome(fx, None, None, problems=[f"{fx.input}: cannot clean the input: {exc}"])
    actual = result.record.to_dict()
    expected, broken = read_expected(fx.expected_path) if fx.expected_path.exists() else (None, None)
    outcome = Outcome(fx, result, expected)
    has_checks = fx.checks_path.exists()
    if broken:
        outcome.problems.append(broken)
    elif expected is not None:
        outcome.text_diff = text_diff(expected.get("text") or "", actual["text"])
        for key in list(expected) + [k for k in actual if k not in expected]:
            if key != "text":
                outcome.field_diffs += field_diff(key, expected.get(key, MISSING), actual.get(key, MISSING))
    elif not has_checks:
        outcome.problems.append(f"no expected record: create it with  {bless} {shlex.quote(str(fx.input))}")
    if has_checks:
        outcome.problems += check_strings(fx.checks_path, actual["text"])
    # Stable: cleaning the clean text again (as the same site) changes nothing that the rules do.
    # The line model is left out of this pass: it reads a line among its neighbours, and a cleaned
    # page is another neighbourhood (a heading that opens a cleaned text reads as its title). An
    # HTML page's text is cleaned again by the rules that cleaned it: not those for whole-page dumps.
    clean_text = expected["text"] if expected is not None and isinstance(expected.get("text"), str) else actual["text"]
    again = cleaner.rules_only(dumps=kind == "text").process(clean_text, id=fx.id, site=result.record.site,
                                                             kind="text").record.text
    if again != clean_text:
        outcome.problems.append("not stable: cleaning the expected text again changes it:")
        outcome.problems += ["  " + line for line in text_diff(clean_text, again)]
    return outcome


def read_expected(path: Path) -> tuple[dict | None, str | None]:
    """The expected record, or why there is none: a broken file fails its fixture (and --update
    writes it anew), as a broken checks file does."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        return None, f"{path}: invalid JSON: {exc}"
    if not isinstance(record, dict) or not isinstance(record.get("text") or "", str):
        return None, f"{path}: not a record (a JSON object whose text is a string)"
    return record, None


def text_diff(expected: str, actual: str) -> list[str]:
    if expected == actual:
        return []
    return list(difflib.unified_diff(expected.split("\n"), actual.split("\n"),
                                     "expected text", "actual text", n=2, lineterm=""))


def check_strings(path: Path, text: str) -> list[str]:
    try:
        checks = tomllib.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:  # TOMLDecodeError, or UnicodeDecodeError: TOML is UTF-8
        return [f"{path}: invalid TOML: {exc}"]
    # A misspelt key or a string for a list would check nothing, and the fixture would pass.
    problems = [f"{path}: unknown key {key!r} (allowed: must_contain, must_not_contain)"
                for key in checks if key not in ("must_contain", "must_not_contain")]
    problems += [f"{path}: {key} must be a list of strings" for key, value in checks.items()
                 if key in ("must_contain", "must_not_contain")
                 and not (isinstance(value, list) and all(isinstance(s, str) for s in value))]
    if problems:
        return problems
    problems = [f"text lacks {s!r} ({path.name}: must_contain)" for s in checks.get("must_contain", []) if s not in text]
    problems += [f"text holds {s!r} ({path.name}: must_not_contain)" for s in checks.get("must_not_contain", []) if s in text]
    return problems


class _Missing:
    def __repr__(self) -> str:
        return "(missing)"


MISSING = _Missing()


def field_diff(path: str, exp, act) -> list[tuple[str, object, object]]:
    """Differences down to the leaves: ``captions[1].credit``, ``metadata.series.count``."""
    if isinstance(exp, dict) and isinstance(act, dict):
        out = []
        for key in list(exp) + [k for k in act if k not in exp]:
            out += field_diff(f"{path}.{key}", exp.get(key, MISSING), act.get(key, MISSING))
        return out
    if isinstance(exp, list) and isinstance(act, list) and any(isinstance(x, dict) for x in exp + act):
        out = []
        for i in range(max(len(exp), len(act))):
            out += field_diff(f"{path}[{i}]", exp[i] if i < len(exp) else MISSING, act[i] if i < len(act) else MISSING)
        return out
    return [] if exp == act else [(path, exp, act)]


def show(value) -> str:
    return repr(value) if value is MISSING else dumps(value)


def report(outcome: Outcome) -> list[str]:
    """The failure report: text diff, field diffs, and for each differing line the rule behind it."""
    out = [f"--- {outcome.fixture.name} ({outcome.fixture.input})"]
    result = outcome.result
    if outcome.text_diff:
        out += outcome.text_diff
        by_text = {}
        for fate in result.fates:
            by_text.setdefault(fate.text, fate)
        for line in outcome.text_diff:
            if line.startswith("-") and not line.startswith("---") and line[1:]:
                fate = by_text.get(line[1:])
                if fate is None:
                    where = "not in the input"
                elif fate.rule is None:
                    where = f"{fate.dest}: no rule"
                else:
                    where = f"{fate.dest} by {fate.rule.ref}"
                out.append(f"  missing {_short(line[1:])}: {where}")
            elif line.startswith("+") and not line.startswith("+++") and line[1:]:
                out.append(f"  extra   {_short(line[1:])}: body: no rule took it")
    for path, exp, act in outcome.field_diffs:
        rules = result.rules_for(path)
        behind = ", ".join(r.ref for r in rules) if rules else "no rule"
        out.append(f"{path}: - {show(exp)} + {show(act)}   [{behind}]")
    out += outcome.problems
    return out


def _short(text: str, width: int = 60) -> str:
    return repr(text if len(text) <= width else text[: width - 1] + "…")


def update(outcome: Outcome) -> None:
    """Write the actual record as the fixture's expected one (temp file, then rename)."""
    with atomic_writer(outcome.fixture.expected_path) as stream:
        stream.write(dumps(outcome.record, indent=2) + "\n")


def coverage(outcomes: list[Outcome]) -> Counter:
    """How many lines each rule took across the fixtures, by rule reference."""
    hits: Counter = Counter()
    for outcome in outcomes:
        for fate in outcome.result.fates if outcome.result is not None else []:
            if fate.rule is not None:
                hits[fate.rule.ref] += 1
    return hits
