"""HTML pages: the body from trafilatura, the figures and metadata from the page itself.

Figures (``figure``/``figcaption``, images with alt or title, caption and credit elements by
common class names or by the site's own selectors) are read from the tree first, with the
paragraphs around them; then trafilatura extracts the body. Each figure whose neighbouring
paragraph is in the body is written into the text at that place as its own lines (caption,
credit, alt), and a generated rule per figure takes exactly those lines, so the engine places
captions and accounts for lines as it does for any text dump, and the site's and the shared text
rules run over the extracted text: one rule file serves dumps and HTML alike. Two things the
extractor loses are read and placed the same way, as body lines: posts embedded in the article
(tweets), which it drops with their widget, and the rest of an article split into like
containers, of which it keeps one.

Metadata comes from what the page says of itself: meta tags and JSON-LD (title, authors, tags,
section, site name, url), and the publication date from structured metadata only (htmldate without
its extensive text search), so a clock or ticker in the page's header is never taken for it.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from datetime import datetime
from functools import cmp_to_key
from itertools import islice

import regex

from cleaner.text.normalize import CONSERVATIVE, normalize
from cleaner.text.prose import WORD, is_prose, loose
from cleaner.rules import Element, Rule, SiteRules

MODES = ("fast", "balanced", "precision", "recall")
PATH = "(html)"

_CAPTION_CLASS = regex.compile(r"(?i)(?:^|[\s_-])(?:caption|figcaption|wp-caption-text|image-caption|photo-caption|media-caption|img-caption)(?:$|[\s_-])")
_CREDIT_CLASS = regex.compile(r"(?i)(?:^|[\s_-])(?:credit|credits|photo-credit|image-credit|copyright|byline-photo|source)(?:$|[\s_-])")
# A credit written inside a caption: '… on Monday. © AFP 2019 / ARIS MESSINIS', '… (Photo: Reuters/X)',
# 'Credit: NASA/JPL', 'Image via Flickr', 'Photo by Jane Doe on Unsplash'.
_CREDIT_IN_CAPTION = regex.compile(
    r"\s*[\(\[]?(?P<credit>(?:©|\(c\)|(?i:photo(?:graph)?s?|images?|pictures?|credits?|illustration|source)\s*(?::|by|via|courtesy(?: of)?)"
    r"|(?i:image|photo|picture) via|(?:AP|AFP|Reuters|EPA|Getty) (?:Photo|Images?)\s*/)\s*[^()\[\]]{1,120}?)[\)\]]?\s*$"
)


class ExtractionError(ValueError):
    """A page the HTML extractor could not read: the document becomes an error record."""


@dataclass
class Figure:
    caption: str | None = None
    credit: str | None = None
    alt: str | None = None
    before: str | None = None  # the text of the paragraph that follows the figure on the page
    after: str | None = None  # the text of the paragraph that precedes it
    el: object = field(default=None, repr=False, compare=False)  # where it stands on the page


@dataclass
class Extracted:
    text: str  # the body as a text dump: one paragraph a line, a blank line between
    figures: SiteRules  # the generated rules that take each figure's lines
    metadata: dict = field(default_factory=dict)
    said: dict[str, list[str]] = field(default_factory=dict)  # titles and standfirsts, for `same` rules
    choice: str = ""  # how the body's extractor was chosen, when a second one was tried (for explain)


def looks_like_html(text: str) -> bool:
    """A document that starts as an HTML page starts."""
    head = text[:2048].lstrip("\ufeff \t\r\n").lower()
    return head.startswith("<") and any(tag in head for tag in ("<!doctype html", "<html", "<head", "<body"))


def split_credit(caption: str) -> tuple[str | None, str | None]:
    """A caption text and the credit written at its end, when there is one."""
    m = _CREDIT_IN_CAPTION.search(caption)
    if not m:
        return _clean(caption), None
    return _clean(caption[: m.start()]), _clean(m.group("credit"))


_NOT_ALT = regex.compile(r"\[?(?:https?://|www\.|/)\S*\]?|\S+\.(?i:jpe?g|png|gif|webp|svg|avif)")


def _alt(text: str | None) -> str | None:
    """An image's alt or title text, unless it is only an address or a file name."""
    text = _clean(text)
    return None if text is None or _NOT_ALT.fullmatch(text) else text


