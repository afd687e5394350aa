"""One HTML page into the lines the engine cleans: the body from trafilatura (or readability's text
where the first left the page's text unread: ``choice``), the figures and passages of ``figures``
written in at their places with a generated rule each, and what the page says of itself from
``metadata``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cleaner.text.normalize import CONSERVATIVE, normalize, repair
from cleaner.rules import Element, Rule, SiteRules
from cleaner.rules.screen import screen_for_lines
from cleaner.html.choice import choose
from cleaner.html.links import Links
from cleaner.html.figures import (Passage, _DROPPED_EARLY, _Order, _holds, _in_page_order, _key, _words, _words_of,
                                  read_chunks, read_embeds, read_figures)
from cleaner.html.speed import tune
from cleaner.html.metadata import (_meta_table, _selected, apply_site, page_metadata, read_headlines,
                                   read_standfirsts)


MODES = ("fast", "balanced", "precision", "recall")
PATH = "(html)"


class ExtractionError(ValueError):
    """A page the HTML extractor could not read: the document becomes an error record."""


@dataclass
class Extracted:
    text: str  # the body as a text dump: one paragraph a line, a blank line between
    figures: SiteRules  # the generated rules that take each figure's lines
    metadata: dict = field(default_factory=dict)
    said: dict[str, list[str]] = field(default_factory=dict)  # titles and standfirsts, for `same` rules
    choice: str = ""  # how the body's extractor was chosen, when a second one was tried (for explain)
    links: Links | None = None  # the page's links' words, for the link runs at the text's edges


# What the parser and the extractor lose before the text is repaired (a dump's text keeps it for
# ftfy): lxml stops reading at a lone surrogate; trafilatura drops C1 controls (cp1252's curly
# quotes read as Latin-1, the middle of Latin-1 mojibake) and the escape character of a terminal
# escape, leaving "[31m". A page that holds one is repaired whole first, as a dump would be.
_LOST = re.compile("[\x1b\x80-\x9f\ud800-\udfff]")
# Only those repairs, on the markup: the profile's normalising (NFC joins a tag's ">" to a combining
# mark after it), quote straightening and width folding ("\uff1c" to "<") would change the markup
# itself, and unescaping would make text markup. The extracted text takes the profile's whole later.
_MARKUP_SAFE = CONSERVATIVE.ftfy._replace(unescape_html=False, normalization=None)
# What may come before a page's first tag: spaces, a BOM, comments (a template's banner can run to
# kilobytes). A comment never closed ends the match where it opens.
_BEFORE_PAGE = re.compile(r"(?:[\ufeff \t\r\n]+|<!--.*?-->)*", re.S)


def looks_like_html(text: str) -> bool:
    """A document that starts as an HTML page starts (after spaces and comments)."""
    start = _BEFORE_PAGE.match(text).end()
    head = text[start:start + 2048].lower()
    return head.startswith("<") and any(tag in head for tag in ("<!doctype html", "<html", "<head", "<body"))


def extract(content: str | bytes, url: str | None = None, mode: str = "fast", site=None,
            profile=None) -> Extracted:
    """The page as a text dump, its figures as generated rules, its metadata. Figure lines are
    normalised here with the cleaner's ``profile``, as the whole text will be, so that each
    generated rule's literal is exactly the line the rules will see."""
    import trafilatura  # loaded only for HTML
    from trafilatura.utils import HTML_PARSER, load_html

    if isinstance(content, str) and _LOST.search(content):
        content = repair(content, _MARKUP_SAFE)
    tune()  # once a process: trafilatura's lookups and expressions made cheaper, the same answers
    # One parse, by trafilatura's own loader: it extracts from that tree exactly what it extracts
    # from the page (a tree parsed by lxml directly differs). Metadata, figures and posts are read
    # first, and what the extractor never reads leaves the tree (drop_code).
    tree = load_html(content)
    if _stopped_short(HTML_PARSER):
        tree = _parse_deep(content)
    if tree is None and content:
        tree = _load_fragment(content)
    if tree is None:
        return Extracted("", SiteRules(name=PATH, path=PATH), {})
    from_site = apply_site(tree, site)
    table = _meta_table(tree)
    titles = read_headlines(tree, table)
    metadata = {**page_metadata(tree, url, table, titles), **from_site}  # the site's own selectors first
    captions, credits = _selected(tree, site, "caption"), _selected(tree, site, "credit")
    figures = read_figures(tree, captions, credits)
    embeds = read_embeds(tree)
    # What the page says it repeats in its text, for `same` rules: the record's title (the site's
    # own selector's, if it has one) with every other title the page gives itself; its standfirst.
    said = {"title": list(dict.fromkeys([metadata["title"], *titles])) if metadata.get("title") else titles,
            "standfirst": read_standfirsts(tree, table)}
    drop_code(tree)
    links = Links.of(tree, profile or CONSERVATIVE)  # what the extractor may keep of them: the dropped parts are never read
    # The site's captions and credits are records now: out of the body. Emptied rather than
    # removed, so that their figures still know where they stood, for the page order of the
    # figures placed beside the same paragraph.
    for el in (*captions, *credits):
        el.clear(keep_tail=True)
    # trafilatura's settings as they are, comments left out. The default, fast, runs its main
    # extractor without the fallback extractors it otherwise compares against: on the benchmark's
    # development pages that is both better (F1 0.984 against 0.973 with favor_precision, after
    # the text rules) and about a third faster (bench/README.md). Asking trafilatura for image
    # markers changes what it extracts (include_images=True loses body text on some pages).
    try:
        doc = trafilatura.bare_extraction(
            tree, url=url, favor_precision=mode == "precision", favor_recall=mode == "recall", fast=mode == "fast",
            include_comments=False, include_tables=True,
        )
    except (ValueError, TypeError, RecursionError, AttributeError, IndexError) as exc:
        raise ExtractionError(f"HTML extraction failed: {type(exc).__name__}: {exc}") from None
    lines = (doc.text if doc is not None and doc.text else "").split("\n")
    choice = ""
    if mode == "fast":  # a second extraction where the page holds text the first left unread (choice.py)
        lines, extractor, choice = choose(tree, lines)
        if extractor:
            metadata["extractor"] = extractor
    if figures:  # an image's alt text that a line of the extracted text is, or begins with (a product's
        # name under its photo, a card "Name Summary Price"), is that line's: the line stays where it
        # stands and the alt is no caption. An alt whose words stand only inside a line stays one.
        starts = _starts(lines)
        figures = [f for f in figures if f.caption or f.credit or not _shown(f.alt, starts)]
    # First the extraction completed: the rest of a split article. Then figures and posts placed
    # by the paragraphs around them, which may now be those of the rest.
    aside = {item.el for item in [*figures, *embeds]}
    lines = _placed(lines, read_chunks(tree, lines, aside), lambda chunk, out: out.extend(chunk.lines))
    if embeds:  # a post the extractor kept (all of its own paragraphs are in the text) stays as it is
        kept_words = _words_of(lines)
        embeds = [e for e in embeds if not all(_holds(kept_words, line) for line in e.lines[:e.post or None])]
    rules: list[Rule] = []

    def put(item, out: list[str]) -> None:
        if isinstance(item, Passage):  # the article's own text: body lines, for the rules like any other
            out.extend(item.lines)
            return
        parts = [(role, normalize(text, profile or CONSERVATIVE).replace("\n", " "))
                 for role, text in (("caption", item.caption), ("credit", item.credit), ("alt", item.alt)) if text]
        if parts := [(role, text) for role, text in parts if text]:
            out.append("\n".join(text for _, text in parts))
            # Screened as the loader screens a rule file's lines: the plan's scan then offers each
            # rule only the lines that begin with its text (unscreened, every figure rule of a page
            # read every line: 3,000 figures ran out of the rules' time).
            elements = tuple(Element("line", literals=frozenset([text]), dest=role, gap=n == 0,
                                     screen=screen_for_lines(frozenset([text])))
                             for n, (role, text) in enumerate(parts))
            rules.append(Rule(f"figure-{len(rules) + 1}", "any", elements, PATH, PATH, 0))

    out = _placed(lines, [*figures, *embeds], put)
    return Extracted("\n\n".join(out), SiteRules(name=PATH, path=PATH, rules=tuple(rules)), metadata, said, choice,
                     links)


