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


def fix_spaces(text: str) -> str:
    """Unicode spaces to plain spaces, invisible junk removed, runs of spaces collapsed."""
    return _SPACES.sub(" ", text.translate(_TRANSLATE))


def strip_lines(text: str) -> str:
    return "\n".join(line.strip() for line in text.split("\n"))


def normalize(text: str, profile: Profile = CONSERVATIVE) -> str:
    """The full repair of one document's text; lines are separated by ``\\n``."""
    text = ftfy.fix_text(text, profile.ftfy)
    text = strip_lines(fix_spaces(text))
    # Deleting a soft hyphen can leave a combining mark next to a new base character.
    form = profile.ftfy.normalization
    if form and not unicodedata.is_normalized(form, text):
        text = unicodedata.normalize(form, text)
    return text