def _clean(text: str | None) -> str | None:
    text = " ".join((text or "").split()).strip(" -–—|")
    return text or None


def _text(el) -> str:
    return " ".join(el.text_content().split())


_HOLDER_CLASS = regex.compile(r"(?i)wp-caption|figure|image|photo|picture|media|img")
# The page's furniture by HTML's own word: what stands in these is not the article's (sidebars of
# related stories, shop links, logos). A header stays: an article's header holds its lead image.
_FURNITURE = ("aside", "footer", "nav")
# Of those, what trafilatura's cleaning and its page measure (html2txt) both remove: dropped before
# extraction without changing what it extracts.
_DROPPED_EARLY = ("aside", "footer", "fencedframe")


def _figure_scope(img):
    """The element that holds an image and its caption: a ``figure``, or a small wrapper whose
    class says so (never a whole article column); none in the page's furniture."""
    for depth, anc in enumerate(img.iterancestors()):
        if anc.tag == "figure" or (depth < 3 and _HOLDER_CLASS.search(anc.get("class", "") or "")
                                   and len(anc.findall(".//img")) == 1):
            return anc if next(anc.iterancestors(*_FURNITURE), None) is None else None
        if depth >= 3:
            break
    return None


def read_figures(tree, captions=(), credits=()) -> list[Figure]:
    """Figures in page order: caption and credit from figcaption or caption/credit elements (by
    common class names, or the site's own ``captions`` and ``credits`` elements), alt from the
    image (or its title), and the paragraphs around them, to place them in the body. A site's
    caption or credit element that stands in no figure is a figure of its own."""
    in_page = [*captions, *credits]  # each in page order, as the site's selectors found them
    captions = set(captions)
    credits = set(credits) - captions  # an element both selectors find is a caption
    skip = captions | credits  # they leave the body: no figure's neighbour
    found: list[Figure] = []
    # The scopes themselves, not their id(): lxml makes a new proxy object for an element each time
    # it is reached and frees it after, so an id() can come back as another element's.
    seen = set()
    for img in tree.iter("img"):
        scope = _figure_scope(img)
        if scope is None or scope in seen:
            continue  # an image outside any figure: a logo, an icon, an ad
        seen.add(scope)
        fig = Figure(alt=_alt(img.get("alt")) or _alt(img.get("title")), el=scope)
        credit_el = next((e for e in scope.iter() if e is not img and isinstance(e.tag, str) and (
            e in credits or _CREDIT_CLASS.search(e.get("class", "") or ""))), None)
        caption_el = next((e for e in scope.iter() if isinstance(e.tag, str) and (
            e in captions or e.tag == "figcaption" or _CAPTION_CLASS.search(e.get("class", "") or ""))), None)
        if _described(fig, caption_el, credit_el, skip):
            found.append(fig)
    # The site's caption and credit elements that no figure holds and that hold none: a figure
    # each (what a selected element holds is its own: a credit inside a caption is that caption's).
    holders = seen | skip
    alone = [el for el in dict.fromkeys(in_page) if el not in seen
             and not any(a in holders for a in el.iterancestors()) and not any(d in seen for d in el.iterdescendants())]
    for el in _in_page_order(alone):
        fig = Figure(el=el)
        if el in captions:
            described = _described(fig, el, next((e for e in el.iterdescendants() if e in credits), None), skip)
        else:
            described = _described(fig, None, el, skip)
        if described:
            found.append(fig)
    return _in_page_order(found, lambda fig: fig.el) if alone else found


