"""Screens: cheap necessary conditions for a rule's pattern, read off the pattern itself.

Most lines of a page are body, and most rule patterns cannot match them; proving that with the
pattern costs a call into the regex engine with a time budget for every line and rule, and more for
patterns that scan the line. A screen says the same "no" for less. It is a plain alternation of
literal strings the pattern cannot match without: strings one of which every match *starts* with
(``Photo:``, ``©``, ``Read more``) or, failing that, one of which every match *contains* (``(``,
``Credit:``). Such an alternation runs in time linear in the line and needs no budget; a line it
rejects is one the pattern rejects, so the screen changes what runs, never what matches.

The literals are read from the pattern's parse tree (the standard library's parser, which reads the
common syntax of ``re`` and ``regex``). Case-insensitive parts stay case-insensitive in the screen,
which is compiled by the same engine as the rules, so case folding agrees. A pattern the parser
cannot read, or one with no literal it must contain, gets no screen.
"""

from __future__ import annotations

import re
import re._constants as C
import re._parser as P
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache

import regex
from ahocorasick_rs import AhoCorasick

__all__ = ["NO_SCREEN", "Screen", "fold", "screen_for_lines", "screen_for_pattern"]

_MAX_ALTERNATIVES = 512  # literals a screen may list (an automaton finds them in one pass; the shared
# related headings list some 300 in fifteen languages, counting their case forms)
_MAX_CLASS = 12  # a character class of up to this many characters counts as literals
_ZERO_WIDTH = (C.AT, C.ASSERT, C.ASSERT_NOT)
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT))
# \p{..} and \P{..} are regex-module syntax the standard parser refuses; for finding literals any
# one character class stands in for them.
# (Only an escape that is one: after an even number of backslashes.)
_PROPERTY = regex.compile(r"(?<!\\)((?:\\\\)*)\\[pP](?:\{[^}]*\}|[A-Z])")
# Syntax the two parsers read differently, without an error from either: POSIX classes, fuzzy
# matching, version 1 set operations, full case folding (which changes lengths) and verbose mode
# (the regex module also skips Unicode spaces there). No screen.
_DIVERGENT = regex.compile(
    r"\[:\^?[A-Za-z]+:\]|(?<!\\[NpP])\{[^}]*[A-Za-z<>=][^}]*\}|\(\?[A-Za-z-]*[Vfx]"
)

Lit = tuple[tuple[str, bool], ...]  # characters, each with its case-insensitivity


# The characters the regex engine, ignoring case, takes for another letter: the dotted capital I,
# the dotless i and the long s for ASCII letters, and the old forms of eight Cyrillic letters
# (rounded ve, long-legged de, narrow o, wide es, tall and three-legged te, tall hard sign, tall
# yat, monograph uk) for the letters (no literal holds one of them: each has a case).
_ODD = re.compile("[\u0130\u0131\u017f\u1c80-\u1c88]")
_ODD_AS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u1c80": "в", "\u1c81": "д",
                         "\u1c82": "о", "\u1c83": "с", "\u1c84": "т", "\u1c85": "т", "\u1c86": "ъ",
                         "\u1c87": "ѣ", "\u1c88": "ꙋ"})


def fold(text: str) -> str:
    """The text as screens compare it: lower case, with the characters the regex engine also takes
    for another letter when ignoring case (``_ODD``) made that letter."""
    if not text.isascii() and _ODD.search(text) is not None:  # rare: str.translate is slow
        text = text.translate(_ODD_AS)
    return text.lower()


@dataclass(frozen=True)
class Screen:
    """What a line must be like for a pattern to match all of it: a length within ``lo`` and ``hi``,
    and, when ``literals`` are given, one of them at its start (``anchored``) or anywhere in it,
    as ``fold`` has it."""

    lo: int = 0
    hi: int = sys.maxsize
    literals: tuple[str, ...] | None = None
    anchored: bool = False
    forbidden: re.Pattern | None = None  # characters no match can hold (a class to search for)

    def passes(self, text: str) -> bool:
        if not self.lo <= len(text) <= self.hi:
            return False
        if self.forbidden is not None and self.forbidden.search(text) is not None:
            return False
        if self.literals is None:
            return True
        folded = fold(text)
        if self.anchored:
            return folded.startswith(self.literals)
        if len(self.literals) <= 4:
            return any(lit in folded for lit in self.literals)
        return bool(self._automaton().find_matches_as_indexes(folded))

    def allows(self, text: str) -> bool:
        """``passes``, for a line whose length and literal a page's scan has already checked
        (``engine.plan``): only the characters no match can hold are left."""
        return self.forbidden is None or self.forbidden.search(text) is None

    def _automaton(self) -> AhoCorasick:
        """Many literals are looked for in one pass; the automaton is built on first use, in the
        process that uses it (it does not pickle)."""
        automaton = self.__dict__.get("_automaton_")
        if automaton is None:
            automaton = AhoCorasick(list(self.literals))
            object.__setattr__(self, "_automaton_", automaton)
        return automaton

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_automaton_"}


