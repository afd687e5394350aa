"""`clean --learn-sites`: rules induced per host from the corpus, then used on it."""

import json
import random

import pytest
from typer.testing import CliRunner

from cleaner.authoring import learn
from cleaner.cli import app
from cleaner.rules import load_rules

runner = CliRunner()
WORDS = ("council harbour river market budget school station bridge village mayor engineers tram ferry library "
         "museum farmers festival season report plan workers storm road hospital court police residents").split()
NAMES = ["Jane Doe", "Ali Khan", "Mia Berg", "Tom Okafor", "Ana Ruiz", "Ravi Patel"]
MONTHS = ["January", "March", "May", "July", "September", "November"]


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def sentence(rng) -> str:
    return (" ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 20))) + ".").capitalize()


def page(rng, host: str, k: int) -> tuple[str, list[str], list[str]]:
    """A page of the host: its text, its chrome lines and its body paragraphs."""
    body = [f"{sentence(rng)} {sentence(rng)}" for _ in range(rng.randint(3, 5))]
    date = f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2015, 2024)}"
    promo = []
    if host == "news.example":  # a top template, a promo inside the body, a footer with a url that varies
        top = ["The News Example", "Menu | Politics | Sport | Culture", "Sign in", "Search the archive", f"Updated {date}"]
        promo = ["Sign up for the morning briefing, free every weekday"]
        bottom = [f"Source: https://{rng.choice(WORDS)}-{rng.choice(WORDS)}.com/{rng.randint(1, 99999)}",
                  "Subscribe to the News Example daily letter", "About us | Careers | Advertise",
                  f"© {rng.randint(2015, 2024)} The News Example", "Terms of use and privacy"]
    elif host == "garden.example":
        top = ["My Garden Diary", "Home | About | Contact", "Seeds, soil and seasons", f"Posted on {date} by {rng.choice(NAMES)}"]
        promo = ["Share this post with a fellow gardener"]
        bottom = [f"Read the whole series at https://garden.example/series/{rng.randint(1, 9999)}",
                  "Leave a reply to the gardener", f"{rng.randint(2, 40)} comments so far", "Back to the top of the diary"]
    else:  # a host with too few pages to learn from
        top = ["Tiny Example Weekly", "Sections and more", "Tiny Example menu line"]
        bottom = ["Tiny Example footer text here", "Tiny Example second footer line", "Tiny Example third footer line"]
    headline = " ".join(rng.choice(WORDS).capitalize() for _ in range(5)) + f" {k}"
    paras = [x for para in body for x in (para, "")]
    lines = top + ["", headline, ""] + paras[:4] + [x for line in promo for x in (line, "")] + paras[4:] + bottom
    return "\n".join(lines), top + promo + bottom, body


def corpus(tmp_path, news=14, garden=9, tiny=3):
    rng = random.Random(7)
    rows, chrome, bodies = [], {}, {}
    order = [("news.example", k) for k in range(news)] + [("garden.example", k) for k in range(garden)] \
        + [("tiny.example", k) for k in range(tiny)]
    rng.shuffle(order)  # hosts interleaved, as in a crawl
    for host, k in order:
        text, ch, body = page(rng, host, k)
        doc = f"{host}-{k}"
        rows.append(json.dumps({"id": doc, "url": f"https://www.{host}/story/{k}", "text": text}))
        chrome[doc], bodies[doc] = ch, body
    rows.insert(5, '{"id": "broken", "text": ')  # a bad line: one error record
    rows.insert(9, json.dumps({"id": "nourl", "text": "A page with no url.\n\nIt stays as it is, with no host to learn from."}))
    src = tmp_path / "corpus.jsonl"
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return src, chrome, bodies


