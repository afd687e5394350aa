"""Output paths that are not a plain new file: devices, FIFOs, sockets, symlinks, paths under a file.

Nothing that stands at an output path is ever replaced: a device or FIFO is written into, a symlink
is written through, and a path nothing can be written at fails before any work, in one line. Runs
are real processes, so that a traceback would show on stderr. The device is a copy of /dev/null
made in the test's folder (as root; otherwise /dev/null itself, which a user cannot replace), so
that no version of the code can break the machine's own.
"""

import json
import os
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import ROOT

TEXTS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures").rglob("*.input.txt"))]
# Every option that writes a file.
FILE_OPTIONS = ["-o", "--errors", "--stats", "--captions-out", "--metadata-out"]
ALL_OPTIONS = FILE_OPTIONS + ["-o FOLDER"]  # (-o FOLDER: several inputs, one output each)


def cleaner(*args, cwd, stdout=subprocess.PIPE):
    return subprocess.run([sys.executable, "-m", "cleaner", *map(str, args)], cwd=cwd, stdout=stdout,
                          stderr=subprocess.PIPE, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})


def shard(path: Path, n: int, tag: str) -> Path:
    """A JSONL shard of n documents (the fixture pages, captions among them) and one bad line."""
    rows = [json.dumps({"id": f"{tag}{i}", "text": TEXTS[i % len(TEXTS)]}) for i in range(n)]
    path.write_text("\n".join(rows[:2] + ['{"id": "bad"}'] + rows[2:]) + "\n", encoding="utf-8")
    return path


def command(option: str, target, work: Path) -> list:
    """A run writing the option's output to target (and the other outputs to plain files)."""
    if option == "-o FOLDER":
        return ["a.jsonl", "b.jsonl", "-f", "jsonl", "-o", target, "--allow-errors"]
    main = [] if option == "-o" else ["-o", work / "main.jsonl"]
    return ["a.jsonl", *main, option, target, "--allow-errors"]


@pytest.fixture
def work(tmp_path):
    shard(tmp_path / "a.jsonl", 6, "a")
    shard(tmp_path / "b.jsonl", 4, "b")
    return tmp_path


@pytest.fixture
def reference(work):
    """What every file option writes when its path is a plain new file."""
    ref = work / "ref"
    names = {"-o": "o.jsonl", "--errors": "e.jsonl", "--stats": "s.json", "--captions-out": "c.jsonl",
             "--metadata-out": "m.jsonl"}
    args = [a for option, name in names.items() for a in (option, ref / name)]
    res = cleaner("clean", "a.jsonl", *args, "--allow-errors", cwd=work)
    assert res.returncode == 0, res.stderr
    out = {option: (ref / name).read_bytes() for option, name in names.items()}
    assert all(out.values())  # (each has something to show)
    return out


class FifoReader:
    """A FIFO and a thread reading it to its end, as a consumer would. The test holds a writer of
    its own until finish(), so that the reader never waits on the path: whatever a run does to the
    path (replacing the FIFO, or never opening it), finish() returns."""

    def __init__(self, path: Path):
        os.mkfifo(path)
        self.path, self.chunks = path, []
        self.fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        self.hold = os.open(path, os.O_WRONLY)
        os.set_blocking(self.fd, True)
        self.thread = threading.Thread(target=self.read, daemon=True)
        self.thread.start()

    def read(self):
        while chunk := os.read(self.fd, 1 << 16):
            self.chunks.append(chunk)
        os.close(self.fd)

    def finish(self) -> bytes:
        """What was read (call it once the run is over)."""
        os.close(self.hold)
        self.thread.join()
        return b"".join(self.chunks)


def make_device(path: Path) -> Path:
    if os.geteuid() != 0:
        return Path("/dev/null")
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # the null device, under another name
    return path


def assert_clean_failure(res, *words):
    err = res.stderr.decode()
    assert res.returncode == 2, err
    assert "Traceback" not in err
    assert err.startswith("cleaner: ") and err.count("\n") == 1, err
    for word in words:
        assert word in err, err


def every_option(targets: dict, work: Path) -> list:
    """One run's arguments: each file option's output to its target."""
    return ["a.jsonl", *(a for option, target in targets.items() for a in (option, target)), "--allow-errors"]


