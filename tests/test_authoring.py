"""The rule author's loop: cleaner test, cleaner explain, cleaner lint."""

import json
import shutil

import pytest
from typer.testing import CliRunner

from cleaner.cli import app
from conftest import ROOT

runner = CliRunner()
SEED = str(ROOT / "seeds" / "000_3456128bdfb719b6.txt")
SITE_DIR = ROOT / "fixtures" / "sputniknews.com"


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def fixtures_copy(tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    shutil.copytree(SITE_DIR, tmp_path / "sputniknews.com")
    return tmp_path


# --- cleaner test ---------------------------------------------------------------------------

def test_project_fixtures_pass():
    res = run("test", ROOT / "fixtures")
    assert res.exit_code == 0, res.output
    assert res.stdout.rstrip().endswith(" passed, 0 failed")
    assert "PASS sputniknews.com/000_3456128bdfb719b6" in res.stdout


def test_project_fixtures_exercise_every_bundled_rule():
    res = run("test", "--strict", ROOT / "fixtures")
    assert res.exit_code == 0, res.output
    assert "no fixture exercises" not in res.stdout


def test_site_name_selects_its_fixtures():
    res = run("test", "--fixtures", ROOT / "fixtures", "sputniknews.com")
    assert res.exit_code == 0
    assert res.stdout.count("PASS sputniknews.com/") >= 9


def test_corrupted_expected_fails_with_field_diff_then_update_restores(fixtures_copy):
    path = fixtures_copy / "sputniknews.com" / "101_no_lead_photo.expected.json"
    original = path.read_text(encoding="utf-8")
    record = json.loads(original)
    good_credit = record["captions"][0]["credit"]
    record["captions"][0]["credit"] = "© Somebody Else"
    record["metadata"]["series"] = {"title": "Invented", "count": 3}
    path.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    res = run("test", fixtures_copy)
    assert res.exit_code == 1
    assert "FAIL sputniknews.com/101_no_lead_photo" in res.stdout
    assert f'captions[0].credit: - "© Somebody Else" + "{good_credit}"' in res.stdout
    assert "rules/sputniknews.com.toml:" in res.stdout  # the rule behind the credit
    assert 'metadata.series: - {"title":"Invented","count":3} + null' in res.stdout
    assert res.stdout.rstrip().endswith(" passed, 1 failed")

    res = run("test", "--update", fixtures_copy)
    assert res.exit_code == 0
    assert "updated" in res.stdout
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(original)
    assert run("test", fixtures_copy).exit_code == 0


def test_corrupted_text_shows_a_unified_diff_and_the_rule(fixtures_copy):
    path = fixtures_copy / "sputniknews.com" / "000_3456128bdfb719b6.expected.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    record["text"] = "Listen Live\n\n" + record["text"]
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    res = run("test", fixtures_copy)
    assert res.exit_code == 1
    assert "--- expected text" in res.stdout and "+++ actual text" in res.stdout
    assert "-Listen Live" in res.stdout
    assert "missing 'Listen Live': removed by rules/sputniknews.com.toml:" in res.stdout


def test_update_refuses_when_ci_is_set(fixtures_copy, monkeypatch):
    monkeypatch.setenv("CI", "true")
    res = run("test", "--update", fixtures_copy)
    assert res.exit_code == 2
    assert "refuses" in res.stderr


def test_new_fixture_fails_with_how_to_create_it(tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "p.input.txt").write_text("Hello there.\n")
    res = run("test", tmp_path)
    assert res.exit_code == 1
    assert "cleaner test --update" in res.stdout
    res = run("test", "--update", tmp_path)
    assert res.exit_code == 0
    assert json.loads((tmp_path / "site" / "p.expected.json").read_text())["text"] == "Hello there."


def test_checks_file(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "p.input.txt").write_text("Good line.\n\nAnother line.\n")
    (tmp_path / "site" / "p.checks.toml").write_text('must_contain = ["Good line."]\nmust_not_contain = ["Another"]\n')
    res = run("test", tmp_path)
    assert res.exit_code == 1
    assert "text holds 'Another' (p.checks.toml: must_not_contain)" in res.stdout
    (tmp_path / "site" / "p.checks.toml").write_text('must_contain = ["Good line."]\nmust_not_contain = ["Advert"]\n')
    assert run("test", tmp_path).exit_code == 0


def test_a_misspelt_or_mistyped_check_fails_the_fixture(tmp_path):
    # Else a checks-only fixture with a typo checks nothing and passes.
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "p.input.txt").write_text("Good line.\n")
    for checks, problem in (('must_contan = ["Good line."]\n', "unknown key 'must_contan'"),
                            ('must_contain = "Good line."\n', "must_contain must be a list of strings")):
        (tmp_path / "site" / "p.checks.toml").write_text(checks)
        res = run("test", tmp_path)
        assert res.exit_code == 1 and f"p.checks.toml: {problem}" in res.stdout, res.stdout


