"""The command line: a thin typer layer over the engine.

Data goes to stdout (or the files named), diagnostics to stderr, one line each. Exit codes:
0 all done; 1 some input could not be cleaned (the rest was); 2 usage or rule-file errors.
"""

from __future__ import annotations

import atexit
import gc
import json
import os
import shlex
import sys
from collections import Counter, deque
from contextlib import ExitStack, closing
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from typing import Iterator, List, Optional

import typer

from cleaner.engine import Cleaner
from cleaner.html import MODES as HTML_MODES
from cleaner.text.normalize import PROFILES, DecodeError
from cleaner.record import dumps
from cleaner.rules import RuleError
from cleaner import limits
from cleaner.corpus.pipeline import Done, Options, Stats, Step, default_jobs, run
from cleaner.corpus.readers import DEFAULT_MAX_BYTES
from cleaner.corpus.progress import Progress
from cleaner.corpus.readers import InputError, find_sources, read_items
from cleaner.authoring.learn import DEFAULT_HOSTS, DEFAULT_MIN, DEFAULT_PAGES, LearnError, Learner
from cleaner.authoring.repeats import RepeatCounter
from cleaner.corpus.sinks import (OutputError, atomic_writer, check_output, remove_output, remove_stale_temps,
                           remove_stale_temps_of)

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Strip a site's chrome from scraped pages: clean text plus caption and metadata records.",
)

EXIT_OK, EXIT_RUNTIME, EXIT_USAGE = 0, 1, 2
FIELD_CHECK = 100  # the first records of a run: when none has the text field, its name is wrong


class Format(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


def fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"cleaner: {message}", err=True)
    return typer.Exit(code)


def make_cleaner(rules: list[Path], profile: str, generic: str = "off") -> Cleaner:
    if profile not in PROFILES:
        raise fail(f"--profile {profile}: choose one of {', '.join(PROFILES)}", EXIT_USAGE)
    if generic not in GENERIC:
        raise fail(f"--generic {generic}: choose one of {', '.join(GENERIC)}", EXIT_USAGE)
    try:
        return Cleaner(rule_dirs=rules, profile=profile, generic=generic)
    except RuleError as exc:
        raise fail(str(exc), EXIT_USAGE) from None


def show_version(value: bool) -> None:
    if value:
        from cleaner import __version__

        typer.echo(f"cleaner {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=show_version, is_eager=True, help="Print the version."),
) -> None:
    """Strip a site's chrome from scraped pages: clean text plus caption and metadata records."""


def sources_of(paths: list[str], input_format: "InputFormat | None" = None) -> list:
    """The inputs the paths name; a path that names none is a usage error."""
    try:
        return find_sources(paths, input_format.value if input_format else None)
    except InputError as exc:
        raise fail(str(exc), EXIT_USAGE) from None


RulesOpt = typer.Option([], "--rules", help="A folder of rule files; its files override bundled ones of the same site. Repeatable.")
ProfileOpt = typer.Option("conservative", "--profile", help="Normalisation: conservative, or aggressive (straight quotes, NFKC).")
SiteOpt = typer.Option(None, "--site", help="Use this site's rules instead of recognising the site.")
GENERIC = ("conservative", "balanced", "aggressive", "off")
GenericOpt = typer.Option("off", "--generic", help="The line model on text dumps of sites with no complete rule file: conservative (keeps the most body), balanced, aggressive (takes the most chrome), or off (shared rules only; the default for now). docs/linemodel.md.")


class InputFormat(str, Enum):
    text = "text"
    html = "html"
    jsonl = "jsonl"
    warc = "warc"


