"""Readers: input paths into a stream of raw items, without parsing them.

A *source* is one input: a text or HTML file (one document), a JSONL shard (one document a line) or
a WARC/WET file (one document a conversion or response record). Readers only cut sources into items;
parsing a JSONL line, decoding and cleaning happen in the worker step, so that they run in parallel.
Each source ends with an ``end`` item, so that its output can be closed even when it held nothing.
"""

from __future__ import annotations

import glob
import gzip
import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterator

from cleaner.limits import DEFAULT_MAX_DECOMPRESSED, Capped

DEFAULT_MAX_BYTES = 10_000_000


FORMATS = ("text", "html", "jsonl", "warc")
_SUFFIXES = {
    "text": (".txt",),
    "html": (".html", ".htm"),
    "jsonl": (".jsonl", ".jsonl.gz", ".jsonl.zst", ".ndjson", ".ndjson.gz", ".ndjson.zst"),
    "warc": (".warc", ".warc.gz", ".wet", ".wet.gz", ".warc.zst"),
}
CONTAINERS = ("jsonl", "warc")


class InputError(Exception):
    """A path that names no input: exit code 2 (usage)."""


def doc_id(path: Path) -> str:
    """The document id of a file: its name without the extension (and without a fixture's .input)."""
    name = path.name
    for suffix in _SUFFIXES["text"] + _SUFFIXES["html"]:
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return name.removesuffix(".input")


@dataclass(frozen=True)
class Source:
    path: str  # "-" for stdin
    format: str
    forced: bool = False  # --input-format said so (text is then text, even if it looks like HTML)

    @property
    def name(self) -> str:
        """The source's name without its format and compression extensions (out/<name>.jsonl)."""
        if self.path == "-":
            return "stdin"
        name = Path(self.path).name
        for suffix in sorted((s for ss in _SUFFIXES.values() for s in ss), key=len, reverse=True):
            if name.endswith(suffix):
                return name[: -len(suffix)]
        return Path(self.path).stem

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


def find_sources(paths: list[str], input_format: str | None = None) -> list[Source]:
    """Expand folders and globs into sources, in a stable order; a path that names nothing is an
    InputError (usage)."""
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
            files = sorted(str(f) for f in path.rglob("*") if f.is_file() and (input_format or format_of(f.name)))
            if not files:
                raise InputError(f"{p}: folder holds no input files")
            found += [Source(f, input_format or format_of(f), input_format is not None) for f in files]
        elif path.exists():
            found.append(Source(p, input_format or format_of(p) or "text", input_format is not None))
        elif any(ch in p for ch in "*?["):
            matches = sorted(glob.glob(p, recursive=True))
            files = [m for m in matches if Path(m).is_file()]
            if not files:
                raise InputError(f"{p}: the pattern matches no file")
            found += [Source(f, input_format or format_of(f) or "text", input_format is not None) for f in files]
        else:
            raise InputError(f"{p}: no such file or folder")
    return found


def open_binary(path: str, max_decompressed: int = DEFAULT_MAX_DECOMPRESSED) -> IO[bytes]:
    """A file opened for reading, decompressed by its extension (.gz, .zst), or stdin by its first
    bytes, refusing to inflate past ``max_decompressed`` bytes. A compressed stream cut short
    raises EOFError at the end of what it holds."""
    if path == "-":
        stream, compression = _stdin()
    else:
        stream, compression = None, "gz" if path.endswith(".gz") else "zst" if path.endswith(".zst") else None
    if compression == "gz":
        raw = gzip.open(stream if stream is not None else path, "rb")
    elif compression == "zst":
        raw = _Zstd(stream if stream is not None else open(path, "rb"))
    else:
        return stream if stream is not None else open(path, "rb")
    return io.BufferedReader(Capped(raw, max_decompressed, "stdin" if path == "-" else path))


