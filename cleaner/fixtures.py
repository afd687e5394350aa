"""Fixtures: ``fixtures/<site>/<id>.input.txt`` with ``<id>.expected.json`` beside it.

One loader serves ``cleaner test`` and pytest, so that both run the same fixtures the same way.
"""

from __future__ import annotations

import difflib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from cleaner.engine import Cleaner, Result
from cleaner.record import dumps

INPUT_SUFFIXES = (".input.txt",)


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
    result: Result | None
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


def discover_fixtures(paths: list[Path]) -> list[Fixture]:
    """Fixtures under the given folders or files, sorted by site and id."""
    found: dict[Path, Fixture] = {}
    for root in paths:
        candidates = [root] if root.is_file() else sorted(root.rglob("*"))
        for path in candidates:
            for suffix in INPUT_SUFFIXES:
                if path.name.endswith(suffix) and path.is_file():
                    fx = Fixture(site=path.parent.name, id=path.name[: -len(suffix)], input=path)
                    found[path.resolve()] = fx
    return sorted(found.values(), key=lambda f: (f.site, f.id))


def run_fixture(cleaner: Cleaner, fx: Fixture) -> Outcome:
    result = cleaner.process(fx.input.read_bytes(), id=fx.id)
    outcome = Outcome(fx, result)
    actual = result.record.to_dict()
    has_checks = fx.checks_path.exists()
    if fx.expected_path.exists():
        expected = json.loads(fx.expected_path.read_text(encoding="utf-8"))
        outcome.problems += record_diff(expected, actual)
    elif not has_checks:
        outcome.problems.append(f"no expected record: create {fx.expected_path} (cleaner test --update {fx.input})")
    if has_checks:
        outcome.problems += check_strings(fx.checks_path, actual["text"])
    # Stable: cleaning the clean text again changes nothing.
    again = cleaner.process(actual["text"], id=fx.id, site=result.record.site).record.text
    if again != actual["text"]:
        outcome.problems.append("not stable: cleaning the expected text again changes it")
    return outcome


def check_strings(path: Path, text: str) -> list[str]:
    checks = tomllib.loads(path.read_text(encoding="utf-8"))
    problems = [f"text lacks {s!r} ({path.name} must_contain)" for s in checks.get("must_contain", []) if s not in text]
    problems += [f"text holds {s!r} ({path.name} must_not_contain)" for s in checks.get("must_not_contain", []) if s in text]
    return problems


def record_diff(expected: dict, actual: dict) -> list[str]:
    """Readable differences: a unified diff of text, then one line per differing field."""
    problems = []
    if expected.get("text") != actual.get("text"):
        diff = difflib.unified_diff(
            (expected.get("text") or "").split("\n"), (actual.get("text") or "").split("\n"),
            "expected text", "actual text", n=2, lineterm="")
        problems.append("\n".join(diff))
    for key in sorted(set(expected) | set(actual)):
        if key != "text":
            problems += field_diff(key, expected.get(key, _MISSING), actual.get(key, _MISSING))
    return problems


class _Missing:
    def __repr__(self) -> str:
        return "(missing)"


_MISSING = _Missing()


def field_diff(path: str, exp, act) -> list[str]:
    if isinstance(exp, dict) and isinstance(act, dict):
        out = []
        for key in list(exp) + [k for k in act if k not in exp]:
            out += field_diff(f"{path}.{key}", exp.get(key, _MISSING), act.get(key, _MISSING))
        return out
    if isinstance(exp, list) and isinstance(act, list) and exp and all(isinstance(x, dict) for x in exp + act):
        out = []
        for i in range(max(len(exp), len(act))):
            out += field_diff(f"{path}[{i}]", exp[i] if i < len(exp) else _MISSING,
                              act[i] if i < len(act) else _MISSING)
        return out
    if exp == act:
        return []
    show = lambda v: repr(v) if v is _MISSING else dumps(v)  # noqa: E731
    return [f"{path}: - {show(exp)} + {show(act)}"]
