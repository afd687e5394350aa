"""HTML pages: body by trafilatura, figures and metadata from the page, site rules on the HTML."""

import json

import pytest
from typer.testing import CliRunner

from cleaner import Cleaner
from cleaner.cli import app
from cleaner.html import looks_like_html, split_credit
from cleaner.rules import RuleError, load_rules
from conftest import ROOT

PAGE = (ROOT / "fixtures" / "generic" / "012_html_figure_and_clock.input.html").read_text(encoding="utf-8")
runner = CliRunner()


def article(extra_head="", header="", body_extra=""):
    paragraphs = "".join(f"<p>{t}</p>" for t in [
        "The harbour board voted on Monday to rebuild the old fish market, which has stood empty since the storm.",
        "Work is due to start in the spring and should take two years, the board's chairwoman said.",
        "Traders who left the market after the storm will be offered their old stalls back at last year's rents.",
    ])
    return (f"<html><head><title>Fish Market</title>{extra_head}</head><body><header>{header}</header>"
            f"<article><h1>Fish Market to Be Rebuilt</h1>{paragraphs}{body_extra}</article></body></html>")


def test_figure_caption_credit_becomes_a_record_and_leaves_the_text(cleaner):
    record = cleaner.clean(PAGE, kind="html")
    (caption,) = record.captions
    assert caption.credit == "© AFP 2019 / ARIS MESSINIS"
    assert caption.text == "The border gate, closed to freight since 2016, seen from the town's main road."
    assert caption.alt == "The closed border gate"
    assert "ARIS MESSINIS" not in record.text and "border gate, closed" not in record.text
    assert caption.position == 2  # before the third paragraph of the text
    assert not record.text.startswith("Border Town Waits")  # the repeated headline is metadata


def test_a_header_clock_is_never_the_publication_date(cleaner):
    record = cleaner.clean(PAGE, kind="html")
    assert record.metadata["timestamp"] == "2019-12-10T08:30:00+03:00"  # the page's published_time
    assert record.metadata["timestamp_source"] == "html metadata (htmldate)"
    clock_only = article(header='<div class="clock">11:22 GMT +3 13 December 2019</div>')
    assert cleaner.clean(clock_only, kind="html").metadata["timestamp"] is None


def test_metadata_from_the_head(cleaner):
    head = ('<meta property="og:title" content="Fish Market to Be Rebuilt">'
            '<meta property="article:published_time" content="2021-03-02T09:15:00Z">'
            '<meta name="author" content="Ana Ruiz">'
            '<meta property="article:tag" content="harbour"><meta property="article:tag" content="markets">'
            '<meta property="article:section" content="Local"><meta property="og:site_name" content="Bay Times">')
    meta = cleaner.clean(article(extra_head=head), url="https://bay.example/x", kind="html").metadata
    assert meta["title"] == "Fish Market to Be Rebuilt"
    assert meta["timestamp"] == "2021-03-02T09:15:00+00:00"
    assert meta["authors"] == ["Ana Ruiz"] and meta["tags"] == ["harbour", "markets"]
    assert meta["categories"] == ["Local"] and meta["sitename"] == "Bay Times"
    assert meta["url"] == "https://bay.example/x"


@pytest.mark.parametrize("caption, text, credit", [
    ("A crowd in the square. © AFP 2019 / ARIS MESSINIS", "A crowd in the square.", "© AFP 2019 / ARIS MESSINIS"),
    ("The rover on Mars (Photo: NASA/JPL)", "The rover on Mars", "Photo: NASA/JPL"),
    ("Lake at dawn. Credit: Jane Doe", "Lake at dawn.", "Credit: Jane Doe"),
    ("A bee on a flower. Image via Flickr", "A bee on a flower.", "Image via Flickr"),
    ("Just a caption with no credit.", "Just a caption with no credit.", None),
])
def test_credit_inside_a_caption_is_split_out(caption, text, credit):
    assert split_credit(caption) == (text, credit)


def test_html_is_recognised_by_content():
    assert looks_like_html("  <!DOCTYPE html><html><body>x</body></html>")
    assert looks_like_html("<html lang='en'><head></head>")
    assert not looks_like_html("A text about <html> tags and how to write them.")


