"""The command line: typer's CliRunner for behaviour, one real subprocess for the installed command."""

import json
import subprocess
import sys

from typer.testing import CliRunner

from cleaner.cli import app
from conftest import ROOT

SEED = str(ROOT / "seeds" / "000_3456128bdfb719b6.txt")
runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def reference():
    return json.loads((ROOT / "fixtures" / "sputniknews.com" / "000_3456128bdfb719b6.expected.json").read_text())


def test_clean_prints_the_text():
    res = run("clean", SEED)
    assert res.exit_code == 0, res.output
    assert res.stdout == reference()["text"] + "\n"


def test_clean_json_prints_the_record():
    res = run("clean", "--format", "json", SEED)
    assert res.exit_code == 0
    assert json.loads(res.stdout) == reference()


def test_stdin(tmp_path):
    data = (ROOT / "seeds" / "000_3456128bdfb719b6.txt").read_bytes()
    res = runner.invoke(app, ["clean", "-f", "json", "-"], input=data)
    record = json.loads(res.stdout)
    assert record["text"] == reference()["text"] and record["id"] == "stdin"


def test_several_inputs_give_jsonl_in_order(tmp_path):
    (tmp_path / "b.txt").write_text("Second page.\n")
    (tmp_path / "a.txt").write_text("First page.\n")
    res = run("clean", "-f", "json", str(tmp_path), SEED)
    lines = [json.loads(x) for x in res.stdout.splitlines()]
    assert [r["id"] for r in lines] == ["a", "b", "000_3456128bdfb719b6"]


def test_files_a_folder_holds_of_no_input_format_are_named_on_stderr(tmp_path):
    (tmp_path / "a.txt").write_text("First page.\n")
    (tmp_path / "notes.md").write_text("# not an input\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "crawl.arc").write_bytes(b"\x00\x01")
    res = run("clean", "-f", "jsonl", str(tmp_path))
    assert res.exit_code == 0, res.output
    assert [json.loads(x)["id"] for x in res.stdout.splitlines()] == ["a"]
    assert res.stderr.splitlines() == [
        f"cleaner: {tmp_path}: 2 files of no input format left out (notes.md, sub/crawl.arc); --input-format reads every file as one"]
    assert run("clean", "-f", "jsonl", str(tmp_path / "a.txt")).stderr == ""  # (a file named is read)
    (tmp_path / "a.txt").unlink()
    res = run("clean", str(tmp_path))
    assert res.exit_code == 2 and res.stderr == f"cleaner: {tmp_path}: folder holds no input files (only notes.md, sub/crawl.arc)\n"


def test_output_file_and_folder(tmp_path):
    out = tmp_path / "out.json"
    assert run("clean", "-f", "json", "-o", str(out), SEED).exit_code == 0
    assert json.loads(out.read_text()) == reference()
    folder = tmp_path / "texts"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "x.txt").write_text("Hello.\n")
    assert run("clean", "-o", str(folder), SEED, str(tmp_path / "in")).exit_code == 0
    assert (folder / "x.txt").read_text() == "Hello.\n"
    assert (folder / "000_3456128bdfb719b6.txt").read_text() == reference()["text"] + "\n"


def test_caption_and_metadata_streams(tmp_path):
    caps, metas = tmp_path / "c.jsonl", tmp_path / "m.jsonl"
    res = run("clean", "--captions-out", str(caps), "--metadata-out", str(metas), SEED)
    assert res.exit_code == 0
    ref = reference()
    captions = [json.loads(x) for x in caps.read_text().splitlines()]
    assert len(captions) == 3
    assert all(c["id"] == "000_3456128bdfb719b6" for c in captions)
    assert [c["credit"] for c in captions] == [c["credit"] for c in ref["captions"]]
    (meta,) = [json.loads(x) for x in metas.read_text().splitlines()]
    assert meta["id"] == "000_3456128bdfb719b6" and meta["site"] == "sputniknews.com"
    assert {k: meta[k] for k in ref["metadata"]} == ref["metadata"]


def test_site_forced_and_unknown_site():
    res = run("clean", "-f", "json", "--site", "sputniknews.com", "-", input="Get short URL\n\nBody.\n")
    assert json.loads(res.stdout)["site"] == "sputniknews.com"
    res = run("clean", "--site", "nosuch.example", SEED)
    assert res.exit_code == 2 and "nosuch.example" in res.stderr


def test_missing_file_is_usage_error():
    res = run("clean", "/no/such/file.txt")
    assert res.exit_code == 2
    assert res.stderr.strip() == "cleaner: /no/such/file.txt: no such file or folder"


