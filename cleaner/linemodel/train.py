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

from cleaner.linemodel.dataset import load_cached
from cleaner.linemodel.features import CONTEXT_NAMES, NAMES, context_rows, page_features
from cleaner.linemodel.model import CLASSES, LineModel

VERSION = "4"
FOLDS = 5  # for the second stage's out-of-fold inputs
C = 1.0


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
    model = LineModel({"classes": list(CLASSES), "first": stage, "second": _identity_second()})
    return model._apply(model._w1, rows)


def _identity_second() -> dict:
    n = len(CONTEXT_NAMES)
    return {"features": list(CONTEXT_NAMES), "weights": [[0.0] * n for _ in CLASSES],
            "means": [0.0] * n, "scales": [1.0] * n}


def fit(pages: list[dict]) -> dict:
    """The model file's content for these labelled pages."""
    for page in pages:
        page["_rows"] = page_features(page["lines"])
    X, y, w = _table(pages, [p["_rows"] for p in pages])
    first = _fit(X, y, w, NAMES)
    # The second stage learns from first-stage guesses made without the page (as at run time).
    contexts = [None] * len(pages)
    for fold in range(FOLDS):
        train = [p for k, p in enumerate(pages) if k % FOLDS != fold]
        stage = _fit(*_table(train, [p["_rows"] for p in train]), NAMES)
        for k, page in enumerate(pages):
            if k % FOLDS == fold:
                contexts[k] = context_rows(page["_rows"], _first_probs(stage, page["_rows"]))
    second = _fit(*_table(pages, contexts), CONTEXT_NAMES)
    for page in pages:
        del page["_rows"]
    return {"version": VERSION, "classes": list(CLASSES), "first": first, "second": second}


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
