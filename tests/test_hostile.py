"""Hostile input: nothing a user feeds the tool may crash it, hang it or lose a record."""

import gzip
import json
import os
import random
import signal
import threading
import time

import pytest

from hypothesis import given, settings, strategies as st
from typer.testing import CliRunner

from cleaner import Cleaner, DecodeError
from cleaner.cli import app
from cleaner.limits import LimitError, RuleTimeout
from cleaner.linemodel.model import MODEL_FILE, LineModel
from cleaner.text.normalize import normalize
from cleaner.rules import load_rules

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def hostile_folder(folder):
    rng = random.Random(7)
    files = {
        "random.txt": bytes(rng.randrange(256) for _ in range(5000)),
        "nul.txt": b"Some text\x00 with NUL\x00 bytes.\n\n\x00\x00\n",
        "utf16.txt": "Grüße aus Köln, und ein Satz mehr.".encode("utf-16"),
        "latin1.txt": "Café crème, déjà vu, naïve façade: une phrase française.".encode("latin-1"),
        "controls.txt": "".join(chr(c) for c in range(32)).encode() + b"\x7f\x1b[2Jtext",
        "empty.txt": b"",
        "blank.txt": b"   \n\t\n \xc2\xa0 \n",
        "one-long-line.txt": b"word " * 4_200_000,  # 21 MB on one line
        "nested.html": b"<html><body>" + b"<div>" * 50_000 + b"deep" + b"</div>" * 50_000 + b"</body></html>",
        "bad-utf8.txt": b"valid start \xff\xfe\xfd then \xc3\x28 broken",
        "surrogates.txt": "lone \ud800 surrogate".encode("utf-8", "surrogatepass"),
        "mojibake.txt": "Donâ€™t panic: itâ€™s fine.".encode("utf-8"),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return files


def test_a_folder_of_hostile_inputs_gives_a_record_or_an_error_for_each(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    files = hostile_folder(inputs)
    out, err = tmp_path / "out.jsonl", tmp_path / "err.jsonl"
    res = run("clean", inputs, "-o", out, "--errors", err, "--jobs", "2")
    assert "Traceback" not in res.output
    records = [json.loads(x) for x in out.read_text().splitlines()]
    errors = [json.loads(x) for x in err.read_text().splitlines()]
    assert len(records) + len(errors) == len(files)
    assert res.exit_code == (1 if errors else 0)
    by_id = {r["id"]: r for r in records}
    assert by_id["utf16"]["text"] == "Grüße aus Köln, und ein Satz mehr."
    assert by_id["latin1"]["text"] == "Café crème, déjà vu, naïve façade: une phrase française."
    assert by_id["mojibake"]["text"] == "Don’t panic: it’s fine."
    assert by_id["empty"]["text"] == "" and by_id["blank"]["text"] == ""
    assert "\x00" not in by_id["nul"]["text"]
    assert any("over --max-bytes" in e["reason"] for e in errors)  # the 21 MB line
    assert any("too deep" in e["reason"] for e in errors)  # 50,000 levels: past the parser's 2,048, not empty


def test_a_gzip_bomb_stops_at_the_decompressed_limit(tmp_path):
    bomb = tmp_path / "bomb.jsonl.gz"
    with gzip.open(bomb, "wb") as stream:
        line = (json.dumps({"id": "x", "text": "a " * 500}) + "\n").encode()
        for _ in range(20000):  # 20 MB inflated, a few kB on disk
            stream.write(line)
    assert bomb.stat().st_size < 200_000
    res = run("clean", bomb, "--max-decompressed", "1000000", "-o", tmp_path / "o.jsonl",
              "--errors", tmp_path / "e.jsonl")
    assert res.exit_code == 1 and "Traceback" not in res.output
    errors = [json.loads(x) for x in (tmp_path / "e.jsonl").read_text().splitlines()]
    assert len(errors) == 1 and "--max-decompressed" in errors[0]["reason"]
    done = len((tmp_path / "o.jsonl").read_text().splitlines())
    assert 0 < done < 20000  # what came before the limit, then the error


def test_a_catastrophic_rule_is_refused_at_load(tmp_path):
    (tmp_path / "bad.toml").write_text('[site]\nname = "bad"\n[[rule]]\nid = "slow"\nre = "(\\\\w+\\\\s?)+$"\ndrop = true\n')
    res = run("clean", "--rules", tmp_path, "-", )
    assert res.exit_code == 2
    assert f"{tmp_path / 'bad.toml'}:4: slow: nested quantifier" in res.stderr


def test_a_catastrophic_list_separator_is_refused_at_load(tmp_path):
    # A field's sep is a regular expression run on rule-matched text, as a rule's re is.
    (tmp_path / "bad.toml").write_text('[site]\nname = "bad"\n[fields]\ntags = { type = "list", sep = "(a|aa)+b" }\n'
                                       '[[rule]]\nid = "tags"\nre = "Tags: (?P<tags>.+)"\nfield = "tags"\n')
    res = run("clean", "--rules", tmp_path, "-")
    assert res.exit_code == 2
    assert f"{tmp_path / 'bad.toml'}:fields.tags: " in res.stderr and "can backtrack catastrophically" in res.stderr


def test_a_runaway_rule_is_cut_off_and_the_run_goes_on(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    # Overlapping alternatives under a bounded repeat: the shape check lets it through, its time does not.
    (rules / "slow.toml").write_text('[site]\nname = "slow"\nshared = true\n'
                                     '[[rule]]\nid = "runaway"\nre = "(?:a|aa){1,60}b"\ndrop = true\n')
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "trap", "text": "a" * 60}) + "\n" + json.dumps({"id": "fine", "text": "b"}) + "\n")
    res = run("clean", src, "--rules", rules, "--rule-seconds", "0.5", "-o", tmp_path / "o.jsonl",
              "--errors", tmp_path / "e.jsonl")
    assert res.exit_code == 1
    (error,) = [json.loads(x) for x in (tmp_path / "e.jsonl").read_text().splitlines()]
    assert error["id"] == "trap" and "runaway ran out of time" in error["reason"]
    assert [json.loads(x)["id"] for x in (tmp_path / "o.jsonl").read_text().splitlines()] == ["fine"]


