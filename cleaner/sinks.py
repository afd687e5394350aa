"""Outputs: files written atomically, so that a killed run never leaves a file that looks finished.

A file is written under a temporary name beside its final one (``.<name>.<random>.tmp``) and renamed
into place when complete. ``.gz`` and ``.zst`` names are compressed, deterministically: the same
records give the same bytes (gzip's header carries no time and no file name).
"""

from __future__ import annotations

import gzip
import io
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

TMP_SUFFIX = ".tmp"
_UMASK = os.umask(0)
os.umask(_UMASK)


@contextmanager
def atomic_writer(path: str | Path | None) -> Iterator[IO[str]]:
    """A text stream to ``path`` (renamed into place on success), or stdout when path is None or '-'."""
    if path is None or str(path) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TMP_SUFFIX, dir=path.parent)
    os.chmod(tmp, 0o666 & ~_UMASK)  # as an ordinary new file would be, not mkstemp's 0600
    try:
        with os.fdopen(fd, "wb") as raw:
            with _encoder(raw, path.name) as stream:
                yield stream
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def _encoder(raw: IO[bytes], name: str) -> Iterator[IO[str]]:
    if name.endswith(".gz"):
        binary = gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0)
    elif name.endswith(".zst"):
        import zstandard

        binary = zstandard.ZstdCompressor().stream_writer(raw, closefd=False)
    else:
        binary = None
    target = binary if binary is not None else raw
    text = io.TextIOWrapper(target, encoding="utf-8", newline="\n", write_through=False)
    try:
        yield text
        text.flush()
    finally:
        text.detach()
        if binary is not None:
            binary.close()


def remove_stale_temps(folder: Path, name: str = "*") -> None:
    """Temporary files a killed run left behind, for the output ``name`` (or all) in a folder."""
    for tmp in folder.glob(f".{name}.*{TMP_SUFFIX}"):
        tmp.unlink(missing_ok=True)
