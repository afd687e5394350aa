"""Limits that keep one bad document or one bad rule from hanging or swamping a run.

- Time: every regular expression a rule runs draws on the document's budget (``rule_seconds``);
  a document whose rules run out of time raises RuleTimeout, which names the rule, and a pipeline
  turns it into an error record and goes on.
- Lines: a line longer than ``max_line`` characters makes the document a LimitError.
- Decompression: a compressed input that inflates past ``max_decompressed`` bytes stops with a
  LimitError (a gzip or zstd bomb), in bounded memory.
"""

from __future__ import annotations

import io
import threading
import time

DEFAULT_RULE_SECONDS = 5.0
DEFAULT_MAX_LINE = 200_000
DEFAULT_MAX_DECOMPRESSED = 20 * 10**9

_local = threading.local()


class LimitError(ValueError):
    """A document or an input over one of the limits."""


class RuleTimeout(LimitError):
    """A document whose rules ran out of time; the message names the rule."""


def start(seconds: float) -> None:
    """Start the budget of the document now being cleaned (per thread)."""
    _local.deadline = time.monotonic() + seconds
    _local.seconds = seconds


def stop() -> None:
    _local.deadline = None


def remaining() -> float:
    """Seconds left for the current document's rules; a regex call passes it as its timeout."""
    deadline = getattr(_local, "deadline", None)
    if deadline is None:
        return DEFAULT_RULE_SECONDS
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("regex timed out")
    return left


def budget() -> float:
    return getattr(_local, "seconds", DEFAULT_RULE_SECONDS)


class Capped(io.RawIOBase):
    """A binary stream that refuses to give more than ``limit`` bytes."""

    def __init__(self, stream, limit: int, name: str):
        self.stream, self.limit, self.name, self.count = stream, limit, name, 0

    def readable(self) -> bool:
        return True

    def tell(self) -> int:  # where the decompressed stream stands (FastWARC asks, of stdin)
        return self.count

    def readinto(self, buffer) -> int:
        data = self.stream.read(len(buffer))
        self.count += len(data)
        if self.count > self.limit:
            raise LimitError(f"{self.name}: decompresses to more than {self.limit} bytes (--max-decompressed)")
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.stream.close()
        super().close()
