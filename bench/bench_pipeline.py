"""JSONL in, JSONL out: whole processes side by side in one run, as ratios.

For each corpus size it generates a JSONL corpus from the fixture inputs (records of 2 to 5 kB,
each text made unique by its number, written at the end of its longest line, a paragraph of the
body: no cache can help, and the page keeps its shape), then times, as separate processes:

- ``ftfy``: a Python process that reads the same JSONL and runs ``ftfy.fix_text`` on each text
  (the yardstick: what repairing the text alone costs);
- ``no rules``: a Python process that does what cleaner must do besides the rules, and no more:
  read the JSONL, normalise each text exactly as cleaner does (ftfy's output, fast path and all,
  then spaces and lines), join its paragraphs and write the record. Its speed over ftfy's is the
  most any set of rules could leave to cleaner;
- ``cleaner --jobs 1`` and ``cleaner --jobs 2``: ``cleaner clean in.jsonl -o out.jsonl``, the
  defaults (the line model at ``conservative`` on every page no complete site file describes);
- ``cleaner --generic off``: ``--jobs 1`` with the rules alone (the line model off);
- with ``--corpus unknown`` (the 83 development pages' whole-page text dumps, bench/devset.py:
  sites no rule file knows, so the shared rules and the line model run) also, where datatrove and
  spaCy are installed, ``datatrove ftfy+C4``: a
  datatrove pipeline of its ftfy formatter and its C4 quality filter (C4's line filter: lines
  without terminal punctuation, short lines, javascript and policy lines go) between its JSONL
  reader and writer, one task: what a corpus builder runs today instead of cleaner.

Peak RSS is the largest sum of resident memory over the process and its children, sampled every
20 ms (psutil). Each contender runs ``--rounds`` times; the best time and the largest peak count.

    pip install psutil
    python bench/bench_pipeline.py --sizes 10,100 --rounds 1
    pip install '.[bench,datatrove]' spacy
    python bench/bench_pipeline.py --corpus unknown --sizes 10 --rounds 3
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent

FTFY_ALONE = """
import json, sys, ftfy
with open(sys.argv[1], "rb") as stream, open(sys.argv[2], "w", encoding="utf-8") as out:
    for line in stream:
        out.write(ftfy.fix_text(json.loads(line)["text"]) + "\\n")
"""

NO_RULES = """
import json, sys
from cleaner.text.normalize import normalize
from cleaner.record import CORE_METADATA, dumps
with open(sys.argv[1], "rb") as stream, open(sys.argv[2], "w", encoding="utf-8") as out:
    for line in stream:
        doc = json.loads(line)
        text = "\\n\\n".join(p for p in normalize(doc["text"]).split("\\n") if p)
        record = {"id": doc["id"], "site": None, "text": text, "captions": [],
                  "metadata": dict.fromkeys(CORE_METADATA)}
        out.write(dumps(record) + "\\n")
"""


DATATROVE_C4 = """
import sys
from pathlib import Path
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.filters import C4QualityFilter
from datatrove.pipeline.formatters import FTFYFormatter
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter
src = Path(sys.argv[1])
LocalPipelineExecutor(pipeline=[
    JsonlReader(str(src.parent), glob_pattern=src.name, compression=None),
    FTFYFormatter(), C4QualityFilter(), JsonlWriter(sys.argv[2], compression=None),
], tasks=1, workers=1, logging_dir=sys.argv[2] + ".logs",  # its own logs, not in the working folder
   skip_completed=False).run()  # every round does the work (by default a task done is skipped)
