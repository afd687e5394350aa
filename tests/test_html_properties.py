"""Properties of the HTML readers over generated article pages: they never raise, they give the same
answer every time, they never double a paragraph, and their tree walks agree with document order."""

from html import escape

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st
from trafilatura.utils import load_html

from cleaner import Cleaner, DecodeError
from cleaner.html import (ExtractionError, extract, read_chunks, read_embeds, read_figures, read_headlines,
                          read_standfirsts)
from cleaner.html.extraction import _finder, _shown, _starts
from cleaner.html.figures import _words
from cleaner.html.figures import _follows, _in_embed, _in_page_order, _key, _neighbour, _text
from cleaner.html.metadata import _meta_table
from cleaner.limits import LimitError

DOCUMENTED = (ExtractionError, DecodeError, LimitError)
CLEANER = Cleaner()
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))

PROSE = [
    "the harbour board met on Monday and spoke at length about the plan for the market.",
    "café owners near the quay said the work would cost them “a whole summer” of trade.",
    "über 300 Händler haben sich beschwert, sagte die Sprecherin am Dienstag.",
    "работы начнутся весной и продлятся два года, сообщили в совете.",
    "港の市場は来年再開される予定だと委員会は述べた。",
    "the mayor — who grew up above a fish stall — called it “overdue”.",
    "traders\u00a0will be offered their old stalls back at last year's rents.",
    "emoji 🐟🎣 decorated the protest signs outside the town hall, reporters saw.",
    "she said: \"It's <finally> happening & we're glad.\"",
    "الميناء سيفتح أبوابه من جديد في الربيع المقبل.",
    "the vote was close: 5\u20134, with two\u200b abstentions and one soft\u00adhyphen.",
]
CLASSES = ["article__body", "grid", "chunk", "chunks", "content", "story", "ad-slot", "social-media-embed",
           "photo", "wp-caption", "media", "related", "author", ""]
CHUNK_CLASSES = ["article__body", "chunk", "article__body chunk"]
NAMES = ["Jane Doe", "Ana Ruiz", "Jürgen Groß", "Łukasz Wójcik", "李小龙"]
# Random text, mostly plausible: letters of several scripts, spaces of several kinds, punctuation.
NOISE = st.text(alphabet=st.sampled_from(list("abc XYZ éßøЖж中文ع .,;:!?—–-'\"“”()&<>/\u00a0\u2003\t\n🐟")),
                max_size=30)


def attr(value: str) -> str:
    return escape(value, quote=True)


class State:
    """The page drawn so far: counters that make every paragraph, post and headline unique."""

    def __init__(self):
        self.paragraphs: list[str] = []  # each body paragraph's marker, unique on the page
        self.lists = 0  # how many lists the paragraph being drawn is in
        self.posts = 0
        self.headings = 0
        self.figures = 0
        self.description = None


def paragraph(draw, state: State) -> str:
    """A body paragraph whose text starts with its marker, 'Paragraph 7 says', then prose with
    inline markup, line breaks and stray text after it."""
    marker = f"Paragraph {len(state.paragraphs)} says"
    state.paragraphs.append(marker)
    sentence = escape(draw(st.sampled_from(PROSE)))
    words = sentence.split(" ")
    cut = draw(st.integers(0, len(words)))
    pre, post = " ".join(words[:cut]), " ".join(words[cut:])
    inline = draw(st.sampled_from(["{pre} {post}", "{pre} <a href='/x?a=1&amp;b=2'>{post}</a>",
                                   "{pre} <b>{post}</b>", "{pre}<br>{post}", "<em>{pre}</em> <span></span>{post}",
                                   "{pre} <a href='#'></a>{post}"]))
    text = inline.format(pre=pre, post=post)
    if draw(st.integers(0, 3)) == 0:
        text += " " + escape(draw(NOISE))
    tag = draw(st.sampled_from(['<p>', '<p class="lead">', '<p dir="ltr">']))
    return f"{tag}{marker} {text}</p>"


