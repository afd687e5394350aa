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
import re
import re._constants as _sre
import re._parser as _parser
import unicodedata
from dataclasses import dataclass

import ftfy
from ftfy.badness import is_bad
from ftfy.chardata import HTML_ENTITY_RE

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
_SPACES = re.compile(" {2,}")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes) -> str:
    """Bytes to text: a BOM's encoding, else UTF-8, else UTF-8 with a few broken bytes (each
    becomes U+FFFD), else the charset detector's guess.

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
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return damaged
    import chardet  # only needed off the common path

    encoding = chardet.detect(data)["encoding"]
    try:
        return data.decode(encoding)
    except (TypeError, LookupError, UnicodeDecodeError):
        raise DecodeError("cannot decode the input: not UTF-8, and no encoding was detected") from None


_BROKEN = re.compile("[\udc80-\udcff]")  # the bytes UTF-8 could not read, as surrogateescape keeps them
_NON_ASCII = re.compile("[^\x00-\x7f]")


def _damaged_utf8(data: bytes) -> str | None:
    """UTF-8 with a few broken bytes (a page cut mid-character, a stray byte: the commonest damage
    in scraped text), each as U+FFFD; None when the bytes look like another encoding. In a legacy
    encoding, non-ASCII bytes almost never form valid UTF-8 sequences: twice as many characters
    read as UTF-8 as bytes that are not say UTF-8."""
    text = data.decode("utf-8", "surrogateescape")
    broken = len(_BROKEN.findall(text))
    read = len(_NON_ASCII.findall(text)) - broken
    return _BROKEN.sub("\ufffd", text) if read >= 2 * broken else None


# What ftfy's steps act on, besides mojibake: C0 and C1 controls (but tab, newline and form feed),
# line and paragraph separators, terminal escapes, the invisible format characters its
# remove_control_chars deletes, and lone surrogates.
_TOUCHED = re.compile(
    "[\x00-\x08\x0b\x0d-\x1f\x7f-\x9f\u2028\u2029\u206a-\u206f\ufeff\ufff9-\ufffc\ud800-\udfff]"
)


def _mojibake_screen() -> re.Pattern | None:
    """A cheap test that every text ftfy's ``is_bad`` flags also passes, derived from ftfy's own
    pattern (one alternative per kind of mojibake, each a row of one-character classes): in each
    alternative, two neighbouring classes of non-ASCII characters only, or failing that one such
    class. Then ``[M][M]|[S]``, with M every non-ASCII character the pattern names and S the lone
    classes, is necessary for a match. Most lines with curly quotes or dashes have no two such
    characters side by side, and skip the costly test. None when the pattern is not of that
    shape (another ftfy): every non-ASCII segment then takes ftfy's own test."""
    from ftfy.badness import BADNESS_RE

    def chars(item) -> set[str] | None:
        op, av = item
        if op is _sre.LITERAL:
            return {chr(av)}
        if op is not _sre.IN:
            return None
        out: set[str] = set()
        for kind, arg in av:
            if kind is _sre.LITERAL:
                out.add(chr(arg))
            elif kind is _sre.RANGE:
                out.update(map(chr, range(arg[0], arg[1] + 1)))
            else:
                return None  # a category or a negated class: not a finite set
        return out

    def foreign(s: set[str] | None) -> bool:
        return bool(s) and all(ord(c) > 127 for c in s)

    if BADNESS_RE.flags & re.IGNORECASE:
        return None
    try:
        tree = _parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
    except Exception:  # noqa: BLE001 - a future ftfy's pattern this parser cannot read
        return None
    top = tree.data
    branches = top[0][1][1] if len(top) == 1 and top[0][0] is _sre.BRANCH else [tree]
    named: set[str] = set()
    lone: set[str] = set()
    for branch in branches:
        sets = [chars(item) for item in branch.data]
        named.update(c for s in sets if s for c in s if ord(c) > 127)
        if any(foreign(a) and foreign(b) for a, b in zip(sets, sets[1:])):
            continue
        singles = [s for s in sets if foreign(s)]
        if not singles:
            return None
        lone.update(min(singles, key=len))
    klass = lambda cs: "[" + "".join(re.escape(c) for c in sorted(cs)) + "]"  # noqa: E731
    return re.compile(f"{klass(named)}{klass(named)}|{klass(lone)}")


_MOJIBAKE = _mojibake_screen()


def _maybe_bad(segment: str) -> bool:
    """ftfy's ``is_bad``, answered without it where its necessary condition fails."""
    if _MOJIBAKE is not None and _MOJIBAKE.search(segment) is None:
        return False
    return is_bad(segment)


# For bytes.translate: printable ASCII, tab, newline and form feed become a space; CR and VT, which
# ftfy acts on but bytes.split() takes for spaces, become another control (SOH).
_PLAIN = bytes([0x09, 0x0A, 0x0C, *range(0x20, 0x7F)])
_TO_SPACE = bytes(0x20 if b in _PLAIN else 0x01 if b in (0x0B, 0x0D) else b for b in range(256))