class _Zstd(io.RawIOBase):
    """A zstd stream decompressed, frame after frame, that fails at its end when that end cuts a
    frame short, as gzip does: zstandard's reader ends such a stream as if it were whole, and the
    records after the cut were lost without a word."""

    def __init__(self, raw: IO[bytes]):
        import zstandard

        self.frames = _ZstdFrames(raw)
        self.stream = zstandard.ZstdDecompressor().stream_reader(self.frames, closefd=True, read_across_frames=True)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        # readinto1: a frame's bytes are handed on before the next one fails (readinto would drop
        # them with it); then readinto, for anything zstandard's pure-Python reader held back at the end
        n = self.stream.readinto1(buffer) or self.stream.readinto(buffer)
        if not n and not self.frames.whole:
            raise EOFError("Compressed file ended before the end-of-frame marker was reached")
        return n

    def close(self) -> None:
        self.stream.close()
        super().close()


class _ZstdFrames(io.RawIOBase):
    """A zstd stream's compressed bytes, handed on as they are read, their frame and block headers
    followed (not decompressed), to tell at the end whether the last frame was whole. zstandard
    tells it of no stream it reads a bounded amount at a time: only its decompressobj knows (eof),
    and that inflates a whole chunk at once, however far (a zstd bomb)."""

    _SKIPPABLE = b"\x2a\x4d\x18"  # a skippable frame's magic number after its first byte (0x50-0x5f)

    def __init__(self, raw: IO[bytes]):
        self.raw = raw
        self.tail = b""  # the start of a header not all read yet
        self.skip = 0  # bytes to pass over: a block's content, a checksum, a skippable frame
        self.in_frame = False  # a block header comes next (else a frame, or the stream's end)
        self.checksum = False  # the frame ends with a 4-byte checksum
        self.lost = False  # bytes that are no frame: the decompressor refuses them itself

    @property
    def whole(self) -> bool:
        return self.lost or not (self.in_frame or self.skip or self.tail)

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        if not self.lost:
            self._follow(self.tail + data if self.tail else data)
        return data

    def _follow(self, data: bytes) -> None:
        import zstandard

        pos, end = 0, len(data)
        while True:
            step = min(self.skip, end - pos)
            pos, self.skip = pos + step, self.skip - step
            need = 3 if self.in_frame else 8 if data[pos + 1:pos + 4] == self._SKIPPABLE else 5
            if end - pos < need:
                break
            if self.in_frame:  # a block: bit 0 the last one, bits 1-2 its type (1: one byte repeated)
                header = int.from_bytes(data[pos:pos + 3], "little")
                pos, self.skip = pos + 3, 1 if header >> 1 & 3 == 1 else header >> 3
                if header & 1:
                    self.in_frame, self.skip = False, self.skip + 4 * self.checksum
            elif need == 8 and data[pos] & 0xF0 == 0x50:
                pos, self.skip = pos + 8, int.from_bytes(data[pos + 4:pos + 8], "little")
            elif data[pos:pos + 4] == zstandard.FRAME_HEADER:
                try:
                    size = zstandard.frame_header_size(data[pos:pos + 5])
                    if end - pos < size:
                        break
                    self.checksum = zstandard.get_frame_parameters(data[pos:pos + size]).has_checksum
                except zstandard.ZstdError:
                    self.lost = True
                    return
                pos, self.in_frame = pos + size, True
            else:
                self.lost = True
                return
        self.tail = data[pos:]

    def close(self) -> None:
        self.raw.close()
        super().close()


# --- stdin: its format told by its first bytes, as a file's is by its name --------------------

_SNIFF = 65536  # bytes of stdin (decompressed) that tell its format
_MAGIC = {b"\x1f\x8b": "gz", b"\x28\xb5\x2f\xfd": "zst"}
# The stdin last sniffed, its first bytes put back in front: (the stdin read, its stream, compression).
_sniffed: tuple[object, IO[bytes], str | None] | None = None


