"""A page's stop words: the stoplist of its language, and each line's share of them.

The stoplists are the ones jusText ships for 100 languages; a page's language is the list that its
commonest words hit most. Pages in a script with no stoplist (Chinese, Japanese) read the share of
their commonest function characters instead. Every process that scores pages holds the lists' index
(about 13 MB), and the set of a language only once a page has voted for it.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from operator import itemgetter

import regex

from cleaner.text.prose import tokens as prose_tokens

__all__ = ["stop_words", "stop_share"]

_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
# The commonest function characters of Chinese and Japanese prose, for pages with no stoplist.
_FUNCTION_CHARS = frozenset("的了是在和有我他这也就不人都一上为中个到说们要以时会可而对能着与及其之所但并被把从还"
                            "のにはをたがでてとしれさもないるあうかこ")

COMMONEST = 200  # of a page's words, which vote for its stoplist (_commonest)


@lru_cache(maxsize=1)
def _stoplist_index() -> tuple[tuple[str, ...], dict[bytes, tuple[int, ...]]]:
    """jusText's languages in sorted order, and for each word of their stoplists (lower-case, in
    UTF-8) the lists that hold it, by number; read once (about 0.15 s). Compact, as every process
    holds it: the words that the same lists hold share one tuple (some 2,400 tuples for 154,000
    words), and a word in bytes takes 33 bytes beside its text where a str takes 49 to 74. The
    index takes about 13 MB, where the 100 lists as sets beside a word -> lists index took 35 MB
    (bench/README.md)."""
    import justext

    languages = tuple(sorted(justext.get_stoplists()))
    holders: dict[bytes, tuple[int, ...]] = {}
    shared: dict[tuple[int, ...], tuple[int, ...]] = {}
    for k, language in enumerate(languages):
        for word in map(str.encode, justext.get_stoplist(language)):
            ks = holders.get(word, ()) + (k,)
            holders[word] = shared.setdefault(ks, ks)
    return languages, holders


@lru_cache(maxsize=None)
def _stoplist(k: int) -> frozenset[str]:
    """Language k's stoplist as a set (jusText's own), read when a page first votes for it: a
    process holds only the lists of its pages' languages."""
    import justext

    return justext.get_stoplist(_stoplist_index()[0][k])


def _commonest(lines: list[str]) -> list[tuple[str, int]]:
    """The page's 200 commonest words (lower-case) with their counts, in the first 800 words of its
    lines of five words or more: stop words are a page's commonest words. Not fewer: some of
    jusText's lists are large and hold English words besides their own (Uzbek's 5,549 words hold
    107 of English's 453), and an English page's fifty commonest voted for such a list on one page
    in five of the development set (bench/README.md). By count, most first, ties in order of the word."""
    sample: Counter[str] = Counter()
    seen = 0
    for line in lines:
        tokens = prose_tokens(line.lower())
        if len(tokens) < 5:
            continue
        sample.update(tokens)  # counted in C
        seen += len(tokens)
        if seen > 800:
            break
    # Two stable sorts in C, no key built per word.
    return sorted(sorted(sample.items()), key=itemgetter(1), reverse=True)[:COMMONEST]


def stop_words(lines: list[str]) -> frozenset[str] | None:
    """The stoplist of the page's language: the list that its commonest words (``_commonest``) hit
    most, each hit weighing the word's count; None when they hit none."""
    languages, holders = _stoplist_index()
    votes = [0] * len(languages)
    for token, count in _commonest(lines):
        # (surrogatepass: a lone surrogate, never in a token of \w, would find no list's word and no error)
        for k in holders.get(token.encode("utf-8", "surrogatepass"), ()):
            votes[k] += count
    most = max(votes, default=0)
    return _stoplist(votes.index(most)) if most > 0 else None  # ties: the first language in order


def stop_share(text: str, lowered: list[str], stops: frozenset[str] | None) -> float:
    """``lowered``: the line's tokens, lower-cased."""
    if stops is not None:
        return sum(map(stops.__contains__, lowered)) / len(lowered) if lowered else 0.0
    cjk = _CJK.findall(text)
    # Function characters are about a fifth of Chinese prose; scaled to a stop-word share's range.
    return min(1.0, 2.5 * sum(1 for c in cjk if c in _FUNCTION_CHARS) / len(cjk)) if cjk else 0.0
