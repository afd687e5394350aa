"""Readers: input paths into a stream of raw items, without parsing them (their bytes: streams.py).

A *source* is one input: a text or HTML file (one document), a JSONL shard (one document a line) or
a WARC/WET file (one document a conversion or response record). Readers only cut sources into items;
parsing a JSONL line, decoding and cleaning happen in the worker step, so that they run in parallel.
Each source ends with an ``end`` item, so that its output can be closed even when it held nothing.
"""

from __future__ import annotations

import glob
import io
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterator

from cleaner.corpus.streams import open_binary, read_errors, sniff_file, sniff_stdin
from cleaner.limits import DEFAULT_MAX_DECOMPRESSED

DEFAULT_MAX_BYTES = 10_000_000


FORMATS = ("text", "html", "jsonl", "warc")
_PAGE = {"text": (".txt",), "html": (".html", ".htm")}
_SUFFIXES = {  # (a page may be compressed too: open_binary decompresses by the name)
    **{fmt: tuple(s + z for s in suffixes for z in ("", ".gz", ".zst")) for fmt, suffixes in _PAGE.items()},
    "jsonl": (".jsonl", ".jsonl.gz", ".jsonl.zst", ".ndjson", ".ndjson.gz", ".ndjson.zst"),
    "warc": (".warc", ".warc.gz", ".wet", ".wet.gz", ".warc.zst"),
}
CONTAINERS = ("jsonl", "warc")


class InputError(Exception):
    """A path that names no input: exit code 2 (usage)."""


def doc_id(path: Path) -> str:
    """The document id of a file: its name without the extension (and without a fixture's .input)."""
    return _without_suffix(path.name, _SUFFIXES["text"] + _SUFFIXES["html"]).removesuffix(".input")


def _without_suffix(name: str, suffixes) -> str:
    """The name less the longest of the suffixes it ends with, in capitals or not (as format_of)."""
    for suffix in sorted(suffixes, key=len, reverse=True):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


@dataclass(frozen=True)
class Source:
    path: str  # "-" for stdin
    format: str
    forced: bool = False  # --input-format said so (text is then text, even if it looks like HTML)
    under: str = ""  # for a file found in a folder given: its subfolder there ("2024/late"), kept by -o DIR

    @property
    def name(self) -> str:
        """The source's name without its format and compression extensions (out/<name>.jsonl)."""
        if self.path == "-":
            return "stdin"
        name = Path(self.path).name
        bare = _without_suffix(name, [s for ss in _SUFFIXES.values() for s in ss])
        return bare if bare != name else Path(self.path).stem

    @property
    def is_container(self) -> bool:
        return self.format in CONTAINERS


@dataclass
class Item:
    """One document's raw input, or the end of a source, or an error found while reading."""

    source: Source
    position: int  # 1-based line (JSONL) or record number (WARC); 0 for a whole file
    payload: bytes = b""
    id: str | None = None
    url: str | None = None
    kind: str = "doc"  # "doc" (text or HTML, as the content says) | "text" | "html" | "end" | "error"
    reason: str = ""
    charset: str | None = None  # the encoding the source declared (a WARC record's HTTP header)
    encoding: str | None = None  # the compression it was served with (HTTP Content-Encoding)

    @property
    def document_kind(self) -> str | None:
        """What the engine is told: "text", "html", or None to look at the content."""
        return self.kind if self.kind in ("text", "html") else None


def format_of(path: str) -> str | None:
    lower = path.lower()
    for fmt, suffixes in _SUFFIXES.items():
        if lower.endswith(suffixes):
            return fmt
    return None


def find_sources(paths: list[str], input_format: str | None = None,
                 left_out: dict[str, list[str]] | None = None) -> list[Source]:
    """Expand folders and globs into sources, in a stable order; a path that names nothing is an
    InputError (usage). ``left_out`` gets, for each folder, the files in it of no input format
    (by their path in the folder), so that none is passed over without a word."""
    found: list[Source] = []
    for p in paths:
        if p == "-":
            if sys.stdin is None:
                raise InputError("-: there is no standard input (it is closed)")
            sniffed = sniff_stdin()  # also when the format is given: its compression
            found.append(Source("-", input_format or sniffed, input_format is not None))
            continue
        path = Path(p)
        if path.is_dir():
            every = sorted(f for f in path.rglob("*") if f.is_file())
            files = [str(f) for f in every if input_format or format_of(f.name)]
            if left_out is not None and len(files) < len(every):
                left_out[p] = [f.relative_to(path).as_posix() for f in every if not format_of(f.name)]
            if not files:
                names = ", ".join(f.relative_to(path).as_posix() for f in every[:3]) + (", …" if len(every) > 3 else "")
                raise InputError(f"{p}: folder holds no input files" + (f" (only {names})" if every else ""))
            found += [Source(f, input_format or format_of(f), input_format is not None, _under(Path(f), path))
                      for f in files]
        elif path.exists():
            found.append(Source(p, input_format or _format_of_file(p), input_format is not None))
        elif any(ch in p for ch in "*?["):
            matches = sorted(glob.glob(p, recursive=True))
            files = [m for m in matches if Path(m).is_file()]
            if not files:
                raise InputError(f"{p}: the pattern matches no file")
            found += [Source(f, input_format or _format_of_file(f), input_format is not None) for f in files]
        else:
            raise InputError(f"{p}: no such file or folder")
    return found


