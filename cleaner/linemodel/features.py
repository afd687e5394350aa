"""What the line model sees of a line: its own shape, and its neighbours'.

Every feature holds for any script: words are counted without relying on spaces (a Han, kana or
Hangul character is a word; Thai, Lao, Khmer and Myanmar letters count four to a word), sentences
end in any script's full stop (. ! ? … 。 ！ ？ । ॥ ։ ؟ ۔ ።), and stop words come from the
stoplist of the page's language (``stopwords``).

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
import re
from itertools import accumulate, chain, repeat
from operator import itemgetter, mul, sub, truediv

import regex

from cleaner.text.prose import CLOSERS as _CLOSERS, ENDS, sentence_end, words, tokens as prose_tokens
from cleaner.linemodel.stopwords import stop_share, stop_words
from cleaner.text.prose import _ASCII_WORDS, _FAR_SCRIPTS, _TOKEN, _UNSPACED, WORD as _WORD  # one tokeniser for the guard and the model

__all__ = ["NAMES", "CONTEXT_NAMES", "page_features", "context_rows", "words", "stop_words", "best_run", "weight",
           "lexical_words"]

_UPPER, _LOWER, _DIGITS = (bytes(range(65, 91)), bytes(range(97, 123)), b"0123456789")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_SEPARATOR_CHARS = "|»›·•/>«‹"
_SEPARATORS = regex.compile(rf"[{_SEPARATOR_CHARS}]|\s-\s")
_DASH = regex.compile(r"\s-\s")
_INNER = regex.compile(r"[,;:，、；،]")
_BULLET = regex.compile(r"^(?:[-*•·▪►◦‣–—]|\d{1,3}[.)]|\(\d{1,3}\))\s")
_LINKISH = regex.compile(r"(?i)https?://|www\.|\S@\S|^@\w|#\w")
_COPYRIGHT = regex.compile(r"(?i)©|\bcopyright\b|all rights reserved|\(c\) \d{4}")
# The letters past ASCII that the regex module's (?i) matches to ASCII ones (İ i, ſ s, the Kelvin
# sign k; a test checks every code point): a cheap test for "reserved" misses "reſerved", which the
# pattern finds.
_CASE_ODD = re.compile("[\u0130\u017f\u212a]")

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
# The crosses' factors: (column of the context, column of the line's own row).
_CROSSES = tuple((CONTEXT_NAMES.index(c), NAMES.index(o)) for c in CROSS_CONTEXT for o in CROSS_OWN)
_LOG_WORDS, _PROSE = NAMES.index("log_words"), NAMES.index("prose")
# The article as one run of lines (Body Text Extraction, Finn et al. 2001): the run whose words are
# most likely body by the first stage, where each word scores P(body) less the offset. Three offsets
# give a loose, a middle and a tight run.
SPAN_OFFSETS = (0.3, 0.5, 0.7)


def _counts_ascii(text: str) -> tuple:
    """``_counts`` of a line in plain ASCII, the same figures sooner: its words are its tokens (no
    unspaced script), capitals and small letters are counted by deleting bytes, in C, and the
    costlier patterns run only where a cheap test says they may match."""
    raw = text.encode()
    spaced = raw.translate(_ASCII_WORDS)  # its runs of \w, a space between (prose.tokens)
    tokens = spaced.decode().split()
    upper = len(raw) - len(raw.translate(None, _UPPER))
    lower = len(raw) - len(raw.translate(None, _LOWER))
    digits = len(raw) - len(raw.translate(None, _DIGITS))
    separators = text.count("|") + text.count("/") + text.count(">")
    if "-" in text:
        separators += len(_DASH.findall(text))
    return (tokens, len(tokens), digits, upper, lower,
            text.count(",") + text.count(";") + text.count(":"), separators, *_marks(text),
            spaced.lower().decode().split())


def _marks(text: str) -> tuple[bool, bool]:
    """Whether the line looks like a link, and like a copyright notice: the costlier (case-blind)
    patterns run only where a cheap test says they may match, and always on a line holding a
    letter that (?i) reads as an ASCII one."""
    low = text.lower()
    linkish = ("//" in text or "@" in text or "#" in text or "ww." in low) and bool(_LINKISH.search(text))
    copyright = ("copyright" in low or "reserved" in low or "(c)" in low or "©" in text
                 or (not text.isascii() and _CASE_ODD.search(text) is not None)) and bool(_COPYRIGHT.search(text))
    return linkish, copyright


def _counts(text: str) -> tuple:
    """(tokens, words, digits, upper, lower, inner punctuation, separators, linkish, copyright,
    the tokens lower-cased)."""
    if _FAR_SCRIPTS.search(text):
        tokens = _TOKEN.findall(text)
        n = sum(len(t) / 4 if _UNSPACED.match(t) else 1 for t in tokens)
    else:  # no script the tokeniser counts apart: its tokens are the runs of \w, a word each (prose.words)
        tokens = _WORD.findall(text)
        n = len(tokens)
    # An ASCII digit or letter is its own byte in UTF-8: those are counted in C, and only the
    # characters past ASCII (often a few quotes and dashes) one by one.
    raw = text.encode()
    rest = "".join(_NON_ASCII.findall(text))
    return (tokens, n, len(raw) - len(raw.translate(None, _DIGITS)) + sum(map(str.isdigit, rest)),
            len(raw) - len(raw.translate(None, _UPPER)) + sum(map(str.isupper, rest)),
            len(raw) - len(raw.translate(None, _LOWER)) + sum(map(str.islower, rest)),
            len(_INNER.findall(text)),
            # _SEPARATORS' matches: its characters, and the dashes between spaces (they share none)
            sum(map(text.count, _SEPARATOR_CHARS)) + (len(_DASH.findall(text)) if "-" in text else 0),
            *_marks(text),
            # Lower-cased at once (no token holds a space, and lower-casing makes none; a final
            # sigma stays final: a space ends a word as the end of a string does).
            " ".join(tokens).lower().split(" ") if tokens else [])


def lexical_words(tokens: list[str]) -> set[str]:
    """The words a lexicon is looked up by: a line's distinct tokens, lower-cased."""
    return {t.lower() for t in tokens}


