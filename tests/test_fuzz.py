"""A short run of every fuzzing target (fuzz/fuzz_cleaner.py); docs/reliability.md has the long runs."""

import subprocess
import sys

import pytest

from conftest import ROOT

pytest.importorskip("atheris", reason="atheris is in the test extra: pip install '.[test]'")


@pytest.mark.parametrize("target", ["clean", "html", "jsonl", "warc"])
def test_fuzz_target_runs_without_a_crash(target, tmp_path):
    proc = subprocess.run(
        [sys.executable, str(ROOT / "fuzz" / "fuzz_cleaner.py"), target, "-max_total_time=4", "-rss_limit_mb=4096",
         f"-artifact_prefix={tmp_path}/"],
        capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Done" in proc.stderr