def test_site_html_rules_strip_read_and_clock(tmp_path):
    (tmp_path / "herald.toml").write_text('''
[site]
name = "frontier-herald.example"
domains = ["frontier-herald.example"]

[fields]
captured_at = { type = "timestamp", format = "%d %B %Y %H:%M" }

[html]
strip = ["aside.related"]
strip_id_or_class = ["newsletter"]
title = "article h1"
author = "p.byline"
clock = ".clock"

[[rule]]
id = "clock-line"
re = '(?P<time>\\d{1,2}:\\d{2}) GMT (?P<offset>[+-]\\d{1,2}) (?P<date>\\d{1,2} \\p{L}+ \\d{4})'
field = "captured_at"
''', encoding="utf-8")
    cleaner = Cleaner(rules=load_rules([tmp_path]))
    page = PAGE.replace("</article>", '<div class="newsletter-box"><p>Sign up for the Herald newsletter and get '
                                      'the best stories every single morning, free of charge.</p></div></article>')
    record = cleaner.clean(page, url="https://www.frontier-herald.example/story", kind="html")
    assert record.site == "frontier-herald.example"
    assert record.metadata["captured_at"] == "2019-12-13T11:22:00+03:00"  # the clock, read by the site's rule
    assert record.metadata["timestamp"] == "2019-12-10T08:30:00+03:00"
    assert record.metadata["authors"] == ["Leyla Demir"]
    assert "newsletter" not in record.text.lower()


@pytest.fixture
def bay(tmp_path):
    """A cleaner with a site file whose [html] table names its captions and credits."""
    (tmp_path / "bay.toml").write_text('[site]\nname = "bay.example"\ndomains = ["bay.example"]\n'
                                       '[html]\ncaption = ".legend"\ncredit = ".shot-by"\n', encoding="utf-8")
    return Cleaner(rules=load_rules([tmp_path]))


def test_site_caption_and_credit_selectors(bay):
    """A site whose captions and credits carry class names no common list knows: its [html] table
    names them, and they become caption records, out of the text, where they stood."""
    after = "The market will reopen with forty stalls, twice as many as before the storm hit the town."
    page = article(body_extra=(
        '<figure><img src="boats.jpg"><div class="legend">Boats in the old harbour.</div></figure>'
        f'<p>{after}</p>'
        '<div class="legend">The fish market before the storm. <span class="shot-by">Ana Ruiz</span></div>'
        '<p>Its roof was found two streets away, the harbour master said at the time of the storm.</p>'
        '<span class="shot-by">Archive picture: Bay Times</span>'))
    record = bay.clean(page, url="https://bay.example/market", kind="html")
    assert [(c.text, c.credit, c.position) for c in record.captions] == [
        ("Boats in the old harbour.", None, 3),  # the figure's caption: before the fourth paragraph
        ("The fish market before the storm.", "Ana Ruiz", 4),
        (None, "Archive picture: Bay Times", 5),
    ]
    assert "harbour." not in record.text and "Ruiz" not in record.text and "Archive" not in record.text
    assert after in record.text
    plain = Cleaner().clean(page, url="https://bay.example/market", kind="html")  # without the site's file
    assert "The fish market before the storm." in plain.text


def test_site_captions_side_by_side_in_page_order_and_none_lost(bay):
    """Records beside one paragraph keep the page's order; a selected caption next to another is
    still placed (one caption is no other's neighbour); a credit at a caption's end is split out;
    what a selected element holds is its own."""
    last = "The market will reopen with forty stalls, twice as many as before the storm hit the town."
    page = article(body_extra=(
        '<figure><img src="a.jpg"><figcaption>The old roof.</figcaption></figure>'
        '<div class="legend">First legend. © AFP 2019 / ARIS MESSINIS</div><div class="legend">Second legend.</div>'
        f'<p>{last}</p><p class="legend">Third legend.</p><p class="legend">Fourth legend.</p>'
        '<div class="shot-by">Photo desk <span class="legend">inner</span></div>'))
    record = bay.clean(page, url="https://bay.example/market", kind="html")
    assert [(c.text, c.credit, c.position) for c in record.captions] == [
        ("The old roof.", None, 3),
        ("First legend.", "© AFP 2019 / ARIS MESSINIS", 3),
        ("Second legend.", None, 3),
        ("Third legend.", None, 4),
        ("Fourth legend.", None, 4),
        (None, "Photo desk inner", 4),
    ]
    assert record.text.endswith(last) and "legend" not in record.text


def test_a_fragment_page_seen_twice_in_a_process_gives_the_same_record(bay):
    # A fragment (one element at the top: trafilatura's loader rejects it) is parsed on its own,
    # and the extraction changes that tree (the site's captions emptied): a tree kept from the
    # first page and handed out again for the same bytes came back without its caption.
    page = ('<div><div><p>The market will reopen with forty stalls, twice as many as before the storm hit the '
            'town, the board said.</p><div class="legend">The fish market before the storm. '
            '<span class="shot-by">Ana Ruiz</span></div><p>Its roof was found two streets away, the harbour '
            'master said at the time of the storm.</p></div></div>')
    first, second = (bay.clean(page, url="https://bay.example/market", kind="html") for _ in range(2))
    assert [(c.text, c.credit) for c in first.captions] == [("The fish market before the storm.", "Ana Ruiz")]
    assert second.captions == first.captions and second.text == first.text


