"""``cleaner suggest``: a site's rule file, proposed from a dump of its pages.

Chrome is what recurs across a site's pages and rarely inside its prose. From the pages' lines (as
the rules will see them) this proposes:

- lines that recur verbatim on a share of the pages: dropped; anchored at the top or the bottom when
  they stand in the run of recurring lines that opens or closes nearly every page they occur on,
  floating otherwise (sitewide promos, "Get short URL");
- line shapes that recur where the lines themselves vary (digits, times, months: a header clock, an
  "(1881)" counter): a regular expression each;
- at the foot, a tag line (a comma-separated list) and a block of related headlines directly above
  the recurring closing lines: one bottom template, which reads them into ``tags`` and ``related``;
- figures: recurring credit lines ("© Agency / Name", "Photo: …") become a caption template
  (caption line, credit line, optional alt line) and a rule for a credit on its own.

Every rule carries its support (on how many pages, where), an example, and status "experimental".
A rule that would match a line seen on only one page is never proposed.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import regex

from cleaner.prose import is_prose

_DIGITS = regex.compile(r"\d+")
_MONTHS = regex.compile(r"(?i)\b(?:january|february|march|april|may|june|july|august|september|october|"
                        r"november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b")
_CREDIT = regex.compile(r"(?:©|\(c\)|(?i:photo|image|picture|credit)s?\s*(?::|by)).{1,120}")
_TAGS = regex.compile(r"[^,:;?!]{1,60}(?:, ?[^,:;?!]{1,60}){1,30}")
_EDGE = 0.9  # a line is anchored when it stands in the edge run on this share of its pages
PREFIX_WORDS = 5


@dataclass
class Proposal:
    """One proposed rule, as TOML, with what supports it."""

    id: str
    toml: str
    support: int
    where: str
    example: str


@dataclass
class Suggestion:
    site: str
    pages: int
    proposals: list[Proposal] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)

    def toml(self, domains: list[str]) -> str:
        out = [f"# {self.site}: rules proposed by `cleaner suggest` from {self.pages} pages.",
               "# Every rule is experimental: read each one, test it on fixtures (cleaner test), then",
               "# mark it stable or delete it.", "",
               "[site]", f"name = {_s(self.site)}", f"domains = [{', '.join(_s(d) for d in domains)}]"]
        fingerprint = [p.example for p in self.proposals if p.id.startswith(("line-", "top-", "bottom-"))
                       and p.support >= 0.8 * self.pages][:4]
        if fingerprint:
            out.append(f"fingerprint = [{', '.join(_s(f) for f in fingerprint)}]")
        if self.fields:
            out += ["", "[fields]"] + [f"{name} = {spec}" for name, spec in self.fields.items()]
        for p in self.proposals:
            out += ["", f"# support: {p.support} of {self.pages} pages ({p.where}); example: {_comment(p.example)}",
                    p.toml]
        return "\n".join(out) + "\n"


def _s(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def _re(pattern: str) -> str:
    """A TOML string for a regular expression: literal when it can be, so backslashes stay single."""
    return f"'{pattern}'" if "'" not in pattern and "\n" not in pattern else _s(pattern)


def _comment(text: str) -> str:
    return _s(text if len(text) <= 80 else text[:79] + "…")


def shape(line: str) -> str | None:
    """The line with what varies from page to page generalised: digits and month names. None when
    nothing in it varies."""
    if not _DIGITS.search(line) and not _MONTHS.search(line):
        return None
    out, pos = [], 0
    for m in regex.finditer(r"\d+|" + _MONTHS.pattern, line):
        out.append(regex.escape(line[pos:m.start()], special_only=True, literal_spaces=True))
        out.append(r"\d{1,4}" if m.group().isdigit() else r"\p{L}+")
        pos = m.end()
    out.append(regex.escape(line[pos:], special_only=True, literal_spaces=True))
    return "".join(out)


def suggest(pages: list[list[str]], site: str, min_share: float = 0.3) -> Suggestion:
    """Propose rules from the pages' normalised lines (blank lines included, as the engine sees them)."""
    n = len(pages)
    need = max(2, math.ceil(min_share * n))
    texts = [[line for line in page if line] for page in pages]
    support = Counter(line for page in texts for line in set(page))
    recurring = {line for line, k in support.items() if k >= need}

    # Shapes: lines that vary but share a shape on enough pages (never a line on one page only):
    # the whole line's shape, or, where the end varies too ('Posted on May 3, 2017 by Jane Doe'),
    # the shape of its first words with any ending.
    shapes: dict[str, set[str]] = defaultdict(set)
    shape_pages: Counter = Counter()
    for page in texts:
        seen = set()
        for line in page:
            if line in recurring or is_prose(line) or not (s := shape(line)):
                continue
            words = line.split(" ")
            keys = [s]
            if len(words) > PREFIX_WORDS:
                head = " ".join(words[:PREFIX_WORDS])
                keys.append((shape(head) or regex.escape(head, special_only=True, literal_spaces=True)) + " .+")
            for key in keys:
                if key and not key.startswith(" "):
                    shapes[key].add(line)
                    seen.add(key)
        shape_pages.update(seen)
    shaped = {s for s, k in shape_pages.items() if k >= need and len(shapes[s]) >= 2}
    # A whole-line shape that a first-words shape already covers adds nothing.
    prefixes = [regex.compile(s) for s in shaped if s.endswith(" .+")]
    shaped = {s for s in shaped if s.endswith(" .+") or not all(any(p.fullmatch(l) for p in prefixes) for l in shapes[s])}
    pattern_of = {s: regex.compile(s) for s in shaped}

    def chrome(line: str) -> bool:
        return line in recurring or any(p.fullmatch(line) for p in pattern_of.values())

    # Where each recurring line or shape stands: in the run of chrome that opens or closes the page?
    place: dict[str, Counter] = defaultdict(Counter)
    for page in texts:
        top = 0
        while top < len(page) and chrome(page[top]):
            top += 1
        bottom = len(page)
        while bottom > top and chrome(page[bottom - 1]):
            bottom -= 1
        for k, line in enumerate(page):
            key = line if line in recurring else next((s for s, p in pattern_of.items() if p.fullmatch(line)), None)
            if key is not None:
                place[key]["top" if k < top else "bottom" if k >= bottom else "body"] += 1

    result = Suggestion(site, n)
    # Photo credits vary from page to page; a credit-like line that recurs verbatim ('© 2024
    # Example News') is the site's own footer, and goes with the recurring lines.
    def credit(line: str) -> bool:
        return line not in recurring and _CREDIT.fullmatch(line) is not None

    credits = [line for page in texts for line in page if credit(line)]
    credit_pages = sum(1 for page in texts if any(credit(line) for line in page))

    def where(key: str) -> str:
        counts = place[key]
        total = sum(counts.values())
        for edge in ("top", "bottom"):
            if counts[edge] >= _EDGE * total:
                return edge
        return "any"

    footer = _foot(pages, recurring, need)
    bottom_lines = sorted((l for l in recurring if where(l) == "bottom"), key=lambda l: (-support[l], l))
    n_rule = Counter()
    for line in sorted(recurring, key=lambda l: (-support[l], l)):
        if footer and line in bottom_lines:
            continue  # the foot has its template
        anchor = where(line)
        n_rule[anchor] += 1
        rid = {"top": "top", "bottom": "bottom", "any": "line"}[anchor] + f"-{n_rule[anchor]}"
        toml = f'[[rule]]\nid = "{rid}"\n' + (f'anchor = "{anchor}"\n' if anchor != "any" else "")
        toml += f"line = {_s(line)}\ndrop = true\nstatus = \"experimental\""
        result.proposals.append(Proposal(rid, toml, support[line], f"{place[line]['top']} top, "
                                         f"{place[line]['body']} within, {place[line]['bottom']} bottom", line))
    for k, s in enumerate(sorted(shaped, key=lambda s: -shape_pages[s]), 1):
        anchor = where(s)
        rid = f"shape-{k}"
        toml = f'[[rule]]\nid = "{rid}"\n' + (f'anchor = "{anchor}"\n' if anchor != "any" else "")
        toml += f"re = {_re(s)}\ndrop = true\nstatus = \"experimental\""
        example = sorted(shapes[s])[0]
        result.proposals.append(Proposal(rid, toml, shape_pages[s], f"{len(shapes[s])} different lines, "
                                         f"mostly at the {anchor if anchor != 'any' else 'middle'}", example))
    if footer:
        result.fields.update({"related": '{ type = "list" }', "tags": '{ type = "list", sep = "," }'})
        widgets = ", ".join(_s(l) for l in bottom_lines)
        toml = ('[[rule]]\nid = "footer"\nanchor = "bottom"\nstatus = "experimental"\nlines = [\n'
                '  { any = true, field = "related", repeat = [0, 10] },\n'
                "  { re = " + _re(_TAGS.pattern) + ', field = "tags", optional = true, gap = false },\n'
                f"  {{ line = [{widgets}], drop = true, repeat = [1, {max(1, len(bottom_lines))}], gap = false }},\n]")
        result.proposals.append(Proposal("footer", toml, footer, "bottom: related headlines, a tag line, "
                                         "then the closing lines", bottom_lines[0]))
    if credit_pages >= need and len(set(credits)) >= 2:
        lead = Counter(c.split()[0] for c in credits).most_common(1)[0][0]
        credit_re = regex.escape(lead, special_only=True) + r"\s*\S.{0,120}"
        toml = ('[[rule]]\nid = "figure"\nstatus = "experimental"\nlines = [\n'
                '  { any = true, role = "caption" },\n'
                f'  {{ re = {_re(credit_re)}, role = "credit", gap = false }},\n'
                '  { any = true, role = "alt", optional = true, gap = false },\n]\n\n'
                f'[[rule]]\nid = "credit"\nstatus = "experimental"\nre = {_re(credit_re)}\nrole = "credit"')
        result.proposals.append(Proposal("figure", toml, credit_pages, f"{len(credits)} credit lines",
                                         credits[0]))
    return result


def _foot(pages: list[list[str]], recurring: set[str], need: int) -> int:
    """On how many pages a tag line stands right above the closing run of recurring lines, with a
    block of headlines (lines with no blank between them) right above it."""
    count = 0
    for page in pages:
        k = len(page) - 1
        while k >= 0 and (not page[k] or page[k] in recurring):
            k -= 1
        if k < 1 or not page[k] or page[k + 1: k + 2] == [""] or not _TAGS.fullmatch(page[k]):
            continue
        block = 0
        j = k - 1
        while j >= 0 and page[j] and not is_prose(page[j]) and page[j] not in recurring:
            block += 1
            j -= 1
        count += block >= 1
    return count if count >= need else 0