def _starts(lines: list[str]) -> dict[str, list[str]]:
    """Each line's words and a space, by its first word: only those lines can begin with an alt's
    words (each alt compared with every line took time in alts × lines)."""
    starts: dict[str, list[str]] = {}
    for line in lines:
        start = _words(line) + " "
        starts.setdefault(start[:start.index(" ")], []).append(start)
    return starts


def _shown(alt: str, starts: dict[str, list[str]]) -> bool:
    """Whether a line (``starts``: ``_starts`` of the lines) is the alt text or begins with it."""
    words = _words(alt)
    return bool(words) and any(start.startswith(words + " ") for start in starts.get(words.split(" ", 1)[0], ()))


def _load_fragment(content: str | bytes):
    """A page that is a fragment (a table or a div, no html element: old generators, saved parts of
    pages) parsed inside a document's body; trafilatura's loader rejects a fragment as not HTML."""
    from trafilatura.utils import decode_file, load_html

    text = decode_file(content)
    return load_html(f"<html><body>{text}</body></html>") if text.strip() else None


def _stopped_short(parser) -> str | None:
    """Why the parser's last parse stopped at one of libxml2's limits, if it did: a page nested
    deeper than 256 elements (broken generators leave tags open) loses everything past that depth,
    and would come out empty without a word."""
    for e in parser.error_log:
        if e.type_name == "ERR_RESOURCE_LIMIT" or "Excessive depth" in e.message:
            return e.message.split(", use XML_PARSE_HUGE")[0].strip()
    return None