def test_a_checks_file_that_is_not_utf8_fails_its_fixture_not_the_run(tmp_path):
    # As a broken expected record does: it stopped the run (exit 2) naming the input file.
    (tmp_path / "site").mkdir()
    for name in ("p", "q"):
        (tmp_path / "site" / f"{name}.input.txt").write_text("Good line.\n")
        (tmp_path / "site" / f"{name}.checks.toml").write_text('must_contain = ["Good line."]\n')
    (tmp_path / "site" / "p.checks.toml").write_bytes(b'must_contain = ["Good \xff"]\n')
    res = run("test", tmp_path)
    assert res.exit_code == 1 and "p.checks.toml: invalid TOML:" in res.stdout and "PASS site/q" in res.stdout, res.output


def test_a_broken_expected_record_fails_its_fixture_and_update_rewrites_it(tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)  # --update refuses to run under CI
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "p.input.txt").write_text("Good line.\n")
    expected = tmp_path / "site" / "p.expected.json"
    for content, problem in (("{broken", "invalid JSON"), ("[1, 2]", "not a record"), ('{"text": 5}', "not a record")):
        expected.write_text(content)
        res = run("test", tmp_path)
        assert res.exit_code == 1 and f"{expected}: {problem}" in res.stdout, res.output
    assert run("test", "--update", tmp_path).exit_code == 0
    assert json.loads(expected.read_text())["text"] == "Good line." and run("test", tmp_path).exit_code == 0


def test_unstable_fixture_fails(tmp_path):
    # The expected text still holds a line a rule removes: cleaning it again changes it.
    (tmp_path / "site").mkdir()
    body = "The council met on Tuesday and approved the budget for the coming year."
    (tmp_path / "site" / "p.input.txt").write_text(body + "\n")
    record = {"id": "p", "site": None, "text": body + "\n\nAdvertisement", "captions": [],
              "metadata": {"title": None, "timestamp": None, "captured_at": None}}
    (tmp_path / "site" / "p.expected.json").write_text(json.dumps(record))
    res = run("test", tmp_path)
    assert res.exit_code == 1 and "not stable" in res.stdout


def test_coverage_and_strict():
    res = run("test", "--coverage", ROOT / "fixtures")
    assert "coverage (lines taken across the fixtures):" in res.stdout
    assert "rules/sputniknews.com.toml:" in res.stdout and " header" in res.stdout


def test_strict_fails_on_an_unexercised_rule(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "t.toml").write_text('[site]\nname = "t"\nfingerprint = ["MARK"]\n'
                                  '[[rule]]\nid = "mark"\nline = "MARK"\ndrop = true\n'
                                  '[[rule]]\nid = "never"\nline = "Nothing like this"\ndrop = true\n')
    (tmp_path / "fx" / "t").mkdir(parents=True)
    (tmp_path / "fx" / "t" / "p.input.txt").write_text("MARK\n\nBody.\n")
    (tmp_path / "fx" / "t" / "p.checks.toml").write_text('must_contain = ["Body."]\n')
    assert run("test", "--rules", rules, tmp_path / "fx").exit_code == 0
    res = run("test", "--strict", "--rules", rules, tmp_path / "fx")
    assert res.exit_code == 1
    assert f"no fixture exercises {rules / 't.toml'}:9 never" in res.stdout


def test_no_fixtures_is_a_usage_error(tmp_path):
    assert run("test", tmp_path).exit_code == 2
    assert run("test", "--fixtures", tmp_path, "nosuch.site").exit_code == 2


