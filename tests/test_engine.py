"""Engine and template matching: behaviour on small pages with small rule files."""

import textwrap

import pytest
from hypothesis import given, settings, strategies as st

from cleaner import Cleaner
from cleaner.rules import load_rules
from conftest import ROOT

HEADER = "11:22 GMT +313 December 2019\nListen Live\n{title}\n\nGet short URL\n\n"
FOOTER = "\n\nOne Related Story\nAnother Related Story\nSyria, Turkey\nComment via FacebookComment via Sputnik\n"


def page(body: str, title: str = "A Title", clock: str = "11:22 GMT +313 December 2019") -> str:
    return HEADER.format(title=title).replace("11:22 GMT +313 December 2019", clock) + body + FOOTER


def site_cleaner(tmp_path, rules: str) -> Cleaner:
    (tmp_path / "t.toml").write_text(textwrap.dedent(rules), encoding="utf-8")
    return Cleaner(rules=load_rules([tmp_path], bundled=False), generic="off")  # the rules under test alone


@pytest.mark.parametrize("clock, iso", [
    ("11:22 GMT +313 December 2019", "2019-12-13T11:22:00+03:00"),
    ("02:47 GMT +401 September 2014", "2014-09-01T02:47:00+04:00"),
    ("23:59 GMT +31 January 2020", "2020-01-01T23:59:00+03:00"),
    ("07:05 GMT +328 February 2018", "2018-02-28T07:05:00+03:00"),
])
def test_header_clock_is_captured_at_never_timestamp(cleaner, clock, iso):
    record = cleaner.clean(page("Body paragraph.", clock=clock))
    assert record.metadata["captured_at"] == iso
    assert record.metadata["timestamp"] is None


def test_site_is_recognised_by_fingerprint_and_by_url(cleaner):
    assert cleaner.clean(page("Body.")).site == "sputniknews.com"
    assert cleaner.clean("Just text.", url="https://www.sputniknews.com/x/1").site == "sputniknews.com"
    assert cleaner.clean("Just text.").site is None


def test_page_of_unknown_site_keeps_its_text(cleaner):
    record = cleaner.clean("First line.\n\nSecond line.")
    assert record.text == "First line.\n\nSecond line."
    assert record.metadata == {"title": None, "timestamp": None, "captured_at": None}


def test_year_in_brackets_at_the_end_of_the_body_stays_body(cleaner):
    record = cleaner.clean(page("First.\n\nThe agency said so in its annual report (2015)"))
    assert record.text.endswith("annual report (2015)")
    assert record.metadata["series"] is None


def test_paragraph_beginning_with_listen_stays_body(cleaner):
    record = cleaner.clean(page("Listen to the full interview below.\n\nListen Live"))
    assert record.text == "Listen to the full interview below.\n\nListen Live"


def test_related_tags_and_widgets(cleaner):
    record = cleaner.clean(page("Only paragraph."))
    assert record.text == "Only paragraph."
    assert record.metadata["related"] == ["One Related Story", "Another Related Story"]
    assert record.metadata["tags"] == ["Syria", "Turkey"]


def test_mojibake_headline(cleaner):
    record = cleaner.clean(page("Body.", title="Donâ€™t Panic"))
    assert record.metadata["title"] == "Don’t Panic"


def test_same_input_same_bytes(cleaner):
    text = page("A.\n\nCaption here\n© Sputnik / Someone\nCaption\n\nB.")
    first = cleaner.clean(text).to_dict()
    assert cleaner.clean(text).to_dict() == first
    assert first["captions"] == [{"text": "Caption here", "credit": "© Sputnik / Someone", "alt": "Caption", "position": 1}]


RULES = '''
[site]
name = "t"
fingerprint = ["MARK"]

[[rule]]
id = "top"
anchor = "top"
lines = [{ line = "MARK", drop = true }, { any = true, field = "title" }]

[[rule]]
id = "list"
anchor = "bottom"
lines = [{ any = true, field = "items", repeat = [1, 3] }, { line = "END", drop = true, gap = false }]

[[rule]]
id = "promo"
line = "Buy now"
drop = true
'''


def test_anchored_and_floating_rules(tmp_path):
    c = site_cleaner(tmp_path, RULES)
    result = c.process("MARK\n\nHeadline\n\nBody one.\n\nBuy now\n\nBody two.\n\nx\ny\nEND\n")
    rec = result.record
    assert rec.site == "t"
    assert rec.metadata["title"] == "Headline"
    assert rec.metadata["items"] == "x"  # str field: the first value wins, every line still accounted
    assert rec.text == "Body one.\n\nBody two."
    dests = {f.text: (f.dest, f.rule.id if f.rule else None) for f in result.fates}
    assert dests["y"] == ("metadata.items", "list")
    assert dests["Buy now"] == ("removed", "promo")
    assert dests["Body two."] == ("body", None)


