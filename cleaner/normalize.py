"""Text normalisation: decoding and pure ``str -> str`` repairs.

The default profile is conservative, as corpus builders expect: repair what is broken, keep what
the author wrote. ftfy repairs mojibake, C1 controls, terminal escapes, surrogates and line breaks;
quotes stay curly and widths and ligatures stay as they are. After ftfy every Unicode space becomes
a plain space, invisible format characters that only get in the way (zero-width space, BOM, soft
hyphen) go, runs of spaces collapse and lines are stripped. ZWJ and ZWNJ stay: they change how
scripts such as Persian or emoji sequences render.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

import ftfy
import regex

__all__ = ["Profile", "CONSERVATIVE", "AGGRESSIVE", "PROFILES", "DecodeError", "decode", "normalize"]


class DecodeError(ValueError):
    """Bytes that no encoding explains."""


@dataclass(frozen=True)
class Profile:
    name: str
    ftfy: ftfy.TextFixerConfig


CONSERVATIVE = Profile(
    "conservative",
    ftfy.TextFixerConfig(
        uncurl_quotes=False,
        fix_character_width=False,
        fix_latin_ligatures=False,
        normalization="NFC",
        explain=False,
    ),
)

# Opt-in: straight quotes, and NFKC folds widths, ligatures and compatibility characters.
AGGRESSIVE = Profile(
    "aggressive",
    ftfy.TextFixerConfig(
        uncurl_quotes=True,
        fix_character_width=True,
        fix_latin_ligatures=True,
        normalization="NFKC",
        explain=False,
    ),
)

PROFILES = {p.name: p for p in (CONSERVATIVE, AGGRESSIVE)}

# Every space separator (category Zs: NBSP, U+1680, U+2000..U+200A, U+202F, U+205F, U+3000) and
# the in-line whitespace controls become a plain space; ZWSP, BOM and soft hyphen are deleted.
_ZS = "\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
_TRANSLATE = {ord(c): " " for c in _ZS}
_TRANSLATE.update({ord("\t"): " ", ord("\v"): " ", ord("\f"): " "})
_TRANSLATE.update({0x200B: None, 0xFEFF: None, 0x00AD: None})
_SPACES = regex.compile(" {2,}")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes) -> str:
    """Bytes to text: a BOM's encoding, else UTF-8, else the charset detector's guess.

    chardet, not charset-normalizer: on Western European text in Windows-1252, the web's commonest
    legacy encoding, charset-normalizer 3.5 answers cp1257 or cp1250 (see tests/test_normalize.py).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    import chardet  # only needed off the common path

    encoding = chardet.detect(data)["encoding"]
    try:
        return data.decode(encoding)
    except (TypeError, LookupError, UnicodeDecodeError):
        raise DecodeError("cannot decode the input: not UTF-8, and no encoding was detected") from None


# Characters ftfy's conservative configuration never changes, alone or side by side, except to
# normalise them: printable ASCII, common typographic punctuation, and scripts that no mojibake is
# made of (CJK, kana, Hangul). Not £ ¥ © × €, which ftfy reads as mojibake next to a quote, nor
# Latin-1 letters, Cyrillic, Greek, Hebrew or Arabic, the stuff of mis-decoded UTF-8.
# tests/test_fast_path.py holds this set to ftfy's own output.
_NEEDS_FTFY = regex.compile(
    "[^\t\n\x20-\x7e\u00a0\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u2022\u00b0\u00b1\u00b7"
    "\u2032\u2033\u2039\u203a\u00ab\u00bb\u3000-\u303f\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7a3]"
)


def repair(text: str, config: ftfy.TextFixerConfig) -> str:
    """``ftfy.fix_text(text, config)``, the same output, faster: ftfy fixes a text line by line
    (segments ending in "\\n"), and a line of characters it never changes only needs normalising.
    The one state ftfy carries from line to line, turning HTML unescaping off for good once a
    line holds "<", is carried the same way here. Configurations that change quotes, widths or
    ligatures (the aggressive profile) go to ftfy whole."""
    if config.uncurl_quotes or config.fix_character_width or config.fix_latin_ligatures:
        return ftfy.fix_text(text, config)
    if _NEEDS_FTFY.search(text) is None and (not config.unescape_html or "&" not in text):
        return _normal(text, config.normalization)
    out = []
    pos, end = 0, len(text)
    while pos < end:
        brk = text.find("\n", pos) + 1 or end
        if brk - pos > config.max_decode_length:
            brk = pos + config.max_decode_length
        segment = text[pos:brk]
        if config.unescape_html == "auto" and "<" in segment:
            config = config._replace(unescape_html=False)
        if _NEEDS_FTFY.search(segment) is None and (not config.unescape_html or "&" not in segment):
            out.append(_normal(segment, config.normalization))
        else:
            out.append(ftfy.fix_and_explain(segment, config)[0])
        pos = brk
    return "".join(out)


def _normal(text: str, form: str | None) -> str:
    return text if form is None or unicodedata.is_normalized(form, text) else unicodedata.normalize(form, text)


def fix_spaces(text: str) -> str:
    """Unicode spaces to plain spaces, invisible junk removed, runs of spaces collapsed."""
    return _SPACES.sub(" ", text.translate(_TRANSLATE))


def strip_lines(text: str) -> str:
    return "\n".join(line.strip() for line in text.split("\n"))


def normalize(text: str, profile: Profile = CONSERVATIVE) -> str:
    """The full repair of one document's text; lines are separated by ``\\n``."""
    text = repair(text, profile.ftfy)
    text = strip_lines(fix_spaces(text))
    # Deleting a soft hyphen can leave a combining mark next to a new base character.
    form = profile.ftfy.normalization
    if form and not unicodedata.is_normalized(form, text):
        text = unicodedata.normalize(form, text)
    return text
