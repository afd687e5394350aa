"""The output contract: one record per document, plus its caption and metadata record streams."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

CORE_METADATA = ("title", "timestamp", "captured_at")


@dataclass
class Caption:
    text: str | None
    credit: str | None = None
    alt: str | None = None
    position: int = 0

    def to_dict(self) -> dict:
        return {"text": self.text, "credit": self.credit, "alt": self.alt, "position": self.position}


@dataclass
class Record:
    id: str
    site: str | None
    text: str
    captions: list[Caption] = field(default_factory=list)
    metadata: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "site": self.site,
            "text": self.text,
            "captions": [c.to_dict() for c in self.captions],
            "metadata": self.metadata,
        }

    def caption_records(self) -> list[dict]:
        """One record per caption, carrying the document id (the separate caption stream)."""
        return [{"id": self.id, "index": n, **c.to_dict()} for n, c in enumerate(self.captions)]

    def metadata_record(self) -> dict:
        """The document's metadata with its id and site (the separate metadata stream)."""
        return {"id": self.id, "site": self.site, **self.metadata}


@dataclass(frozen=True)
class ErrorRecord:
    """A document that could not be cleaned, in place of its record: what ``--errors`` holds."""

    input: str | None  # the input file ("-" for stdin); None for documents given in Python
    position: int  # 1-based line (JSONL), record (WARC) or document (clean_many); 0 for a whole file
    id: str | None
    reason: str

    def to_dict(self) -> dict:
        return {"input": self.input, "position": self.position, "id": self.id, "reason": self.reason}


def dumps(obj, indent: int | None = None) -> str:
    """JSON as the project writes it: UTF-8 characters kept, key order kept, deterministic."""
    if indent is None:
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(obj, ensure_ascii=False, indent=indent)
