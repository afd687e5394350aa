"""The shared rules on text that is already clean, beside the same rules on whole-page dumps.

    python bench/bench_edges.py [--cache FILE] [--show RULE] [--json FILE]

Both development folders (../shared/data/article-extraction-benchmark, ../shared/data/cleaneval),
as bench_linemodel.py loads them (cleaner/linemodel/dataset.py; --cache keeps the labelled dumps in
a JSON file, the same file bench_linemodel.py's --cache writes). Every page is cleaned by the rules
alone (``Cleaner(generic="off")``, no url), twice:

- its gold text as the input (the newspaper-like case: an article with no chrome at all). Printed:
  "gold kept", the corpus recall of what comes out against the gold text (bench/metric.py), and for
  each rule the gold words it took (``\\w+`` tokens of the lines it took, less any part it kept);
- its whole-page dump as the input. Printed: chrome removed, 1 - FP(cleaned) / FP(dump), and body
  kept, recall(cleaned) / recall(dump), as bench_linemodel.py computes them.

--show RULE prints every gold line that rule took (the rule's id, such as edge-bottom).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_linemodel import FOLDERS, figures  # noqa: E402
from metric import corpus_scores, tokens  # noqa: E402

from cleaner import Cleaner  # noqa: E402
from cleaner.linemodel.dataset import load_cached  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, help="a JSON file to keep the labelled dumps in")
    parser.add_argument("--show", metavar="RULE", help="print the gold lines this rule (its id) took")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    args = parser.parse_args()
    pages = load_cached(FOLDERS, args.cache)
    cleaner = Cleaner(generic="off")
    gold, dumps = defaultdict(list), defaultdict(list)
    taken: dict[str, Counter] = defaultdict(Counter)
    words: Counter = Counter()
    for page in pages:
        name, truth = page["set"], page["truth"]
        result = cleaner.process(truth, id=page["id"])
        gold[name].append((result.record.text, truth))
        words[name] += len(tokens(truth))
        for fate in result.fates:
            if fate.rule is not None and fate.dest not in ("body", "blank"):
                taken[name][fate.rule.id] += len(tokens(fate.text)) - len(tokens(fate.kept))
                if fate.rule.id == args.show:
                    print(f"{name[:10]} {page['id'][:12]:12s} {fate.line:4d}/{len(result.fates)} {fate.text[:150]}")
        dump = "\n".join(page["lines"])
        dumps[name].append((cleaner.clean(dump, id=page["id"]).text, dump, truth))
    table = {}
    for name in sorted(gold):
        row = table[name] = {"pages": len(gold[name]), "gold_kept": corpus_scores(gold[name])["recall"],
                             **{k: figures(dumps[name])[k] for k in ("chrome_removed", "body_kept")},
                             "gold_words_taken": {rule: n / words[name] for rule, n in taken[name].most_common()}}
        print(f"{name}: {row['pages']} pages, Cleaner(generic='off')")
        print(f"  gold text as input: gold kept {row['gold_kept']:.4f}")
        print(f"  whole-page dumps:   chrome removed {row['chrome_removed']:.4f}, body kept {row['body_kept']:.4f}")
        for rule, share in list(row["gold_words_taken"].items())[:8]:
            print(f"    {rule:24s} took {share:.2%} of the gold words")
    if args.json:
        args.json.write_text(json.dumps(table, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
