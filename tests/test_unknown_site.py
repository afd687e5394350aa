"""The seed site's pages cleaned as a site no rule file knows: the shared rules and the line model
alone must find what the site's own file finds (the article's text, its title, its captions with
their credits and alt texts). Site-specific metadata (series, related headlines, tags) is the site
file's business and is not compared."""

import json
import shutil

import pytest

from cleaner import Cleaner
from cleaner.rules import load_rules
from conftest import ROOT

PAGES = sorted((ROOT / "fixtures" / "sputniknews.com").glob("*.input.txt"))


@pytest.fixture(scope="module")
def unknown_site(tmp_path_factory):
    shared = tmp_path_factory.mktemp("rules")
    for path in (ROOT / "rules").glob("shared*.toml"):
        shutil.copy(path, shared)
    return Cleaner(rules=load_rules([shared], bundled=False))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name.split(".")[0])
def test_the_seed_sites_pages_clean_alike_without_their_rule_file(unknown_site, page):
    expected = json.loads(page.with_name(page.name.replace(".input.txt", ".expected.json")).read_text(encoding="utf-8"))
    record = unknown_site.clean(page.read_text(encoding="utf-8")).to_dict()
    assert record["site"] is None
    assert record["text"] == expected["text"]
    assert record["metadata"]["title"] == expected["metadata"]["title"]
    # Every photo's credit, in order.
    # (The lead photo's caption stands above the headline, its credit below it: only the site's file
    # knows the two go together, so there the shared rules give the credit alone.)
    assert [c["credit"] for c in record["captions"]] == [c["credit"] for c in expected["captions"]]
    for got, want in zip(record["captions"], expected["captions"]):
        if got["position"] > 0:  # an inline photo: its caption and its alt text, as the site file reads them
            assert (got["text"], got["alt"]) == (want["text"], want["alt"])
