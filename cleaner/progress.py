"""Progress on stderr while a run goes: documents, MB/s, errors, and an ETA when the size is known."""

from __future__ import annotations

import sys
import time


class Progress:
    """A rich progress bar when shown; nothing at all when not (a pipe, a log file)."""

    def __init__(self, show: bool | None, total_bytes: int | None):
        self.show = sys.stderr.isatty() if show is None else show
        self.bar = None
        self.start = time.monotonic()
        if self.show:
            from rich.console import Console
            from rich.progress import BarColumn, Progress as Bar, TextColumn, TimeRemainingColumn

            columns = [TextColumn("{task.description}"), BarColumn(), TimeRemainingColumn()] if total_bytes else \
                [TextColumn("{task.description}")]
            self.bar = Bar(*columns, console=Console(stderr=True), transient=False)
            self.task = self.bar.add_task("", total=total_bytes or None)
            self.bar.start()

    def advance(self, nbytes: int, docs: int, errors: int) -> None:
        """``nbytes`` more read; ``docs`` and ``errors`` so far (the run's stats count them)."""
        if self.bar is None:
            return
        done = self.bar.tasks[0].completed + nbytes
        rate = done / 1e6 / max(time.monotonic() - self.start, 1e-9)
        self.bar.update(self.task, advance=nbytes, description=f"{docs} docs  {rate:.1f} MB/s  {errors} errors")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
