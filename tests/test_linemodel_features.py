"""The line model's features as fast code computes them, against their plain definitions.

The features are built a column at a time and the counts take shortcuts (bench/README.md,
bench_linemodel): the numbers must be the same bits as the line-by-line definitions below, on
pages of every length (windows cut at both ends) and in every script.
"""

from __future__ import annotations

import math

import pytest

from cleaner.linemodel.features import (_TOKEN, _UNSPACED, CONTEXT_NAMES, NAMES, SPAN_OFFSETS, _counts, best_run,
                                        context_rows, lexical_words, page_features, weight)

LINES = [
    "Home", "News | Sport > World", "", "Share this article", "Copyright 2019 Acme. All rights reserved.",
    "The port authority voted on Tuesday to build a new ferry terminal on the east quay.",
    "“Stop,” she said — twice, in 2019.", "Home", "ΟΔΟΣ ΣΟΦΟΣ: η πόλη", "北京今天下雨了。", "สวัสดีครับ 12",
    "भारत में आज बारिश हुई। १२३", "", "", "Read more", "A second sentence of the story, with words enough to count.",
]


@pytest.mark.parametrize("line", [
    "Plain ASCII, 42 words: NO", "“Curly” quotes – and a dash…", "Ünïcödé UPPER lower ² ½ ①", "Москва — 2019 г.",
    "ΟΔΟΣ ΣΟΦΟΣ, η οδός", "北京今天下雨了。ＡＢＣ１２", "สวัสดีครับ ລາວ ខ្មែរ မြန်မာ", "भारत में आज बारिश हुई। १२३",
    "İstanbul ǅemal ß", "a@b.org © 2019 | x / y » z", "x\u0301y\u200dz_1", "🙂 emoji 🙂",
    "ALL RIGHTS REſERVED ü", "COPYRİGHT ü", "Copyright ü", "(C) 2019 Ü", "httpſ://x.y ü", "WWW.x.org Ü", "#tag ü",
    "a » b › c · d • e « f ‹ g | h / i > j - k \u00a0-\u2003 l", "Ünï-code - dash",
])
def test_the_counts_are_the_plain_counts(line):
    from cleaner.text.prose import tokens as prose_tokens

    tokens = _TOKEN.findall(line)
    assert prose_tokens(line) == tokens and prose_tokens(line.lower()) == _TOKEN.findall(line.lower())
    assert _counts(line) == _counts_by_definition(line)
    assert _counts(line)[0] == tokens and type(_counts(line)[1]) is type(_counts_by_definition(line)[1])
    # The lexicon's words: the tokens lower-cased at once are the tokens lower-cased one by one.
    assert set(" ".join(tokens).lower().split(" ")) == lexical_words(tokens)


def _counts_by_definition(text: str) -> tuple:
    from cleaner.linemodel.features import _COPYRIGHT, _INNER, _LINKISH, _SEPARATORS

    tokens = _TOKEN.findall(text)
    return (tokens, sum(len(t) / 4 if _UNSPACED.match(t) else 1 for t in tokens), sum(map(str.isdigit, text)),
            sum(map(str.isupper, text)), sum(map(str.islower, text)), len(_INNER.findall(text)),
            len(_SEPARATORS.findall(text)), bool(_LINKISH.search(text)), bool(_COPYRIGHT.search(text)),
            [t.lower() for t in tokens])


@pytest.mark.parametrize("size", [0, 1, 2, 3, 5, 7, 12, 17, 40])
@pytest.mark.parametrize("blanks", [False, True])
def test_the_page_features_are_their_line_by_line_definitions(size, blanks):
    lines = [LINES[k % len(LINES)] for k in range(size)]
    if blanks:  # the settling rounds' view: every line a block of its own
        lines = [x for line in lines if line for x in (line, "")][:-1]
    rows = page_features(lines, None)
    assert [r is None for r in rows] == [not line for line in lines]
    assert [None if r is None else list(r) for r in rows] == _page_by_definition(lines)


@pytest.mark.parametrize("size", [0, 1, 2, 4, 8, 11, 23, 40])
def test_the_context_rows_are_their_line_by_line_definitions(size):
    lines = [LINES[k % len(LINES)] for k in range(size)]
    rows = page_features(lines, None)
    probs = [None if r is None else [b, 1 - b - 0.01 * (k % 3), 0.01 * (k % 3), 0.0]
             for k, (r, b) in enumerate(zip(rows, [(k * 0.37) % 1 for k in range(size)]))]
    ctx = context_rows(rows, probs)
    assert all(r is None or len(r) == len(CONTEXT_NAMES) for r in ctx)
    assert [None if r is None else list(r) for r in ctx] == _context_by_definition(rows, probs)