def test_bad_css_selector_is_a_rule_error(tmp_path):
    (tmp_path / "x.toml").write_text('[site]\nname = "x"\n[html]\nstrip = ["div[["]\n')
    with pytest.raises(RuleError) as info:
        load_rules([tmp_path])
    assert "html.strip: invalid CSS selector" in str(info.value)


def test_html_files_jsonl_html_field_and_extract_mode(tmp_path):
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    res = runner.invoke(app, ["clean", "-f", "json", str(tmp_path / "page.html")])
    assert res.exit_code == 0 and json.loads(res.stdout)["captions"][0]["credit"] == "© AFP 2019 / ARIS MESSINIS"
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "p1", "html": PAGE, "text": "ignored when html is there"}) + "\n")
    res = runner.invoke(app, ["clean", str(src), "--html-field", "html", "--extract", "recall"])
    (rec,) = [json.loads(line) for line in res.stdout.splitlines()]
    assert rec["id"] == "p1" and rec["text"].startswith("For three years the lorries")
    assert "html" not in rec  # the page's own field makes way for its text, as a text dump's does
    assert runner.invoke(app, ["clean", str(src), "--extract", "greedy"]).exit_code == 2


def test_a_null_html_field_falls_back_to_the_text_field(tmp_path):
    # Shards often hold "html": null where no page was kept: the text is there to clean.
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "p1", "html": None, "text": "The text of the page."}) + "\n"
                   + json.dumps({"id": "p2", "html": None, "text": None}) + "\n")
    res = runner.invoke(app, ["clean", str(src), "--html-field", "html"])
    assert res.exit_code == 1
    (rec,) = [json.loads(line) for line in res.stdout.splitlines()]
    assert rec["id"] == "p1" and rec["text"] == "The text of the page." and rec["html"] is None
    assert "in.jsonl:2: 'text' is null, not a string" in res.stderr


def figure_page(n: int, caption: str = "Boats in the harbour at dawn") -> str:
    return article(body_extra=(f'<figure><img src="/i{n}.jpg" alt="Boats {n}"><figcaption>{caption} {n}. '
                               f'Photo: Jane Doe</figcaption></figure><p>The board will meet again next month '
                               f'to choose an architect for the market, number {n}.</p>'))


def test_many_html_pages_give_the_same_records_every_time():
    # Each page's figure rules are its own: no page may see another's (as a cache keyed by object
    # identity once let them, when Python reused the address of a freed page's rules).
    cleaner = Cleaner()
    pages = [figure_page(n) for n in range(40)]
    first = [cleaner.clean(p, kind="html").to_dict() for p in pages]
    again = [cleaner.clean(p, kind="html").to_dict() for p in reversed(pages)][::-1]
    assert first == again
    assert all(r["captions"] and r["captions"][0]["alt"] == f"Boats {n}" for n, r in enumerate(first))


def test_captions_that_normalisation_changes_still_become_records(cleaner):
    record = cleaner.clean(figure_page(1, caption="Boats in the har\u00adbour at\u200b dawn"), kind="html")
    (caption,) = record.captions
    assert caption.text == "Boats in the harbour at dawn 1." and caption.credit == "Photo: Jane Doe"
    assert "harbour at dawn" not in record.text


def test_forced_text_stays_text_and_explain_follows_the_extension(tmp_path):
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    sniffed = runner.invoke(app, ["clean", str(tmp_path / "page.txt")])
    forced = runner.invoke(app, ["clean", "--input-format", "text", str(tmp_path / "page.txt")])
    assert "<figure>" not in sniffed.stdout and "<figure>" in forced.stdout
    (tmp_path / "frag.html").write_text("<p>A fragment of a page, with no html element around it.</p>")
    shown = runner.invoke(app, ["explain", str(tmp_path / "frag.html")])
    assert "<p>" not in shown.stdout


def test_a_broken_url_is_no_url(cleaner):
    assert cleaner.clean("Some text.", url="http://[oops").site is None
    res = runner.invoke(app, ["explain", "--url", "http://[oops", "-"], input="Some text.\n")
    assert res.exit_code == 0


def test_a_date_the_date_library_cannot_read_is_no_date(cleaner):
    # Found by fuzzing: htmldate raised on a UTC offset of +83:00.
    page = PAGE.replace("2019-12-10T08:30:00+03:00", "2019-12-10T08:30:00+83:00")
    record = cleaner.clean(page, kind="html")
    assert record.metadata["timestamp"] is None and record.captions


