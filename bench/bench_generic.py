"""The generic rules on whole-page dumps: article-extraction-benchmark metric, beside doing nothing.

    pip install html-text
    python bench/bench_generic.py [--show-removed N] [--json FILE] [--rounds 3]

Each page of the development set (bench/devset.py: the benchmark's HTML turned into a whole-page
text dump, chrome and all) is cleaned with ``Cleaner(generic="off").clean(dump, url=None).text``: no url, as in a real text
dump, so only the shared rules (and the fingerprints of site rule files) apply; the line model, on
by default, is bench_linemodel.py's business.
The metric is bench/metric.py. The run prints:

- precision, recall, F1 and accuracy of the dump as it is ("doing nothing") and of the cleaned text;
- "chrome removed": of the dump's shingles that are not body (its FP shingles, summed over all
  pages), the share the cleaned text no longer has: 1 - FP(cleaned) / FP(dump);
- "body kept": the cleaned text's corpus recall over the dump's, and the cleaned recall itself;
- the 10 pages that lost the most recall, each with the dump lines the cleaner took that hold true
  body words, and the rule that took each, to find rules that over-delete. A word of a line is
  "body" when a 4-gram of the dump that covers it is one of the true body's shingles, so a short
  line is judged with its neighbours and a line that merely repeats a body word is not;
- docs/s of ``clean``: the best of --rounds passes over the set, one process.

--show-removed N prints every line the cleaner took (anything but body and blank) on the first N
pages of that same order (most recall lost first, then by id); --json FILE writes every figure.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script from anywhere

from devset import load_devset  # noqa: E402
from metric import N, corpus_scores, page_scores, shingles, tokens  # noqa: E402

from cleaner import Cleaner  # noqa: E402

_WORD = re.compile(r"\w+")  # the metric's tokens, with their positions
TOP = 10


def taken_lines(result, truth: str) -> list[dict]:
    """The lines the cleaner took out of the body, each with how many of its taken words are body.

    Words are counted on the normalised lines the rules saw (fate.text). When a rule kept part of a
    line as body (fate.kept), only the words outside that part count as taken."""
    true_set = set(shingles(tokens(truth)))
    words = []  # (fate index, word) over the whole page, in order, so 4-grams cross lines
    for i, fate in enumerate(result.fates):
        words += [(i, m) for m in _WORD.finditer(fate.text)]
    covered = [False] * len(words)
    toks = [m.group() for _, m in words]
    for start in range(max(1, len(toks) - N + 1)):
        if tuple(toks[start : start + N]) in true_set:
            covered[start : start + N] = [True] * len(toks[start : start + N])
    rows = {}
    for (i, m), cov in zip(words, covered):
        fate = result.fates[i]
        if fate.dest in ("body", "blank"):
            continue
        if fate.kept:  # the kept span stays body: its words are not taken
            k = fate.text.find(fate.kept)
            if k >= 0 and k <= m.start() and m.end() <= k + len(fate.kept):
                continue
        row = rows.setdefault(i, {"line": fate.line, "dest": fate.dest, "text": fate.text,
                                  "kept": fate.kept, "rule": fate.rule.ref if fate.rule else None,
                                  "words": 0, "body_words": 0})
        row["words"] += 1
        row["body_words"] += cov
    # Lines with no word at all (say, a lone '|') are taken too; list them with 0 words.
    for i, fate in enumerate(result.fates):
        if fate.dest not in ("body", "blank") and i not in rows:
            rows[i] = {"line": fate.line, "dest": fate.dest, "text": fate.text, "kept": fate.kept,
                       "rule": fate.rule.ref if fate.rule else None, "words": 0, "body_words": 0}
    return [rows[i] for i in sorted(rows)]


def show_line(row: dict, width: int = 110) -> str:
    text = row["text"] if len(row["text"]) <= width else row["text"][: width - 1] + "…"
    kept = f"  [kept: {row['kept'][:40]!r}]" if row["kept"] else ""
    return (f"    {row['line']:>5} {row['body_words']:>3}/{row['words']:<3} {row['dest']:<18} "
            f"{row['rule']}\n          {text!r}{kept}")


def fmt(x: float | None) -> str:
    return "   -  " if x is None else f"{x:6.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-removed", type=int, default=0, metavar="N",
                        help="print every line the cleaner took on N pages (most recall lost first)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write every figure to FILE")
    parser.add_argument("--rounds", type=int, default=3, help="timed cleaning passes; the best counts")
    args = parser.parse_args()

    pages = load_devset()
    cleaner = Cleaner(generic="off")  # the rules alone (the line model is on by default)
    best = float("inf")
    for _ in range(args.rounds):
        start = time.perf_counter()
        cleaned = [cleaner.clean(p["dump"], url=None).text for p in pages]
        best = min(best, time.perf_counter() - start)
    mb = sum(len(p["dump"].encode("utf-8")) for p in pages) / 1e6

    dump_c = corpus_scores((p["dump"], p["truth"]) for p in pages)
    clean_c = corpus_scores((c, p["truth"]) for c, p in zip(cleaned, pages))
    per_page = []
    for p, c in zip(pages, cleaned):
        d, k = page_scores(p["dump"], p["truth"]), page_scores(c, p["truth"])
        per_page.append({"id": p["id"], "url": p["url"],
                         "dump": {"precision": d[0], "recall": d[1], "tp": d[3], "fp": d[4], "fn": d[5]},
                         "cleaned": {"precision": k[0], "recall": k[1], "exact": k[2],
                                     "tp": k[3], "fp": k[4], "fn": k[5]}})
    fp_dump = sum(r["dump"]["fp"] for r in per_page)
    fp_clean = sum(r["cleaned"]["fp"] for r in per_page)
    chrome_removed = 1 - fp_clean / fp_dump if fp_dump else 0.0
    body_kept = clean_c["recall"] / dump_c["recall"] if dump_c["recall"] else 0.0

    def lost(r):  # recall lost by cleaning (pages with an empty truth have no recall: 0)
        d, k = r["dump"]["recall"], r["cleaned"]["recall"]
        return 0.0 if d is None else d - k
    order = sorted(range(len(pages)), key=lambda i: (-lost(per_page[i]), pages[i]["id"]))
    # Fates only for the pages printed: process() gives the same record as clean(), plus the fates.
    needed = set(order[:max(TOP, args.show_removed)])
    taken, guarded = {}, {}
    for i in sorted(needed):
        result = cleaner.process(pages[i]["dump"], url=None)
        taken[i] = taken_lines(result, pages[i]["truth"])
        guarded[i] = result.guarded

    print(f"article-extraction-benchmark, development split: {len(pages)} pages, whole-page dumps "
          f"(html-text, guess_layout=True), {mb:.2f} MB; Cleaner(generic='off').clean(dump, url=None)")
    print(f"{'':10} {'precision':>9} {'recall':>7} {'F1':>7} {'accuracy':>8}")
    for name, c in (("dump", dump_c), ("cleaned", clean_c)):
        print(f"{name:10} {c['precision']:9.3f} {c['recall']:7.3f} {c['f1']:7.3f} {c['accuracy']:8.3f}")
    print(f"chrome removed: {chrome_removed:.3f}  (FP shingles, all pages: dump {fp_dump}, cleaned {fp_clean})")
    print(f"body kept:      {body_kept:.3f}  (corpus recall cleaned {clean_c['recall']:.3f} / dump {dump_c['recall']:.3f})")
    print(f"speed:          {len(pages) / best:.0f} docs/s, {mb / best:.2f} MB/s (clean, best of {args.rounds} rounds)")

    print(f"\nthe {TOP} pages that lost the most recall: recall dump -> cleaned, precision dump -> cleaned")
    print("  then each taken line holding true body words: line, body words/words taken, fate, rule")
    for i in order[:TOP]:
        r = per_page[i]
        note = "  (shared rules undone: over-deletion guard)" if guarded[i] else ""
        print(f"\n  {r['id'][:16]} {r['url']}{note}\n    recall {fmt(r['dump']['recall'])} -> "
              f"{fmt(r['cleaned']['recall'])}   precision {fmt(r['dump']['precision'])} -> "
              f"{fmt(r['cleaned']['precision'])}")
        hits = [row for row in taken[i] if row["body_words"]]
        for row in hits:
            print(show_line(row))
        if not hits:
            print("    (no taken line holds body words: the loss is in how the lines join)")

    for i in order[: args.show_removed]:
        r = per_page[i]
        print(f"\n--show-removed {r['id'][:16]} {r['url']}: every line taken "
              f"(line, body words/words, fate, rule)")
        for row in taken[i]:
            print(show_line(row))

    if args.json:
        figures = {
            "pages": len(pages), "megabytes": mb,
            "dump": dump_c, "cleaned": clean_c,
            "chrome_removed": chrome_removed, "fp_dump": fp_dump, "fp_cleaned": fp_clean,
            "body_kept": body_kept, "docs_per_s": len(pages) / best, "rounds": args.rounds,
            "per_page": per_page,
            "most_recall_lost": [{"id": pages[i]["id"], "recall_dump": per_page[i]["dump"]["recall"],
                                  "recall_cleaned": per_page[i]["cleaned"]["recall"],
                                  "guarded": guarded[i], "taken_lines": taken[i]} for i in order[:TOP]],
            "show_removed": {pages[i]["id"]: taken[i] for i in order[: args.show_removed]},
        }
        args.json.write_text(json.dumps(figures, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
