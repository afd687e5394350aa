"""Limits that keep one bad document or one bad rule from hanging or swamping a run.

- Time: the rules of one document share a budget (``rule_seconds``). In the main thread an alarm
  (``setitimer``, the process's CPU time) is armed for each document; the regex module checks for
  signals in its backtracking loop, so a runaway pattern is interrupted at the budget, and no
  regex call pays for a timeout of its own. Where signals cannot be used (a thread other than the
  main one, a platform without ``setitimer``) every regex call passes the time left as its
  ``timeout``. Either way a document out of time raises TimeoutError, which the engine turns into
  RuleTimeout naming the rule, and a pipeline turns that into an error record and goes on.
- Lines: a line longer than ``max_line`` characters makes the document a LimitError.
- Decompression: a compressed input that inflates past ``max_decompressed`` bytes stops with a
  LimitError (a gzip or zstd bomb), in bounded memory.
"""

from __future__ import annotations

import io
import signal
import threading
import time

try:  # the C module under `signal`: the same calls without the enum conversions (7 µs -> 0.6 µs)
    import _signal as _sig
except ImportError:  # pragma: no cover - an interpreter without it
    _sig = signal

DEFAULT_RULE_SECONDS = 5.0
DEFAULT_MAX_LINE = 200_000
DEFAULT_MAX_DECOMPRESSED = 20 * 10**9

# CPU time rather than wall-clock time: a loaded machine does not cut documents off, and SIGPROF is
# rarely used by applications (SIGALRM is).
_TIMER = getattr(signal, "ITIMER_PROF", None)
_SIGNAL = getattr(signal, "SIGPROF", None)
_ALARMED = "alarm"  # the deadline of a document the alarm guards: regex calls pass no timeout
_MAIN = threading.main_thread()

_local = threading.local()


class LimitError(ValueError):
    """A document or an input over one of the limits."""


class RuleTimeout(LimitError):
    """A document whose rules ran out of time; the message names the rule."""


def _expired(signum, frame) -> None:
    # Handlers run in the main thread, between bytecodes or inside the regex module's loop. A
    # signal that comes in after stop() (it was on its way) finds no document and does nothing.
    if getattr(_local, "deadline", None) is _ALARMED:
        raise TimeoutError("the document's time budget ran out")


def start(seconds: float) -> None:
    """Start the budget of the document now being cleaned (per thread)."""
    _local.seconds = seconds
    _local.deadline = time.monotonic() + seconds
    if _TIMER is None or threading.current_thread() is not _MAIN:
        return  # no signals here: each regex call gets the time left as its timeout
    previous = _sig.getsignal(_SIGNAL)
    if previous is None:
        return  # a handler installed from outside Python could not be put back
    try:
        _sig.signal(_SIGNAL, _expired)
    except ValueError:  # not the main interpreter
        return
    _local.previous = (previous, _sig.setitimer(_TIMER, seconds))
    _local.deadline = _ALARMED


def stop() -> None:
    """End the document's budget; put back the signal handler and timer that were there before."""
    _local.deadline = None
    state = getattr(_local, "previous", None)
    if state is None:
        return
    _local.previous = None
    handler, (left, interval) = state
    ours = _sig.setitimer(_TIMER, 0)[0]
    _sig.signal(_SIGNAL, handler)
    if left > 0:  # someone else's timer: what it had left, less what this document used
        _sig.setitimer(_TIMER, max(left - (_local.seconds - ours), 1e-6), interval)


def remaining() -> float | None:
    """The timeout a regex call passes: None when the document's alarm guards it, else the seconds
    left of the current document's budget (the default budget outside any document)."""
    deadline = getattr(_local, "deadline", None)
    if deadline is _ALARMED:
        return None
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
        # read1 where there is one: what is at hand, so that the bytes inflated before a failure (a
        # gzip cut short) are handed on before it is raised; read() would drop them with it
        self._read = getattr(stream, "read1", stream.read)

    def readable(self) -> bool:
        return True

    def tell(self) -> int:  # where the decompressed stream stands (FastWARC asks, of stdin)
        return self.count

    def readinto(self, buffer) -> int:
        data = self._read(len(buffer))
        self.count += len(data)
        if self.count > self.limit:
            raise LimitError(f"{self.name}: decompresses to more than {self.limit} bytes (--max-decompressed)")
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.stream.close()
        super().close()