def test_repetitions_stand_on_consecutive_lines(tmp_path):
    c = site_cleaner(tmp_path, RULES)
    rec = c.process("MARK\nHeadline\n\nBody one.\n\nlast body\n\nx\nEND").record
    # "last body" is separated by a blank line, so the list does not reach it.
    assert rec.text == "Body one.\n\nlast body"


def test_gap_false_needs_adjacent_lines(tmp_path):
    c = site_cleaner(tmp_path, RULES)
    rec = c.process("MARK\nHeadline\n\nBody.\n\nx\n\nEND").record
    assert "END" in rec.text and "x" in rec.text


def test_anchored_rule_needs_the_page_edge(tmp_path):
    c = site_cleaner(tmp_path, RULES)
    rec = c.process("Intro\nMARK\nHeadline\n\nBody.", site="t").record
    assert rec.metadata["title"] is None
    assert rec.text == "Intro\n\nMARK\n\nHeadline\n\nBody."


# A series link read at the top; the rule 'again' drops a line at the foot that repeats it.
SERIES_RULES = '''
[site]
name = "t"
fingerprint = ["MARK"]
[[rule]]
id = "head"
anchor = "top"
lines = [{ line = "MARK", drop = true }, { re = '.+ \\(\\d+\\)', field = "series" }]
[[rule]]
id = "again"
anchor = "bottom"
same = "series"
drop = true
'''


def test_same_matches_only_the_line_a_field_was_read_from(tmp_path):
    c = site_cleaner(tmp_path, SERIES_RULES)
    assert c.clean("MARK\nSeries (12)\n\nBody.\n\nSeries (12)").text == "Body."
    assert c.clean("MARK\nSeries (12)\n\nBody.\n\nReport (2015)").text == "Body.\n\nReport (2015)"


def test_same_with_an_re_wants_the_repeat_to_fit_the_pattern_too(tmp_path):
    c = site_cleaner(tmp_path, SERIES_RULES + "re = '\\p{Lu}.*'\n")  # (the key goes to 'again', the last table)
    assert c.clean("MARK\nSeries (12)\n\nBody.\n\nSeries (12)").text == "Body."
    assert c.clean("MARK\nSeries (12)\n\nBody.\n\nseries (12)").text == "Body.\n\nseries (12)"


def test_metadata_schema_of_a_site_is_always_present(tmp_path):
    c = site_cleaner(tmp_path, RULES)
    meta = c.clean("MARK\nHeadline\n\nBody.").metadata
    assert meta == {"title": "Headline", "timestamp": None, "captured_at": None, "items": None}


def test_every_line_gets_exactly_one_fate(cleaner):
    text = page("A.\n\nCaption\n© AP Photo / X\n\nB.")
    result = cleaner.process(text)
    assert [f.line for f in result.fates] == list(range(1, text.count("\n") + 2))
    assert {f.dest for f in result.fates} <= {
        "body", "blank", "caption", "credit", "alt", "removed",
        "metadata.title", "metadata.captured_at", "metadata.related", "metadata.tags"}



GUARD_RULES = """
[site]
name = "generic"
shared = true

[[rule]]
id = "any-line"
re = '.+'
drop = true
"""


def test_shared_rules_never_take_prose(tmp_path):
    c = site_cleaner(tmp_path, GUARD_RULES)
    text = ("Menu\n\nThe council approved the new budget on Tuesday after a long debate.\n\n"
            "Its members voted eight to three in favour of the plan.\n\nShare")
    result = c.process(text)
    assert result.record.text.split("\n\n") == [
        "The council approved the new budget on Tuesday after a long debate.",
        "Its members voted eight to three in favour of the plan."]
    assert not result.guarded


def test_a_site_rule_may_take_prose(tmp_path):
    rules = '[site]\nname = "s"\nfingerprint = ["MARK"]\n[[rule]]\nid = "all"\nre = \'.+\'\ndrop = true\n'
    c = site_cleaner(tmp_path, rules)
    assert c.clean("MARK\n\nA whole sentence of prose that ends as sentences end.").text == ""


