"""Rule induction measured on held-out pages: induce a site's rules (cleaner suggest) from part of
its pages, clean the rest with them, and count what the rules removed.

Sites:
- three made-up sites whose chrome varies as real chrome does: urls, names, dates, contributors'
  footers seen on a few pages each, a top and a bottom template, a headline other pages link to,
  "Picture: …" captions, bylines, a syndication footer;
- sputniknews.com: the 15 fixture pages (real pages; their expected records say which lines are
  body).
The pages of /work/shared/data (development only, never copied here) give no site: no host there
has three pages (ten hosts have two), too few to induce from some and hold out others.

Per site, every third page is held out; rules are induced from the others. Recurring chrome: the
held-out pages' chrome lines whose shape (shapes.key, else the normalised line) occurs on two pages
or more of the site. Removed: the line's fate is not body. Body recall: the held-out body lines that
stay body. Headlines dropped: held-out pages whose own headline an induced rule removed. Two runs: the induced file alone, and with the bundled rules under it (shared rules and
the fallback edges; line model off).

    python bench/bench_suggest.py [--pages 120]
    python bench/bench_suggest.py --learn-sites      # the sites as one corpus, `clean --learn-sites`
    python bench/bench_suggest.py --write-corpus sites.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import Cleaner  # noqa: E402
from cleaner.rules import load_rules  # noqa: E402
from cleaner.authoring.shapes import key, normal  # noqa: E402
from cleaner.authoring.suggest import suggest  # noqa: E402

WORDS = ("council harbour river market budget school station bridge village mayor engineers tram ferry library "
         "museum farmers festival season report plan workers storm road hospital court police residents owners "
         "visitors weather water energy prices trade union board minister city debate vote funding teachers "
         "nurses wages rent housing tenants climate flood coast tourism exports factory jobs tax").split()
FIRST = "Jane Ali Mia Tom Ana Ravi Lena Omar Sara Ken Zoe Ivan Nia Paul".split()
LAST = "Doe Khan Berg Okafor Ruiz Patel Novak Haddad Lind Sato Brooks Petrov Mensah Grant".split()
OUTLETS = ["Harbour Times", "The Daily Post", "Valley Herald", "Coast Gazette", "Metro Wire", "River Journal",
           "North Star", "City Ledger", "Bay Courier", "Hill Chronicle", "Plain Dealer", "Lake Echo"]
MONTHS = "January February March April May June July August September October November December".split()
SECTIONS = ["Politics", "Business", "Sport", "Culture", "Science", "Health", "Travel", "Opinion"]


def name(rng) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def sentence(rng) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(10, 24))]
    if rng.random() < 0.4:  # names and numbers in the body too
        words.insert(rng.randint(0, len(words)), f"{name(rng)} said {rng.randint(2, 900)}")
    return (" ".join(words) + ".").capitalize()


def headline(rng) -> str:
    return " ".join(rng.choice(WORDS).capitalize() for _ in range(rng.randint(4, 8)))


def url(rng, host: str | None = None) -> str:
    host = host or f"{rng.choice(WORDS)}-{rng.choice(WORDS)}.com"
    return f"https://www.{host}/{rng.randint(2015, 2024)}/{rng.choice(WORDS)}-{rng.randint(1, 99999)}"


def date(rng) -> str:
    return f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2015, 2024)}"


def site_pages(kind: str, n: int, seed: int) -> list[list[tuple[str, str]]]:
    """Pages as lists of (line, label): label body, chrome or title; "" for a blank line."""
    rng = random.Random(seed)
    heads = [headline(rng) for _ in range(n)]
    contributors = [(name(rng), rng.choice(OUTLETS), f"{rng.choice(WORDS)}{k}.com") for k in range(14)]
    pages = []
    for k in range(n):
        out: list[tuple[str, str]] = []
        add = lambda line, label="chrome": out.append((line, label))  # noqa: E731
        gap = lambda: out.append(("", ""))  # noqa: E731
        body = [sentence(rng) + " " + sentence(rng) for _ in range(rng.randint(3, 9))]
        if kind == "aggregator":
            add("Skip to content"), add("Aggregator Home"), add(f"{date(rng)}"), gap()
            add(heads[k], "title")
            who = contributors[rng.randrange(len(contributors))] if rng.random() < 0.7 else None
            if who:
                add(f"By {who[0]} / {who[1]}")
            gap()
            for para in body:
                add(para, "body"), gap()
            add(f"Source: {url(rng)}")
            if who:  # a contributor's own footer, on the few pages that contributor brings
                add(f"Contributed by {who[0]} of {who[1]}")
                add(f"Read more great articles here: https://{who[2]}/")
                add(f"The post {heads[k]} appeared first on {who[1]}.")
            gap(), add("Related")
            for j in rng.sample(range(n), 3):
                add(heads[j])
            gap(), add(f"© {rng.randint(2015, 2024)} Aggregator Media"), add("Privacy Policy")
        elif kind == "templates":
            add("The Example Chronicle"), add(f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d} UTC {date(rng)}")
            add("Menu"), add(rng.choice(SECTIONS)), gap()
            add(heads[k], "title"), add(f"By {name(rng)}"), add(f"Updated {date(rng)}"), gap()
            for j, para in enumerate(body):
                add(para, "body"), gap()
                if j == 1 and rng.random() < 0.5:
                    add(f"Picture: {sentence(rng)[:-1].lower()}"), add(f"Photo: {name(rng)}/{rng.choice(['AP', 'AFP', 'Reuters'])}"), gap()
                if j == 2 and rng.random() < 0.3:
                    add(f"READ MORE: {heads[rng.randrange(n)]}"), gap()
            add(f"Write to {rng.choice(FIRST).lower()}.{rng.choice(LAST).lower()}@chronicle.example.com")
            add("Follow us on Twitter @examplechron"), add("Share this article"), gap()
            add(f"© {rng.randint(2015, 2024)} The Example Chronicle. All rights reserved.")
            if rng.random() < 0.08:  # a line seen on few pages, always in the same slot
                add("Corrections and clarifications")
        elif kind == "widgets":  # chrome inside the body, where edge rules do not look
            add("Widget Times"), add(f"{rng.choice(SECTIONS)} | {date(rng)}"), gap()
            add(heads[k], "title"), gap()
            for j, para in enumerate(body):
                add(para, "body"), gap()
                if j == 0:
                    add("Sign up for the morning briefing, free every weekday"), gap()
                if j == 2:
                    add(f"Most read: {heads[rng.randrange(n)]}"), gap()
                if j == 3 and rng.random() < 0.5:
                    add(f"Listen to this story in the Widget Times app ({rng.randint(2, 9)} min)"), gap()
            add("Widget Times is supported by its readers"), add(f"Tips? Write to tips{rng.randint(1, 9)}@widgettimes.example")
        else:  # blog
            add("My Garden Diary"), add("Home | About | Contact"), gap()
            add(heads[k], "title"), add(f"Posted on {date(rng)} by {name(rng)}"), gap()
            for para in body:
                add(para, "body"), gap()
            add(f"Filed under: {', '.join(rng.sample(WORDS, 3))}")
            add(f"{rng.randint(0, 40)} Comments"), add("Leave a reply"), add(f"Follow @{rng.choice(FIRST).lower()}_garden")
            add(f"Previous post: {heads[rng.randrange(n)]}")
        pages.append(out)
    return pages


def sputnik_pages() -> list[list[tuple[str, str]]]:
    """The fixture pages, a line labelled body when it is a paragraph of the expected record."""
    cleaner = Cleaner(bundled=False)
    pages = []
    for path in sorted((ROOT / "fixtures" / "sputniknews.com").glob("*.input.txt")):
        expected = json.loads(path.with_name(path.name.replace(".input.txt", ".expected.json")).read_text())
        body = set(expected["text"].split("\n\n"))
        title = expected["metadata"].get("title")
        lines = cleaner.prepare(path.read_text(encoding="utf-8"), kind="text").lines
        pages.append([(line, "" if not line else "body" if line in body else "title" if line == title
                       else "chrome") for line in lines])
    return pages


def measure(name: str, pages: list[list[tuple[str, str]]], bundled: bool) -> dict:
    train = [p for k, p in enumerate(pages) if k % 3]
    test = [p for k, p in enumerate(pages) if not k % 3]
    found = suggest([[line for line, _ in p] for p in train], name)
    shape_pages = defaultdict(set)
    for k, page in enumerate(pages):
        for line, _ in page:
            if line:
                shape_pages[key(line) or normal(line)].add(k)
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / f"{name}.toml").write_text(found.toml([name]), encoding="utf-8")
        cleaner = Cleaner(rules=load_rules([Path(tmp)], bundled=bundled), generic="off")  # the rules: no line model
        chrome = removed = body = kept = other = titles = 0
        for page in test:
            result = cleaner.process("\n".join(line for line, _ in page), site=name, kind="text")
            fates = [f.dest for f in result.fates]
            for (line, label), dest in zip(page, fates):
                if label == "body":
                    body += 1
                    kept += dest == "body"
                elif label == "chrome" and len(shape_pages[key(line) or normal(line)]) >= 2:
                    chrome += 1
                    removed += dest != "body"
                elif label == "chrome":
                    other += 1
                elif label == "title" and dest == "removed" and result.fates[0] is not None:
                    titles += any(f.text == line and f.rule and f.rule.site == name and f.dest == "removed"
                                  for f in result.fates)
    return {"site": name, "rules": found.toml([name]).count("[[rule]]"), "train": len(train), "held_out": len(test),
            "recurring_chrome": chrome, "removed": round(removed / chrome, 3) if chrome else None,
            "body_recall": round(kept / body, 4) if body else None, "one_off_chrome": other,
            "headlines_dropped_by_induced_rules": titles}


def write_corpus(path: Path, sites) -> dict[str, list[tuple[str, str]]]:
    """The sites' pages as one JSONL corpus (a url on each record, the hosts interleaved as in a
    crawl); the labelled lines of each record, by id."""
    rows = [(name, k, page) for name, pages in sites for k, page in enumerate(pages)]
    random.Random(0).shuffle(rows)
    labels = {}
    with open(path, "w", encoding="utf-8") as stream:
        for name, k, page in rows:
            doc = f"{name}/{k}"
            labels[doc] = page
            text = "\n".join(line for line, _ in page)
            stream.write(json.dumps({"id": doc, "url": f"https://{name}/story/{k}", "text": text}) + "\n")
    return labels


def learn_sites(sites) -> None:
    """The sites as one corpus, cleaned by the command line with and without --learn-sites: what
    goes of the recurring chrome (shape on two pages or more), what stays of the body, on every page
    (the rules are learned from the corpus they clean: nothing is held out)."""
    import subprocess
    import time

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "sites.jsonl"
        labels = write_corpus(src, sites)
        shape_pages = defaultdict(set)
        for doc, page in labels.items():
            for line, _ in page:
                if line:
                    shape_pages[doc.split("/")[0], key(line) or normal(line)].add(doc)
        for flags in ([], ["--learn-sites"]):
            out = Path(tmp) / "out.jsonl"
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "cleaner", "clean", str(src), "-o", str(out), "-j", "1", "--generic", "off", *flags],
                           cwd=ROOT, check=True, capture_output=True)
            seconds = time.perf_counter() - start
            per_site = defaultdict(lambda: [0, 0, 0, 0])  # chrome, removed, body, kept
            for line in out.read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                kept = set(record["text"].split("\n\n"))
                site = record["id"].split("/")[0]
                counts = per_site[site]
                for text, label in labels[record["id"]]:
                    if label == "body":
                        counts[2] += 1
                        counts[3] += text in kept
                    elif label == "chrome" and len(shape_pages[site, key(text) or normal(text)]) >= 2:
                        counts[0] += 1
                        counts[1] += text not in kept
            total = [sum(c[i] for c in per_site.values()) for i in range(4)]
            print(f"cleaner clean {' '.join(flags) or '(bundled rules only)'}: {seconds:.1f} s; recurring chrome "
                  f"removed {total[1] / total[0]:.3f}, body recall {total[3] / total[2]:.3f}")
            for site, c in sorted(per_site.items()):
                print(f"  {site}: chrome {c[1] / c[0]:.3f} of {c[0]}, body recall {c[3] / c[2]:.3f} of {c[2]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=120, help="pages of each made-up site")
    ap.add_argument("--learn-sites", action="store_true", help="the sites as one JSONL corpus: clean it with and "
                    "without --learn-sites, and measure")
    ap.add_argument("--write-corpus", type=Path, help="write the sites as one JSONL corpus here, and stop")
    args = ap.parse_args()
    sites = [(f"{kind}.example", site_pages(kind, args.pages, seed)) for seed, kind in
             enumerate(["aggregator", "templates", "blog"], 1)] + [("sputniknews.com", sputnik_pages())]
    if args.write_corpus or args.learn_sites:  # with a fourth site: chrome inside the body
        sites.append(("widgets.example", site_pages("widgets", args.pages, 4)))
        if args.write_corpus:
            write_corpus(args.write_corpus, sites)
        else:
            learn_sites(sites)
        return
    for bundled in (False, True):
        print(f"induced rules {'with the bundled rules under them' if bundled else 'alone'}:")
        total = defaultdict(float)
        for name, pages in sites:
            row = measure(name, pages, bundled)
            print("  " + json.dumps(row))
            total["chrome"] += row["recurring_chrome"]
            total["removed"] += row["removed"] * row["recurring_chrome"]
        print(f"  all sites: {total['removed'] / total['chrome']:.3f} of the recurring chrome removed")


if __name__ == "__main__":
    main()
