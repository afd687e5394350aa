"""Two checkouts of cleaner side by side: whole processes, alternating, best of the rounds, and
their outputs compared byte for byte.

    git archive HEAD~1 | (mkdir -p /tmp/base && tar -x -C /tmp/base)   # the code to compare with
    python bench/bench_ab.py /tmp/base [--mb 10] [--rounds 5]

Corpora (JSONL, as bench_pipeline.py makes them): ``seed+generic``, the fixture inputs made unique by
their number, to ``--mb`` MB; ``unknown``, the 83 development pages' whole-page text dumps
(bench/devset.py, no url: only the shared rules run) made unique the same way, to ``--mb`` MB;
``html``, the 83 development pages as HTML with their urls, once. Each runs
``python -m cleaner clean IN -o OUT --jobs 1`` with each checkout first on ``PYTHONPATH``, best
wall and best CPU time (user + system) of the rounds; the bench stops if the two outputs differ.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pipeline import ROOT, make_corpus  # noqa: E402
from devset import DATA, load_devset  # noqa: E402


def unknown_corpus(path: Path, megabytes: float) -> None:
    make_corpus(path, megabytes, [page["dump"] for page in load_devset()])


def html_corpus(path: Path) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for page in load_devset():
            with gzip.open(DATA / "html" / f"{page['id']}.html.gz", "rt", encoding="utf-8") as f:
                out.write(json.dumps({"id": page["id"], "url": page["url"], "html": f.read()}) + "\n")


def run(code: Path, src: Path, out: Path, extra: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one process: on a shared machine the CPU time
    moves less with the other processes' load."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "cleaner", "clean", str(src), "-o", str(out), "--jobs", "1", *extra],
                            env=env, cwd=code, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # -m puts the cwd first
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{code}: cleaner failed with exit code {proc.returncode}")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", type=Path, help="the checkout to compare with")
    parser.add_argument("--mb", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    contenders = {"base": args.base.resolve(), "this": ROOT}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        make_corpus(tmp / "seed+generic.jsonl", args.mb)
        unknown_corpus(tmp / "unknown.jsonl", args.mb)
        html_corpus(tmp / "html.jsonl")
        print(f"{'corpus':<14} {'wall: base s':>12} {'this s':>7} {'base/this':>9}   {'CPU: base s':>11} {'this s':>7} "
              f"{'base/this':>9}  outputs")
        for corpus, extra in (("seed+generic", []), ("unknown", []), ("html", ["--html-field", "html"])):
            src = tmp / f"{corpus}.jsonl"
            wall = {name: float("inf") for name in contenders}
            cpu = dict(wall)
            for _ in range(args.rounds):  # alternating within each round
                for name, code in contenders.items():
                    w, c = run(code, src, tmp / f"{name}.out", extra)
                    wall[name], cpu[name] = min(wall[name], w), min(cpu[name], c)
            same = (tmp / "base.out").read_bytes() == (tmp / "this.out").read_bytes()
            print(f"{corpus:<14} {wall['base']:12.2f} {wall['this']:7.2f} {wall['base'] / wall['this']:8.3f}x   "
                  f"{cpu['base']:11.2f} {cpu['this']:7.2f} {cpu['base'] / cpu['this']:8.3f}x  {'identical' if same else 'DIFFER'}")
            sys.stdout.flush()
            if not same:
                raise SystemExit(f"{corpus}: the outputs differ")


if __name__ == "__main__":
    main()