def _described(fig: Figure, caption_el, credit_el, skip=frozenset()) -> bool:
    """The figure's caption and credit, read from their elements (a credit written at the end of the
    caption split out), and its neighbours (none in ``skip``); False when it says nothing at all."""
    credit_text = _clean(_text(credit_el)) if credit_el is not None else None
    if caption_el is not None:
        caption_text = _text(caption_el)
        if credit_text and caption_text.endswith(credit_text):
            caption_text = caption_text[: -len(credit_text)]
        fig.caption, inner_credit = split_credit(caption_text)
        fig.credit = credit_text or inner_credit
    else:
        fig.credit = credit_text
    if not (fig.caption or fig.credit or fig.alt):
        return False
    fig.before = _neighbour(fig.el, "following", skip)
    fig.after = _neighbour(fig.el, "preceding", skip)
    return True


# Posts quoted into an article by their platform's embed code. Extractors drop them with the widget
# that wraps them ("social-media-embed", "article-widget"), but the writer quoted them as a reader
# sees them: they are the article's text (the benchmark's truth keeps every one).
_EMBEDS = {"twitter-tweet"}  # the blockquote classes of embedded posts
_IN_EMBED = " or ".join(f'contains(concat(" ", normalize-space(@class), " "), " {c} ")' for c in sorted(_EMBEDS))


@dataclass
class Passage:
    """Article text the extractor dropped, to go back where it stood: an embedded post (each of its
    paragraphs, then its attribution, "— Name (@handle) date"), or the rest of a split article."""

    lines: list[str]
    before: str | None = None  # the first words of the paragraph that follows it on the page
    after: str | None = None  # those of the paragraph that precedes it
    el: object = field(default=None, repr=False, compare=False)
    post: int = 0  # how many of the lines are a post's own paragraphs (the extractor may keep those)


def read_embeds(tree) -> list[Passage]:
    """Embedded posts in page order, as lines, with the article paragraphs around them."""
    found = []
    for quote in tree.iter("blockquote"):
        if _EMBEDS.isdisjoint((quote.get("class") or "").split()):
            continue
        paragraphs = list(quote.iter("p"))
        post = [text for p in paragraphs for line in _pieces(p, ()).split("\n") if (text := " ".join(line.split()))]
        attribution = " ".join(_pieces(quote, paragraphs).split())  # outside the post's paragraphs
        if lines := [*post, *([attribution] if attribution else [])]:
            found.append(Passage(lines, _neighbour(quote, "following"), _neighbour(quote, "preceding"), quote, len(post)))
    return found


