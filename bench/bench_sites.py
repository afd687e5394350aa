"""Throughput with 500 site files loaded beside throughput with the bundled ones alone, in one run.

Site resolution is a lookup of the url's host and of the page's lines in dictionaries built at load,
so its cost should not grow with the number of site files. The 500 generated files each list two
domains, two fingerprint lines, a header template and five one-line rules.

    python bench/bench_sites.py [--sites 500] [--docs 2000] [--rounds 3]
"""

import argparse
import tempfile
import time
from pathlib import Path

from cleaner import Cleaner

ROOT = Path(__file__).resolve().parent.parent

SITE = """[site]
name = "site{n}.example"
domains = ["site{n}.example", "site{n}.example.org"]
fingerprint = ["Brought to you by Site {n}", "Site {n} newsletter"]

[[rule]]
id = "header"
anchor = "top"
lines = [{{ line = "Site {n} News", drop = true }}, {{ any = true, field = "title" }}]
""" + "".join(f'\n[[rule]]\nid = "promo-{k}"\nline = "Site {{n}} promo number {k}"\ndrop = true\n' for k in range(5))


def throughput(cleaner: Cleaner, texts: list[str], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for text in texts:
            cleaner.clean(text)
        best = min(best, time.perf_counter() - start)
    return len(texts) / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=500)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    inputs = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures").rglob("*.input.txt"))]
    texts = [inputs[i % len(inputs)] for i in range(args.docs)]
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(args.sites):
            (Path(tmp) / f"site{n}.toml").write_text(SITE.format(n=n), encoding="utf-8")
        one, many = Cleaner(), Cleaner(rule_dirs=[tmp])
        assert len(many.rules.sites) == len(one.rules.sites) + args.sites
        rates = {"bundled site files only": 0.0, f"{args.sites} more site files": 0.0}
        for _ in range(args.rounds):  # alternate, so both see the same machine load
            rates["bundled site files only"] = max(rates["bundled site files only"], throughput(one, texts, 1))
            rates[f"{args.sites} more site files"] = max(rates[f"{args.sites} more site files"], throughput(many, texts, 1))
    base = rates["bundled site files only"]
    print(f"{args.docs} documents (the fixture inputs); best of {args.rounds} rounds")
    for name, rate in rates.items():
        print(f"{name:26} {rate:8.0f} docs/s  {rate / base:5.2f}x")


if __name__ == "__main__":
    main()