def heading(draw, state: State) -> str:
    tag = draw(st.sampled_from(["h2", "h3", "h4"]))
    if state.description and draw(st.integers(0, 3)) == 0:
        text = state.description  # a standfirst: the page's description, set as a subheading
    else:
        state.headings += 1
        text = f"Heading {state.headings}: {draw(st.sampled_from(PROSE))}"
    return f"<{tag}>{escape(text)}</{tag}>"


def figure(draw, state: State) -> str:
    state.figures += 1
    n = state.figures
    alt = draw(st.sampled_from([f"Boats in the harbour {n}", f"/images/boat{n}.jpg", "", f"IMG_{n}.JPG",
                                f"Café terrace {n}"]))
    caption = draw(st.sampled_from([f"The quay at dawn, picture {n}.", f"The quay {n}. © AFP / {NAMES[n % 5]}",
                                    f"The rover on Mars {n} (Photo: NASA/JPL)", "", " "]))
    credit = draw(st.sampled_from(["", f"Photo: {NAMES[n % 5]}", "© Reuters"]))
    shape = draw(st.integers(0, 5))
    img = f'<img src="/i{n}.jpg" alt="{attr(alt)}">'
    if shape == 0:
        return (f"<figure>{img}<figcaption>{escape(caption)}"
                f"{f'<span class=credit>{escape(credit)}</span>' if credit else ''}</figcaption></figure>")
    if shape == 1:
        return f'<div class="photo">{img}<span class="credit">{escape(credit)}</span></div>'
    if shape == 2:  # a caption set as a paragraph inside the holder: a paragraph, but not the article's
        return (f'<div class="wp-caption">{img.replace("alt=", "title=")}'
                f'<p class="wp-caption-text">{escape(caption)}</p></div>')
    if shape == 3:
        return img  # a logo or an ad: no holder
    if shape == 4:
        return f'<figure><div class="media"><a href="/x">{img}</a></div><figcaption></figcaption></figure>'
    return f'<div class="image"><img src="/a.jpg" alt="{attr(alt)}"><img src="/b.jpg" alt="second"></div>'


def post(draw, state: State) -> str:
    """An embedded tweet: paragraphs with line breaks and links, then its attribution."""
    state.posts += 1
    n = state.posts
    ends = ["", "<br><br>More on that.", " <a href=https://t.co/x>https://t.co/x</a>", "<br>"]
    body = "".join(f'<p lang="en" dir="ltr">Post {n}.{k} says {escape(draw(st.sampled_from(PROSE)))}'
                   f"{draw(st.sampled_from(ends))}</p>" for k in range(draw(st.integers(0, 2))))
    if draw(st.booleans()):
        body = f"Post {n} bare text says hello" + body
    name = draw(st.sampled_from(NAMES))
    attribution = draw(st.sampled_from([
        f'— {name} (@handle{n}) <a href="https://twitter.com/h/status/{n}">May 2, 2020</a>', "", " — ", "<br>"]))
    cls = draw(st.sampled_from(["twitter-tweet", "twitter-tweet tw-align-center", "twitter-tweet-rendered"]))
    quote = f'<blockquote class="{cls}">{body}{attribution}</blockquote>'
    if draw(st.booleans()):
        quote = f'<div class="social-media-embed">{quote}</div>'
    return quote


def chunks(draw, state: State, depth: int) -> str:
    """An article split into like containers between ads, in wrappers alike or not."""
    outer = draw(st.sampled_from(["chunks", "content", ""]))
    parts = []
    kind = draw(st.sampled_from(CHUNK_CLASSES))
    for n in range(draw(st.sampled_from([1, 2, 3, 3, 4]))):
        if draw(st.integers(0, 3)) == 0:  # mostly containers of one kind; now and then another
            kind = draw(st.sampled_from(CHUNK_CLASSES))
        wrapper = draw(st.sampled_from(["grid", "grid", "grid", "grid other", "", None]))
        inner = [paragraph(draw, state) for _ in range(draw(st.sampled_from([0, 1, 2, 3, 4, 4, 4])))]
        if draw(st.integers(0, 4)) == 0:
            inner.insert(draw(st.integers(0, len(inner))), block(draw, state, depth + 1))
        if draw(st.integers(0, 9)) == 0:
            inner.insert(0, f"<h1>Next story {n}</h1>")  # a container with a headline of its own
        chunk = f'<div class="{kind}">{"".join(inner)}</div>'
        if wrapper is not None:
            chunk = f'<div class="{wrapper}">{chunk}</div>'
        parts.append(chunk)
        if draw(st.booleans()):
            parts.append('<div class="ad-slot"><p>Advertisement</p></div>')
    return f'<div class="{outer}">{"".join(parts)}</div>'


