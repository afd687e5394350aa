"""``cleaner explain``: every input line with its fate and the rule behind it, what the normaliser
repaired (ftfy's own account of its fixes), and what the guards and the line model did to the page."""

from __future__ import annotations

from dataclasses import dataclass

import ftfy
from ftfy.fixes import fix_line_breaks

from cleaner.engine import Result
from cleaner.text.normalize import Profile


@dataclass(frozen=True)
class Repair:
    line: int
    before: str
    after: str


def ftfy_steps(raw: str, profile: Profile) -> list[str]:
    """ftfy's explanation of what it changed in the whole text, one step a string."""
    explained = ftfy.fix_and_explain(raw, profile.ftfy._replace(explain=True))
    return [f"{action} {parameter}" for action, parameter in explained.explanation or []]


def repairs(result: Result) -> list[Repair]:
    """Lines whose text the normaliser changed (beyond stripping their ends)."""
    raw_lines = fix_line_breaks(result.source).split("\n")
    if result.html or len(raw_lines) != len(result.fates):  # no line-by-line view of the input
        return []
    return [Repair(f.line, raw.strip(), f.text) for raw, f in zip(raw_lines, result.fates) if raw.strip() != f.text]


def guard_notes(result: Result, cleaner) -> list[str]:
    """What the guards did to the page, one sentence each."""
    notes = [f"extractor: {result.extraction}"] if result.extraction else []
    if result.guarded:
        # The fallback files by name: the edge rules, and any other file for text dumps (the timestamp lines).
        fallback = f"the fallback files ({', '.join(f.name for f in cleaner.rules.shared if f.fallback)})"
        undone = {"fallback": f"{fallback} were undone",
                  "blocks": "the open blocks (a comment section to the foot) were undone",
                  "fallback+blocks": f"{fallback} and the open blocks (a comment section to the foot) were undone",
                  }.get(result.guarded, "all shared rules were undone")
        notes.append(f"guard: the shared rules would have taken over {cleaner.max_shared_share:.0%} of the page's words; {undone}")
    if result.model_left:
        notes.append(f"line model: not run, a page of {result.model_left} lines of text is left to the rules")
    if result.model is not None:
        dial = result.model.dial
        notes.append(f"line model {result.model.model.name}, --generic {cleaner.generic}: a line it decides is body "
                     f"when P(body) >= {dial.inside:g} inside the article's run (the run of lines whose words score the most "
                     f"P(body) - {dial.run:g}), >= {dial.outside:g} outside it and in its low stretches")
        if result.model.given_back:
            notes.append(f"guard: the line model gave back {result.model.given_back} lines, the likeliest body first, "
                         "so as not to leave the page almost empty")
    return notes


def page_account(result: Result, cleaner) -> dict:
    """The page's own part of explain, in either format: its id and site, whether its lines are the
    text extracted from HTML, ftfy's steps (a text dump's), the guards that acted by the names
    ``--stats`` counts them under, and ``guard_notes``."""
    return {"id": result.record.id, "site": result.record.site, "html": result.html,
            "ftfy": [] if result.html else ftfy_steps(result.source, cleaner.profile),
            "guards": result.guards(), "notes": guard_notes(result, cleaner)}


def rows(result: Result, cleaner) -> list[dict]:
    """explain's JSON: an object a line (``Fate.to_dict``, and ``repaired``, the line before the
    normaliser changed it, where it did); the first also holds ``page_account`` under ``page``, so
    that the page's notes come with it and the list is still one object a line for its readers."""
    before = {r.line: r.before for r in repairs(result)}
    out = [f.to_dict() | ({"repaired": before[f.line]} if f.line in before else {}) for f in result.fates]
    out[0]["page"] = page_account(result, cleaner)  # a page has a line at least: "" splits to [""]
    return out
