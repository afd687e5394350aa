"""The Cleaner: rules loaded once; one document in, one record out, every line accounted for.

Flow: decode -> normalise -> resolve the site -> apply the rules -> record (the passes are
described in ``cleaner.engine``).
"""

from __future__ import annotations

import copy
import hashlib
from bisect import bisect_left
from dataclasses import replace
from functools import cached_property
from operator import is_
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import regex

from cleaner import limits
from cleaner.limits import LimitError, RuleTimeout
from cleaner.linemodel.layer import DEFAULT_DIAL, DIALS, Dial, decide, out_of_reach
from cleaner.engine.match import match
from cleaner.text.normalize import CONSERVATIVE, PROFILES, Profile, decode, normalize
from cleaner.engine.plan import Batch, Plan, plan
from cleaner.html import looks_like_html
from cleaner.html.links import link_edges
from cleaner.text.prose import CLOSERS, is_prose, loose
from cleaner.authoring.repeats import host_of
from cleaner.record import CORE_METADATA, Caption, ErrorRecord, Record
from cleaner.rules import Rule, RuleSet, SiteRules, load_rules
from cleaner.rules.model import forget_matches
from cleaner.engine.result import Result, UnknownSite
from cleaner.engine.page import _Page, _Prepared, _shared_within


# Shared rules may take at most this share of a page's words; past it they are undone for the page.
MAX_SHARED_SHARE = 0.6


def _out_of_time(rule: Rule | None) -> str:
    what = f"rule {rule.ref}" if rule is not None else "the rules"  # None: out of time between rules
    return f"{what} ran out of time: over {limits.budget():g} s for this document"


# A site's name after the title: a separator with spaces around it, then no other such separator (a
# hyphen inside the name, 'Tri-County Herald', is none).
_SITE_SUFFIX = regex.compile(r"\s+[-|–—:·•]\s+(?:(?!\s[-|–—:·•]\s)[^|–—·•]){1,60}$")
_SECTION_PREFIX = regex.compile(r"^[^-|–—:·•]{1,40}\s+[|–—·•]\s+")
# A tag of one or two words and a hyphen before a title of four words or more, as Q&A sites name their
# pages: 'python - Lambdas created in a loop all print the last value - Stack Overflow'.
_TAG_PREFIX = regex.compile(r"^\S+(?: \S+)?\s+-\s+(?=(?:\S+\s+){3}\S)")
# A blog's name and a colon before the post's title, as Blogger and TypePad name their pages: 'The
# Allotment Diaries: Leek moth again'.
_NAME_PREFIX = regex.compile(r"^[^:|–—·•]{1,60}:\s+(?=(?:\S+\s+){2}\S)")
# The title after a site's name and a section's, as older pages put it: 'The Valley Times - Local News -
# Flood waters recede, cleanup begins' (two separators before it, and four words or more in it).
_TITLE_LAST = regex.compile(r"^.{1,60}?\s[-|–—·•]\s.{1,60}?\s[-|–—·•]\s(?P<title>(?![-|–—·•] )\S+(?: (?![-|–—·•] )\S+){3,})$")


def _titles(title: str) -> list[str]:
    """A page title, and the title without the site's name after it ('… - VG247', '… | BBC'), and
    without a section's and a date's before that too ('… | Social care | The Guardian', '… – DW –
    11/07/2024'), or without a section's before it ('Opinion | …'), or without a tag before it and
    the site's name after it ('python - … - Stack Overflow'), or without a blog's name and a colon
    before it ('The Allotment Diaries: Leek moth again'), or the last part alone after two
    separators ('Site - Section - Title')."""
    variants = [title]
    for _ in range(3):
        variants.append(_SITE_SUFFIX.sub("", variants[-1]))
    variants.append(_SECTION_PREFIX.sub("", title))
    variants += [v[tag.end():] for v in variants[1:2] if (tag := _TAG_PREFIX.match(v))]  # (its site's name gone)
    variants += [v[name.end():] for v in variants[:2] if (name := _NAME_PREFIX.match(v))]
    if last := _TITLE_LAST.match(title):
        variants.append(last.group("title"))
    return [v for k, v in enumerate(variants) if v and v not in variants[:k]]