class _Prefixed(io.RawIOBase):
    """A stream whose first bytes were read already: they are given again, then the rest."""

    def __init__(self, head: bytes, rest: IO[bytes]):
        self.head, self.rest, self.count = head, rest, 0

    def readable(self) -> bool:
        return True

    def tell(self) -> int:  # FastWARC asks where a stream stands (and nothing more of a pipe)
        return self.count

    def readinto(self, buffer) -> int:
        if self.head:
            data, self.head = self.head[: len(buffer)], self.head[len(buffer):]
        else:
            data = self.rest.read1(len(buffer)) if hasattr(self.rest, "read1") else self.rest.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)

    def close(self) -> None:
        self.rest.close()
        super().close()


def _stdin() -> tuple[IO[bytes], str | None]:
    """Stdin to read, and its compression, as sniff_stdin found them (unsniffed: as it is)."""
    if _sniffed is not None and _sniffed[0] is sys.stdin.buffer:
        return _sniffed[1], _sniffed[2]
    return sys.stdin.buffer, None


def sniff_stdin() -> str:
    """Stdin's format (jsonl, warc or text) and compression (gzip, zstd), told by its first bytes,
    which are kept to be read again: a shard or a crawl piped in is read as it is from a file."""
    global _sniffed
    raw = sys.stdin.buffer
    head, fmt = b"", None
    while fmt is None:
        chunk = raw.read1(_SNIFF) if hasattr(raw, "read1") else raw.read(_SNIFF)
        head += chunk
        compression = _MAGIC.get(head[:4]) or _MAGIC.get(head[:2])
        inflated = _inflated(head, compression)
        # (zstd gives nothing before a whole block: up to 128 KiB of compressed bytes)
        fmt = _format_of_head(inflated, ended=not chunk, cut=len(inflated) >= _SNIFF or len(head) >= 16 * _SNIFF)
    _sniffed = (raw, io.BufferedReader(_Prefixed(head, raw)), compression)
    return fmt


def _inflated(head: bytes, compression: str | None) -> bytes:
    """The first bytes of a compressed stream's content (fewer when the head is cut short)."""
    if compression == "gz":
        import zlib

        try:
            return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, _SNIFF)
        except zlib.error:  # a broken stream: reading it will say so
            return b""
    if compression == "zst":
        import zstandard

        try:
            return zstandard.ZstdDecompressor().stream_reader(io.BytesIO(head)).read(_SNIFF)
        except zstandard.ZstdError:
            return b""
    return head


def _format_of_head(head: bytes, ended: bool, cut: bool) -> str | None:
    """warc, jsonl or text by a stream's first bytes (``ended``: all of it; ``cut``: no more will
    be read); None while more are needed to tell."""
    start = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if start.startswith(b"WARC/"):
        return "warc"
    if b"WARC/".startswith(start) and not (ended or cut):  # too little to tell yet
        return None
    if not start.startswith(b"{"):
        return "text" if start or ended or cut else None
    line, newline, _ = start.partition(b"\n")
    if newline or ended:
        try:
            return "jsonl" if isinstance(json.loads(line), dict) else "text"
        except ValueError:
            return "text"
    return "jsonl" if cut else None  # a first line longer than the head: a long JSON record


def _zstd_error() -> tuple:
    """zstandard's error, which is no OSError, once a zstd stream has been opened (imported lazily)."""
    zstd = sys.modules.get("zstandard")
    return (zstd.ZstdError,) if zstd is not None else ()


def _read_errors() -> tuple:
    """What reading an input can raise: an error item, and the input ends there."""
    return (OSError, EOFError, ValueError, *_zstd_error())


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
    except _read_errors() as exc:
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
                charset = record.http_charset if record.record_type == WarcRecordType.response else None
                yield Item(source, n, _payload(record, n, stream), id=rid, url=url, kind="html", charset=charset)
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
        except _read_errors() as exc:
            self.failure = exc
            return 0


def _payload(record, n: int, stream: _Deferred) -> bytes:
    """A record's content; a record cut off by the end of its input (FastWARC hands it out as far
    as it goes, its header even) fails with the input's failure, or as cut short."""
    payload = record.reader.read()
    if record.headers.get("Content-Length") is None or len(payload) < record.content_length:
        raise stream.failure or EOFError(f"record {n} ends before its Content-Length")
    return payload
