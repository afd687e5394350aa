"""What the line model sees of a line: its own shape, and its neighbours'.

Every feature holds for any script: words are counted without relying on spaces (a Han, kana or
Hangul character is a word; Thai, Lao, Khmer and Myanmar letters count four to a word), sentences
end in any script's full stop (. ! ? … 。 ！ ？ । ॥ ։ ؟ ۔ ።), and stop words come from the
stoplists that jusText ships for 100 languages, the page's language picked by which list its
longer lines use most. Pages in a script with no stoplist (Chinese, Japanese, Thai) use the share
of their most common function characters instead.

What a line says counts too, through the model's lexicon: how much more often each word stands in
chrome than in body on the training pages (log-odds; only words on at least 3% of the pages, so no
site's own words). A line's ``lex_mean`` and ``lex_max`` are the mean and the largest of its
distinct words' values; a word the lexicon lacks (any other language's) counts 0, so a page in a
language it does not know is judged by its shape alone (not quite as a model without a lexicon
judges it: its weights were fitted with the word features beside them; bench/README.md).

``page_features(lines)`` gives one row of ``NAMES`` per line (blank lines included: they shape
blocks); ``context_rows`` adds what the first stage thought of the neighbours.
"""

from __future__ import annotations

import math
from functools import lru_cache
from itertools import accumulate
from operator import itemgetter, mul

import regex

from cleaner.text.prose import CLOSERS as _CLOSERS, ENDS, sentence_end, words, tokens as prose_tokens
from cleaner.text.prose import _TOKEN, _UNSPACED, WORD as _WORD  # one tokeniser for the guard and the model

__all__ = ["NAMES", "CONTEXT_NAMES", "page_features", "context_rows", "words", "stop_words", "best_run", "weight",
           "lexical_words"]

_UPPER, _LOWER, _DIGITS = (bytes(range(65, 91)), bytes(range(97, 123)), b"0123456789")
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
_SEPARATORS = regex.compile(r"[|»›·•/>«‹]|\s-\s")
_DASH = regex.compile(r"\s-\s")
_INNER = regex.compile(r"[,;:，、；،]")
_BULLET = regex.compile(r"^(?:[-*•·▪►◦‣–—]|\d{1,3}[.)]|\(\d{1,3}\))\s")
_LINKISH = regex.compile(r"(?i)https?://|www\.|\S@\S|^@\w|#\w")
_COPYRIGHT = regex.compile(r"(?i)©|\bcopyright\b|all rights reserved|\(c\) \d{4}")
# The commonest function characters of Chinese and Japanese prose, for pages with no stoplist.
_FUNCTION_CHARS = frozenset("的了是在和有我他这也就不人都一上为中个到说们要以时会可而对能着与及其之所但并被把从还"
                            "のにはをたがでてとしれさもないるあうかこ")

NAMES = (
    "bias", "log_words", "log_chars", "sentence_end", "colon_end", "digit_end", "stop_share",
    "inner_punct", "digit_share", "upper_share", "capitalised_share", "separators", "bullet",
    "copyright", "linkish", "repeats", "position", "words_before", "block_lines", "block_words",
    "block_index", "blank_before", "blank_after", "short", "prose",
    "prev_log_words", "prev_sentence_end", "prev_stop", "next_log_words", "next_sentence_end",
    "next_stop", "prev2_log_words", "next2_log_words", "window_prose", "window_log_words",
    "below_longest", "prose_distance", "inside_prose_span", "wide_prose", "page_prose_share", "short_run",
    "lex_mean", "lex_max",
)
CONTEXT_NAMES = (
    "bias", "self_body", "self_chrome", "self_caption", "self_title",
    "prev_body", "next_body", "prev2_body", "next2_body", "prev3_body", "next3_body",
    "window_body", "wide_body", "body_before", "body_after", "prose",
    "in_span_30", "span_distance_30", "in_span_50", "span_distance_50", "span_mass", "in_span_70", "span_distance_70",
)
# A linear second stage cannot say "short AND among body" on its own: it also reads the products
# of the context's evidence with the line's own shape (a short line inside the article's run is
# body; the same line after it is chrome).
CROSS_CONTEXT = ("self_body", "window_body", "in_span_50", "span_distance_50", "body_before", "body_after", "wide_body")
CROSS_OWN = ("log_words", "sentence_end", "stop_share", "capitalised_share", "position", "short", "separators")
CONTEXT_NAMES += tuple(f"{c}*{o}" for c in CROSS_CONTEXT for o in CROSS_OWN)
# The crosses' factors, picked from a row in one call each (a Python loop of 49 products costs twice as much)
_CROSS_CONTEXT = itemgetter(*(CONTEXT_NAMES.index(c) for c in CROSS_CONTEXT for _ in CROSS_OWN))
_CROSS_OWN = itemgetter(*(NAMES.index(o) for _ in CROSS_CONTEXT for o in CROSS_OWN))
_LOG_WORDS, _PROSE = NAMES.index("log_words"), NAMES.index("prose")
# The article as one run of lines (Body Text Extraction, Finn et al. 2001): the run whose words are
# most likely body by the first stage, where each word scores P(body) less the offset. Three offsets
# give a loose, a middle and a tight run.
SPAN_OFFSETS = (0.3, 0.5, 0.7)


