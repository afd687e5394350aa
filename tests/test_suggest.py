"""Rule induction on a synthetic corpus whose chrome is known: several sites, hundreds of pages."""

import random

import pytest
from typer.testing import CliRunner

from cleaner import Cleaner
from cleaner.cli import app
from cleaner.authoring.lint import lint_site
from cleaner.rules import load_file, load_rules
from cleaner.authoring.suggest import suggest
from conftest import ROOT

WORDS = ("council harbour river market budget school station bridge village mayor engineers tram ferry "
         "library museum farmers festival season report plan workers storm road hospital court police "
         "residents owners visitors weather water energy prices trade union board minister city").split()
MONTHS = "January February March April May June July August September October November December".split()
AGENCIES = ["Reuters", "AP", "AFP", "Getty Images"]
NAMES = ["Jane Doe", "Ali Khan", "Mia Berg", "Tom Okafor", "Ana Ruiz"]


def sentence(rng) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(10, 22))]
    return (" ".join(words) + ".").capitalize()


def headline(rng) -> str:
    return " ".join(rng.choice(WORDS).capitalize() for _ in range(rng.randint(4, 8)))


def page(site: str, rng):
    """(page text, chrome lines, body lines) for one page of a made-up site."""
    chrome, body, lines = [], [], []

    def add(line, kind):
        lines.append(line)
        (chrome if kind == "chrome" else body if kind == "body" else []).append(line)

    stamp = f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d} UTC {rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2015, 2024)}"
    if site == "news":
        add("Example News", "chrome")
        add(stamp, "chrome")
        add("Menu", "chrome")
    elif site == "blog":
        add("Skip to content", "chrome")
        add("My Garden Blog", "chrome")
    else:
        add("The C Daily", "chrome")
        add("Sections", "chrome")
    add(headline(rng), "title")
    if site == "blog":
        add(f"Posted on {rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2015, 2024)} by {rng.choice(NAMES)}", "chrome")
    paragraphs = [sentence(rng) + " " + sentence(rng) for _ in range(rng.randint(3, 8))]
    for k, para in enumerate(paragraphs):
        add(para, "body")
        if site == "news" and k == 1 and rng.random() < 0.6:
            lines.append(f"{sentence(rng)[:-1]}\n© {rng.choice(AGENCIES)} / {rng.choice(NAMES)}")
            chrome.extend(lines[-1].split("\n"))
        if site == "blog" and k == 1 and rng.random() < 0.6:
            add("Subscribe to get new posts by email, every Friday", "chrome")
    if site == "news":
        related = [headline(rng) for _ in range(rng.randint(2, 5))]
        tags = ", ".join(rng.sample(WORDS, rng.randint(2, 5)))
        lines.append("\n".join(related + [tags, "Share on Facebook", "© 2024 Example News"]))
        chrome.extend(related + [tags, "Share on Facebook", "© 2024 Example News"])
    elif site == "blog":
        add("Leave a comment", "chrome")
        add("Powered by WordPress", "chrome")
    else:
        add("Follow us", "chrome")
        add("Terms of Use", "chrome")
    return "\n\n".join(lines), chrome, body


def corpus(site: str, n: int, seed: int):
    rng = random.Random(seed)
    return [page(site, rng) for _ in range(n)]


@pytest.mark.parametrize("site, seed", [("news", 1), ("blog", 2), ("daily", 3)])
def test_induced_rules_find_the_known_chrome_and_spare_the_body(tmp_path, site, seed):
    pages = corpus(site, 150, seed)
    cleaner = Cleaner(bundled=False, generic="off")
    suggestion = suggest([cleaner.prepare(text, kind="text").lines for text, _, _ in pages], f"{site}.example")
    (tmp_path / f"{site}.toml").write_text(suggestion.toml([f"{site}.example"]), encoding="utf-8")
    site_file = load_file(tmp_path / f"{site}.toml")
    assert not [f for f in lint_site(site_file) if f.error]
    assert all(rule.status == "experimental" for rule in site_file.rules)
    induced = Cleaner(rules=load_rules([tmp_path], bundled=False), generic="off")  # the induced rules alone
    taken = kept_chrome = chrome_total = body_taken = removed_total = 0
    for text, chrome, body in pages:
        result = induced.process(text, site=f"{site}.example", kind="text")
        gone = [f.text for f in result.fates if f.dest not in ("body", "blank")]
        removed_total += len(gone)
        taken += sum(1 for line in gone if line in chrome)
        chrome_total += len(chrome)
        kept_chrome += sum(1 for line in chrome if line not in gone)
        body_taken += sum(1 for line in gone if line in body)
    precision, recall = taken / removed_total, taken / chrome_total
    print(f"{site}: precision {precision:.3f}, recall {recall:.3f}, body lines taken {body_taken}")
    assert body_taken == 0
    assert precision >= 0.95 and recall >= 0.9