def records(path):
    return {r["id"]: r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


@pytest.fixture
def learned(tmp_path):
    src, chrome, bodies = corpus(tmp_path)
    out, stats, rules, errors = (tmp_path / "out.jsonl", tmp_path / "stats.json", tmp_path / "learned",
                                 tmp_path / "errors.jsonl")
    res = run("clean", src, "-o", out, "--learn-sites", "--learned-rules", rules, "--stats", stats,
              "--errors", errors, "-j", 1)
    return src, chrome, bodies, out, json.loads(stats.read_text()), rules, errors, res


def test_chrome_of_the_learned_hosts_goes_and_their_bodies_stay(tmp_path, learned):
    src, chrome, bodies, out, stats, rules, errors, res = learned
    assert res.exit_code == 1  # the broken line is an error record
    plain = tmp_path / "plain.jsonl"
    assert run("clean", src, "-o", plain, "-j", 1).exit_code == 1
    before, after = records(plain), records(out)
    for doc in chrome:
        paragraphs = after[doc]["text"].split("\n\n")
        for para in bodies[doc]:
            assert para in paragraphs
        left = [line for line in chrome[doc] if line in after[doc]["text"]]
        if doc.startswith(("news.", "garden.")):
            assert left == [], (doc, left)
            assert any(line in before[doc]["text"] for line in chrome[doc])  # learning took what the bundled rules leave
        else:  # too few pages: nothing learned, the record as without learning
            assert after[doc] == before[doc]
    assert after["nourl"] == before["nourl"]


def test_stats_say_per_host_what_was_learned_and_what_it_removed(learned):
    src, chrome, bodies, out, stats, rules, errors, res = learned
    found = stats["learned"]
    assert set(found) == {"news.example", "garden.example", "tiny.example"}
    assert found["tiny.example"] == {"pages": 3, "pages_read": 0, "rules": 0, "why": "fewer than 5 pages",
                                     "lines_removed": 0, "words_removed": 0}
    for host, pages in (("news.example", 14), ("garden.example", 9)):
        row = found[host]
        assert row["pages"] == row["pages_read"] == pages and row["rules"] >= 2
        assert row["file"] == str(rules / f"{host}.toml")
        # every chrome line of every page, at least (the learned rules may take the headline's neighbours too, never body)
        assert row["lines_removed"] >= 5 * pages and row["words_removed"] >= row["lines_removed"]
        assert f"learned {host}: {row['rules']} rules from {pages} of its {pages} pages; {row['lines_removed']} lines" in res.stderr
    removed = sum(n for ref, n in stats["lines_removed_by_rule"].items() if ref.startswith(str(rules)))
    assert removed <= sum(found[h]["lines_removed"] for h in found)
    assert "learned nothing from 1 hosts with too few pages" in res.stderr


def test_records_in_are_records_out_plus_error_records(learned):
    src, chrome, bodies, out, stats, rules, errors, res = learned
    lines_in = len(src.read_text().splitlines())
    errs = errors.read_text().splitlines()
    assert stats["documents_in"] == lines_in == stats["documents_out"] + stats["errors"]
    assert len(records(out)) == stats["documents_out"] and len(errs) == stats["errors"] == 1


def test_written_rule_files_load_and_pass_lint(learned):
    src, chrome, bodies, out, stats, rules, errors, res = learned
    assert sorted(p.name for p in rules.iterdir()) == ["garden.example.toml", "news.example.toml"]
    sites = load_rules([rules], bundled=False).sites
    assert set(sites) == {"news.example", "garden.example"}
    assert all(r.status == "experimental" for s in sites.values() for r in s.rules)
    res = run("lint", rules)
    assert res.exit_code == 0 and "0 errors" in res.stderr


def test_output_is_the_same_bytes_for_any_jobs_and_every_run(tmp_path):
    src, _, _ = corpus(tmp_path, news=60, garden=40, tiny=3)  # over one batch: --jobs 2 uses workers
    outs = []
    for n, jobs in enumerate((1, 2, 2)):
        out, stats = tmp_path / f"o{n}.jsonl", tmp_path / f"s{n}.json"
        res = run("clean", src, "-o", out, "--learn-sites", "--learn-pages", 20, "--stats", stats, "-j", jobs)
        assert res.exit_code == 1, res.output
        outs.append((out.read_bytes(), stats.read_bytes()))
    assert outs[0] == outs[1] == outs[2]
    found = json.loads(outs[0][1])["learned"]
    assert found["news.example"]["pages"] == 60 and found["news.example"]["pages_read"] == 20


def test_hosts_past_the_limit_are_cleaned_without_learned_rules(tmp_path):
    src, _, _ = corpus(tmp_path)
    stats = tmp_path / "s.json"
    res = run("clean", src, "-o", tmp_path / "o.jsonl", "--learn-sites", "--learn-hosts", 1, "--stats", stats)
    found = json.loads(stats.read_text())["learned"]
    followed = [h for h in found if not h.startswith("(")]
    assert len(followed) == 1 and res.exit_code == 1
    assert found["(hosts past --learn-hosts)"]["pages"] == 14 + 9 + 3 - found[followed[0]]["pages"]
    past = found["(hosts past --learn-hosts)"]["pages"]
    assert f"learned nothing for {past} documents of hosts past --learn-hosts" in res.stderr


def test_a_learned_file_that_cannot_be_written_stops_the_run_with_one_line(tmp_path):
    src, _, _ = corpus(tmp_path)
    rules = tmp_path / "learned"
    rules.mkdir()
    (rules / "news.example.toml").mkdir()  # a folder where the file would go
    res = run("clean", src, "-o", tmp_path / "o.jsonl", "--learn-sites", "--learned-rules", rules)
    assert res.exit_code == 1 and "Traceback" not in res.stderr
    assert res.stderr.startswith(f"cleaner: --learned-rules: cannot write {rules / 'news.example.toml'}: ")
    assert res.stderr.count("\n") == 1


def test_a_host_whose_induction_fails_is_reported_and_cleaned_without(tmp_path, monkeypatch):
    from cleaner.authoring import suggest

    real = suggest.suggest

    def flaky(pages, site, *a, **k):
        if site == "garden.example":
            raise RuntimeError("made to fail")
        return real(pages, site, *a, **k)

    monkeypatch.setattr(suggest, "suggest", flaky)
    src, chrome, _ = corpus(tmp_path)
    out, stats = tmp_path / "o.jsonl", tmp_path / "s.json"
    res = run("clean", src, "-o", out, "--learn-sites", "--stats", stats, "-j", 1)
    assert res.exit_code == 1  # (the broken line), not the failed induction
    assert "cleaner: --learn-sites: garden.example: induction failed (RuntimeError: made to fail); " \
           "its pages are cleaned without learned rules" in res.stderr
    found = json.loads(stats.read_text())["learned"]
    assert found["garden.example"]["error"] == "RuntimeError: made to fail" and found["garden.example"]["rules"] == 0
    assert found["news.example"]["rules"] >= 2
    recs = records(out)
    assert "Share this post with a fellow gardener" in recs["garden.example-0"]["text"]
    assert "Sign up for the morning briefing" not in recs["news.example-0"]["text"]
    assert len(recs) == json.loads(stats.read_text())["documents_out"]


def test_warc_input_learns_from_its_target_uris(tmp_path):
    import io

    from warcio.warcwriter import WARCWriter

    src, chrome, bodies = corpus(tmp_path)
    rows = [json.loads(line) for line in src.read_text().splitlines() if line.endswith("}")]
    warc = tmp_path / "crawl.warc.gz"
    with open(warc, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for row in rows:
            if "url" in row:
                writer.write_record(writer.create_warc_record(row["url"], "conversion", warc_content_type="text/plain",
                                                              payload=io.BytesIO(row["text"].encode())))
    out, stats = tmp_path / "w.jsonl", tmp_path / "ws.json"
    res = run("clean", warc, "-o", out, "--learn-sites", "--stats", stats)
    assert res.exit_code == 0, res.output
    found = json.loads(stats.read_text())["learned"]
    assert found["news.example"]["rules"] >= 2 and found["tiny.example"]["rules"] == 0
    texts = {r["url"]: r["text"] for r in records(out).values()}
    assert len(texts) == len(rows) - 1
    assert "Sign up for the morning briefing" not in texts["https://www.news.example/story/0"]
    assert "Share this post with a fellow gardener" not in texts["https://www.garden.example/story/0"]


def test_bad_uses_are_one_line_and_exit_2(tmp_path):
    src, _, _ = corpus(tmp_path)
    for args, says in [(["-", "--learn-sites"], "--learn-sites reads the input twice: it cannot read stdin"),
                       ([src, "--learned-rules", tmp_path / "r"], "--learned-rules goes with --learn-sites"),
                       ([src, "--learn-sites", "--learn-min", 9, "--learn-pages", 4], "--learn-min 9 is over --learn-pages 4"),
                       ([src, "--learn-sites", "--learned-rules", src], "not a folder")]:
        res = run("clean", *args)
        assert res.exit_code == 2, (args, res.output)
        assert says in res.stderr and res.stderr.count("\n") == 1 and "Traceback" not in res.stderr


def test_the_learner_holds_at_most_hosts_times_pages():
    learner = learn.Learner(min_pages=2, max_pages=3, max_hosts=2)
    held = []
    for k in range(30):
        learner.add(f"h{k % 4}.example", [f"line {k}", "", "Same chrome line here"])
        held.append(sum(len(h.held or []) for h in learner.hosts.values()))
    assert max(held) <= 2 * (3 - 1) and len(learner.hosts) == 2 and learner.unfollowed == 14
    assert all(h.held is None and h.read == 3 for h in learner.hosts.values())  # induced at the third page