def line_tokens(text: str) -> list[str]:
    """A line's tokens, as its features count them (``_counts_ascii``'s and ``_counts``'s first item)."""
    return prose_tokens(text)


def _lexical(lowered: list[str], lexicon: dict[str, float]) -> tuple[float, float]:
    """``lowered``: the line's tokens, lower-cased (a set of them is ``lexical_words``)."""
    if not lexicon or not lowered:
        return 0.0, 0.0
    values = list(map(lexicon.get, set(lowered), repeat(0.0)))
    # fsum: a set's order follows the string hash, which changes from run to run; a plain sum's
    # last bit would follow it, and the output bytes with it.
    return math.fsum(values) / len(values), max(values)


def _own(text: str, stops, lexicon: dict[str, float]) -> list[float]:
    """The line's own shape (the last item: its word count, which the page's features read)."""
    tokens, n, digits, upper, lower, inner, separators, linkish, copyright, lowered = \
        _counts_ascii(text) if text.isascii() else _counts(text)
    stripped = text.rstrip(_CLOSERS)
    last = stripped[-1] if stripped else ""
    capitalised = sum(map(str.isupper, map(itemgetter(0), tokens)))
    return [
        math.log1p(n), math.log1p(len(text)), float(last in ENDS), float(last == ":" or last == "："),
        float(last.isdigit()), stop_share(text, lowered, stops),
        inner / (n + 1), digits / len(text),
        upper / (upper + lower) if upper + lower else 0.0,
        capitalised / len(tokens) if tokens else 0.0,
        math.log1p(separators), float(bool(_BULLET.match(text))),
        float(copyright), float(linkish),
        *_lexical(lowered, lexicon), n,
    ]