def test_empty_folder_is_usage_error(tmp_path):
    res = run("clean", str(tmp_path))
    assert res.exit_code == 2 and "holds no input files" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_unreadable_input_is_runtime_error_and_the_rest_goes_on(tmp_path, monkeypatch):
    bad = tmp_path / "bad.txt"
    bad.write_text("x")
    good = tmp_path / "good.txt"
    good.write_text("Good.\n")
    from cleaner.corpus import readers

    real = readers.open_binary

    def open_binary(path, *args):  # as a mode-0 file behaves for anyone but root
        if path.endswith("bad.txt"):
            raise PermissionError(13, "Permission denied")
        return real(path, *args)

    monkeypatch.setattr(readers, "open_binary", open_binary)
    res = run("clean", str(bad), str(good))
    assert res.exit_code == 1
    assert res.stderr.splitlines()[0] == f"cleaner: {bad}: cannot read: Permission denied"
    assert "2 documents in, 1 out, 1 errors" in res.stderr
    assert res.stdout == "Good.\n"


def test_broken_rule_file_is_usage_error(tmp_path):
    (tmp_path / "x.toml").write_text('[site]\nname = "x"\n[[rule]]\nid = "r"\nre = "("\ndrop = true\n')
    res = run("clean", "--rules", str(tmp_path), SEED)
    assert res.exit_code == 2
    assert res.stderr.startswith(f"cleaner: {tmp_path / 'x.toml'}:4: r: invalid regular expression")
    assert "Traceback" not in res.output


def test_rules_folder_overrides_a_bundled_site(tmp_path):
    # complete = true: its rules alone, without the fallback edges (which would take "Listen Live").
    (tmp_path / "s.toml").write_text('[site]\nname = "sputniknews.com"\nfingerprint = ["Get short URL"]\n'
                                     'complete = true\n[[rule]]\nid = "gsu"\nline = "Get short URL"\ndrop = true\n')
    res = run("clean", "--rules", str(tmp_path), SEED)
    assert res.exit_code == 0
    assert "Listen Live" in res.stdout and "Get short URL" not in res.stdout


def test_installed_command_runs_as_a_subprocess(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "cleaner", "clean", "--format", "json", SEED],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == reference()
    proc = subprocess.run([sys.executable, "-m", "cleaner", "clean", "missing.txt"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr == "cleaner: missing.txt: no such file or folder\n"


def test_a_usage_error_is_one_line_with_exit_code_2(tmp_path):
    """An option's bad value or a missing argument reads like every other error, not as a box."""
    for args, message in ((["clean", "--jobs", "0", SEED], "Invalid value for '--jobs' / '-j': 0 is not in the range x>=1."),
                          (["clean"], "Missing argument 'paths'."),
                          (["clean", "--bogus", SEED], "No such option: --bogus")):
        proc = subprocess.run([sys.executable, "-m", "cleaner", *args],
                              capture_output=True, text=True, cwd=tmp_path, timeout=120)
        assert proc.returncode == 2
        assert proc.stderr.startswith(f"cleaner: {message}") and proc.stderr.count("\n") == 1, proc.stderr
        assert proc.stdout == ""


def test_a_reader_that_stops_early_is_not_a_failure(tmp_path):
    """`cleaner clean ... | head`: the reader closing the pipe ends the run with exit 0, quietly."""
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"d{n}", "text": "A short page."}) + "\n" for n in range(20000)))
    proc = subprocess.Popen([sys.executable, "-m", "cleaner", "clean", "--jobs", "1", src],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    proc.stdout.readline()
    proc.stdout.close()  # far more than a pipe's buffer is still to come
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 0, err
    assert b"Traceback" not in err


def test_a_reader_that_stops_early_after_an_input_failed_is_still_a_failure(tmp_path):
    """An input that failed before the reader closed the pipe was reported, yet the run exited 0;
    with --allow-errors it is 0."""
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "a", "text": "A short page."}) + '\n{"id": "bad"}\n')
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"d{n}", "text": "A short page."}) + "\n" for n in range(20000)))
    for extra, code in (([], 1), (["--allow-errors"], 0)):
        proc = subprocess.Popen([sys.executable, "-m", "cleaner", "clean", "--jobs", "1", *extra, bad, src],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
        proc.stdout.readline()
        proc.stdout.close()  # far more than a pipe's buffer is still to come
        err = proc.stderr.read()
        assert proc.wait(timeout=120) == code, err
        assert b"bad.jsonl:2: no 'text' field" in err and b"Traceback" not in err


def test_the_command_leaves_its_objects_to_the_system_at_exit(tmp_path):
    """No last collection over every object at exit (about 30 ms a run): they are frozen first, and
    the run's output is whole. An atexit handler registered before main() runs after main's own."""
    out = tmp_path / "out.json"
    code = ("import atexit, gc, sys\n"
            "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0, file=sys.stderr))\n"
            "from cleaner.cli import main\n"
            f"sys.argv = ['cleaner', 'clean', '-o', {str(out)!r}, {SEED!r}]\n"
            "main()\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines()[-1] == "frozen True"
    assert json.loads(out.read_text(encoding="utf-8")) == reference()


def test_every_option_and_argument_of_every_command_has_a_help_text():
    import typer.main

    group = typer.main.get_command(app)
    params = [(name, param) for name, command in [("cleaner", group), *group.commands.items()]
              for param in command.params]
    assert len(group.commands) >= 5 and len(params) > 50
    assert [f"{name} {param.opts[0]}" for name, param in params if not getattr(param, "help", None)] == []