_BLOCKS = ("p", "div", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd")


def read_chunks(tree, lines: list[str], aside=frozenset()) -> list[Passage]:
    """The rest of an article that the page splits into several containers of one kind (a
    ``div class="article__body"`` for each stretch between ads): the extractor keeps the one
    that holds most of its paragraphs and drops its like. Its like are containers with the same
    tag and class, in wrappers of one kind too, near it (a common ancestor at most three levels
    up), inside the same ``article`` and holding no headline of their own (so an appended next
    article is not one); their lines that the extractor left out go before or after the lines it
    kept, in page order. Figures and embedded posts (``aside``: their elements) are not read here:
    they are placed as such."""
    starts = {_start(line) for line in lines if len(line) >= 12}
    if len(starts) < 2:
        return []
    # One pass over the paragraphs (lxml's own iteration: an XPath predicate over every paragraph
    # costs several times more); most are told apart by their first characters alone.
    heads = {start[:8] for start in starts}
    found: dict = {}
    for p in tree.iter("p"):
        text = p.text_content()
        if " ".join(text[:60].split())[:8] in heads and _start(text) in starts:
            found.setdefault(p.getparent(), []).append(p)
    home, kept = max(found.items(), key=lambda item: len(item[1]), default=(None, []))
    if home is None or len(kept) < 2 or not (kind := home.get("class")):
        return []
    top = (list(home.iterancestors())[:3] or [home])[-1]  # a like shares an ancestor at most three levels up
    story = next(home.iterancestors("article"), None)
    likes = [el for el in _below(top, 3) if el is not home and el.tag == home.tag and el.get("class") == kind
             and _alike(el.getparent(), home.getparent()) and next(el.iterancestors("article"), None) is story
             and home not in el.iterancestors() and el not in home.iterancestors()
             and not any(True for _ in el.iter("h1", "article"))]
    # Most likes hold nothing the extractor left out: told by the lines' starts, cheaply.
    theirs = {el: _lines_of(el, aside) for el in likes}
    if not any(is_prose(line) and _start(line) not in starts for found in theirs.values() for line in found):
        return []
    # What the extractor kept, as words: it writes a list item with a "- " and breaks a paragraph
    # at each <br>, so a line is known by its words.
    said = _words_of(lines)
    ours = [line for line in _lines_of(home, aside) if _holds(said, line)]
    if not ours:
        return []
    chunks = []
    for el in _in_page_order(likes):
        texts = [line for line in theirs[el] if not _holds(said, line)]
        if any(is_prose(text) for text in texts):
            after = _follows(el, home)
            chunks.append(Passage(texts, None if after else _key(ours[0]), _key(ours[-1]) if after else None, el))
    return chunks


def _lines_of(container, aside) -> list[str]:
    """A container's text as the extractor writes it: a line for each innermost block (paragraph,
    heading, list item "- …", …), and for each piece of one between line breaks; none from ``aside``."""
    blocks = [b for b in container.iter(*_BLOCKS) if b is not container
              and not any(True for _ in islice(b.iter(*_BLOCKS), 1, None))  # innermost
              and not (aside and _within(b, aside))]
    return [("- " if b.tag == "li" and n == 0 else "") + text for b in blocks
            for n, line in enumerate(_pieces(b, ()).split("\n")) if (text := " ".join(line.split()))]


def _within(el, elements) -> bool:
    """Whether ``el`` is one of ``elements`` or stands inside one."""
    return el in elements or any(a in elements for a in el.iterancestors())


def _follows(a, b) -> bool:
    """Whether element ``a`` comes after element ``b`` in the page (neither holding the other):
    the branches they stand on, below the nearest ancestor they share, in that ancestor's order."""
    above_b = {anc: child for child, anc in zip([b, *b.iterancestors()], b.iterancestors())}
    branch = a
    for anc in a.iterancestors():
        if anc in above_b:
            return anc.index(branch) > anc.index(above_b[anc])
        branch = anc
    return False


def _in_page_order(items: list, element=lambda item: item) -> list:
    """The items sorted by where their elements stand in the page."""
    if len(items) < 2:
        return items
    return sorted(items, key=cmp_to_key(lambda a, b: 1 if _follows(element(a), element(b)) else -1))


def _start(text: str) -> str:
    """The first characters of a paragraph, its spacing made plain: it names the paragraph."""
    return " ".join(text[:200].split())[:40]


def _below(top, depth: int):
    """The elements at most ``depth`` levels below ``top``."""
    level = [top]
    for _ in range(depth):
        level = [child for node in level for child in node if isinstance(child.tag, str)]
        yield from level


def _alike(a, b) -> bool:
    """Two elements of one kind: the same tag and class (a widget framework's generic container
    class is shared by every widget, but their wrappers differ)."""
    return a is not None and b is not None and a.tag == b.tag and a.get("class") == b.get("class")


def _pieces(el, skip) -> str:
    """The text of ``el`` outside the elements of ``skip``, a line break for each ``br``."""
    out = [el.text or ""]
    for child in el:
        if child.tag == "br":
            out.append("\n")
        elif child not in skip and isinstance(child.tag, str):
            out.append(_pieces(child, skip))
        out.append(child.tail or "")
    return "".join(out)


# XPath's normalize-space() knows four spaces; a paragraph of no-break or em spaces has no words
# either (control characters never reach the tree, and XPath strings may not hold them).
_SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace() and c not in "\x0b\x0c\x1c\x1d\x1e\x1f")