def container(draw, state: State, depth: int) -> str:
    tag = draw(st.sampled_from(["div", "div", "div", "section", "main", "aside", "span", "a", "article"]))
    cls = draw(st.sampled_from(CLASSES))
    inner = blocks(draw, state, depth + 1)
    if tag == "article" and draw(st.booleans()):
        inner = f"<h1>Headline {state.headings}b</h1>" + inner
    return f'<{tag} class="{cls}">{inner}</{tag}>' if cls else f"<{tag}>{inner}</{tag}>"


def listing(draw, state: State, depth: int) -> str:
    """A list, sometimes with paragraphs inside its items (odd nesting, but pages do it)."""
    tag = draw(st.sampled_from(["ul", "ol"]))
    items = []
    state.lists += 1
    for _ in range(draw(st.integers(0, 3))):
        inside = draw(st.sampled_from(["p", "text", "link", "block"]))
        if inside == "p":
            items.append(f"<li>{paragraph(draw, state)}</li>")
        elif inside == "text":
            items.append(f"<li>{escape(draw(st.sampled_from(PROSE)))}")  # an item left open
        elif inside == "link":
            items.append(f'<li><a href="/n">{escape(draw(NOISE))}</a></li>')
        else:
            items.append(f"<li>{block(draw, state, depth + 1)}</li>")
    state.lists -= 1
    return f"<{tag}>{''.join(items)}</{tag}>"


EMPTY = ["<p></p>", "<p> </p>", "<p>&nbsp;</p>", "<div></div>", '<div class="grid"></div>', "<span> </span>",
         "<br>", "<hr>", "<p><br></p>", '<blockquote class="twitter-tweet"></blockquote>', "<figure></figure>",
         "<h2></h2>", "<li></li>", "<p>\u2003</p>", "<table><tr><td>Cell</td><td></td></tr></table>",
         '<script>var x = "<p>not a paragraph</p>";</script>', "<style>p { color: red }</style>"]
COMMENTS = ["<!-- ad slot -->", "<!---->", "<!-- <p>commented out</p> -->",
            "<!--[if IE]><p>Old browser</p><![endif]-->"]


def block(draw, state: State, depth: int) -> str:
    kinds = ["p", "p", "p", "heading", "figure", "post", "empty", "comment", "quote"]
    if depth < 4:
        kinds += ["container", "container", "list", "chunks"]
    kind = draw(st.sampled_from(kinds))
    if kind == "p":
        return paragraph(draw, state)
    if kind == "heading":
        return heading(draw, state)
    if kind == "figure":
        return figure(draw, state)
    if kind == "post":
        return post(draw, state)
    if kind == "empty":
        return draw(st.sampled_from(EMPTY))
    if kind == "comment":
        return draw(st.sampled_from(COMMENTS))
    if kind == "quote":  # a plain quotation: its paragraphs are the article's, unlike a post's
        return f"<blockquote>{paragraph(draw, state)}</blockquote>"
    if kind == "container":
        return container(draw, state, depth)
    if kind == "list":
        return listing(draw, state, depth)
    return chunks(draw, state, depth)


def blocks(draw, state: State, depth: int) -> str:
    return "".join(block(draw, state, depth) for _ in range(draw(st.integers(0, 6 if depth < 2 else 3))))


