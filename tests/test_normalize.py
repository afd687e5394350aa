import codecs
import re
import unicodedata

import pytest
from hypothesis import given, settings, strategies as st

from cleaner.text.normalize import AGGRESSIVE, CONSERVATIVE, DecodeError, decode, normalize, repair


def test_mojibake_is_repaired():
    assert normalize("Donâ€™t Stop") == "Don’t Stop"


def test_quotes_widths_and_ligatures_are_kept():
    text = "“curly” ‘quotes’ ﬁne ＡＢＣ"
    assert normalize(text) == text


def test_every_unicode_space_becomes_a_plain_space():
    spaces = ["\u00a0", "\u1680", "\u202f", "\u205f", "\u3000"] + [chr(c) for c in range(0x2000, 0x200B)]
    for space in spaces:
        assert normalize(f"a{space}b") == "a b", hex(ord(space))


def test_invisibles_go_but_joiners_stay():
    assert normalize("zero\u200bwidth soft\u00adhyphen \ufeffbom") == "zerowidth softhyphen bom"
    assert normalize("a\u200db\u200cc") == "a\u200db\u200cc"


def test_spaces_collapse_and_lines_are_stripped():
    assert normalize("   a  \t b   \n\n  c\u00a0 ") == "a b\n\nc"


def test_line_breaks_are_unified():
    assert normalize("a\r\nb\rc\u2028d") == "a\nb\nc\nd"


def test_controls_and_terminal_escapes_go():
    assert normalize("a\x00b\x1b[31mred\x1b[0m\x07") == "abred"


def test_c1_control_as_windows_1252():
    # A C1 control that stands for a Windows-1252 character is repaired to that character.
    assert normalize("\x93quoted\x94") == "“quoted”"


def test_nfc():
    assert normalize("e\u0301") == "\u00e9"


def test_soft_hyphen_before_combining_mark_stays_nfc():
    assert normalize("e\u00ad\u0301") == "\u00e9"


def test_idempotent_on_examples():
    for text in ["Donâ€™t", "a\u00a0\u00a0b", "x\u200by", "“q”", "caf\u00e9"]:
        once = normalize(text)
        assert normalize(once) == once


def test_aggressive_profile_uncurls_and_folds():
    assert normalize("“q” ’s ﬁ ＡＢＣ", AGGRESSIVE) == '"q" \'s fi ABC'


def test_decode_utf8_and_boms():
    assert decode("é".encode()) == "é"
    assert decode(codecs.BOM_UTF8 + "é".encode()) == "é"
    assert decode("é ü".encode("utf-16")) == "é ü"
    assert decode("é ü".encode("utf-32")) == "é ü"


@pytest.mark.parametrize("text, encoding", [
    ("Le café où l'on s'arrête, déjà très fréquenté, était plein à craquer.", "cp1252"),
    ("Grüße aus München: die schöne Straße am Fluss ist gesperrt.", "latin-1"),
    ("Президент России заявил в четверг, что переговоры продолжатся на следующей неделе.", "cp1251"),
])
def test_decode_falls_back_to_detection(text, encoding):
    assert decode(text.encode(encoding)) == text


@pytest.mark.parametrize("stray", [b"\xff", b"\xe9", b"\xc3", b"\x80\x80"])
def test_utf8_with_a_stray_byte_stays_utf8(stray):
    # A scraped page is UTF-8 with a byte broken far more often than it is in a legacy encoding:
    # one bad byte must not turn every accent of the page into mojibake by a detector's guess.
    text = "Le café de la gare est fermé. Ça va être long — très long. Über naïve façade. " * 20
    cut = text.index(" ", 500)  # (a stray byte before a space: no continuation byte for it to take)
    data = text[:cut].encode() + stray + text[cut:].encode()
    assert decode(data) == text[:cut] + "\ufffd" * len(stray) + text[cut:]


def test_decode_never_raises_anything_but_decode_error():
    for data in [bytes(range(256)), b"\xff" * 7, b"\x81\x8d\x8f\x90\x9d" * 5]:
        try:
            assert isinstance(decode(data), str)
        except DecodeError:
            pass


SPACES = {c for c in map(chr, range(0x110000)) if unicodedata.category(c) == "Zs"} | set("\t\v\f")


def _step_by_step(text: str) -> str:
    """What normalise does after ftfy, one step at a time, as the module documents it: Unicode
    spaces to a space, invisibles deleted, runs of spaces collapsed, then every line stripped."""
    text = "".join(" " if c in SPACES else "" if c in "\u200b\ufeff\u00ad" else c for c in text)
    text = re.sub(" {2,}", " ", text)
    return unicodedata.normalize("NFC", "\n".join(line.strip() for line in text.split("\n")))


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(list("ab .\n\t\v\f\u00a0\u2003\u3000\u200b\u00ad\u0301\x1c\x85é’")), max_size=30).map("".join))
def test_spaces_and_lines_as_documented(text):
    assert normalize(text) == _step_by_step(repair(text, CONSERVATIVE.ftfy))
