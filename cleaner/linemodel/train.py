"""Train the line model from pages with gold main text: one command, deterministic.

    pip install '.[train]'
    python -m cleaner.linemodel.train ../shared/data/article-extraction-benchmark \
        ../shared/data/cleaneval -o cleaner/linemodel/model.json

Each data folder holds ``ground-truth.json`` ({id: {"articleBody": …}}) and ``html/<id>.html.gz``
(``dataset.load_pages``). Pages are read in sorted order, folds are drawn by page index, and the
solver is deterministic, so the same folders and package versions give the same file. scikit-learn
is needed here only; the file it writes is plain JSON that ``model.LineModel`` reads.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import regex

from cleaner.linemodel.dataset import load_cached
from cleaner.linemodel.features import CONTEXT_NAMES, NAMES, context_rows, lexical_words, line_tokens, page_features
from cleaner.linemodel.model import CLASSES, LineModel

VERSION = "6"
FOLDS = 5  # for the second stage's out-of-fold inputs, and the lexicon's
C = 1.0
# A word enters the lexicon when it stands on at least this share of the pages: words of the web's
# chrome in general ("share", "subscribe", "comments"), not one site's (bench/README.md: 0.6% to 9%
# gave about the same figures).
LEXICON_PAGES = 0.03
LEXICON_CLIP = 4.0  # log-odds beyond this say no more
_DIGIT = regex.compile(r"\d")


def _weight(row: list[float]) -> float:
    """A line weighs as many words as it holds (the metric counts words), at least one."""
    return max(1.0, row[NAMES.index("log_words")] and (2.718281828 ** row[NAMES.index("log_words")] - 1))


def _table(pages: list[dict], rows_of) -> tuple[list, list, list]:
    X, y, w = [], [], []
    for page, rows in zip(pages, rows_of):
        for label, row, first in zip(page["labels"], rows, page["_rows"]):
            if row is not None and label in CLASSES:
                X.append(row)
                y.append(CLASSES.index(label))
                w.append(_weight(first))
    return X, y, w


def _fit(X, y, w, names) -> dict:
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    X = np.asarray(X)
    means, scales = X.mean(axis=0), X.std(axis=0)
    means[0], scales[0] = 0.0, 1.0  # the bias feature stays 1
    scales[scales < 1e-6] = 1.0  # a feature that never varies (it would round to a zero scale)
    clf = LogisticRegression(C=C, max_iter=5000)
    w = np.asarray(w)
    clf.fit((X - means) / scales, np.asarray(y), sample_weight=w / w.mean())  # weights of mean 1: a well-scaled loss
    weights = np.zeros((len(CLASSES), len(names)))
    if len(clf.classes_) == 2:  # one row of weights: the second class against the first (softmax of 0 and z)
        weights[clf.classes_[1]] = clf.coef_[0]
        weights[clf.classes_[1], 0] += clf.intercept_[0]
    else:
        for k, cls in enumerate(clf.classes_):
            weights[cls] = clf.coef_[k]
            weights[cls, 0] += clf.intercept_[k]
    return {"features": list(names), "weights": [[round(float(v), 6) for v in row] for row in weights],
            "means": [round(float(v), 6) for v in means], "scales": [round(float(v), 6) for v in scales]}


def _first_probs(stage: dict, rows: list) -> list:
    model = LineModel({"classes": list(CLASSES), "first": stage, "second": _identity_second(), "lexicon": {}})
    return model._apply(model._w1, rows)


def _identity_second() -> dict:
    n = len(CONTEXT_NAMES)
    return {"features": list(CONTEXT_NAMES), "weights": [[0.0] * n for _ in CLASSES],
            "means": [0.0] * n, "scales": [1.0] * n}


def lexicon(pages: list[dict]) -> dict[str, float]:
    """The words whose standing in chrome or in body every collection of the pages agrees on (their
    ``set``: the data folder): per collection, ``_odds``; a word enters when it is in every
    collection's and points the same way in each, with the weakest of its values. A word of one
    collection's era or genre ("sports" in 2005's link pages) stays out: in the cross-validation a
    lexicon of all pages alike took more chrome on CleanEval but lost body on the news benchmark
    (bench/README.md)."""
    groups: dict[str, list[dict]] = {}
    for page in pages:
        groups.setdefault(page.get("set", ""), []).append(page)
    each = [_odds(groups[name]) for name in sorted(groups)]
    out = {}
    for w in sorted(set(each[0]).intersection(*each[1:])):
        values = [odds[w] for odds in each]
        if all(v > 0 for v in values) or all(v < 0 for v in values):
            out[w] = min(values, key=abs)
    return out


def _odds(pages: list[dict]) -> dict[str, float]:
    """Per word, the log-odds of its standing in a page's chrome (any label but body) rather than in
    its body, counted in pages (a word a page repeats in forty menu lines counts once; add-one
    smoothed, clipped at ``LEXICON_CLIP``). Words on fewer than ``LEXICON_PAGES`` of the pages are
    left out, and so are words with a digit: a year or a count says a date or a number, which the
    line's digit features read, and a year's share of chrome is the training pages' era."""
    import math

    body: dict[str, int] = {}
    other: dict[str, int] = {}
    seen: dict[str, int] = {}  # pages the word stands on
    for page in pages:
        in_body, in_other = page.get("_words") or _word_sets(page)
        for words, counts in ((in_body, body), (in_other, other), (in_body | in_other, seen)):
            for w in words:
                counts[w] = counts.get(w, 0) + 1
    least = max(2, math.ceil(LEXICON_PAGES * len(pages)))
    n_body, n_other = sum(body.values()) + 1, sum(other.values()) + 1
    out = {}
    for w in sorted(seen):
        if _DIGIT.search(w) or seen[w] < least:
            continue
        odds = math.log((other.get(w, 0) + 1) / n_other) - math.log((body.get(w, 0) + 1) / n_body)
        out[w] = round(max(-LEXICON_CLIP, min(LEXICON_CLIP, odds)), 3)
    return out