def test_shared_rules_that_would_take_most_of_a_page_are_undone(tmp_path):
    c = site_cleaner(tmp_path, GUARD_RULES)
    menu = "\n\n".join(["Home", "News", "Sport", "Weather", "Travel", "Money", "Markets", "Culture", "Style",
                        "More from us today"])
    text = menu + "\n\nOne real sentence, and it is short."  # 13 of 20 words would go: over 60%
    result = c.process(text)
    assert result.guarded
    assert result.record.text == text  # the page keeps its text
    assert all(f.dest in ("body", "blank") for f in result.fates)


def test_prose_true_lets_a_specific_shared_pattern_take_prose(tmp_path):
    rules = ('[site]\nname = "g"\nshared = true\n[[rule]]\nid = "post"\n'
             "re = 'The post .+ appeared first on .+'\ndrop = true\nprose = true\n")
    c = site_cleaner(tmp_path, rules)
    text = ("A first paragraph that is long enough to keep the guard quiet here.\n\n"
            "A second paragraph of the same kind, also long enough, and also prose.\n\n"
            "The post Village bakery wins award appeared first on The Courier.")
    assert c.clean(text).text.endswith("also prose.")


def test_keep_group_takes_a_span_and_leaves_the_rest(cleaner):
    record = cleaner.clean("Some words first, long enough to be the opening of this story.\n\n"
                           "WASHINGTON (Reuters) - The president said on Monday that talks would go on.")
    assert record.metadata["dateline"] == "WASHINGTON (Reuters)"
    assert record.text.endswith("The president said on Monday that talks would go on.")


def test_a_cleaner_that_has_cleaned_pickles_and_cleans_the_same():
    import pickle

    from cleaner import Cleaner

    cleaner = Cleaner()
    text = (ROOT / "seeds" / "000_3456128bdfb719b6.txt").read_text(encoding="utf-8")
    first = cleaner.clean(text)  # the cleaner now holds plans for its rule files
    copy = pickle.loads(pickle.dumps(cleaner))
    assert copy.clean(text) == first


def test_a_value_that_does_not_convert_keeps_no_page_alive(tmp_path):
    # Elements remember their last answer; a failed conversion must not keep the document with it.
    import gc

    from cleaner.engine.page import _Page

    (tmp_path / "demo.toml").write_text(
        '[site]\nname = "demo"\ndomains = ["demo.example"]\n[fields]\nviews = { type = "int" }\n'
        '[[rule]]\nid = "views"\nre = \'Views: (?P<views>\\S+)\'\nfield = "views"\n', encoding="utf-8")
    cleaner = Cleaner(rule_dirs=[tmp_path])
    cleaner.clean("A body sentence that is long enough to be prose, and it goes on.\n\nViews: many",
                  url="https://demo.example/a")  # 'many' is no int: the rule's last answer is a failure
    gc.collect()
    assert not [o for o in gc.get_objects() if isinstance(o, _Page)]


@pytest.mark.parametrize("sentence", [
    "More than 200 scientists from 60 countries contributed to this report.",
    "Over the decades, amateur astronomers contributed research in fields from comets to stars.",
    "More at stake for farmers",  # a sub-heading, not a 'More' button
    "Contact the council's hardship team on hardship@leeds.gov.uk.",
    "Sources: two senior officials",
    "Updated on the situation in Syria, the minister said the talks would go on.",
    "Listen to what the farmers say live on the radio, she urged.",
])
def test_shared_rules_leave_article_text_that_looks_like_chrome(sentence):
    page = ("A body paragraph that is long enough to be a sentence here.\n\n" + sentence
            + "\n\nAnother body paragraph that is long enough to be a real sentence.")
    assert sentence in Cleaner().clean(page).text


def test_ascii_word_characters_are_the_regex_modules():
    import regex

    from cleaner.text.prose import _ASCII_WORDS

    for c in range(128):
        assert (_ASCII_WORDS[c] != 32) == bool(regex.fullmatch(r"\w", chr(c))), chr(c)


_SCRIPTS = "abc XYZ_09 ,.;'\"-éüßñ ’“”—€ абв αβγ 中文字 ひらがな カタカナ 한국어 ภาษาไทย ພາສາ ខ្មែរ မြန်မာ हिन्दी ١٢٣ \u200d\u0301"


@given(st.lists(st.text(alphabet=_SCRIPTS, max_size=40), min_size=1, max_size=8))
@settings(max_examples=300, deadline=None)
def test_words_counted_line_by_line_are_those_of_the_whole_page_and_the_tokenisers(lines):
    from cleaner.text.prose import _TOKEN, _UNSPACED, plain_words, words

    assert sum(map(words, lines)) == words(" ".join(lines))
    assert plain_words(lines) == sum(words(line) for line in lines if line.isascii())
    for line in lines:  # the shortcuts count what the tokeniser counts
        assert words(line) == sum(len(t) / 4 if _UNSPACED.match(t) else 1 for t in _TOKEN.findall(line))


