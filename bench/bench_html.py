"""HTML pages: cleaner beside trafilatura and readability-lxml, on a development folder, in one run.

The folder (``--data``, the article-extraction-benchmark's 83 development pages by default;
``../shared/data/cleaneval`` is the second set) holds ``ground-truth.json`` ({id: {articleBody,
url?}}) and ``html/<id>.html.gz``. Contenders, each given the page's HTML and url (None where the
truth gives none):
- ``trafilatura default``: ``trafilatura.extract(html, url=url)``;
- ``trafilatura recall``: the same with ``favor_recall=True``;
- ``trafilatura precision``: ``extract(html, url=url, favor_precision=True, include_comments=False)``
  (the best configuration the benchmark's README reports);
- ``readability-lxml``: ``Document(html).summary()`` made text by html-text (the best peer
  on the held-out benchmarks of issue 21);
- ``cleaner``: ``Cleaner().clean(html, url=url, kind="html").text`` (trafilatura's main
  extractor, ``fast=True, include_comments=False``, and where the page holds text that left unread
  its port of readability, taken when not shorter and a quarter new (cleaner/html/choice.py); then
  the site's and the shared text rules;
  figures become caption records);
- ``cleaner --extract balanced``: the same with trafilatura's fallback extractors.

Scores use the benchmark's metric (bench/metric.py): precision, recall, F1, exact accuracy; speed is
pages per second over the whole set, best of --rounds, contenders alternating within each round.

    PYTHONPATH=. python bench/bench_html.py [--data FOLDER] [--rounds 2] [--worst 10] [--processes 3]
    PYTHONPATH=. python bench/bench_html.py --data FOLDER --rounds 3 --processes-only   # speed alone

(``PYTHONPATH=.`` from a checkout: a script's own folder comes first on the path, so without it an
installed ``cleaner`` is imported instead of the checkout's.)
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

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parent))
from metric import corpus_scores, page_scores, tokens  # noqa: E402

from cleaner import Cleaner  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "article-extraction-benchmark"


def load_pages(data: Path = DATA) -> list[dict]:
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    return [{"id": k, "url": v.get("url"), "truth": v["articleBody"],
             "html": gzip.decompress((data / "html" / f"{k}.html.gz").read_bytes()).decode("utf-8", "replace")}
            for k, v in sorted(truth.items())]


def readability_text(html: str) -> str:
    import logging

    import html_text
    from readability import Document

    logging.getLogger("readability").setLevel(logging.CRITICAL)  # it logs a page it cannot read with a traceback

    try:
        return html_text.extract_text(Document(html).summary(html_partial=True))
    except Exception:  # noqa: BLE001 - a peer's failure on a page is an empty answer, as trafilatura's None
        return ""


TRAFILATURA_PROCESS = """
import json, sys, trafilatura
with open(sys.argv[1], encoding="utf-8") as pages, open(sys.argv[2], "w", encoding="utf-8") as out:
    for line in pages:
        page = json.loads(line)
        options = dict(favor_precision=True, include_comments=False) if sys.argv[3] == "precision" else {}
        text = trafilatura.extract(page["html"], url=page["url"], **options)
        out.write(json.dumps({"id": page["id"], "text": text or ""}, ensure_ascii=False) + "\\n")