def test_a_symlink_loop_in_an_input_folder_ends(tmp_path):
    (tmp_path / "a.txt").write_text("A page.\n")
    os.symlink(tmp_path, tmp_path / "loop")
    res = run("clean", "-f", "jsonl", tmp_path)
    assert res.exit_code == 0
    assert [json.loads(x)["id"] for x in res.stdout.splitlines()] == ["a"]


CLEANER = Cleaner()  # the defaults: the line model reads every page with no site file
RULES = CLEANER.rules_only()  # whose fixed point is the rules'; the model's is test_linemodel's business


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_a_record_or_a_documented_error(data):
    try:
        record = CLEANER.clean(data)
    except (DecodeError, LimitError):
        return
    assert isinstance(record.text, str)


LINES = ["", " ", "Home", "News", "Advertisement", "Share", "Facebook", "By Jane Doe", "© AFP 2019 / X",
         "Photo: Reuters", "Read more", "12 Comments", "The council met on Tuesday and approved the budget.",
         "It was the third vote this year, and the closest.", "WASHINGTON (Reuters) - Talks went on.",
         "Donâ€™t panic.", "Listen Live", "Get short URL", "caf\u00e9\u00a0au lait", "x" * 30]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LINES), max_size=25).map("\n".join))
def test_clean_is_deterministic_and_keeps_only_input_lines(text):
    first = CLEANER.process(text)
    assert CLEANER.process(text).record.to_dict() == first.record.to_dict()
    normal = set(normalize(text).split("\n"))
    kept = {f.kept for f in first.fates if f.kept}
    for paragraph in filter(None, first.record.text.split("\n\n")):
        assert paragraph in normal or paragraph in kept


PROSE = st.sampled_from([
    "The council met on Tuesday and approved the budget for the coming year.",
    "It was the third vote this year, and by far the closest of them.",
    "Residents had asked for the vote after months of public meetings.",
    "“We listened,” the mayor said. “This is what people wanted.”",
    "He declined to comment.",
    "Work on the new library is due to begin in the spring.",
])
CHROME_TOP = st.lists(st.sampled_from(["Home", "News", "Sport", "Skip to content", "Advertisement", "Menu",
                                       "Share this:", "Facebook", "Twitter"]), max_size=8)
CHROME_BOTTOM = st.lists(st.sampled_from(["Share", "Facebook", "Twitter", "Email", "Related Articles",
                                          "Read more", "12 Comments", "About us", "Privacy Policy",
                                          "© 2024 The Courier. All rights reserved."]), max_size=8)