def test_every_character_the_tokeniser_counts_apart_is_in_the_screens_blocks():
    import regex

    from cleaner.text.prose import _FAR_SCRIPTS

    apart = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]")
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert [c for c in apart.findall(every) if not _FAR_SCRIPTS.match(c)] == []


# (Menu items that no shared rule takes on its own: the edges' work is what the test looks at.)
MENU_PAGE = ("Front\nWorld\nSport\nWeather\n\nHarbour Bridge Reopens After Repairs\n\n"
             "The harbour bridge reopened on Monday after three months of repairs to its deck.\n\n"
             "Engineers said the work came in under budget and ahead of the planned date.\n\n"
             "Careers\nPrivacy\nJobs\n")


@pytest.mark.parametrize("complete", [False, True])
def test_a_site_file_adds_to_the_fallback_edges_unless_it_is_complete(tmp_path, complete):
    (tmp_path / "x.toml").write_text(textwrap.dedent(f"""\
        [site]
        name = "x.example"
        domains = ["x.example"]
        complete = {str(complete).lower()}

        [[rule]]
        id = "weather"
        line = "Weather"
        drop = true
        """), encoding="utf-8")
    cleaner = Cleaner(rules=load_rules([tmp_path]))  # the bundled files, shared-edges among them
    result = cleaner.process(MENU_PAGE, url="https://x.example/a", kind="text")
    fates = {f.text: f.rule.id if f.rule else f.dest for f in result.fates if f.text}
    assert result.record.site == "x.example" and fates["Weather"] == "weather"
    if complete:  # the site's file describes whole pages: its rules alone, the menu stays
        assert fates["Front"] == "body" and result.record.metadata["title"] is None
    else:  # the fallback edges still run under the site's own rules
        assert fates["Front"] == "edge-title" and fates["Jobs"] == "edge-bottom"
        assert result.record.metadata["title"] == "Harbour Bridge Reopens After Repairs"
        assert result.record.text.startswith("The harbour bridge reopened")


CLEAN_ARTICLE = ("The harbour bridge reopened on Monday after three months of repairs to its deck.\n\n"
                 "Engineers said the work came in under budget and ahead of the planned date.\n\n"
                 "The council expects traffic on the bridge to return to its old level within a month or two\n\n"
                 "For more information on the works contact the council's transport office")
WRAPPED_END = ("Engineers said the work came in under budget and ahead of the planned\n"
               "date, and that the old deck had been taken down in six weeks rather\n"
               "than the ten the council had feared when the work was planned in May. JB")


SUBHEADED_END = ("The harbour bridge reopened on Monday after three months of repairs to its deck.\n\n"
                 "What Comes Next\n\n"
                 "The council said it would publish a plan for the old ferry quay in November, and that the quay\n"
                 "had been used for the ferry since the bridge was first closed for repairs (2019)")


@pytest.mark.parametrize("text", [CLEAN_ARTICLE, "The harbour bridge reopened on Monday after repairs.\n\n" + WRAPPED_END,
                                  SUBHEADED_END])
def test_the_bottom_edge_leaves_an_articles_last_paragraph_without_its_full_stop(text):
    # Already clean text (a newspaper's article as it is): its last lines lack a full stop (lost,
    # a sign-off, a paragraph wrapped at a fixed width), yet they are the article's, not a footer.
    rules_alone = Cleaner(generic="off")
    assert rules_alone.clean(text).text.split() == text.split()  # (each line a paragraph of its own)
    # Under a footer, the footer goes and the paragraph stays (under a sub-heading of its own too):
    # the run starts below the lowest line of running text.
    result = rules_alone.process(text + "\n\nOur history\nCareers\nJobs\n")  # (no shared rule takes these alone)
    assert result.record.text.split() == text.split()
    assert {f.text: f.rule.id for f in result.fates if f.rule} == {
        "Our history": "edge-bottom", "Careers": "edge-bottom", "Jobs": "edge-bottom"}


def test_the_top_edge_leaves_running_text_just_above_the_first_sentence():
    lead = ("Residents who had crossed the harbour by ferry since the spring will be glad of the news that"
            " the bridge is open again to cars, buses and bicycles from this week on")
    text = "Front\nNews\nSport\nWeather\n\n" + lead + "\n\n" + CLEAN_ARTICLE
    result = Cleaner(generic="off").process(text)  # more words than a headline: edge-menu, not edge-title
    assert result.record.text == lead + "\n\n" + CLEAN_ARTICLE
    assert {f.rule.id for f in result.fates if f.rule} == {"edge-menu"}


