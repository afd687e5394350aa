"""What every command shares: the typer app and its --version, exit codes, messages, the options
several commands take, building a Cleaner from them, checking outputs and reporting errors.
"""

from __future__ import annotations

import json
import os
from enum import Enum
from pathlib import Path

import typer

from cleaner.engine import Cleaner
from cleaner.linemodel.layer import DEFAULT_DIAL, DIALS
from cleaner.text.normalize import PROFILES
from cleaner.record import dumps
from cleaner.rules import RuleError
from cleaner.corpus.readers import InputError, find_sources
from cleaner.corpus.sinks import OutputError, check_output, placement


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


def make_cleaner(rules: list[Path], profile: str, generic: str = DEFAULT_DIAL) -> Cleaner:
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


def sources_of(paths: list[str], input_format: "InputFormat | None" = None, tell_left_out: bool = False) -> list:
    """The inputs the paths name; a path that names none is a usage error. ``tell_left_out``: one
    line on stderr for each folder holding files of no input format (a corpus run must not pass
    over data without a word; a folder of fixtures holds its expected records beside its pages)."""
    left_out: dict[str, list[str]] | None = {} if tell_left_out else None
    try:
        sources = find_sources(paths, input_format.value if input_format else None, left_out)
    except InputError as exc:
        raise fail(str(exc), EXIT_USAGE) from None
    for folder, names in (left_out or {}).items():
        shown = ", ".join(names[:3]) + (", …" if len(names) > 3 else "")
        files = "1 file" if len(names) == 1 else f"{len(names)} files"
        typer.echo(f"cleaner: {folder}: {files} of no input format left out ({shown}); "
                   "--input-format reads every file as one", err=True)
    return sources


RulesOpt = typer.Option([], "--rules", help="A folder of rule files; its files override bundled ones of the same site. Repeatable.")
ProfileOpt = typer.Option("conservative", "--profile", help="Normalisation: conservative, or aggressive (straight quotes, NFKC).")
SiteOpt = typer.Option(None, "--site", help="Use this site's rules instead of recognising the site.")
GENERIC = (*DIALS, "off")
GenericOpt = typer.Option(DEFAULT_DIAL, "--generic", help="The line model on text dumps of sites with no complete rule file: conservative (the default: keeps the most body), balanced, aggressive (takes the most chrome), or off (the shared rules alone: several times faster on such dumps). docs/linemodel.md.")


class InputFormat(str, Enum):
    text = "text"
    html = "html"
    jsonl = "jsonl"
    warc = "warc"


def check_outputs(paths: dict, resume: bool = False, folder: str | None = None, probe: bool = True,
                  renamed: dict | None = None) -> None:
    """Every output path (option -> path; ``folder`` names the option that is a folder) checked
    before any work starts: one line and exit 2 for a path nothing could be written at. ``renamed``
    carries the places of the paths checked before (-o FOLDER's files are checked after the rest)."""
    renamed = {} if renamed is None else renamed  # where each file output is renamed: two there keep one, the last
    for option, path in paths.items():
        try:
            check_output(path, folder=option == folder, resume=resume, probe=probe)
        except OutputError as exc:
            raise fail(f"{option} {exc}", EXIT_USAGE) from None
        place = placement(path) if path is not None and str(path) != "-" and option != folder else None
        if place is not None:
            key = os.path.realpath(place)
            if key in renamed:
                raise fail(f"{option} {path}: the same file as {renamed[key]}; give each output its own", EXIT_USAGE)
            renamed[key] = option


def report_error(error: dict, errs) -> None:
    if errs is not None:
        errs.write(dumps(error) + "\n")
    else:
        where = error["input"] if error["position"] <= 0 else f"{error['input']}:{error['position']}"
        typer.echo(f"cleaner: {where}: {error['reason']}", err=True)
