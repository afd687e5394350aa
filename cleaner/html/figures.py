"""Figures and the passages around them, read from the page's tree: ``figure``/``figcaption``,
images with alt or title, caption and credit elements by common class names or by the site's own
selectors; posts quoted by their platform's embed code; and the tree helpers that place them
(page order, neighbours, the words a passage holds).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property
from itertools import islice

import regex

from cleaner.text.prose import WORD, is_prose


_CAPTION_CLASS = regex.compile(r"(?i)(?:^|[\s_-])(?:caption|figcaption|wp-caption-text|image-caption|photo-caption|media-caption|img-caption)(?:$|[\s_-])")
_CREDIT_CLASS = regex.compile(r"(?i)(?:^|[\s_-])(?:credit|credits|photo-credit|image-credit|copyright|byline-photo|source)(?:$|[\s_-])")
# A credit written inside a caption: '… on Monday. © AFP 2019 / ARIS MESSINIS', '… (Photo: Reuters/X)',
# 'Credit: NASA/JPL', 'Image via Flickr', 'Photo by Jane Doe on Unsplash'.
_CREDIT_IN_CAPTION = regex.compile(
    r"\s*[\(\[]?(?P<credit>(?:©|\(c\)|(?i:photo(?:graph)?s?|images?|pictures?|credits?|illustration|source)\s*(?::|by|via|courtesy(?: of)?)"
    r"|(?i:image|photo|picture) via|(?:AP|AFP|Reuters|EPA|Getty) (?:Photo|Images?)\s*/)\s*[^()\[\]]{1,120}?)[\)\]]?\s*$"
)


@dataclass
class Figure:
    caption: str | None = None
    credit: str | None = None
    alt: str | None = None
    before: str | None = None  # the text of the paragraph that follows the figure on the page
    after: str | None = None  # the text of the paragraph that precedes it
    el: object = field(default=None, repr=False, compare=False)  # where it stands on the page


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


def _figure_scope(img, alone: dict):
    """The element that holds an image and its caption: a ``figure``, or a small wrapper whose
    class says so (never a whole article column); none in the page's furniture. ``alone`` keeps,
    for each wrapper asked, whether it holds one image only: a gallery's wrapper is asked once for
    each of its images, and counting them each time took time in the square of the images."""
    for depth, anc in enumerate(img.iterancestors()):
        if anc.tag == "figure" or (depth < 3 and _HOLDER_CLASS.search(anc.get("class", "") or "")
                                   and _alone(anc, alone)):
            return anc if next(anc.iterancestors(*_FURNITURE), None) is None else None
        if depth >= 3:
            break
    return None


def _alone(holder, known: dict) -> bool:
    """Whether ``holder`` holds one image only (it holds one at least), remembered in ``known``."""
    if holder not in known:
        known[holder] = next(islice(holder.iter("img"), 1, None), None) is None
    return known[holder]


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
    single: dict = {}  # wrapper -> whether it holds one image (_alone's answers, once a wrapper)
    order = _Order(tree)  # the neighbours' candidates and where figures stand among them, found once
    for img in tree.iter("img"):
        scope = _figure_scope(img, single)
        if scope is None or scope in seen:
            continue  # an image outside any figure: a logo, an icon, an ad
        seen.add(scope)
        fig = Figure(alt=_alt(img.get("alt")) or _alt(img.get("title")), el=scope)
        credit_el = next((e for e in scope.iter() if e is not img and isinstance(e.tag, str) and (
            e in credits or _CREDIT_CLASS.search(e.get("class", "") or ""))), None)
        caption_el = next((e for e in scope.iter() if isinstance(e.tag, str) and (
            e in captions or e.tag == "figcaption" or _CAPTION_CLASS.search(e.get("class", "") or ""))), None)
        if _described(fig, caption_el, credit_el, skip, order):
            found.append(fig)
    # The site's caption and credit elements that no figure holds and that hold none: a figure
    # each (what a selected element holds is its own: a credit inside a caption is that caption's).
    holders = seen | skip
    alone = [el for el in dict.fromkeys(in_page) if el not in seen
             and not any(a in holders for a in el.iterancestors()) and not any(d in seen for d in el.iterdescendants())]
    for el in _in_page_order(alone, order=order):
        fig = Figure(el=el)
        if el in captions:
            described = _described(fig, el, next((e for e in el.iterdescendants() if e in credits), None), skip,
                                   order)
        else:
            described = _described(fig, None, el, skip, order)
        if described:
            found.append(fig)
    return _in_page_order(found, lambda fig: fig.el, order) if alone else found


def _described(fig: Figure, caption_el, credit_el, skip=frozenset(), order=None) -> bool:
    """The figure's caption and credit, read from their elements (a credit written at the end of the
    caption split out), and its neighbours (none in ``skip``; ``order``: the page's ``_Order``,
    shared by its figures); False when it says nothing at all."""
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
    fig.before = _neighbour(fig.el, "following", skip, order)
    fig.after = _neighbour(fig.el, "preceding", skip, order)
    return True


# Posts quoted into an article by their platform's embed code. Extractors drop them with the widget
# that wraps them ("social-media-embed", "article-widget"), but the writer quoted them as a reader
# sees them: they are the article's text (the benchmark's truth keeps every one).
_EMBEDS = {"twitter-tweet"}  # the blockquote classes of embedded posts


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
    order = _Order(tree)
    for quote in tree.iter("blockquote"):
        if not _is_embed(quote):
            continue
        paragraphs = list(quote.iter("p"))
        post = [text for p in paragraphs for line in _pieces(p, ()).split("\n") if (text := " ".join(line.split()))]
        attribution = " ".join(_pieces(quote, paragraphs).split())  # outside the post's paragraphs
        if lines := [*post, *([attribution] if attribution else [])]:
            found.append(Passage(lines, _neighbour(quote, "following", order=order),
                                 _neighbour(quote, "preceding", order=order), quote, len(post)))
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


def _in_page_order(items: list, element=lambda item: item, order: "_Order | None" = None) -> list:
    """The items sorted by where their elements stand in the page (one that holds another first)."""
    if len(items) < 2:
        return items
    order = order or _Order(element(items[0]))
    return sorted(items, key=lambda item: order.path(element(item)))


class _Order:
    """Where elements stand in one page (that does not change meanwhile): an element's path from
    the root (the place of each branch among its siblings), which sorts in page order, an element
    before those it holds; and the page's paragraphs, in page order. Each ancestor's children are counted once for all the elements
    asked: counting them for each (``index()``, XPath's ``count(preceding::p)``) took time in the
    square of a gallery's figures (3,000 figures side by side: seconds)."""

    def __init__(self, el):
        self.root = el.getroottree().getroot()
        self._places: dict = {}  # an ancestor -> each of its children's place among them
        self._paths: dict = {}  # an element -> its path (the element itself as key: its proxy stays)

    def path(self, el) -> tuple[int, ...]:
        found = self._paths.get(el)
        if found is None:
            steps, node = [], el
            for anc in el.iterancestors():
                places = self._places.get(anc)
                if places is None:
                    places = self._places[anc] = {child: n for n, child in enumerate(anc)}
                steps.append(places[node])
                node = anc
            found = self._paths[el] = tuple(reversed(steps))
        return found

    @cached_property
    def paragraphs(self) -> list:
        """Every paragraph of the page, in page order."""
        return list(self.root.iter("p"))

    def paragraphs_before(self, el) -> int:
        """How many of the page's paragraphs begin before ``el`` (those that hold it among them)."""
        return bisect_left(self.paragraphs, self.path(el), key=self.path)


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


_HTML_SPACE = regex.compile(r"[ \t\n\f\r]+")  # what separates the names of a class attribute in HTML (not NBSP)


def _is_embed(quote) -> bool:
    """Whether a blockquote is an embedded post: one of its classes (split as HTML splits them)
    is a platform's embed class."""
    return not _EMBEDS.isdisjoint(_HTML_SPACE.split(quote.get("class") or ""))


def _in_embed(p) -> bool:
    """Whether the paragraph stands in an embedded post."""
    return any(_is_embed(q) for q in p.iterancestors("blockquote"))


def _neighbour(el, axis: str, skip=frozenset(), order: _Order | None = None) -> str | None:
    """The first words of the nearest paragraph with words before (``axis`` "preceding") or after
    ("following") ``el`` in page order, as XPath's axes have it: none that holds ``el``, none inside
    it. A paragraph of an embedded post is not the article's, so it is no neighbour; a quotation's
    is; nor is one in the ``skip`` elements (captions that leave the body). ``order``: the page's
    ``_Order``, where many elements are asked (the axes' paragraphs tested in a query for each
    element asked: 2,000 figures among 2,000 paragraphs took 4 s)."""
    order = order or _Order(el)
    paragraphs = order.paragraphs
    holding = set(el.iterancestors("p"))
    at = order.paragraphs_before(el)
    if axis == "preceding":
        nearest = (p for p in map(paragraphs.__getitem__, range(at - 1, -1, -1)) if p not in holding)
    else:
        nearest = (p for p in map(paragraphs.__getitem__, range(at, len(paragraphs)))
                   if p is not el and not any(a is el for a in p.iterancestors()))
    return next((_key(text) for p in nearest
                 if not (skip and _within(p, skip)) and not _in_embed(p) and (text := _text(p))), None)


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