NO_SCREEN = Screen()


def screen_for_lines(lines: frozenset[str]) -> Screen:
    """The screen of a set of literal lines: their lengths, and their text at the start."""
    return Screen(min(map(len, lines)), max(map(len, lines)), _folded([tuple((c, False) for c in line) for line in lines], True), True)


def screen_for_pattern(pattern: regex.Pattern) -> Screen:
    """The screen of a pattern matched against whole lines (``fullmatch``)."""
    return _screen(pattern.pattern, int(pattern.flags))


@cache  # rule files share patterns (the credit pattern of shared-credits.toml, twice): derived once
def _screen(source: str, flags: int) -> Screen:
    if _DIVERGENT.search(source) or flags & regex.X:
        return NO_SCREEN
    source = _PROPERTY.sub(lambda m: m.group(1) + "\\w", source)
    try:
        tree = P.parse(source, flags & (regex.I | regex.X | regex.S | regex.M))
        lo, hi = tree.getwidth()
    except Exception:  # noqa: BLE001 - syntax only the regex module reads: no screen
        return NO_SCREEN
    ic = bool(tree.state.flags & C.SRE_FLAG_IGNORECASE)
    items = list(tree)
    start = _sequence(items, ic)
    anchored = start is not None
    found = start[0] if start is not None else _required(items, ic)
    literals = _folded(found, anchored) if found else None
    if literals is None and anchored:
        # A start whose first letter fold() cannot vouch for: the lines must still hold the rest.
        literals, anchored = _folded(found, False), False
    if literals and not anchored and any(lit.isspace() for lit in literals):
        # Every line of prose holds a space: looking for one only costs the page's scan a hit per
        # word. Lengths and forbidden characters still screen.
        literals = None
    return Screen(lo, min(hi, sys.maxsize), literals, anchored, _forbidden(items, ic))


def _forbidden(items: list, ic: bool) -> re.Pattern | None:
    """A class of the characters no match can hold, when the pattern says so: every character it
    matches comes from negated classes ('[^.!?,;:]{120,}': no full stop, no comma …)."""
    found = _alphabet(items, ic)
    if found is None or not found[0] or not found[1]:
        return None
    chars = sorted(found[1])
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]")


def _alphabet(items: list, ic: bool) -> tuple[bool, frozenset[str]] | None:
    """The characters a match of these items can hold: (False, S) for those of S only, (True, S)
    for any but those of S; None when that is not known (a category such as \\w, a reference, or
    where case is ignored, a character that has cases, or one outside ASCII, whose other cases
    the regex module knows better than Python does)."""
    total: tuple[bool, frozenset[str]] = (False, frozenset())
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # lookarounds hold no character of the match
        if op is C.LITERAL:
            part = (False, frozenset([chr(av)]))
        elif op is C.ANY:
            part = (True, frozenset())  # (a line holds no line break anyway)
        elif op is C.NOT_LITERAL:
            part = (True, frozenset([chr(av)]))
        elif op is C.IN:
            negate = bool(av) and av[0][0] is C.NEGATE
            chars: set[str] = set()
            for kind, arg in av[1:] if negate else av:
                if kind is C.LITERAL:
                    chars.add(chr(arg))
                elif kind is C.RANGE and arg[1] - arg[0] < 256:
                    chars.update(map(chr, range(arg[0], arg[1] + 1)))
                else:
                    return None
            part = (negate, frozenset(chars))
        elif op is C.SUBPATTERN:
            _group, add, remove, sub = av
            part = _alphabet(list(sub), (ic or bool(add & C.SRE_FLAG_IGNORECASE)) and not remove & C.SRE_FLAG_IGNORECASE)
        elif op is getattr(C, "ATOMIC_GROUP", None):
            part = _alphabet(list(av), ic)
        elif op in _REPEATS:
            part = _alphabet(list(av[2]), ic)
        elif op is C.BRANCH:
            part = (False, frozenset())
            for branch in av[1]:
                got = _alphabet(list(branch), ic)
                if got is None:
                    return None
                part = _union(part, got)
        else:
            return None
        if part is None:
            return None
        if ic and not part[0] and any(c.lower() != c.upper() or not (c.isascii() or _caseless(c)) for c in part[1]):
            return None  # it may match other cases of these characters, which are not in the set
        total = _union(total, part)
    return total


