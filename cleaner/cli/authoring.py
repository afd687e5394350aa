"""The rule author's commands: ``cleaner test`` (the fixtures), ``cleaner lint`` (the rule files) and
``cleaner suggest`` (a site's rule file proposed from its pages).
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path
from typing import List, Optional

import typer

from cleaner.engine import Cleaner
from cleaner.record import dumps
from cleaner.corpus.pipeline import Options, Step, default_jobs, run
from cleaner.corpus.readers import read_items
from cleaner.corpus.sinks import atomic_writer
from cleaner.cli.common import (EXIT_RUNTIME, EXIT_USAGE, InputFormat, ProfileOpt, RulesOpt, app,
                                check_outputs, fail, make_cleaner, sources_of)


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
        outcome = fx.run_fixture(cleaner, fixture, bless)
        outcomes.append(outcome)
        typer.secho(f"{'PASS' if outcome.passed else 'FAIL'} {fixture.name}", fg=None if outcome.passed else "red")
    failed = [o for o in outcomes if not o.passed]
    unclean = [o for o in failed if o.result is None]  # nothing to bless: these fail even with --update
    for outcome in failed:
        typer.echo("")
        for line in fx.report(outcome):
            typer.echo(line)
        if update and outcome.result is not None:
            if outcome.expected is None:  # a new fixture: show the whole record accepted
                typer.echo(dumps(outcome.record, indent=2))
            fx.update(outcome)
            typer.echo(f"updated {outcome.fixture.expected_path}")
    unexercised = []
    if show_coverage or strict:
        hits = fx.coverage(outcomes)
        # Only the rules of the sites whose fixtures ran; the shared rules are those of the pages
        # no site file recognises, so they count when such fixtures ran (not for one site's).
        site_names = {o.result.record.site for o in outcomes if o.result is not None}
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
    n_failed = len(unclean) if update else len(failed)
    if strict:
        n_failed += len(unexercised)
    typer.echo(f"\n{len(outcomes) - len(failed)} passed, {len(failed)} failed"
               + (f" ({len(failed) - len(unclean)} updated)" if update and len(failed) > len(unclean) else "")
               + (f", {len(unexercised)} rules unexercised" if strict and unexercised else ""))
    if n_failed:
        raise typer.Exit(EXIT_RUNTIME)


def _own_rules() -> Path | None:
    """./rules when it is a project's own (as `cleaner test` finds it), said on stderr; not the
    bundled folder (a source checkout's rules/ is the bundled one)."""
    from cleaner.rules import bundled_rules_dir

    found = Path("rules")
    if not found.is_dir() or found.resolve() == bundled_rules_dir().resolve():
        return None
    typer.echo(f"cleaner: linting the rule files in {found}/ (name a folder or files to lint others)", err=True)
    return found


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
    paths: List[Path] = typer.Argument(None, help="Rule folders or files. Default: ./rules when there is one (a rule author's project), else the bundled rules."),
) -> None:
    """Check rule files: schema, regexes, duplicate ids, unused groups, shadowed rules, risky patterns."""
    from cleaner.authoring.lint import lint_paths
    from cleaner.rules import bundled_rules_dir

    targets = paths or [_own_rules() or bundled_rules_dir()]
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
    cleaner = Cleaner(bundled=False, generic="off")  # the pages as they are: no rule (nor the model) has touched them
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
            typer.echo(f"cleaner: wrote {min(5, len(pages))} fixtures to {folder}, each expected record what the "
                       f"proposed rules give: read each, fix it by hand where it is wrong, then run  "
                       f"cleaner test --rules {rules_at} {shlex.quote(str(folder))}", err=True)
    with atomic_writer(output) as stream:
        stream.write(text)
    typer.echo(f"cleaner: {text.count('[[rule]]')} rules proposed from {len(pages)} pages of {site}", err=True)