@lru_cache(maxsize=1)
def _stoplists() -> tuple[tuple[frozenset[str], ...], dict[str, tuple[int, ...]]]:
    """jusText's stoplists (lower-case words) in sorted order of their language, and for each word
    the lists that hold it; read once (about 0.1 s)."""
    import justext

    lists = tuple(justext.get_stoplist(language) for language in sorted(justext.get_stoplists()))
    holders: dict[str, list[int]] = {}
    for k, stops in enumerate(lists):
        for word in stops:
            holders.setdefault(word, []).append(k)
    return lists, {word: tuple(ks) for word, ks in holders.items()}


def stop_words(lines: list[str]) -> frozenset[str] | None:
    """The stoplist of the page's language: the list whose words its longer lines use most (the
    first 800 words of lines of five words or more)."""
    sample: dict[str, int] = {}
    seen = 0
    for line in lines:
        tokens = prose_tokens(line.lower())
        if len(tokens) < 5:
            continue
        for token in tokens:
            sample[token] = sample.get(token, 0) + 1
        seen += len(tokens)
        if seen > 800:
            break
    # Stop words are a page's commonest words: its fifty commonest are enough to tell the language.
    common = sorted(sample.items(), key=lambda item: (-item[1], item[0]))[:50]
    lists, holders = _stoplists()
    votes = [0] * len(lists)
    for token, count in common:
        for k in holders.get(token, ()):
            votes[k] += count
    most = max(votes, default=0)
    return lists[votes.index(most)] if most > 0 else None  # ties: the first language in order


def _stop_share(text: str, tokens: list[str], stops: frozenset[str] | None) -> float:
    if stops is not None:
        return sum(map(stops.__contains__, " ".join(tokens).lower().split(" "))) / len(tokens) if tokens else 0.0
    cjk = _CJK.findall(text)
    # Function characters are about a fifth of Chinese prose; scaled to a stop-word share's range.
    return min(1.0, 2.5 * sum(1 for c in cjk if c in _FUNCTION_CHARS) / len(cjk)) if cjk else 0.0


def _counts_ascii(text: str) -> tuple:
    """``_counts`` of a line in plain ASCII, the same figures sooner: its words are its tokens (no
    unspaced script), capitals and small letters are counted by deleting bytes, in C, and the
    costlier patterns run only where a cheap test says they may match."""
    tokens = _WORD.findall(text)
    raw = text.encode()
    upper = len(raw) - len(raw.translate(None, _UPPER))
    lower = len(raw) - len(raw.translate(None, _LOWER))
    digits = len(raw) - len(raw.translate(None, _DIGITS))
    separators = text.count("|") + text.count("/") + text.count(">")
    if "-" in text:
        separators += len(_DASH.findall(text))
    low = text.lower()
    linkish = ("//" in text or "@" in text or "#" in text or "ww." in low) and bool(_LINKISH.search(text))
    copyright = ("copyright" in low or "reserved" in low or "(c)" in low) and bool(_COPYRIGHT.search(text))
    return (tokens, len(tokens), digits, upper, lower,
            text.count(",") + text.count(";") + text.count(":"), separators, linkish, copyright)


def _counts(text: str) -> tuple:
    """(tokens, words, digits, upper, lower, inner punctuation, separators, linkish, copyright)."""
    tokens = _TOKEN.findall(text)
    n = sum(len(t) / 4 if _UNSPACED.match(t) else 1 for t in tokens)
    return (tokens, n, sum(map(str.isdigit, text)), sum(map(str.isupper, text)),
            sum(map(str.islower, text)), len(_INNER.findall(text)), len(_SEPARATORS.findall(text)),
            bool(_LINKISH.search(text)), bool(_COPYRIGHT.search(text)))


def lexical_words(tokens: list[str]) -> set[str]:
    """The words a lexicon is looked up by: a line's distinct tokens, lower-cased."""
    return {t.lower() for t in tokens}


