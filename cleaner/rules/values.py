"""Typed metadata values: what a matched line (and its named groups) becomes in the record."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from datetime import datetime, timedelta, timezone

import regex

FIELD_TYPES = ("str", "int", "list", "timestamp", "object")
# The named groups a timestamp field reads; other types take one group (or the whole line).
UNIT_GROUPS = {"timestamp": ("date", "time", "offset")}
_OFFSET = regex.compile(r"([+-])(\d{1,2})(?::?(\d{2}))?")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str = "str"
    sep: str | None = None  # list: split each line on this regular expression
    format: str | None = None  # timestamp: strptime format of "<date> <time>"
    parts: dict[str, str] = field(default_factory=dict)  # object: group name -> "str" | "int"

    @property
    def empty(self):
        return [] if self.type == "list" else None

    def convert(self, line: str, match: regex.Match | None, skip=frozenset()):
        """The value of one matched line; ValueError when the line does not hold such a value.
        Groups named in ``skip`` (``keep``, other fields' groups) are not this value's."""
        groups = {k: v for k, v in match.groupdict().items() if k != "keep" and k not in skip} if match is not None else {}
        if self.type == "object":
            return {k: (int(v) if self.parts.get(k) == "int" and v is not None else v) for k, v in groups.items()}
        if self.type == "timestamp":
            return parse_timestamp(groups, line, self.format)
        text = next(iter(groups.values())) if groups else line
        if text is None:
            raise ValueError("empty group")
        if self.type == "int":
            return int(text)
        if self.type == "list":
            items = _splitter(self.sep).split(text) if self.sep else [text]
            return [item.strip() for item in items if item.strip()]
        return text


@lru_cache(maxsize=256)
def _splitter(sep: str) -> regex.Pattern:
    return regex.compile(sep)


def parse_timestamp(groups: dict[str, str | None], line: str, fmt: str) -> str:
    """ISO 8601 from the date and time groups (or the whole line) and an optional UTC offset group."""
    text = " ".join(groups[k] for k in ("date", "time") if groups.get(k)) or line
    moment = datetime.strptime(text, fmt)
    offset = groups.get("offset")
    if offset:
        m = _OFFSET.fullmatch(offset)
        if not m:
            raise ValueError(f"bad UTC offset {offset!r}")
        minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
        if minutes > 14 * 60:
            raise ValueError(f"UTC offset out of range {offset!r}")
        delta = timedelta(minutes=minutes if m.group(1) == "+" else -minutes)
        moment = moment.replace(tzinfo=timezone(delta))
    return moment.isoformat()
