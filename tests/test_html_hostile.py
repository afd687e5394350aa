"""Hostile and unusual HTML pages: each gives its text or a one-line error, never a traceback."""

PARAGRAPHS = [
    "The harbour board voted on Monday to rebuild the old fish market, which has stood empty since the storm.",
    "Work is due to start in the spring and should take two years, the board's chairwoman said.",
    "Traders who left the market after the storm will be offered their old stalls back at last year's rents.",
]


def page(body: str, head: str = "<title>Fish Market</title>") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def article(*paragraphs: str) -> str:
    return "<article>" + "".join(f"<p>{p}</p>" for p in paragraphs or PARAGRAPHS) + "</article>"


def test_surrogates_in_a_page_given_as_text_are_repaired_as_in_a_dump_not_the_end_of_the_page(cleaner):
    # lxml stops parsing at a lone surrogate: the page after it was lost without a word.
    first = PARAGRAPHS[0].replace("fish", "fi\ud800sh") + " \ud83d\udc1f"  # a lone one, then a pair
    record = cleaner.clean(page(article(first, *PARAGRAPHS[1:])), kind="html")
    assert record.text.split("\n\n") == [PARAGRAPHS[0].replace("fish", "fi\ufffdsh") + " \U0001f41f", *PARAGRAPHS[1:]]


def test_json_ld_nested_past_the_recursion_limit_is_no_author_not_a_crash(cleaner):
    deep = '{"@graph":[' * 3000 + "{}" + "]}" * 3000
    head = f'<title>Fish Market</title><script type="application/ld+json">{deep}</script>'
    record = cleaner.clean(page(article(), head), kind="html")
    assert record.text.split("\n\n") == PARAGRAPHS
    assert "authors" not in record.metadata


def test_the_text_of_the_links_in_an_element_is_read_in_one_step_however_links_nest():
    # `.//a[not(ancestor::a)]//text()` merged a node-set per link: 100,000 links took a minute;
    # the one step reads the same text.
    from lxml import etree

    from cleaner.html.choice import _link_text

    page = etree.fromstring(  # parsed as XML: the HTML parser closes a link where another opens
        "<html><body><div><p>Out <a>one <b>bold</b></a> mid <a>two <a>nested</a> tail</a></p></div>"
        "<a><div><p>A paragraph <a>inner</a> held in a link, as some pages hold them.</p></div></a>"
        "<a><a><a>three deep</a></a></a></body></html>")
    old = etree.XPath(".//a[not(ancestor::a)]//text()", smart_strings=False)
    elements = list(page.iter())
    assert sum(1 for a in page.iter("a") if a.getparent().tag == "a") == 3
    for el in elements:
        assert _link_text(el) == old(el), etree.tostring(el)


def test_a_page_is_known_as_html_past_a_long_opening_comment_or_blank_lines(cleaner):
    # Only the first 2,048 characters were read, before the spaces and comments were passed over:
    # the page was cleaned as a text dump, its markup for text.
    from cleaner.html import looks_like_html

    whole = page(article())
    banner = "<!--\n" + "  the site's template banner, kept by its designers\n" * 60 + "-->\n"
    for start in (banner, "\n" * 3000, " \ufeff\n" + banner + "\n<!-- built 2024-05-01 -->\n"):
        assert looks_like_html(start + whole)
        assert cleaner.clean(start + whole).text.split("\n\n") == PARAGRAPHS
    assert not looks_like_html(banner + "A text dump after a comment, with <html> in its words.")
    assert not looks_like_html("<!-- a comment never closed, then text " + "and text " * 300)


def test_a_wrapper_is_a_figure_holder_only_while_it_holds_one_image():
    # The count of a gallery's images was made again for each of them (4,000 images: 9 s); the
    # answer is the same from the first two.
    from lxml import html

    from cleaner.html import read_figures

    one = '<div class="photo"><img src="a.jpg" alt="The harbour at dawn"><p class="caption">Dawn</p></div>'
    gallery = '<div class="photo-gallery">' + "".join(f'<img src="{i}.jpg" alt="Boat {i}">' for i in range(3)) + "</div>"
    far = ('<div class="media"><img src="x.jpg" alt="Far apart">' + "<p>Text between.</p>" * 50
           + '<img src="y.jpg" alt="Second"></div>')
    tree = html.fromstring(f"<html><body><p>Before the pictures.</p>{one}{gallery}{far}<p>After them.</p></body></html>")
    figures = read_figures(tree)
    assert [(f.caption, f.alt) for f in figures] == [("Dawn", "The harbour at dawn")]


def test_controls_the_parser_drops_are_repaired_as_in_a_dump(cleaner):
    # C1 controls and a terminal escape's ESC never reached ftfy: "She said no", "[1mloudly[0m".
    said = ("She said \x93no\x94 to the plan \x1b[1mloudly\x1b[0m, and Don\xe2\x80\x99t wait, "
            "she told the board before the vote.")
    dump = cleaner.clean(said, kind="text").text
    assert dump == "She said “no” to the plan loudly, and Don’t wait, she told the board before the vote."
    record = cleaner.clean(page(article(said, *PARAGRAPHS[1:])), kind="html")
    assert record.text.split("\n\n") == [dump, *PARAGRAPHS[1:]]


