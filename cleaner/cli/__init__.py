"""The command line: a thin typer layer over the engine.

Data goes to stdout (or the files named), diagnostics to stderr, one line each. Exit codes:
0 all done; 1 some input could not be cleaned (the rest was), or an output could not be written;
2 usage or rule-file errors.

One module a command group: ``clean``, ``explain``, ``authoring`` (test, lint, suggest), and
``common`` (the app and what the commands share). ``main`` is the console script.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys

import typer

from cleaner.cli.common import EXIT_OK, EXIT_RUNTIME, app
from cleaner.corpus.sinks import WriteError
# Importing a command module registers its commands; --help lists them in this order.
from cleaner.cli import clean  # noqa: F401  (clean)
from cleaner.cli import explain  # noqa: F401  (explain)
from cleaner.cli import authoring  # noqa: F401  (test, lint, suggest)

# Usage errors (a missing argument, an option's bad value): click's, vendored by newer typer.
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports it
_CLICK_ERROR = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


def main() -> None:
    # At exit the system takes the process's memory back at once. Python would first run a last
    # collection over every object still alive (the rules, the extractor's modules): about 30 ms a
    # run, for nothing. Frozen objects are not collected; atexit handlers and the flushing of
    # streams still run, but not the __del__ of objects in reference cycles, which Python never
    # promises: every output is closed before main returns. (Spack does the same.)
    atexit.register(gc.freeze)
    try:
        code = app(standalone_mode=False)
        if code == EXIT_INTERRUPTED:  # typer turns Ctrl-C into this code, without a word
            typer.echo("cleaner: interrupted", err=True)
        sys.exit(code)
    except _CLICK_ERROR as exc:  # typer's own display is a box of lines; ours is one line
        if type(exc).__name__ != "NoArgsIsHelpError":  # `cleaner` alone: typer has shown the help
            typer.echo(f"cleaner: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except WriteError as exc:  # a full disk: the output is not whole, and the run stops
        typer.echo(f"cleaner: {exc}", err=True)
        _quiet_stdout()
        sys.exit(EXIT_RUNTIME)
    except BrokenPipeError:  # `cleaner clean ... | head` is a normal way to read
        sys.stderr.close()
        sys.exit(EXIT_OK)
    except OSError as exc:  # what the system refused past the commands' own checks: stdout full, most often
        typer.echo(f"cleaner: {f'{exc.filename}: ' if exc.filename else ''}{exc.strerror or exc}", err=True)
        _quiet_stdout()
        sys.exit(EXIT_RUNTIME)
    except SystemExit as exc:
        # Typer (as click) meets the broken pipe first: it wraps stdout to write nothing more and
        # exits 1, which would say that an input failed; one did only if the command says so (clean
        # sets the exit code its run had earned on the error, which the exit's context is).
        if exc.code == 1 and type(sys.stdout).__name__ == "PacifyFlushWrapper":
            sys.exit(getattr(exc.__context__, "exit_code", EXIT_OK))
        raise
    except KeyboardInterrupt:  # (outside the command: while typer starts)
        typer.echo("cleaner: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null: what it still buffers would fail again at exit, with a message
    of Python's own after ours."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # (no real stdout: nothing will flush at exit)
        pass
