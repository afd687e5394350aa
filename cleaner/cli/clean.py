"""``cleaner clean``: inputs to records, one output per input or one stream, on N processes."""

from __future__ import annotations

import json
import os
from collections import Counter, deque
from contextlib import ExitStack, closing
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterator, List, Optional

import typer

from cleaner.html import MODES as HTML_MODES
from cleaner.record import dumps
from cleaner import limits
from cleaner.corpus.pipeline import Done, Options, Stats, Step, default_jobs, run
from cleaner.corpus.readers import DEFAULT_MAX_BYTES
from cleaner.corpus.progress import Progress
from cleaner.corpus.readers import read_items
from cleaner.authoring.learn import DEFAULT_HOSTS, DEFAULT_MIN, DEFAULT_PAGES, LearnError, Learner
from cleaner.authoring.repeats import RepeatCounter
from cleaner.corpus.sinks import atomic_writer, remove_output, remove_stale_temps, remove_stale_temps_of
from cleaner.cli.common import (EXIT_OK, EXIT_RUNTIME, EXIT_USAGE, Format, GenericOpt, InputFormat, ProfileOpt,
                                RulesOpt, SiteOpt, app, check_outputs, fail, make_cleaner, report_error,
                                sources_of)


FIELD_CHECK = 100  # the first records of a run: when none has the text field, its name is wrong
HELD_MOST = 10 * FIELD_CHECK  # results held back meanwhile (broken lines, ends of empty inputs): no more