def test_devices_are_written_into_and_stay_devices(work):
    devices = {option: make_device(work / f"null{n}") for n, option in enumerate(FILE_OPTIONS)}
    res = cleaner("clean", *every_option(devices, work), cwd=work)
    assert res.returncode == 0 and "Traceback" not in res.stderr.decode(), res.stderr
    assert all(stat.S_ISCHR(os.stat(device).st_mode) for device in devices.values())
    # Several inputs, one output each: a device is no folder.
    res = cleaner("clean", *command("-o FOLDER", devices["-o"], work), cwd=work)
    assert_clean_failure(res, f"{devices['-o']}: not a folder")
    assert stat.S_ISCHR(os.stat(devices["-o"]).st_mode)


def make_full_device(path: Path) -> Path:
    """A device every write to fails with ENOSPC, as on a full disk: a copy of /dev/full as root."""
    if os.geteuid() != 0:
        return Path("/dev/full")
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    return path


def assert_write_failure(res, *words):
    err = res.stderr.decode()
    assert res.returncode == 1, err
    assert "Traceback" not in err and "Exception ignored" not in err, err
    lines = err.splitlines()  # (the bad record's line, where no --errors takes it, comes first)
    assert all(line.startswith("cleaner: ") for line in lines) and err.count("cannot write") == 1, err
    for word in ("cannot write", "No space left on device", *words):
        assert word in lines[-1], err


@pytest.mark.parametrize("option", FILE_OPTIONS)
def test_an_output_that_fails_while_written_is_one_line_naming_it(work, option):
    full = make_full_device(work / "full")
    main = [] if option == "-o" else ["-o", work / "main.jsonl"]
    res = cleaner("clean", "a.jsonl", *main, option, full, "--allow-errors", "--no-progress", cwd=work)
    assert_write_failure(res, str(full))
    assert stat.S_ISCHR(os.stat(full).st_mode)
    if option != "--stats":  # (the statistics are written last, once the output is whole)
        assert not (work / "main.jsonl").exists()  # the run stopped: nothing looks finished


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_stdout_that_fails_while_written_is_one_line(work, jobs):
    shard(work / "many.jsonl", 150, "m")  # (more than a batch: --jobs 2 starts its workers)
    with open("/dev/full", "wb") as full:
        res = cleaner("clean", "many.jsonl", "-j", jobs, "--allow-errors", cwd=work, stdout=full)
    assert_write_failure(res, "standard output")


@pytest.mark.parametrize("command", ["explain", "test", "suggest"])
def test_every_command_whose_stdout_fails_says_so_in_one_line(work, command):
    site = ROOT / "fixtures" / "sputniknews.com"
    args = {"explain": [ROOT / "seeds" / "000_3456128bdfb719b6.txt"], "test": [site],
            "suggest": [site, "--site", "sputniknews.com"]}[command]
    with open("/dev/full", "wb") as full:
        res = cleaner(command, *args, cwd=work, stdout=full)
    err = res.stderr.decode()
    assert res.returncode == 1 and "Traceback" not in err and "Exception ignored" not in err, err
    assert err.splitlines()[-1].startswith("cleaner: ") and "No space left on device" in err.splitlines()[-1], err


def test_fifos_are_written_into_and_their_readers_get_the_outputs(work, reference):
    readers = {option: FifoReader(work / f"fifo{n}.json") for n, option in enumerate(FILE_OPTIONS)}
    res = cleaner("clean", *every_option({o: r.path for o, r in readers.items()}, work), cwd=work)
    got = {option: reader.finish() for option, reader in readers.items()}
    assert res.returncode == 0 and "Traceback" not in res.stderr.decode(), res.stderr
    assert got == reference
    assert all(stat.S_ISFIFO(os.lstat(r.path).st_mode) for r in readers.values())
    reader = FifoReader(work / "fifo")
    res = cleaner("clean", *command("-o FOLDER", work / "fifo", work), cwd=work)
    assert reader.finish() == b"" and stat.S_ISFIFO(os.lstat(work / "fifo").st_mode)
    assert_clean_failure(res, f"{work / 'fifo'}: not a folder")


