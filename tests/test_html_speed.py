"""What cleaner sets on trafilatura for speed selects what trafilatura's own expressions select."""

import random

from lxml import etree, html
from trafilatura import xpaths
from trafilatura.utils import load_html

from cleaner.html.speed import REGEXP_NS, REWRITTEN, guarded, tune
from conftest import ROOT

NS = {"re": REGEXP_NS}

# Attribute values that trafilatura's patterns test for, in part, in whole, or not at all.
VALUES = ["", " ", "nav", "Nav", "navbar", "main-nav", "share-bar", "sharing", "social", "cookie", "ad-top", " ad ",
          "x ad-y", "widget", "elementor-widget", "byline", "author", "comments-title", "reply-1", "hidden",
          "display:none", "content", "article-body", "post", "entry-content", "story", "related-links", "footer",
          "sidebar", "menu", "premium", "tags", "tag-list", "meta", "slide", "hide-print", "message", "yin", "xyz",
          "FullText", "FULLTEXT", "comment-list", "Comments", "disqus_thread", "mvp-post-add-box"]
TAGS = ["div", "p", "span", "section", "article", "aside", "ul", "li", "a", "list", "item", "main", "table", "td"]
ATTRIBUTES = ["id", "class", "style", "role", "aria-hidden", "data-component", "itemprop", "rel"]


def random_page(seed: int) -> str:
    rng = random.Random(seed)

    def element(depth: int) -> str:
        tag = rng.choice(TAGS)
        attrs = "".join(f' {name}="{rng.choice(VALUES)}"' for name in ATTRIBUTES if rng.random() < 0.3)
        inner = "".join(element(depth + 1) for _ in range(rng.randint(0, 3))) if depth < 5 else ""
        return f"<{tag}{attrs}>Some words here, {rng.randint(0, 99)}. {inner}</{tag}>"

    return f"<html><head><title>T</title></head><body>{''.join(element(0) for _ in range(8))}</body></html>"


def pages():
    fixtures = sorted((ROOT / "fixtures").rglob("*.input.html"))
    yield from (path.read_text(encoding="utf-8") for path in fixtures)
    yield from (random_page(seed) for seed in range(60))


def test_trafilaturas_attribute_tests_are_guarded_and_select_the_same_elements():
    tune()
    # Every attribute test in trafilatura's lists that can be guarded is (whatever its version holds).
    for value in vars(xpaths).values():
        for item in value if isinstance(value, list) else ():
            if isinstance(item, etree.XPath):
                assert guarded(item) is item, item.path
    assert REWRITTEN, "no expression of trafilatura's was rewritten: the guard no longer reaches them"
    pairs = [(etree.XPath(old, namespaces=NS), etree.XPath(new, namespaces=NS)) for old, new in REWRITTEN]
    selected = 0
    for page in pages():
        tree = html.document_fromstring(page)
        for old, new in pairs:
            found = old(tree)
            assert new(tree) == found, old.path
            selected += len(found)
    assert selected > 100  # the pages exercise the expressions, not only their misses


def test_the_lists_trafilatura_reads_hold_the_guarded_expressions():
    # trafilatura's modules import the lists by name: they must be the same objects, changed in place.
    from trafilatura import main_extractor

    tune()
    assert main_extractor.OVERALL_DISCARD_XPATH is xpaths.OVERALL_DISCARD_XPATH
    paths = [x.path for x in xpaths.OVERALL_DISCARD_XPATH]
    assert any("(@class) and re:test(@class," in p for p in paths)


def test_a_pattern_that_matches_the_empty_string_stays_as_it_is():
    # An absent attribute tests the empty string: where the pattern matches it, a guard would change the answer.
    empty = etree.XPath(".//div[re:test(@class, '^$|x*')]", namespaces=NS)
    assert guarded(empty) is empty
    tree = load_html("<html><body><div>a</div><div class='nav'>b</div></body></html>")
    assert len(empty(tree)) == 2