def _neighbour(el, axis: str, skip=frozenset()) -> str | None:
    """The first words of the nearest paragraph with words before or after ``el`` (a paragraph of
    an embedded post is not the article's, so it is no neighbour; a quotation's is; nor is one in
    the ``skip`` elements, captions that leave the body)."""
    # The nearest few with text as XPath sees it, then the first with words; translating every
    # paragraph's Unicode spaces in the query itself would cost four times as much.
    query = f"{axis}::p[normalize-space()][not(ancestor::blockquote[{_IN_EMBED}])]"
    if skip:  # every candidate, then the nearest four outside the skipped (a site's captions: few)
        nearest = [p for p in el.xpath(query) if not _within(p, skip)]
        nearest = nearest[-4:] if axis == "preceding" else nearest[:4]
    else:
        nearest = el.xpath(query + "[position() <= 4]")
    if len(nearest) == 4 and not any(_text(p) for p in nearest):
        nearest = [p for p in el.xpath(f"{axis}::p[normalize-space(translate(., $spaces, $plain))]"
                                       f"[not(ancestor::blockquote[{_IN_EMBED}])][1]", spaces=_SPACES, plain=" " * len(_SPACES))
                   if not _within(p, skip)]
    if axis == "preceding":
        nearest = nearest[::-1]  # (a node-set comes back in page order: the nearest preceding is last)
    return next((_key(text) for p in nearest if (text := _text(p))), None)


_INVISIBLE = regex.compile(r"\p{Cf}+")  # soft hyphens, zero-width spaces: the extractor may drop them


def _words(text: str) -> str:
    """A text's words, to tell whether the extractor kept it (however it spaced or broke it)."""
    return " ".join(m.group() for m in WORD.finditer(_INVISIBLE.sub("", text)))


def _words_of(lines: list[str]) -> str:
    """The words of the extracted lines, as ``_holds`` asks them."""
    return " " + " ".join(_words(line) for line in lines) + " "


def _holds(words: str, line: str) -> bool:
    """Whether the extracted text (``_words_of`` it) holds the line's words, in order."""
    return " " + _words(line) + " " in words


def _key(text: str) -> str:
    """What identifies a paragraph across the page and the extracted text: its first words."""
    return " ".join(m.group() for m in islice(WORD.finditer(text), 12))


def apply_site(tree, site) -> dict:
    """A site file's [html] rules: strip its elements, read its title, author, date and clock.
    The clock's element goes too, so that nothing later can take it for the publication time."""
    meta: dict = {}
    rules = site.html if site is not None else None
    if rules is None:
        return meta

    def first(key: str):
        return next(iter(_selected(tree, site, key)), None)

    clock = first("clock")
    if clock is not None:
        value = _parse_time(_clean(_text(clock)), site, "captured_at")
        if value:
            meta["captured_at"] = value
        clock.drop_tree()
    for xpath in rules.strip:
        for el in tree.xpath(xpath):
            if el.getparent() is not None:
                el.drop_tree()
    if (el := first("title")) is not None and _clean(_text(el)):
        meta["title"] = _clean(_text(el))
    if (el := first("author")) is not None and _clean(_text(el)):
        meta["authors"] = [_author(_clean(_text(el)))]
    if (el := first("date")) is not None:
        raw = el.get("datetime") or el.get("content") or _text(el)
        value = _parse_time(_clean(raw), site, "timestamp")
        if value:
            meta["timestamp"] = value
            meta["timestamp_source"] = f"{site.path} [html] date"
    return meta


def _selected(tree, site, key: str) -> list:
    """The elements a site's [html] selector ``key`` finds, in page order (none without one)."""
    xpath = getattr(site.html, key) if site is not None and site.html is not None else None
    return tree.xpath(xpath) if xpath else []


def _parse_time(text: str | None, site, name: str) -> str | None:
    """ISO 8601 text as it is; otherwise the text read as the site's own rules read the field
    ``name`` from a line (the clock pattern that fills captured_at in a text dump, say)."""
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    for el in (el for rule in site.rules for el in rule.elements if el.field == name):
        if el.accepts(text):
            try:
                return el.value(text)
            except ValueError:
                continue
    return None


def _author(text: str) -> str:
    return regex.sub(r"^(?i:by)\s+", "", text)