def test_the_repair_of_a_page_holding_controls_leaves_its_markup_as_it_is():
    # The page was repaired with the profile's whole ftfy: NFC joined a tag's ">" to a combining
    # mark after it (the paragraph was lost), the aggressive profile's width folding made a
    # fullwidth "\uff1c" in the text a tag and its straight quotes ended an attribute early.
    from cleaner.engine import Cleaner

    said = "Ruled \x93out\x94 by the board, the council wrote \uff1cb\uff1e in its note."
    for profile in ("conservative", "aggressive"):
        cleaner = Cleaner(profile=profile)
        for first in (said, "\u0338" + said):
            record = cleaner.clean(page(article(first, *PARAGRAPHS[1:])), kind="html")
            assert record.text.split("\n\n") == [cleaner.clean(first, kind="text").text, *PARAGRAPHS[1:]], profile
    figure = "<figure><img src='a.jpg' alt='The quay\u2019s \x93old\x94 crane'><figcaption>The old quay.</figcaption></figure>"
    (caption,) = Cleaner(profile="aggressive").clean(page(article(PARAGRAPHS[0]) + figure), kind="html").captions
    assert caption.alt == 'The quay\'s "old" crane'


def test_a_figures_generated_rule_is_screened_as_a_rule_files_lines_are(cleaner):
    # Unscreened, each figure's rule was tried at every line of the page: a page of 3,000
    # captioned figures ran out of the rules' time and became an error record.
    from cleaner.html import extract
    from cleaner.rules.screen import screen_for_lines

    figure = '<figure><img src="a.jpg" alt="The quay at dawn"><figcaption>The old quay. Photo: Ana Ruiz</figcaption></figure>'
    body = f"<p>{PARAGRAPHS[0]}</p>{figure}<p>{PARAGRAPHS[1]}</p><p>{PARAGRAPHS[2]}</p>"
    (rule,) = extract(page(f"<article>{body}</article>")).figures.rules
    assert [el.literals for el in rule.elements] == [{"The old quay."}, {"Photo: Ana Ruiz"}, {"The quay at dawn"}]
    assert all(el.screen == screen_for_lines(el.literals) for el in rule.elements)
    (caption,) = cleaner.clean(page(f"<article>{body}</article>"), kind="html").captions
    assert (caption.text, caption.credit, caption.alt, caption.position) == (
        "The old quay.", "Photo: Ana Ruiz", "The quay at dawn", 1)


def test_a_gallerys_figures_are_placed_by_one_reading_of_the_page_not_one_a_figure(monkeypatch):
    # Each figure's neighbours were found by counting the paragraphs before it (an XPath count
    # over the page, compiled anew each time), and figures beside one paragraph were sorted by
    # counting their siblings for each comparison: a page of 3,000 figures took seconds.
    from cleaner.html import extract, figures

    made = []
    init = figures._Order.__init__

    def counted(self, el):
        made.append(self)
        init(self, el)

    monkeypatch.setattr(figures._Order, "__init__", counted)
    asked = []
    for n in (200, 400):
        made.clear()
        shots = "".join((f"<p>Part {k}: {PARAGRAPHS[k // 50 % 3]}</p>" if k % 50 == 0 else "")
                        + f'<figure><img src="{k}.jpg" alt="Boat {k}"><figcaption>Boat {k} at dawn</figcaption></figure>'
                        for k in range(n))
        extracted = extract(page(f"<article>{shots}<p>{PARAGRAPHS[2]}</p></article>"))
        assert [r.elements[0].literals for r in extracted.figures.rules] == [{f"Boat {k} at dawn"} for k in range(n)]
        asked.append(len(made))
    assert asked[0] == asked[1] <= 3  # the figures', the posts', the slots'


def xpath_neighbour(el, axis, skip=frozenset()):
    """The neighbour as XPath's axes find it, walking the page for each element (the reference)."""
    from cleaner.html.figures import _key, _text, _within

    embed = 'contains(concat(" ", normalize-space(@class), " "), " twitter-tweet ")'
    query = f"{axis}::p[not(ancestor::blockquote[{embed}])]"
    found = [p for p in el.xpath(query) if not _within(p, skip) and _text(p)]
    return _key(_text(found[-1] if axis == "preceding" else found[0])) if found else None


def test_a_neighbour_found_by_counting_nodes_is_the_one_the_xpath_axes_find():
    # The axes' paragraphs were each tested in the query for each figure (2,000 figures among
    # 2,000 paragraphs: 4 s); the page's paragraphs are now found once, and only the nearest read.
    from lxml import html

    from cleaner.html.figures import _neighbour

    tree = html.fromstring(
        "<html><body><p>Opening words of the page.</p><div><p>\u00a0</p><figure><img alt='a'>"
        "<p>A paragraph inside the figure.</p><figcaption>Cap</figcaption></figure></div>"
        "<p>A paragraph holding <span class='image'><img alt='b'></span> an image inline.</p>"
        "<blockquote class='twitter-tweet'><p>A post, never a neighbour.</p></blockquote>"
        "<blockquote><p>A quotation, a neighbour.</p></blockquote><section><div><p>\u2003</p></div>"
        "<p class='caption'>A skipped caption paragraph.</p></section><p>Closing words of the page.</p>"
        "</body></html>")
    skip = frozenset(tree.find_class("caption"))
    elements = list(tree.iter())
    assert len(elements) > 20
    for el in elements:
        for axis in ("preceding", "following"):
            for skipped in (frozenset(), skip):
                assert _neighbour(el, axis, skipped) == xpath_neighbour(el, axis, skipped), (el.tag, axis)