def _union(a: tuple[bool, frozenset[str]], b: tuple[bool, frozenset[str]]) -> tuple[bool, frozenset[str]]:
    if a[0] and b[0]:
        return True, a[1] & b[1]
    if a[0] or b[0]:
        neg, pos = (a, b) if a[0] else (b, a)
        return True, neg[1] - pos[1]
    return False, a[1] | b[1]


def _kept(ch: str, ic: bool) -> bool:
    """Whether a literal's character folds as ``fold`` folds the text it matches. Where case counts,
    the text holds that very character, and ``fold`` lower-cases both alike ('Κοινοποίηση' keeps its
    letters written so): but for the capital sigma, whose lower case depends on what follows it
    (``_folded`` keeps one that a letter with a case follows, 'Σχετικά'), and those ``fold`` writes
    otherwise than their lower case (as another letter, ``_ODD``)."""
    if ch.isascii() or _stable(ch):
        return True
    if not ic:
        return ch != "\u03a3" and fold(ch) == ch.lower()
    return ch.lower() == ch.upper() == ch and _caseless(ch)


def _small_sigma(lit: Lit, k: int) -> bool:
    """Whether the capital sigma at ``lit[k]`` folds to σ wherever it stands: a cased letter follows
    it that is not case-ignorable (Python's lower() looks past those, 'Σ\u0345' may end a word),
    and where case is ignored, one whose other cases are so too (ι matches the ypogegrammeni)."""
    if k + 1 == len(lit):
        return False
    ch, ic = lit[k + 1]
    return ("a\u03a3" + ch).lower()[1] == "\u03c3" and (not ic or ch.isascii() or _stable(ch))


def _folded(alternatives: list[Lit], anchored: bool) -> tuple[str, ...] | None:
    """The literals as ``fold`` compares them. Each is cut at every letter past ASCII that ``fold``
    cannot vouch for (``_STABLE`` aside), and where case is ignored at every character past ASCII
    that may have a case: how such a character folds can depend on its neighbours (the Greek final
    sigma), and the regex module's Unicode tables are newer than Python's (it pairs characters
    Python calls uncased); where case counts, only at the few letters ``_kept`` names. A literal's
    beginning (for a screen of starts) or any part of it (for one of contents: its longest such
    part) is as necessary as the whole of it."""
    out = set()
    for lit in alternatives:
        parts, chars = [], []
        for k, (ch, ic) in enumerate(lit):
            if ch == "\u03a3" and not ic and _small_sigma(lit, k):
                ch = "\u03c3"
            elif not _kept(ch, ic):
                parts.append("".join(chars))
                chars = []
                if anchored:
                    break
                continue
            chars.append(ch.lower())
        parts.append("".join(chars))
        best = parts[0] if anchored else max(parts, key=len)
        if not best:
            return None
        out.add(best)
    # A literal that holds another (at its start, for a screen of starts) is redundant.
    holds = str.startswith if anchored else str.__contains__
    return tuple(sorted(lit for lit in out if not any(o != lit and holds(lit, o) for o in out)))