@st.composite
def pages(draw):
    """An article page, the markers of its body paragraphs, and those of the paragraphs the
    extractor writes as they start."""
    state = State()
    head = []
    if draw(st.booleans()):
        title = draw(st.sampled_from(["Fish Market to Be Rebuilt | Bay Times", "", " ", "Ω"]))
        head.append(f"<title>{escape(title)}</title>")
    if draw(st.booleans()):
        state.description = draw(st.sampled_from(PROSE)).capitalize()
        name = draw(st.sampled_from(["description", "og:description"]))
        key = "property" if name.startswith("og:") else "name"
        head.append(f'<meta {key}="{name}" content="{attr(state.description)}">')
    if draw(st.booleans()):
        title = draw(st.sampled_from(["Fish Market to Be Rebuilt", "", "Market | Bay"]))
        head.append(f'<meta property="og:title" content="{attr(title)}">')
    if draw(st.booleans()):
        head.append('<meta property="article:published_time" content="2021-03-02T09:15:00Z">')
    links = draw(st.lists(st.sampled_from(["Home", "News", "Sport"]), max_size=3))
    nav = "".join(f'<li><a href="/{w}">{w}</a></li>' for w in links)
    body = [f"<header><nav><ul>{nav}</ul></nav></header>" if nav else ""]
    for n in range(draw(st.sampled_from([0, 1, 1, 1, 2]))):
        headline = f"<h1>Headline {n}: {escape(draw(st.sampled_from(PROSE)))}</h1>" if draw(st.integers(0, 3)) else ""
        standfirst = f"<h2>{escape(state.description)}</h2>" if state.description and draw(st.booleans()) else ""
        inner = blocks(draw, state, 0)
        if draw(st.booleans()):  # half the time, a body split into like containers
            inner = chunks(draw, state, 1) + inner if draw(st.booleans()) else inner + chunks(draw, state, 1)
        body.append(f"<article>{headline}{standfirst}{inner}</article>")
    if draw(st.booleans()) or len(body) == 1:
        body.insert(draw(st.integers(0, len(body))), blocks(draw, state, 0))
    body.append('<footer><p>© 2024 Bay Times. All rights reserved.</p></footer>')
    doctype = draw(st.sampled_from(["<!DOCTYPE html>", ""]))
    page = f"{doctype}<html><head>{''.join(head)}</head><body>{''.join(body)}</body></html>"
    return page, state.paragraphs


def clean_or_none(cleaner: Cleaner, page: str):
    """The page's record, or None for one of the documented errors (any other exception fails)."""
    try:
        return cleaner.clean(page, kind="html")
    except DOCUMENTED:
        return None


@SETTINGS
@given(pages())
def test_an_article_page_gives_a_record_or_a_documented_error(drawn):
    page, *_ = drawn
    record = clean_or_none(CLEANER, page)
    assert record is None or isinstance(record.text, str)


@SETTINGS
@given(pages())
def test_the_same_page_gives_the_same_record_every_time(drawn):
    # lxml hands out a new proxy for an element each time it is reached: nothing may depend on
    # which (nor on what an earlier page left behind in the cleaner).
    page, *_ = drawn
    first = clean_or_none(CLEANER, page)
    again, fresh = clean_or_none(CLEANER, page), clean_or_none(Cleaner(), page)
    if first is None:
        assert again is None and fresh is None
        return
    assert first.to_dict() == again.to_dict() == fresh.to_dict()


S = "the harbour board met on Monday and spoke at length about the plan for the market."
# Found by this file: read_chunks knew the paragraphs the extractor kept by their first 40
# characters, so a paragraph the extractor writes otherwise at its start (split at a <br>, or as a
# list item, "- …") in a container like the one it kept was added again.
KEPT = f'<div class="article__body"><p>Paragraph 1 says {S}</p><p>Paragraph 2 says {S}</p></div></body></html>'
SPLIT_AT_A_BREAK = f'<html><body><div class="article__body"><p>Paragraph 0 says<br>{S}</p></div>{KEPT}'
IN_A_LIST = f'<html><body><div class="article__body"><ul><li><p>Paragraph 0 says {S}</p></li></ul></div>{KEPT}'
MARKERS = ["Paragraph 0 says", "Paragraph 1 says", "Paragraph 2 says"]