"""


def unique(text: str, n: int) -> str:
    """The text with its longest line (a paragraph of the body) ending in its number. A line of
    its own would break the page's shape: between a header's lines it stops the header rule from
    matching, which no real page does."""
    lines = text.split("\n")
    k = max(range(len(lines)), key=lambda i: len(lines[i]))
    lines[k] += f" Record {n}."
    return "\n".join(lines)


def make_corpus(path: Path, megabytes: float, texts: list[str] | None = None) -> int:
    """A JSONL corpus of ``megabytes`` from ``texts`` (the fixture inputs), each made unique."""
    if texts is None:
        texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures").rglob("*.input.txt"))]
    if not texts:
        raise SystemExit("no texts to make a corpus of")
    target = int(megabytes * 1e6)
    written = n = 0
    with open(path, "w", encoding="utf-8") as out:
        while written < target:
            text = unique(texts[n % len(texts)], n)
            line = json.dumps({"id": f"doc-{n}", "text": text, "source": "bench"}, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
            n += 1
    return n


def measure(cmd: list[str]) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MB, summed over the process tree) of one command."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    done = threading.Event()

    def sample():
        nonlocal peak
        ps = psutil.Process(proc.pid)
        while not done.is_set():
            try:
                procs = [ps] + ps.children(recursive=True)
                peak = max(peak, sum(p.memory_info().rss for p in procs))
            except psutil.Error:
                pass
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = proc.wait()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if code != 0:
        raise SystemExit(f"{' '.join(cmd)} failed with exit code {code}")
    return elapsed, peak / 1e6


def _importable(*modules: str) -> bool:
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in modules)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100", help="corpus sizes in MB, comma-separated")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--corpus", choices=("fixtures", "unknown"), default="fixtures",
                        help="the fixture inputs (the seed site and unknown sites), or the development "
                             "pages' whole-page dumps (unknown sites only)")
    args = parser.parse_args()
    texts = None
    if args.corpus == "unknown":
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from devset import load_devset

        texts = [page["dump"] for page in load_devset()]
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "ftfy_alone.py").write_text(FTFY_ALONE)
        (tmp / "no_rules.py").write_text(NO_RULES)
        (tmp / "datatrove_c4.py").write_text(DATATROVE_C4)
        print(f"{'corpus':>8} {'contender':<22} {'docs/s':>8} {'MB/s':>7} {'peak RSS MB':>12} {'speed vs ftfy':>14}")
        for size in [float(s) for s in args.sizes.split(",")]:
            src = tmp / "in.jsonl"
            docs = make_corpus(src, size, texts)
            mb = src.stat().st_size / 1e6
            contenders = {
                "ftfy.fix_text": [py, str(tmp / "ftfy_alone.py"), str(src), str(tmp / "ftfy.out")],
                "no rules": [py, str(tmp / "no_rules.py"), str(src), str(tmp / "none.out")],
                "cleaner --jobs 1": [py, "-m", "cleaner", "clean", str(src), "-o", str(tmp / "o1.jsonl"), "--jobs", "1"],
                "cleaner --jobs 2": [py, "-m", "cleaner", "clean", str(src), "-o", str(tmp / "o2.jsonl"), "--jobs", "2"],
            }
            contenders["cleaner --generic off"] = [py, "-m", "cleaner", "clean", str(src), "-o", str(tmp / "off.jsonl"),
                                                   "--jobs", "1", "--generic", "off"]
            if args.corpus == "unknown":
                if _importable("datatrove", "spacy"):
                    contenders["datatrove ftfy+C4"] = [py, str(tmp / "datatrove_c4.py"), str(src), str(tmp / "dt")]
            best = {name: (float("inf"), 0.0) for name in contenders}
            for _ in range(args.rounds):  # alternate contenders within each round
                for name, cmd in contenders.items():
                    t, rss = measure(cmd)
                    best[name] = (min(best[name][0], t), max(best[name][1], rss))
            if (tmp / "o1.jsonl").read_bytes() != (tmp / "o2.jsonl").read_bytes():
                raise SystemExit("--jobs 1 and --jobs 2 outputs differ")
            base = best["ftfy.fix_text"][0]
            for name, (t, rss) in best.items():
                print(f"{mb:7.0f}M {name:<22} {docs / t:8.0f} {mb / t:7.2f} {rss:12.0f} {base / t:13.2f}x")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
