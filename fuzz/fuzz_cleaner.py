"""Coverage-guided fuzzing (atheris) of decoding, normalising, rule matching and the readers.

    pip install atheris
    python fuzz/fuzz_cleaner.py TARGET [-runs=N | -max_total_time=SECONDS] [libFuzzer options]

TARGET is one of: clean (bytes as a text dump), html (bytes as an HTML page), jsonl (bytes as a
JSONL shard through the pipeline step), warc (bytes as a WARC file through the reader). A target
fails only on an exception the project does not document: DecodeError and LimitError are answers,
ExtractionError too; anything else is a crash. docs/reliability.md keeps the figures of the long runs.
"""

from __future__ import annotations

import sys
import tempfile

import atheris

with atheris.instrument_imports():
    from cleaner import Cleaner, DecodeError
    from cleaner.html import ExtractionError
    from cleaner.limits import LimitError
    from cleaner.corpus.pipeline import Options, Step
    from cleaner.corpus.readers import Source, read_items

CLEANER = Cleaner(rule_seconds=2.0)
ANSWERS = (DecodeError, LimitError, ExtractionError)


def clean(data: bytes) -> None:
    try:
        CLEANER.clean(data, kind="text")
    except ANSWERS:
        pass


def html(data: bytes) -> None:
    try:
        CLEANER.clean(data, kind="html")
    except ANSWERS:
        pass


def _through_step(path: str, fmt: str) -> None:
    step = Step(CLEANER, Options())
    items = list(read_items(Source(path, fmt)))
    assert items and items[-1].kind == "end"
    for item in items:
        done = step(item)
        assert done.is_end or done.error is not None or done.out is not None


def jsonl(data: bytes) -> None:
    with tempfile.NamedTemporaryFile(suffix=".jsonl") as f:
        f.write(data)
        f.flush()
        _through_step(f.name, "jsonl")


def warc(data: bytes) -> None:
    with tempfile.NamedTemporaryFile(suffix=".warc") as f:
        f.write(data)
        f.flush()
        _through_step(f.name, "warc")


TARGETS = {"clean": clean, "html": html, "jsonl": jsonl, "warc": warc}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: python fuzz/fuzz_cleaner.py {{{','.join(TARGETS)}}} [libFuzzer options]")
    target = TARGETS[sys.argv.pop(1)]
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