def doubled(page: str, markers: list[str]) -> list[str]:
    record = clean_or_none(CLEANER, page)
    return [] if record is None else [m for m in markers if record.text.count(m) > 1]


@SETTINGS
@example((SPLIT_AT_A_BREAK, MARKERS))
@example((IN_A_LIST, MARKERS))
@given(pages())
def test_no_body_paragraph_is_doubled(drawn):
    # The readers add what the extractor dropped (posts, the rest of a split article, figures):
    # never what it kept.
    page, markers = drawn
    assert not doubled(page, markers)


@SETTINGS
@given(pages(), st.lists(st.integers(0, 10**6), min_size=0, max_size=8))
def test_the_readers_never_raise_and_read_the_same_twice(drawn, picks):
    # Each reader straight on the tree trafilatura's loader gives, with the extractor's lines
    # for read_chunks any subset of the page's paragraphs.
    page, *_ = drawn

    def read():
        tree = load_html(page)
        if tree is None:
            return None
        paragraphs = [_text(p) for p in tree.iter("p")]
        lines = [paragraphs[i % len(paragraphs)] for i in picks] if paragraphs else []
        table = _meta_table(tree)
        return (read_headlines(tree, table), read_standfirsts(tree, table), read_figures(tree), read_embeds(tree),
                read_chunks(tree, lines))

    assert read() == read()
    try:
        extracted = extract(page)
    except ExtractionError:
        return
    assert extracted.text == extract(page).text


def document_order(tree) -> tuple[list, dict]:
    """Every node of the tree and its place in tree.iter(). The list keeps the proxies alive, so
    that each node keeps its one proxy while the index is used."""
    nodes = list(tree.iter())
    return nodes, {node: n for n, node in enumerate(nodes)}


def contains(a, b) -> bool:
    return a is b or any(anc is a for anc in b.iterancestors())


@SETTINGS
@given(pages(), st.data())
def test_follows_is_document_order(drawn, data):
    # read_chunks puts a like container's paragraphs before or after the one the extractor kept
    # by _follows: for any two nodes neither of which holds the other, it is tree.iter()'s order.
    page, *_ = drawn
    tree = load_html(page)
    if tree is None:
        return
    nodes, order = document_order(tree)
    pairs = data.draw(st.lists(st.tuples(st.integers(0, len(nodes) - 1), st.integers(0, len(nodes) - 1)),
                               min_size=1, max_size=40))
    for i, j in pairs:
        a, b = nodes[i], nodes[j]
        if contains(a, b) or contains(b, a):
            continue
        assert _follows(a, b) == (order[a] > order[b]), (a, b)


@SETTINGS
@given(pages(), st.data())
def test_page_order_is_document_order(drawn, data):
    # Figures and passages beside one paragraph go in page order: tree.iter()'s, an element before
    # the elements inside it (a comparison of two elements by _follows left that pair unordered).
    page, *_ = drawn
    tree = load_html(page)
    if tree is None:
        return
    nodes, order = document_order(tree)
    picked = data.draw(st.lists(st.integers(0, len(nodes) - 1), unique=True, max_size=40))
    items = [(n, nodes[i]) for n, i in enumerate(picked)]  # items holding their elements
    assert [el for _, el in _in_page_order(items, lambda item: item[1])] == sorted(
        (nodes[i] for i in picked), key=order.__getitem__)


def old_find(keys: list[str], key: str | None) -> int | None:
    """The line an item goes before, as a scan of every line found it for each item (the reference)."""
    if not key:
        return None
    for i, k in enumerate(keys):
        if k and (k.startswith(key) or key.startswith(k)) and min(len(k), len(key)) >= 12:
            return i
    return None


