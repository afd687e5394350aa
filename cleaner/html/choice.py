"""Which extraction of a page to keep: trafilatura's main extractor (fast) or, where the page holds
text that extraction left unread, trafilatura's port of readability, when readability finds at
least as many words and a good part of them new.

The default extraction fails in one way that matters: it keeps one block of a page whose main
text is elsewhere or larger (a layout table's menu cell, a forum's first post, a "page not found"
notice above the text, an events sidebar). Readability scores the page's blocks by their text
instead of walking its markup, so on those pages it finds the text the first missed. Where the
first is right, readability mostly finds the same text (its shingles are the first's), a subset
of it, or the same text with a few more lines of chrome: there its new text is small.

Three measures, all of the text, not of any site:
- the trigger, cheap (one pass over the tree, in C): the page's words outside links are at least
  ``1 + UNREAD`` times the first text's words. Unless there is that much text the first left
  unread, no second text can add much new.
- the gate, where the trigger fires (about 0.4 ms): the block readability would start from, by
  its own paragraph scores (``best_block``: its scoring without its rewriting of the page), adds
  at least ``BLOCK`` times the first text's 4-word shingles. News pages hold much unread text
  outside links (teasers, comments, newsletter boxes, captions), so the trigger fires on more
  than half of them; but that text stands in many small blocks, and readability's best block is
  the article the first already holds: the second extraction (about 6 ms on a news page) would
  find the same text. It is run only where the best block is text the first did not read.
- the choice: readability's text is taken when it is not shorter than the first and its 4-word
  shingles that the first does not hold number at least ``NEW`` times the first's shingles.
  Shingles as sets, so that a page whose readability text repeats the article (a hidden copy)
  adds nothing new.

Thresholds chosen by 5-fold cross-validation on CleanEval with the 83 development pages as a
constraint (bench/README.md, 2026-12-03): NEW between 0.1 and 0.25 gives the same CleanEval F1
within 0.001; below 0.25 development pages whose readability text adds a newsletter box or a
teaser take it and lose, so 0.25. UNREAD is a little under NEW (a quarter new needs about a
quarter more words somewhere in the page): lower asks readability on more pages for no gain on
either set, higher loses CleanEval pages (the table in bench/README.md). BLOCK, for speed at no
loss: 0.05 to 0.15 give the same F1 on both sets (0.15 runs readability on 10 development pages
instead of 46, on 119 CleanEval pages instead of 139); 0.2 and more lose CleanEval pages where
readability adds to the best block siblings or paragraphs of its own making. It sits under NEW
for the same reason.
"""

from __future__ import annotations

import codecs
import functools
import re
from copy import copy

UNREAD = 0.2
BLOCK = 0.15
NEW = 0.25

_WORD = re.compile(r"\w+")  # the standard library's: faster than the regex module for this one fixed pattern
_READ_ERRORS = (ValueError, TypeError, RecursionError, AttributeError, IndexError)
# _count's runs of \w in C: the text as Latin-1 bytes, every character past Latin-1 written as "a"
# when \w and as a space when not (one character for one: the runs stay as they are), then word
# bytes kept, the rest made spaces, and split. A third of the time of _WORD.findall on Latin text,
# the same count; each run of characters past Latin-1 costs a Python call, so other scripts findall.
_LATIN_WORDS = bytes(b if chr(b).isalnum() or b == 0x5F else 0x20 for b in range(256))  # \w is isalnum() or "_"
_WORD_CHAR, _NOT_WORD_CHAR = re.compile(r"\w"), re.compile(r"\W")


def _past_latin1_as_word_bytes(error: UnicodeEncodeError) -> tuple[str, int]:
    return _WORD_CHAR.sub("a", _NOT_WORD_CHAR.sub(" ", error.object[error.start:error.end])), error.end


codecs.register_error("cleaner-words", _past_latin1_as_word_bytes)


def _count(text: str) -> int:
    """How many runs of ``\\w`` the text holds: ``len(_WORD.findall(text))``."""
    if len(text) - len(text.encode("latin-1", "ignore")) > len(text) // 80:  # not mostly Latin-1
        return len(_WORD.findall(text))
    return len(text.encode("latin-1", "cleaner-words").translate(_LATIN_WORDS).split())


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return set(zip(words, words[1:], words[2:], words[3:])) if len(words) > 3 else {tuple(words)} - {()}


def unread_words(tree, first: int) -> int:
    """The page's words outside links beyond the first text's ``first`` words: what the first
    extraction may have left unread. A link nested in a link is counted once."""
    body = tree.find(".//body")
    root = body if body is not None else tree
    all_text, _ = _xpaths()
    return _count(" ".join(all_text(root))) - _count(" ".join(_link_text(root))) - first


@functools.cache
def _xpaths():
    """The text of an element and that of its links, each in one walk in C (itertext takes twice
    the time, a Python proxy per link four times). The links' text as one step over the text
    nodes: ``.//a[not(ancestor::a)]//text()`` merges a node-set per link, in time that grows with
    the square of the links (100,000 links took a minute)."""
    from lxml import etree

    return (etree.XPath(".//text()", smart_strings=False),
            etree.XPath(".//text()[ancestor::a]", smart_strings=False))