# --- cleaner explain ------------------------------------------------------------------------

def test_explain_json_accounts_for_every_seed_line():
    res = run("explain", "--format", "json", SEED)
    assert res.exit_code == 0
    rows = json.loads(res.stdout)
    lines = (ROOT / "seeds" / "000_3456128bdfb719b6.txt").read_text(encoding="utf-8").split("\n")
    assert [r["line"] for r in rows] == list(range(1, len(lines) + 1))
    assert all(set(r) - {"repaired"} == {"line", "text", "dest", "rule"} for r in rows[1:])  # no-break spaces
    # The first line also holds the page's own account: a complete site file, nothing repaired or undone.
    assert rows[0]["page"] == {"id": "000_3456128bdfb719b6", "site": "sputniknews.com", "html": False, "ftfy": [],
                               "guards": [], "notes": []}
    for row, raw in zip(rows, lines):
        assert (row["dest"] == "blank") == (raw.strip() == "")
        if row["dest"] in ("body", "blank"):
            assert row["rule"] is None
        else:
            assert row["rule"].startswith("rules/sputniknews.com.toml:"), row
    removed = [r for r in rows if r["dest"] == "removed"]
    assert {r["text"] for r in removed} >= {"Listen Live", "Get short URL", "Comment via FacebookComment via Sputnik"}
    dests = {r["dest"] for r in rows}
    assert {"body", "caption", "credit", "alt", "metadata.title", "metadata.captured_at", "metadata.series",
            "metadata.related", "metadata.tags"} <= dests


