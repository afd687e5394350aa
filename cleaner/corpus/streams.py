"""Streams: an input's bytes as a file object, decompressed by its name (.gz, .zst) or, for stdin,
by its first bytes, with the limit on how far it may inflate; an input cut short ends in an error
after every byte before the cut (docs/reliability.md, "Inputs cut short")."""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
from typing import IO

from cleaner.limits import DEFAULT_MAX_DECOMPRESSED, Capped, LimitError
from cleaner.text.normalize import DecodeError

__all__ = ["open_binary", "sniff_stdin", "sniff_file", "read_errors", "http_decoded"]


def open_binary(path: str, max_decompressed: int = DEFAULT_MAX_DECOMPRESSED) -> IO[bytes]:
    """A file opened for reading, decompressed by its extension (.gz, .zst) or else by its first
    bytes (a gzip file named .txt), or stdin by its first bytes, refusing to inflate past
    ``max_decompressed`` bytes. A compressed stream cut short raises EOFError at the end of what it
    holds."""
    if path == "-":
        stream, compression = _stdin()
    else:
        lower = path.lower()  # (as readers.format_of tells the format)
        stream, compression = None, "gz" if lower.endswith(".gz") else "zst" if lower.endswith(".zst") else None
        if compression is None:
            stream = open(path, "rb")  # (a FIFO too: peek reads nothing away)
            compression = _MAGIC.get(stream.peek(4)[:4]) or _MAGIC.get(stream.peek(2)[:2])
            if compression is None:
                return stream
    if compression == "gz":
        raw = gzip.open(stream if stream is not None else path, "rb")
        if stream is not None and path != "-":  # a file opened here to look at its first bytes
            raw.myfileobj = stream  # (GzipFile closes it with itself, as a file it opened)
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


def sniff_file(path: str) -> str | None:
    """The format of a regular file named without a known extension, told by its first bytes as
    stdin's is (warc, jsonl or text); None for what is not a regular file."""
    if not os.path.isfile(path):
        return None
    try:
        with open(path, "rb") as stream:
            head = stream.read(16 * _SNIFF)
            ended = not stream.read(1)
    except OSError:
        return None  # (reading it will say why)
    compression = _MAGIC.get(head[:4]) or _MAGIC.get(head[:2])
    inflated = _inflated(head, compression)
    return _format_of_head(inflated, ended=ended and not compression, cut=True)


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


def read_errors() -> tuple:
    """What reading an input can raise: an error item, and the input ends there."""
    return (OSError, EOFError, ValueError, *_zstd_error())


def http_decoded(body: bytes, encoding: str | None, limit: int) -> bytes:
    """A response body as the page it holds: inflated by its HTTP Content-Encoding (gzip, deflate,
    br, zstd; crawlers that keep responses as served store them so), never past ``limit`` + 1
    bytes: LimitError past ``limit``, DecodeError for a body that does not inflate or an encoding
    no browser knows."""
    codings = [c.strip().lower() for c in (encoding or "").split(",") if c.strip()]
    for coding in reversed(codings):  # applied in the order listed: undone last first
        if coding in ("identity", "none"):
            continue
        if coding not in _INFLATE:
            raise DecodeError(f"cannot decode the input: Content-Encoding {coding}: not one a browser reads")
        try:
            body = _INFLATE[coding](body, limit + 1)
        except Exception as exc:  # (each library's own error: zlib.error, brotli.error, ZstdError)
            raise DecodeError(f"cannot decode the input: Content-Encoding {coding}: {exc or type(exc).__name__}") from None
        if len(body) > limit:
            raise LimitError(f"document over --max-bytes {limit} once inflated (Content-Encoding {coding})")
    return body


def _zlib(wbits: int):
    def inflate(body: bytes, most: int) -> bytes:
        import zlib

        out = zlib.decompressobj(wbits)
        data = out.decompress(body, most)
        if not out.eof and len(data) < most:
            raise EOFError("the body ends before its end")
        return data
    return inflate


def _deflate(body: bytes, most: int) -> bytes:
    try:  # as served: zlib-wrapped, though some servers send the raw stream
        return _zlib(15)(body, most)
    except Exception:
        return _zlib(-15)(body, most)


def _brotli(body: bytes, most: int) -> bytes:
    import brotli  # (FastWARC's own dependency)

    out = brotli.Decompressor()
    data = out.process(body, output_buffer_limit=most)
    if len(data) < most and not out.is_finished():
        raise EOFError("the body ends before its end")
    return data[:most]


def _zstd(body: bytes, most: int) -> bytes:
    import zstandard

    return zstandard.ZstdDecompressor().stream_reader(io.BytesIO(body), read_across_frames=True).read(most)


_INFLATE = {"gzip": _zlib(31), "x-gzip": _zlib(31), "deflate": _deflate, "br": _brotli, "zstd": _zstd}