def page_features(lines: list[str], stops: frozenset[str] | None | bool = True,
                  memo: dict[str, list[float]] | None = None,
                  lexicon: dict[str, float] | None = None) -> list[tuple[float, ...] | None]:
    """One row of ``NAMES`` per line; None for a blank line. ``stops``: the page's stoplist when
    already known (True: find it); ``memo``: lines' own shapes from an earlier scoring of the same
    page with the same stoplist and lexicon (filled in as it goes); ``lexicon``: the model's."""
    if stops is True:
        stops = stop_words(lines)
    memo = {} if memo is None else memo
    texts = [i for i, line in enumerate(lines) if line]
    if not texts:
        return [None] * len(lines)
    own = []
    for i in texts:
        line = lines[i]
        o = memo.get(line)
        if o is None:
            o = memo[line] = _own(line, stops, lexicon or {})
        own.append(o)
    # Built a column (a feature over the page's lines of text) at a time, mostly by C loops (map,
    # slices, accumulate) rather than a Python statement per line and feature, then zipped into rows.
    n = len(texts)
    shape = list(zip(*own))  # the lines' own features, a column each; the last, their words
    size, ends, stop, words_ = shape[0], shape[2], shape[5], shape[-1]
    counts: dict[str, int] = {}
    for i in texts:
        counts[lines[i]] = counts.get(lines[i], 0) + 1
    repeats = {line: math.log(c) for line, c in counts.items()}
    total = sum(words_) or 1.0
    prose = [float(e == 1.0 and w >= 6) for e, w in zip(ends, words_)]
    # Blocks: runs of lines between blank lines.
    block_lines, block_words, block_index, blank_before, blank_after = [], [], [], [], []
    starts = [k for k in range(n) if k == 0 or texts[k - 1] + 1 != texts[k]]
    for start, end in zip(starts, [*starts[1:], n]):
        length = end - start
        block_lines += [math.log(length)] * length
        block_words += [math.log1p(sum(words_[start:end]))] * length
        block_index += [j / length for j in range(length)]
        blank_before += [float(texts[start] > 0)] + [0.0] * (length - 1)
        blank_after += [0.0] * (length - 1) + [float(texts[end - 1] + 1 < len(lines))]
    # How far each line is from the nearest sentence of several words, counted in lines of text.
    distance = [n] * n
    last = None
    for k, p in enumerate(prose):
        last = k if p else last
        if last is not None:
            distance[k] = k - last
    last = None
    for k in range(n - 1, -1, -1):
        last = k if prose[k] else last
        if last is not None:
            distance[k] = min(distance[k], last - k)
    # Windows of lines around each line are read from running sums.
    prose_sums = list(accumulate(prose, initial=0.0))
    size_sums = list(accumulate(size, initial=0.0))
    # Runs of short lines that are not sentences, blank lines aside: menus and link lists.
    run = [0] * n
    start = 0
    for k in [k for k in range(n) if prose[k] or words_[k] > 8] + [n]:
        run[start:k] = [k - start] * (k - start)
        start = k + 1
    spans = [k for k in range(n) if prose[k]]
    # Between the first and the last sentence of the page.
    inside = [0.0] * spans[0] + [1.0] * (spans[-1] - spans[0] + 1) + [0.0] * (n - spans[-1] - 1) if spans else [0.0] * n
    padded = [0.0, 0.0, *size, 0.0, 0.0]  # a neighbour beyond the page's edge: 0
    columns = [
        [1.0] * n, *shape[:14],
        list(map(repeats.__getitem__, map(lines.__getitem__, texts))), list(map(truediv, texts, repeat(len(lines)))),
        list(map(truediv, accumulate(words_, initial=0.0), repeat(total)))[:n],  # the words before the line
        block_lines, block_words, block_index, blank_before, blank_after,
        [float(w <= 3) for w in words_], prose,
        padded[1:n + 1], [0.0, *ends[:-1]], [0.0, *stop[:-1]], padded[3:n + 3], [*ends[1:], 0.0], [*stop[1:], 0.0],
        padded[:n], padded[4:n + 4],
        _window_means(prose_sums, 5), _window_means(size_sums, 5), list(map(sub, repeat(max(size)), size)),
        list(map(math.log1p, distance)), inside,
        _window_means(prose_sums, 15), [len(spans) / n] * n, list(map(math.log1p, run)), shape[14], shape[15],
    ]
    rows: list[tuple[float, ...] | None] = [None] * len(lines)
    for i, row in zip(texts, zip(*columns)):
        rows[i] = row
    return rows