def _format_of_file(path: str) -> str:
    """A file named: by its extension, else by its first bytes (data.json of JSON lines, a crawl
    named part-00000), else a page."""
    return format_of(path) or sniff_file(path) or "text"


def _under(file: Path, folder: Path) -> str:
    sub = file.parent.relative_to(folder).as_posix()
    return "" if sub == "." else sub


def read_items(source: Source, max_bytes: int = DEFAULT_MAX_BYTES,
               max_decompressed: int = DEFAULT_MAX_DECOMPRESSED) -> Iterator[Item]:
    """Every document of the source as a raw item, then an ``end`` item. Read errors become error
    items, and the source ends there. No read holds more than about ``max_bytes`` of one document
    in memory: a larger document is skipped as an error item."""
    try:
        if source.format == "jsonl":
            yield from _jsonl(source, max_bytes, max_decompressed)
        elif source.format == "warc":
            yield from _warc(source, max_decompressed)
        else:
            with open_binary(source.path, max_decompressed) as stream:
                data = stream.read(max_bytes + 1)
                if len(data) > max_bytes:
                    yield Item(source, 0, kind="error", reason=f"document over --max-bytes {max_bytes}")
                    data = None
            if data is None:
                yield Item(source, -1, kind="end")
                return
            kind = "html" if source.format == "html" else "text" if source.forced else "doc"
            yield Item(source, 0, data, id=doc_id(Path(source.path)) if source.path != "-" else "stdin", kind=kind)
    except read_errors() as exc:
        yield Item(source, -1, kind="error", reason=_unreadable(exc))
    yield Item(source, -1, kind="end")


def _unreadable(exc: Exception) -> str:
    """The reason of an input that failed midway. An EOFError is a compressed stream that ends
    before its end marker: the input was cut short (a download cut off, a full disk)."""
    why = getattr(exc, "strerror", None) or exc
    return f"cannot read: cut short: {why}" if isinstance(exc, EOFError) else f"cannot read: {why}"


def _jsonl(source: Source, max_bytes: int, max_decompressed: int) -> Iterator[Item]:
    # A JSON line may be longer than the text it holds (escapes); past twice the limit it is skipped
    # unread, to its end, so that one enormous line never sits in memory.
    cap = 2 * max_bytes + 1024
    with open_binary(source.path, max_decompressed) as stream:
        n = 0
        while line := stream.readline(cap + 1):
            n += 1
            if len(line) > cap and not line.endswith(b"\n"):
                while (rest := stream.readline(cap)) and not rest.endswith(b"\n"):
                    pass
                yield Item(source, n, kind="error", reason=f"line over the limit for --max-bytes {max_bytes}")
            elif line.strip():  # blank lines are not records
                yield Item(source, n, line)


def _warc(source: Source, max_decompressed: int) -> Iterator[Item]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    wanted = WarcRecordType.conversion | WarcRecordType.response | WarcRecordType.resource
    # Decompressed here, not by FastWARC, which ends a .warc.gz cut short as if it were whole.
    with open_binary(source.path, max_decompressed) as raw:
        stream = _Deferred(raw)
        # n counts the conversion, response and resource records, whether or not they are
        # documents to clean.
        for n, record in enumerate(ArchiveIterator(stream, record_types=wanted, parse_http=True), 1):
            url = record.headers.get("WARC-Target-URI")
            rid = record.record_id
            if record.record_type == WarcRecordType.conversion:
                yield Item(source, n, _payload(record, n, stream), id=rid, url=url, kind="text")
                continue
            # A response or resource record: a page as served, when it is HTML; images, scripts
            # and PDFs in a crawl are not documents to clean.
            ctype = (record.http_content_type if record.record_type == WarcRecordType.response
                     else record.headers.get("Content-Type")) or ""
            if "html" in ctype.lower():
                charset = encoding = None
                if record.record_type == WarcRecordType.response:
                    charset, encoding = record.http_charset, record.http_headers.get("Content-Encoding")
                yield Item(source, n, _payload(record, n, stream), id=rid, url=url, kind="html", charset=charset,
                           encoding=encoding)
        if stream.failure is not None:
            raise stream.failure


class _Deferred(io.RawIOBase):
    """A stream whose failure waits: FastWARC drops the records it has read ahead when a read
    fails, so a failure ends the stream here, and is raised once those records are out."""

    def __init__(self, stream: IO[bytes]):
        self.stream, self.failure = stream, None

    def readable(self) -> bool:
        return True

    def tell(self) -> int:  # FastWARC asks where a stream stands
        return self.stream.tell()

    def readinto(self, buffer) -> int:
        if self.failure is not None:
            return 0
        try:
            return self.stream.readinto1(buffer)  # one read: what it brings is not lost when the next fails
        except read_errors() as exc:
            self.failure = exc
            return 0


def _payload(record, n: int, stream: _Deferred) -> bytes:
    """A record's content; a record cut off by the end of its input (FastWARC hands it out as far
    as it goes, its header even) fails with the input's failure, or as cut short."""
    payload = record.reader.read()
    if record.headers.get("Content-Length") is None or len(payload) < record.content_length:
        raise stream.failure or EOFError(f"record {n} ends before its Content-Length")
    return payload