@st.composite
def pages(draw):
    """Pages with a page's shape: chrome at the edges, a headline and a byline, prose between, with
    datelines, figures and ads where pages have them; a dump may begin with the page's <title>, which
    the headline repeats (same = "first_line"), or with a line of no words."""
    lines = draw(st.sampled_from([[], ["Council Approves Library Budget | The Courier"], ["* * *"]]))
    lines += draw(CHROME_TOP) + draw(st.sampled_from([[], ["Council Approves Library Budget"], ["* * *"]]))
    lines += draw(st.sampled_from([[], ["By Jane Doe"], ["By Jane Doe and John Roe"]]))
    body = draw(st.lists(PROSE, min_size=2, max_size=8))
    if draw(st.booleans()):
        body[0] = "WASHINGTON (Reuters) - " + body[0]
    if draw(st.booleans()):
        at = draw(st.integers(0, len(body)))
        body[at:at] = ["The new library, as the architects drew it\n© Studio Nord / Jane Doe"]
    if draw(st.booleans()):
        body.insert(draw(st.integers(0, len(body))), "Advertisement")
    return "\n\n".join(lines + body + draw(CHROME_BOTTOM))


@settings(max_examples=300, deadline=None)
@given(pages())
def test_cleaning_the_clean_text_again_changes_nothing(text):
    first = RULES.process(text)
    if not first.guarded:  # a guarded page is handed back as it came: a safety valve, not a cleaning
        cleaned = first.record.text
        assert RULES.clean(cleaned, site=first.record.site).text == cleaned


def test_a_zstd_bomb_stops_too(tmp_path):
    import zstandard

    line = (json.dumps({"id": "x", "text": "a " * 500}) + "\n").encode()
    bomb = tmp_path / "bomb.jsonl.zst"
    bomb.write_bytes(zstandard.ZstdCompressor(level=19).compress(line * 20000))
    assert bomb.stat().st_size < 100_000
    res = run("clean", bomb, "--max-decompressed", "1000000", "-o", tmp_path / "o.jsonl", "--errors", tmp_path / "e.jsonl")
    assert res.exit_code == 1 and "Traceback" not in res.output
    (error,) = [json.loads(x) for x in (tmp_path / "e.jsonl").read_text().splitlines()]
    assert "--max-decompressed" in error["reason"]


def test_a_broken_zstd_stream_is_an_error_record_after_what_came_before(tmp_path):
    import zstandard

    good = zstandard.ZstdCompressor().compress((json.dumps({"id": "a", "text": "A page."}) + "\n").encode())
    for name, data in (("junk.jsonl.zst", b"not zstd at all, not even its magic number"),
                       ("tail.jsonl.zst", good + b"\x28\xb5\x2f\xfd" + b"\xff" * 40)):
        src = tmp_path / name
        src.write_bytes(data)
        res = run("clean", src, "-o", tmp_path / "o.jsonl", "--errors", tmp_path / "e.jsonl")
        assert isinstance(res.exception, SystemExit) and res.exit_code == 1, res.exception  # no traceback
        (error,) = [json.loads(x) for x in (tmp_path / "e.jsonl").read_text().splitlines()]
        assert error["position"] == -1 and error["reason"].startswith("cannot read: ")
        kept = [json.loads(x)["id"] for x in (tmp_path / "o.jsonl").read_text().splitlines()]
        assert kept == ([] if name.startswith("junk") else ["a"])


def test_an_unreadable_rule_file_is_reported_not_followed(tmp_path, monkeypatch):
    from pathlib import Path

    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "locked.toml").write_text('[site]\nname = "locked"\n')
    os.symlink(rules / "nowhere.toml", rules / "dangling.toml")  # a link to nothing
    res = run("clean", "--rules", rules, "-", )
    assert res.exit_code == 2 and "dangling.toml: cannot read" in res.stderr
    (rules / "dangling.toml").unlink()
    real = Path.read_text

    def read_text(self, *args, **kwargs):  # as a mode-0 file behaves for anyone but root
        if self.name == "locked.toml":
            raise PermissionError(13, "Permission denied")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", read_text)
    res = run("clean", "--rules", rules, "-")
    assert res.exit_code == 2 and res.stderr.strip().endswith("locked.toml: cannot read: Permission denied")


