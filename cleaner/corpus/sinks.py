"""Outputs: files written atomically, so that a killed run never leaves a file that looks finished.

A file is written under a temporary name beside its final one (``.<name>.<random>.tmp``) and renamed
into place when complete. ``.gz`` and ``.zst`` names are compressed, deterministically: the same
records give the same bytes (gzip's header carries no time and no file name).

Only a regular file is replaced so. A path that is not one (a device such as /dev/null, a FIFO,
or an open file named through /proc, as /dev/stdout is) is written into directly: renaming a file
over it would destroy it, and its reader would get nothing. A symlink is written through: the
temporary and the rename go beside the file it names, and the link stays a link.
"""

from __future__ import annotations

import errno
import glob
import gzip
import io
import os
import stat
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

TMP_SUFFIX = ".tmp"
_UMASK = os.umask(0)
os.umask(_UMASK)


class OutputError(Exception):
    """An output path nothing can be written at (one line: the path and why): exit code 2."""


class WriteError(OSError):
    """An output that failed while it was written (a full disk, a device's error): one line, the
    path and why; the run stops with exit code 1. An OSError still, with the system's errno and
    strerror, for callers that catch those. A broken pipe stays a BrokenPipeError: a reader that
    stops early is a normal way to read."""

    def __init__(self, name: str, exc: OSError):
        super().__init__(exc.errno, exc.strerror or str(exc))
        self.name = name

    def __str__(self) -> str:
        return f"{self.name}: cannot write: {self.strerror}"


def _write_error(exc: OSError, name: str) -> OSError:
    if isinstance(exc, (BrokenPipeError, WriteError)):
        return exc
    return WriteError(name, exc)


@contextmanager
def _writing(name: str) -> Iterator[None]:
    """Around the steps that write or close an output (never around the caller's work): a failure
    there is the output's."""
    try:
        yield
    except OSError as exc:
        raise _write_error(exc, name) from None


class _Checked:
    """A text stream whose failed writes name their output (see WriteError)."""

    def __init__(self, stream: IO[str], name: str):
        self.stream, self.name = stream, name

    def write(self, text: str) -> int:
        with _writing(self.name):
            return self.stream.write(text)

    def writelines(self, lines) -> None:
        with _writing(self.name):
            self.stream.writelines(lines)

    def flush(self) -> None:
        with _writing(self.name):
            self.stream.flush()

    def __getattr__(self, attr: str):
        return getattr(self.stream, attr)


@contextmanager
def atomic_writer(path: str | Path | None) -> Iterator[IO[str]]:
    """A text stream to ``path`` (renamed into place on success; see ``placement``), or stdout when
    path is None or '-'."""
    if path is None or str(path) == "-":
        yield _Checked(sys.stdout, "standard output")
        with _writing("standard output"):
            sys.stdout.flush()
        return
    path = Path(path)
    place = placement(path)
    if place is None:  # a device, a FIFO, /dev/stdout: into it, appended to (as `>>` would)
        with _writing(str(path)):
            raw = open(path, "ab")
        with _closing(raw, str(path)):
            with _encoder(raw, path) as stream:
                yield stream
        return
    with _writing(str(path)):
        place.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{place.name}.", suffix=TMP_SUFFIX, dir=place.parent)
    os.chmod(tmp, 0o666 & ~_UMASK)  # as an ordinary new file would be, not mkstemp's 0600
    try:
        raw = os.fdopen(fd, "wb")
        with _closing(raw, str(path)):
            with _encoder(raw, path) as stream:
                yield stream
            with _writing(str(path)):
                raw.flush()
                os.fsync(raw.fileno())
        with _writing(str(path)):
            os.replace(tmp, place)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def _closing(raw: IO[bytes], name: str) -> Iterator[None]:
    """Close ``raw`` after the block; a failure to close is the output's, unless the block failed
    first (its failure is the one to tell)."""
    try:
        yield
    except BaseException:
        try:
            raw.close()
        except OSError:
            pass
        raise
    with _writing(name):
        raw.close()


