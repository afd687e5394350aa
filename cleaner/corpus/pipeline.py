"""The corpus pipeline: raw items in, finished output lines out, in input order, on N processes.

The worker step (``Step``) is pure: an item in, a ``Done`` out, holding the serialised output lines,
or an error record with its reason. Nothing is lost: every document read ends as exactly one
output record or exactly one error record. ``run`` keeps a bounded window of batches in flight, so
memory stays flat however large the input, and yields results in input order, so the output of
``--jobs 2`` is byte-identical to that of ``--jobs 1``.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import Iterable, Iterator

from cleaner.engine import Cleaner, Result
from cleaner.text.normalize import DecodeError
from cleaner.html import ExtractionError
from cleaner.authoring.learn import taken
from cleaner.limits import LimitError
from cleaner.corpus.readers import DEFAULT_MAX_BYTES, Item
from cleaner.corpus.streams import http_decoded
from cleaner.record import ErrorRecord, dumps
from cleaner.authoring.repeats import host_of



@dataclass(frozen=True)
class Options:
    """What the worker needs to know besides the rules."""

    fmt: str = "jsonl"  # "text" | "json" | "jsonl"
    text_field: str = "text"
    id_field: str = "id"
    url_field: str = "url"
    max_bytes: int = DEFAULT_MAX_BYTES
    site: str | None = None
    url: str | None = None  # --url, for a single input
    streams: bool = False  # also produce caption and metadata lines
    collect: bool = False  # the first pass of --repeats: each document's distinct lines, no cleaning
    html_field: str | None = None  # JSONL: a field holding the page as HTML
    keep_result: bool = False  # cleaner explain: the Result, with every line's fate, on the Done


@dataclass
class Done:
    item: Item
    out: str | None = None  # the output: text, or one JSON record (no newline)
    read: int = 0  # bytes of input behind it, for progress
    captions: list[str] = field(default_factory=list)
    metadata: str | None = None
    error: dict | None = None
    stats: dict | None = None
    host: str | None = None  # with Options.collect
    lines: list[str] = field(default_factory=list)  # with Options.collect
    fields: list[str] | None = None  # a JSONL record without the text field: the fields it has
    unparsed: bool = False  # a JSONL line that is no record (broken JSON, not an object): no fields to tell
    result: "Result | None" = None  # with Options.keep_result

    @property
    def is_end(self) -> bool:
        return self.item.kind == "end"


class Step:
    """Clean one item into its output lines; every failure becomes an error record."""

    def __init__(self, cleaner: Cleaner, options: Options, repeats: dict | None = None, learned: dict | None = None):
        self.cleaner = cleaner
        self.options = options
        self.repeats = repeats or {}  # host -> the rule file --repeats generated for it
        self.learned = learned or {}  # host -> the rule file --learn-sites induced for it

    def __call__(self, item: Item) -> Done:
        if item.kind == "end":
            return Done(Item(item.source, item.position, kind="end"))
        slim = Item(item.source, item.position, id=item.id, url=item.url, kind=item.kind)  # no payload back
        if item.kind == "error":
            return self.fail(slim, item.id, item.reason)
        done = self.attempt(item, slim)
        done.read = len(item.payload)
        return done

    def attempt(self, item: Item, slim: Item) -> Done:
        try:
            return self.clean(item, slim)
        except (DecodeError, LimitError) as exc:
            return self.fail(slim, item.id, str(exc))
        except ValueError as exc:  # a value the record could not hold
            return self.fail(slim, item.id, f"cannot clean: {exc}")

    def fail(self, item: Item, doc_id, reason: str) -> Done:
        return Done(item, error=ErrorRecord(item.source.path, item.position, doc_id, reason).to_dict())

    def unparsed(self, item: Item, reason: str) -> Done:
        done = self.fail(item, None, reason)
        done.unparsed = True
        return done

    def clean(self, item: Item, slim: Item) -> Done:
        opts = self.options
        passthrough = None
        content: str | bytes = item.payload
        doc_id, url = item.id, item.url or opts.url
        kind = item.document_kind
        if item.encoding:  # (DecodeError, LimitError: the document's error record)
            content = http_decoded(content, item.encoding, opts.max_bytes)
        if isinstance(content, bytes) and item.charset:  # what the server said the page is in
            try:
                content = content.decode(item.charset)
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong label: the decoder's own guess
        if item.source.format == "jsonl":
            try:
                obj = json.loads(item.payload)
            except (ValueError, UnicodeDecodeError) as exc:
                return self.unparsed(slim, f"invalid JSON: {exc}")
            if not isinstance(obj, dict):
                return self.unparsed(slim, f"not a JSON object but {type(obj).__name__}")
            doc_id = jsonl_id(obj, item, opts.id_field)
            # (an HTML field that is null holds no page: the text field's is cleaned)
            name = opts.html_field if opts.html_field and obj.get(opts.html_field) is not None else opts.text_field
            text = obj.get(name, _ABSENT)
            if text is _ABSENT:
                done = self.fail(slim, doc_id, f"no {opts.text_field!r} field"
                                 + (f" and no {opts.html_field!r} field" if opts.html_field else ""))
                done.fields = list(obj)  # (a wrong --text-field shows in what the records have)
                return done
            if not isinstance(text, str):
                return self.fail(slim, doc_id, f"{name!r} is {_json_type(text)}, not a string")
            kind = "html" if name == opts.html_field else kind
            url = obj.get(opts.url_field) if isinstance(obj.get(opts.url_field), str) else url
            content, passthrough, source = text, obj, name
        size = len(content) if isinstance(content, bytes) or content.isascii() else len(content.encode("utf-8", "surrogatepass"))
        if size > opts.max_bytes:
            return self.fail(slim, doc_id, f"document of {size} bytes is over --max-bytes {opts.max_bytes}")
        host = host_of(url)
        try:
            if opts.collect:  # the lines as the rules will see them (--repeats, suggest)
                return Done(slim, host=host, lines=self.cleaner.prepare(content, url, opts.site, kind).lines)
            extra = [self.repeats[host]] if host in self.repeats else []
            learned = self.learned.get(host)
            if learned is not None:
                extra.append(learned)
            result = self.cleaner.process(content, id=doc_id, url=url, site=opts.site, extra=extra, kind=kind)
        except (DecodeError, LimitError, ExtractionError) as exc:
            return self.fail(slim, doc_id, str(exc))
        record = result.record
        if opts.fmt == "text":
            out = record.text
        else:
            data = record.to_dict()
            if passthrough is not None:
                # Every input field kept but the page's own: a text dump's text is replaced by the
                # clean text, and an HTML page's field makes way for it (the raw page, some 30 times
                # the size of its text, is not carried on); the new fields added.
                if source != opts.text_field:  # (the text field keeps its place)
                    passthrough = {k: v for k, v in passthrough.items() if k != source}
                data = {**passthrough, opts.text_field: record.text, "site": record.site,
                        "captions": data["captions"], "metadata": record.metadata}
                if data.get("id") is None:  # none, or null: the id the caption and metadata streams give
                    data["id"] = record.id
            elif item.url:  # a WARC record's target URI travels with its record
                data = {"id": data["id"], "url": item.url, **{k: v for k, v in data.items() if k != "id"}}
            out = dumps(data, indent=2 if opts.fmt == "json" else None)
        done = Done(slim, out=out, result=result if opts.keep_result else None)
        if opts.streams:
            done.captions = [dumps(c) for c in record.caption_records()]
            done.metadata = dumps(record.metadata_record())
        done.stats = {
            "removed": result.removed_by_rule(),
            "captions": len(record.captions),
            "fields": [k for k, v in record.metadata.items() if v not in (None, [], {})],
            "bytes": size,
            # what the guards did: shared rules undone ("fallback", "blocks", "fallback+blocks" or "shared"), lines the model gave back
            "guards": result.guards(),
        }
        if learned is not None:
            done.stats["learned"] = [host, *taken(result, learned)]
        return done


_ABSENT = object()


def jsonl_id(obj: dict, item: Item, id_field: str) -> str:
    """A JSONL record's id: its id field, else ``<input name>:<line>``."""
    raw_id = obj.get(id_field)
    return str(raw_id) if raw_id is not None else f"{item.source.name}:{item.position}"


