"""Link lists at the edges of an HTML page's extracted text: menus above the article, site maps,
footer links and "related" lists under it, which extractors keep where a page is laid out in
tables or its links stand in paragraphs.

A line's link share is the part of its words that the page's links say, in the links' own word
runs (``Home | News | Contact`` is three links' words); words as cleaner counts them in any script
(a Han character is one). From each edge of the text, the lines no rule took (and what a rule
kept of a line as body) are read inward while they are mostly links' words; a run of two such
lines or more goes.
A single link line stays (a "click for the results" line under a headline), and so does every line
past the first that is not mostly links. The figures that set the share and the run are in
bench/README.md (issue 21).
"""

from __future__ import annotations

from cleaner.rules.model import CodeRule
from cleaner.text.prose import tokens
from cleaner.text.normalize import CONSERVATIVE, Profile, normalize

LINK_SHARE = 0.5  # a line is a link line when at least this share of its words are links' words
MIN_RUN = 2  # lines with words in a run at an edge, for the run to go
_LONGEST = 40  # words: a longer link is a passage, not a menu item

_LONGEST_TEXT = 100 * _LONGEST  # characters: past them a link's text is not read on (a passage)
# characters: a longer line is a passage or a layout table's whole text, never a menu, and is not
# read word by word (the longest link line on the 821 development pages has 2,686)
_LONGEST_LINE = 5000

LINK_EDGES = CodeRule(id="html:link-edges", anchor="any", elements=(), site="html",
                      path="cleaner/html/links.py", line=0)


def _text(a) -> str:
    """An anchor's text, or "" past ``_LONGEST_TEXT``: anchors nest, and reading each one's whole
    text would read a page of nested anchors once an anchor."""
    if not len(a):  # most anchors hold their text alone
        text = a.text or ""
        return text if len(text) <= _LONGEST_TEXT else ""
    parts, size = [], 0
    for chunk in a.itertext():
        size += len(chunk)
        if size > _LONGEST_TEXT:
            return ""
        parts.append(chunk)
    return "".join(parts)


def _words(text: str) -> tuple[str, ...]:
    """The text's words as cleaner counts them in any script (a Han character is one: a run of
    \\w in Chinese is a clause)."""
    return tuple(tokens(text.lower()))


class Links:
    """The word runs of a page's links, looked up by their first word."""

    def __init__(self, texts):
        self.runs: dict[str, set[tuple[str, ...]]] = {}
        for text in texts:
            words = _words(text)
            if 0 < len(words) <= _LONGEST:
                self.runs.setdefault(words[0], set()).add(words)
        self._lengths = {first: sorted({len(r) for r in runs}, reverse=True) for first, runs in self.runs.items()}
        self._edge: dict[str, float | None] = {}

    @classmethod
    def of(cls, tree, profile: Profile = CONSERVATIVE) -> "Links":
        """The links of a page's tree, their texts normalised as its lines are (soft hyphens out,
        one Unicode form): all at once, one text a line."""
        texts = "\n".join(" ".join(_text(a).split()) for a in tree.iter("a"))
        return cls(normalize(texts, profile).split("\n"))

    def share(self, line: str, bar: float = 0.0) -> float | None:
        """The share of the line's words that stand in a link's words, the longest link first at
        each word; None for a line without words. Under ``bar``, a bound under the bar may come
        back instead of the share: the walk stops once too many words stand outside links."""
        words = _words(line[:_LONGEST_LINE + 1])
        if len(line) > _LONGEST_LINE:  # never a menu; a wordless start does not make it an empty row
            return 0.0 if words or _words(line) else None
        if not words:
            return None
        outside = len(words) * (1 - bar)  # more words outside links than this: under the bar
        covered = missed = i = 0
        while i < len(words):
            step = next((n for n in self._lengths.get(words[i], ()) if n <= len(words) - i and words[i:i + n] in self.runs[words[i]]), 0)
            covered += step
            i += step or 1
            missed += not step
            if missed > outside:
                return (len(words) - missed) / len(words)
        return covered / len(words)

    def edge_share(self, line: str) -> float | None:
        """``share(line, LINK_SHARE)``, remembered: the edges are read before the rules and after."""
        if line not in self._edge:
            self._edge[line] = self.share(line, LINK_SHARE)
        return self._edge[line]


def link_edges(page, links: Links, figures: frozenset[str] = frozenset()) -> None:
    """Give the link runs at the edges of ``page`` (the engine's _Page) the fate ``removed``, and
    note each such line's link share in ``page.linked``. Lines a rule took are passed over, but for
    what a rule kept of one as body, read as a line is; a line without words (an empty table row)
    goes with the run it stands in; a figure's line (``figures``: the lines the page's figure rules
    take) ends a run, as body does. Nothing is taken from a page whose every line with words would
    go; after the rules, where the lines they left are all links, what the call before them took
    comes back."""
    # A figure's line ends a run also once its figure rule took it (the reading after the rules).
    read = [i for i, fate in enumerate(page.fates)
            if page.lines[i] and (fate is None or fate[2] or page.lines[i] in figures)]
    shares: dict[int, float | None] = {}

    def run(order) -> tuple[list[int], int | None]:
        """The run at this edge (its lines no rule took), and the line that is not mostly links
        that ended it (None: none did)."""
        taken = []
        for i in order:
            fate = page.fates[i]
            shares[i] = 0.0 if page.lines[i] in figures else links.edge_share(page.lines[i] if fate is None else fate[2])
            if shares[i] is not None and shares[i] < LINK_SHARE:
                return taken, i
            if fate is None:
                taken.append(i)
        return taken, None

    top, end = run(read)
    if end is None:  # nothing but links and empty rows: not a page to take all of
        for i, fate in enumerate(page.fates):  # (the call before the rules took some, the rules the rest)
            if fate is not None and fate[1] is LINK_EDGES:
                page.fates[i] = None
        page.linked.clear()
        return
    bottom, _ = run(reversed(read[read.index(end):]))
    for part in (top, bottom):
        if sum(shares[i] is not None for i in part) >= MIN_RUN:
            for i in part:
                page.fates[i] = ("removed", LINK_EDGES, None)
                if shares[i] is not None:
                    page.linked[i] = shares[i]
