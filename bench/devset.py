"""The development set of whole-page text dumps, from the article-extraction-benchmark pages.

The benchmark (/work/shared/data/article-extraction-benchmark: 83 pages of its development split)
gives each page's HTML and its true article body. The cleaner reads text dumps, not HTML, so each
page is turned into the dump a scraper would store: ``html_text.extract_text(html,
guess_layout=True)``, the whole page's visible text with its chrome still in (menus, footers,
share bars, captions, related links), one block a line. The cleaner then has to find the body in
that, as it would in a real dump.

``load_devset()`` returns ``[{"id", "url", "dump", "truth"}]`` sorted by id: the same list on every
call (built once per process, then cached), and the same dumps for the same html-text version.
``url`` is the page's address from the ground truth (the benches do not pass it to the cleaner:
a real dump has none).

    python bench/devset.py    # prints a summary of the set
"""

from __future__ import annotations

import functools
import gzip
import json
from pathlib import Path

import html_text

DATA = Path("/work/shared/data/article-extraction-benchmark")


@functools.lru_cache(maxsize=None)
def _build(data: Path) -> tuple[dict, ...]:
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for item_id in sorted(truth):
        with gzip.open(data / "html" / f"{item_id}.html.gz", "rt", encoding="utf-8") as f:
            html = f.read()
        pages.append({"id": item_id, "url": truth[item_id]["url"],
                      "dump": html_text.extract_text(html, guess_layout=True),
                      "truth": truth[item_id]["articleBody"]})
    return tuple(pages)


def load_devset(data: Path = DATA) -> list[dict]:
    """Every page as {id, url, dump, truth}, sorted by id. Callers get a fresh list of fresh dicts,
    so that changing one cannot change the cache."""
    return [dict(page) for page in _build(Path(data))]


if __name__ == "__main__":
    pages = load_devset()
    dump_kb = sum(len(p["dump"].encode("utf-8")) for p in pages) / 1e3
    truth_kb = sum(len(p["truth"].encode("utf-8")) for p in pages) / 1e3
    print(f"{len(pages)} pages; dumps {dump_kb:.0f} kB, true bodies {truth_kb:.0f} kB")