def _json_type(value) -> str:
    return "null" if value is None else {bool: "a boolean", int: "a number", float: "a number",
                                         list: "an array", dict: "an object"}.get(type(value), type(value).__name__)


# --- running in parallel ------------------------------------------------------------------------

_STEP: Step | None = None


def _init_worker(step: Step, parent: int) -> None:
    global _STEP
    _STEP = step  # the whole step, rules and settings and all, as the parent made it
    # A worker whose parent is killed outright (SIGKILL, the OOM killer) would wait for work for
    # ever; it watches its parent and leaves when the parent is gone. The parent's pid comes from
    # the parent: read here, it would be init's when the parent died before this worker started.

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="cleaner-parent-watch").start()


def _work(batch: list[Item]) -> list[Done]:
    return [_STEP(item) for item in batch]


def _batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def run(items: Iterable[Item], step: Step, jobs: int = 1, batch_size: int = 64) -> Iterator[Done]:
    """Results in input order. With jobs > 1, batches go to worker processes, a bounded number at a
    time (memory stays flat), and each worker loads the rules once. An input of less than one
    batch is cleaned in this process: starting workers would cost more than they save."""
    if jobs <= 1:
        for item in items:
            yield step(item)
        return
    batches = _batches(items, batch_size)
    first = next(batches, [])
    if len(first) < batch_size:  # the whole input
        for item in first:
            yield step(item)
        return
    window: deque = deque()
    from concurrent.futures import ProcessPoolExecutor  # (imported for --jobs only: it costs 5 ms at startup)

    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(step, os.getpid())) as pool:
        for batch in chain([first], batches):
            window.append(pool.submit(_work, batch))
            if len(window) >= 3 * jobs:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