@pytest.mark.parametrize("title", [
    "Fish Market to Be Rebuilt - Bay Times",  # the site's name after the headline
    "Fish market to be rebuilt | Bay Times",  # and another case
    "Fish Market – to Be Rebuilt",  # another dash
])
def test_a_headline_that_repeats_the_title_loosely_is_not_body(cleaner, title):
    page = article(extra_head=f'<meta property="og:title" content="{title}">')
    record = cleaner.clean(page, kind="html")
    assert record.metadata["title"] == title
    assert record.text.startswith("The harbour board voted")


def test_the_visible_headline_goes_even_when_the_title_in_the_head_differs(cleaner):
    # The h1 a reader sees is often not the og:title; a body that starts by repeating either starts
    # with a headline. The record's title stays the one the page's head gives.
    page = article(extra_head='<meta property="og:title" content="Harbour board backs market plan">')
    record = cleaner.clean(page, kind="html")
    assert record.text.startswith("The harbour board voted")
    assert record.metadata["title"] == "Harbour board backs market plan"


def test_a_first_line_that_is_none_of_the_pages_titles_stays(cleaner):
    page = article(extra_head='<meta property="og:title" content="Harbour board backs market plan">')
    page = page.replace("<h1>Fish Market to Be Rebuilt</h1>", "<p><b>A new market for the old harbour</b></p>")
    assert cleaner.clean(page, kind="html").text.startswith("A new market for the old harbour")


def test_a_dateline_is_recorded_and_stays_in_the_text(cleaner):
    page = article(body_extra="<p>LISBON (Reuters) - Portugal's harbour boards met on Tuesday to share their plans.</p>")
    record = cleaner.clean(page, kind="html")
    assert record.metadata["dateline"] == "LISBON (Reuters)"
    assert "LISBON (Reuters) - Portugal's harbour boards met" in record.text


def test_a_title_with_a_section_before_it_still_names_the_headline(cleaner):
    page = article(extra_head='<meta property="og:title" content="Local | Fish Market to Be Rebuilt">')
    assert cleaner.clean(page, kind="html").text.startswith("The harbour board voted")


@pytest.mark.parametrize("alt, kept", [
    ("[https://m.wsj.net/video/clip_167x94.jpg]", None),
    ("IMG_2041.JPG", None),
    ("/images/market.png", None),
    ("The old fish market at dawn", "The old fish market at dawn"),
])
def test_an_alt_that_is_only_an_address_or_a_file_name_is_no_alt(cleaner, alt, kept):
    figure = f'<figure><img src="m.jpg" alt="{alt}"><figcaption>The market hall. Photo: Ana Ruiz</figcaption></figure>'
    (caption,) = cleaner.clean(article(body_extra=figure), kind="html").captions
    assert caption.alt == kept and caption.credit == "Photo: Ana Ruiz"


def test_every_figure_of_a_page_is_read_however_memory_is_reused():
    # Figures were told apart by the id() of lxml's element proxies, which are freed between loop
    # turns and their addresses reused: a figure could be skipped as "seen", differently each run.
    figures = "".join(
        f'<div class="photo"><img src="/p{n}.jpg" alt="Harbour view number {n}"></div>'
        f"<p>Paragraph {n} of the story about the harbour, long enough to be a real paragraph here.</p>"
        for n in range(60))
    page = article(body_extra=figures)
    for _ in range(5):
        record = Cleaner().clean(page, kind="html")
        assert [c.alt for c in record.captions] == [f"Harbour view number {n}" for n in range(60)]


def test_an_alt_that_repeats_text_the_page_shows_is_no_caption(cleaner):
    # A shop's grid: each photo's alt is the product's name, which stands under it. The name stays
    # in the text where it stands; only an alt the text does not show is a caption record's.
    cards = "".join(
        f'<div class="product"><div class="product-image"><img src="/{n}.jpg" alt="{name}"></div>'
        f"<h2>{name}</h2><p>{summary}</p><p>Price: £{price}.00</p></div>"
        for n, (name, summary, price) in enumerate([
            ("Ridge Runner 3 Trail Shoe", "A light shoe with a rock plate for mixed terrain.", 129),
            ("Mudlark GTX Waterproof", "Deep lugs and a waterproof lining for wet winter runs.", 149)]))
    unseen = '<div class="photo"><img src="/shop.jpg" alt="The shop on Mill Street"></div><p>Visit us any day but Sunday.</p>'
    record = cleaner.clean(article(body_extra=cards + unseen), kind="html")
    assert "Ridge Runner 3 Trail Shoe" in record.text and "Mudlark GTX Waterproof" in record.text
    assert [c.alt for c in record.captions] == ["The shop on Mill Street"]