def test_the_top_edge_stops_at_running_text_however_many_lines_of_it_there_are():
    # A job offer's duties, clauses that end in ';' (no full stop until the list ends) and too long for
    # a headline, then a sub-heading: running text, the page's content, where a menu has none. The
    # menu above them goes; they and the sub-heading stay.
    duties = ("Act as an advisor to the government on the use of energy in public buildings, and help the"
              " ministries to write the rules that will govern the next round of public works;\n"
              "Facilitate a continuous dialogue with the donors and the other partners of the office, so that"
              " every project in the region is planned with the people who will pay for it;\n"
              "Contribute to the reports and the analytical documents of the country office, and see that the"
              " lessons of each project reach the teams that plan the next ones in the region")
    menu = ["Market Place", "Tenders", "Job Opportunities", "Vacancies"]
    text = "\n".join(menu) + "\n\n" + duties + "\n\nQualifications\n\n" + CLEAN_ARTICLE
    result = Cleaner(generic="off").process(text)
    assert result.record.text.split() == (duties + "\n\nQualifications\n\n" + CLEAN_ARTICLE).split()
    assert {f.text: f.rule.id for f in result.fates if f.rule} == dict.fromkeys(menu, "edge-menu")


@given(st.lists(st.tuples(st.one_of(st.text(alphabet=_SCRIPTS, max_size=40), st.text(alphabet="ab c.", max_size=40)),
                          st.booleans(), st.integers(0, 12)), min_size=1, max_size=8),
       st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.6, 1.0]))
@settings(max_examples=300, deadline=None)
def test_the_guards_shortcut_answers_as_the_share_of_every_word(lines, limit):
    from cleaner.engine.page import _Page, _shared_within
    from cleaner.rules import Rule
    from cleaner.text.prose import taken_words, words

    rule = Rule(id="r", anchor="any", elements=(), site="s", path="p", line=1, shared=True)
    page = _Page([text for text, _, _ in lines])
    for i, (text, taken, keep) in enumerate(lines):
        if taken:  # a rule's keep group: the line's start
            page.fates[i] = ("removed", rule, text[:keep] or None)
    total = sum(map(words, page.lines))
    taken = sum(taken_words(text, fate[2]) for text, fate in zip(page.lines, page.fates) if fate)
    assert _shared_within(page, limit) == ((taken / total if total else 0.0) <= limit)


_FIXTURE_LINES = sorted({line for path in sorted((ROOT / "fixtures").rglob("*.input.txt"))
                         for line in path.read_text(encoding="utf-8").split("\n")})


@given(st.lists(st.sampled_from(_FIXTURE_LINES), min_size=1, max_size=60))
@settings(max_examples=150, deadline=None)
def test_the_anchored_rules_shortcuts_change_no_record(lines):
    # The anchored rules are offered only the lines the page's scan found holding their literals,
    # take lines for "any" elements unasked, and skip back-off places where a required element
    # cannot start (plan.Needs, match's only/free). Without any of it: the same record, on pages
    # made of the fixtures' lines (headings, menus, comment blocks, prose) in any order.
    from cleaner.engine import plan

    text = "\n".join(lines)
    fast = Cleaner().clean(text, kind="text").to_dict()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(plan.Needs, "lines", lambda self, page: {})  # every line offered, no rule skipped
        init = plan.Needs.__init__

        def unhelped(self, rule):
            init(self, rule)
            self.free = frozenset()  # every element asks its lines

        patch.setattr(plan.Needs, "__init__", unhelped)
        slow = Cleaner().clean(text, kind="text").to_dict()
    assert fast == slow


@given(st.integers(1, 40), st.lists(st.tuples(st.integers(0, 39), st.booleans()), max_size=60),
       st.lists(st.integers(0, 60), max_size=6))
@settings(max_examples=300, deadline=None)
def test_the_view_is_the_lines_no_rule_took_whoever_sets_a_fate(size, sets, asked):
    # The view is one list a page, brought up to date with the lines whose fate changed (the link
    # edges give a line back: None again); asked between any of the changes, it is every free line.
    from cleaner.engine.page import _Page
    from cleaner.rules import Rule

    rule = Rule(id="r", anchor="any", elements=(), site="s", path="p", line=1)
    page = _Page(["a line"] * size)
    for step, (i, taken) in enumerate(sets):
        page.fates[i % size] = ("removed", rule, None) if taken else None
        if step in asked:
            assert page.view() == [n for n, fate in enumerate(page.fates) if fate is None]
    assert page.view() == [n for n, fate in enumerate(page.fates) if fate is None]


