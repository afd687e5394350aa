"""The worked example in docs/rules.md does what the page says it does."""

import json

import regex

from cleaner import Cleaner
from cleaner.rules import load_rules
from conftest import ROOT


def worked_example():
    doc = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    section = doc[doc.index("## Worked example"):]
    blocks = regex.findall(r"```(\w*)\n(.*?)```", section, flags=regex.S)
    page = next(body for lang, body in blocks if lang == "")
    rules = next(body for lang, body in blocks if lang == "toml")
    expected = json.loads(next(body for lang, body in blocks if lang == "json"))
    return page, rules, expected


def test_worked_example_gives_the_record_shown(tmp_path):
    page, rules, expected = worked_example()
    (tmp_path / "dailyexample.com.toml").write_text(rules, encoding="utf-8")
    cleaner = Cleaner(rules=load_rules([tmp_path]))
    assert cleaner.clean(page, id="page").to_dict() == expected


def test_format_sample_in_docs_loads(tmp_path):
    doc = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    sample = regex.search(r"## The file\n\n```toml\n(.*?)```", doc, flags=regex.S).group(1)
    (tmp_path / "example.toml").write_text(sample, encoding="utf-8")
    site = load_rules([tmp_path], bundled=False).sites["example-news.com"]
    assert [r.id for r in site.rules] == ["share", "header"]


def test_readme_python_snippets_run(tmp_path, monkeypatch, capsys):
    # Each ```python block of the README, run as a user would paste it, beside a page.txt.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    snippets = regex.findall(r"```python\n(.*?)```", readme, flags=regex.S)
    assert snippets
    (tmp_path / "page.txt").write_bytes((ROOT / "seeds" / "000_3456128bdfb719b6.txt").read_bytes())
    monkeypatch.chdir(tmp_path)
    for snippet in snippets:
        exec(compile(snippet, "README.md", "exec"), {"__name__": "__readme__"})
    expected = json.loads((ROOT / "fixtures" / "sputniknews.com" / "000_3456128bdfb719b6.expected.json").read_text())
    assert expected["text"] in capsys.readouterr().out