def line_tokens(text: str) -> list[str]:
    """A line's tokens, as its features count them (``_counts_ascii``'s and ``_counts``'s first item)."""
    return prose_tokens(text)


def _lexical(tokens: list[str], lexicon: dict[str, float]) -> tuple[float, float]:
    if not lexicon or not tokens:
        return 0.0, 0.0
    values = [lexicon.get(w, 0.0) for w in lexical_words(tokens)]
    # fsum: a set's order follows the string hash, which changes from run to run; a plain sum's
    # last bit would follow it, and the output bytes with it.
    return math.fsum(values) / len(values), max(values)


def _own(text: str, stops, lexicon: dict[str, float]) -> list[float]:
    """The line's own shape (the last item: its word count, which the page's features read)."""
    tokens, n, digits, upper, lower, inner, separators, linkish, copyright = \
        _counts_ascii(text) if text.isascii() else _counts(text)
    stripped = text.rstrip(_CLOSERS)
    last = stripped[-1] if stripped else ""
    capitalised = sum(1 for t in tokens if t[0].isupper())
    return [
        math.log1p(n), math.log1p(len(text)), float(last in ENDS), float(last == ":" or last == "："),
        float(last.isdigit()), _stop_share(text, tokens, stops),
        inner / (n + 1), digits / len(text),
        upper / (upper + lower) if upper + lower else 0.0,
        capitalised / len(tokens) if tokens else 0.0,
        math.log1p(separators), float(bool(_BULLET.match(text))),
        float(copyright), float(linkish),
        *_lexical(tokens, lexicon), n,
    ]


def page_features(lines: list[str], stops: frozenset[str] | None | bool = True,
                  memo: dict[str, list[float]] | None = None,
                  lexicon: dict[str, float] | None = None) -> list[list[float] | None]:
    """One row of ``NAMES`` per line; None for a blank line. ``stops``: the page's stoplist when
    already known (True: find it); ``memo``: lines' own shapes from an earlier scoring of the same
    page with the same stoplist and lexicon (filled in as it goes); ``lexicon``: the model's."""
    if stops is True:
        stops = stop_words(lines)
    memo = {} if memo is None else memo
    own: list = [None] * len(lines)
    for i, line in enumerate(lines):
        if line:
            o = memo.get(line)
            if o is None:
                o = memo[line] = _own(line, stops, lexicon or {})
            own[i] = o
    counts: dict[str, int] = {}
    for line in lines:
        if line:
            counts[line] = counts.get(line, 0) + 1
    total = sum(o[-1] for o in own if o) or 1.0
    # Blocks: runs of lines between blank lines.
    block_of, blocks = [], []
    for i, line in enumerate(lines):
        if line and (i == 0 or not lines[i - 1]):
            blocks.append([])
        block_of.append(len(blocks) - 1 if line else -1)
        if line:
            blocks[-1].append(i)
    block_words = [sum(own[i][-1] for i in b) for b in blocks]
    in_block = {i: k for b in blocks for k, i in enumerate(b)}
    texts = [i for i, line in enumerate(lines) if line]
    prose = {i: float(own[i][2] == 1.0 and own[i][-1] >= 6) for i in texts}
    rows: list[list[float] | None] = [None] * len(lines)
    before = 0.0
    longest = max((own[i][0] for i in texts), default=0.0)
    # How far each line is from the nearest sentence of several words, counted in lines of text.
    distance = [len(texts)] * len(texts)
    last = None
    for k, i in enumerate(texts):
        last = k if prose[i] else last
        distance[k] = k - last if last is not None else len(texts)
    last = None
    for k in range(len(texts) - 1, -1, -1):
        last = k if prose[texts[k]] else last
        if last is not None:
            distance[k] = min(distance[k], last - k)
    # Windows of lines around each line are read from running sums.
    prose_sums = list(accumulate((prose[i] for i in texts), initial=0.0))
    size_sums = list(accumulate((own[i][0] for i in texts), initial=0.0))
    # Runs of short lines that are not sentences, blank lines aside: menus and link lists.
    run = [0] * len(texts)
    start = 0
    for k in range(len(texts) + 1):
        if k == len(texts) or prose[texts[k]] or own[texts[k]][-1] > 8:
            for j in range(start, k):
                run[j] = k - start
            start = k + 1
    spans = [k for k, i in enumerate(texts) if prose[i]]
    first_prose, last_prose = (spans[0], spans[-1]) if spans else (len(texts), -1)
    page_prose = len(spans) / len(texts) if texts else 0.0
    for k, i in enumerate(texts):
        o = own[i]
        n = o[-1]
        block = blocks[block_of[i]]
        near = lambda d: own[texts[k + d]] if 0 <= k + d < len(texts) else None  # noqa: E731
        p1, n1, p2, n2 = near(-1), near(1), near(-2), near(2)
        lo, hi, wlo, whi = max(0, k - 5), min(len(texts), k + 6), max(0, k - 15), min(len(texts), k + 16)
        rows[i] = [
            1.0, o[0], o[1], o[2], o[3], o[4], o[5], o[6], o[7], o[8], o[9], o[10], o[11], o[12], o[13],
            math.log(counts[lines[i]]), i / len(lines), before / total,
            math.log(len(block)), math.log1p(block_words[block_of[i]]), in_block[i] / len(block),
            float(i > 0 and not lines[i - 1]), float(i + 1 < len(lines) and not lines[i + 1]),
            float(n <= 3), prose[i],
            p1[0] if p1 else 0.0, p1[2] if p1 else 0.0, p1[5] if p1 else 0.0,
            n1[0] if n1 else 0.0, n1[2] if n1 else 0.0, n1[5] if n1 else 0.0,
            p2[0] if p2 else 0.0, n2[0] if n2 else 0.0,
            (prose_sums[hi] - prose_sums[lo]) / (hi - lo), (size_sums[hi] - size_sums[lo]) / (hi - lo),
            longest - o[0], math.log1p(distance[k]), float(first_prose <= k <= last_prose),
            (prose_sums[whi] - prose_sums[wlo]) / (whi - wlo),
            page_prose, math.log1p(run[k]), o[14], o[15],
        ]
        before += n
    return rows


