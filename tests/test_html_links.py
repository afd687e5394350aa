"""Link runs at the edges of an HTML page's extracted text (cleaner.html.links)."""

import json

import lxml.html
from typer.testing import CliRunner

from cleaner import Cleaner
from cleaner.cli import app
from cleaner.engine.page import _Page
from cleaner.html.links import LINK_EDGES, Links, link_edges
from cleaner.text.normalize import CONSERVATIVE

PARAGRAPHS = [
    "A plaque honouring the keepers of the light was unveiled on Saturday at the foot of the tower, fifty "
    "years after the last of them handed over the keys to the automatic lamp.",
    "The light was built in 1832 after the loss of a brig on the ledges, and for more than a century it was "
    "kept by three men living in the cottages beside it, working four-hour watches every night.",
    "The plaque was paid for by members' donations and by a grant from the parish council, and the society "
    "hopes to open the tower to visitors on two weekends a year.",
]


def links(*hrefs: str) -> str:
    return " | ".join(f'<a href="/{n}">{text}</a>' for n, text in enumerate(hrefs))


def page(top: list[str], bottom: list[str], before: str = "", after: str = "") -> str:
    """A page whose content block holds link paragraphs above and below the article (as an
    extractor keeps them when they stand in the same block)."""
    body = "".join(f"<p>{p}</p>" for p in [*top, *([before] if before else []), *PARAGRAPHS, *([after] if after else []), *bottom])
    return f"<html><head><title>Keepers</title></head><body><div class='entry-content'>{body}</div></body></html>"


MENU = [links("Home", "History", "Events", "Contact us"), links("Society shop", "Photo archive", "Newsletter")]


def test_a_line_s_link_share_counts_the_words_its_links_say():
    found = Links(["Home", "Contact us", "Terms of use", "Terms", "The lifeboat station"])
    assert found.share("Home | Contact us | Terms of use") == 1.0
    assert found.share("Read the terms of use before you write to us") == 0.3  # 3 of 10 words
    assert found.share("The lifeboat") == 0.0  # a link's words count only whole
    assert found.share("Terms") == 1.0 and found.share("| | |") is None
    assert Links([]).share("Home") == 0.0


def test_under_a_bar_the_walk_may_stop_early_and_stays_under_it():
    found = Links(["Home", "Contact us"])
    line = "Home " + "word " * 30 + "Contact us"
    assert found.share(line, 0.5) < 0.5 and found.share(line) == 3 / 33
    assert found.share("Home | Contact us | about", 0.5) == 0.75  # over the bar: the share itself
    assert found.share("Home " * 2000) == 0.0  # past 5,000 characters a line is never a menu


def test_a_line_past_5000_characters_with_words_only_after_them_is_no_empty_row():
    """Its first 5,001 characters without a word (a rule of dashes) do not make it a wordless line,
    which would go with the run it stands in."""
    long = "=" * 5001 + " " + BODY
    assert Links(LINKS).share(long) == 0.0 and Links(LINKS).share("=" * 5001) is None
    assert edges(["Home", "Archive", long, "Privacy", BODY], LINKS) == [0, 1]


def test_the_longest_link_at_a_word_wins_and_a_share_never_passes_one():
    found = Links(["news", "news and events", "events"])
    assert found.share("News and events") == 1.0
    assert found.share("news and") == 0.5  # "news and events" does not fit in two words: "news" does
    assert 0 <= found.share("events news and") <= 1


def edges(lines: list[str], link_texts: list[str], taken=(), figures=frozenset()) -> list[int]:
    """The lines link_edges takes from a page of these lines (``taken``: lines a rule took)."""
    p = _Page(lines)
    for i in taken:
        p.fates[i] = ("removed", None, None)
    link_edges(p, Links(link_texts), figures)
    return [i for i, fate in enumerate(p.fates) if fate is not None and fate[1] is LINK_EDGES]


LINKS = ["Home", "History", "Contact us", "Site map", "Privacy", "Archive"]
BODY = "The council voted on Tuesday to dredge the east quay of the harbour."


def test_the_runs_at_both_edges_go_passing_over_blank_lines_empty_rows_and_what_rules_took():
    lines = ["Home | History", "", "| | |", "Contact us", "", BODY, "", BODY, "Archive", "Copyright 2006", "", "Site map"]
    assert edges(lines, LINKS) == [0, 2, 3]  # the bottom run stops at the copyright line: one link line
    assert edges(lines, LINKS, taken=[9]) == [0, 2, 3, 8, 11]  # a rule took it: the run goes on past it


def test_a_run_needs_two_link_lines_and_stops_at_the_first_line_that_is_not_mostly_links():
    assert edges(["Home", BODY, "Home | Archive"], LINKS) == []
    assert edges(["Home", "Privacy", "Archive of the harbour board's minutes", "Home", BODY], LINKS) == [0, 1]
    assert edges(["Home | Site map", "Home and Privacy", BODY], LINKS) == [0, 1]  # two words of three: links