def _gallery(figures: int) -> str:
    """An article of a few paragraphs and ``figures`` captioned images."""
    body = "".join((f"<p>Paragraph {k} of the gallery tells what the next photographs show, in a sentence.</p>"
                    if k % 50 == 0 else "")
                   + f'<figure><img src="/img/{k}.jpg" alt="photo {k}"><figcaption>caption {k}</figcaption></figure>'
                   for k in range(figures))
    end = "<p>The last paragraph of the gallery closes the article with a sentence.</p>"
    return f"<!DOCTYPE html><html><head><title>Gallery</title></head><body><article>{body}{end}</article></body></html>"


def test_a_galleries_lines_are_read_whole_a_few_times_a_page_not_once_a_figure():
    # The view of the free lines was built afresh for each figure's rule, and the figure lines for
    # each reading of the link edges: a page of 3,000 figures took seconds in its rules.
    from cleaner.engine import clean, page

    reads, given_figures = [], []
    edges = clean.link_edges

    def counted(self):
        reads.append(1)
        return list.__iter__(self)

    def recorded(page_, links, figures=frozenset()):
        given_figures.append(figures)
        return edges(page_, links, figures)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(page._Fates, "__iter__", counted)
        patch.setattr(clean, "link_edges", recorded)
        counts = []
        for figures in (200, 400):
            reads.clear()
            record = Cleaner().clean(_gallery(figures), kind="html")
            assert [c.text for c in record.captions] == [f"caption {k}" for k in range(figures)]
            counts.append(len(reads))
    assert counts[0] == counts[1] < 20
    assert len(given_figures) == 4 and given_figures[0] is given_figures[1] and given_figures[2] is given_figures[3]


def test_a_batch_of_literal_lines_offers_a_line_to_the_rules_naming_it_only():
    # Every rule of the batch was offered every line one of them named, and each asked in turn:
    # a gallery of 3,000 images with alt text only (a one-line rule each) asked 4.5 million times.
    from cleaner.engine.plan import Batch
    from cleaner.rules import Element, Rule

    def rule(n, *texts):
        return Rule(f"figure-{n}", "any", (Element("line", literals=frozenset(texts), dest="alt"),), "(html)", "(html)", 0)

    batch = Batch([rule(k, f"photo {k}") for k in range(300)] + [rule(300, "photo 7", "photo 8")])
    lines = ["photo 7", "", "a paragraph", "photo 299", "photo 8", "photo 7"]
    assert batch.candidates(lines, {}) == {0: [7, 300], 3: [299], 4: [8, 300], 5: [7, 300]}
    record = Cleaner().clean("<html><body><article><p>The harbour board met on Monday to vote on the plan.</p>"
                             + "".join(f"<figure><img src='{k}.jpg' alt='photo {k}'></figure>" for k in range(300))
                             + "<p>Work starts in the spring and takes two years.</p></article></body></html>",
                             kind="html")
    assert [c.alt for c in record.captions] == [f"photo {k}" for k in range(300)]


def test_a_category_line_says_its_label_with_a_colon():
    # 'Section 4 sets out …' (a law's text wrapped at a fixed width) and 'Section 5: Voting' (a
    # heading) are the text's; 'Categories: …' and 'Posted in …' are the page's.
    rules_alone = Cleaner(generic="off")
    text = ("The bill was read a second time on Tuesday, the clerk said.\n\n"
            "Section 4 sets out the short title of the Bill and the collective\n"
            "citation of the Acts it amends, as the committee asked.\n\nSection 5: Voting\n\n"
            "Members vote by show of hands unless a count is asked for.")
    assert rules_alone.clean(text).text.split() == text.split()
    for line, categories in (("Categories: Politics, Law", ["Politics", "Law"]), ("Posted in Politics", ["Politics"])):
        record = rules_alone.clean(text + "\n\n" + line)
        assert record.metadata["categories"] == categories and record.text.split() == text.split()


def test_a_byline_with_its_outlet_after_a_slash_is_the_author_not_the_title(cleaner):
    # 'By NAME / OUTLET' stood above the text as the page's title (the edge rule's headline).
    for line, author in (("By Jane Doe / Reuters", "Jane Doe"), ("By JANE DOE/AP", "JANE DOE")):
        page = line + "\n\nThe council met on Tuesday and approved the budget for the coming year, officials said."
        record = cleaner.clean(page)
        assert record.metadata["authors"] == [author] and record.metadata["title"] is None
        assert record.text.startswith("The council met")


