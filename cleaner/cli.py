"""The command line: a thin typer layer over the engine.

Data goes to stdout (or the files named), diagnostics to stderr, one line each. Exit codes:
0 all done; 1 some input could not be cleaned (the rest was); 2 usage or rule-file errors.
"""

from __future__ import annotations

import sys
from contextlib import ExitStack
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from cleaner.engine import Cleaner
from cleaner.normalize import PROFILES, DecodeError
from cleaner.record import dumps
from cleaner.rules import RuleError
from cleaner.sinks import atomic_writer
from cleaner.sources import InputError, discover, iter_documents

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Strip a site's chrome from scraped pages: clean text plus caption and metadata records.",
)

EXIT_OK, EXIT_RUNTIME, EXIT_USAGE = 0, 1, 2


class Format(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


def fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"cleaner: {message}", err=True)
    return typer.Exit(code)


def make_cleaner(rules: list[Path], profile: str) -> Cleaner:
    if profile not in PROFILES:
        raise fail(f"--profile {profile}: choose one of {', '.join(PROFILES)}", EXIT_USAGE)
    try:
        return Cleaner(rule_dirs=rules, profile=profile)
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


RulesOpt = typer.Option([], "--rules", help="A folder of rule files; its files override bundled ones of the same site. Repeatable.")
ProfileOpt = typer.Option("conservative", "--profile", help="Normalisation: conservative, or aggressive (straight quotes, NFKC).")
SiteOpt = typer.Option(None, "--site", help="Use this site's rules instead of recognising the site.")


@app.command()
def clean(
    paths: List[str] = typer.Argument(..., help="Files, folders (their .txt files) or - for stdin."),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="text, json (the record) or jsonl (one record a line)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here: a file, or a folder for several inputs as text or json."),
    captions_out: Optional[Path] = typer.Option(None, "--captions-out", help="Write caption records (JSONL, one per caption)."),
    metadata_out: Optional[Path] = typer.Option(None, "--metadata-out", help="Write metadata records (JSONL, one per document)."),
    site: Optional[str] = SiteOpt,
    url: Optional[str] = typer.Option(None, "--url", help="The page's url (for site recognition), with a single input."),
    rules: List[Path] = RulesOpt,
    profile: str = ProfileOpt,
) -> None:
    """Clean pages: print the article text, or the records."""
    try:
        origins = discover(paths)
    except InputError as exc:
        raise fail(str(exc), EXIT_USAGE) from None
    if url and len(origins) > 1:
        raise fail("--url goes with a single input", EXIT_USAGE)
    cleaner = make_cleaner(rules, profile)
    if site is not None and site not in cleaner.rules.sites:
        raise fail(f"--site {site}: no rule file describes this site", EXIT_USAGE)

    several = len(origins) > 1
    if fmt is Format.json and several:
        fmt = Format.jsonl
    per_file = output is not None and (several or output.is_dir()) and fmt is not Format.jsonl
    if per_file and output.exists() and not output.is_dir():
        raise fail(f"-o {output}: several inputs need a folder, and this is a file", EXIT_USAGE)

    errors = 0
    with ExitStack() as stack:
        out = None if per_file else stack.enter_context(atomic_writer(output))
        caps = stack.enter_context(atomic_writer(captions_out)) if captions_out else None
        metas = stack.enter_context(atomic_writer(metadata_out)) if metadata_out else None
        first = True
        for origin, doc in iter_documents(origins):
            if isinstance(doc, OSError):
                errors += 1
                typer.echo(f"cleaner: {origin}: cannot read: {doc.strerror or doc}", err=True)
                continue
            try:
                record = cleaner.clean(doc.content, id=doc.id, url=url, site=site)
            except DecodeError as exc:
                errors += 1
                typer.echo(f"cleaner: {origin}: {exc}", err=True)
                continue
            if fmt is Format.text:
                body = record.text + "\n"
            elif fmt is Format.json:
                body = dumps(record.to_dict(), indent=2) + "\n"
            else:
                body = dumps(record.to_dict()) + "\n"
            if per_file:
                suffix = ".txt" if fmt is Format.text else ".json"
                with atomic_writer(output / f"{record.id}{suffix}") as stream:
                    stream.write(body)
            else:
                if fmt is Format.text and not first:
                    out.write("\n")  # a blank line between documents
                out.write(body)
            first = False
            for cap in record.caption_records() if caps else ():
                caps.write(dumps(cap) + "\n")
            if metas:
                metas.write(dumps(record.metadata_record()) + "\n")
    if errors:
        raise typer.Exit(EXIT_RUNTIME)


def main() -> None:
    try:
        app()
    except BrokenPipeError:  # `cleaner clean ... | head` is a normal way to read
        sys.stderr.close()
        sys.exit(EXIT_OK)
    except KeyboardInterrupt:
        typer.echo("cleaner: interrupted", err=True)
        sys.exit(130)
