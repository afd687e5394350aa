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

from cleaner.text.prose import is_prose
from cleaner.rules import RuleError, SiteRules, load_text
from cleaner.authoring.shapes import PATTERNS, key, normal, pattern

# A photo credit: "© Agency / Name", "Photo: Name/Agency", "Image by Name". Not "Picture: …", which
# on many sites opens a caption's text.
_CREDIT = regex.compile(r"(?:©|\(c\)|(?i:photo|image|credit)s?\s*(?::|by))\s*\S(?:[^.!?]{0,80}|.{0,40})")
_TAGS = regex.compile(r"[^,:;?!]{1,60}(?:, ?[^,:;?!]{1,60}){1,30}")
_EDGE = 0.9  # a line is anchored when it stands in the edge run on this share of its pages
SLOT_DEPTH = 12  # a line seen on few pages is chrome when it always stands at the same depth from an edge


@dataclass
class Proposal:
    """One proposed rule, as TOML, with what supports it."""

    id: str
    toml: str
    support: int
    where: str
    example: str
    literal: bool = False  # a one-line rule of one literal line
    examples: list[str] = field(default_factory=list)


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
        fingerprint = [p.example for p in self.proposals if p.literal and p.support >= 0.8 * self.pages][:4]
        if fingerprint:
            out.append(f"fingerprint = [{', '.join(_s(f) for f in fingerprint)}]")
        used = sorted({name for p in self.proposals for name in regex.findall(r"\{(\w+)\}", p.toml) if name in PATTERNS})
        if used:
            out += ["", "[patterns]  # what the shape rules' slots stand for (cleaner/authoring/shapes.py)"]
            out += [f"{name} = {_re(PATTERNS[name])}" for name in used]
        if self.fields:
            out += ["", "[fields]"] + [f"{name} = {spec}" for name, spec in self.fields.items()]
        for p in self.proposals:
            shown = ", ".join(_comment(e) for e in (p.examples or [p.example]))
            out += ["", f"# support: {p.support} of {self.pages} pages ({p.where}); "
                        f"example{'s' if len(p.examples) > 1 else ''}: {shown}", p.toml]
        return "\n".join(out) + "\n"


class Unusable(Exception):
    """A proposed file that does not load, or fails lint: a bug to report, never a file to use."""


def check(text: str, path: str) -> SiteRules:
    """The proposed file's rules, loaded (``path`` names them in messages and rule references) and
    linted: ``cleaner suggest`` writes a file only when this passes, ``--learn-sites`` uses one."""
    from cleaner.authoring.lint import lint_site

    try:
        site = load_text(text, path)
    except RuleError as exc:
        raise Unusable(f"the proposed file does not load ({exc})") from None
    problems = [f for f in lint_site(site) if f.error]
    if problems:
        raise Unusable(f"the proposed file fails lint ({problems[0]})")
    return site