"""


def whole_processes(pages: list[dict], rounds: int, repeat: int) -> None:
    """The pages (``repeat`` times over) as one JSONL file; trafilatura's default and its best
    configuration, each in a Python process that reads it and writes JSONL, beside ``cleaner clean
    --html-field html``:
    wall and CPU time (user and system) of whole processes, imports included, alternating, best of
    the rounds. On a shared machine (a virtual one whose host steals cycles) CPU time is the steadier."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "pages.jsonl"
        with open(corpus, "w", encoding="utf-8") as out:
            for n in range(repeat):
                for p in pages:
                    out.write(json.dumps({"id": f"{p['id']}-{n}", "url": p["url"], "html": p["html"]}) + "\n")
        commands = {
            "trafilatura default": [sys.executable, "-c", TRAFILATURA_PROCESS, str(corpus), str(Path(tmp) / "t.jsonl"),
                                    "default"],
            "trafilatura precision": [sys.executable, "-c", TRAFILATURA_PROCESS, str(corpus), str(Path(tmp) / "t.jsonl"),
                                      "precision"],
            "cleaner clean --jobs 1": [sys.executable, "-m", "cleaner", "clean", str(corpus), "--html-field", "html",
                                       "-o", str(Path(tmp) / "c.jsonl"), "--jobs", "1", "--no-progress"],
        }
        # Modules run from their compiled bytecode, as an installed package's do (pip compiles them when
        # it installs; an editable install leaves that to the first run, which the best round skips).
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        best = {name: float("inf") for name in commands}
        cpu = {name: float("inf") for name in commands}
        for _ in range(rounds):
            for name, cmd in commands.items():
                start, before = time.perf_counter(), os.times()
                subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
                after = os.times()
                best[name] = min(best[name], time.perf_counter() - start)
                cpu[name] = min(cpu[name], after.children_user - before.children_user
                                + after.children_system - before.children_system)
    n = len(pages) * repeat
    print(f"\nwhole processes, {n} pages as JSONL ({repeat}x the set), best of {rounds} rounds")
    print(f"  {'':24} {'wall':>9} {'pages/s':>8} {'speed':>6}   {'CPU':>7} {'speed':>6}   (x trafilatura default's)")
    for name, seconds in best.items():
        print(f"  {name:24} {seconds:7.1f} s {n / seconds:8.1f} {best['trafilatura default'] / seconds:5.2f}x"
              f"   {cpu[name]:5.1f} s {cpu['trafilatura default'] / cpu[name]:5.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="a folder of ground-truth.json and html/<id>.html.gz")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--worst", type=int, default=10, help="list the pages where cleaner loses most F1")
    parser.add_argument("--processes", type=int, default=0, metavar="N",
                        help="also time whole processes over the pages N times over (JSONL in, JSONL out)")
    parser.add_argument("--processes-only", action="store_true", help="only the whole processes' times")
    args = parser.parse_args()
    pages = load_pages(args.data)
    if args.processes_only:
        whole_processes(pages, args.rounds, args.processes or 1)
        return
    cleaner = Cleaner()  # --extract fast, the default
    balanced = Cleaner(html_mode="balanced")
    contenders = {
        "trafilatura default": lambda p: trafilatura.extract(p["html"], url=p["url"]) or "",
        "trafilatura recall": lambda p: trafilatura.extract(p["html"], url=p["url"], favor_recall=True) or "",
        "trafilatura precision": lambda p: trafilatura.extract(p["html"], url=p["url"], favor_precision=True,
                                                               include_comments=False) or "",
        "readability-lxml": lambda p: readability_text(p["html"]),
        "cleaner": lambda p: cleaner.clean(p["html"], url=p["url"], kind="html").text,
        "cleaner --extract balanced": lambda p: balanced.clean(p["html"], url=p["url"], kind="html").text,
    }
    outputs, best = {}, {name: float("inf") for name in contenders}
    for _ in range(args.rounds):
        for name, fn in contenders.items():
            start = time.perf_counter()
            outputs[name] = [fn(p) for p in pages]
            best[name] = min(best[name], time.perf_counter() - start)
    print(f"{len(pages)} pages ({args.data.name}); best of {args.rounds} rounds")
    print(f"{'':28} {'precision':>9} {'recall':>7} {'F1':>6} {'accuracy':>8} {'pages/s':>8}")
    for name in contenders:
        s = corpus_scores(zip(outputs[name], (p["truth"] for p in pages)))
        print(f"{name:28} {s['precision']:9.3f} {s['recall']:7.3f} {s['f1']:6.3f} {s['accuracy']:8.3f} "
              f"{len(pages) / best[name]:8.1f}")
    # Shared rules may take no ground-truth body text: every line a bundled rule took, whose words
    # stand in the page's truth in the same order, is listed (a dateline is recorded and kept).
    print("\nlines the bundled rules took whose words stand in the ground truth:")
    for p in pages:
        result = cleaner.process(p["html"], url=p["url"], kind="html")
        truth = " " + " ".join(tokens(p["truth"])) + " "
        for fate in result.fates:
            if fate.rule is None or fate.rule.path == "(html)" or fate.kept == fate.text:
                continue
            words = tokens(fate.text if fate.kept is None else fate.text.replace(fate.kept, " "))
            if words and " " + " ".join(words) + " " in truth:
                short = " (one or two words: they may stand in the truth elsewhere)" if len(words) < 3 else ""
                print(f"  {p['id'][:12]} {fate.rule.ref}: {len(words)} words{short}: {fate.text[:80]}")
    if args.processes:
        whole_processes(pages, args.rounds, args.processes)
    if args.worst:
        def f1(pred, truth):
            p, r, *_ = page_scores(pred, truth)
            p, r = p or 0.0, r or 0.0
            return 2 * p * r / (p + r) if p + r else 0.0

        rows = sorted(((f1(c, p["truth"]) - f1(t, p["truth"]), p["id"][:12], f1(t, p["truth"]), f1(c, p["truth"]), p["url"])
                       for c, t, p in zip(outputs["cleaner"], outputs["trafilatura precision"], pages)))
        print("\npages where cleaner's F1 differs most from trafilatura precision's:")
        for delta, pid, ft, fc, url in rows[: args.worst]:
            print(f"  {pid} {ft:.3f} -> {fc:.3f}  {url[:90]}")


if __name__ == "__main__":
    main()
