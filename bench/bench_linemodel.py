"""The line model on whole-page text dumps, cross-validated: no page is scored by a model that saw it.

    pip install '.[train]'
    python bench/bench_linemodel.py [--folds 5] [--dial balanced] [--json FILE]

Both development folders (../shared/data/article-extraction-benchmark, ../shared/data/cleaneval)
are turned into labelled whole-page dumps (cleaner/linemodel/dataset.py: html-text, as a scraper
stores a page). Pages are split into --folds folds by their sorted order; each fold is cleaned
by ``Cleaner(line_model=…)`` with a model trained (cleaner/linemodel/train.py) on the other folds,
with no url, so only the shared rules and the model apply. Per data folder, beside doing nothing,
the shared rules alone (``generic="off"``) and jusText over the dump's lines (each line a
paragraph, English stoplist, its default settings), the run prints:

- chrome removed: of the dump's shingles that are not body (its FP shingles, summed over pages),
  the share the cleaned text no longer has: 1 - FP(cleaned) / FP(dump);
- body kept: the cleaned text's corpus recall over the dump's;
- precision, recall and F1 by the benchmark's metric (bench/metric.py);
- clean kept: with each page's gold text as the input (text that is already clean, as a
  newspaper's own output is), the share of it the cleaned text keeps (its recall);
- per dial (conservative, balanced, aggressive) for the model;
- ms a page of Cleaner.clean with the model and without it (one process, the same pages).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from metric import corpus_scores, match_counts, shingles, tokens  # noqa: E402

from cleaner import Cleaner  # noqa: E402
from cleaner.linemodel import train  # noqa: E402
from cleaner.linemodel.dataset import load_cached  # noqa: E402
from cleaner.linemodel.layer import DIALS  # noqa: E402
from cleaner.linemodel.model import LineModel  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
FOLDERS = [DATA / "article-extraction-benchmark", DATA / "cleaneval"]


def justext_text(lines: list[str]) -> str:
    import html

    import justext

    page = "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in lines if line) + "</body></html>"
    paragraphs = justext.justext(page.encode("utf-8"), justext.get_stoplist("English"), encoding="utf-8")
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def figures(pairs: list[tuple[str, str, str]]) -> dict:
    """pairs: (cleaned, dump, truth) per page."""
    fp = fp_dump = 0
    for cleaned, dump, truth in pairs:
        true = shingles(tokens(truth))
        fp += match_counts(shingles(tokens(cleaned)), true)[1]
        fp_dump += match_counts(shingles(tokens(dump)), true)[1]
    scores = corpus_scores([(c, t) for c, _, t in pairs])
    dump_recall = corpus_scores([(d, t) for _, d, t in pairs])["recall"]
    return {"chrome_removed": 1 - fp / fp_dump if fp_dump else 0.0,
            "body_kept": scores["recall"] / dump_recall if dump_recall else 0.0, **scores}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--cache", type=Path, help="a JSON file to keep the labelled dumps in")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    args = parser.parse_args()
    pages = load_cached(FOLDERS, args.cache)
    runs: dict[str, list] = {}
    clean_runs: dict[str, list] = {}
    seconds = {"off": 0.0, "balanced": 0.0}
    for fold in range(args.folds):
        held = [p for k, p in enumerate(pages) if k % args.folds == fold]
        model = LineModel(train.fit([p for k, p in enumerate(pages) if k % args.folds != fold]))
        cleaners = {dial: Cleaner(generic=dial, line_model=model) for dial in [*DIALS, "off"]}
        for page in held:
            dump = "\n".join(page["lines"])
            for dial, cleaner in cleaners.items():
                start = time.perf_counter()
                text = cleaner.clean(dump, id=page["id"]).text
                if dial in seconds:
                    seconds[dial] += time.perf_counter() - start
                runs.setdefault(f"{page['set']}|{dial}", []).append((text, dump, page["truth"]))
            for dial, cleaner in cleaners.items():  # the gold text as the input: already clean
                kept = cleaner.clean(page["truth"], id=page["id"]).text
                clean_runs.setdefault(f"{page['set']}|{dial}", []).append((kept, page["truth"]))
            runs.setdefault(f"{page['set']}|nothing", []).append((dump, dump, page["truth"]))
            runs.setdefault(f"{page['set']}|justext", []).append((justext_text(page["lines"]), dump, page["truth"]))
        print(f"fold {fold + 1}/{args.folds} done", file=sys.stderr)
    table = {key: figures(pairs) for key, pairs in sorted(runs.items())}
    for key, pairs in clean_runs.items():
        table[key]["clean_kept"] = corpus_scores(pairs)["recall"]
    names = {"nothing": "doing nothing", "off": "shared rules (--generic off)", "justext": "jusText on the lines",
             **{d: f"rules + model ({d})" for d in DIALS}}
    for folder in FOLDERS:
        n = sum(1 for p in pages if p["set"] == folder.name)
        print(f"\n{folder.name}: {n} pages, {args.folds}-fold cross-validation")
        print(f"{'':32s} chrome removed  body kept  precision  recall     F1  clean kept")
        for key in ("nothing", "off", "justext", *DIALS):
            f = table[f"{folder.name}|{key}"]
            kept = f"{f['clean_kept']:11.3f}" if "clean_kept" in f else ""
            print(f"{names[key]:32s} {f['chrome_removed']:14.3f} {f['body_kept']:10.3f} {f['precision']:10.3f}"
                  f" {f['recall']:7.3f} {f['f1']:6.3f} {kept}".rstrip())
    per_page = {d: 1000 * s / len(pages) for d, s in seconds.items()}
    print(f"\nclean, ms a page: shared rules {per_page['off']:.2f}, rules + model {per_page['balanced']:.2f}")
    if args.json:
        args.json.write_text(json.dumps({"figures": table, "ms_per_page": per_page}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