def test_an_alt_whose_words_stand_only_inside_a_line_is_still_a_caption(cleaner):
    photo = '<div class="photo"><img src="/p.jpg" alt="Portsmouth"></div>'
    record = cleaner.clean(article(body_extra=photo + "<p>The harbour at Portsmouth reopened to ferries on Friday.</p>"), kind="html")
    assert [c.alt for c in record.captions] == ["Portsmouth"]


@pytest.mark.parametrize("furniture", ["aside", "footer", "nav"])
def test_a_figure_in_the_pages_furniture_is_not_the_articles(cleaner, furniture):
    # A sidebar of related stories, a shop link, a logo: not the article's, though the article's
    # last paragraph is what precedes them. The lead image in the page's header is the article's.
    lead = '<figure><img src="/lead.jpg" alt="The old fish market"><figcaption>The market in 2019.</figcaption></figure>'
    related = (f'<{furniture}><figure><img src="/r.jpg" alt="Harbour tolls to rise next year"></figure>'
               f'<a href="/tolls">Harbour tolls to rise next year</a></{furniture}>')
    record = cleaner.clean(article(header=lead, body_extra=related), kind="html")
    assert [(c.text, c.alt) for c in record.captions] == [("The market in 2019.", "The old fish market")]


TWEET = ('<div class="social-media-embed"><blockquote class="twitter-tweet"><p lang="en" dir="ltr">The market '
         'is open again!<br><br>Come and see the new stalls. <a href="https://t.co/x1">https://t.co/x1</a></p>'
         '— Harbour Board (@harbourboard) <a href="https://twitter.com/harbourboard/status/1">May 2, 2020</a>'
         '</blockquote></div>')


def test_an_embedded_post_stays_in_the_text_where_the_writer_put_it(cleaner):
    # Extractors drop a tweet with the widget around it; the writer quoted it, so it is article text.
    page = article(body_extra=TWEET + "<p>The board will meet again next month to choose an architect.</p>")
    lines = [line for line in cleaner.clean(page, kind="html").text.split("\n") if line]
    at = lines.index("The market is open again!")
    assert lines[at - 1].startswith("Traders who left the market")
    assert lines[at:at + 4] == ["The market is open again!", "Come and see the new stalls. https://t.co/x1",
                                "— Harbour Board (@harbourboard) May 2, 2020",
                                "The board will meet again next month to choose an architect."]


def test_an_embedded_post_the_extractor_kept_is_not_doubled(cleaner):
    bare = TWEET.replace('<div class="social-media-embed">', "<div>")
    page = article(body_extra=bare + "<p>The board will meet again next month to choose an architect.</p>")
    text = cleaner.clean(page, kind="html").text
    assert text.count("The market is open again!") == 1 and text.count("Come and see the new stalls.") == 1


def chunked(extra_chunk: str = "", after: str = "") -> str:
    words = "the harbour board met on Monday and spoke at length about the plan for the market"
    chunk = lambda n: ('<div class="grid"><div class="article__body">' + "".join(
        f"<p>Part {n}, paragraph {k}: {words}, which {k + n} traders have asked about for years.</p>"
        for k in range(4)) + "</div></div>")
    ad = '<div class="ad-slot"><p>Advertisement</p></div>'
    return (f"<html><head><title>Market plan</title></head><body><article><h1>Market plan</h1>"
            f'<div class="chunks">{chunk(1)}{ad}{chunk(2)}{ad}{chunk(3)}{extra_chunk}</div></article>{after}</body></html>')


def test_an_article_split_into_like_containers_is_read_whole(cleaner):
    # A page that splits its body into like containers between ads: extractors keep one of them.
    lines = [line for line in cleaner.clean(chunked(), kind="html").text.split("\n") if line]
    assert [line[:19] for line in lines] == [f"Part {n}, paragraph {k}" for n in (1, 2, 3) for k in range(4)]


LIGHTHOUSE = ("<p>The next story on the page is about the lighthouse and its keeper, who retires this spring "
              "after forty years.</p>")


