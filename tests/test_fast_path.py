"""The normaliser's fast path gives exactly what ftfy gives: a differential test, on generated text
and on a corpus of real damage (mojibake, controls, surrogates, escapes, every Unicode space)."""

import unicodedata

import ftfy
from hypothesis import given, settings, strategies as st

from cleaner.text.normalize import AGGRESSIVE, CONSERVATIVE, repair

CONFIGS = [CONSERVATIVE.ftfy, AGGRESSIVE.ftfy]

CORPUS = [
    "Donâ€™t stop", "CafÃ© au lait", "â€œquotedâ€\x9d", "Ã©tÃ©", "РїСЂРёРІРµС‚", "Ã¡rvÃ­z",
    "The Mona Lisa doesnâ€™t have eyebrows.", "Ã¢â‚¬â„¢ twice", "\x93smart\x94 C1", "\x80 euro?",
    "caf\u00e9\u00a0\u00a0crème", "line one\r\nline two\rthree\u2028four\u2029five\x85six",
    "\x1b[31mred\x1b[0m", "nul\x00byte\x07bell", "bom\ufeffin the middle", "\ud83d\ude00 paired? no: \ud800",
    "&amp; &lt;b&gt; &eacute;", "a < b & c", "<p>&amp;</p>", "R&D and AT&T", "R&D; &nosuch; &nTILDE; &#39;",
    "&&amp;;", "Q&A: & alone &", "Ｆｕｌｌ width ﬁ ligature", "x\u00ady soft",
    "e\u0301 decomposed", "\u3000ideographic\u2003em\u2009thin\u202fnarrow\u205fmath", "日本語のテキスト。",
    "한국어 텍스트", "£5 “quoted” ×3 ©2019 €10 «guillemets» — dash … ellipsis",
    "»£ ×“ ”¥ €©", "Mixed: naïve café Ünïcode ŁÓDŹ Ελληνικά Русский עברית العربية",
    # ftfy's badness pattern has one anchor, '^[ÃÂ] ': a segment meets it at its start.
    "ok line\nÃ followed", "first\nÂ after a newline", "Â at the very start",
]


def test_fast_path_equals_ftfy_on_the_corpus():
    for config in CONFIGS:
        for text in CORPUS:
            for sample in (text, text + "\n" + text, "plain ascii line\n" + text + "\nand after"):
                assert repair(sample, config) == ftfy.fix_text(sample, config), repr(sample)


def test_the_html_switch_carries_from_line_to_line():
    # ftfy stops unescaping HTML for good once a line holds "<".
    text = "&amp; first\n<b>tag</b>\n&amp; after"
    for config in CONFIGS:
        assert repair(text, config) == ftfy.fix_text(text, config)


ALPHABET = st.sampled_from(
    list("ab AZ09.,;:!?'\"&<>-\n\t\r") + list("\u00a0‘’“”–—…•°±·′″‹›«»£¥©×€áöñÄ")
    + list("éÃâ€™ÂœžŸ\x80\x93\x9d") + list("РСЂї") + list("日本語テ한") + ["\u2028", "\x00", "\x1b", "\ufeff", "\u00ad"]
    + ["&amp;", "&#39;", "&EACUTE;", "&nosuch;", ";"]  # entities ftfy unescapes, and some it does not
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_fast_path_equals_ftfy_on_generated_text(text):
    for config in CONFIGS:
        assert repair(text, config) == ftfy.fix_text(text, config)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.lists(ALPHABET, max_size=12).map("".join), max_size=40).map("\n".join), st.sampled_from([1, 2, 3, 16]))
def test_blocks_of_lines_equal_ftfy(text, block):
    # Long texts are tested a block of lines at a time; small blocks put their edges everywhere.
    from cleaner.text import normalize

    old, normalize._BLOCK = normalize._BLOCK, block
    try:
        for config in CONFIGS:
            assert repair(text, config) == ftfy.fix_text(text, config)
    finally:
        normalize._BLOCK = old


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=60))
def test_fast_path_equals_ftfy_on_any_text(text):
    assert repair(text, CONSERVATIVE.ftfy) == ftfy.fix_text(text, CONSERVATIVE.ftfy)


def test_every_unicode_space_is_in_the_corpus_and_agrees():
    spaces = "".join(chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Zs")
    text = f"a{spaces}b\n{spaces}"
    assert repair(text, CONSERVATIVE.ftfy) == ftfy.fix_text(text, CONSERVATIVE.ftfy)


# The screen before ftfy's is_bad: derived from ftfy's own pattern, and necessary for it.
from ftfy.badness import is_bad  # noqa: E402

from cleaner.text.normalize import _MOJIBAKE  # noqa: E402

MOJIBAKE_CHARS = sorted(set(_MOJIBAKE.pattern) - set("[]|\\")) if _MOJIBAKE is not None else []


def test_the_mojibake_screen_is_derived_from_this_ftfy():
    assert _MOJIBAKE is not None  # otherwise every non-ASCII line pays for ftfy's full test
    assert _MOJIBAKE.search("it’s “quoted” — and ©2019") is None  # lone marks between ASCII
    assert _MOJIBAKE.search("Donâ€™t") is not None


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(MOJIBAKE_CHARS + list("aZ .,!?-\n°²³") or ["a"]), max_size=12).map("".join))
def test_what_is_bad_passes_the_screen(text):
    if is_bad(text):
        assert _MOJIBAKE.search(text) is not None, repr(text)


# The whole-text screens run on ``_unusual(text)``: runs of plain ASCII made one space. They must find
# there exactly what they find in the text, or the fast path would send a text the wrong way.
from cleaner.text.normalize import _RARE, _TOUCHED, _has_rare, _unusual  # noqa: E402

UNUSUAL_ALPHABET = st.sampled_from(
    MOJIBAKE_CHARS + list("a .\n\t\f\r\x0b\x01\x1c\x7f\x85\x9d\u2028\ufeff\u00a0\u3000\u00ad\u2009\u200a\u200b\u1680\u202f\u205f’“”©é")
    + ["\ud800", "\udfff"]
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(UNUSUAL_ALPHABET, max_size=16).map("".join))
def test_the_screens_find_in_the_unusual_characters_what_they_find_in_the_text(text):
    rest = _unusual(text)
    for screen in (_MOJIBAKE, _TOUCHED):
        assert (screen.search(rest) is None) == (screen.search(text) is None), (screen.pattern[:40], repr(text))
    assert _has_rare(text) == (_RARE.search(text) is not None), repr(text)
