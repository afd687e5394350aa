"""The line model's memory and its stop-word vote's time: two checkouts of cleaner side by side.

    git archive HEAD~1 | (mkdir -p /tmp/base && tar -x -C /tmp/base)   # the code to compare with
    python bench/bench_model_memory.py /tmp/base [--rounds 5]

Each checkout runs in processes of its own, its folder first on the path. First, whole processes:
``python -m cleaner clean DUMPS.jsonl -o OUT --jobs 1`` over the 83 development pages' whole-page
text dumps (bench/devset.py, no url), as they run (the line model on) and with ``--generic off``
(the rules alone): their peak RSS, and the difference, what the model costs a process (each worker
of ``--jobs N`` pays it). Then, closer: one process imports the line model's module, then loads the
model and scores the first page as cleaner does on its first text dump (the model file, jusText's
stoplists, the page's vote), then scores the other 82: its peak RSS after the import, after the
first page and after them all. A second does the same under tracemalloc: what Python allocated for
it (held after the first page, and the peak). A third times ``stop_words``: its first call (which
imports jusText and reads the stoplists), then the 83 pages, best of 5 passes after one more; these
run ``--rounds`` times, the two checkouts alternating, best of the rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from devset import load_devset  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

MEMORY = """
import json, resource, sys, tracemalloc
pages = json.load(open(sys.argv[2], encoding="utf-8"))
from cleaner.linemodel.model import default_model
rss = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
traced = sys.argv[1] == "traced"
if traced:
    tracemalloc.start()
before = rss()
default_model().score(pages[0])
held, peak = tracemalloc.get_traced_memory()
first = rss()
for lines in pages[1:]:
    default_model().score(lines)
print(json.dumps([before, first, rss(), held / 1e6, peak / 1e6]))
"""

VOTE = """
import json, sys, time
pages = json.load(open(sys.argv[1], encoding="utf-8"))
from cleaner.linemodel.features import stop_words
start = time.perf_counter()
stop_words(pages[0])
first = time.perf_counter() - start
for lines in pages:
    stop_words(lines)
best = float("inf")
for _ in range(5):
    start = time.perf_counter()
    for lines in pages:
        stop_words(lines)
    best = min(best, time.perf_counter() - start)
print(json.dumps([first, best / len(pages)]))
"""


def child(code: Path, script: str, *args: str) -> object:
    env = {**os.environ, "PYTHONPATH": str(code), "OMP_NUM_THREADS": "1"}
    out = subprocess.run([sys.executable, "-c", script, *args], env=env, cwd=code, check=True,
                         capture_output=True, text=True)  # -c puts the cwd first on the path
    return json.loads(out.stdout)


def clean_rss(code: Path, src: Path, out: Path, extra: list[str]) -> float:
    """The peak RSS in MB of one ``cleaner clean`` process."""
    env = {**os.environ, "PYTHONPATH": str(code), "OMP_NUM_THREADS": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "cleaner", "clean", str(src), "-o", str(out), "--jobs", "1", *extra],
                            env=env, cwd=code, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{code}: cleaner failed")
    return usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", type=Path, help="the checkout to compare with")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    contenders = {"base": args.base.resolve(), "this": ROOT}
    with tempfile.TemporaryDirectory() as tmp:
        pages, dumps = Path(tmp) / "pages.json", Path(tmp) / "dumps.jsonl"
        pages.write_text(json.dumps([page["dump"].splitlines() for page in load_devset()]), encoding="utf-8")
        dumps.write_text("".join(json.dumps({"id": page["id"], "text": page["dump"]}) + "\n" for page in load_devset()),
                         encoding="utf-8")
        whole = {name: [clean_rss(code, dumps, Path(tmp) / f"{name}{k}.jsonl", extra)
                        for k, extra in enumerate(([], ["--generic", "off"]))] for name, code in contenders.items()}
        memory = {name: child(code, MEMORY, "rss", str(pages)) for name, code in contenders.items()}
        traced = {name: child(code, MEMORY, "traced", str(pages)) for name, code in contenders.items()}
        load = {name: float("inf") for name in contenders}
        vote = dict(load)
        for _ in range(args.rounds):
            for name, code in contenders.items():
                first, each = child(code, VOTE, str(pages))
                load[name], vote[name] = min(load[name], first), min(vote[name], each)
    print(f"{'':6}{'clean RSS MB: model':>20}{'rules alone':>12}{'model':>7}")
    for name, (model, rules) in whole.items():
        print(f"{name:6}{model:20.0f}{rules:12.0f}{model - rules:7.0f}")
    print()
    print(f"{'':6}{'RSS MB: import':>15}{'1st page':>9}{'83 pages':>9}{'model':>7}"
          f"{'traced MB: held':>17}{'peak':>6}{'1st vote s':>12}{'vote µs/page':>14}")
    for name in contenders:
        before, first, last, _, _ = memory[name]
        print(f"{name:6}{before:15.0f}{first:9.0f}{last:9.0f}{first - before:7.0f}"
              f"{traced[name][3]:17.1f}{traced[name][4]:6.1f}{load[name]:12.3f}{vote[name] * 1e6:14.0f}")
    print(f"base/this: the model's RSS in clean {(whole['base'][0] - whole['base'][1]) / (whole['this'][0] - whole['this'][1]):.2f}x, "
          f"on its own {(memory['base'][1] - memory['base'][0]) / (memory['this'][1] - memory['this'][0]):.2f}x, "
          f"held {traced['base'][3] / traced['this'][3]:.2f}x, first vote {load['base'] / load['this']:.2f}x, "
          f"vote time {vote['base'] / vote['this']:.3f}x")


if __name__ == "__main__":
    main()