@pytest.mark.parametrize("page", [
    # a container of the same class in a wrapper of another kind (an author box)
    chunked(extra_chunk='<div class="author"><div class="article__body"><p>Jane Doe writes about the lighthouse '
                        'and the people who keep it going, and has done so for twenty years.</p></div></div>'),
    # a like container with a headline of its own: the next story, appended
    chunked(extra_chunk=f'<div class="grid"><div class="article__body"><h1>Next story</h1>{LIGHTHOUSE}</div></div>'),
    # a like container in another article (the page's own article holds none)
    chunked().replace("<article>", "").replace("</article>", "").replace(
        "</body>", f'<article><div class="grid"><div class="article__body">{LIGHTHOUSE}</div></div></article></body>'),
])
def test_containers_of_another_kind_or_another_article_are_not_the_article(cleaner, page):
    text = cleaner.clean(page, kind="html").text
    assert "Part 3, paragraph 3" in text and "lighthouse" not in text


DESCRIBED = '<meta name="description" content="The old fish market will be rebuilt, the harbour board decided.">'


def test_a_standfirst_set_as_a_subheading_is_metadata_not_body(cleaner):
    page = article(extra_head=DESCRIBED).replace(
        "</h1>", "</h1><h2>The old fish market will be rebuilt, the harbour board decided.</h2>")
    record = cleaner.clean(page, kind="html")
    assert record.metadata["standfirst"] == "The old fish market will be rebuilt, the harbour board decided."
    assert record.text.startswith("The harbour board voted")


def test_a_first_paragraph_that_the_description_repeats_stays_body(cleaner):
    # Most pages describe themselves with their first paragraph: only a subheading is a standfirst.
    page = article(extra_head=DESCRIBED).replace(
        "</h1>", "</h1><p>The old fish market will be rebuilt, the harbour board decided.</p>")
    record = cleaner.clean(page, kind="html")
    assert record.text.startswith("The old fish market will be rebuilt") and "standfirst" not in record.metadata


def test_code_leaves_the_tree_before_extraction_but_structured_data_stays():
    from trafilatura.utils import load_html

    from cleaner.html import drop_code

    tree = load_html('<html><head><title>T</title><meta name="author" content="A"><style>p {color: red}</style>'
                     '<script type="application/ld+json">{"author": {"name": "Jane Doe"}}</script></head><body><p>'
                     'Text <script>var x = "a sentence."</script>goes on.</p><svg><text>drawing</text></svg>'
                     '<aside><p>Related</p></aside><nav><a href="/">Home</a></nav><footer>© 2019</footer></body></html>')
    drop_code(tree)
    assert [el.get("type") for el in tree.iter("script")] == ["application/ld+json"]
    assert not list(tree.iter("style", "svg", "title", "meta", "aside", "footer"))
    assert "".join(tree.find(".//p").itertext()) == "Text goes on."
    assert tree.find(".//nav") is not None  # trafilatura's page measure counts a nav: it stays


def nested(depth: int) -> str:
    paragraph = "The one paragraph of this page, nested in wrappers that a broken generator left open."
    return (f"<html><head><title>Deep</title></head><body>{'<div>' * depth}<p>{paragraph}</p>"
            f"{'</div>' * depth}</body></html>")


@pytest.mark.parametrize("depth", [400, 2000])
def test_a_page_nested_past_the_parsers_default_depth_keeps_its_text(cleaner, depth):
    # libxml2 stops at 256 levels by default and drops the rest: the page came out empty.
    record = cleaner.clean(nested(depth), kind="html")
    assert record.text == "The one paragraph of this page, nested in wrappers that a broken generator left open."
    assert record.metadata["title"] == "Deep"


def test_a_page_too_deep_for_the_parser_is_an_error_record_not_an_empty_one(tmp_path):
    (tmp_path / "deep.html").write_text(nested(3000), encoding="utf-8")
    (tmp_path / "fine.html").write_text(nested(10), encoding="utf-8")
    result = runner.invoke(app, ["clean", str(tmp_path / "deep.html"), str(tmp_path / "fine.html"), "-f", "jsonl"])
    assert result.exit_code == 1
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["id"] == "fine" and record["text"].startswith("The one paragraph")
    assert "deep.html: HTML page too deep or too large for the parser to read whole (Excessive depth" in result.stderr


FORUM = (ROOT / "fixtures" / "generic" / "026_html_forum_thread.input.html").read_text(encoding="utf-8")


def test_a_short_first_extraction_gets_a_second_opinion_recorded_in_metadata_and_explain(cleaner, tmp_path):
    # trafilatura's main extractor keeps the first of six posts (49 words); readability keeps the thread.
    result = cleaner.process(FORUM, kind="html")
    assert result.record.metadata["extractor"] == "readability"
    assert all(name in result.record.text for name in ("riverside", "mjensen", "ferryman", "sandbag_sue"))
    assert result.extraction.startswith("readability: trafilatura's main extractor found ")
    (tmp_path / "thread.html").write_text(FORUM, encoding="utf-8")
    shown = runner.invoke(app, ["explain", str(tmp_path / "thread.html")])
    assert shown.exit_code == 0 and "extractor: readability:" in shown.output