def test_explain_text_shows_rules_and_repairs(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text("Donâ€™t panic.\n\nA\u00a0B\n\nComment via FacebookComment via Sputnik", encoding="utf-8")
    res = run("explain", page)
    assert res.exit_code == 0
    assert "removed" in res.stdout and "<- rules/sputniknews.com.toml:" in res.stdout
    assert "# repair (ftfy):" in res.stdout  # ftfy's own account of the mojibake fix
    assert "line 3 repaired: 'A\\xa0B' -> 'A B'" in res.stdout
    assert "\x1b[" not in res.stdout  # plain when not a terminal
    rows = json.loads(run("explain", "-f", "json", page).stdout)  # the same account as JSON
    assert [row.get("repaired") for row in rows] == ["Donâ€™t panic.", None, "A\u00a0B", None, None]
    assert rows[0]["page"]["ftfy"] == [line[len("# repair (ftfy): "):] for line in res.stdout.splitlines()
                                       if line.startswith("# repair (ftfy): ")] != []


def test_explain_says_what_stays_in_the_body(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text("OSLO (Reuters) - Fjordlaks cut its harvest forecast for the year on Thursday.\n\n"
                    "The company now expects to harvest less salmon this year than it forecast.", encoding="utf-8")
    res = run("explain", page)
    assert res.exit_code == 0
    assert "metadata.dateline" in res.stdout and "dateline-agency (the whole line stays body)" in res.stdout
    rows = json.loads(run("explain", "--format", "json", page).stdout)
    assert rows[0]["kept"] == rows[0]["text"] and "kept" not in rows[2]


# --- cleaner lint ---------------------------------------------------------------------------

def test_lint_passes_on_bundled_rules():
    res = run("lint")
    assert res.exit_code == 0, res.output
    assert res.stdout == ""


BROKEN = {
    "bad_toml": ('[site]\nname = "x"\n[[rule]\nid = "a"\n', ":3: invalid TOML"),
    "bad_regex": ('[site]\nname = "x"\n\n[[rule]]\nid = "brackets"\nre = "[unclosed"\ndrop = true\n',
                  ":5: brackets: invalid regular expression"),
    "duplicate_id": ('[site]\nname = "x"\n[[rule]]\nid = "twice"\nline = "a"\ndrop = true\n'
                     '[[rule]]\nid = "twice"\nline = "b"\ndrop = true\n', ":4: twice: duplicate rule id"),
    "shadowed": ('[site]\nname = "x"\n[[rule]]\nid = "ads"\nre = "Advert.*"\ndrop = true\n'
                 '[[rule]]\nid = "ad-label"\nline = "Advertisement"\ndrop = true\n',
                 ":8: ad-label: never matches: rule 'ads' (line 4) takes every line"),
    "nested": ('[site]\nname = "x"\n[[rule]]\nid = "slow"\nre = "(\\\\w+\\\\s?)+!"\ndrop = true\n',
               ":4: slow: nested quantifier"),
    "overlap": ('[site]\nname = "x"\n[[rule]]\nid = "alt"\nre = "(a|ab)*c"\ndrop = true\n',
                ":4: alt: overlapping alternatives"),
    "group_unused": ('[site]\nname = "x"\n[[rule]]\nid = "g"\nre = "By (?P<who>.+)"\ndrop = true\n',
                     ":4: g: named group 'who' is not taken by any field"),
    "same_unfilled": ('[site]\nname = "x"\n[[rule]]\nid = "s"\nsame = "series"\ndrop = true\n',
                      ":4: s: same = 'series': no rule fills that field"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_lint_fails_with_file_and_rule_id(tmp_path, name):
    body, expected = BROKEN[name]
    path = tmp_path / f"{name}.toml"
    path.write_text(body, encoding="utf-8")
    res = run("lint", tmp_path)
    assert res.exit_code == 1, res.output
    assert f"{path}{expected}" in res.stdout


def test_lint_warns_on_leading_wildcard(tmp_path):
    (tmp_path / "w.toml").write_text('[site]\nname = "x"\n[[rule]]\nid = "w"\nre = ".*Subscribe"\ndrop = true\n')
    res = run("lint", tmp_path)
    assert res.exit_code == 0
    assert f"{tmp_path / 'w.toml'}:4: w: warning: leading .* or .+" in res.stdout


def test_lint_missing_folder_is_usage_error(tmp_path):
    assert run("lint", tmp_path / "nope").exit_code == 2


def test_strict_for_one_site_counts_that_sites_rules_only():
    # The shared rules are for the pages no site file recognises: one site's fixtures need not
    # exercise them, and --strict on the site passes when its own rules are all exercised.
    res = run("test", "--fixtures", ROOT / "fixtures", "--coverage", "--strict", "sputniknews.com")
    assert res.exit_code == 0, res.stdout[-2000:]
    assert "rules/sputniknews.com.toml:" in res.stdout and "rules/shared" not in res.stdout
    generic = run("test", "--coverage", ROOT / "fixtures" / "generic")
    assert "rules/shared" in generic.stdout and "rules/sputniknews.com.toml" not in generic.stdout


def site_project(tmp_path):
    """A rule author's project: rules/t.toml and fixtures/t/p.input.txt, with no expected record."""
    (tmp_path / "rules").mkdir(parents=True)
    (tmp_path / "rules" / "t.toml").write_text('[site]\nname = "t"\nfingerprint = ["MARK"]\n'
                                               '[[rule]]\nid = "mark"\nline = "MARK"\ndrop = true\n')
    (tmp_path / "fixtures" / "t").mkdir(parents=True)
    (tmp_path / "fixtures" / "t" / "p.input.txt").write_text("MARK\n\nBody.\n")
    return tmp_path


def test_the_bless_hint_repeats_the_options_in_force_and_following_it_blesses_the_right_record(tmp_path, monkeypatch):
    import shlex

    monkeypatch.delenv("CI", raising=False)
    project = site_project(tmp_path / "proj")
    monkeypatch.chdir(tmp_path)  # a folder with no rules/ of its own to find
    res = run("test", "--rules", project / "rules", "--profile", "aggressive", project / "fixtures")
    assert res.exit_code == 1
    hint = res.stdout.split("create it with  ")[1].splitlines()[0]
    assert hint == f"cleaner test --update --rules {project / 'rules'} --profile aggressive {project / 'fixtures' / 't' / 'p.input.txt'}"
    assert run(*shlex.split(hint)[1:]).exit_code == 0
    assert json.loads((project / "fixtures" / "t" / "p.expected.json").read_text())["site"] == "t"


def test_test_in_a_project_folder_uses_its_rules_and_says_so(tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.chdir(site_project(tmp_path))
    res = run("test", "--update")
    assert "cleaner: using the rule files in rules/ (beside fixtures/)" in res.stderr
    assert json.loads((tmp_path / "fixtures" / "t" / "p.expected.json").read_text())["site"] == "t"
    again = run("test", "t")
    assert again.exit_code == 0 and "PASS t/p" in again.stdout


def test_lint_in_a_project_folder_lints_its_rules_and_says_so(tmp_path, monkeypatch):
    # The author's loop ends with `cleaner lint`: run in the project, it must read the project's
    # rules, not pass the bundled ones while a broken file of the author's goes unseen.
    monkeypatch.chdir(site_project(tmp_path))
    (tmp_path / "rules" / "u.toml").write_text('[site]\nname = "u"\nbogus = 1\n')
    res = run("lint")
    assert res.exit_code == 1, res.output
    assert res.stdout.startswith("rules/u.toml:1: unknown key 'bogus'")
    assert "cleaner: linting the rule files in rules/" in res.stderr
    (tmp_path / "rules" / "u.toml").unlink()
    assert run("lint").exit_code == 0


def test_a_fixture_that_cannot_be_cleaned_fails_alone_and_the_others_run(tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.chdir(site_project(tmp_path))
    (tmp_path / "fixtures" / "t" / "q.input.txt").write_bytes(b"\xff\xfe\x00")  # no encoding explains it
    res = run("test", "--update")
    assert res.exit_code == 1, res.output  # (--update cannot bless what cannot be cleaned)
    assert "FAIL t/q" in res.stdout and "q.input.txt: cannot clean the input: cannot decode the input" in res.stdout
    assert (tmp_path / "fixtures" / "t" / "p.expected.json").exists()
    assert not (tmp_path / "fixtures" / "t" / "q.expected.json").exists()
    res = run("test", "--coverage")
    assert res.exit_code == 1
    assert "PASS t/p" in res.stdout and res.stdout.rstrip().endswith("1 passed, 1 failed")


def test_the_bundled_rules_folder_is_not_found_again(tmp_path, monkeypatch):
    # In a source checkout ./rules is the bundled folder (here: a link to it, wherever the package
    # is installed): neither discovered nor loaded twice.
    from cleaner import Cleaner
    from cleaner.rules import bundled_rules_dir, load, load_file

    (tmp_path / "rules").symlink_to(bundled_rules_dir(), target_is_directory=True)
    shutil.copytree(SITE_DIR, tmp_path / "fixtures" / "sputniknews.com")
    monkeypatch.chdir(tmp_path)
    res = run("test", "sputniknews.com")
    assert res.exit_code == 0 and "using the rule files" not in res.stderr
    loaded = []
    monkeypatch.setattr(load, "load_file", lambda path, shown=None: loaded.append(path.name) or load_file(path, shown))
    Cleaner(rule_dirs=["rules"])
    assert sorted(loaded) == sorted(p.name for p in bundled_rules_dir().glob("*.toml"))


# --- cleaner explain: one record of a JSONL or WARC file ---------------------------------

def seed_shard(path):
    seed = (ROOT / "seeds" / "000_3456128bdfb719b6.txt").read_text(encoding="utf-8")
    path.write_text("\n".join([json.dumps({"id": "a", "text": "Hello there."}), "", "{broken",
                               json.dumps({"doc": "seed", "page": seed}), json.dumps({"page": "No id."})]) + "\n")
    return path


def test_explain_jsonl_is_json_lines_and_json_an_array():
    lines = run("explain", "-f", "jsonl", SEED).stdout.splitlines()
    assert json.loads(run("explain", "-f", "json", SEED).stdout) == [json.loads(line) for line in lines]
    assert len(lines) == 58 and all(line.startswith("{") for line in lines)


PAGE_NOTES = {  # a page whose explain says something of the whole page, and what --stats counts it under
    "shared-rules-undone": ("\n".join([f"Quay {k} mooring plan" for k in range(20)] + ["It rained all day."]),
                            ["--generic", "off"], ["shared rules undone (fallback)"]),
    "model-left-out": ("Good line.\n\nAnother line.\n", [], ["line model left out (the page's size)"]),
    "model-ran": ("\n".join(["Harbour News", "Home", "", *["The council voted on Tuesday to dredge the east quay."] * 6]),
                  [], []),
    "html-extractor": ((ROOT / "fixtures" / "generic" / "026_html_forum_thread.input.html").read_text(encoding="utf-8"),
                       [], []),
}


@pytest.mark.parametrize("case", PAGE_NOTES)
def test_explain_json_carries_the_pages_notes(tmp_path, case):
    """What the text format says of the page as a whole (# lines after the first), the JSON says on
    its first line under page.notes, with the guards by the names --stats counts them under."""
    text, args, guards = PAGE_NOTES[case]
    page = tmp_path / ("page.html" if case.startswith("html") else "page.txt")
    page.write_text(text, encoding="utf-8")
    shown = run("explain", *args, page).stdout.splitlines()
    notes = [line[2:] for line in shown[1:] if line.startswith("# ") and not line.startswith("# repair (ftfy)")]
    for fmt in ("json", "jsonl"):
        out = run("explain", "-f", fmt, *args, page).stdout
        rows = json.loads(out) if fmt == "json" else [json.loads(line) for line in out.splitlines()]
        assert notes != [] and rows[0]["page"]["notes"] == notes
        assert rows[0]["page"]["guards"] == guards and rows[0]["page"]["html"] == case.startswith("html")
        assert [row["line"] for row in rows] == list(range(1, len(rows) + 1))  # still a row a line
        assert not any("page" in row for row in rows[1:])


def account(out: str) -> tuple[str, list[dict]]:
    """explain's JSON: the page's id, and the rows without it (the same page has another id in a
    container)."""
    rows = json.loads(out)
    return rows[0]["page"].pop("id"), rows


def test_explain_picks_a_jsonl_record_by_id_or_by_index(tmp_path):
    shard = seed_shard(tmp_path / "s.jsonl")
    _, alone = account(run("explain", "-f", "json", SEED).stdout)
    fields = ["--id-field", "doc", "--text-field", "page"]
    by_id = run("explain", "-f", "json", "--id", "seed", *fields, shard)
    assert by_id.exit_code == 0, by_id.output
    assert account(by_id.stdout) == ("seed", alone)
    assert account(run("explain", "-f", "json", "--index", 4, *fields, shard).stdout) == ("seed", alone)
    shown = run("explain", "--id", "s:5", *fields, shard)  # no id field: <input name>:<line>, as clean says
    assert shown.exit_code == 0 and shown.stdout.startswith("# s:5: site") and "No id." in shown.stdout


def test_explain_says_in_one_line_when_the_record_is_not_there_or_is_bad(tmp_path):
    shard = seed_shard(tmp_path / "s.jsonl")
    for args, code, message in [
        (["--id", "nope"], 2, f"cleaner: {shard}: no document with id 'nope'\n"),
        (["--index", 9], 2, f"cleaner: {shard}: no document at position 9\n"),
        ([], 2, f"cleaner: {shard}: a jsonl file holds many documents: pick one with --id or --index\n"),
        (["--id", "a", "--index", 1], 2, "cleaner: --id and --index: give one of them, not both\n"),
        (["--index", 3], 1, f"cleaner: {shard}:3: invalid JSON: "),
        (["--index", 1], 1, f"cleaner: {shard}:1: no 'page' field\n"),
    ]:
        res = run("explain", "--text-field", "page", *args, shard)
        assert (res.exit_code, res.stdout) == (code, ""), args
        assert res.stderr.startswith(message) and res.stderr.count("\n") == 1, res.stderr
    page = run("explain", "--id", "x", SEED)
    assert page.exit_code == 2 and "pick a record in a JSONL or WARC file; this is one page" in page.stderr


def test_explain_picks_a_warc_record(tmp_path):
    from test_pipeline import write_warc

    texts = ["Just a note.", (ROOT / "seeds" / "000_3456128bdfb719b6.txt").read_text(encoding="utf-8")]
    ids = write_warc(tmp_path / "c.warc.gz", texts)
    res = run("explain", "-f", "jsonl", "--id", ids[1], tmp_path / "c.warc.gz")
    assert res.exit_code == 0, res.output
    assert account(f"[{','.join(res.stdout.splitlines())}]") == (ids[1], account(run("explain", "-f", "json", SEED).stdout)[1])
    first = run("explain", "--index", 1, tmp_path / "c.warc.gz")
    assert first.stdout.startswith(f"# {ids[0]}: site sputniknews.com, 1 lines")  # by its url