@given(st.lists(st.text(alphabet="ab ", max_size=16), max_size=12), st.lists(st.text(alphabet="ab ", max_size=16)))
@settings(max_examples=500, deadline=None)
def test_the_lines_an_item_is_placed_by_are_those_a_scan_of_every_line_finds(keys, asked):
    find = _finder(keys)
    assert [find(key) for key in [*asked, *keys, None]] == [old_find(keys, key) for key in [*asked, *keys, None]]


@given(st.lists(NOISE, max_size=8), st.lists(NOISE, max_size=8))
@settings(max_examples=300, deadline=None)
def test_an_alt_text_is_shown_where_a_scan_of_every_line_finds_it(lines, alts):
    # An alt text a line is, or begins with, is that line's: asked of the lines that begin with
    # the alt's first word only; the answer a comparison with every line gives.
    starts = [_words(line) + " " for line in lines]
    for alt in [*alts, *lines, *(line + " and more" for line in lines)]:
        words = _words(alt)
        assert _shown(alt, _starts(lines)) == (bool(words) and any(start.startswith(words + " ") for start in starts))


def test_a_paragraph_of_unicode_spaces_is_no_neighbour():
    # XPath's normalize-space() takes "<p>&nbsp;</p>" for a paragraph with text; it has no words.
    tree = load_html("<html><body><figure><img alt='x'></figure><p>&nbsp;</p><p>\u2003</p>"
                     "<p>The board met on Monday.</p></body></html>")
    (fig,) = tree.iter("figure")
    assert [_key(_text(p)) for p in fig.xpath("following::p[normalize-space()][1]")] == [""]
    assert _neighbour(fig, "following") == "The board met on Monday"
    many = load_html("<html><body><p>The board met on Monday.</p>" + "<p>\u00a0</p>" * 6
                     + "<figure><img alt='x'></figure>" + "<p>\u2003</p>" * 6 + "<p>Work starts in spring.</p></body></html>")
    (fig,) = many.iter("figure")
    assert (_neighbour(fig, "preceding"), _neighbour(fig, "following")) == ("The board met on Monday", "Work starts in spring")


def test_a_quotations_paragraph_is_a_neighbour_an_embedded_posts_is_not():
    tree = load_html("<html><body><p>The board met on Monday.</p><figure><img alt='x'></figure>"
                     "<blockquote><p>We will rebuild the market this year.</p></blockquote>"
                     "<blockquote class='twitter-tweet'><p>Great news for the quay!</p></blockquote>"
                     "<p>Work starts in spring.</p></body></html>")
    figure, (_, post) = next(tree.iter("figure")), list(tree.iter("blockquote"))
    assert _neighbour(figure, "following") == "We will rebuild the market this year"
    assert _neighbour(post, "preceding") == "We will rebuild the market this year"
    assert _neighbour(post, "following") == "Work starts in spring"


@pytest.mark.parametrize("space, post", [("\t", True), ("\n", True), ("\r\n", True), (" \t\n ", True),
                                         ("\u00a0", False), ("\u2003", False), ("\x85", False)])
def test_a_posts_class_attribute_is_split_as_html_splits_it(space, post):
    # read_embeds split the class attribute at any space str.split knows, the neighbours' test at
    # XPath's: "twitter-tweet\u00a0dark" (one class name in HTML: the platform's script makes no
    # post of it) was a post to the first and a quotation to the second. Both ask one helper now:
    # space, tab, line feed, form feed, carriage return separate a class attribute's names.
    tree = load_html("<html><body><p>The board met on Monday.</p><figure><img alt='x'></figure>"
                     f"<blockquote class='twitter-tweet{space}dark'><p>Great news for the quay!</p>"
                     "&mdash; Port of Leith (@leithport)</blockquote><p>Work starts in spring.</p></body></html>")
    figure, quote = next(tree.iter("figure")), next(tree.iter("blockquote"))
    assert bool(read_embeds(tree)) is post
    assert _in_embed(next(quote.iter("p"))) is post
    assert _neighbour(figure, "following") == ("Work starts in spring" if post else "Great news for the quay")
