"""Labelled whole-page text dumps, made from pages with gold main text (training data only).

Each page's HTML becomes the dump a scraper would store (html-text, ``guess_layout=True``: the
page's visible text, chrome and all, one block a line), normalised as the cleaner normalises; each
line gets a label:

- ``title``: the line that is the page's headline (its first ``<h1>``, else its ``<title>`` less a
  site name), at its first place in the dump;
- ``caption``: a line whose words are a figure caption's (``<figcaption>``, ``wp-caption-text``,
  elements of class ``caption``);
- ``body``: most of its words (``BODY_SHARE``) are covered by word 4-grams of the gold text, judged across line
  breaks as the benchmark's metric judges them (so a short line in the body counts with its
  neighbours, and a line that merely repeats a body word does not);
- ``chrome``: everything else with words; ``blank``: lines with no word.

Needs html-text (the ``train`` extra). Nothing here runs when cleaning.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import regex

from cleaner.text.normalize import normalize
from cleaner.text.prose import loose

LABELS = ("body", "caption", "title", "chrome")
BODY_SHARE = 0.7  # of a line's words covered by the gold text's 4-grams, for it to be body
_TOKEN = regex.compile(r"\w+")  # the metric's tokens
_CONTROLS = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SITE_SUFFIX = regex.compile(r"\s+[-|–—:·•»]\s+[^-|–—:·•»]{1,60}$")


def _figure_texts(tree) -> set[str]:
    found = set()
    for el in tree.xpath('//figcaption | //*[contains(concat(" ", normalize-space(@class), " "), " wp-caption-text ")]'
                         ' | //*[contains(concat(" ", normalize-space(@class), " "), " caption ")]'):
        text = loose(" ".join(el.itertext()))
        if len(text.split()) >= 2:
            found.add(text)
    return found


def _headline(tree) -> str | None:
    for xpath in ("//h1", "//title"):
        for el in tree.xpath(xpath):
            text = " ".join(" ".join(el.itertext()).split())
            if text:
                return loose(_SITE_SUFFIX.sub("", text)) if xpath == "//title" else loose(text)
    return None


def label_lines(lines: list[str], truth: str, captions: set[str] = frozenset(),
                headline: str | None = None) -> list[str]:
    """Each line's label (``LABELS`` or ``blank``), as the module's docstring defines them."""
    true = set()
    toks = _TOKEN.findall(truth)
    for k in range(max(0, len(toks) - 3)):
        true.add(tuple(toks[k : k + 4]))
    words = [(i, m.group()) for i, line in enumerate(lines) for m in _TOKEN.finditer(line)]
    covered = [False] * len(words)
    for k in range(max(0, len(words) - 3)):
        if tuple(w for _, w in words[k : k + 4]) in true:
            covered[k : k + 4] = [True] * 4
    count = [0] * len(lines)
    hit = [0] * len(lines)
    for (i, _), cov in zip(words, covered):
        count[i] += 1
        hit[i] += cov
    labels = []
    titled = False
    for i, line in enumerate(lines):
        if not count[i]:
            labels.append("blank")
            continue
        key = loose(line)
        if headline and not titled and key == headline:
            labels.append("title")
            titled = True
        elif key in captions or (captions and any(len(key) > 20 and key in c for c in captions)):
            labels.append("caption")
        else:
            labels.append("body" if hit[i] >= BODY_SHARE * count[i] else "chrome")
    return labels


def load_pages(folder: Path) -> list[dict]:
    """Every page of a data folder (``ground-truth.json`` and ``html/<id>.html.gz``) as
    ``{id, set, lines, labels, truth}``, sorted by id."""
    import html_text
    import lxml.html

    folder = Path(folder)
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for item in sorted(truth):
        with gzip.open(folder / "html" / f"{item}.html.gz", "rt", encoding="utf-8") as f:
            html = f.read()
        html = _CONTROLS.sub("", html)  # lxml refuses them in text
        try:
            tree = lxml.html.fromstring(html)
            dump = html_text.extract_text(html, guess_layout=True)
        except Exception:  # a page lxml cannot read has no dump to learn from
            continue
        lines = normalize(dump).split("\n")
        gold = truth[item]["articleBody"] or ""
        pages.append({"id": item, "set": folder.name, "lines": lines, "truth": gold,
                      "labels": label_lines(lines, gold, _figure_texts(tree), _headline(tree))})
    return pages


def load_cached(folders: list[Path], cache: Path | None = None) -> list[dict]:
    """``load_pages`` of each folder, in order, kept in a JSON cache file when one is named."""
    if cache is not None and cache.exists():
        return json.loads(cache.read_text(encoding="utf-8"))
    pages = [p for folder in folders for p in load_pages(folder)]
    if cache is not None:
        cache.write_text(json.dumps(pages), encoding="utf-8")
    return pages
