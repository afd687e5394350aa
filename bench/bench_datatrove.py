"""datatrove's local executor with the cleaner step: 1 worker beside 2, on the same shards, in one run.

    pip install '.[datatrove]'        # in a checkout of cleaner
    python bench/bench_datatrove.py [--shards 4] [--docs 2500]
"""

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shards", type=int, default=4)
    parser.add_argument("--docs", type=int, default=2500, help="documents per shard")
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures").rglob("*.input.txt"))]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "in").mkdir()
        size = 0
        for s in range(args.shards):
            with open(tmp / "in" / f"shard{s}.jsonl", "w", encoding="utf-8") as out:
                for i in range(args.docs):
                    line = json.dumps({"id": f"{s}-{i}", "text": texts[(s + i) % len(texts)]}, ensure_ascii=False) + "\n"
                    size += len(line.encode("utf-8"))
                    out.write(line)
        docs = args.shards * args.docs
        print(f"{docs} documents in {args.shards} shards, {size / 1e6:.1f} MB; tasks = {args.shards}")
        print(f"{'workers':>8} {'seconds':>8} {'docs/s':>8} {'MB/s':>6}")
        for workers in (1, 2):
            out = tmp / f"out{workers}"
            start = time.perf_counter()
            subprocess.run([sys.executable, str(ROOT / "examples" / "datatrove_local.py"), str(tmp / "in"), str(out),
                            "--tasks", str(args.shards), "--workers", str(workers)], check=True, capture_output=True)
            seconds = time.perf_counter() - start
            print(f"{workers:>8} {seconds:8.1f} {docs / seconds:8.0f} {size / 1e6 / seconds:6.2f}")
            shutil.rmtree(out)


if __name__ == "__main__":
    main()