def test_a_rule_file_that_is_no_regular_file_is_refused_unread(tmp_path):
    # A link to /dev/zero would be read to the end of memory, a FIFO waited on forever.
    rules = tmp_path / "rules"
    rules.mkdir()
    os.symlink("/dev/zero", rules / "zero.toml")
    res = run("clean", "--rules", rules, "-")
    assert res.exit_code == 2 and res.stderr.strip().endswith("zero.toml: cannot read: not a regular file")
    (rules / "zero.toml").unlink()
    os.mkfifo(rules / "pipe.toml")
    res = run("lint", rules)
    assert res.exit_code == 1 and "pipe.toml: cannot read: not a regular file" in res.stdout


def runaway_rules(folder):
    folder.mkdir()
    (folder / "slow.toml").write_text('[site]\nname = "slow"\nshared = true\n'
                                      '[[rule]]\nid = "runaway"\nre = "(?:a|aa){1,60}b"\ndrop = true\n')
    return folder


def test_a_runaway_rule_in_a_thread_other_than_the_main_one_is_cut_off(tmp_path):
    # No signal reaches such a thread: there each regex call carries the time left as its timeout.
    cleaner = Cleaner(rules=load_rules([runaway_rules(tmp_path / "rules")], bundled=False), rule_seconds=0.3)
    outcome = {}

    def work():
        for text in ("a" * 60, "b"):
            try:
                outcome[text] = cleaner.clean(text).text
            except RuleTimeout as exc:
                outcome[text] = exc

    before = signal.getsignal(signal.SIGPROF)
    thread = threading.Thread(target=work)
    thread.start()
    thread.join(60)
    assert not thread.is_alive()
    assert isinstance(outcome["a" * 60], RuleTimeout) and "runaway ran out of time: over 0.3 s" in str(outcome["a" * 60])
    assert outcome["b"] == "b"
    assert signal.getsignal(signal.SIGPROF) is before


def test_the_budget_puts_back_the_signal_handler_and_timer_it_found(tmp_path):
    cleaner = Cleaner(rules=load_rules([runaway_rules(tmp_path / "rules")], bundled=False), rule_seconds=0.3)
    calls = []

    def theirs(signum, frame):
        calls.append(signum)

    previous = signal.signal(signal.SIGPROF, theirs)
    signal.setitimer(signal.ITIMER_PROF, 100.0, 50.0)
    try:
        assert cleaner.clean("b").text == "b"
        with pytest.raises(RuleTimeout, match="runaway ran out of time"):
            cleaner.clean("a" * 60)
        assert signal.getsignal(signal.SIGPROF) is theirs
        left, interval = signal.getitimer(signal.ITIMER_PROF)
        assert 98 < left <= 100 and interval == 50.0  # less the CPU time the two documents took
        assert calls == []
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


class _SlowModel(LineModel):
    """A line model that thinks for ten seconds in plain Python, calling no regex at all."""

    def score(self, lines, *args, **kwargs):
        end = time.monotonic() + 10
        while time.monotonic() < end:
            pass
        return super().score(lines, *args, **kwargs)


def test_the_line_model_runs_within_the_documents_budget():
    model = _SlowModel.load(MODEL_FILE)
    cleaner = Cleaner(rules=load_rules([], bundled=False), generic="balanced", line_model=model, rule_seconds=0.3)
    started = time.monotonic()
    with pytest.raises(RuleTimeout, match=f"rule {model.name} ran out of time: over 0.3 s"):
        cleaner.clean("\n\n".join(f"Line {k} of the page." for k in range(6)))
    assert time.monotonic() - started < 5


def test_a_runaway_rule_is_cut_off_in_the_workers_of_jobs_2(tmp_path):
    rules = runaway_rules(tmp_path / "rules")
    src = tmp_path / "in.jsonl"
    docs = [{"id": f"fine{i}", "text": f"Line {i}."} for i in range(150)]
    docs[100] = {"id": "trap", "text": "a" * 60}  # in the second batch: a worker cleans it
    src.write_text("".join(json.dumps(d) + "\n" for d in docs))
    res = run("clean", src, "--rules", rules, "--rule-seconds", "0.3", "--jobs", "2", "-o", tmp_path / "o.jsonl",
              "--errors", tmp_path / "e.jsonl")
    assert res.exit_code == 1
    (error,) = [json.loads(x) for x in (tmp_path / "e.jsonl").read_text().splitlines()]
    assert error["id"] == "trap" and "runaway ran out of time" in error["reason"]
    out = [json.loads(x)["id"] for x in (tmp_path / "o.jsonl").read_text().splitlines()]
    assert out == [d["id"] for d in docs if d["id"] != "trap"]
