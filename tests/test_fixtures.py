"""Every fixture under fixtures/ is a test, with the id site/id (pytest -k sputnik)."""

import pytest

from cleaner.authoring.fixtures import discover_fixtures, report, run_fixture
from conftest import ROOT

FIXTURES = discover_fixtures([ROOT / "fixtures"])


def test_fixture_corpus_is_there():
    sputnik = [f for f in FIXTURES if f.site == "sputniknews.com"]
    assert len(sputnik) >= 9, "the seed and at least 8 variants of sputniknews.com"


@pytest.mark.parametrize("fx", FIXTURES, ids=lambda f: f.name)
def test_fixture(cleaner, fx):
    outcome = run_fixture(cleaner, fx)
    assert outcome.passed, "\n".join(report(outcome))