def _s(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def _re(pattern: str) -> str:
    """A TOML string for a regular expression: literal when it can be, so backslashes stay single."""
    return f"'{pattern}'" if "'" not in pattern and "\n" not in pattern else _s(pattern)


def _comment(text: str) -> str:
    return _s(text if len(text) <= 80 else text[:79] + "…")


@dataclass
class _Group:
    """The lines of one key (shapes.key, or the normalised line when it has no shape)."""

    key: str
    pages: set = field(default_factory=set)
    lines: Counter = field(default_factory=Counter)
    slots: Counter = field(default_factory=Counter)  # ("top", depth) / ("bottom", depth) per occurrence
    edge: int = 0  # occurrences within the page's opening or closing fifth, or as its first or last sentence
    prose: int = 0
    titles: set = field(default_factory=set)  # pages on which one of its lines stands as the headline
    outside: int = 0  # occurrences above the page's first sentence or below its last

    @property
    def seen(self) -> int:
        return sum(self.lines.values())


def _groups(texts: list[list[str]]) -> dict[str, _Group]:
    groups: dict[str, _Group] = {}
    for p, page in enumerate(texts):
        n = len(page)
        zone = max(3, math.ceil(0.2 * n))
        titles = _headlines(page)
        prose = [k for k, line in enumerate(page) if is_prose(line)]
        ends = {prose[0], prose[-1]} if prose else set()  # the article's first and last sentences
        for k, line in enumerate(page):
            gkey = key(line) or "=" + normal(line)
            if gkey == "=":
                continue
            g = groups.get(gkey) or groups.setdefault(gkey, _Group(gkey))
            g.pages.add(p)
            g.lines[line] += 1
            g.slots.update([("top", k), ("bottom", n - 1 - k)])
            g.edge += k < zone or n - 1 - k < zone or k in ends
            g.prose += k in ends or is_prose(line)
            g.outside += not prose or k < prose[0] or k > prose[-1]
            if line in titles:
                g.titles.add(p)
    return groups


def _headlines(page: list[str]) -> set[str]:
    """The lines that may be the page's own headline: those of three words or more, not sentences,
    in the eight lines above its first sentence."""
    first = next((k for k, line in enumerate(page) if is_prose(line)), len(page))
    return {line for line in page[max(0, first - 8):first] if len(line.split()) >= 3 and not is_prose(line)}


def _chrome(g: _Group, n: int, need: int) -> str | None:
    """Why the group is chrome ("count" or "slot"), or None when it is not."""
    support = len(g.pages)
    if g.titles and len(g.titles) <= 2 and len(g.titles) < support / 2:
        return None  # a page's own headline, which other pages link to
    prose = g.prose * 2 > g.seen
    if support >= need:
        if prose and g.edge < _EDGE * g.seen:
            return None  # a sentence that recurs, but inside articles
        if g.key.startswith("=") and len(g.lines) == 1 and len(g.key.split()) >= 3 and support < 0.1 * n \
                and not any(k == g.seen for s, k in g.slots.items() if s[1] < SLOT_DEPTH):
            return None  # a headline (of a page not among these, maybe) that a few related lists link to
        return "count"
    if support >= 2 and not prose and g.outside == g.seen:  # a sub-heading stands between sentences
        depth_ok = [s for s, k in g.slots.items() if k == g.seen and s[1] < SLOT_DEPTH]
        if depth_ok:
            return "slot"
    return None


def suggest(pages: list[list[str]], site: str, min_share: float = 0.02, min_pages: int = 3) -> Suggestion:
    """Propose rules from the pages' normalised lines (blank lines included, as the engine sees them).
    A group of lines is chrome when it recurs on at least ``min_pages`` pages and ``min_share`` of
    them (a sentence only at the pages' edges), or on two pages or more always in the same slot."""
    n = len(pages)
    need = max(2, min(min_pages, n), math.ceil(min_share * n))
    texts = [[line for line in page if line] for page in pages]
    groups = _groups(texts)
    why = {k: w for k, g in groups.items() if (w := _chrome(g, n, need))
           # credits that vary are the figures' (below); '© 2024 Example News' on every page is a footer
           and not (len(g.lines) > 1 and all(_CREDIT.fullmatch(line) for line in g.lines))}
    chosen = sorted(why, key=lambda k: (-len(groups[k].pages), k))
    titles = {line for page in texts for line in _headlines(page)} - {line for k in chosen for line in groups[k].lines}
    rule_of: dict[str, tuple[str, object]] = {}  # group key -> ("line", literals) or ("re", pattern)
    for k in chosen:
        g = groups[k]
        variants = sorted(g.lines)
        if len(variants) > 1 and not k.startswith("="):
            source = pattern(g.lines.most_common(1)[0][0])
            compiled = regex.compile(source)
            # The pattern must take every line of its group and no page's headline.
            if all(compiled.fullmatch(v) for v in variants) and not any(
                    compiled.fullmatch(t) for t in titles if t not in g.lines):
                rule_of[k] = ("re", pattern(g.lines.most_common(1)[0][0], named=True))
                continue
        rule_of[k] = ("line", variants)
    member = {line: k for k in chosen for line in groups[k].lines}

    # Where each group stands: in the run of chrome that opens or closes the page?
    place: dict[str, Counter] = defaultdict(Counter)
    for page in texts:
        top = 0
        while top < len(page) and page[top] in member:
            top += 1
        bottom = len(page)
        while bottom > top and page[bottom - 1] in member:
            bottom -= 1
        for j, line in enumerate(page):
            if line in member:
                place[member[line]]["top" if j < top else "bottom" if j >= bottom else "body"] += 1

    def where(k: str) -> str:
        counts = place[k]
        total = sum(counts.values())
        for edge in ("top", "bottom"):
            if counts[edge] >= _EDGE * total:
                return edge
        return "any"

    result = Suggestion(site, n)
    recurring = set(member)
    footer = _foot(pages, recurring, need)
    bottom_lines = sorted(line for k in chosen if rule_of[k][0] == "line" and where(k) == "bottom"
                          for line in groups[k].lines) if footer else []
    n_rule = Counter()
    for k in chosen:
        g, (kind, what) = groups[k], rule_of[k]
        anchor = where(k)
        if kind == "line" and anchor == "bottom" and footer:
            continue  # the foot has its template
        prefix = "shape" if kind == "re" else {"top": "top", "bottom": "bottom", "any": "line"}[anchor]
        n_rule[prefix] += 1
        rid = f"{prefix}-{n_rule[prefix]}"
        toml = f'[[rule]]\nid = "{rid}"\n' + (f'anchor = "{anchor}"\n' if anchor != "any" else "")
        if kind == "re":
            toml += f"re = {_re(what)}\n"
        else:
            toml += f"line = {_s(what[0]) if len(what) == 1 else '[' + ', '.join(_s(v) for v in what) + ']'}\n"
        toml += 'drop = true\nstatus = "experimental"'
        result.proposals.append(Proposal(rid, toml, len(g.pages), _evidence(g, place[k], why[k]),
                                         g.lines.most_common(1)[0][0], literal=kind == "line" and len(what) == 1,
                                         examples=[line for line, _ in g.lines.most_common(3)]))
    if footer:
        result.fields.update({"related": '{ type = "list" }', "tags": '{ type = "list", sep = "," }'})
        widgets = ", ".join(_s(l) for l in bottom_lines)
        toml = ('[[rule]]\nid = "footer"\nanchor = "bottom"\nstatus = "experimental"\nlines = [\n'
                '  { any = true, field = "related", repeat = [0, 10] },\n'
                "  { re = " + _re(_TAGS.pattern) + ', field = "tags", optional = true, gap = false },\n'
                f"  {{ line = [{widgets}], drop = true, repeat = [1, {max(1, len(bottom_lines))}], gap = false }},\n]")
        result.proposals.append(Proposal("footer", toml, footer, "bottom: related headlines, a tag line, "
                                         "then the closing lines", bottom_lines[0]))
    result.proposals += _figures(texts, recurring, need)
    return result


def _evidence(g: _Group, place: Counter, why: str) -> str:
    text = f"{place['top']} top, {place['body']} within, {place['bottom']} bottom"
    if why == "slot":
        edge, depth = next(s for s, k in sorted(g.slots.items()) if k == g.seen and s[1] < SLOT_DEPTH)
        text += f"; always line {depth + 1} from the {edge}"
    return text + (f"; {len(g.lines)} forms" if len(g.lines) > 1 else "")


def _figures(texts: list[list[str]], recurring: set[str], need: int) -> list[Proposal]:
    """Photo credits vary from page to page; a credit-like line that recurs verbatim ('© 2024
    Example News') is the site's own footer, and goes with the recurring lines. A caption record
    always has its caption: a credit standing alone is dropped, not made a record of its own."""
    def credit(line: str) -> bool:
        return line not in recurring and _CREDIT.fullmatch(line) is not None and not is_prose(line)

    credits = [line for page in texts for line in page if credit(line)]
    credit_pages = sum(1 for page in texts if any(credit(line) for line in page))
    if credit_pages < need or len(set(credits)) < 2:
        return []
    lead = Counter(c.split()[0] for c in credits).most_common(1)[0][0]
    credit_re = regex.escape(lead, special_only=True) + r"\s*\S.{0,120}"
    toml = ('[[rule]]\nid = "figure"\nstatus = "experimental"\nlines = [\n'
            '  { any = true, role = "caption" },\n'
            f'  {{ re = {_re(credit_re)}, role = "credit", gap = false }},\n'
            '  { any = true, role = "alt", optional = true, gap = false },\n]\n\n'
            f'[[rule]]\nid = "credit"\nstatus = "experimental"\nre = {_re(credit_re)}\ndrop = true')
    return [Proposal("figure", toml, credit_pages, f"{len(credits)} credit lines", credits[0])]


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