def test_a_gate_that_cannot_score_the_page_leaves_the_choice_to_readability(cleaner, monkeypatch):
    # best_block reads trafilatura's readability internals: if they move, the page is still cleaned
    # and readability is asked, as before the gate.
    from cleaner.html import choice

    def broken(tree):
        raise ImportError("cannot import name 'TAG_SCORES'")

    monkeypatch.setattr(choice, "best_block", broken)
    assert cleaner.process(FORUM, kind="html").record.metadata["extractor"] == "readability"


def test_a_long_first_extraction_is_kept_without_a_second_one(cleaner):
    page = article(body_extra="".join(f"<p>Paragraph {n} of the report says the market will reopen in stages over two "
                                      f"years, stall by stall, as the builders finish each hall.</p>" for n in range(30)))
    result = cleaner.process(page, kind="html")
    assert "extractor" not in result.record.metadata and result.extraction == ""


def test_readability_is_asked_only_where_the_page_holds_text_the_first_left_unread(cleaner):
    # The article is the whole page: no second extraction, nothing said.
    result = cleaner.process(article(), kind="html")
    assert "extractor" not in result.record.metadata and result.extraction == ""


SIDEBAR = "<ul>" + "".join(f"<li>Event {n}: the choir sings at the chapel on the hill</li>" for n in range(4)) + "</ul>"
POSTS = "<div class='community'>" + "".join(
    f"<p>Reader {n}: well, I grew up by that market, and my father, his brother and their friends sold fish there, "
    f"every day, rain or shine, for years.</p>" for n in range(6)) + "</div>"


@pytest.fixture
def asked(monkeypatch):
    """The pages readability was asked to read."""
    from cleaner.html import choice

    calls, read = [], choice.readability_text
    monkeypatch.setattr(choice, "readability_text", lambda tree: calls.append(tree) or read(tree))
    return calls


def test_the_first_text_is_kept_when_readability_finds_nothing_new(cleaner, asked):
    # Readers' posts the first extraction left out are the best block by readability's scores, so
    # readability reads the page; but it drops a "community" block before it scores (a class it
    # takes for chrome), finds the same article, and the first text stays; explain says why.
    page = article().replace("</article>", f"</article>{POSTS}")
    result = cleaner.process(page, kind="html")
    assert len(asked) == 1 and "extractor" not in result.record.metadata
    assert result.extraction.startswith("trafilatura: trafilatura's main extractor found ")
    assert "its new 4-word shingles 0.00 times the first's" in result.extraction
    assert "Traders who left the market" in result.record.text and "Reader" not in result.record.text


MORE = "".join(f"<p>Stall {n} will go back to the family that held it before the storm, the board said, if they "
               f"still want it.</p>" for n in range(6))
SUMMARIES = [f"The council meets again on Tuesday {n} to hear the harbour plan, the ferry timetable and the bridge "
             f"repairs." for n in range(8)]


def test_unread_text_scattered_in_teasers_does_not_send_the_page_to_readability(cleaner, asked):
    # 152 words outside links the first text does not hold (more than 1.2 times its 194), but
    # one teaser to a list item: readability's best block is the article, which the first holds.
    teasers = "<ul>" + "".join(f"<li><a href='/s/{n}'>Story {n}</a> {s}</li>" for n, s in enumerate(SUMMARIES)) + "</ul>"
    result = cleaner.process(article(body_extra=MORE).replace("<article>", f"<div>{teasers}</div><article>"),
                             kind="html")
    assert asked == [] and "extractor" not in result.record.metadata
    assert "the page 152 more outside links; the best block by readability's scores adds 0.04" in result.extraction
    assert "council" not in result.record.text
    # A list of events beside the article: the same.
    result = cleaner.process(article().replace("<article>", f"<div class='events'>{SIDEBAR}</div><article>"),
                             kind="html")
    assert asked == [] and "choir" not in result.record.text


def test_the_same_words_in_one_block_of_paragraphs_send_the_page_to_readability(cleaner, asked):
    block = "<div>" + "".join(f"<p>{s}</p>" for s in SUMMARIES) + "</div>"
    result = cleaner.process(article(body_extra=MORE).replace("</article>", f"</article><section>{block}</section>"),
                             kind="html")
    assert len(asked) == 1 and "the page 152 more outside links; readability found " in result.extraction


