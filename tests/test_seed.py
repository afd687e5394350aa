"""The acceptance test of the output contract: the seed page against its reference record."""

import json

from conftest import ROOT

SEED = ROOT / "seeds" / "000_3456128bdfb719b6.txt"


def reference():
    # The reference sits in shared/ beside the project; the fixture copy is the same file.
    for path in (ROOT.parent / "shared" / "reference", ROOT / "fixtures" / "sputniknews.com"):
        for name in ("000_3456128bdfb719b6.expected.json",):
            if (path / name).exists():
                return json.loads((path / name).read_text(encoding="utf-8"))
    raise AssertionError("no reference record found")


def test_seed_record_equals_reference(cleaner):
    record = cleaner.clean(SEED.read_bytes(), id="000_3456128bdfb719b6").to_dict()
    assert record == reference()


def test_seed_record_keeps_reference_key_order(cleaner):
    record = cleaner.clean(SEED.read_bytes(), id="000_3456128bdfb719b6").to_dict()
    ref = reference()
    assert list(record) == list(ref)
    assert list(record["metadata"]) == list(ref["metadata"])


def test_every_seed_line_is_accounted_for(cleaner):
    result = cleaner.process(SEED.read_bytes(), id="seed")
    assert len(result.fates) == len(SEED.read_text(encoding="utf-8").split("\n"))
    for fate in result.fates:
        if fate.dest not in ("body", "blank"):
            assert fate.rule is not None, fate
    removed = {f.text: f.rule.id for f in result.fates if f.dest == "removed"}
    assert removed["Listen Live"] == "header"
    assert removed["Get short URL"] == "header"
    assert removed["Comment via FacebookComment via Sputnik"] == "footer"
