"""The line model at run time: a file of numbers, read as JSON, applied in pure Python.

Two stages of multinomial logistic regression over the classes ``CLASSES``. The first reads each
line's own shape and its neighbours' (``features.page_features``); the second reads what the first
thought of the line and of the lines around it (``features.context_rows``), so that a short line
inside an article reads as body and the same line in a menu as chrome. The file also holds the
lexicon the first stage's word features look words up in. Loading the file runs no code: it is
numbers and names, checked against the features this version computes.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from operator import mul
from pathlib import Path

from cleaner.linemodel.features import CONTEXT_NAMES, NAMES, context_rows, lexical_words, line_tokens, page_features
from cleaner.linemodel.stopwords import stop_words

__all__ = ["CLASSES", "LineModel", "ModelError", "default_model", "MODEL_FILE"]

CLASSES = ("body", "chrome", "caption", "title")
MODEL_FILE = Path(__file__).with_name("model.json")


class ModelError(ValueError):
    """A model file that this version cannot use."""


@dataclass(frozen=True)
class _Stage:
    names: tuple[str, ...]
    weights: tuple[tuple[float, ...], ...]  # per class, over standardised features
    means: tuple[float, ...]
    scales: tuple[float, ...]

    @classmethod
    def read(cls, data: dict, names: tuple[str, ...]) -> "_Stage":
        if tuple(data.get("features", ())) != names:
            raise ModelError("its features are not the ones this version of cleaner computes; retrain it")
        weights = tuple(tuple(float(w) for w in row) for row in data["weights"])
        if len(weights) != len(CLASSES) or any(len(row) != len(names) for row in weights):
            raise ModelError("its weights do not fit its features and classes")
        return cls(names, weights, tuple(map(float, data["means"])), tuple(map(float, data["scales"])))

    def folded(self) -> tuple[tuple[float, ...], ...]:
        """Weights over raw features, the standardisation folded in (the bias feature is 1), each
        class's less the last's: softmax is the same for scores shifted alike, and the last class
        then scores 0 without a product (one dot product in four saved on every line)."""
        rows = []
        for row in self.weights:
            raw = [w / s for w, s in zip(row, self.scales)]
            raw[0] = row[0] - sum(w * m / s for w, m, s in zip(row[1:], self.means[1:], self.scales[1:]))
            rows.append(raw)
        return tuple(tuple(a - b for a, b in zip(row, rows[-1])) for row in rows[:-1])

    def contributions(self, row: list[float], k: int) -> list[tuple[str, float]]:
        """What each feature adds to class k's score, against an average line."""
        return [(name, w * (x - m) / s) for name, w, x, m, s
                in zip(self.names[1:], self.weights[k][1:], row[1:], self.means[1:], self.scales[1:])]


def _finite(v) -> bool:
    # JSON's true is a Python int, and a NaN or an int past a float's range parses: none is a value.
    try:
        return type(v) in (int, float) and math.isfinite(v)
    except OverflowError:
        return False


def _lexicon(data) -> dict[str, float]:
    if not isinstance(data, dict) or not all(isinstance(w, str) and _finite(v) for w, v in data.items()):
        raise ModelError("its lexicon is not an object of words and numbers")
    return {w: float(v) for w, v in data.items()}


def _scores(weights, rows) -> list:
    """The class probabilities of each row: the softmax of its three scores and the last class's 0
    (``_Stage.folded``). Straight-line code, no list, generator or call per score: it runs twice a
    line in every scoring."""
    w0, w1, w2 = weights
    exp = math.exp
    out = []
    append = out.append
    for row in rows:
        if row is None:
            append(None)
            continue
        a, b, c = sum(map(mul, w0, row)), sum(map(mul, w1, row)), sum(map(mul, w2, row))
        top = max(a, b, c, 0.0)
        a, b, c, d = exp(a - top), exp(b - top), exp(c - top), exp(-top)
        total = a + b + c + d  # sum()'s order: from the left
        append([a / total, b / total, c / total, d / total])
    return out


class LineModel:
    """Class probabilities for every line of a page."""

    def __init__(self, data: dict):
        if not isinstance(data, dict) or tuple(data.get("classes", ())) != CLASSES:
            raise ModelError(f"a line model file names the classes {', '.join(CLASSES)}")
        self.version = str(data.get("version", "unversioned"))
        self.first = _Stage.read(data["first"], NAMES)
        self.second = _Stage.read(data["second"], CONTEXT_NAMES)
        if "lexicon" not in data:  # its first stage weighs word features: without one they would all read 0
            raise ModelError("it has no lexicon; retrain it")
        self.lexicon = _lexicon(data["lexicon"])
        self.trained_on = data.get("trained_on", {})
        self._w1, self._w2 = self.first.folded(), self.second.folded()

    @classmethod
    def load(cls, path: Path | str) -> "LineModel":
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            return cls(data)
        except (OSError, ValueError, KeyError, TypeError, OverflowError) as e:  # overflow: an int past a float's range
            raise ModelError(f"{path}: not a line model file: {e}") from None

    @property
    def name(self) -> str:
        return f"model:{self.version}"

    _apply = staticmethod(_scores)

    def score(self, lines: list[str], stops: frozenset[str] | None | bool = True, memo: dict | None = None) -> "Scored":
        """Every line's class probabilities; ``stops``, the page's stoplist when already known;
        ``memo``, the lines' own features from an earlier scoring by this model (its lexicon) with
        that stoplist."""
        if stops is True:
            stops = stop_words(lines)
        memo = {} if memo is None else memo  # kept with the scores: a settling round reuses it
        rows = page_features(lines, stops, memo, self.lexicon)
        first = self._apply(self._w1, rows)
        context = context_rows(rows, first)
        return Scored(rows, context, self._apply(self._w2, context), stops, memo, lines)


@dataclass
class Scored:
    rows: list  # first-stage features per line (None: blank)
    context: list  # second-stage features per line
    probs: list  # class probabilities per line, in CLASSES order
    stops: frozenset | None = None  # the page's stoplist (the text that comes out has the same)
    memo: dict | None = None  # the lines' own features, for scoring the same page's lines again
    lines: list | None = None  # the lines scored

    def telling_words(self, model: "LineModel", i: int, top: int = 3) -> list[tuple[str, float]]:
        """Line i's words that the lexicon weighs most, either way (positive: chrome's words); a word
        it weighs under 0.05 (shown as +0.0) tells nothing."""
        found = {w: model.lexicon[w] for w in lexical_words(line_tokens(self.lines[i]))
                 if abs(model.lexicon.get(w, 0.0)) >= 0.05}
        return sorted(found.items(), key=lambda item: (-abs(item[1]), item[0]))[:top]


@lru_cache(maxsize=1)
def default_model() -> LineModel:
    return LineModel.load(MODEL_FILE)