@dataclass
class Stats:
    """What a run did, for the summary on stderr and --stats."""

    documents_in: int = 0
    documents_out: int = 0
    errors: int = 0
    bytes_in: int = 0
    captions: int = 0
    removed_by_rule: Counter = field(default_factory=Counter)
    fields_found: Counter = field(default_factory=Counter)
    guarded: Counter = field(default_factory=Counter)  # pages where a guard acted, by what it did
    sources: int = 0
    sources_skipped: int = 0
    repeats: dict = field(default_factory=dict)  # host -> what --repeats found there
    learned: dict = field(default_factory=dict)  # host -> what --learn-sites learned there (set at the end)
    learned_removed: dict = field(default_factory=dict)  # host -> [lines, words] its learned rules took

    def add(self, done: Done) -> None:
        if done.is_end:
            self.sources += 1
            return
        self.documents_in += 1
        if done.error is not None:
            self.errors += 1
            return
        self.documents_out += 1
        s = done.stats or {}
        self.bytes_in += s.get("bytes", 0)
        self.captions += s.get("captions", 0)
        self.removed_by_rule.update(s.get("removed", {}))
        self.fields_found.update(s.get("fields", []))
        self.guarded.update(s.get("guards", []))
        if "learned" in s:
            host, lines, words = s["learned"]
            total = self.learned_removed.setdefault(host, [0, 0])
            total[0] += lines
            total[1] += words

    def add_totals(self, totals: dict) -> None:
        """Count in another run's ``to_dict()``: an input --resume found complete."""
        self.documents_in += totals["documents_in"]
        self.documents_out += totals["documents_out"]
        self.errors += totals["errors"]
        self.bytes_in += totals["bytes_in"]
        self.sources += totals["sources"]
        self.captions += totals["captions"]
        self.removed_by_rule.update(totals["lines_removed_by_rule"])
        self.fields_found.update(totals["metadata_fields_found"])
        self.guarded.update(totals.get("pages_guarded", {}))  # (absent from the files of older runs)

    def to_dict(self) -> dict:
        return {
            "documents_in": self.documents_in,
            "documents_out": self.documents_out,
            "errors": self.errors,
            "bytes_in": self.bytes_in,
            "sources": self.sources,
            "sources_skipped": self.sources_skipped,
            "captions": self.captions,
            "lines_removed_by_rule": dict(sorted(self.removed_by_rule.items())),
            "metadata_fields_found": dict(sorted(self.fields_found.items())),
            "pages_guarded": dict(sorted(self.guarded.items())),
            **({"repeats": self.repeats} if self.repeats else {}),
            **({"learned": self.learned} if self.learned else {}),
        }

    def summary(self) -> str:
        lines_removed = sum(self.removed_by_rule.values())
        text = (f"{self.documents_in} documents in, {self.documents_out} out, {self.errors} errors; "
                f"{self.bytes_in / 1e6:.1f} MB; {lines_removed} lines removed by "
                f"{len(self.removed_by_rule)} rules; {self.captions} captions")
        for host, found in self.repeats.items():
            removed = self.removed_by_rule.get(found["rule"], 0)
            text += (f"\n  {found['rule']}: {found['repeated_lines']} lines recur in {host}'s "
                     f"{found['documents']} documents; {removed} removed")
        for host, found in self.learned.items():
            if found["rules"] or found.get("error"):
                text += (f"\n  learned {host}: {found['rules']} rules from {found['pages_read']} of its "
                         f"{found['pages']} pages; {found['lines_removed']} lines, {found['words_removed']} words removed"
                         + (f" (induction failed: {found['error']})" if found.get("error") else ""))
        small = [found for found in self.learned.values() if found.get("why")]
        if small:
            text += f"\n  learned nothing from {len(small)} hosts with too few pages ({small[0]['why']})"
        past = self.learned.get("(hosts past --learn-hosts)")
        if past:
            text += f"\n  learned nothing for {past['pages']} documents of hosts past --learn-hosts"
        return text
