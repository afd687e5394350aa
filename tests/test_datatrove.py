"""cleaner as a datatrove step: the local and Ray examples over generated shards."""

import gzip
import json
import subprocess
import sys

import pytest

from conftest import ROOT

pytest.importorskip("datatrove", reason="datatrove is in the test extra: pip install '.[test]'")

from datatrove.data import Document  # noqa: E402

from cleaner import Cleaner  # noqa: E402
from cleaner.datatrove_step import CleanerStep  # noqa: E402

SEED = (ROOT / "seeds" / "000_3456128bdfb719b6.txt").read_text(encoding="utf-8")
REFERENCE = json.loads((ROOT / "fixtures" / "sputniknews.com" / "000_3456128bdfb719b6.expected.json").read_text())


def shards(folder, n_shards=4, per_shard=250):
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures").rglob("*.input.txt"))]
    folder.mkdir()
    ids = []
    for s in range(n_shards):
        with open(folder / f"shard{s}.jsonl", "w", encoding="utf-8") as out:
            for i in range(per_shard):
                seed = (s, i) == (0, 0)
                doc = {"id": "000_3456128bdfb719b6" if seed else f"{s}-{i}",
                       "text": SEED if seed else texts[(s * per_shard + i) % len(texts)]}
                ids.append(doc["id"])
                out.write(json.dumps(doc, ensure_ascii=False) + "\n")
    return ids


def written(folder):
    docs = []
    for path in sorted(folder.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as stream:
            docs += [json.loads(line) for line in stream]
    return docs


def check(out, ids):
    docs = written(out)
    assert sorted(d["id"] for d in docs) == sorted(ids)  # 1,000 in, 1,000 out: none lost
    seed = next(d for d in docs if d["id"] == "000_3456128bdfb719b6")
    assert seed["text"] == REFERENCE["text"]
    assert seed["metadata"]["site"] == "sputniknews.com"
    assert [c["credit"] for c in seed["metadata"]["captions"]] == [c["credit"] for c in REFERENCE["captions"]]
    assert seed["metadata"]["record_metadata"] == REFERENCE["metadata"]
    assert not written(out / "excluded")


def test_local_example(tmp_path):
    ids = shards(tmp_path / "in")
    subprocess.run([sys.executable, str(ROOT / "examples" / "datatrove_local.py"), str(tmp_path / "in"),
                    str(tmp_path / "out")], check=True, capture_output=True, timeout=600)
    check(tmp_path / "out", ids)


def test_ray_example(tmp_path):
    pytest.importorskip("ray", reason="ray is not installed: it has an extra of its own, pip install '.[test,ray]' (CI does)")
    ids = shards(tmp_path / "in")
    subprocess.run([sys.executable, str(ROOT / "examples" / "datatrove_ray.py"), str(tmp_path / "in"),
                    str(tmp_path / "out")], check=True, capture_output=True, timeout=900,
                   cwd=ROOT / "examples")
    check(tmp_path / "out", ids)


def test_a_document_that_cannot_be_cleaned_is_dropped_with_its_reason():
    step = CleanerStep()
    step.cleaner.max_line = 50
    assert step.filter(Document(text="x" * 100, id="long")) == (False, "line 1 has 100 characters, over --max-line 50")
    step.cleaner.max_line = 200_000
    doc = Document(text=SEED, id="seed")
    assert step.filter(doc) is True and doc.text == REFERENCE["text"]


def test_the_step_travels_without_its_rules():
    import pickle

    step = CleanerStep(rule_dirs=[str(ROOT / "rules")])
    step.filter(Document(text="Some text.", id="a"))  # loads the rules
    again = pickle.loads(pickle.dumps(step))
    assert again._cleaner is None and again.rule_dirs == step.rule_dirs


def test_the_step_takes_the_line_models_dial():
    page = "\n".join(["Daily Harbour News", "Home", "World", "", "The council met on Tuesday and approved the budget for the coming year.",
                      "", "Teaser one", "Teaser two", "Teaser three", "", "The mayor said the vote was a good day for the town's libraries."])
    step = CleanerStep(generic="balanced")
    doc = Document(text=page, id="p")
    assert step.filter(doc) is True
    assert doc.text == Cleaner(generic="balanced").clean(page, id="p").text
    assert step.cleaner.generic == "balanced" and CleanerStep().cleaner.generic == "conservative"
    # Its guards are counted as --stats counts them: a page too short for the model, here.
    assert step.filter(Document(text="Short.", id="s")) is True
    assert step.stats["pages guarded: line model left out (the page's size)"].total == 1


def test_a_runaway_rule_drops_its_document_naming_the_rule(tmp_path):
    (tmp_path / "slow.toml").write_text('[site]\nname = "slow"\nshared = true\n'
                                        '[[rule]]\nid = "runaway"\nre = "(?:a|aa){1,60}b"\ndrop = true\n')
    step = CleanerStep(rule_dirs=[str(tmp_path)])
    step.cleaner.rule_seconds = 0.3
    keep, reason = step.filter(Document(text="a" * 60, id="trap"))
    assert keep is False and "runaway ran out of time: over 0.3 s" in reason
    doc = Document(text=SEED, id="seed")
    assert step.filter(doc) is True and doc.text == REFERENCE["text"]
