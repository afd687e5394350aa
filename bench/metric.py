"""The article-extraction-benchmark metric (scrapinghub/article-extraction-benchmark, evaluate.py).

Definitions, as in /work/shared/data/article-extraction-benchmark/README.md:

- Tokens: ``\\w+`` runs (Python ``re``, Unicode), case kept.
- Shingles: the multiset of token 4-grams; a text of 1 to 3 tokens is one shingle (its whole
  token tuple); an empty text has none.
- Per page: TP = multiset intersection of predicted and true shingles, FP = predicted shingles
  beyond it, FN = true shingles missing. Precision = TP/(TP+FP), recall = TP/(TP+FN).
- Corpus: precision is the mean page precision over pages with TP+FP > 0, recall the mean page
  recall over pages with TP+FN > 0, F1 their harmonic mean. Accuracy is the share of all pages
  whose token sequence equals the truth's exactly.

The README's "1 when the other term is 0 too" (the reference gives 1 when FP == FN == 0) never
reaches a corpus mean: a page with TP+FP == 0 is left out of the precision mean and one with
TP+FN == 0 out of the recall mean. So ``page_scores`` returns None for a score its page does not
count in, and a number otherwise. The reference also divides TP, FP and FN by their sum before
scoring; ratios do not change, so raw counts are kept here (they can be summed over pages).

    python bench/metric.py    # runs the self-check
"""

from __future__ import annotations

import re
from collections import Counter

# Python's re, as the reference uses: its \w differs from the regex module's on a few marks.
_TOKEN = re.compile(r"\w+")
N = 4


def tokens(text: str | None) -> list[str]:
    return _TOKEN.findall(text or "")


def shingles(toks: list[str], n: int = N) -> Counter:
    """The multiset of token n-grams; 1 to n-1 tokens make one shorter shingle, none make none."""
    if not toks:
        return Counter()
    return Counter(tuple(toks[i : i + n]) for i in range(max(1, len(toks) - n + 1)))


def match_counts(pred: Counter, true: Counter) -> tuple[int, int, int]:
    """(TP, FP, FN) of two shingle multisets."""
    tp = sum((pred & true).values())
    return tp, sum(pred.values()) - tp, sum(true.values()) - tp


def page_scores(pred: str, truth: str) -> tuple[float | None, float | None, bool, int, int, int]:
    """(precision, recall, exact, TP, FP, FN) of one page; a score is None when its page does not
    count in that corpus mean (TP+FP == 0 for precision, TP+FN == 0 for recall)."""
    pt, tt = tokens(pred), tokens(truth)
    tp, fp, fn = match_counts(shingles(pt), shingles(tt))
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    return precision, recall, pt == tt, tp, fp, fn


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def corpus_scores(pairs) -> dict:
    """Corpus figures of (pred, truth) text pairs: precision, recall, f1, accuracy, pages."""
    scores = [page_scores(pred, truth) for pred, truth in pairs]
    precision = _mean([s[0] for s in scores if s[0] is not None])
    recall = _mean([s[1] for s in scores if s[1] is not None])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1,
            "accuracy": _mean([float(s[2]) for s in scores]), "pages": len(scores)}


def _self_check() -> None:
    assert tokens("Hello, wörld! 北京 x_1") == ["Hello", "wörld", "北京", "x_1"]
    assert shingles([]) == Counter()
    assert shingles(["a", "b"]) == Counter({("a", "b"): 1})
    assert shingles(list("abcde")) == Counter({tuple("abcd"): 1, tuple("bcde"): 1})
    assert shingles(list("aaaaa")) == Counter({tuple("aaaa"): 2})  # a multiset

    # 6 true tokens -> 3 shingles; the prediction has 2 of them plus 1 of its own.
    # pred "a b c d e x": abcd, bcde, cdex; truth "a b c d e f": abcd, bcde, cdef.
    assert page_scores("a b c d e x", "a b c d e f") == (2 / 3, 2 / 3, False, 2, 1, 1)
    assert page_scores("A b c d", "a b c d") == (0.0, 0.0, False, 0, 1, 1)  # case kept
    assert page_scores("a, b. c d!", "a b c d") == (1.0, 1.0, True, 1, 0, 0)  # punctuation ignored
    # Multiset: the prediction repeats a shingle the truth has once -> 1 TP, 1 FP.
    assert page_scores("a b c d a b c d", "a b c d")[3:] == (1, 4, 0)
    # Short texts: one shingle each.
    assert page_scores("a b", "a b c") == (0.0, 0.0, False, 0, 1, 1)
    # Empty prediction: no precision (left out of the mean), recall 0.
    assert page_scores("", "a b c d e") == (None, 0.0, False, 0, 0, 2)
    # Empty truth: precision 0, no recall; both empty: neither, but exact.
    assert page_scores("a b c d e", "") == (0.0, None, False, 0, 2, 0)
    assert page_scores("", "") == (None, None, True, 0, 0, 0)

    c = corpus_scores([("a b c d e x", "a b c d e f"), ("", "a b c d e"), ("a b c d", "a b c d")])
    # precision: mean(2/3, 1) over the 2 pages that predicted; recall: mean(2/3, 0, 1) over 3.
    p, r = (2 / 3 + 1) / 2, (2 / 3 + 0 + 1) / 3
    assert abs(c["precision"] - p) < 1e-12 and abs(c["recall"] - r) < 1e-12
    assert abs(c["f1"] - 2 * p * r / (p + r)) < 1e-12
    assert abs(c["accuracy"] - 1 / 3) < 1e-12 and c["pages"] == 3
    print("metric self-check: ok")


if __name__ == "__main__":
    _self_check()
