"""Progress on stderr while a run goes: documents, docs/s and errors; when the inputs' size is
known (files on disk), the bytes done of the total, the percentage and an ETA; and the input the
latest document came from.

On a terminal, a rich bar. Elsewhere (a log file, a pipe) with --progress, a plain line every few
seconds and one at the end. Never on stdout: that is the data's.
"""

from __future__ import annotations

import os
import stat
import sys
import time
from typing import Callable, TextIO

EVERY = 5.0  # seconds between two plain lines


def input_sizes(sources) -> dict[str, int] | None:
    """Each input's size in bytes; None when one has none (stdin, a pipe)."""
    sizes = {}
    for source in sources:
        try:
            st = os.stat(source.path) if source.path != "-" else None
        except OSError:
            st = None
        if st is None or not stat.S_ISREG(st.st_mode):
            return None
        sizes[source.path] = st.st_size
    return sizes


def clock_time(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class Progress:
    """Shown when ``show`` says so (None: when the stream is a terminal); nothing at all when not.
    ``clock`` and ``interval`` pace the plain lines (tests give their own)."""

    def __init__(self, show: bool | None, sources, stream: TextIO | None = None,
                 clock: Callable[[], float] = time.monotonic, interval: float = EVERY):
        self.stream = stream or sys.stderr
        terminal = self.stream.isatty()
        self.show = terminal if show is None else show
        self.clock, self.interval = clock, interval
        self.start = self.last = clock()
        self.sizes = input_sizes(sources) if self.show else None
        self.total = sum(self.sizes.values()) if self.sizes else None
        self.docs = self.errors = self.read = 0
        self.finished = self.in_current = 0  # bytes of the inputs done; of the current one so far
        self.current: str | None = None
        self.bar = None
        if self.show and terminal:
            from rich.console import Console
            from rich.progress import BarColumn, Progress as Bar, TextColumn

            columns = ([BarColumn()] if self.total else []) + [TextColumn("{task.description}")]
            self.bar = Bar(*columns, console=Console(file=self.stream), transient=False)
            self.task = self.bar.add_task(self.status(), total=self.total)
            self.bar.start()

    def advance(self, done, docs: int, errors: int) -> None:
        """One more result (``done``, a pipeline Done: a document, or the end of an input);
        ``docs`` and ``errors`` so far (the run's stats count them)."""
        if not self.show:
            return
        path = done.item.source.path
        self.docs, self.errors = docs, errors
        if done.is_end:  # the whole input is done, whatever its documents' bytes came to
            self.finished += self.sizes.get(path, 0) if self.sizes else 0
            self.in_current = 0
        else:
            self.current = path
            self.read += done.read
            if not path.lower().endswith((".gz", ".zst")):  # a compressed input's bytes count when it is done
                self.in_current += done.read
        if self.bar is not None:
            self.bar.update(self.task, completed=self.position(), description=self.status())
        elif self.clock() - self.last >= self.interval:
            self.last = self.clock()
            self.stream.write(f"cleaner: {self.status()}\n")
            self.stream.flush()

    def position(self) -> int:
        """Bytes of the inputs done (never past the total)."""
        current = self.sizes.get(self.current, 0) if self.sizes and self.current else 0
        return self.finished + min(self.in_current, current)

    def status(self, final: bool = False) -> str:
        elapsed = max(self.clock() - self.start, 1e-9)
        parts = [f"{self.docs:,} docs", f"{self.docs / elapsed:,.0f} docs/s", f"{self.errors:,} errors"]
        if self.total:
            done = self.position()
            parts.append(f"{done / 1e6:,.1f} of {self.total / 1e6:,.1f} MB ({100 * done // self.total}%)")
            if not final:
                left = (self.total - done) * elapsed / done if done else None
                parts.append(f"ETA {clock_time(left) if left is not None else '?'}")
        else:
            parts.append(f"{self.read / 1e6:,.1f} MB read")
        if final:
            return f"done in {clock_time(elapsed)}: " + ", ".join(parts)
        return ", ".join(parts) + (f"; input {self.current}" if self.current else "")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.update(self.task, completed=self.position(), description=self.status())
            self.bar.stop()
        elif self.show:
            self.stream.write(f"cleaner: {self.status(final=True)}\n")
            self.stream.flush()