def _post_with_comments(n: int) -> str:
    comments = "\n\n".join(f"reader{k} says:\nMay 2, 2024 at 9:{k:02d} am\n\nI had the same trouble with my "
                           f"own tomatoes this spring, number {k}, and the fleece saved them.\n\nReply"
                           for k in range(n))
    return ("Posted by Ana Ruiz on May 1, 2024\n\nThe late frost took half of the seedlings on the allotment, "
            "but the ones under fleece came through without a mark.\n\nNext year every bed gets a cover "
            "until the middle of May, whatever the forecast says.\n\nThe fleece cost less than a tray of "
            "plants from the garden centre, and it folds away into a drawer for the rest of the year.\n\n"
            "I will sow the beans again next week, a fortnight later than usual, and hope for a kinder June.\n\n"
            "Share this:\n\n"
            f"{n} responses to “A late frost”\n\n{comments}\n\nLeave a Reply Cancel reply")


def test_a_comment_section_under_its_wordpress_heading_goes_to_the_foot():
    result = Cleaner(generic="off").process(_post_with_comments(1))
    assert not result.guarded
    assert result.record.text.split("\n\n") == [
        "The late frost took half of the seedlings on the allotment, but the ones under fleece came through "
        "without a mark.",
        "Next year every bed gets a cover until the middle of May, whatever the forecast says.",
        "The fleece cost less than a tray of plants from the garden centre, and it folds away into a drawer "
        "for the rest of the year.",
        "I will sow the beans again next week, a fortnight later than usual, and hope for a kinder June."]


def test_the_guard_undoes_an_open_block_before_the_other_shared_rules():
    # A short post under a long thread: the comment block would take most of the page's words. The
    # guard undoes the block (the least certain taking: one heading sets it off over the rest of the
    # page), not the byline or the share heading as well.
    result = Cleaner(generic="off").process(_post_with_comments(12))
    assert result.guarded == "blocks"
    assert result.record.metadata["authors"] == ["Ana Ruiz"]
    assert "Share this:" not in result.record.text
    assert "reader11 says:" in result.record.text


def test_the_guard_keeps_the_edges_when_undoing_the_open_block_is_enough():
    # The same page under a menu and over a footer: the block alone is undone, and the edge rules
    # still take the menu and the footer (undoing them first was not enough).
    menu = "Allotment Notes\nFront\nPlots\nDiary\nWeather\n\nA late frost\n\n"
    footer = "\n\nOur allotment society\nPlot waiting list\nCommittee minutes\n"
    result = Cleaner(generic="off").process(menu + _post_with_comments(12) + footer)
    assert result.guarded == "blocks"
    kept = result.record.text
    assert "reader11 says:" in kept and "Plots" not in kept and "Committee minutes" not in kept
    assert result.record.metadata["title"] == "A late frost"


_LONGER_POST = ("The allotment society met on Saturday to count the losses. Of the forty plots on the hill, "
                "thirty lost their early potatoes, and most lost their beans as well, though the brassicas "
                "stood up to it better than anyone had expected.\n\n"
                "The society's secretary, who has kept the rain gauge by the gate for twenty years, said it was "
                "the latest hard frost he had recorded, three weeks after the usual last one, and that the "
                "ground had been dry enough for the cold to reach the roots.\n\n"
                "Members agreed to buy fleece in bulk next spring, and to keep a list by the shed of who can "
                "cover a neighbour's beds when a frost is forecast and the plot holder is away.\n\n")


def test_a_long_thread_under_an_article_goes_and_the_guard_does_not_act():
    # The same thread under a post of some length: the words no rule took above the heading (an
    # article) vouch for the block, so the guard weighs the page above it and the thread goes, however
    # long (before, the block took over 60% of the page's words and was undone).
    page = _post_with_comments(12)
    head, tail = page.split("Share this:")
    result = Cleaner(generic="off").process(head + _LONGER_POST + "Share this:" + tail)
    assert not result.guarded
    kept = result.record.text
    assert "Members agreed to buy fleece" in kept and "hope for a kinder June." in kept
    assert "says:" not in kept and "number 11" not in kept and "responses to" not in kept


