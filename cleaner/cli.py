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


DEST_COLOURS = {"body": None, "blank": "bright_black", "removed": "red", "caption": "cyan", "credit": "cyan",
                "alt": "cyan"}


@app.command()
def explain(
    path: str = typer.Argument(..., help="A file, or - for stdin."),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="text (a table) or json (an array, one object a line)."),
    site: Optional[str] = SiteOpt,
    url: Optional[str] = typer.Option(None, "--url", help="The page's url (for site recognition)."),
    rules: List[Path] = RulesOpt,
    profile: str = ProfileOpt,
) -> None:
    """Show where every line of a page goes (body, caption, metadata, removed) and which rule sent it."""
    from cleaner.explain import ftfy_steps, repairs

    try:
        (origin,) = discover([path])
    except (InputError, ValueError):
        raise fail(f"{path}: explain takes one file", EXIT_USAGE) from None
    cleaner = make_cleaner(rules, profile)
    _, doc = next(iter_documents([origin]))
    if isinstance(doc, OSError):
        raise fail(f"{origin}: cannot read: {doc.strerror or doc}", EXIT_RUNTIME)
    try:
        result = cleaner.process(doc.content, id=doc.id, url=url, site=site)
    except RuleError as exc:
        raise fail(str(exc), EXIT_USAGE) from None
    except DecodeError as exc:
        raise fail(f"{origin}: {exc}", EXIT_RUNTIME) from None
    if fmt is not Format.text:
        typer.echo("[\n" + ",\n".join(dumps(f.to_dict()) for f in result.fates) + "\n]")
        return
    fixed = {r.line: r for r in repairs(result)}
    typer.echo(f"# {doc.id}: site {result.record.site or '(none: shared rules only)'}, {len(result.fates)} lines")
    for step in ftfy_steps(result.source, cleaner.profile):
        typer.echo(f"# repair (ftfy): {step}")
    width = max([len(f.dest) for f in result.fates] + [4])
    for fate in result.fates:
        colour = DEST_COLOURS.get(fate.dest, "yellow" if fate.dest.startswith("metadata.") else None)
        mark = "~" if fate.line in fixed else " "
        typer.secho(f"{fate.line:>5}{mark} {fate.dest:<{width}}  ", fg=colour, nl=False)
        typer.echo(fate.text, nl=False)
        typer.secho(f"  <- {fate.rule.ref}" if fate.rule else "", dim=True)
    for repair in fixed.values():
        typer.echo(f"# line {repair.line} repaired: {repair.before!r} -> {repair.after!r}")


@app.command("test")
def test_fixtures(
    targets: List[str] = typer.Argument(None, help="Fixture folders or files, or site names (fixtures/<site>). Default: fixtures/."),
    update: bool = typer.Option(False, "--update", help="Write the expected records of failing or new fixtures (not when CI is set)."),
    show_coverage: bool = typer.Option(False, "--coverage", help="Print how many lines each rule took across the fixtures."),
    strict: bool = typer.Option(False, "--strict", help="A rule that no fixture exercises is a failure."),
    fixtures_dir: Path = typer.Option(Path("fixtures"), "--fixtures", help="Where site names are looked up."),
    rules: List[Path] = RulesOpt,
    profile: str = ProfileOpt,
) -> None:
    """Clean every fixture and compare it with its expected record: a rule author's regression test."""
    import os

    from cleaner import fixtures as fx

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
        raise fail(f"no fixtures (<id>.input.txt) under {', '.join(map(str, roots))}", EXIT_USAGE)
    cleaner = make_cleaner(rules, profile)
    outcomes = []
    for fixture in found:
        try:
            outcome = fx.run_fixture(cleaner, fixture)
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
        site_names = {o.result.record.site for o in outcomes}
        in_play = [r for s in cleaner.rules.sites.values() if s.name in site_names for r in s.rules]
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


@app.command()
def lint(
    paths: List[Path] = typer.Argument(None, help="Rule folders or files. Default: the bundled rules."),
) -> None:
    """Check rule files: schema, regexes, duplicate ids, unused groups, shadowed rules, risky patterns."""
    from cleaner.lint import lint_paths
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


def main() -> None:
    try:
        app()
    except BrokenPipeError:  # `cleaner clean ... | head` is a normal way to read
        sys.stderr.close()
        sys.exit(EXIT_OK)
    except KeyboardInterrupt:
        typer.echo("cleaner: interrupted", err=True)
        sys.exit(130)
