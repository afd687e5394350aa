"""What reads as prose: the guard that keeps generic rules off real sentences."""

from __future__ import annotations

from itertools import islice

import regex

# A sentence: several words, then closing punctuation (perhaps inside quotes or brackets), in any
# script: a Chinese sentence has no spaces, a Hindi one ends in ।, an Armenian one in ։.
WORD = regex.compile(r"\w+")  # a word, as loose comparisons count them
CLOSERS = "\"'”’»)]）」』"
ENDS = frozenset(".!?…。！？।॥։؟۔።")
MIN_WORDS = 6
_TOKEN = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]|[\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]+"
                       r"|[^\W\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]+")
_UNSPACED = regex.compile(r"[\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]")


def tokens(text: str) -> list[str]:
    """A line's words in any script: a Han, kana or Hangul character is one; a run of Thai, Lao,
    Khmer or Myanmar letters is one token (``words`` counts it four letters to a word)."""
    return _TOKEN.findall(text)


def words(text: str) -> float:
    """How many words a line holds, whatever its script (plain ASCII: its \\w+ runs)."""
    if text.isascii():
        return float(len(WORD.findall(text)))
    return float(sum(len(t) / 4 if _UNSPACED.match(t) else 1 for t in _TOKEN.findall(text)))


def sentence_end(text: str) -> bool:
    stripped = text.rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in ENDS


def loose(text: str) -> str:
    """What `same` compares: the words, in order, whatever the case, quotes, dashes and spacing
    ('Star Wars Jedi: Fallen Order review – shoots …' is 'Star Wars Jedi: Fallen Order review -
    shoots …')."""
    return " ".join(WORD.findall(text.casefold()))


def is_prose(text: str) -> bool:
    """A line of several words that ends as a sentence ends (the end is read from the line's last
    characters, and words are counted only up to the number needed)."""
    stripped = text.rstrip(CLOSERS)
    if not stripped or stripped[-1] not in ENDS:
        return False
    if not text.isascii():
        return words(text) >= MIN_WORDS
    return sum(1 for _ in islice(WORD.finditer(text), MIN_WORDS)) >= MIN_WORDS


def kept_part(match: regex.Match | None) -> str | None:
    """The part of a line that stays in the body: its ``keep`` group, when it has one."""
    if match is None or match.re.groupindex.get("keep") is None:
        return None
    kept = (match.group("keep") or "").strip()
    return kept or None


def taken_part(text: str, match: regex.Match | None) -> str:
    """The part of a line a rule takes: all of it, or what is left outside its ``keep`` group."""
    if match is None or match.re.groupindex.get("keep") is None or match.group("keep") is None:
        return text
    rest = text[: match.start("keep")] + " " + text[match.end("keep"):]
    return rest.strip(" -–—:|,;")