def extract(content: str | bytes, url: str | None = None, mode: str = "fast", site=None,
            profile=None) -> Extracted:
    """The page as a text dump, its figures as generated rules, its metadata. Figure lines are
    normalised here with the cleaner's ``profile``, as the whole text will be, so that each
    generated rule's literal is exactly the line the rules will see."""
    import trafilatura  # loaded only for HTML
    from trafilatura.utils import HTML_PARSER, load_html

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
    if mode == "fast" and (short := len(_words_of(lines).split())) < SHORT_BODY:
        lines, choice = _second_opinion(tree, lines, short)
        if choice.startswith("readability"):
            metadata["extractor"] = "readability"
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
            elements = tuple(Element("line", literals=frozenset([text]), dest=role, gap=n == 0)
                             for n, (role, text) in enumerate(parts))
            rules.append(Rule(f"figure-{len(rules) + 1}", "any", elements, PATH, PATH, 0))

    out = _placed(lines, [*figures, *embeds], put)
    return Extracted("\n\n".join(out), SiteRules(name=PATH, path=PATH, rules=tuple(rules)), metadata, said, choice)


# The default (fast) extraction is checked where it is short: under SHORT_BODY words, a second,
# independent extractor (trafilatura's port of readability, which scores the page's blocks by their
# text instead of walking its markup) reads the page, and its text is taken when it holds at least
# LONGER times the words. A short first text that the second extractor finds much more around is
# a menu, a sidebar or one block of a page laid out in tables (bench/README.md: CleanEval F1 0.847 ->
# 0.871; none of the 83 development pages changes).
SHORT_BODY = 400
LONGER = 1.5


def _second_opinion(tree, lines: list[str], words: int) -> tuple[list[str], str]:
    """The lines to keep and why: the first extraction's, or readability's when it finds LONGER
    times the words."""
    from copy import copy

    from trafilatura.external import sanitize_tree, try_readability
    from trafilatura.xml import xmltotxt

    try:  # as trafilatura's own fallback path makes it, then written out as its main text is
        body, _ = sanitize_tree(try_readability(copy(tree)), _readability_options())
        text = xmltotxt(body, False)
    except (ValueError, TypeError, RecursionError, AttributeError, IndexError):
        text = ""
    other = len(_words(text or "").split())
    if other >= LONGER * words and other:
        return text.split("\n"), (f"readability: trafilatura's main extractor found {words} words (under {SHORT_BODY}); "
                                   f"readability found {other}, at least {LONGER:g} times as many")
    return lines, (f"trafilatura: its main extractor found {words} words (under {SHORT_BODY}); "
                   f"readability found {other}, fewer than {LONGER:g} times as many")


@functools.cache
def _readability_options():
    """trafilatura's settings for the readability text, made once (building them costs 1.5 ms)."""
    from trafilatura.settings import Extractor

    return Extractor(tables=True, comments=False)


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
    for item in items:
        at = _find(keys, item.before)
        if at is None and item.after is not None:
            at = _find(keys, item.after)
            at = None if at is None else at + 1
        if at is not None:
            slots.setdefault(at, []).append(item)
    return {at: _in_page_order(found, lambda item: item.el) for at, found in slots.items()}


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


def read_headlines(tree, table: dict | None = None) -> list[str]:
    """Every title the page gives itself, the record's first: its social titles, its ``h1``
    headlines, its ``<title>``. The headline a reader sees is often not the one in the page's head."""
    found = _meta(table if table is not None else _meta_table(tree), "og:title", "twitter:title")
    for text in [*(_text(h) for h in tree.iter("h1")), _page_title(tree)]:
        if (text := _clean(text)) and text not in found:
            found.append(text)
    return found


def read_standfirsts(tree, table: dict) -> list[str]:
    """The standfirst (dek): the page's own description, set as a subheading under its headline.
    The description alone is no sign: most pages describe themselves with their first paragraph."""
    described = {loose(d) for d in _meta(table, "og:description", "description", "twitter:description")}
    if not described:
        return []
    return [text for el in islice(tree.iter("h2", "h3", "h4"), 12)
            if (text := _clean(_text(el))) and loose(text) in described]


def _page_title(tree) -> str | None:
    """The text of the page's ``<title>`` in its head. (Element iteration here and below, not
    XPath: an XPath query walks the whole page at several times the cost.)"""
    titles = [el for el in tree.iter("title") if el.text and el.text.strip()]
    head = [el for el in titles if (parent := el.getparent()) is not None and parent.tag == "head"]
    return (head or titles)[0].text if titles else None