def _word_sets(page: dict) -> tuple[set[str], set[str]]:
    """The words of a page's body lines, and of its other lines."""
    in_body: set[str] = set()
    in_other: set[str] = set()
    for line, label in zip(page["lines"], page["labels"]):
        if line and label in CLASSES:
            (in_body if label == "body" else in_other).update(lexical_words(line_tokens(line)))
    return in_body, in_other


def fit(pages: list[dict]) -> dict:
    """The model file's content for these labelled pages."""
    for page in pages:
        page["_words"] = _word_sets(page)  # read by every lexicon below

    def without(*folds: int) -> dict[str, float]:
        return lexicon([p for k, p in enumerate(pages) if k % FOLDS not in folds])

    # Each page's word features come from a lexicon made without it (as at run time, where the page
    # is new): else the first stage would learn to trust the lexicon more than it deserves.
    lexicons = [without(fold) for fold in range(FOLDS)]
    for k, page in enumerate(pages):
        page["_rows"] = page_features(page["lines"], lexicon=lexicons[k % FOLDS])
    X, y, w = _table(pages, [p["_rows"] for p in pages])
    first = _fit(X, y, w, NAMES)
    # The second stage learns from first-stage guesses made without the page (as at run time): a
    # first stage trained without the page's fold, on rows whose lexicons were made without it too.
    contexts = [None] * len(pages)
    for fold in range(FOLDS):
        inner = {other: without(fold, other) for other in range(FOLDS) if other != fold}
        train = [(p, page_features(p["lines"], lexicon=inner[k % FOLDS])) for k, p in enumerate(pages) if k % FOLDS != fold]
        stage = _fit(*_table([p for p, _ in train], [rows for _, rows in train]), NAMES)
        for k, page in enumerate(pages):
            if k % FOLDS == fold:
                contexts[k] = context_rows(page["_rows"], _first_probs(stage, page["_rows"]))
    second = _fit(*_table(pages, contexts), CONTEXT_NAMES)
    for page in pages:
        del page["_rows"], page["_words"]
    return {"version": VERSION, "classes": list(CLASSES), "first": first, "second": second, "lexicon": lexicon(pages)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="+", type=Path, help="data folders (ground-truth.json, html/)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the model file to write")
    parser.add_argument("--cache", type=Path, help="a JSON file to keep the labelled dumps in")
    args = parser.parse_args(argv)
    pages = load_cached(args.folders, args.cache)
    model = fit(pages)
    model["trained_on"] = {f.name: sum(1 for p in pages if p["set"] == f.name) for f in args.folders}
    args.output.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"{args.output}: {len(pages)} pages", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