@app.command()
def clean(
    paths: List[str] = typer.Argument(..., help="Files, folders, globs, or - for stdin: .txt, .html, .jsonl[.gz|.zst], .warc[.gz], .wet[.gz]."),
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
    html_field: Optional[str] = typer.Option(None, "--html-field", help="JSONL: a field holding the page as HTML (used when present)."),
    extract_mode: str = typer.Option("fast", "--extract", help="HTML body extraction (trafilatura): fast (the default: its main extractor, and where that finds under 400 words, readability's text when it finds 1.5 times as many), balanced, precision or recall."),
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
    sources = sources_of(paths, input_format)
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
    check_outputs({"-o": output_arg, "--captions-out": captions_out, "--metadata-out": metadata_out,
                   "--errors": errors_out, "--stats": stats_out}, resume, folder="-o" if folder else None)
    check_outputs({"--learned-rules": learned_rules}, folder="--learned-rules")
    files = folder_files(output, sources, fmt, split, resume) if folder else None
    options = Options(fmt=fmt.value, text_field=text_field, id_field=id_field, url_field=url_field,
                      max_bytes=max_bytes, site=site, url=url, html_field=html_field,
                      streams=bool(captions_out or metadata_out or split))
    runner = Runner(Step(cleaner, options), jobs or default_jobs(), progress,
                    {"max_bytes": max_bytes, "max_decompressed": max_decompressed})
    learner = Learner(learn_min, learn_pages, learn_hosts, learned_rules) if learn_sites else None
    if repeats or learner:
        runner.first_pass(sources, RepeatCounter(repeats_min) if repeats else None, learner)
    if folder:
        runner.to_folder(output, sources, files, fmt, errors_out, stats_out, resume)
    else:
        runner.to_stream(output, sources, fmt, captions_out, metadata_out, errors_out, stats_out, resume)
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


def check_outputs(paths: dict, resume: bool = False, folder: str | None = None, probe: bool = True) -> None:
    """Every output path (option -> path; ``folder`` names the option that is a folder) checked
    before any work starts: one line and exit 2 for a path nothing could be written at."""
    for option, path in paths.items():
        try:
            check_output(path, folder=option == folder, resume=resume, probe=probe)
        except OutputError as exc:
            raise fail(f"{option} {exc}", EXIT_USAGE) from None


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


def folder_files(folder: Path, sources, fmt, split: bool, resume: bool) -> dict:
    """Each input's files in -o FOLDER (checked, before any work starts)."""
    ext = {"text": ".txt", "json": ".json", "jsonl": ".jsonl"}[fmt.value]
    files, taken = {}, set()
    for source in sources:
        compressed = source.path[source.path.rindex("."):] if source.is_container and source.path.endswith((".gz", ".zst")) else ""
        base = folder / source.name
        files[source] = InputFiles(folder / f"{source.name}{ext}{compressed}", Path(f"{base}.stats.json"),
                                   Path(f"{base}.errors.jsonl"), Path(f"{base}.captions.jsonl") if split else None,
                                   Path(f"{base}.metadata.jsonl") if split else None)
        for path in files[source].all():
            if path in taken:
                raise fail(f"two inputs would both write {path}: give them different names", EXIT_USAGE)
            taken.add(path)
        for path in files[source].all():
            check_outputs({"-o": path}, resume, probe=False)
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
        usage error naming the fields they have, instead of an error line for every record."""
        held: list[Done] | None = []  # the results up to now, while every document lacks the field
        fields: Counter = Counter()
        count = 0
        with closing(results):  # stopped early: the workers are shut down here, not by the collector
            for done in results:
                if held is not None and (done.is_end or done.fields is not None):
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
            remove_stale_temps(folder)
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


def report_error(error: dict, errs) -> None:
    if errs is not None:
        errs.write(dumps(error) + "\n")
    else:
        where = error["input"] if error["position"] <= 0 else f"{error['input']}:{error['position']}"
        typer.echo(f"cleaner: {where}: {error['reason']}", err=True)


DEST_COLOURS = {"body": None, "blank": "bright_black", "removed": "red", "caption": "cyan", "credit": "cyan",
                "alt": "cyan"}


@app.command()
def explain(
    path: str = typer.Argument(..., help="A page (a file, or - for stdin), or a JSONL or WARC file with --id or --index."),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="text (a table), json (a JSON array, one object a line) or jsonl (JSON lines: one object a line, no array)."),
    doc_id: Optional[str] = typer.Option(None, "--id", help="In a JSONL or WARC file: the record with this id (JSONL: --id-field; WARC: the WARC-Record-ID)."),
    index: Optional[int] = typer.Option(None, "--index", min=1, help="In a JSONL or WARC file: the record at this position, as error records give it: its line in a JSONL file, its record number in a WARC file."),
    text_field: str = typer.Option("text", "--text-field", help="JSONL: the field holding the page."),
    id_field: str = typer.Option("id", "--id-field", help="JSONL: the field holding the document id."),
    url_field: str = typer.Option("url", "--url-field", help="JSONL: the field holding the page url."),
    html_field: Optional[str] = typer.Option(None, "--html-field", help="JSONL: a field holding the page as HTML (used when present)."),
    site: Optional[str] = SiteOpt,
    url: Optional[str] = typer.Option(None, "--url", help="The page's url (for site recognition)."),
    rules: List[Path] = RulesOpt,
    profile: str = ProfileOpt,
    generic: str = GenericOpt,
) -> None:
    """Show where every line of a page goes (body, caption, metadata, removed) and which rule sent it."""
    from cleaner.authoring.explain import ftfy_steps, guard_notes, repairs

    sources = sources_of([path])
    if len(sources) != 1:
        raise fail(f"{path}: explain takes one file", EXIT_USAGE)
    (source,) = sources
    if doc_id is not None and index is not None:
        raise fail("--id and --index: give one of them, not both", EXIT_USAGE)
    if source.is_container and doc_id is None and index is None:
        raise fail(f"{path}: a {source.format} file holds many documents: pick one with --id or --index", EXIT_USAGE)
    if not source.is_container and (doc_id is not None or index is not None):
        raise fail(f"{path}: --id and --index pick a record in a JSONL or WARC file; this is one page", EXIT_USAGE)
    cleaner = make_cleaner(rules, profile, generic)
    item = pick(source, doc_id, index, id_field) if source.is_container else next(read_items(source))
    clean_one = Step(cleaner, Options(text_field=text_field, id_field=id_field, url_field=url_field,
                                      html_field=html_field, site=site, url=url, keep_result=True))
    try:
        done = clean_one(item)
    except RuleError as exc:
        raise fail(str(exc), EXIT_USAGE) from None
    if done.error is not None:
        report_error(done.error, None)
        raise typer.Exit(EXIT_RUNTIME)
    result = done.result
    if fmt is Format.json:
        typer.echo("[\n" + ",\n".join(dumps(f.to_dict()) for f in result.fates) + "\n]")
        return
    if fmt is Format.jsonl:
        typer.echo("".join(dumps(f.to_dict()) + "\n" for f in result.fates), nl=False)
        return
    fixed = {r.line: r for r in repairs(result)}
    kind = "lines of the text extracted from the HTML page" if result.html else "lines"
    typer.echo(f"# {result.record.id}: site {result.record.site or '(none: shared rules only)'}, {len(result.fates)} {kind}")
    for step in [] if result.html else ftfy_steps(result.source, cleaner.profile):
        typer.echo(f"# repair (ftfy): {step}")
    for note in guard_notes(result, cleaner):
        typer.echo(f"# {note}")
    width = max([len(f.dest) for f in result.fates] + [4])
    for fate in result.fates:
        colour = DEST_COLOURS.get(fate.dest, "yellow" if fate.dest.startswith("metadata.") else None)
        mark = "~" if fate.line in fixed else " "
        typer.secho(f"{fate.line:>5}{mark} {fate.dest:<{width}}  ", fg=colour, nl=False)
        typer.echo(fate.text, nl=False)
        kept = "" if fate.kept is None else " (the whole line stays body)" if fate.kept == fate.text \
            else f" (body keeps: {fate.kept})"
        why = f" ({fate.why})" if fate.why and fate.rule else f"  [{fate.why}]" if fate.why else ""
        typer.secho(f"  <- {fate.rule.ref}{kept}{why}" if fate.rule else why, dim=True)
    for repair in fixed.values():
        typer.echo(f"# line {repair.line} repaired: {repair.before!r} -> {repair.after!r}")


def pick(source, doc_id: str | None, index: int | None, id_field: str):
    """The item of a JSONL or WARC file that --id or --index names (or the error that stopped the
    file's reading, to be reported); none is a usage error."""
    for item in read_items(source):
        if item.kind == "end":
            break
        if (item.kind == "error" and item.position < 0) or item.position == index \
                or (doc_id is not None and item.kind != "error" and record_id(item, id_field) == doc_id):
            return item
    what = f"at position {index}" if index is not None else f"with id {doc_id!r}"
    raise fail(f"{source.path}: no document {what}", EXIT_USAGE)


def record_id(item, id_field: str) -> str | None:
    """A container item's id, as cleaning it would give (None for a JSONL line that is no object)."""
    if item.source.format != "jsonl":
        return item.id
    import json

    from cleaner.corpus.pipeline import jsonl_id

    try:
        obj = json.loads(item.payload)
    except ValueError:
        return None
    return jsonl_id(obj, item, id_field) if isinstance(obj, dict) else None


@app.command("test")
def test_fixtures(
    targets: List[str] = typer.Argument(None, help="Fixture folders or files, or site names (fixtures/<site>). Default: fixtures/."),
    update: bool = typer.Option(False, "--update", help="Write the expected records of failing or new fixtures (not when CI is set)."),
    show_coverage: bool = typer.Option(False, "--coverage", help="Print how many lines each rule took across the fixtures."),
    strict: bool = typer.Option(False, "--strict", help="A rule that no fixture exercises is a failure."),
    fixtures_dir: Path = typer.Option(Path("fixtures"), "--fixtures", help="Where site names are looked up; a rules/ folder beside it is read too (said on stderr)."),
    rules: List[Path] = RulesOpt,
    profile: str = ProfileOpt,
) -> None:
    """Clean every fixture and compare it with its expected record: a rule author's regression test."""
    import os

    from cleaner.authoring import fixtures as fx

    if update and os.environ.get("CI"):
        raise fail("--update refuses to run when CI is set: expected records are blessed by a person", EXIT_USAGE)
    roots = []
    for target in targets or [str(fixtures_dir)]:
        if Path(target).exists():
            roots.append(Path(target))
        elif (fixtures_dir / target).is_dir():
            roots.append(fixtures_dir / target)
        else:
            raise fail(f"{target}: no such fixture folder, file or site (looked in {fixtures_dir})", EXIT_USAGE)
    found = fx.discover_fixtures(roots)
    if not found:
        raise fail(f"no fixtures (<id>.input.txt or .input.html) under {', '.join(map(str, roots))}", EXIT_USAGE)
    rules = project_rules(rules, fixtures_dir)
    cleaner = make_cleaner(rules, profile)
    bless = " ".join(["cleaner test --update", *(f"--rules {shlex.quote(str(r))}" for r in rules),
                      *([f"--profile {profile}"] if profile != ProfileOpt.default else [])])
    outcomes = []
    for fixture in found:
        try:
            outcome = fx.run_fixture(cleaner, fixture, bless)
        except (DecodeError, OSError, ValueError) as exc:
            raise fail(f"{fixture.input}: {exc}", EXIT_USAGE) from None
        outcomes.append(outcome)
        typer.secho(f"{'PASS' if outcome.passed else 'FAIL'} {fixture.name}", fg=None if outcome.passed else "red")
    failed = [o for o in outcomes if not o.passed]
    for outcome in failed:
        typer.echo("")
        for line in fx.report(outcome):
            typer.echo(line)
        if update:
            if outcome.expected is None:  # a new fixture: show the whole record accepted
                typer.echo(dumps(outcome.record, indent=2))
            fx.update(outcome)
            typer.echo(f"updated {outcome.fixture.expected_path}")
    unexercised = []
    if show_coverage or strict:
        hits = fx.coverage(outcomes)
        # Only the rules of the sites whose fixtures ran; the shared rules are those of the pages
        # no site file recognises, so they count when such fixtures ran (not for one site's).
        site_names = {o.result.record.site for o in outcomes}
        in_play = [r for s in cleaner.rules.sites.values() if s.name in site_names for r in s.rules]
        if None in site_names:
            in_play += [r for s in cleaner.rules.shared for r in s.rules]
        unexercised = [r for r in in_play if hits[r.ref] == 0]
        if show_coverage:
            typer.echo("\ncoverage (lines taken across the fixtures):")
            for rule in in_play:
                typer.echo(f"{hits[rule.ref]:>6}  {rule.ref}")
        for rule in unexercised:
            typer.echo(f"no fixture exercises {rule.ref}")
    n_failed = 0 if update else len(failed)
    if strict:
        n_failed += len(unexercised)
    typer.echo(f"\n{len(outcomes) - len(failed)} passed, {len(failed)} failed"
               + (f" ({len(failed)} updated)" if update and failed else "")
               + (f", {len(unexercised)} rules unexercised" if strict and unexercised else ""))
    if n_failed:
        raise typer.Exit(EXIT_RUNTIME)


def project_rules(rules: list[Path], fixtures_dir: Path) -> list[Path]:
    """The rule folders for `cleaner test`: in a project, the rules/ folder beside its fixtures
    folder comes first (the rules an installed package does not know), then those given. Not the
    bundled folder again (a source checkout's rules/ is the bundled one), nor one given already."""
    from cleaner.rules import bundled_rules_dir

    found = fixtures_dir.parent / "rules"
    if not (fixtures_dir.is_dir() and found.is_dir()):
        return rules
    if found.resolve() in {bundled_rules_dir().resolve(), *(Path(r).resolve() for r in rules)}:
        return rules
    typer.echo(f"cleaner: using the rule files in {found}/ (beside {fixtures_dir}/)", err=True)
    return [found, *rules]


@app.command()
def lint(
    paths: List[Path] = typer.Argument(None, help="Rule folders or files. Default: the bundled rules."),
) -> None:
    """Check rule files: schema, regexes, duplicate ids, unused groups, shadowed rules, risky patterns."""
    from cleaner.authoring.lint import lint_paths
    from cleaner.rules import bundled_rules_dir

    targets = paths or [bundled_rules_dir()]
    for target in targets:
        if not target.exists():
            raise fail(f"{target}: no such rules folder or file", EXIT_USAGE)
    findings = lint_paths(targets)
    for finding in findings:
        typer.echo(str(finding))
    errors = sum(f.error for f in findings)
    typer.echo(f"{errors} errors, {len(findings) - errors} warnings", err=True)
    if errors:
        raise typer.Exit(EXIT_RUNTIME)



@app.command()
def suggest(
    paths: List[str] = typer.Argument(..., help="Pages of one site: files, folders, JSONL (with urls), WARC."),
    site: str = typer.Option(..., "--site", help="The site's name (a domain), for the [site] table and to pick its pages by url."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the rule file here (default: stdout)."),
    domains: List[str] = typer.Option([], "--domain", help="Domains the file lists (default: the site's name). Repeatable."),
    min_share: float = typer.Option(0.02, "--min-share", min=0.0, max=1.0, help="On what share of the pages a line (or a line shape) must recur to be chrome, with --min-pages."),
    min_pages: int = typer.Option(3, "--min-pages", min=2, help="On how many pages at least a line (or a line shape) must recur to be chrome, with --min-share."),
    fixtures_dir: Optional[Path] = typer.Option(None, "--fixtures", help="Write a few fixtures (input and the record the proposed rules give) here, to review and bless."),
    input_format: Optional[InputFormat] = typer.Option(None, "--input-format", help="Read every input as this format."),
    text_field: str = typer.Option("text", "--text-field", help="JSONL: the field holding the page."),
    url_field: str = typer.Option("url", "--url-field", help="JSONL: the field holding the page url (pages of other hosts are left out)."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="Worker processes (default: all cores)."),
) -> None:
    """Propose a rule file for a site from a dump of its pages: what recurs across them is chrome."""
    import tempfile

    from cleaner.rules import load_rules
    from cleaner.authoring.suggest import Unusable, check
    from cleaner.authoring.suggest import suggest as propose

    sources = sources_of(paths, input_format)
    check_outputs({"-o": output, "--fixtures": fixtures_dir / site if fixtures_dir else None}, folder="--fixtures")
    cleaner = Cleaner(bundled=False)  # the pages as they are: no rule has touched them
    step = Step(cleaner, Options(text_field=text_field, url_field=url_field, collect=True))
    pages, skipped = [], 0
    for done in run((item for s in sources for item in read_items(s)), step, jobs or default_jobs()):
        if done.is_end or done.error is not None:
            skipped += done.error is not None
            continue
        if done.host is None or done.host == site or done.host.endswith("." + site):
            pages.append(done.lines)
    if len(pages) < 2:
        raise fail(f"suggest needs pages of {site}: {len(pages)} found ({skipped} unreadable)", EXIT_USAGE)
    text = propose(pages, site, min_share, min_pages).toml(domains or [site])
    try:
        check(text, str(output or f"{site}.toml"))
    except Unusable as exc:
        raise fail(f"{exc}: please report this", EXIT_RUNTIME) from None
    if fixtures_dir is not None:
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / f"{site}.toml").write_text(text, encoding="utf-8")
            tried = Cleaner(rules=load_rules([Path(tmp)]))
            folder = fixtures_dir / site
            for n, lines in enumerate(pages[:5], 1):
                page = "\n".join(lines)
                record = tried.clean(page, id=f"suggested_{n:03d}", site=site, kind="text")
                with atomic_writer(folder / f"suggested_{n:03d}.input.txt") as stream:
                    stream.write(page)
                with atomic_writer(folder / f"suggested_{n:03d}.expected.json") as stream:
                    stream.write(dumps(record.to_dict(), indent=2) + "\n")
            rules_at = shlex.quote(str(output.parent)) if output is not None else "FOLDER-OF-THE-RULE-FILE"
            typer.echo(f"cleaner: wrote {min(5, len(pages))} fixtures to {folder}: read them, then bless "
                       f"them with  cleaner test --update --rules {rules_at} {shlex.quote(str(folder))}", err=True)
    with atomic_writer(output) as stream:
        stream.write(text)
    typer.echo(f"cleaner: {text.count('[[rule]]')} rules proposed from {len(pages)} pages of {site}", err=True)


def main() -> None:
    # At exit the system takes the process's memory back at once. Python would first run a last
    # collection over every object still alive (the rules, the extractor's modules): about 30 ms a
    # run, for nothing. Frozen objects are not collected; atexit handlers and the flushing of
    # streams still run, but not the __del__ of objects in reference cycles, which Python never
    # promises: every output is closed before main returns. (Spack does the same.)
    atexit.register(gc.freeze)
    try:
        app()
    except BrokenPipeError:  # `cleaner clean ... | head` is a normal way to read
        sys.stderr.close()
        sys.exit(EXIT_OK)
    except KeyboardInterrupt:
        typer.echo("cleaner: interrupted", err=True)
        sys.exit(130)