# Letters past ASCII whose case is the same one-to-one pairing in every Unicode version and in both
# engines, with no context (unlike the Greek sigma): accented Latin letters of Latin-1 and Latin
# Extended-A (but for the dotted and dotless i and the long s, which fold to ASCII letters, and the
# sharp s, which the regex module pairs with a letter Python's tables lack) and the Cyrillic
# alphabets (six of whose letters it also pairs with old forms, which ``fold`` writes as those letters: a test
# checks every letter against the engine), the Armenian alphabet; and scripts with no case at all: Hebrew, Arabic,
# Devanagari, Thai, kana, Han and Hangul. A literal keeps them (as ``fold`` lower-cases them), so that "Читайте также" and
# "相关阅读" screen as "Read more" does.
_STABLE = regex.compile(r"[\u00c0-\u00d6\u00d8-\u00de\u00e0-\u00f6\u00f8-\u012f\u0132-\u017e\u0400-\u045f\u0531-\u0556\u0561-\u0586\u0590-\u06ff"
                        r"\u0900-\u097f\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def _stable(ch: str) -> bool:
    return _STABLE.match(ch) is not None


def _caseless(ch: str) -> bool:
    """A character no Unicode version gives another case: punctuation, spaces, currency and
    mathematical signs, and the commonest other symbols (©, ®, ™, °). Letters, and symbols such as
    circled letters, may have cases the regex module knows and Python's older tables do not."""
    return unicodedata.category(ch)[0] in "PZ" or unicodedata.category(ch) in ("Sm", "Sc", "Sk") or ch in "©®™°"


def _item(item, ic: bool) -> tuple[list[Lit], bool] | None:
    """The literals one of which a match of this item starts with, and whether they are all it can
    match (then what follows the item may be appended to them)."""
    op, av = item
    if op is C.LITERAL:
        return [((chr(av), ic),)], True
    if op is C.IN:
        chars: list[str] = []
        for kind, arg in av:
            if kind is C.LITERAL:
                chars.append(chr(arg))
            elif kind is C.RANGE and arg[1] - arg[0] < _MAX_CLASS:
                chars.extend(map(chr, range(arg[0], arg[1] + 1)))
            else:
                return None  # negated, a category, or too wide
        return ([((c, ic),) for c in chars], True) if 0 < len(chars) <= _MAX_CLASS else None
    if op is C.SUBPATTERN:
        _group, add, remove, sub = av
        inner = (ic or bool(add & C.SRE_FLAG_IGNORECASE)) and not remove & C.SRE_FLAG_IGNORECASE
        return _sequence(list(sub), inner)
    if op is getattr(C, "ATOMIC_GROUP", None):
        return _sequence(list(av), ic)
    if op is C.BRANCH:
        found: list[Lit] = []
        exact = True
        for branch in av[1]:
            got = _sequence(list(branch), ic)
            if got is None:
                return None
            found += got[0]
            exact = exact and got[1]
        return (found, exact) if len(found) <= _MAX_ALTERNATIVES else None
    if op in _REPEATS:
        lo, hi, sub = av
        if lo == 0:
            return None
        got = _sequence(list(sub), ic)
        return (got[0], got[1] and lo == hi == 1) if got is not None else None
    return None


def _sequence(items: list, ic: bool) -> tuple[list[Lit], bool] | None:
    """What a match of these items in a row starts with; None if it may start with anything."""
    found: list[Lit] = [()]
    exact = True
    for item in items:
        if item[0] in _ZERO_WIDTH:
            continue
        got = _item(item, ic)
        if got is None or len(found) * len(got[0]) > _MAX_ALTERNATIVES:
            exact = False
            break
        found = [a + b for a in found for b in got[0]]
        if not got[1]:
            exact = False
            break
    if any(not lit for lit in found):
        return None
    return found, exact


def _required(items: list, ic: bool) -> list[Lit] | None:
    """Literals one of which every match of these items contains, the most selective found."""
    candidates: list[list[Lit]] = []
    for k, (op, av) in enumerate(items):
        if op in _ZERO_WIDTH:
            continue
        # What a match starts with from this item on; inside a run of literals only from its first
        # (a later start finds a part of what the first finds).
        here = None if k and items[k - 1][0] is C.LITERAL and op is C.LITERAL else _sequence(items[k:], ic)
        if here is not None:
            candidates.append(here[0])
        inner = _inside(op, av, ic)
        if inner is not None:
            candidates.append(inner)
    return max(candidates, key=_quality) if candidates else None


def _inside(op, av, ic: bool) -> list[Lit] | None:
    """Required literals within one item: a group, a branch or a repeat taken at least once."""
    if op is C.SUBPATTERN:
        _group, add, remove, sub = av
        return _required(list(sub), (ic or bool(add & C.SRE_FLAG_IGNORECASE)) and not remove & C.SRE_FLAG_IGNORECASE)
    if op is getattr(C, "ATOMIC_GROUP", None):
        return _required(list(av), ic)
    if op in _REPEATS and av[0] >= 1:
        return _required(list(av[2]), ic)
    if op is C.BRANCH:
        found: list[Lit] = []
        for branch in av[1]:
            got = _required(list(branch), ic)
            if got is None:
                return None
            found += got
        return found if len(found) <= _MAX_ALTERNATIVES else None
    return None


# Characters in nearly every line of prose: a literal that is one of them alone screens almost nothing.
_COMMON = frozenset(" .,-'’")


def _quality(alternatives: list[Lit]) -> tuple[int, int]:
    """Longer shortest literal first (one of ``_COMMON`` alone counts as none), then fewer literals:
    ':' or 'Uhr' screens a line better than ':' or '.'."""
    return min(0 if len(lit) == 1 and lit[0][0] in _COMMON else len(lit) for lit in alternatives), -len(alternatives)