def _parse_deep(content: str | bytes):
    """The page parsed again without the default limits (depth 2048 instead of 256), as
    trafilatura's loader parses it otherwise; a page that is deeper still is an ExtractionError,
    not a page with its text cut off."""
    from lxml.html import HTMLParser, fromstring
    from trafilatura.utils import decode_file, repair_faulty_html

    parser = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
                        remove_pis=True, huge_tree=True)
    text = decode_file(content)
    tree = fromstring(repair_faulty_html(text, text[:50].lower()).encode("utf-8", "surrogatepass"), parser=parser)
    if reason := _stopped_short(parser):
        raise ExtractionError(f"HTML page too deep or too large for the parser to read whole ({reason})")
    return tree


def _slots(keys: list[str], items: list) -> dict[int, list]:
    """Where each item goes: before the line its following paragraph begins (or after the one its
    preceding paragraph begins); items in one place in page order. An item whose neighbours are
    not in the text is not the article's."""
    slots: dict[int, list] = {}
    find = _finder(keys)
    for item in items:
        at = find(item.before)
        if at is None and item.after is not None:
            at = find(item.after)
            at = None if at is None else at + 1
        if at is not None:
            slots.setdefault(at, []).append(item)
    order = _Order(items[0].el) if items else None  # one for all the slots: each ancestor's children counted once
    return {at: _in_page_order(found, lambda item: item.el, order) for at, found in slots.items()}


def _finder(keys: list[str]):
    """``find(key)``: where the first of ``keys`` stands that begins with ``key`` or that ``key``
    begins with, both of 12 characters at least (None: none). Such a pair shares its first 12
    characters: the keys are grouped by those once, and each key asked is compared with its group
    only (compared with every key, a gallery's figures took time in figures × lines)."""
    heads: dict[str, list[int]] = {}
    for i, k in enumerate(keys):
        if len(k) >= 12:
            heads.setdefault(k[:12], []).append(i)

    def find(key: str | None) -> int | None:
        if not key or len(key) < 12:
            return None
        return next((i for i in heads.get(key[:12], ()) if keys[i].startswith(key) or key.startswith(keys[i])), None)

    return find


def _placed(lines: list[str], items: list, put) -> list[str]:
    """The lines with the items put in their places (``put(item, out)`` writes one)."""
    if not items:
        return lines
    slots = _slots([_key(line) for line in lines], items)
    out: list[str] = []
    for i in range(len(lines) + 1):
        for item in slots.get(i, []):
            put(item, out)
        if i < len(lines):
            out.append(lines[i])
    return out


def drop_code(tree) -> None:
    """What the extractor never reads leaves the tree before extraction: scripts, styles, drawings,
    the head's elements (its title, meta and links are read above), and what both of trafilatura's
    cleanings remove (asides, footers, fenced frames). trafilatura removes them too, but only
    after copying the tree and measuring the page with them in: dropping them first gives the same
    text (all 83 development pages) about 1.5 ms a page sooner. Structured data
    (``application/ld+json``) stays: the extractor reads it."""
    head = tree.find("head")
    unread = [*tree.iter("script", "style", "svg", *_DROPPED_EARLY), *(head if head is not None else ())]
    for el in unread:
        if el.tag == "script" and (el.get("type") or "").lower() == "application/ld+json":
            continue
        if isinstance(el.tag, str) and el.getparent() is not None:
            el.drop_tree()