def test_a_figure_line_ends_a_run_as_body_does():
    lines = ["Home", "Archive", "The quay at low tide", "Privacy", BODY]
    assert edges(lines, LINKS + ["The quay at low tide"]) == [0, 1, 2, 3]
    assert edges(lines, LINKS + ["The quay at low tide"], figures=frozenset(["The quay at low tide"])) == [0, 1]


def test_a_page_of_nothing_but_links_keeps_them():
    assert edges(["Home", "", "Privacy | Archive", "| |", "Site map"], LINKS) == []


def test_an_extractor_s_menu_above_the_article_goes(cleaner):
    result = cleaner.process(page(MENU, []), kind="html")
    assert result.record.text == "\n\n".join(PARAGRAPHS)
    gone = [f for f in result.fates if f.rule is LINK_EDGES]
    assert [f.text for f in gone] == ["Home | History | Events | Contact us", "Society shop | Photo archive | Newsletter"]
    assert all(f.dest == "removed" and "links' words 100%" in f.why for f in gone)


def test_one_link_line_at_an_edge_stays(cleaner):
    """A "see the photographs" line under a headline is a link, and body: a run needs two lines."""
    line = '<a href="/photos">See the photographs of the unveiling</a>'
    record = cleaner.clean(page([], [], before=line), kind="html")
    assert record.text.startswith("See the photographs of the unveiling\n\n")


def test_links_inside_the_article_stay():
    """Only the runs at the edges go: a link list between two paragraphs is the article's."""
    assert edges([BODY, "Home", "Privacy", BODY], LINKS) == []


def test_text_dumps_are_not_read_for_links(cleaner):
    text = "\n\n".join(["Home | History | Events | Contact us", "Site map | Privacy", *PARAGRAPHS])
    result = cleaner.process(text, kind="text")
    assert not any(f.rule is LINK_EDGES for f in result.fates)