def test_symlinks_are_written_through_and_stay_links(work, reference):
    (work / "real").mkdir()
    links = {}
    for n, option in enumerate(FILE_OPTIONS):
        (work / "real" / f"t{n}.json").write_text("the old content\n")
        links[option] = work / f"link{n}.json"
        links[option].symlink_to(Path("real") / f"t{n}.json")
    res = cleaner("clean", *every_option(links, work), cwd=work)
    assert res.returncode == 0 and "Traceback" not in res.stderr.decode(), res.stderr
    for n, (option, link) in enumerate(links.items()):
        assert link.is_symlink() and os.readlink(link) == str(Path("real") / f"t{n}.json")
        assert (work / "real" / f"t{n}.json").read_bytes() == reference[option], option
    assert len(list((work / "real").iterdir())) == len(links)  # no temporary left beside the targets
    # Links to files that are not there yet: each file is made where its link points.
    for n, link in enumerate(links.values()):
        link.unlink()
        link.symlink_to(work / "real" / f"new{n}.json")
    res = cleaner("clean", *every_option(links, work), cwd=work)
    assert res.returncode == 0, res.stderr
    for n, (option, link) in enumerate(links.items()):
        assert link.is_symlink() and (work / "real" / f"new{n}.json").read_bytes() == reference[option]


def test_a_symlink_to_a_file_is_no_folder(work):
    (work / "file").write_text("keep\n")
    (work / "link").symlink_to("file")
    res = cleaner("clean", *command("-o FOLDER", work / "link", work), cwd=work)
    assert_clean_failure(res, "link: not a folder")
    assert (work / "link").is_symlink() and (work / "file").read_text() == "keep\n"


@pytest.mark.parametrize("option", ALL_OPTIONS)
def test_a_path_under_a_file_fails_before_any_work(work, option):
    plain = work / "plain"
    plain.write_text("a file, not a folder\n")
    res = cleaner("clean", *command(option, plain / "x.json", work), cwd=work)
    assert_clean_failure(res, f"{plain} is not a folder")
    assert plain.read_text() == "a file, not a folder\n"
    assert not (work / "main.jsonl").exists()  # nothing was cleaned


def test_stats_under_a_file_fails_before_the_run_not_after(work):
    (work / "plain").write_text("x\n")
    res = cleaner("clean", "a.jsonl", "-o", "out.jsonl", "--stats", "plain/s.json", cwd=work)
    assert_clean_failure(res, "--stats plain/s.json: plain is not a folder")
    assert not (work / "out.jsonl").exists()


def test_a_path_nothing_can_be_made_in_and_a_folder_given_as_a_file(work):
    assert_clean_failure(cleaner("clean", "a.jsonl", "-o", "/proc/x.jsonl", cwd=work), "/proc/x.jsonl")
    (work / "dir").mkdir()
    assert_clean_failure(cleaner("clean", "a.jsonl", "--errors", "dir", cwd=work), "--errors dir: is a folder")


def test_a_socket_is_refused_not_replaced(work):
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(work / "s.jsonl"))
        res = cleaner("clean", "a.jsonl", "-o", "s.jsonl", cwd=work)
        assert_clean_failure(res, "s.jsonl: a socket")
        assert stat.S_ISSOCK(os.lstat(work / "s.jsonl").st_mode)
    finally:
        sock.close()


def test_a_link_to_an_open_descriptor_is_written_into_not_renamed_over(work):
    # /dev/stdout is such a link; one made here names the run's own stdout the same way.
    (work / "out.jsonl").symlink_to("/proc/self/fd/1")
    piped = cleaner("clean", "a.jsonl", "-o", "out.jsonl", "--allow-errors", cwd=work)
    assert piped.returncode == 0 and len(piped.stdout.decode().splitlines()) == 6
    assert (work / "out.jsonl").is_symlink()
    # stdout a file the shell opened, with a line already in it: the output follows that line.
    log = work / "log.txt"
    log.write_text("header\n")
    with open(log, "ab") as stream:
        res = cleaner("clean", "a.jsonl", "-o", "out.jsonl", "--allow-errors", cwd=work, stdout=stream)
    assert res.returncode == 0, res.stderr
    lines = log.read_text().splitlines()
    assert lines[0] == "header" and len(lines) == 7 and (work / "out.jsonl").is_symlink()
    assert_clean_failure(cleaner("clean", "a.jsonl", "-o", "out.jsonl", "--resume", cwd=work), "cannot resume")


@pytest.mark.parametrize("option", ALL_OPTIONS)
def test_resume_refuses_a_fifo(work, option):
    fifo = work / "fifo"
    reader = FifoReader(fifo)
    res = cleaner("clean", *command(option, fifo, work), "--resume", cwd=work)
    assert reader.finish() == b"" and stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert_clean_failure(res, "not a folder" if option == "-o FOLDER" else "--resume cannot resume there")
    assert not (work / "main.jsonl").exists()


