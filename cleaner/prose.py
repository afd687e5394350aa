"""What reads as prose: the guard that keeps generic rules off real sentences."""

from __future__ import annotations

from itertools import islice

import regex

# A sentence: several words, then closing punctuation (perhaps inside quotes or brackets).
WORD = regex.compile(r"\w+")  # a word, as the guard (and loose comparisons) count them
_CLOSERS = "\"'”’»)]"
_ENDS = frozenset(".!?…。！？")
MIN_WORDS = 6


def loose(text: str) -> str:
    """What `same` compares: the words, in order, whatever the case, quotes, dashes and spacing
    ('Star Wars Jedi: Fallen Order review – shoots …' is 'Star Wars Jedi: Fallen Order review -
    shoots …')."""
    return " ".join(WORD.findall(text.casefold()))


def is_prose(text: str) -> bool:
    """A line of several words that ends as a sentence ends (the end is read from the line's last
    characters, and words are counted only up to the number needed)."""
    stripped = text.rstrip(_CLOSERS)
    if not stripped or stripped[-1] not in _ENDS:
        return False
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