def _bounds(n: int, reach: int) -> tuple[list[int], list[int]]:
    """Per item of n, the window from ``reach`` items before it to ``reach`` after it, cut at the
    ends: its first item and the one past its last."""
    return ([0] * min(n, reach) + list(range(n - reach)),
            list(range(reach + 1, n + 1)) + [n] * min(n, reach))


def _window_means(sums: list[float], reach: int) -> list[float]:
    """Per item, the mean of the items from ``reach`` before it to ``reach`` after it, read from
    their running ``sums`` (``accumulate(..., initial=0.0)``)."""
    lows, highs = _bounds(len(sums) - 1, reach)
    totals = map(sub, map(sums.__getitem__, highs), map(sums.__getitem__, lows))
    return list(map(truediv, totals, map(sub, highs, lows)))


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


def _spans(own: list, body: list[float]) -> list[list[float]]:
    """Columns, one item per line of text: inside each offset's run, its distance from it (in lines
    of text), and the middle run's share of all the page's body evidence (one article, or many
    small parts). ``own``: the lines' first-stage rows; ``body``: their P(body)."""
    n = len(body)
    sizes = list(map(max, repeat(1.0), map(math.expm1, map(itemgetter(_LOG_WORDS), own))))  # weight(row)
    out: list[list[float]] = []
    for offset in SPAN_OFFSETS:
        scores = list(map(mul, map(sub, body, repeat(offset)), sizes))
        best, first, last = best_run(scores)
        inside = last - first + 1  # the run (never empty: some lines)
        out.append([0.0] * first + [1.0] * inside + [0.0] * (n - last - 1))
        out.append(list(map(math.log1p, chain(range(first, 0, -1), repeat(0, inside), range(1, n - last)))))
        if offset == 0.5:
            out.append([max(0.0, best) / (sum(filter((0.0).__lt__, scores)) or 1.0)] * n)
    return out


def _means(values: list[float], reach: int) -> list[float]:
    """Per item, the mean of the items from ``reach`` before it to ``reach`` after it, each window
    summed as it stands (running sums would round otherwise)."""
    lows, highs = _bounds(len(values), reach)
    return list(map(truediv, map(sum, map(values.__getitem__, map(slice, lows, highs))), map(sub, highs, lows)))


def context_rows(rows: list[list[float] | None], probs: list[list[float] | None]) -> list[tuple[float, ...] | None]:
    """The second stage's rows: the first stage's class probabilities (body, chrome, caption,
    title) of the line and of its neighbours, how much body the first stage saw before and after
    it (after an article's last paragraph, there is none), and where the line stands against the
    page's main run of body (``SPAN_OFFSETS``), and the crosses of that evidence with the line's
    own shape (``CROSS_CONTEXT`` x ``CROSS_OWN``)."""
    # Built a column (a feature over all the lines) at a time, each by C loops (map, slices,
    # accumulate) rather than a Python statement per line and feature, then zipped into rows.
    texts = [i for i, p in enumerate(probs) if p is not None]
    if not texts:
        return [None] * len(probs)
    n = len(texts)
    first = [probs[i] for i in texts]
    own = [rows[i] for i in texts]
    body = list(map(itemgetter(0), first))
    padded = [0.0, 0.0, 0.0, *body, 0.0, 0.0, 0.0]  # a neighbour beyond the page's edge is no body
    columns = [[1.0] * n, *(list(map(itemgetter(c), first)) for c in range(4)),
               padded[2:n + 2], padded[4:n + 4], padded[1:n + 1], padded[5:n + 5], padded[:n], padded[6:n + 6],
               _means(body, 3), _means(body, 10),
               list(accumulate(body, max, initial=0.0))[:n],  # the most body before each line
               list(accumulate(reversed(body), max, initial=0.0))[n - 1::-1],  # and after it
               list(map(itemgetter(_PROSE), own)), *_spans(own, body)]
    shape = {o: list(map(itemgetter(o), own)) for o in {o for _, o in _CROSSES}}  # each picked once, not 7 times
    columns += [list(map(mul, columns[c], shape[o])) for c, o in _CROSSES]
    out: list[tuple[float, ...] | None] = [None] * len(probs)
    for i, row in zip(texts, zip(*columns)):
        out[i] = row
    return out
