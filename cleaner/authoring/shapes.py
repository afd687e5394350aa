"""Line shapes: what stays of a line when what varies from page to page is set aside.

Two steps, used for counting lines across pages (``cleaner suggest`` and ``--repeats``):

- ``normal``: the CCNet normalisation. Case folded, every digit a 0, punctuation and symbols
  dropped, spaces collapsed: "© 2019 Sputnik" and "© 2020 Sputnik" are one line.
- ``tokens`` / ``key``: slots over words. Urls, e-mail addresses, handles, dates, times, numbers
  and names (runs of capitalised words) become slots, the rest is normalised word by word (a few
  telling symbols, ©, |, /, stay as they are):
  "Source: https://a.example/1" and "Source: http://b.example/x?y" are both ``source <url>``.

``pattern`` turns a line's tokens back into a regular expression that matches every line of the
same key: the words as they are (any case, any punctuation between them), each slot by a pattern of
its kind.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?"
_ORD = r"(?:st|nd|rd|th)?"
# Each slot's pattern: what the tokeniser finds, and what a proposed rule matches in its place.
SLOTS = {
    "url": r"(?:https?://|www\.)\S++|(?:[\w-]++\.){1,6}(?:com|org|net|edu|gov|int|info|news|io|co|uk|us|ca|au|de|fr|es|it|nl|ru|in|ng|ph)\b(?:/\S*+)?",
    "email": r"[\w.+-]++@[\w-]++(?:\.[\w-]++){1,6}",
    "handle": r"(?<![\w@])@\w+",
    "date": (rf"(?i:(?:{_WEEKDAY},? )?(?:\d{{1,2}}{_ORD}\.? (?:of )?{_MONTH}\b\.?(?:,? \d{{4}})?|{_MONTH}\b\.?"
             rf"(?: \d{{1,2}}{_ORD}\b)?(?:,? \d{{4}})?|{_WEEKDAY}\b)|\d{{1,4}}[-/.]\d{{1,2}}[-/.]\d{{1,4}}"
             r"|\d{4}年\d{1,2}月\d{1,2}日)"),
    "time": r"(?i:\d{1,2}:\d{2}(?::\d{2})?(?: ?[ap]\.?m\.?)?)",
    "num": r"\d[\d,.]*+",
    "name": r"\p{Lu}[\p{L}\p{M}'’.-]*+(?:[ -]\p{Lu}[\p{L}\p{M}'’.-]*+){0,8}",
}
_TOKEN = regex.compile("|".join(f"(?P<{k}>{v})" for k, v in SLOTS.items() if k != "name")
                       + r"|(?P<cap>\p{Lu}[\p{L}\p{M}'’.-]*)|(?P<word>[\p{L}\p{M}\p{N}]+)|(?P<sym>[©®™|•·»«›‹/@#&+])")
_DROP = regex.compile(r"[^\p{L}\p{M}\p{N}\s]+")
_SPACES = regex.compile(r"\s+")
_DIGIT = regex.compile(r"\d")
_SEP = r"[^\p{L}\p{M}\p{N}]{0,6}"  # what may stand between two tokens: spaces, punctuation, symbols
# Words too common to tell one line from another: a key of names and these alone is no shape.
STOPWORDS = frozenset("a an and the of in on at to for by from with or as is are was be it its this that "
                      "de la le el du des di da van von".split())


def normal(line: str) -> str:
    """CCNet's normalisation for counting lines: case folded, digits as 0, punctuation and symbols
    dropped, spaces collapsed."""
    return _SPACES.sub(" ", _DIGIT.sub("0", _DROP.sub(" ", line.casefold()))).strip()


@dataclass(frozen=True)
class Token:
    kind: str  # "word", "sym" (a telling symbol: ©, |, /, …), or a slot: url, email, handle, date, time, num, name
    text: str


def tokens(line: str) -> list[Token]:
    """The line's words and slots, in order. A run of capitalised words is a name, but the line's
    first word alone is a word ('Source', 'By')."""
    out: list[Token] = []
    prev_end = -1
    for m in _TOKEN.finditer(line):
        kind = m.lastgroup
        if kind == "cap":
            first = not out and not line[:m.start()].strip(" \"'“‘([")
            if out and out[-1].kind in ("name", "cap") and line[prev_end:m.start()] in (" ", "-"):
                out[-1] = Token("name", out[-1].text + line[prev_end:m.start()] + m.group())
            else:
                out.append(Token("cap" if first else "name", m.group()))
        else:
            out.append(Token(kind, m.group()))
        prev_end = m.end()
    return [Token("word", t.text) if t.kind == "cap" else t for t in out]


def key(line: str) -> str | None:
    """The line's shape for counting: slots as <kind>, words normalised. None when the line is only
    names, numbers, symbols and common words ('Harbour Bridge Reopens', 'Jane Doe', 'Record 100,000
    Singers'): any headline would share it."""
    toks = tokens(line)
    if not toks:
        return None
    telling = [t for t in toks if (t.kind == "word" and normal(t.text) not in STOPWORDS) or t.text in "©®™"
               or t.kind not in ("word", "name", "sym", "num")]
    if not telling:
        return None
    return " ".join(normal(t.text) if t.kind == "word" else t.text if t.kind == "sym" else f"<{t.kind}>" for t in toks)


def has_slot(line: str) -> bool:
    return any(t.kind not in ("word", "sym") for t in tokens(line))


def pattern(line: str, named: bool = False) -> str:
    """A regular expression for every line of the line's key: words in any case, digits as any
    digit, any punctuation between tokens, each slot by its kind's pattern. ``named``: slots and
    separators written as references to a rule file's [patterns] (``{url}``, ``{sep}``), which
    ``PATTERNS`` defines."""
    parts = []
    for t in tokens(line):
        if t.kind == "word":
            word = _DIGIT.sub(r"\\d", regex.escape(t.text, special_only=True))
            parts.append(f"(?i:{word})")
        elif t.kind == "sym":
            parts.append(regex.escape(t.text))
        else:
            parts.append(f"{{{t.kind}}}" if named else f"(?:{SLOTS[t.kind]})")
    sep = "{sep}" if named else _SEP
    return sep + sep.join(parts) + sep


PATTERNS = {**SLOTS, "sep": _SEP}  # what the names in a named pattern stand for