def test_resume_refuses_a_device(work):
    device = make_device(work / "null")
    res = cleaner("clean", "a.jsonl", "-o", device, "--resume", cwd=work)
    assert_clean_failure(res, f"-o {device}: not a regular file: --resume cannot resume there")
    assert stat.S_ISCHR(os.stat(device).st_mode)


def test_resume_without_an_output_is_refused(work):
    assert_clean_failure(cleaner("clean", "a.jsonl", "--resume", cwd=work), "--resume goes with -o")
    assert_clean_failure(cleaner("clean", "a.jsonl", "-o", "-", "--resume", cwd=work), "standard output")


def stale_temps(*paths: Path) -> None:
    """What a killed run leaves: a temporary beside each output."""
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
        (path.parent / f".{path.name}.k1ll3d.tmp").write_text("half of it")


def temps(folder: Path) -> list:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob(".*.tmp"))


def test_resume_of_a_folder_run_gives_whole_errors_and_stats_and_leaves_no_temporaries(work):
    args = ["a.jsonl", "b.jsonl", "-o", "out/", "--split"]
    whole = cleaner("clean", *args, "--errors", "we.jsonl", "--stats", "ws.json", cwd=work)
    assert whole.returncode == 1
    # A run killed after it finished a.jsonl: b's outputs not there, temporaries beside every output.
    (work / "out" / "b.jsonl").unlink()
    stale_temps(work / "out" / "b.jsonl", work / "logs" / "e.jsonl", work / "logs" / "s.json")
    res = cleaner("clean", *args, "--errors", "logs/e.jsonl", "--stats", "logs/s.json", "--resume", cwd=work)
    assert res.returncode == 1 and "Traceback" not in res.stderr.decode()  # a's error counts too
    assert (work / "logs" / "e.jsonl").read_bytes() == (work / "we.jsonl").read_bytes()
    assert len((work / "we.jsonl").read_text().splitlines()) == 2  # one from each input, in input order
    stats, expected = json.loads((work / "logs" / "s.json").read_text()), json.loads((work / "ws.json").read_text())
    assert stats["sources_skipped"] == 1
    assert {**stats, "sources_skipped": 0} == expected
    assert temps(work) == []


def test_resume_of_a_folder_run_from_before_the_statistics_cleans_its_inputs_again(work):
    cleaner("clean", "a.jsonl", "b.jsonl", "-o", "out/", cwd=work)
    (work / "out" / "a.stats.json").unlink()  # as an output without statistics beside it would be
    res = cleaner("clean", "a.jsonl", "b.jsonl", "-o", "out/", "--resume", "--stats", "s.json", cwd=work)
    stats = json.loads((work / "s.json").read_text())
    assert res.returncode == 1 and stats["sources_skipped"] == 1 and stats["documents_in"] == 12
    assert (work / "out" / "a.stats.json").exists()


def test_resume_of_a_single_output_is_all_or_nothing_and_leaves_no_temporaries(work):
    args = ["a.jsonl", "-o", "o.jsonl", "--errors", "e.jsonl", "--stats", "s.json", "--captions-out", "c.jsonl",
            "--allow-errors"]
    assert cleaner("clean", *args, cwd=work).returncode == 0
    first = {name: (work / name).read_bytes() for name in ("o.jsonl", "e.jsonl", "s.json", "c.jsonl")}
    # Complete: nothing done again, and the statistics still cover the whole output.
    res = cleaner("clean", *args, "--resume", cwd=work)
    assert res.returncode == 0 and "nothing to resume" in res.stderr.decode()
    stats = json.loads((work / "s.json").read_text())
    assert stats["documents_in"] == 7 and stats["errors"] == 1 and stats["sources_skipped"] == 1
    # Killed after the output was renamed into place, before the statistics were: cleaned again.
    (work / "s.json").unlink()
    stale_temps(*(work / name for name in first))
    res = cleaner("clean", *args, "--resume", cwd=work)
    assert res.returncode == 0 and "nothing to resume" not in res.stderr.decode()
    assert {name: (work / name).read_bytes() for name in first} == first
    assert temps(work) == []