def test_no_rule_for_a_line_seen_on_one_page():
    pages = [["Menu", "", f"Unique line {k} of its own page about the harbour."] for k in range(10)]
    pages[0].append("Only here, once")
    text = suggest(pages, "x.example").toml(["x.example"])
    assert "Only here, once" not in text and '"Menu"' in text


def test_suggest_command_writes_a_rule_file_that_loads_and_fixtures(tmp_path):
    out, fixtures = tmp_path / "sputniknews.com.toml", tmp_path / "fx"
    res = CliRunner().invoke(app, ["suggest", str(ROOT / "fixtures" / "sputniknews.com"), "--site", "sputniknews.com",
                                   "-o", str(out), "--fixtures", str(fixtures)])
    assert res.exit_code == 0, res.output
    site = load_file(out)
    assert {"Get short URL", "Listen Live"} <= {lit for r in site.rules for e in r.elements for lit in e.literals}
    assert len(list((fixtures / "sputniknews.com").glob("*.expected.json"))) == 5
    assert "experimental" in out.read_text() and "# support:" in out.read_text()
    # The expected records are the proposed rules' own (they pass as written: no --update to run);
    # the hint names the rule file's folder, without which they would not pass.
    assert "each expected record what the proposed rules give: read each, fix it by hand" in res.stderr
    assert f"cleaner test --rules {tmp_path} {fixtures / 'sputniknews.com'}" in res.stderr
    assert CliRunner().invoke(app, ["test", "--rules", str(tmp_path), str(fixtures / "sputniknews.com")]).exit_code == 0


def _aggregator(n: int = 140, seed: int = 7):
    """Pages of an aggregator: a menu, a headline, prose, a 'Source: <url>' line, and on a few pages a
    contributor's footer; each page's related list links other pages' headlines."""
    rng = random.Random(seed)
    heads = [headline(rng) + f" {k}" for k in range(n)]
    pages = []
    for k in range(n):
        lines = ["Menu", "Latest News", "", heads[k], ""]
        if k % 9 == 0:
            lines += ["Picture: " + sentence(rng)[:-1].lower(), ""]
        lines += [sentence(rng) + " " + sentence(rng) for _ in range(3)]
        lines += ["", f"Source: https://{rng.choice(WORDS)}.example.com/{rng.randint(1, 9999)}"]
        if k % 25 == 3:  # one contributor's footer, on 6 of 140 pages (4%)
            lines += ["", "Contributed by Ann Lee of Harbour Times. Read more great articles here."]
        lines += ["", "Related"] + [heads[(k + j) % n] for j in (1, 2)]
        pages.append(lines)
    return pages, heads


def test_support_by_count_and_share_shapes_over_urls_and_the_evidence():
    pages, heads = _aggregator()
    text = suggest(pages, "agg.example").toml(["agg.example"])
    rules = load_rules([], bundled=False)  # (nothing bundled: only the file under test)
    site = _load(text)
    cleaner = Cleaner(rules=type(rules)(sites={"agg.example": site}), bundled=False, generic="off")
    for k in (0, 3, 50):
        record = cleaner.clean("\n".join(pages[k]), site="agg.example", kind="text")
        assert "Source:" not in record.text  # one shape for a different url on every page
        assert "Contributed by" not in record.text  # 6 of 140 pages: at least 3 and 2%
        assert heads[k] in record.text  # its own headline stays, though two other pages link to it
        assert not [c for c in record.captions if not c.get("text")]
    assert "# support: 6 of 140 pages" in text and "Contributed by Ann Lee" in text
    assert "Picture:" not in text  # 'Picture: …' opens a caption: not a credit, no caption record


def test_a_line_seen_on_two_pages_in_the_same_slot_is_proposed():
    pages = [["Site Name", "", f"Story {k} tells of the harbour at length, as stories do.", "", f"Footer {k}"]
             for k in range(30)]
    for k in (4, 17):
        pages[k][-1:] = ["Sponsored by the Harbour Board", "", pages[k][-1]]  # always one line above the foot
    text = suggest(pages, "x.example").toml(["x.example"])
    assert '"Sponsored by the Harbour Board"' in text and "always line 2 from the bottom" in text


def _load(text: str):
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "s.toml").write_text(text, encoding="utf-8")
        return load_file(Path(tmp) / "s.toml")
