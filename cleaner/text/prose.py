"""What reads as prose: the guard that keeps generic rules off real sentences."""

from __future__ import annotations

import re
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
# An encyclopedia's reference marks after a sentence's end, which are not the end: 'Grade II listed
# structure.[1]', '….[3][12]', '….[a]', '….[citation needed]' (read only on a line ending in ']',
# and only in its last REFS_TAIL characters: the search tries every start, so over a whole line of
# marks it took time in the square of the line's length, 6 s at 60,000 characters).
_REFS = re.compile(r"(?:\[(?:\d{1,3}|[a-z]|note \d{1,3}|citation needed)\])+$")
REFS_TAIL = 120


def tokens(text: str) -> list[str]:
    """A line's words in any script: a Han, kana or Hangul character is one; a run of Thai, Lao,
    Khmer or Myanmar letters is one token (``words`` counts it four letters to a word). A line
    with none of those scripts (``_FAR_SCRIPTS``) has its runs of \\w for tokens, found by the
    simpler pattern (a third of the time), and a plain ASCII line's by translate and split, in C
    (half the pattern's time)."""
    if text.isascii():
        return text.encode().translate(_ASCII_WORDS).decode().split()
    return (WORD if not _FAR_SCRIPTS.search(text) else _TOKEN).findall(text)


# A plain ASCII line's words are its runs of [A-Za-z0-9_] (the regex module's \w in ASCII;
# tests/test_engine.py checks), found by bytes.translate and split, in C.
_ASCII_WORDS = bytes(c if chr(c).isascii() and (chr(c).isalnum() or c == ord("_")) else 32 for c in range(256))
# Every character of the scripts counted apart (Han, kana, Hangul; Thai, Lao, Khmer, Myanmar)
# stands in these blocks (tests/test_engine.py checks every code point): a line with none of them
# holds only words of one kind, each a run of \w, counted without the tokeniser.
_FAR_SCRIPTS = re.compile("[\u0e00-\u0eff\u1000-\u11ff\u1780-\u17ff\u19e0-\u19ff\u2e80-\u2fff\u3000-\u9fff"
                          "\ua960-\ua97f\ua9e0-\uaaff\uac00-\ud7ff\uf900-\ufaff\uff00-\uffef\U000116d0-\U000116ff"
                          "\U00016fe0-\U00016fff\U0001aff0-\U0001b2ff\U0001f200-\U0001f2ff\U00020000-\U0003ffff]")


def words(text: str) -> float:
    """How many words a line holds, whatever its script: a Han, kana or Hangul character is one,
    Thai, Lao, Khmer and Myanmar letters count four to a word, elsewhere a run of \\w is one. The
    one count of words in cleaner: the guard's, the line model's, the authoring tools'."""
    if text.isascii():
        return float(len(text.encode().translate(_ASCII_WORDS).split()))
    if not _FAR_SCRIPTS.search(text):
        return float(len(WORD.findall(text)))
    return float(sum(len(t) / 4 if _UNSPACED.match(t) else 1 for t in _TOKEN.findall(text)))


def plain_words(lines: list[str]) -> float:
    """``words`` summed over the ASCII lines among these, joined and counted at once (the line
    break that joins two is no word character)."""
    return float(len("\n".join(line for line in lines if line.isascii()).encode().translate(_ASCII_WORDS).split()))


def all_words(lines: list[str]) -> float:
    """``words`` summed over these lines: the ASCII ones counted together (``plain_words``), each
    of the others alone."""
    return plain_words(lines) + sum(words(line) for line in lines if not line.isascii())


def taken_words(line: str, kept: str | None) -> float:
    """The words a rule takes from a line: all of them, or those outside the part it keeps."""
    return words(line) - (words(kept) if kept else 0.0)


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
    characters, past any reference marks, and words are counted only up to the number needed)."""
    stripped = (text[:-REFS_TAIL] + _REFS.sub("", text[-REFS_TAIL:]) if text.endswith("]") else text).rstrip(CLOSERS)
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
