"""``cleaner explain``: every line of one page, with where it went and the rule that sent it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from cleaner.record import dumps
from cleaner.rules import RuleError
from cleaner.corpus.pipeline import Options, Step
from cleaner.corpus.readers import read_items
from cleaner.cli.common import (EXIT_RUNTIME, EXIT_USAGE, Format, GenericOpt, ProfileOpt, RulesOpt, SiteOpt,
                                app, fail, make_cleaner, report_error, sources_of)


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
    html_field: Optional[str] = typer.Option(None, "--html-field", help="JSONL: a field holding the page as HTML (used when present and not null; else the --text-field)."),
    site: Optional[str] = SiteOpt,
    url: Optional[str] = typer.Option(None, "--url", help="The page's url (for site recognition)."),
    rules: List[Path] = RulesOpt,
    profile: str = ProfileOpt,
    generic: str = GenericOpt,
) -> None:
    """Show where every line of a page goes (body, caption, metadata, removed) and which rule sent it."""
    from cleaner.authoring.explain import page_account, repairs, rows

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
        typer.echo("[\n" + ",\n".join(map(dumps, rows(result, cleaner))) + "\n]")
        return
    if fmt is Format.jsonl:
        typer.echo("".join(dumps(row) + "\n" for row in rows(result, cleaner)), nl=False)
        return
    fixed = {r.line: r for r in repairs(result)}
    page = page_account(result, cleaner)
    kind = "lines of the text extracted from the HTML page" if page["html"] else "lines"
    typer.echo(f"# {page['id']}: site {page['site'] or '(none: shared rules only)'}, {len(result.fates)} {kind}")
    for step in page["ftfy"]:
        typer.echo(f"# repair (ftfy): {step}")
    for note in page["notes"]:
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
