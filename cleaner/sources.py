"""Inputs: turning the paths a user names into documents to clean."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

__all__ = ["Document", "InputError", "discover", "read_document", "doc_id"]

TEXT_SUFFIXES = (".txt",)


class InputError(Exception):
    """A path that names no input: exit code 2 (usage)."""


@dataclass
class Document:
    id: str
    content: str | bytes
    origin: str  # the file it came from, or "-" for stdin
    url: str | None = None


def doc_id(path: Path) -> str:
    """The document id of a file: its name without the extension (and without a fixture's .input)."""
    name = path.name
    for suffix in TEXT_SUFFIXES:
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return name.removesuffix(".input")


def discover(paths: list[str]) -> list[str]:
    """Expand folders into the input files below them (sorted); check that every path exists."""
    found: list[str] = []
    for p in paths:
        if p == "-":
            found.append(p)
            continue
        path = Path(p)
        if path.is_dir():
            files = sorted(str(f) for f in path.rglob("*") if f.is_file() and f.name.endswith(TEXT_SUFFIXES))
            if not files:
                raise InputError(f"{p}: folder holds no input files ({', '.join(TEXT_SUFFIXES)})")
            found.extend(files)
        elif path.exists():
            found.append(p)
        else:
            raise InputError(f"{p}: no such file or folder")
    return found


def read_document(origin: str) -> Document:
    """Read one input as bytes (decoding happens in the engine); OSError when it cannot be read."""
    if origin == "-":
        return Document("stdin", sys.stdin.buffer.read(), "-")
    path = Path(origin)
    return Document(doc_id(path), path.read_bytes(), origin)


def iter_documents(origins: list[str]) -> Iterator[tuple[str, Document | OSError]]:
    for origin in origins:
        try:
            yield origin, read_document(origin)
        except OSError as exc:
            yield origin, exc
