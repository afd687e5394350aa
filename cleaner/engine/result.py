"""What cleaning one document gives: the record, and every line's fate (for ``explain``)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

from cleaner.linemodel.layer import Decision
from cleaner.record import Record
from cleaner.rules import Rule, RuleError


class UnknownSite(RuleError):
    """--site names a site that no rule file describes."""


@dataclass(frozen=True)
class Fate:
    """Where one input line went: body, caption, credit, alt, metadata.<field>, removed or blank."""

    line: int  # 1-based
    text: str
    dest: str
    rule: Rule | None = None
    kept: str | None = None  # the part of the line that stays body, when a rule took only a span
    # Why the line went where it did: the line model's label, score and deciding features where it
    # scored the line; the link share of a line html:link-edges took.
    why: str | None = None

    def to_dict(self) -> dict:
        row = {"line": self.line, "text": self.text, "dest": self.dest, "rule": self.rule.ref if self.rule else None}
        if self.kept is not None:
            row["kept"] = self.kept
        if self.why is not None:  # the model's account under its own name (docs/linemodel.md)
            row["model" if self.rule is None or self.rule.site == "model" else "why"] = self.why
        return row


@dataclass
class Result:
    record: Record
    lines: list[str]  # the page's lines, as the rules saw them
    marks: list[tuple[str, Rule, str | None] | None]  # per line: (destination, rule, kept part), or None
    source: str = ""  # the text before normalisation (for explaining repairs)
    caption_rules: list[Rule] = field(default_factory=list)  # the rule behind each caption
    # Shared rules would have taken too much of the page, and were undone: "fallback" (the fallback
    # files, the edge rules and the timestamp lines, the least certain, only), "blocks" (the open
    # blocks, such as a comment section to the foot, only), "fallback+blocks" (both) or "shared"
    # (all of them); "" when the guard did not act.
    guarded: str = ""
    model: "Decision | None" = None  # what the line model said of the page, when it ran
    model_left: str = ""  # the model was to read the page, but its size left it to the rules: why
    html: bool = False  # the lines are the text extracted from an HTML page, not the input's own
    extraction: str = ""  # how an HTML page's extractor was chosen, when a second one was tried
    links: dict[int, float] = field(default_factory=dict)  # line -> link share, of the link runs the edges lost

    def guards(self) -> list[str]:
        """What the guards did to the page, by the names --stats counts them under (pages_guarded)."""
        return [g for g in (self.guarded and f"shared rules undone ({self.guarded})",
                            self.model and self.model.given_back and "line model gave back lines",
                            self.model_left and "line model left out (the page's size)") if g]

    @cached_property
    def fates(self) -> list[Fate]:
        """Every line's fate, built when asked for (cleaning alone needs only the record)."""
        fates = [Fate(i, text, "body" if text else "blank") if mark is None else Fate(i, text, *mark)
                 for i, (text, mark) in enumerate(zip(self.lines, self.marks), 1)]
        if self.model is not None:  # what the model said of each line it was free to decide
            fates = [replace(f, why=self.model.explain(f.line - 1)) if f.dest == "body" or
                     (f.rule is not None and f.rule.ref == self.model.model.name) else f for f in fates]
        if self.links:
            fates = [replace(f, why=f"links' words {self.links[f.line - 1]:.0%} of its own, in a run at an edge")
                     if f.line - 1 in self.links else f for f in fates]
        return fates

    def rules_for(self, path: str) -> list[Rule]:
        """The rules behind a record field such as ``metadata.series`` or ``captions[1].credit``."""
        if path.startswith("captions["):
            index = int(path[len("captions["):].split("]")[0])
            return self.caption_rules[index : index + 1]
        top = ".".join(path.split(".")[:2])
        found = []
        for fate in self.fates:
            if fate.rule is not None and fate.dest == top and fate.rule not in found:
                found.append(fate.rule)
        return found

    def removed_by_rule(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for mark in self.marks:
            if mark is not None and mark[0] == "removed":
                counts[mark[1].ref] = counts.get(mark[1].ref, 0) + 1
        return counts
