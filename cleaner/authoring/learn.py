"""``clean --learn-sites``: rules induced per host from the corpus being cleaned, then used on it.

A first pass reads every document as the rules will see it (the lines ``cleaner suggest`` reads) and
keeps, per host (from the document's url), the lines of its first ``max_pages`` pages. A host with
at least ``min_pages`` pages gets its rules from ``cleaner.authoring.suggest`` (the same function, the same
thresholds: one mechanism), loaded and linted as `suggest` does (``suggest.check``); the second
pass cleans each document with its host's induced file added after the shared rules (``extra``).

Why ``extra``, not the host's site file: a learned file is a guess, so it stays under the share
guard (extra files count as shared: when the shared rules and the learned ones would take over 60%
of a page's words, they are undone for that page), it never switches off the line model or the
fallback edge rules (an induced file never says ``complete``), and a host that has a bundled site
file keeps it in charge, with the learned rules taking what it leaves. Records keep the ``site``
they had without learning.

Memory is bounded: at most ``max_hosts`` hosts are followed (the first seen, in input order; the
pages of later hosts are cleaned without learned rules and counted), and for each at most
``max_pages`` pages are held. A host is induced as soon as its ``max_pages``-th page is read, and
its pages let go; what stays is its rule file. So at most ``max_hosts x (max_pages - 1)`` pages'
lines are held at once (each under --max-bytes), plus one rule file per followed host.

Deterministic: the first pass sees documents in input order whatever ``--jobs`` says, so the same
pages are kept and the same rules induced.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from cleaner.text.prose import taken_words
from cleaner.rules import SiteRules
from cleaner.corpus.sinks import atomic_writer

DEFAULT_MIN = 5
DEFAULT_PAGES = 50
DEFAULT_HOSTS = 1000


class LearnError(Exception):
    """A learned file that cannot be written: the run stops (one line, exit 1)."""


@dataclass
class Host:
    name: str
    pages: int = 0  # the host's documents in the corpus
    held: list[list[str]] | None = field(default_factory=list)  # the pages kept for induction; None once induced
    read: int = 0  # pages induction read
    rules: int = 0
    file: str | None = None  # where its induced file was written
    error: str | None = None


class Learner:
    """The first pass's side of --learn-sites: pages in (``add``), rule files out (``finish``)."""

    def __init__(self, min_pages: int = DEFAULT_MIN, max_pages: int = DEFAULT_PAGES,
                 max_hosts: int = DEFAULT_HOSTS, out_dir: Path | None = None):
        if not 2 <= min_pages <= max_pages:
            raise ValueError(f"need 2 <= min_pages ({min_pages}) <= max_pages ({max_pages})")
        self.min_pages, self.max_pages, self.max_hosts, self.out_dir = min_pages, max_pages, max_hosts, out_dir
        self.hosts: dict[str, Host] = {}  # in the order first seen
        self.rules: dict[str, SiteRules] = {}  # host -> its induced file, once loaded
        self.unfollowed = 0  # documents of hosts past max_hosts
        self.failed: list[Host] = []

    def add(self, host: str | None, lines: list[str]) -> None:
        if host is None:
            return
        h = self.hosts.get(host)
        if h is None:
            if len(self.hosts) >= self.max_hosts:
                self.unfollowed += 1
                return
            h = self.hosts[host] = Host(host)
        h.pages += 1
        if h.held is not None:
            h.held.append(lines)
            if len(h.held) >= self.max_pages:
                self.induce(h)

    def finish(self) -> dict[str, SiteRules]:
        """Induce the hosts not yet induced that have enough pages; the files, by host."""
        for h in self.hosts.values():
            if h.held is not None:
                if len(h.held) >= self.min_pages:
                    self.induce(h)
                else:
                    h.held = None  # too few pages: nothing learned
        return self.rules

    def induce(self, h: Host) -> None:
        from cleaner.authoring import suggest  # (imported when a host is induced: `clean` starts without it)

        pages, h.held = h.held, None
        h.read = len(pages)
        # How its rules are cited (stats, explain): the written file, else a name of its own.
        shown = str(Path(self.out_dir or "--learn-sites") / f"{h.name}.toml")
        try:
            text = suggest.suggest(pages, h.name).toml([h.name])
            site = suggest.check(text, shown)
        except Exception as exc:  # noqa: BLE001 - any failure: the host is reported and cleaned without
            h.error = f"{type(exc).__name__}: {exc}" if not isinstance(exc, suggest.Unusable) else str(exc)
            self.failed.append(h)
            return
        h.rules = len(site.rules)
        if not site.rules:
            return
        # Counted as shared by the engine's guard (see above); each rule's own elements unchanged.
        self.rules[h.name] = SiteRules(name=f"learned:{h.name}", path=shown, shared=True, fields=site.fields,
                                       rules=tuple(replace(r, shared=True) for r in site.rules))
        if self.out_dir is not None:  # written now, not held: a file for each host would add up
            try:
                with atomic_writer(shown) as stream:
                    stream.write(text)
            except OSError as exc:
                raise LearnError(f"--learned-rules: cannot write {shown}: {exc.strerror or exc}") from None
            h.file = shown

    def report(self, removed: dict[str, list[int]]) -> dict[str, dict]:
        """Per followed host: its pages, what was learned, and what the learned rules took out of the
        text (``removed``: host -> [lines, words], from the second pass)."""
        out = {}
        for name in sorted(self.hosts):
            h = self.hosts[name]
            row = {"pages": h.pages, "pages_read": h.read, "rules": h.rules}
            if h.read == 0:
                row["why"] = f"fewer than {self.min_pages} pages"
            if h.error:
                row["error"] = h.error
            if h.file:
                row["file"] = h.file
            lines, taken = removed.get(name, (0, 0))
            row.update(lines_removed=lines, words_removed=taken)
            out[name] = row
        if self.unfollowed:
            out["(hosts past --learn-hosts)"] = {"pages": self.unfollowed, "pages_read": 0, "rules": 0,
                                                 "lines_removed": 0, "words_removed": 0}
        return out


def taken(result, learned: SiteRules) -> tuple[int, int]:
    """The lines and words the learned file's rules took out of a page's text: dropped, or read
    into metadata or captions (a rule that took a span counts the words it took)."""
    lines = count = 0
    for text, mark in zip(result.lines, result.marks):
        if mark is not None and mark[1].path == learned.path:
            lines += 1
            count += taken_words(text, mark[2])
    return lines, int(count)