def test_a_test_with_flags_is_guarded_and_keeps_them():
    old = etree.XPath(".//div[re:test(@class, 'NAV', 'i')]", namespaces=NS)
    new = guarded(old)
    assert new.path == ".//div[((@class) and re:test(@class, 'NAV', 'i'))]"
    tree = html.document_fromstring("<html><body><div>a</div><div class='nav'>b</div><div class='x'>c</div></body></html>")
    assert [el.text for el in new(tree)] == [el.text for el in old(tree)] == ["b"]


def test_a_guarded_test_reads_each_attribute_of_a_union_as_before():
    old = etree.XPath(".//*[re:test(@id|@class, 'cookie')]", namespaces=NS)
    new = guarded(old)
    assert new.path == ".//*[((@id|@class) and re:test(@id|@class, 'cookie'))]"
    tree = load_html('<html><body><div id="cookie">a</div><div class="cookie">b</div>'
                     '<div id="x" class="cookie">c</div><div class="cookie" id="x">d</div><p>e</p></body></html>')
    assert [el.text for el in new(tree)] == [el.text for el in old(tree)] == ["a", "b", "d"]


def test_an_expression_with_another_prefix_stays_as_it_is():
    # lxml resolves a name's prefix when it evaluates, not when it compiles: recompiled with re: alone,
    # ``h:div`` compiled and then failed on every page ("Undefined namespace prefix").
    namespaces = {**NS, "h": "http://www.w3.org/1999/xhtml"}
    old = etree.XPath(".//h:div[re:test(@class, 'nav')]", namespaces=namespaces)
    tree = etree.fromstring('<r xmlns="http://www.w3.org/1999/xhtml"><div class="nav">a</div><div>b</div></r>')
    assert guarded(old) is old
    assert [el.text for el in guarded(old)(tree)] == ["a"]
    spelled = etree.ETXPath(".//{http://www.w3.org/1999/xhtml}div[re:test(@class, 'nav')]")  # its own prefixes
    assert guarded(spelled) is spelled


def test_a_guarded_expression_is_not_guarded_again():
    # tune() runs once a process, but two threads can both enter it before either returns
    # (functools.cache does not lock): the second pass must find nothing left to do.
    tune()
    lists = {name: value for name, value in vars(xpaths).items() if isinstance(value, list)}
    paths = {name: [getattr(item, "path", item) for item in value] for name, value in lists.items()}
    rewritten = len(REWRITTEN)
    tune.__wrapped__()
    assert {name: [getattr(item, "path", item) for item in value] for name, value in lists.items()} == paths
    assert len(REWRITTEN) == rewritten
    once = guarded(etree.XPath(".//*[re:test(@id|@class, 'cookie')]", namespaces=NS))
    assert guarded(once) is once


def test_lxml_reads_an_absent_attribute_as_the_empty_string_and_a_union_by_its_first_attribute():
    # What the guard rests on: an empty node set is tested as "" (so a pattern that cannot match ""
    # is false there, as the guard is), and a set of attributes by its first in the page, which the
    # guard leaves to re:test itself. An empty attribute is there: the guard lets re:test read it.
    tree = html.document_fromstring('<html><body><p>none</p><p class="">empty</p><p style="hidden">second</p>'
                                    '<p style="hidden" id="x">first</p></body></html>')

    def texts(path: str) -> list[str]:
        old = etree.XPath(path, namespaces=NS)
        new = guarded(old)
        assert new is not old or path.endswith("'^$')]")
        assert new(tree) == old(tree)
        return [el.text for el in old(tree)]

    assert texts("//p[re:test(@class, '^$')]") == ["none", "empty", "second", "first"]
    assert texts("//p[not(re:test(@class, '.'))]") == ["none", "empty", "second", "first"]
    assert texts("//p[re:test(@id|@style, 'hidden')]") == ["second", "first"]  # the first in the page: style
    assert texts("//p[re:test(@id|@style, 'HIDDEN', 'i')]") == ["second", "first"]
    assert texts("//p[re:test(@id|@style, '^x$')]") == []