def _link_text(el) -> list[str]:
    """The text of the links in ``el`` that stand in no other link (``.//a[not(ancestor::a)]//text()``):
    none where ``el`` is a link or stands in one."""
    if any(node.tag == "a" for node in (el, *el.iterancestors())):
        return []
    return _xpaths()[1](el)


@functools.cache
def _string():
    from lxml import etree

    return etree.XPath("string()", smart_strings=False)


def _text(el) -> str:
    """An element's text, as lxml.html's text_content makes it, without the proxy class."""
    return _string()(el)


def choose(tree, lines: list[str]) -> tuple[list[str], str, str]:
    """The lines to keep, the extractor they come from ("" for the first) and why, in words for
    ``cleaner explain`` ("" when the page did not need a second look)."""
    first = "\n".join(lines)
    words = _count(first)
    unread = unread_words(tree, words)
    if unread < UNREAD * words:
        return lines, "", ""
    mine = _shingles(first)
    try:
        block = best_block(tree)
    except (ImportError, *_READ_ERRORS):  # trafilatura's readability internals moved, or a tree it cannot score
        block = None  # no gate: readability is asked, as before the gate
    found = f"trafilatura's main extractor found {words} words, the page {max(unread, 0)} more outside links"
    if block is not None and (near := len(_shingles(block) - mine) / max(1, len(mine))) < BLOCK:
        return lines, "", (f"trafilatura: {found}; the best block by readability's scores adds {near:.2f} times "
                           f"the first's 4-word shingles (readability is run from {BLOCK:g})")
    text = readability_text(tree)
    other = _count(text)
    new = len(_shingles(text) - mine) / max(1, len(mine))
    found += f"; readability found {other}, its new 4-word shingles {new:.2f} times the first's"
    if other >= words and other and new >= NEW:
        return text.split("\n"), "readability", f"readability: {found} (at least as many words, {NEW:g} or more new)"
    return lines, "", f"trafilatura: {found} (readability's text is kept when not shorter and {NEW:g} or more new)"


def best_block(tree) -> str | None:
    """The text readability would start from, by its own scores, without its rewriting of the page
    and writing out of the text (a tenth of its time on a news page): the container of the page's
    paragraphs (``p``, ``pre``, ``td`` of 25 characters and more) with the highest score, each
    paragraph giving 1, 1 for each of its comma-separated parts and 1 per 100 characters (up to
    3) to its parent and half that to its grandparent, a container
    starting from readability's weights of its tag and of its class and id, the five best scaled
    by their share of text outside links; with its siblings that score at least a fifth as much
    (10 at least). None where the page has no such paragraph."""
    from trafilatura.readability_lxml import REGEXES, TAG_SCORES

    negative, positive = REGEXES["negativeRe"], REGEXES["positiveRe"]
    scores: dict = {}

    def start(el) -> float:
        score = TAG_SCORES.get(el.tag, 0) if isinstance(el.tag, str) else 0
        for name in filter(None, (el.get("class"), el.get("id"))):
            score += (25 if positive.search(name) else 0) - (25 if negative.search(name) else 0)
        return score

    for el in tree.iter("p", "pre", "td"):
        parent = el.getparent()
        if parent is None:
            continue
        text = _text(el).strip()
        if len(text) < 25:
            continue
        score = 2 + text.count(",") + min(len(text) / 100, 3)
        for node, share in ((parent, score), (parent.getparent(), score / 2)):
            if node is not None:
                if node not in scores:
                    scores[node] = start(node)
                scores[node] += share
    if not scores:
        return None
    best_score, best = max(((score * (1 - sum(map(len, _link_text(el))) / (len(_text(el)) or 1)), el)
                            for el, score in sorted(scores.items(), key=lambda item: -item[1])[:5]),
                           key=lambda item: item[0])
    parent = best.getparent()
    floor = max(10, best_score / 5)
    block = [best] if parent is None else [el for el in parent if el is best or scores.get(el, 0) >= floor]
    return " ".join(_text(el) for el in block)


def readability_text(tree) -> str:
    """trafilatura's port of readability over a copy of the page, as its own fallback path makes
    it, written out as its main text is."""
    from trafilatura.external import sanitize_tree, try_readability
    from trafilatura.xml import xmltotxt

    try:
        found = try_readability(copy(tree))
        # Its best block may be a table cell, taken out of its table: written as a cell it would
        # come out as one "| ... |" line; it is a block of the page, so a div.
        for cell in found.iter("td", "th"):
            if cell.getparent() is None or cell.getparent().tag != "tr":
                cell.tag = "div"
        body, _ = sanitize_tree(found, _readability_options())
        return xmltotxt(body, False) or ""
    except _READ_ERRORS:
        return ""


@functools.cache
def _readability_options():
    """trafilatura's settings for the readability text, made once (building them costs 1.5 ms)."""
    from trafilatura.settings import Extractor

    return Extractor(tables=True, comments=False)