def test_explain_names_the_mechanism(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(page(MENU, []), encoding="utf-8")
    out = CliRunner().invoke(app, ["explain", str(path)])
    assert out.exit_code == 0, out.output
    assert "<- html:link-edges (links' words 100% of its own, in a run at an edge)" in out.output
    rows = json.loads(CliRunner().invoke(app, ["explain", str(path), "-f", "json"]).output)
    assert sum(row["rule"] == "html:link-edges" for row in rows) == 2


def test_explain_json_gives_the_link_share_as_why_not_as_the_model_s(tmp_path):
    """`model` in explain's JSON is the line model's account (docs/linemodel.md); no model read
    an HTML page's lines."""
    path = tmp_path / "page.html"
    path.write_text(page(MENU, []), encoding="utf-8")
    rows = json.loads(CliRunner().invoke(app, ["explain", str(path), "-f", "json"]).output)
    gone = [row for row in rows if row["rule"] == "html:link-edges"]
    assert [row["why"] for row in gone] == ["links' words 100% of its own, in a run at an edge"] * 2
    assert not any("model" in row for row in rows)


def test_a_figure_still_ends_a_run_after_the_rules_took_its_lines(cleaner):
    """The second reading, after the figure rules took the caption, stops at it as the first did."""
    paragraph = ("The council voted on Tuesday to dredge the east quay of the harbour, after the fishing fleet had run "
                 "aground there three times this winter and the harbour master asked for the work to begin before spring.")
    html = ("<html><head><title>Quay</title></head><body><article>"
            '<p><a href="/a">Home</a> | <a href="/b">History</a></p><p><a href="/c">Events</a> | <a href="/d">Contact us</a></p>'
            '<figure><img src="/q.jpg" alt="x"><figcaption>The east quay at low tide</figcaption></figure>'
            '<p><a href="/e">Read the harbour report</a></p><p><a href="/f">See the minutes of the meeting</a></p>'
            + f"<p>{paragraph}</p>" * 3 + "</article></body></html>")
    result = cleaner.process(html, kind="html")
    assert [f.text for f in result.fates if f.rule is LINK_EDGES] == ["Home | History", "Events | Contact us"]
    assert result.record.text.startswith("Read the harbour report\n\nSee the minutes of the meeting\n\n")


def test_a_page_of_nothing_but_links_under_its_headline_keeps_them(cleaner):
    """The reading before the rules takes the links under the headline (the headline is no link);
    once the headline goes as the title's repeat, nothing but links is left: they stay."""
    items = "".join(f'<p><a href="/{n}">Link number {n}</a></p>' for n in ("one", "two", "three", "four"))
    html = (f"<html><head><title>Useful links</title></head><body><div class='entry-content'><h1>Useful links</h1>"
            f"{items}</div></body></html>")
    result = cleaner.process(html, kind="html")
    assert result.record.text == "\n\n".join(f"Link number {n}" for n in ("one", "two", "three", "four"))
    assert not any(f.rule is LINK_EDGES for f in result.fates) and not result.links


def test_the_links_words_are_read_as_the_lines_are_normalised():
    """The lines are normalised (soft hyphens out, NFC); the links' texts must be too, or a menu
    whose words hold a soft hyphen or a decomposed accent is no link line."""
    tree = lxml.html.fromstring('<p><a href="/a">Con\u00adtact</a> | <a href="/b">Re\u0301sume\u0301</a></p>')
    assert Links.of(tree, CONSERVATIVE).share("Contact | Résumé") == 1.0


class _EndlessLink:
    """An anchor whose text never ends, as nested anchors each holding a whole page's text (the
    outermost's text read in full, then the next's, ...) would be read."""

    text = "word "

    def __len__(self):  # it holds elements
        return 1

    def itertext(self):
        while True:
            yield "word "


class _Tree:
    def __init__(self, *anchors):
        self.anchors = anchors

    def iter(self, tag):
        assert tag == "a"
        return iter(self.anchors)


def test_a_link_s_text_is_read_only_as_far_as_a_link_can_be_long():
    tree = _Tree(lxml.html.fromstring('<a href="/">Home</a>'), _EndlessLink())
    found = Links.of(tree, CONSERVATIVE)
    assert found.share("Home | word word") == 1 / 3  # the endless link is a passage, not read through


def test_words_are_counted_in_any_script_as_cleaner_counts_them():
    """A Han character is a word (as prose.tokens counts): a clause is not one word, so a link
    beside it is a small share of the line, and a link inside a clause counts."""
    found = Links(["首页", "新闻", "港口"])
    assert found.share("首页 | 新闻") == 1.0
    assert found.share("首页 | 市政府今天宣布了新的港口疏浚计划") == 4 / 18  # 首页 and 港口, of 18 characters
    lines = ["首页 | 新闻", "首页 | 市政府今天宣布了新的港口疏浚计划", BODY]
    assert edges(lines, ["首页", "新闻"]) == []  # one link line at the top: no run


SITE = """[site]
name = "example.org"
domains = ["example.org"]
description = "a site whose footer rule reads the tags"

[fields]
tags = { type = "list", sep = "," }

[[rule]]
id = "footer"
anchor = "bottom"
lines = [
  { re = '.+', field = "tags" },
  { line = "Print this page", drop = true },
]
"""


def test_a_site_s_own_rules_read_the_link_lines_before_the_link_edges_take_them(tmp_path):
    """Generic guesses see what a site's rules left (as the fallback edge rules do): its footer's
    tag links are a field, not a link run."""
    (tmp_path / "example.org.toml").write_text(SITE, encoding="utf-8")
    paragraph = ("The council voted on Tuesday to dredge the east quay of the harbour, after the fishing fleet had run "
                 "aground there three times this winter and the harbour master asked for the work to begin before spring.")
    html = ("<html><head><title>Quay</title></head><body><article>" + f"<p>{paragraph}</p>" * 3
            + '<p><a href="/t/1">Politics</a>, <a href="/t/2">Harbour</a>, <a href="/t/3">Fishing</a></p>'
            + '<p><a href="/print">Print this page</a></p></article></body></html>')
    result = Cleaner(rule_dirs=[tmp_path]).process(html, url="https://example.org/quay", kind="html")
    assert result.record.metadata["tags"] == ["Politics", "Harbour", "Fishing"]
    assert result.record.text == "\n\n".join([paragraph] * 3)


def test_a_line_a_rule_took_but_left_in_the_body_ends_a_run():
    """A dateline rule records a line and keeps it whole as body: the article's first paragraph
    still ends the run above it; the links under it are the article's."""
    lines = ["Home | History", "Contact us | Privacy", "HARBOUR (AP) — " + BODY, "Archive", "Site map", BODY, BODY]
    p = _Page(lines)
    p.fates[2] = ("metadata.dateline", None, lines[2])  # the whole line stays body
    link_edges(p, Links(LINKS))
    assert [i for i, fate in enumerate(p.fates) if fate is not None and fate[1] is LINK_EDGES] == [0, 1]
    q = _Page(["Home | History", "Privacy", "Archive", BODY])
    q.fates[1] = ("metadata.x", None, "Privacy")  # what it kept is mostly links: passed over, not taken
    link_edges(q, Links(LINKS))
    assert q.fates[1] == ("metadata.x", None, "Privacy") and q.fates[0][1] is LINK_EDGES and q.fates[2][1] is LINK_EDGES


def test_a_complete_site_file_keeps_the_link_edges_out(tmp_path):
    """A site file that says ``complete = true`` describes its pages whole: no generic guess takes
    its lines (as the fallback edge rules and the line model do not)."""
    html = page(MENU, [])
    (tmp_path / "site.toml").write_text('[site]\nname = "example.org"\ndomains = ["example.org"]\ncomplete = true\n')
    result = Cleaner(rule_dirs=[tmp_path]).process(html, url="https://example.org/a", kind="html")
    assert result.record.site == "example.org" and result.record.text.startswith("Home | History")
    (tmp_path / "site.toml").write_text('[site]\nname = "example.org"\ndomains = ["example.org"]\n')
    result = Cleaner(rule_dirs=[tmp_path]).process(html, url="https://example.org/a", kind="html")
    assert result.record.text == "\n\n".join(PARAGRAPHS)  # a site's rules first, then the edges