def _unusual(text: str) -> str:
    """The text with every run of plain ASCII (printable, tab, newline, form feed) made one space:
    usually a handful of characters. Every control and non-ASCII character is kept (CR and VT as
    SOH), and two such characters stand side by side here exactly when they do in the text, so a
    screen for them, or for pairs of non-ASCII ones, finds here what it finds in the text. Done in
    bytes, where each step is one C loop: a regular expression over the whole text costs several
    times as much."""
    data = text.encode("utf-8", "surrogatepass").translate(_TO_SPACE)
    return b" ".join(data.split()).decode("utf-8", "surrogatepass")


def _untouched(segment: str, unescape, screen=None) -> bool:
    """Would ftfy leave this segment as it is, but for normalising it? It would when no step has
    anything to act on: no HTML entity to unescape (an "&" alone, as in "R&D", it leaves), none of
    the characters above, and nothing its own mojibake test (``is_bad``) flags; its encoding fixer
    returns at once when that test fails.
    With a ``screen`` only the necessary condition of a flag is asked (for a whole text: a miss
    clears every line of it, a hit says nothing)."""
    if unescape and "&" in segment and HTML_ENTITY_RE.search(segment):  # what ftfy's unescape_html replaces
        return False
    rest = _unusual(segment)  # short, and _TOUCHED and the screens find in it what they would in the segment
    if _TOUCHED.search(rest) is not None:
        return False
    if segment.isascii():
        return True
    if screen is not None:
        return screen.search(rest) is None
    return not _maybe_bad(segment)


def repair(text: str, config: ftfy.TextFixerConfig) -> str:
    """``ftfy.fix_text(text, config)``, the same output, faster. ftfy fixes a text segment by
    segment (lines, ending in "\\n"); a segment none of its steps would act on only needs
    normalising, and that is checked with ftfy's own tests (``_untouched``). The one state ftfy
    carries from segment to segment, turning HTML unescaping off for good once a segment holds "<",
    is carried the same way here. Configurations that change quotes, widths or ligatures (the
    aggressive profile) go to ftfy whole."""
    if config.uncurl_quotes or config.fix_character_width or config.fix_latin_ligatures:
        return ftfy.fix_text(text, config)
    if (len(text) <= config.max_decode_length and (text.isascii() or _MOJIBAKE is not None)
            and _untouched(text, config.unescape_html, _MOJIBAKE)):
        # No segment holds anything ftfy would act on (a pair of characters the screen looks for
        # cannot straddle a line break); normalising the whole equals normalising each line.
        return _normal(text, config.normalization)
    out = []
    pos, end = 0, len(text)
    while pos < end:
        # A block of lines none of which ftfy would act on is normalised whole, as the text above
        # would be (a block passes the test only when every line of it would); else line by line.
        stop = pos
        for _ in range(_BLOCK):
            stop = text.find("\n", stop) + 1 or end
            if stop == end:
                break
        block = text[pos:stop]
        if (len(block) <= config.max_decode_length and (block.isascii() or _MOJIBAKE is not None)
                and _untouched(block, config.unescape_html, _MOJIBAKE)):
            if config.unescape_html == "auto" and "<" in block:  # no "&" in it: only what follows changes
                config = config._replace(unescape_html=False)
            out.append(_normal(block, config.normalization))
            pos = stop
            continue
        while pos < stop:
            brk = text.find("\n", pos) + 1 or end
            if brk - pos > config.max_decode_length:
                brk = pos + config.max_decode_length
            segment = text[pos:brk]
            if config.unescape_html == "auto" and "<" in segment:
                config = config._replace(unescape_html=False)
            if _untouched(segment, config.unescape_html):
                out.append(_normal(segment, config.normalization))
            else:
                out.append(ftfy.fix_and_explain(segment, config)[0])
            pos = brk
    return "".join(out)


_BLOCK = 16  # lines tested at once in a text that some line of fails the test


def _normal(text: str, form: str | None) -> str:
    return text if form is None or unicodedata.is_normalized(form, text) else unicodedata.normalize(form, text)


_RARE = re.compile("[" + "".join(c for c in map(chr, _TRANSLATE) if c != "\u00a0") + "]")


def fix_spaces(text: str) -> str:
    """Unicode spaces to plain spaces and invisible junk removed (runs of spaces are collapsed
    once the lines are stripped: the same result, and indented dumps no longer have a run on
    every line)."""
    text = text.replace("\u00a0", " ")  # by far the commonest; str.translate is slow
    return text.translate(_TRANSLATE) if _has_rare(text) else text


def _has_rare(text: str) -> bool:
    """``_RARE.search(text)``, answered on the text's unusual characters (tab, form feed and VT,
    which ``_unusual`` does not keep as themselves, are looked for directly)."""
    return "\t" in text or "\f" in text or "\v" in text or (
        not text.isascii() and _RARE.search(_unusual(text)) is not None)


def strip_lines(text: str) -> str:
    """Every line stripped, then runs of spaces inside lines collapsed to one."""
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _SPACES.sub(" ", text) if "  " in text else text


def normalize(text: str, profile: Profile = CONSERVATIVE) -> str:
    """The full repair of one document's text; lines are separated by ``\\n``."""
    text = repair(text, profile.ftfy)
    text = strip_lines(fix_spaces(text))
    # Deleting a soft hyphen can leave a combining mark next to a new base character.
    form = profile.ftfy.normalization
    if form and not unicodedata.is_normalized(form, text):
        text = unicodedata.normalize(form, text)
    return text