def _page_by_definition(lines):
    """The features as the line model computed them line by line, before they were columns."""
    from cleaner.linemodel.features import _own

    own = [_own(line, None, {}) if line else None for line in lines]
    texts = [i for i, line in enumerate(lines) if line]
    counts = {line: lines.count(line) for line in lines if line}
    total = sum(o[-1] for o in own if o) or 1.0
    blocks, block_of = [], []
    for i, line in enumerate(lines):
        if line and (i == 0 or not lines[i - 1]):
            blocks.append([])
        block_of.append(len(blocks) - 1 if line else -1)
        if line:
            blocks[-1].append(i)
    prose = {i: float(own[i][2] == 1.0 and own[i][-1] >= 6) for i in texts}
    near = [k for k, i in enumerate(texts) if prose[i]]
    first, last = (near[0], near[-1]) if near else (len(texts), -1)
    rows, before = [None] * len(lines), 0.0
    for k, i in enumerate(texts):
        o, n, block = own[i], own[i][-1], blocks[block_of[i]]

        def at(d, j):
            return own[texts[k + d]][j] if 0 <= k + d < len(texts) else 0.0

        def mean(values, reach):
            lo, hi = max(0, k - reach), min(len(texts), k + reach + 1)
            return _running(values, lo, hi) / (hi - lo)

        run_start = max([j + 1 for j in range(k) if prose[texts[j]] or own[texts[j]][-1] > 8], default=0)
        run_end = min([j for j in range(k, len(texts)) if prose[texts[j]] or own[texts[j]][-1] > 8],
                      default=len(texts))
        distance = min([abs(k - j) for j in near], default=len(texts))
        rows[i] = [
            1.0, *o[:14], math.log(counts[lines[i]]), i / len(lines), before / total,
            math.log(len(block)), math.log1p(sum(own[j][-1] for j in block)), block.index(i) / len(block),
            float(i > 0 and not lines[i - 1]), float(i + 1 < len(lines) and not lines[i + 1]), float(n <= 3), prose[i],
            at(-1, 0), at(-1, 2), at(-1, 5), at(1, 0), at(1, 2), at(1, 5), at(-2, 0), at(2, 0),
            mean([prose[j] for j in texts], 5), mean([own[j][0] for j in texts], 5),
            max(own[j][0] for j in texts) - o[0], math.log1p(distance), float(first <= k <= last),
            mean([prose[j] for j in texts], 15), len(near) / len(texts),
            math.log1p(run_end - run_start if run_end > k else 0), o[14], o[15],
        ]
        before += n
    assert all(r is None or len(r) == len(NAMES) for r in rows)
    return rows


def _running(values, lo, hi):
    """A window's sum as the running sums give it (accumulate from 0.0, then a difference)."""
    sums = [0.0]
    for v in values:
        sums.append(sums[-1] + v)
    return sums[hi] - sums[lo]


def _context_by_definition(rows, probs):
    from cleaner.linemodel.features import CROSS_CONTEXT, CROSS_OWN

    texts = [i for i, p in enumerate(probs) if p is not None]
    body = [probs[i][0] for i in texts]
    out = [None] * len(probs)
    spans = []
    for offset in SPAN_OFFSETS:
        scores = [(b - offset) * weight(rows[i]) for b, i in zip(body, texts)]
        best, first, last = best_run(scores)
        spans.append((first, last, max(0.0, best) / (sum(s for s in scores if s > 0) or 1.0)))
    for k, i in enumerate(texts):
        def at(d):
            return body[k + d] if 0 <= k + d < len(body) else 0.0

        window, wide = body[max(0, k - 3):k + 4], body[max(0, k - 10):k + 11]
        row = [1.0, *probs[i], at(-1), at(1), at(-2), at(2), at(-3), at(3), sum(window) / len(window),
               sum(wide) / len(wide), max([0.0, *body[:k]]), max([0.0, *body[k + 1:]]),
               rows[i][NAMES.index("prose")]]
        for offset, (first, last, mass) in zip(SPAN_OFFSETS, spans):
            distance = first - k if k < first else max(0, k - last)
            row += [float(distance == 0), math.log1p(distance)]
            if offset == 0.5:
                row.append(mass)
        row += [row[CONTEXT_NAMES.index(c)] * rows[i][NAMES.index(o)] for c in CROSS_CONTEXT for o in CROSS_OWN]
        out[i] = row
    return out


def test_every_letter_the_case_blind_patterns_read_as_ascii_is_screened():
    # A line outside ASCII runs _COPYRIGHT whenever it holds one of these, whatever else it says.
    import regex

    from cleaner.linemodel.features import _CASE_ODD

    every = "".join(chr(c) for c in range(0x80, 0x110000) if not 0xD800 <= c < 0xE000)
    assert regex.findall(r"(?i)[a-z]", every) == _CASE_ODD.findall(every) == ["\u0130", "\u017f", "\u212a"]