def placement(path: str | Path) -> Path | None:
    """Where the file written to ``path`` is renamed into place: the path, or through a symlink the
    file it names; None for a path written into directly (it is there and is not a regular file, or
    it is a link to an open file through /proc)."""
    path = Path(path)
    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = None  # not there yet (or a broken link: the file it names is made)
    if (mode is not None and not stat.S_ISREG(mode)) or _names_open_file(path):
        return None
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _names_open_file(path: Path) -> bool:
    """Whether a chain of links leads through /proc (/dev/stdout, /dev/fd/N): such a link names an
    open file, maybe the shell's own redirection, not a place in a folder to rename into."""
    link = os.path.abspath(path)
    for _ in range(40):  # (the kernel's own limit on a chain of links)
        if not os.path.islink(link):
            return False
        folder = os.path.realpath(os.path.dirname(link))
        if folder == "/proc" or folder.startswith("/proc/"):
            return True
        link = os.path.join(folder, os.readlink(link))
    return False


def check_output(path: str | Path | None, folder: bool = False, resume: bool = False, probe: bool = True) -> None:
    """Raise OutputError when nothing could be written at ``path`` (a file, or with ``folder`` a
    folder of outputs), so that a run fails before it starts, not after. With ``resume``, also a
    path that is not a regular file: there is no finished output to find there. ``probe`` creates
    and removes a temporary file where the output would be made, which asks the system itself."""
    if path is None:
        return
    if str(path) == "-":
        if resume:
            raise OutputError("-: --resume cannot resume on standard output")
        return
    path = Path(path)
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):  # (the folders are looked at below)
        mode = None
    except OSError as exc:  # a loop of links, no permission
        raise OutputError(f"{path}: {exc.strerror}") from None
    if folder:
        if mode is not None and not stat.S_ISDIR(mode):
            raise OutputError(f"{path}: not a folder")
        where = path
    else:
        if mode is not None and stat.S_ISDIR(mode):
            raise OutputError(f"{path}: is a folder")
        place = placement(path)
        if place is None:  # written into directly
            if resume:
                raise OutputError(f"{path}: not a regular file: --resume cannot resume there")
            if mode is None:  # /dev/fd/N of a closed descriptor
                raise OutputError(f"{path}: {os.strerror(errno.ENOENT)}")
            if stat.S_ISSOCK(mode):
                raise OutputError(f"{path}: a socket: cannot write into it")
            if not os.access(path, os.W_OK):
                raise OutputError(f"{path}: {os.strerror(errno.EACCES)}")
            return
        where = place.parent
    while not os.path.lexists(where) and where != where.parent:
        where = where.parent
    if not where.is_dir():
        raise OutputError(f"{path}: {where} is not a folder")
    if probe:
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TMP_SUFFIX, dir=where)
        except OSError as exc:
            raise OutputError(f"{path}: cannot create a file in {where}: {exc.strerror}") from None
        os.close(fd)
        os.unlink(tmp)


def remove_output(path: Path) -> None:
    """Remove a stale output file: a regular one only; anything else stands, written empty."""
    if path.is_symlink() or placement(path) is None:
        with atomic_writer(path):
            pass
    else:
        path.unlink(missing_ok=True)


@contextmanager
def _encoder(raw: IO[bytes], path: Path) -> Iterator[IO[str]]:
    name = path.name
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
        yield _Checked(text, str(path))
    except BaseException:
        try:  # what is buffered goes; the block's failure is the one to tell
            text.detach()
            if binary is not None:
                binary.close()
        except OSError:
            pass
        raise
    with _writing(str(path)):
        text.detach()  # (flushes)
        if binary is not None:
            binary.close()


def remove_stale_temps(folder: Path, name: str = "*") -> None:
    """Temporary files a killed run left behind, for the output ``name`` (or all) in a folder."""
    pattern = "*" if name == "*" else glob.escape(name)
    for tmp in folder.glob(f".{pattern}.*{TMP_SUFFIX}"):
        tmp.unlink(missing_ok=True)


def remove_stale_temps_of(path: str | Path | None) -> None:
    """The temporary files a killed run left for the output ``path`` (beside a link's target)."""
    place = None if path is None or str(path) == "-" else placement(path)
    if place is not None:
        remove_stale_temps(place.parent, place.name)