@app.command()
def clean(
    paths: List[str] = typer.Argument(..., help="Files, folders, globs, or - for stdin: .txt[.gz|.zst], .html[.gz|.zst], .jsonl[.gz|.zst], .warc[.gz|.zst], .wet[.gz]."),
    fmt: Optional[Format] = typer.Option(None, "--format", "-f", help="text, json (the record) or jsonl (one record a line). Default: as -o's name says (.jsonl, .json), else jsonl for JSONL and WARC inputs, else text."),
    output_arg: Optional[str] = typer.Option(None, "--output", "-o", help="A file (.gz and .zst compress), or a folder (a name ending in /, an existing folder, or a name without extension for several inputs): one output per input there."),
    captions_out: Optional[Path] = typer.Option(None, "--captions-out", help="Write caption records (JSONL, one per caption)."),
    metadata_out: Optional[Path] = typer.Option(None, "--metadata-out", help="Write metadata records (JSONL, one per document)."),
    split: bool = typer.Option(False, "--split", help="With -o FOLDER: also write <input>.captions.jsonl and <input>.metadata.jsonl."),
    errors_out: Optional[Path] = typer.Option(None, "--errors", help="Write error records (JSONL: input, position, id, reason) here."),
    allow_errors: bool = typer.Option(False, "--allow-errors", help="Exit 0 even when some documents became error records."),
    stats_out: Optional[Path] = typer.Option(None, "--stats", help="Write the run's statistics as JSON."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="Worker processes (default: all cores). Output is the same for any number."),
    resume: bool = typer.Option(False, "--resume", help="Skip inputs whose outputs are already complete."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="Progress on stderr: a bar on a terminal, elsewhere a line every 5 seconds (default: on a terminal only)."),
    input_format: Optional[InputFormat] = typer.Option(None, "--input-format", help="Read every input as this format (default: a file's by its extension, stdin's by its first bytes)."),
    text_field: str = typer.Option("text", "--text-field", help="JSONL: the field holding the page."),
    id_field: str = typer.Option("id", "--id-field", help="JSONL: the field holding the document id."),
    url_field: str = typer.Option("url", "--url-field", help="JSONL: the field holding the page url."),
    html_field: Optional[str] = typer.Option(None, "--html-field", help="JSONL: a field holding the page as HTML (used when present and not null; else the --text-field)."),
    extract_mode: str = typer.Option("fast", "--extract", help="HTML body extraction (trafilatura): fast (the default: its main extractor, or readability's text where the page holds text the first left unread and readability finds as many words, a quarter of them new), balanced, precision or recall."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", min=1, help="A larger document becomes an error record."),
    max_line: int = typer.Option(limits.DEFAULT_MAX_LINE, "--max-line", min=1, help="A document with a longer line (in characters) becomes an error record."),
    max_decompressed: int = typer.Option(limits.DEFAULT_MAX_DECOMPRESSED, "--max-decompressed", min=1, help="A compressed input that inflates past this many bytes stops with an error record."),
    rule_seconds: float = typer.Option(limits.DEFAULT_RULE_SECONDS, "--rule-seconds", min=0.01, help="CPU time the rules may take on one document; past it the document becomes an error record naming the rule."),
    repeats: bool = typer.Option(False, "--repeats", help="Treat lines recurring verbatim in many documents of one host (by url) as that host's chrome."),
    repeats_min: int = typer.Option(5, "--repeats-min", min=2, help="With --repeats: in how many documents of a host a line must recur."),
    learn_sites: bool = typer.Option(False, "--learn-sites", help="Read the corpus once to induce rules per host (by url), as cleaner suggest does, then clean each host's documents with its rules added. docs/suggest.md."),
    learn_min: int = typer.Option(DEFAULT_MIN, "--learn-min", min=2, help="With --learn-sites: the pages a host needs for rules to be induced."),
    learn_pages: int = typer.Option(DEFAULT_PAGES, "--learn-pages", min=2, help="With --learn-sites: rules are induced from each host's first this many pages (memory: see docs/suggest.md)."),
    learn_hosts: int = typer.Option(DEFAULT_HOSTS, "--learn-hosts", min=1, help="With --learn-sites: follow at most this many hosts (the first seen); later hosts' pages are cleaned without learned rules."),
    learned_rules: Optional[Path] = typer.Option(None, "--learned-rules", help="With --learn-sites: write each host's induced rule file here (<host>.toml), for review."),
    site: Optional[str] = SiteOpt,
    url: Optional[str] = typer.Option(None, "--url", help="The page's url (for site recognition), with a single input."),
    rules: List[Path] = RulesOpt,
    profile: str = ProfileOpt,
    generic: str = GenericOpt,
) -> None:
    """Clean pages: print the article text, or write the records."""
    sources = sources_of(paths, input_format, tell_left_out=True)
    if url and len(sources) > 1:
        raise fail("--url goes with a single input", EXIT_USAGE)
    cleaner = make_cleaner(rules, profile, generic)
    if extract_mode not in HTML_MODES:
        raise fail(f"--extract {extract_mode}: choose one of {', '.join(HTML_MODES)}", EXIT_USAGE)
    cleaner.html_mode, cleaner.max_line, cleaner.rule_seconds = extract_mode, max_line, rule_seconds
    if site is not None and site not in cleaner.rules.sites:
        raise fail(f"--site {site}: no rule file describes this site", EXIT_USAGE)
    output = Path(output_arg) if output_arg else None
    containers = any(s.is_container for s in sources)
    if fmt is None:  # what the output's name says, else records for corpora and text for pages
        named = output.name.removesuffix(".gz").removesuffix(".zst") if output is not None else ""
        fmt = (Format.jsonl if named.endswith((".jsonl", ".ndjson")) else Format.json if named.endswith(".json")
               else Format.jsonl if containers else Format.text)
    folder = output is not None and (output.is_dir() or output_arg.endswith(("/", os.sep))
                                     or (len(sources) > 1 and output.suffix == ""))
    if fmt is Format.json and (containers or (len(sources) > 1 and not folder)):
        fmt = Format.jsonl
    if folder and (captions_out or metadata_out):
        raise fail("with -o FOLDER, --split writes captions and metadata beside each output", EXIT_USAGE)
    if split and not folder:
        raise fail("--split goes with -o FOLDER; otherwise use --captions-out and --metadata-out", EXIT_USAGE)

    for flag, on in (("--repeats", repeats), ("--learn-sites", learn_sites)):
        if on and any(s.path == "-" for s in sources):
            raise fail(f"{flag} reads the input twice: it cannot read stdin", EXIT_USAGE)
    if learned_rules is not None and not learn_sites:
        raise fail("--learned-rules goes with --learn-sites", EXIT_USAGE)
    if learn_sites and learn_min > learn_pages:
        raise fail(f"--learn-min {learn_min} is over --learn-pages {learn_pages}: no host could be learned", EXIT_USAGE)
    if resume and output is None:
        raise fail("--resume goes with -o: it picks up the output files a killed run left", EXIT_USAGE)
    renamed: dict = {}  # each file output's place: -o FOLDER's files may not be another output's
    check_outputs({"-o": output_arg, "--captions-out": captions_out, "--metadata-out": metadata_out,
                   "--errors": errors_out, "--stats": stats_out}, resume, folder="-o" if folder else None, renamed=renamed)
    check_outputs({"--learned-rules": learned_rules}, folder="--learned-rules")
    files = folder_files(output, sources, fmt, split, resume, renamed) if folder else None
    options = Options(fmt=fmt.value, text_field=text_field, id_field=id_field, url_field=url_field,
                      max_bytes=max_bytes, site=site, url=url, html_field=html_field,
                      streams=bool(captions_out or metadata_out or split))
    runner = Runner(Step(cleaner, options), jobs or default_jobs(), progress,
                    {"max_bytes": max_bytes, "max_decompressed": max_decompressed})
    learner = Learner(learn_min, learn_pages, learn_hosts, learned_rules) if learn_sites else None
    if repeats or learner:
        runner.first_pass(sources, RepeatCounter(repeats_min) if repeats else None, learner)
    try:
        if folder:
            runner.to_folder(output, sources, files, fmt, errors_out, stats_out, resume)
        else:
            runner.to_stream(output, sources, fmt, captions_out, metadata_out, errors_out, stats_out, resume)
    except BrokenPipeError as exc:  # the reader stopped early: the run ends there, a failed input still fails it (main)
        exc.exit_code = EXIT_RUNTIME if runner.stats.errors and not allow_errors else EXIT_OK
        raise
    stats = runner.stats
    if learner is not None:
        stats.learned = learner.report(stats.learned_removed)
    if stats_out:
        with atomic_writer(stats_out) as stream:
            stream.write(dumps(stats.to_dict(), indent=2) + "\n")
    if stats.documents_in > 1 or stats.errors or progress:
        typer.echo(f"cleaner: {stats.summary()}", err=True)
    if stats.errors and not allow_errors:
        raise typer.Exit(EXIT_RUNTIME)


@dataclass(frozen=True)
class InputFiles:
    """What -o FOLDER writes for one input: its output, and beside it its statistics, its error
    records (when it had any) and, with --split, its captions and metadata."""

    out: Path
    stats: Path
    errors: Path
    captions: Optional[Path] = None
    metadata: Optional[Path] = None

    def all(self) -> list:
        return [p for p in (self.out, self.stats, self.errors, self.captions, self.metadata) if p is not None]

    def finished(self) -> Optional[dict]:
        """The input's statistics when a run finished it (its output is renamed into place last)."""
        if all(p.exists() for p in (self.out, self.captions, self.metadata) if p is not None):
            return read_totals(self.stats)
        return None


def folder_files(folder: Path, sources, fmt, split: bool, resume: bool, renamed: dict | None = None) -> dict:
    """Each input's files in -o FOLDER (checked, before any work starts; none the place of another
    output in ``renamed``)."""
    ext = {"text": ".txt", "json": ".json", "jsonl": ".jsonl"}[fmt.value]
    files, taken = {}, set()
    for source in sources:
        compressed = source.path[source.path.rindex("."):].lower() if source.is_container and source.path.lower().endswith((".gz", ".zst")) else ""
        base = folder / source.under / source.name  # (a subfolder of a folder given stays one)
        files[source] = InputFiles(base.with_name(f"{source.name}{ext}{compressed}"), Path(f"{base}.stats.json"),
                                   Path(f"{base}.errors.jsonl"), Path(f"{base}.captions.jsonl") if split else None,
                                   Path(f"{base}.metadata.jsonl") if split else None)
        for path in files[source].all():
            if path in taken:
                raise fail(f"two inputs would both write {path}: give them different names", EXIT_USAGE)
            taken.add(path)
        for path in files[source].all():
            check_outputs({"-o": path}, resume, probe=False, renamed=renamed)
    return files


def read_totals(path) -> Optional[dict]:
    """The statistics a finished run wrote (--stats, an input's stats file); None when there are none."""
    try:
        totals = json.loads(Path(path).read_text(encoding="utf-8"))
        Stats().add_totals(totals)  # (all there, and numbers)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return totals


class Runner:
    """Drives one `clean` run: items through the pipeline, results into the outputs, stats counted."""

    def __init__(self, step: Step, jobs: int, progress: Optional[bool], read: dict):
        self.step, self.jobs, self.read = step, jobs, read
        self.stats = Stats()
        self.show_progress = progress

    def items(self, sources):
        return (item for source in sources for item in read_items(source, **self.read))

    def first_pass(self, sources, counter: "RepeatCounter | None", learner: "Learner | None") -> None:
        """The first pass of --repeats (count lines per host) and --learn-sites (induce rules per
        host), one reading for both; the second pass cleans with the rules they made."""
        collect = Step(self.step.cleaner, replace(self.step.options, collect=True))
        try:
            for done in run(self.items(sources), collect, self.jobs):
                if done.error is None and not done.is_end:
                    if counter is not None:
                        counter.add(done.host, done.lines)
                    if learner is not None:
                        learner.add(done.host, done.lines)
            learned = learner.finish() if learner is not None else {}
        except LearnError as exc:
            raise fail(str(exc), EXIT_RUNTIME) from None
        for host in learner.failed if learner is not None else []:
            typer.echo(f"cleaner: --learn-sites: {host.name}: induction failed ({host.error}); "
                       "its pages are cleaned without learned rules", err=True)
        self.step = Step(self.step.cleaner, self.step.options, counter.rules() if counter else None, learned)
        if counter is not None:
            self.stats.repeats = counter.report()

    def results(self, sources) -> "Iterator[Done]":
        progress = Progress(self.show_progress, sources)  # of the inputs this run reads (--resume skips some)
        try:
            for done in self.field_checked(run(self.items(sources), self.step, self.jobs)):
                self.stats.add(done)
                progress.advance(done, self.stats.documents_in, self.stats.errors)
                yield done
        finally:
            progress.close()

    def field_checked(self, results: "Iterator[Done]") -> "Iterator[Done]":
        """The results; but when the run's first documents are all JSONL records without the text
        field (the first FIELD_CHECK, or all of them when fewer), the field's name is wrong: one
        usage error naming the fields they have, instead of an error line for every record. A line
        that is no record (broken JSON) says nothing either way: it is held, not counted."""
        held: list[Done] | None = []  # the results up to now, while every document lacks the field
        fields: Counter = Counter()
        count = 0
        with closing(results):  # stopped early: the workers are shut down here, not by the collector
            for done in results:
                if (held is not None and (done.is_end or done.fields is not None or done.unparsed)
                        and len(held) < HELD_MOST):
                    held.append(done)
                    if done.fields is not None:
                        count += 1
                        fields.update(done.fields)
                        if count == FIELD_CHECK:
                            raise self.wrong_field(count, fields)
                    continue
                if held:
                    yield from held
                held = None
                yield done
        if held is not None and count:  # every document of the run lacked the field
            raise self.wrong_field(count, fields)
        yield from held or []

    def wrong_field(self, count: int, fields: Counter) -> typer.Exit:
        opts = self.step.options
        named = f"--text-field {opts.text_field}" + (f" (or --html-field {opts.html_field})" if opts.html_field else "")
        found = ", ".join(f"{name} ({n})" for name, n in sorted(fields.items(), key=lambda f: (-f[1], f[0]))[:12])
        which = f"none of the first {count} records" if count == FIELD_CHECK else f"none of the {count} records"
        lacking = f"{which} has such a field; their" if count > 1 else "the one record has no such field; its"
        return fail(f"{named}: {lacking} fields: {found or 'none'}", EXIT_USAGE)

    def to_stream(self, output, sources, fmt, captions_out, metadata_out, errors_out, stats_out, resume) -> None:
        if resume:  # all or nothing: complete with every file the run writes, or cleaned again
            side = [Path(p) for p in (captions_out, metadata_out, errors_out) if p]
            totals = read_totals(stats_out) if stats_out else {}
            if output.exists() and all(p.exists() for p in side) and totals is not None:
                if totals:
                    self.stats.add_totals(totals)
                self.stats.sources_skipped = len(sources)
                typer.echo(f"cleaner: {output} is complete; nothing to resume", err=True)
                return
            for path in (output, *side, stats_out):
                remove_stale_temps_of(path)
        with _Outputs(output, captions_out, metadata_out) as outputs, ExitStack() as stack:
            errs = stack.enter_context(atomic_writer(errors_out)) if errors_out else None
            for done in self.results(sources):
                if done.error is not None:
                    report_error(done.error, errs)
                elif not done.is_end:
                    outputs.write(done, fmt)

    def to_folder(self, folder: Path, sources, files: dict, fmt, errors_out, stats_out, resume) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        finished = {}  # the inputs an earlier run finished: counted in from their statistics
        if resume:
            for where in sorted({folder} | {p.parent for f in files.values() for p in f.all()}):
                remove_stale_temps(where)
            remove_stale_temps_of(errors_out)
            remove_stale_temps_of(stats_out)
            finished = {s: totals for s in sources if (totals := files[s].finished()) is not None}
            for totals in finished.values():
                self.stats.add_totals(totals)
        self.stats.sources_skipped = len(finished)
        todo = [s for s in sources if s not in finished]
        order = {s: n for n, s in enumerate(sources)}
        earlier = deque(s for s in sources if s in finished)

        def copy_errors(before: int) -> None:  # the finished inputs' error records, in input order
            while earlier and order[earlier[0]] < before:
                path = files[earlier.popleft()].errors
                if errs is not None and path.exists():
                    with open(path, encoding="utf-8") as stream:
                        errs.writelines(stream)

        with ExitStack() as run_stack:
            errs = run_stack.enter_context(atomic_writer(errors_out)) if errors_out else None
            shard = None  # the open outputs of the current source
            for done in self.results(todo):
                source = done.item.source
                if shard is None:
                    copy_errors(order[source])
                    f = files[source]
                    shard = _Outputs(f.out, f.captions, f.metadata, errors=f.errors, stats=f.stats)
                    shard.__enter__()
                shard.counts.add(done)
                if done.is_end:
                    shard.__exit__(None, None, None)
                    shard = None
                elif done.error is not None:
                    shard.errors.append(done.error)
                    report_error(done.error, errs)
                else:
                    shard.write(done, fmt)
            copy_errors(len(sources))


class _Outputs:
    """Where one run's (or, in a folder, one input's) records go: the main output, the caption and
    metadata streams when asked for, and in a folder the input's error records and statistics beside
    them. The main output is renamed into place last, so that its presence means all of it is
    complete (what --resume looks for)."""

    def __init__(self, out, captions=None, metadata=None, errors: Path | None = None, stats: Path | None = None):
        self.paths = (out, captions or None, metadata or None)
        self.errors_path, self.errors = errors, []
        self.stats_path, self.counts = stats, Stats()
        self.first = True

    def __enter__(self) -> "_Outputs":
        self.stack = ExitStack()
        out, captions, metadata = self.paths
        self.out = self.stack.enter_context(atomic_writer(out))
        self.caps = self.stack.enter_context(atomic_writer(captions)) if captions else None
        self.metas = self.stack.enter_context(atomic_writer(metadata)) if metadata else None
        return self

    def write(self, done: Done, fmt: Format) -> None:
        if fmt is Format.text and not self.first:
            self.out.write("\n")  # a blank line between documents
        self.out.write(done.out + "\n")
        self.first = False
        write_streams(done, self.caps, self.metas)

    def __exit__(self, *exc) -> bool:
        if self.errors_path is not None and exc[0] is None:
            if self.errors:
                with atomic_writer(self.errors_path) as stream:
                    for error in self.errors:
                        stream.write(dumps(error) + "\n")
            else:
                remove_output(self.errors_path)
        if self.stats_path is not None and exc[0] is None:
            with atomic_writer(self.stats_path) as stream:
                stream.write(dumps(self.counts.to_dict(), indent=2) + "\n")
        return self.stack.__exit__(*exc)


def write_streams(done: Done, caps, metas) -> None:
    if caps is not None:
        for line in done.captions:
            caps.write(line + "\n")
    if metas is not None and done.metadata is not None:
        metas.write(done.metadata + "\n")