def best_run(values: list[float]) -> tuple[float, int, int]:
    """The run of values with the largest sum (the first such run): (sum, first, last)."""
    best, first, last, total, start = -math.inf, 0, -1, 0.0, 0
    for k, value in enumerate(values):
        if total <= 0:
            total, start = value, k
        else:
            total += value
        if total > best:
            best, first, last = total, start, k
    return best, first, last


def weight(row: list[float]) -> float:
    """What a line weighs in a run: its words (from its row), at least one."""
    return max(1.0, math.expm1(row[_LOG_WORDS]))


def _spans(rows: list, texts: list[int], body: list[float]) -> list[list[float]]:
    """Per line of text: inside each offset's run, its distance from it (in lines of text), and
    the middle run's share of all the page's body evidence (one article, or many small parts)."""
    n = [weight(rows[i]) for i in texts]
    out: list[list[float]] = [[] for _ in texts]
    for offset in SPAN_OFFSETS:
        scores = [(b - offset) * w for b, w in zip(body, n)]
        best, first, last = best_run(scores)
        for k, row in enumerate(out):
            distance = first - k if k < first else max(0, k - last)
            row += (float(distance == 0), math.log1p(distance))
        if offset == 0.5:
            mass = max(0.0, best) / (sum(s for s in scores if s > 0) or 1.0)
            for row in out:
                row.append(mass)
    return out


def context_rows(rows: list[list[float] | None], probs: list[list[float] | None]) -> list[list[float] | None]:
    """The second stage's rows: the first stage's class probabilities (body, chrome, caption,
    title) of the line and of its neighbours, how much body the first stage saw before and after
    it (after an article's last paragraph, there is none), and where the line stands against the
    page's main run of body (``SPAN_OFFSETS``), and the crosses of that evidence with the line's
    own shape (``CROSS_CONTEXT`` x ``CROSS_OWN``)."""
    texts = [i for i, p in enumerate(probs) if p is not None]
    body = [probs[i][0] for i in texts]
    spans = _spans(rows, texts, body)
    best_before, best = [], 0.0
    for b in body:
        best_before.append(best)
        best = max(best, b)
    best_after, best = [0.0] * len(body), 0.0
    for k in range(len(body) - 1, -1, -1):
        best_after[k] = best
        best = max(best, body[k])
    out: list[list[float] | None] = [None] * len(probs)
    padded = [0.0, 0.0, 0.0, *body, 0.0, 0.0, 0.0]  # a neighbour beyond the page's edge is no body
    for k, i in enumerate(texts):
        window = body[max(0, k - 3) : k + 4]
        wide = body[max(0, k - 10) : k + 11]
        p, own = probs[i], rows[i]
        row = [1.0, p[0], p[1], p[2], p[3], padded[k + 2], padded[k + 4], padded[k + 1], padded[k + 5],
               padded[k], padded[k + 6], sum(window) / len(window), sum(wide) / len(wide),
               best_before[k], best_after[k], own[_PROSE], *spans[k]]
        row += map(mul, _CROSS_CONTEXT(row), _CROSS_OWN(own))
        out[i] = row
    return out