def _first_line(lines: list[str]) -> list[str]:
    """A text dump's first line, as `same = "first_line"` knows it: with and without a site's name
    after it or a section before it (_titles), but never a statement (the edge rules, which ask for
    it, stop at the first sentence); a question may be a headline (its repeat is the title)."""
    first = next((line for line in lines if line), "")
    return [v for v in _titles(first) if not is_prose(v) or v.rstrip(CLOSERS).endswith(("?", "？"))] if first else []


class Cleaner:
    """Loads rules once; cleans documents into records.

    >>> cleaner = Cleaner()
    >>> record = cleaner.clean(open("seeds/000_3456128bdfb719b6.txt").read())
    """

    def __init__(
        self,
        rules: RuleSet | None = None,
        rule_dirs: Iterable[Path | str] = (),
        profile: Profile | str = CONSERVATIVE,
        bundled: bool = True,
        max_shared_share: float = MAX_SHARED_SHARE,
        html_mode: str = "fast",
        rule_seconds: float = limits.DEFAULT_RULE_SECONDS,
        max_line: int = limits.DEFAULT_MAX_LINE,
        generic: str | Dial = DEFAULT_DIAL,
        line_model=None,
    ):
        self.rules = rules if rules is not None else load_rules([Path(d) for d in rule_dirs], bundled=bundled)
        self.profile = PROFILES[profile] if isinstance(profile, str) else profile
        self.max_shared_share = max_shared_share
        self.html_mode = html_mode
        self._plans: dict[tuple, Plan] = {}
        self._blockless: dict[int, SiteRules] = {}  # id of a shared file -> the file less its open blocks
        self.rule_seconds = rule_seconds
        self.max_line = max_line
        if not isinstance(generic, Dial) and generic != "off" and generic not in DIALS:
            raise ValueError(f"generic must be off, one of {', '.join(DIALS)} or a Dial")
        self.generic = generic
        self.dial = generic if isinstance(generic, Dial) else DIALS.get(generic)  # None: off
        if line_model is not None:  # a model of one's own (cleaner.linemodel.LineModel) instead of the shipped one
            from cleaner.linemodel.layer import model_rule

            self.__dict__["line_model"] = (line_model, model_rule(line_model))

    @cached_property
    def line_model(self):
        """The line model and its fate's name, loaded when a page first needs it."""
        from cleaner.linemodel.layer import model_rule
        from cleaner.linemodel.model import default_model

        model = default_model()
        return model, model_rule(model)

    def __getstate__(self) -> dict:
        # The plans are a cache keyed by the identities of rule files, which mean nothing in
        # another process (and hold automata that do not pickle): a copy plans afresh.
        return {**self.__dict__, "_plans": {}, "_blockless": {}}

    def rules_only(self, dumps: bool = True) -> "Cleaner":
        """The same cleaner with the line model off (its rules and their plans shared); without
        ``dumps``, also without the fallback files, which read whole-page text dumps (the rules
        that clean the text of an HTML page)."""
        if self.dial is None and (dumps or not any(f.fallback for f in self.rules.shared)):
            return self
        twin = copy.copy(self)  # (a copy goes through __getstate__, which leaves the plans behind)
        twin.generic, twin.dial, twin._plans, twin._blockless = "off", None, self._plans, self._blockless
        if not dumps:
            twin.rules = replace(self.rules, shared=[f for f in self.rules.shared if not f.fallback])
        return twin

    def clean(self, content: str | bytes, *, id: str | None = None, url: str | None = None,
              site: str | None = None, kind: str | None = None) -> Record:
        """One document's record. ``kind`` is "text" or "html" (None: HTML when the content looks
        like a page). Raises DecodeError for bytes no encoding explains."""
        return self.process(content, id=id, url=url, site=site, kind=kind).record

    def clean_many(self, docs: Iterable[dict], errors: str = "yield") -> Iterator[Record | ErrorRecord]:
        """Stream records for dicts with ``text`` (str or bytes) and optional ``id``, ``url``,
        ``site`` and ``kind``, one for each document in order. A document that cannot be cleaned
        (undecodable, over a limit, an unreadable page, no text, an unknown site) gives an
        ``ErrorRecord`` with its reason in its place and the stream goes on, as in the CLI;
        ``errors="raise"`` raises instead."""
        if errors not in ("yield", "raise"):
            raise ValueError(f"errors={errors!r}: choose 'yield' or 'raise'")
        for n, doc in enumerate(docs, 1):
            doc_id = doc.get("id") if isinstance(doc, dict) else None
            try:
                if not isinstance(doc, dict) or not isinstance(doc.get("text"), (str, bytes)):
                    raise ValueError("no 'text' field holding a string" if isinstance(doc, dict)
                                     else f"not a dict but {type(doc).__name__}")
                out = self.clean(doc["text"], id=doc_id, url=doc.get("url"), site=doc.get("site"),
                                 kind=doc.get("kind"))
            except (ValueError, UnknownSite) as exc:  # DecodeError, LimitError, ExtractionError among them
                if errors == "raise":
                    raise
                out = ErrorRecord(None, n, None if doc_id is None else str(doc_id), str(exc))
            yield out

    def resolve(self, lines: list[str], url: str | None, site: str | None) -> SiteRules | None:
        if site is not None:
            if site not in self.rules.sites:
                raise UnknownSite(f"--site {site}: no rule file describes this site (known: "
                                  f"{', '.join(sorted(self.rules.sites)) or 'none'})")
            return self.rules.sites[site]
        host = host_of(url)
        name = self.rules.site_for_host(host) if host else None
        if name is None:
            name = self.rules.site_for_lines(lines)
        return self.rules.sites.get(name) if name else None

    def prepare(self, content: str | bytes, url: str | None = None, site: str | None = None,
                kind: str | None = None) -> "_Prepared":
        """Everything before the rules: decode; for HTML, extract the body, figures and metadata;
        normalise; split into lines. ``kind`` is "text" or "html" (None: HTML when the content
        looks like a page)."""
        raw = decode(content) if isinstance(content, bytes) else content
        prep = _Prepared(raw=raw, html=kind == "html" or (kind is None and looks_like_html(raw)))
        text = raw
        if prep.html:
            from cleaner.html import extract

            # An HTML page's site is known by its url (or --site) before extraction, so that the
            # site's [html] rules can act on the page itself; failing that, by the extracted text.
            prep.site = self.resolve([], url, site)
            extracted = extract(raw, url, self.html_mode, site=prep.site, profile=self.profile)
            text, prep.found, prep.figures = extracted.text, extracted.metadata, extracted.figures
            prep.said, prep.choice, prep.links = extracted.said, extracted.choice, extracted.links
        prep.lines = normalize(text, self.profile).split("\n")
        for n, line in enumerate(prep.lines, 1):
            if len(line) > self.max_line:
                raise LimitError(f"line {n} has {len(line)} characters, over --max-line {self.max_line}")
        prep.site = prep.site or self.resolve(prep.lines, url, site)
        if not prep.html:  # a dump that begins with the page's <title> repeats it in its headline
            prep.said = {"first_line": _first_line(prep.lines)}
        return prep

    def process(self, content: str | bytes, *, id: str | None = None, url: str | None = None,
                site: str | None = None, extra: Sequence[SiteRules] = (), kind: str | None = None) -> Result:
        """The record and every line's fate. ``kind`` is "text" or "html" (None: HTML when the
        content looks like a page). ``extra`` files (such as the rules --repeats generates) run
        after the shared ones, and count as shared for the over-deletion guard."""
        prep = self.prepare(content, url, site, kind)
        if id is None:
            id = hashlib.sha256(prep.raw.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        own = [prep.site] if prep.site else []
        # Fallback files work under a site's own rules on text dumps, unless the site's file
        # describes whole pages (complete = true); on HTML the extractor has already found where
        # the article begins and ends.
        complete = prep.site is not None and prep.site.complete
        shared = [f for f in self.rules.shared if not (f.fallback and (complete or prep.html))]
        forget_matches()  # the last document's lines are not asked of again; the guard's retries of this one are
        limits.start(self.rule_seconds)
        try:  # the alarm may go off anywhere in here: where a rule runs, the rule is named
            try:
                before: list[SiteRules] | None = None
                for guarded, files in self._grades(own, shared, list(extra)):
                    previous, before = before, files
                    if previous is not None and len(files) == len(previous) and all(map(is_, files, previous)):
                        continue  # undoing nothing changes nothing
                    page = self._apply(prep, files)
                    if not (self.rules.shared or extra) or _shared_within(page, self.max_shared_share):
                        break
                decision, reads = None, False
                if prep.links is not None and not complete:  # a rule's taking may have bared another link run
                    link_edges(page, prep.links, prep.figure_lines)  # (a complete site file knows its pages' edges)
                if self.dial is not None and not prep.html and not complete:
                    reads = True
                    model, rule = self.line_model
                    try:
                        decision = decide(page, model, self.dial, rule)
                    except TimeoutError:
                        raise RuleTimeout(_out_of_time(rule)) from None
            finally:
                limits.stop()
        except TimeoutError:
            raise RuleTimeout(_out_of_time(None)) from None
        result = self._result(page, id, prep.site, prep.raw, prep.found)
        result.guarded, result.html, result.model = guarded, prep.html, decision
        result.model_left = out_of_reach(page.lines) if reads and decision is None else ""
        result.extraction, result.links = prep.choice, page.linked
        return result

    def _apply(self, prep: "_Prepared", files: list[SiteRules]) -> "_Page":
        page = _Page(prep.lines)
        # The menus and link lists an extractor kept at the text's edges go first: an anchored rule
        # then finds the headline on top. Not before a site's own rules: they read the page they
        # were written for (its tag links into a field); the reading after them takes what they left.
        if prep.links is not None and prep.site is None:
            link_edges(page, prep.links, prep.figure_lines)
        # Lets a rule say `same = "title"` of a headline the page repeats: any title the page gives
        # itself counts (the visible headline often differs from the title in its head).
        for name, texts in prep.said.items():
            if texts:  # a title also counts without its site's name or its section
                page.sources[name] = {loose(v) for t in texts for v in (_titles(t) if name == "title" else [t])}
        # A page's own generated figure rules run first, planned afresh: they are new for every page.
        steps = plan(prep.figures.rules).steps if prep.figures else []
        main = self._plan(files)
        for late in (False, True):  # late anchored rules trim what the floating ones left
            for anchor in ("top", "bottom"):
                self._anchored(page, main.edges.get((late, anchor), []), anchor == "bottom", main)
            if not late:
                for step in steps + main.steps:
                    if isinstance(step, Batch):
                        self._batch(page, step)
                    else:
                        try:
                            self._floating(page, step)
                        except TimeoutError:
                            raise RuleTimeout(_out_of_time(step.rule)) from None
        return page

    def _grades(self, own: list[SiteRules], shared: list[SiteRules], extra: list[SiteRules]):
        """The guard, graded: the files to apply, and what they leave undone, the least first. When
        the shared rules would take most of a page's words, the least certain are undone first: the
        fallback files (the edge rules, the timestamp lines); else the open blocks (a comment section
        to the foot, whose one heading takes every line after it: a short post under a long thread
        keeps its thread, not its menu and footer as well); else both; else all of them. Made as
        they are asked for: most pages need only the first."""
        yield "", own + shared + extra
        sure = [f for f in shared if not f.fallback]
        yield "fallback", own + sure + extra
        yield "blocks", own + [self._without_blocks(f) for f in shared] + extra
        yield "fallback+blocks", own + [self._without_blocks(f) for f in sure] + extra
        yield "shared", own

    def _without_blocks(self, file: SiteRules) -> SiteRules:
        """The shared file less its open blocks: rules with a run of lines of any kind (``any``,
        repeated), which one misread heading sets off over the rest of the page. The file itself
        when it has none; the copy is made once and kept, so that its plan is too."""
        trimmed = self._blockless.get(id(file))
        if trimmed is None:
            kept = tuple(r for r in file.rules if not r.opens_block)
            trimmed = self._blockless[id(file)] = file if len(kept) == len(file.rules) else replace(file, rules=kept)
        return trimmed

    def _plan(self, files: list[SiteRules]) -> Plan:
        """The plan of these files' rules, made once for every page that uses the same files.
        The files are the cleaner's own and those --repeats made for the run: they live as long as
        the cleaner, so their identities are a sound key."""
        key = tuple(id(f) for f in files)
        made = self._plans.get(key)
        if made is None:
            rules = [r for f in files for r in f.rules]
            made = self._plans[key] = plan([r for r in rules if r.anchor == "any"],
                                           [r for r in rules if r.anchor != "any"])
        return made

    def _batch(self, page: _Page, batch: Batch) -> None:
        rule = None  # the rule at work when time runs out
        try:
            lines = page.lines
            taken = []
            for i, ks in sorted(batch.candidates(lines, page.scanned(batch.scan).get(batch.number, {})).items()):
                if page.fates[i] is not None:
                    continue
                text = lines[i]
                for k in ks:
                    rule = batch.rules[k]
                    if page.accept(rule.elements[0], text, screened=True):  # the scan found its literal
                        taken.append((k, i))
                        break
            # In rule order, then page order: list values and first-found values come out exactly as
            # they would with the rules run one after another.
            for k, i in sorted(taken):
                rule = batch.rules[k]
                page.take(rule, [i], [(0, 0)])
        except TimeoutError:
            raise RuleTimeout(_out_of_time(rule)) from None

    def _anchored(self, page: _Page, pending: list[Rule], bottom: bool, main: Plan) -> None:
        rule = None  # the rule at work when time runs out
        try:
            # What cannot match is not tried; where a line pattern has literals, only the lines
            # holding one are offered to it.
            screened = {id(r): main.needs[id(r)].lines(page) for r in pending}
            pending = [r for r in pending if screened[id(r)] is not None]
            while pending:
                view = page.view()[::-1] if bottom else page.view()
                start = page.first_text(view)
                if start is None:
                    return
                for rule in pending:
                    if not page.may_match(rule):
                        continue
                    hits = match(rule.elements, page.lines, view, start, page.accept, reverse=bottom,
                                 only=screened[id(rule)], free=main.needs[id(rule)].free)
                    if hits is not None:
                        page.take(rule, view, hits)
                        pending = [r for r in pending if r is not rule]
                        break
                else:
                    return
        except TimeoutError:
            raise RuleTimeout(_out_of_time(rule)) from None

    def _floating(self, page: _Page, step) -> None:
        rule, probe = step.rule, step.probe
        if not page.may_match(rule):
            return
        view = page.view()
        lines = page.lines
        if probe is not None and probe[1].screen.literals is not None and step.scan is not None:
            # Only where the probe's line holds one of its literals (the plan's one scan of the page
            # found those lines) can the template start.
            found = page.scanned(step.scan).get(step.number, {})
            offset = probe[0]
            places = [p - offset for p in (bisect_left(view, i) for i in sorted(found))
                      if p < len(view) and view[p] in found and p >= offset]
        else:
            places = range(len(view))
        free = 0  # the first view position no match has taken
        for pos in places:
            if pos < free:
                continue
            if probe is not None:  # the template cannot start here unless its probe line fits
                at = pos + probe[0]
                if at >= len(view) or not lines[view[at]] or not page.accept(probe[1], lines[view[at]]):
                    continue
            hits = match(rule.elements, lines, view, pos, page.accept) if lines[view[pos]] else None
            if hits:
                page.take(rule, view, hits)
                free = max(p for p, _ in hits) + 1

    def _result(self, page: _Page, id: str, site_rules: SiteRules | None, raw: str, found: dict) -> Result:
        lines = page.lines
        body_text = {i: (lines[i] if fate is None else fate[2]) for i, fate in enumerate(page.fates)}
        body = [i for i, text in body_text.items() if text]
        captions, caption_rules = [], []
        for first, parts, rule in sorted(page.figures, key=lambda f: f[0]):
            caption_rules.append(rule)
            joined = {k: " ".join(v) for k, v in parts.items()}
            captions.append(Caption(joined.get("caption"), joined.get("credit"), joined.get("alt"),
                                    bisect_left(body, first)))
        metadata: dict = {name: None for name in CORE_METADATA}
        if site_rules is not None:
            for name in site_rules.schema():
                spec = site_rules.fields.get(name)
                metadata.setdefault(name, spec.empty if spec else None)
        metadata.update(page.values)
        for name, value in found.items():  # what the HTML page says, where the rules found nothing
            if metadata.get(name) in (None, []):
                metadata[name] = value
        record = Record(id=id, site=site_rules.name if site_rules else None,
                        text="\n\n".join(body_text[i] for i in body), captions=captions, metadata=metadata)
        return Result(record, lines, page.fates, raw, caption_rules)
