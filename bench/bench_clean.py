"""Cleaning throughput beside ftfy.fix_text alone, on the same texts, in one run.

The corpus is generated from the fixture inputs (every fixtures/*/*.input.txt, repeated until the
corpus holds --docs documents). Both contenders run in this process, in alternating rounds, and the
best round of each is reported, with the ratio: the machines are shared and noisy, so only the
side-by-side ratio means much.

    python bench/bench_clean.py [--docs 2000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import ftfy

from cleaner import Cleaner

ROOT = Path(__file__).resolve().parent.parent


def corpus(n: int) -> list[str]:
    inputs = sorted((ROOT / "fixtures").rglob("*.input.txt"))
    texts = [p.read_text(encoding="utf-8") for p in inputs]
    return [texts[i % len(texts)] for i in range(n)]


def best_time(fn, texts: list[str], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for text in texts:
            fn(text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    texts = corpus(args.docs)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    cleaner = Cleaner()
    contenders = {"cleaner.clean": cleaner.clean, "ftfy.fix_text": ftfy.fix_text}
    times = {name: float("inf") for name in contenders}
    for _ in range(args.rounds):  # alternate, so that both see the same machine load
        for name, fn in contenders.items():
            times[name] = min(times[name], best_time(fn, texts, 1))
    print(f"corpus: {len(texts)} docs, {mb:.1f} MB (from the fixture inputs); best of {args.rounds} rounds")
    print(f"{'':16} {'docs/s':>9} {'MB/s':>7} {'time vs ftfy':>13}")
    for name, seconds in times.items():
        print(f"{name:16} {len(texts) / seconds:9.0f} {mb / seconds:7.2f} {seconds / times['ftfy.fix_text']:12.2f}x")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
