"""The line model as the engine's last layer: it decides the lines that no rule took.

It runs on text dumps whose site has no rule file, or whose file does not say it describes the
whole page (``complete = true``). Every line it decides gets a fate named for the model
(``model:<version>``), like a rule's: chrome is removed, a confident caption becomes a caption
record, the most likely title line goes to ``metadata.title`` when no rule found a title. What the
rules took stays theirs; the model reads those lines only as context.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cleaner.linemodel.features import best_run, weight, words
from cleaner.linemodel.model import CLASSES, LineModel, Scored
from cleaner.rules.model import CodeRule
from cleaner.text.prose import is_prose, tokens

__all__ = ["DEFAULT_DIAL", "DIALS", "Dial", "ModelRule", "Decision", "decide"]


@dataclass(frozen=True)
class Dial:
    """How sure the model must be that a line is not body before it takes it.

    An article is one run of lines: the page's main run of body (the run of lines whose words
    score the most P(body) less ``run``, as the second stage scored them) is held to ``inside``,
    a line outside it to ``outside``: P(body) below the bar is taken. After an article, the
    related headlines, teasers and comments the model is unsure of go; inside it, its
    sub-headings and short paragraphs stay. A page where no line scores above ``run`` has no
    article: every line is held to ``outside``. A stretch of lines inside the run whose words
    score under ``run`` by more than ``HOLE`` in all (a sidebar or a link block between the
    article's parts) is no part of the article: it is held to ``outside`` too."""

    inside: float
    run: float
    outside: float

    def __post_init__(self):
        if not (0.0 <= self.inside <= self.outside <= 1.0 and 0.0 <= self.run <= 1.0):
            raise ValueError(f"a dial needs 0 <= inside <= outside <= 1 and 0 <= run <= 1: {self}")

    def main_run(self, probs: list, sizes: list[float]) -> tuple[int, int]:
        """The first and last line of the page's main run ((0, -1): none). ``probs``: the lines'
        class probabilities (None for a blank); ``sizes``: their weights, in words."""
        texts = [k for k, p in enumerate(probs) if p is not None]
        best, first, last = best_run([(probs[k][_BODY] - self.run) * sizes[k] for k in texts])
        return (texts[first], texts[last]) if texts and best > 0 else (0, -1)

    def holes(self, probs: list, sizes: list[float], run: tuple[int, int]) -> frozenset[int]:
        """The lines of the stretches inside ``run`` that score under ``run`` by more than
        ``HOLE`` words in all: the lowest such stretch, then the lowest on either side of it, and
        so on. A stretch is two lines of text or more: one low line inside an article is what the
        ``inside`` bar is for (a sub-heading, a short quote)."""
        texts = [k for k in range(run[0], run[1] + 1) if probs[k] is not None]
        # The lowest stretch is the best run of the scores turned round. Each span is asked of a
        # tree of them, not scanned again: a page of many holes splits into as many spans.
        lows = _Runs([(self.run - probs[k][_BODY]) * sizes[k] for k in texts])
        found: set[int] = set()
        spans = [(0, len(texts))]
        while spans:
            lo, hi = spans.pop()
            if lo >= hi:
                continue
            depth, first, last = lows.best(lo, hi)
            if depth > HOLE:
                if last > first:
                    found.update(texts[first : last + 1])
                spans += [(lo, first), (last + 1, hi)]
        return frozenset(found)


class _Runs:
    """``best_run`` of any span of a list, in log time (a segment tree): the largest sum, and of
    equal sums the run that ends first, then the shortest, as ``best_run`` picks it. A node is
    (sum, best prefix, its end, best suffix, its start, best run, its first, its last)."""

    def __init__(self, values: list[float]):
        self.size = 1 << max(0, len(values) - 1).bit_length()
        self.nodes: list = [None] * (2 * self.size)
        for k, v in enumerate(values):
            self.nodes[self.size + k] = (v, v, k, v, k, v, k, k)
        for n in range(self.size - 1, 0, -1):
            self.nodes[n] = _join(self.nodes[2 * n], self.nodes[2 * n + 1])

    def best(self, lo: int, hi: int) -> tuple[float, int, int]:
        """best_run(values[lo:hi]), its first and last as indices of the whole list (lo < hi)."""
        left = right = None
        lo, hi = lo + self.size, hi + self.size
        while lo < hi:
            if lo & 1:
                left, lo = _join(left, self.nodes[lo]), lo + 1
            if hi & 1:
                hi -= 1
                right = _join(self.nodes[hi], right)
            lo, hi = lo >> 1, hi >> 1
        node = _join(left, right)
        return node[5], node[6], node[7]


def _join(a, b):
    """The node of span a followed by span b (None: an empty span)."""
    if a is None or b is None:
        return b if a is None else a
    a_sum, a_pre, a_pre_end, a_suf, a_suf_start, best, first, last = a
    b_sum, b_pre, b_pre_end, b_suf, b_suf_start, b_best, b_first, b_last = b
    pre, pre_end = (a_sum + b_pre, b_pre_end) if a_sum + b_pre > a_pre else (a_pre, a_pre_end)
    suf, suf_start = (b_sum + a_suf, a_suf_start) if b_sum + a_suf > b_suf else (b_suf, b_suf_start)
    if a_suf + b_pre > best:  # a's own best ends sooner: it wins a tie
        best, first, last = a_suf + b_pre, a_suf_start, b_pre_end
    if (b_best, -b_last, b_first) > (best, -last, first):
        best, first, last = b_best, b_first, b_last
    return a_sum + b_sum, pre, pre_end, suf, suf_start, best, first, last


# Per dial, measured by cross-validation (bench/bench_linemodel.py, bench/README.md).
HOLE = 1.0  # words' worth of P(body) under the run's offset: a stretch lower than this is a hole
DIALS = {"conservative": Dial(0.05, 0.23, 0.5), "balanced": Dial(0.2, 0.4, 0.5), "aggressive": Dial(0.4, 0.5, 0.7)}
# The default: it keeps 0.97 of the body on both development sets, but for the reader comments the
# contract removes and CleanEval's gold keeps (bench/README.md).
DEFAULT_DIAL = "conservative"
CAPTION = 0.6  # a caption record needs this much of P(caption), and the most of any class
TITLE = 0.5
# A closing rule's line ends the main run when this share of the run's free words stands above it.
CLOSE_SHARE = 0.4
# Below that line a line needs at least this P(body) to stay, whatever the dial's outside bar: the
# teasers there read as prose, and the page has said they are not the article.
CLOSED = 0.7
# A closing line ends no run when two paragraphs follow one another within this many lines of text
# under it, and this share of their content words stand in the article above it (_continues).
CONTINUES = 8
COHESION = 0.4
_BODY, _CHROME, _CAPTION, _TITLE = range(4)
# The model never leaves a page with less than this share of the body words the rules left it:
# below it, it gives back its least certain takings first.
MIN_KEPT = 0.1
# A page of fewer lines of text than this is left to the rules: too little page to read a line
# against (the training pages have 10 or more but for 1 in 100).
MIN_LINES = 5
# Nor is a page of more than this: no article's page, and the model's time grows with the page (some
# 1.5 s for this many lines), which would run a longer page out of --rule-seconds (an error record,
# where the rules alone clean it in a fraction of that).
MAX_LINES = 10_000
SETTLE_ROUNDS = 4  # scorings of the text that would come out (one or two suffice on most pages)


@dataclass(frozen=True)
class ModelRule(CodeRule):
    """The model, standing where a rule stands in a line's fate."""


def model_rule(model: LineModel) -> ModelRule:
    return ModelRule(id=model.name, anchor="any", elements=(), site="model", path="cleaner/linemodel/model.json", line=0)


@dataclass
class Decision:
    """What the model said of a page: its scores, and the lines it handed back (the guard)."""

    model: LineModel
    scored: Scored
    dial: Dial
    run: tuple[int, int]  # the page's main run: its first and last line (Dial.main_run)
    holes: frozenset = frozenset()  # lines inside the run held to the outside bar (Dial.holes)
    given_back: int = 0
    title: str | None = None  # the page's title as the rules found it, or as the model picks it
    closer: tuple[int, str] | None = None  # the line that ended the run (_closed), and its rule's ref
    # line -> the scoring that had the last word on it, and the line's place there (the settling
    # rounds score the text that would come out, where lines stand elsewhere)
    where: dict = field(default_factory=dict)

    def inside(self, i: int) -> bool:
        return self.run[0] <= i <= self.run[1] and i not in self.holes

    def closed(self, i: int) -> bool:
        """Does line i stand below the line that ended the article (_closed)?"""
        return self.closer is not None and i > self.closer[0]

    def bar(self, i: int) -> float:
        """The P(body) line i needs to stay."""
        if self.closed(i):
            return max(self.dial.outside, CLOSED)
        return self.dial.inside if self.inside(i) else self.dial.outside

    def takes(self, i: int, probs: list[float]) -> bool:
        """Whether line i goes, by its class probabilities (from whichever scoring decides it):
        P(body) under its bar, unless it is a heading."""
        return probs[_BODY] < self.bar(i) and not self.heading(i, probs)

    def heading(self, i: int, probs: list[float]) -> bool:
        """A line inside the article's run whose likeliest class is title, and which is not the
        page's title (the rules', or the one the model picks), is one of the article's
        sub-headings: it stays, however low its P(body). In a low stretch (two lines or more: a
        lone heading never makes one) it is the stretch's own heading ("Related stories") and
        goes with it."""
        return self.inside(i) and probs[_TITLE] == max(probs) and self.scored.lines[i] != self.title

    def p_body(self, i: int) -> float:
        scored, k = self.where.get(i, (self.scored, i))
        return scored.probs[k][_BODY]

    def explain(self, i: int, top: int = 4) -> str:
        """One line's label, score and the features that decided it (0-based line index)."""
        bar = self.bar(i)
        where = ("inside the run" if self.inside(i) else "in a low stretch inside the run" if i in self.holes
                 else f"outside the run: the article ends above line {self.closer[0] + 1}, {self.closer[1]}"
                 if self.closed(i) else "outside the run")
        line = i
        scored, i = self.where.get(i, (self.scored, i))
        probs = scored.probs[i]
        if probs is None:
            return ""
        k = max(range(len(CLASSES)), key=probs.__getitem__)
        parts = self.model.second.contributions(scored.context[i], _BODY)
        parts += self.model.first.contributions(scored.rows[i], _BODY)
        parts.sort(key=lambda p: -abs(p[1]))
        why = ", ".join(f"{name} {value:+.2f}" for name, value in parts[:top])
        if said := scored.telling_words(self.model, i):  # what lex_mean and lex_max read
            why += "; words " + ", ".join(f"{w} {v:+.1f}" for w, v in said)
        verdict = "<" if probs[_BODY] < bar else ">="
        note = "; a heading, so it stays" if verdict == "<" and self.heading(line, probs) else ""
        return f"{CLASSES[k]} {probs[k]:.2f}, P(body) {probs[_BODY]:.2f} {verdict} {bar:g} ({where}{note}): {why}"


def _settle(page, model: LineModel, decision: "Decision", taken: set[int]) -> None:
    """Score the text that would come out, as it would come out (its paragraphs, a blank line
    between), and take what the model would take from it, until it takes nothing more: so that
    cleaning a cleaned text again changes less. Each line keeps the bar of the page's first scoring.
    """
    for _ in range(SETTLE_ROUNDS):
        body = []
        for i, fate in enumerate(page.fates):
            text = page.lines[i] if fate is None else fate[2]
            if text and i not in taken:
                body.append((i, text))
        view = [line for _, text in body for line in (text, "")][:-1]
        scored = model.score(view, decision.scored.stops, decision.scored.memo)
        newly = set()
        for k, (i, _) in enumerate(body):
            if page.fates[i] is None:
                decision.where[i] = (scored, 2 * k)
                if decision.takes(i, scored.probs[2 * k]):
                    newly.add(i)
        if not newly:
            return
        taken |= newly


def _closed(page, run: tuple[int, int], sizes: list, stops=None) -> tuple[tuple[int, int], tuple[int, str] | None]:
    """The main run, and the line that ended it with its rule's ref (None: none did): the run ends
    above the first line a closing rule took (``closes = true``: a related stories heading, a share
    bar's heading, a comment section's) below a good part of the run's words (``CLOSE_SHARE`` of
    those of its lines no rule took), unless the article goes on under it (``_continues``): what
    follows such a line is the page's, not the article's, and is held to ``CLOSED`` (or the outside
    bar, if higher: Decision.bar). One above the article's bulk (a share bar under the headline)
    does not end it. ``stops``: the page's stoplist."""
    first, last = run
    free = [(i, sizes[i]) for i in range(first, last + 1) if page.fates[i] is None and sizes[i]]
    total, above, k = sum(size for _, size in free), 0.0, 0
    for j in range(first + 1, last + 1):
        while k < len(free) and free[k][0] < j:
            above += free[k][1]
            k += 1
        fate = page.fates[j]
        # (above, not 0 >= 0: a run of lines the rules took holds no article to end)
        if fate is not None and fate[1].closes and above and above >= CLOSE_SHARE * total \
                and not _continues(page, j, [i for i, _ in free[:k]], stops):
            return (first, j - 1), (j, fate[1].ref)
    return run, None


def _continues(page, j: int, article: list[int], stops) -> bool:
    """Does the article go on under line j? So it does when its first two lines of text no rule
    took, within ``CONTINUES`` lines of text under it and above any other closing line, are two
    paragraphs in a row (prose, no line a rule took between them) that speak of what the
    ``article`` lines above it speak of (``COHESION`` of their content words stand there): a
    related box in the middle of an article has the article's paragraphs under it, where the legal
    notices, pitches and teasers under a page's closing line speak of other things, and a comment
    under a comment section's heading, however much it speaks of the article, comes after its
    writer's name and date. One sub-heading may stand above the two paragraphs."""
    texts: list[int] = []
    for i in range(j + 1, len(page.lines)):
        fate = page.fates[i]
        # What another closing line stands above is not the article's either (the box's own lines,
        # its headlines, may close too: a line no rule took comes between the two).
        if len(texts) == CONTINUES or (fate is not None and fate[1].closes and any(page.fates[t] is None for t in texts)):
            break
        if page.lines[i]:
            texts.append(i)
    free = [k for k, i in enumerate(texts) if page.fates[i] is None]
    if free and _heading(page.lines[texts[free[0]]]):
        free = free[1:]  # the article's sub-heading, under the box, above its next paragraphs
    if len(free) < 2 or free[1] != free[0] + 1:
        return False
    a, b = texts[free[0]], texts[free[1]]
    if not (is_prose(page.lines[a]) and is_prose(page.lines[b])):
        return False
    said = set().union(*(_content(page.lines[i], stops) for i in article))
    words_ = _content(page.lines[a], stops) | _content(page.lines[b], stops)
    return bool(words_) and len(words_ & said) >= COHESION * len(words_)


def _heading(line: str) -> bool:
    """A sub-heading: a line of two to ten words that is not prose and does not end in a colon or a
    digit (a writer's name with 'says:', a date, a time are none)."""
    stripped = line.rstrip()
    return 2 <= words(line) <= 10 and not is_prose(line) and not stripped.endswith((":", "：")) \
        and not stripped[-1:].isdigit()


def _content(line: str, stops) -> set[str]:
    """A line's content words: its words (a Han or kana character is one) that are no stop word
    of the page's language, nor a number, nor a Latin word of one or two letters."""
    return {w for w in tokens(line.lower()) if not (stops and w in stops) and not w.isdigit()
            and (len(w) >= 3 or not w.isascii())}


def out_of_reach(lines: list[str]) -> str:
    """Why the model leaves a page to the rules ("": it does not): its size in lines of text."""
    n = sum(1 for line in lines if line)
    return f"fewer than {MIN_LINES}" if n < MIN_LINES else f"more than {MAX_LINES:,}" if n > MAX_LINES else ""


def decide(page, model: LineModel, dial: Dial, rule: ModelRule) -> Decision | None:
    """Give every line no rule took a fate on ``page`` (the engine's _Page); None: a page the model
    leaves as the rules left it (``out_of_reach``)."""
    if out_of_reach(page.lines):
        return None
    scored = model.score(page.lines)
    sizes = [row and weight(row) for row in scored.rows]  # the words the features counted
    run, closer = _closed(page, dial.main_run(scored.probs, sizes), sizes, scored.stops)
    decision = Decision(model, scored, dial, run, dial.holes(scored.probs, sizes, run), title=page.values.get("title"),
                        closer=closer)
    free = [i for i, fate in enumerate(page.fates) if fate is None and page.lines[i]]
    title = None
    if decision.title is None:  # no rule found one: the likeliest title of the lines under their bar
        # (a line of one word, 'close', 'Menu', is a tool, not a page's title)
        title = max(sorted(i for i in free if scored.probs[i][_BODY] < decision.bar(i) and words(page.lines[i]) >= 2),
                    key=lambda i: scored.probs[i][_TITLE], default=None)
        if title is not None and scored.probs[title][_TITLE] >= TITLE:
            decision.title = page.lines[title]
        else:
            title = None
    taken = {i for i in free if decision.takes(i, scored.probs[i])}
    _settle(page, model, decision, taken)
    # What the page would keep, counted over all its body text (rules may keep part of a line).
    total = sum(words(page.lines[i] if fate is None else fate[2] or "") for i, fate in enumerate(page.fates))
    kept = total - sum(words(page.lines[i]) for i in taken)
    if kept < MIN_KEPT * total:  # too little left: give back the likeliest body first
        for i in sorted(taken, key=lambda i: (-decision.p_body(i), i)):
            if kept >= MIN_KEPT * total:
                break
            taken.remove(i)
            kept += words(page.lines[i])
            decision.given_back += 1
    if title in taken:
        page.fates[title] = ("metadata.title", rule, None)
        page.values["title"] = page.lines[title]
        taken.remove(title)
    for i in sorted(taken):
        p = scored.probs[i]
        if p[_CAPTION] >= CAPTION and p[_CAPTION] == max(p):
            page.fates[i] = ("caption", rule, None)
            page.figures.append((i, {"caption": [page.lines[i]]}, rule))
        else:
            page.fates[i] = ("removed", rule, None)
    return decision