def test_suggest_checks_its_outputs_before_reading_the_pages(work):
    (work / "plain").write_text("x\n")
    pages = sorted(str(p) for p in (ROOT / "fixtures" / "sputniknews.com").glob("*.input.txt"))
    res = cleaner("suggest", *pages, "--site", "sputniknews.com", "-o", "plain/x.toml", cwd=work)
    assert_clean_failure(res, "-o plain/x.toml: plain is not a folder")
    res = cleaner("suggest", *pages, "--site", "sputniknews.com", "--fixtures", "plain", cwd=work)
    assert_clean_failure(res, "not a folder")


def test_sigkill_then_resume_gives_the_uninterrupted_errors_and_stats(work):
    shards = work / "in"
    shards.mkdir()
    for s in range(6):
        shard(shards / f"s{s}.jsonl", 400, f"{s}-")

    def args(folder, *more):
        return ["clean", shards, "-o", f"{folder}/out/", "--errors", f"{folder}/e.jsonl", "--stats", f"{folder}/s.json",
                "--jobs", "1", *more]

    assert cleaner(*args("whole"), cwd=work).returncode == 1  # (each input has a bad line)
    (work / "broken").mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "cleaner", *map(str, args("broken"))], cwd=work,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    out = work / "broken" / "out"
    while proc.poll() is None and not any(out.glob("s?.jsonl")):
        time.sleep(0.02)
    proc.kill()  # partway: at least one input finished, others not
    proc.wait()
    assert 0 < len(list(out.glob("s?.jsonl"))) < 6
    assert temps(work / "broken")  # the killed run's temporaries (the --errors file's among them)
    res = cleaner(*args("broken", "--resume"), cwd=work)
    assert res.returncode == 1 and b"Traceback" not in res.stderr
    assert (work / "broken" / "e.jsonl").read_bytes() == (work / "whole" / "e.jsonl").read_bytes()
    stats = json.loads((work / "broken" / "s.json").read_text())
    assert stats["sources_skipped"] > 0
    assert {**stats, "sources_skipped": 0} == json.loads((work / "whole" / "s.json").read_text())
    assert temps(work) == []
    made = sorted(p.relative_to(out) for p in out.iterdir())
    assert made == sorted(p.relative_to(work / "whole" / "out") for p in (work / "whole" / "out").iterdir())
    for name in made:
        assert (out / name).read_bytes() == (work / "whole" / "out" / name).read_bytes()


def test_two_outputs_at_one_file_are_refused_before_any_work(tmp_path):
    """The output renamed into place last would replace the other: records lost, not counted."""
    src = shard(tmp_path / "in.jsonl", 3, "a")
    (tmp_path / "link.jsonl").symlink_to("out.jsonl")
    for other in (["--errors", "out.jsonl"], ["--stats", "./out.jsonl"], ["--captions-out", "link.jsonl"]):
        proc = cleaner("clean", src, "-o", "out.jsonl", *other, cwd=tmp_path)
        assert proc.returncode == 2, proc.stderr
        err = proc.stderr.decode()
        assert err.startswith(f"cleaner: {other[0]} ") and "the same file as -o" in err
        assert not (tmp_path / "out.jsonl").exists()
    # Devices are written into directly: both outputs reach them.
    assert cleaner("clean", src, "-o", "/dev/null", "--errors", "/dev/null", cwd=tmp_path).returncode == 1  # (its bad line)


def test_an_output_at_one_of_the_files_of_o_folder_is_refused_before_any_work(tmp_path):
    """-o FOLDER's files were checked against each other only: --errors out/in.jsonl replaced the
    input's cleaned output with the error records (exit 1, the records lost), --stats
    out/in.stats.json the input's own statistics."""
    src = shard(tmp_path / "in.jsonl", 3, "a")
    for other in (["--errors", "out/in.jsonl"], ["--stats", "out/in.stats.json"], ["--errors", "out/in.errors.jsonl"]):
        proc = cleaner("clean", src, "-o", "out/", *other, cwd=tmp_path)
        assert proc.returncode == 2, proc.stderr
        err = proc.stderr.decode()
        assert err.startswith(f"cleaner: -o out/{other[1][4:]}: the same file as {other[0]}"), err
        assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    proc = cleaner("clean", src, "-o", "out/", "--errors", "errors.jsonl", "--stats", "out/all.stats.json", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr  # (its bad line)