@pytest.mark.parametrize("counter", [
    lambda k: f"Comments ({2 + 3 * k})",
    lambda k: "1 Comment" if k == 0 else f"{3 * k} Comments",  # WordPress: one, then many
    lambda k: "1 Response" if k == 0 else f"{3 * k} Responses",
    lambda k: "1 comment:" if k == 0 else "No comments:" if k % 2 else f"{k} comments:",  # Blogger
], ids=["brackets", "one-many", "response-responses", "blogger"])
def test_a_counter_under_every_post_of_a_front_page_is_no_comment_section(counter):
    # A blog's front page: 'Comments (2)' under the first post heads no thread, as 'Comments (5)'
    # under the next shows (the same heading, numbers aside, inside the block): the guard undoes the
    # block, and the posts below stay, however much text stands above the first counter. A count of
    # one ('1 Comment') or none ('No comments:') is a count as well.
    first = _LONGER_POST + ("The spring show is on the second Saturday of June, and entries close a week "
                            "before: vegetables, flowers, preserves and a photograph of the plot, in any state.")
    posts = [first.strip()] + [
        f"The {what} was {done} this week, and the committee thanks the members who gave up their "
        f"Saturday to do it, and the shop in the high street that gave the {gift} for nothing."
        for what, done, gift in (("water trough", "mended", "pipe"), ("shed roof", "felted", "felt"),
                                 ("gate", "rehung", "hinges"), ("path", "gravelled", "gravel"),
                                 ("hedge", "laid", "stakes"), ("compost bay", "rebuilt", "pallets"))]
    page = "".join(f"{post}\n\nPosted by Ana at 9:{k}0 AM\n{counter(k)}\n\n" for k, post in enumerate(posts))
    result = Cleaner(generic="off").process(page)
    assert result.guarded == "blocks"
    kept = result.record.text
    assert "The water trough was mended" in kept and "gave the pallets for nothing." in kept


def test_a_comment_heading_names_the_post_in_quotes_to_the_end_of_its_line():
    # WordPress's heading is the count and the post's title in quotes, alone on its line; a line of
    # a paragraph wrapped at a fixed width may begin as one does ('One response to “the crisis”, as
    # …') and heads no comment block: the article's last paragraphs stay.
    paragraphs = ["The strike began on a Monday, when the drivers of the city's buses walked out over pay.",
                  "The government's first offer was three per cent, which the unions turned down within the hour.",
                  "A second offer, of four per cent and a one-off payment, was rejected by two to one in March.",
                  "Across the country the strikes were met with more sympathy than ministers had expected.\n"
                  "One response to “the crisis”, as the newspapers called it, was a wave of strikes\n"
                  "by nurses and teachers, who had their own complaints about pay and staffing.",
                  "Readers sent us their views on the strike, and we print some of them below. Their\n"
                  "12 thoughts on the strike range from anger at the unions to anger at the ministers",
                  "By the summer the government had given way, and the drivers went back to work in June."]
    text = "\n\n".join(paragraphs)
    rules_alone = Cleaner(generic="off")
    assert rules_alone.clean(text).text.split() == text.split()  # (each line a paragraph of its own)
    result = rules_alone.process(text + "\n\n2 responses to “The long strike”\n\nAna says:\n\nWell put.")
    assert result.record.text.split() == text.split() and not result.guarded


def test_an_alt_text_under_a_figure_echoes_its_caption():
    # A dump prints an image's caption, its credit and then its alt text: the caption's words, or
    # some of them. The alt line joins the caption record (the shared figure rule's `echo`); a line
    # under a credit that repeats nothing of the caption is the text's.
    paragraph = "The expedition returned to port on Sunday after a year frozen into the ice, its crew said."
    for alt in ("Skiers holding flares", "skiers holding flares make their way down a slope", "a slope"):
        page = (f"{paragraph}\n\nSkiers holding flares make their way down a slope\n© Flickr / Stefan Gruber\n{alt}\n\n"
                f"{paragraph.replace('Sunday', 'Monday')}")
        record = Cleaner(generic="off").clean(page)
        assert record.captions[0].to_dict() | {"position": 0} == {
            "text": "Skiers holding flares make their way down a slope", "credit": "© Flickr / Stefan Gruber",
            "alt": alt, "position": 0}
        assert alt not in record.text.split("\n\n")
    page = (f"{paragraph}\n\nSkiers holding flares make their way down a slope\n© Flickr / Stefan Gruber\n"
            f"Mountain rescue teams were on standby, but no injuries were reported.\n\n{paragraph}")
    record = Cleaner(generic="off").clean(page)
    assert record.captions[0].alt is None
    assert "Mountain rescue teams were on standby, but no injuries were reported." in record.text.split("\n\n")


def test_a_comment_count_with_its_number_after_heads_the_comment_section():
    # 'Comments 34' (the Daily Mail's): the count after the word, as 'Comments (34)' has it in brackets.
    page = _post_with_comments(1).replace("1 responses to “A late frost”", "Comments 34")
    result = Cleaner(generic="off").process(page)
    assert "says:" not in result.record.text and "Comments 34" not in result.record.text
    assert result.record.text.endswith("hope for a kinder June.")