def test_the_best_block_is_readabilitys_container_of_paragraphs_with_its_high_scoring_siblings():
    from lxml import html

    from cleaner.html.choice import best_block

    page = html.fromstring(article(body_extra=MORE).replace("</article>", f"</article><section><div>"
                                                            + "".join(f"<p>{s}</p>" for s in SUMMARIES)
                                                            + "</div></section>"))
    block = best_block(page)
    assert "Stall 5 will go back" in block and "Tuesday 7" in block  # the article, its sibling section
    assert best_block(html.fromstring("<html><body><ul><li>Short items only</li></ul></body></html>")) is None


def test_the_triggers_word_count_is_that_of_the_standard_librarys_word_pattern():
    # _count counts in bytes (every character past Latin-1 written as one word or space byte):
    # the same count as findall over every code point, alone and in runs with others.
    import random
    import re

    from cleaner.html.choice import _count

    from cleaner.html.choice import _LATIN_WORDS

    word = re.compile(r"\w+")
    every = "".join(map(chr, range(0x110000)))
    mapped = every.encode("latin-1", "cleaner-words").translate(_LATIN_WORDS)
    assert [b != 0x20 for b in mapped] == [bool(re.match(r"\w", c)) for c in every]  # character by character
    assert _count(every) == len(word.findall(every))
    assert _count("Москва и Санкт-Петербург, 2024") == 5  # another script: findall itself
    rng = random.Random(21)
    for _ in range(2000):
        text = "".join(rng.choice(every) if rng.random() < 0.3 else rng.choice("ab_1 ,.\u00e9\u00a0\u2019\u4e2d\n")
                       for _ in range(rng.randint(0, 30)))
        assert _count(text) == len(word.findall(text)), repr(text)


def test_the_element_classes_chosen_in_c_are_lxml_htmls():
    # An equivalence test: extract() sets a lookup in C on trafilatura's parser, and every element
    # it parses gets the class lxml.html's own lookup gives its tag (forms and their fields their
    # own, the rest HtmlElement). (lxml gives no way to read a parser's lookup back.)
    from lxml import html
    from trafilatura.utils import load_html

    from cleaner.html import extract

    page = ("<html><head><title>T</title></head><body><FORM><Input name=a><label>L</label><select><option>1"
            "</option></select><textarea>t</textarea></FORM><p>Text <b>bold</b></p><svg><rect/></svg></body></html>")
    extract(page)
    lxml_own = html.HtmlElementClassLookup()
    elements = list(load_html(page).iter())
    assert {el.tag for el in elements} >= {"form", "input", "label", "select", "textarea", "p", "rect"}
    for el in elements:
        assert type(el) is lxml_own.lookup("element", None, None, el.tag), el.tag


MENU_FIRST = (ROOT / "fixtures" / "generic" / "029_html_menu_first.input.html").read_text(encoding="utf-8")


def test_a_page_whose_first_extraction_is_its_menu_gets_the_article(cleaner):
    # trafilatura's main extractor takes the content-classed block of menu and club news; the
    # article stands in a table cell, which readability finds and writes as paragraphs, not a cell.
    result = cleaner.process(MENU_FIRST, kind="html")
    assert result.record.metadata["extractor"] == "readability"
    assert result.record.text.startswith("Every May the club gets a dozen calls a week")
    assert "Honey for sale" not in result.record.text and "|" not in result.record.text
    assert len(result.record.text.split("\n\n")) == 3
    assert result.extraction.startswith("readability: trafilatura's main extractor found 59 words")


def test_a_long_first_extraction_that_is_only_part_of_the_page_gets_the_larger_text(cleaner):
    # The events block is long (over 400 words, where the old trigger stopped looking), but the
    # story beside it holds more, none of it in the first text.
    events = "".join(f"<p>Event {n}: the choir sings at the chapel on the hill at {n} o'clock, tea after.</p>"
                     for n in range(30))
    story = "".join(f"<p>Part {n} of the story: the ferry crossed the estuary in fog, and the pilot, who had "
                    f"worked the river for thirty years, brought her in by the sound of the bell buoy.</p>"
                    for n in range(25))
    page = (f"<html><head><title>Ferry in fog</title></head><body><div class='entry-content'>{events}</div>"
            f"<table><tr><td id='story'>{story}</td></tr></table></body></html>")
    result = cleaner.process(page, kind="html")
    assert result.record.metadata["extractor"] == "readability"
    assert "Part 24 of the story" in result.record.text and "choir" not in result.record.text


def test_a_page_that_is_a_fragment_keeps_its_text(cleaner):
    # No html element, one table at the top: trafilatura's loader rejects it as not HTML.
    page = (ROOT / "fixtures" / "generic" / "027_html_fragment_page.input.html").read_text(encoding="utf-8")
    assert "Flood in the valley" in cleaner.clean(page, kind="html").text