def _meta_table(tree) -> dict[str, list[str]]:
    """Every <meta> tag's content by its property and by its name, in page order: one pass."""
    table: dict[str, list[str]] = {}
    for el in tree.iter("meta"):
        content = el.get("content")
        for key in {el.get("property"), el.get("name")} - {None}:
            table.setdefault(key, []).append(content)
    return table


def _meta(table: dict[str, list[str]], *keys: str) -> list[str]:
    """The content of <meta> tags by property or name, in page order, stripped, without repeats."""
    found: list[str] = []
    for key in keys:
        for value in table.get(key, ()):
            value = _clean(value)
            if value and value not in found:
                found.append(value)
    return found


def _ld_authors(tree) -> list[str]:
    """Author names from the page's JSON-LD (schema.org), in order."""
    names: list[str] = []

    def walk(node) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            author = node.get("author") or node.get("creator")
            for a in author if isinstance(author, list) else [author]:
                name = a.get("name") if isinstance(a, dict) else a if isinstance(a, str) else None
                if isinstance(name, str) and _clean(name) and _clean(name) not in names:
                    names.append(_clean(name))
            for key in ("@graph", "mainEntity"):
                walk(node.get(key))

    for script in tree.iter("script"):
        if script.get("type") != "application/ld+json" or not script.text:
            continue
        try:
            walk(json.loads(script.text))
        except ValueError:
            continue
    return names


def page_metadata(tree, url: str | None, table: dict | None = None, headlines: list[str] | None = None) -> dict:
    """What the page says of itself in its head: title (the first of its ``headlines``), publication
    time, authors, tags, categories, site name, url. The time comes from structured metadata only
    (htmldate without its extensive text search), so a clock or ticker in the page is never taken
    for it."""
    import htmldate

    meta: dict = {}
    table = table if table is not None else _meta_table(tree)
    titles = headlines if headlines is not None else read_headlines(tree, table)
    if titles:
        meta["title"] = titles[0]
    try:
        date = htmldate.find_date(tree, url=url, extensive_search=False, original_date=True,
                                  outputformat="%Y-%m-%dT%H:%M:%S%z")
    except (ValueError, OverflowError, TypeError):  # a date htmldate cannot read (an offset of +83:00) is no date
        date = None
    if date:
        meta["timestamp"] = _iso(date)
        meta["timestamp_source"] = "html metadata (htmldate)"
    authors = [a for a in _meta(table, "author", "article:author", "byl", "parsely-author", "sailthru.author")
               if not a.startswith(("http://", "https://"))] or _ld_authors(tree)
    if authors:
        meta["authors"] = [_author(a) for a in authors]
    if tags := _meta(table, "article:tag"):
        meta["tags"] = tags
    if sections := _meta(table, "article:section"):
        meta["categories"] = sections
    if site := _meta(table, "og:site_name"):
        meta["sitename"] = site[0]
    page_url = url or next(iter(_meta(table, "og:url")), None) or next((el.get("href") for el in tree.iter("link") if el.get("rel") == "canonical" and el.get("href")), None)
    if page_url:
        meta["url"] = page_url
    return meta


def _find(keys: list[str], key: str | None) -> int | None:
    if not key:
        return None
    for i, k in enumerate(keys):
        if k and (k.startswith(key) or key.startswith(k)) and min(len(k), len(key)) >= 12:
            return i
    return None


def _iso(value: str) -> str:
    """htmldate's '2021-05-04T10:00:00+0200' as ISO 8601 ('2021-05-04T10:00:00+02:00'); a date
    without a time stays a date."""
    for fmt in ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"):
        try:
            moment = datetime.strptime(value, fmt)
        except ValueError:
            continue
        if fmt == "%Y-%m-%d" or (moment.hour == moment.minute == moment.second == 0 and moment.tzinfo is None):
            return moment.date().isoformat()
        return moment.isoformat()
    return value
