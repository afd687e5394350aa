"""Corpus pipelines: JSONL and WARC/WET in, records out, in order, in parallel, nothing lost."""

import gzip
import io
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import zstandard
from typer.testing import CliRunner

from cleaner import Cleaner, DecodeError, ErrorRecord
from cleaner.cli import app
from conftest import ROOT

runner = CliRunner()
SEED_TEXT = (ROOT / "seeds" / "000_3456128bdfb719b6.txt").read_text(encoding="utf-8")
REFERENCE = json.loads((ROOT / "fixtures" / "sputniknews.com" / "000_3456128bdfb719b6.expected.json").read_text())


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def fixture_texts():
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures").rglob("*.input.txt"))]


def corpus_with_bad_lines(path, n=3000):
    """n lines: good records (with passthrough fields) and every kind of bad line, mixed in."""
    texts = fixture_texts()
    bad = ['{"id": "broken", "text": ', "[1, 2, 3]", '"just a string"', '{"id": "nt"}', '{"id": "null", "text": null}',
           '{"id": "num", "text": 42}', "not json at all"]
    good, bad_lines = [], []
    with open(path, "w", encoding="utf-8") as out:
        for i in range(n):
            if i % 37 == 5:
                line = bad[i % len(bad)]
                bad_lines.append(i + 1)
            else:
                record = {"id": f"doc-{i}", "text": texts[i % len(texts)], "lang": "en", "meta": {"shard": 7, "n": i}}
                line = json.dumps(record, ensure_ascii=False)
                good.append(record)
            out.write(line + "\n")
    return good, bad_lines


def jsonl(rows, tail=""):
    """Records as JSONL text, a line each (and ``tail``, such as a broken line, after them)."""
    return "".join(json.dumps(r) + "\n" for r in rows) + tail


def read_jsonl(path):
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as stream:
        return [json.loads(line) for line in stream]


def test_jsonl_with_bad_lines_nothing_lost_and_jobs_agree(tmp_path):
    src = tmp_path / "in.jsonl"
    good, bad_lines = corpus_with_bad_lines(src)
    outs = {}
    for jobs in (1, 2):
        out, err, stats = tmp_path / f"out{jobs}.jsonl", tmp_path / f"err{jobs}.jsonl", tmp_path / f"s{jobs}.json"
        res = run("clean", src, "-o", out, "--errors", err, "--stats", stats, "--jobs", jobs)
        assert res.exit_code == 1  # errors occurred, and no --allow-errors
        outs[jobs] = out.read_bytes()
        records, errors = read_jsonl(out), read_jsonl(err)
        assert [r["id"] for r in records] == [g["id"] for g in good]  # every good record once, in order
        for rec, inp in zip(records, good):
            assert rec["lang"] == "en" and rec["meta"] == inp["meta"]  # passthrough kept
            assert set(rec) == {"id", "text", "lang", "meta", "site", "captions", "metadata"}
        assert [e["position"] for e in errors] == bad_lines
        assert all(e["input"] == str(src) and e["reason"] for e in errors)
        s = json.loads(stats.read_text())
        assert s["documents_in"] == len(good) + len(bad_lines) == s["documents_out"] + s["errors"]
        assert s["documents_out"] == len(records) and s["errors"] == len(errors)
    assert outs[1] == outs[2]  # byte-identical whatever the number of jobs
    errors = read_jsonl(tmp_path / "err1.jsonl")
    reasons = {e["id"]: e["reason"] for e in errors if e["id"]}
    assert reasons["nt"] == "no 'text' field"
    assert reasons["null"] == "'text' is null, not a string"
    assert reasons["num"] == "'text' is a number, not a string"
    anonymous = [e["reason"] for e in errors if e["id"] is None]
    assert any(r.startswith("invalid JSON") for r in anonymous)
    assert "not a JSON object but list" in anonymous and "not a JSON object but str" in anonymous


def test_seed_in_jsonl_gives_the_reference_record(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "000_3456128bdfb719b6", "text": SEED_TEXT}) + "\n")
    (record,) = read_jsonl_text(run("clean", src).stdout)
    assert record == REFERENCE


def test_a_null_id_is_no_id_and_every_stream_gives_the_same_one(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(jsonl([{"id": None, "text": SEED_TEXT}, {"text": SEED_TEXT}]))
    res = run("clean", src, "--captions-out", tmp_path / "c.jsonl", "--metadata-out", tmp_path / "m.jsonl")
    assert res.exit_code == 0, res.output
    assert [r["id"] for r in read_jsonl_text(res.stdout)] == ["in:1", "in:2"]
    assert [r["id"] for r in read_jsonl(tmp_path / "m.jsonl")] == ["in:1", "in:2"]
    assert {r["id"] for r in read_jsonl(tmp_path / "c.jsonl")} == {"in:1", "in:2"}


def read_jsonl_text(text):
    return [json.loads(line) for line in text.splitlines()]


def test_allow_errors_and_field_names(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"key": "k1", "body": "Hello.", "link": "https://sputniknews.com/a"}) + "\n"
                   + "oops\n")
    res = run("clean", src, "--text-field", "body", "--id-field", "key", "--url-field", "link",
              "--allow-errors", "-o", tmp_path / "o.jsonl")
    assert res.exit_code == 0
    (rec,) = read_jsonl(tmp_path / "o.jsonl")
    assert rec["key"] == "k1" and rec["body"] == "Hello." and rec["site"] == "sputniknews.com"
    assert "in.jsonl:2: invalid JSON" in res.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_wrong_text_field_stops_the_run_with_one_line(tmp_path, jobs):
    src = tmp_path / "in.jsonl"
    src.write_text(jsonl({"id": i, "content": "Some text.", **({"lang": "en"} if i % 2 else {})} for i in range(10_000)))
    res = run("clean", src, "-o", tmp_path / "o.jsonl", "--errors", tmp_path / "e.jsonl", "--jobs", jobs)
    assert res.exit_code == 2
    assert res.stderr == ("cleaner: --text-field text: none of the first 100 records has such a field; "
                          "their fields: content (100), id (100), lang (50)\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]  # no output, no error file


def test_broken_lines_among_the_first_records_do_not_hide_a_wrong_text_field(tmp_path):
    # A broken line says nothing of the fields: 100 records without the field still tell.
    rows = [json.dumps({"id": i, "content": "Some text."}) for i in range(300)]
    (tmp_path / "in.jsonl").write_text("{cut off\n" + "\n".join(rows[:50] + ["[1, 2]"] + rows[50:]) + "\n")
    res = run("clean", tmp_path / "in.jsonl", "-o", tmp_path / "o.jsonl")
    assert res.exit_code == 2
    assert res.stderr == ("cleaner: --text-field text: none of the first 100 records has such a field; "
                          "their fields: content (100), id (100)\n")
    (tmp_path / "broken.jsonl").write_text("{cut off\n[1]\n")  # nothing but broken lines: error records
    res = run("clean", tmp_path / "broken.jsonl")
    assert res.exit_code == 1 and "broken.jsonl:2: not a JSON object" in res.stderr


def test_a_shard_of_a_few_records_none_with_the_text_field_is_a_usage_error_too(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(jsonl([{"body": "One."}, {"body": "Two.", "id": "b"}]))
    res = run("clean", src, "--html-field", "html")
    assert res.exit_code == 2 and res.stdout == ""
    assert res.stderr == ("cleaner: --text-field text (or --html-field html): none of the 2 records has such a "
                          "field; their fields: body (2), id (1)\n")


def test_records_without_the_text_field_after_one_with_it_are_error_records(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(jsonl([{"id": "a", "body": "One."}, {"id": "b", "text": "Two."}, {"id": "c", "body": "Three."}]))
    res = run("clean", src)
    assert res.exit_code == 1 and [r["id"] for r in read_jsonl_text(res.stdout)] == ["b"]
    assert "in.jsonl:1: no 'text' field" in res.stderr and "in.jsonl:3: no 'text' field" in res.stderr


def test_compressed_input_and_output_are_deterministic(tmp_path):
    lines = jsonl({"id": f"d{i}", "text": t} for i, t in enumerate(fixture_texts()))
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(lines.encode()))
    (tmp_path / "b.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(lines.encode()))
    for name in ("a.jsonl.gz", "b.jsonl.zst"):
        first, second = tmp_path / f"1-{name}.out.jsonl.gz", tmp_path / f"2-{name}.out.jsonl.gz"
        assert run("clean", tmp_path / name, "-o", first).exit_code == 0
        time.sleep(1.1)  # a gzip header with a time in it would differ now
        assert run("clean", tmp_path / name, "-o", second).exit_code == 0
        assert first.read_bytes() == second.read_bytes()
        assert [r["id"] for r in read_jsonl(first)] == [f"d{i}" for i in range(len(fixture_texts()))]
    zst_out = tmp_path / "o.jsonl.zst"
    assert run("clean", tmp_path / "a.jsonl.gz", "-o", zst_out).exit_code == 0
    data = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(zst_out.read_bytes())).read()
    assert len(data.decode().splitlines()) == len(fixture_texts())


def test_compressed_pages_are_pages_in_a_folder_too(tmp_path):
    """A gzip or zstd page (.txt.gz, .html.zst: how crawls and benchmarks keep them) is the page it
    holds, as a file, in a folder and under -o DIR/: its id and output name without the extensions."""
    page = (ROOT / "seeds" / "000_3456128bdfb719b6.txt").read_bytes()
    html = b"<html><head><title>T</title></head><body><article><p>" + b"A paragraph of the article. " * 20 + b"</p></article></body></html>"
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "plain.txt").write_bytes(page)
    (pages / "seed.txt.gz").write_bytes(gzip.compress(page))
    (pages / "seed2.txt.zst").write_bytes(zstandard.ZstdCompressor().compress(page))
    (pages / "story.html.gz").write_bytes(gzip.compress(html))
    (pages / "story2.htm.zst").write_bytes(zstandard.ZstdCompressor().compress(html))
    res = run("clean", "-f", "jsonl", pages)
    assert res.exit_code == 0, res.output
    records = {r["id"]: r for r in read_jsonl_text(res.stdout)}
    assert sorted(records) == ["plain", "seed", "seed2", "story", "story2"]
    assert records["seed"]["text"] == records["seed2"]["text"] == records["plain"]["text"]
    assert records["story"]["text"] == records["story2"]["text"] == "A paragraph of the article." + " A paragraph of the article." * 19
    assert run("clean", "-o", tmp_path / "out", pages).exit_code == 0
    assert sorted(p.name for p in (tmp_path / "out").glob("*.txt")) == [
        "plain.txt", "seed.txt", "seed2.txt", "story.txt", "story2.txt"]


def test_extensions_in_capitals_are_read_as_in_small_letters(tmp_path):
    page = (ROOT / "seeds" / "000_3456128bdfb719b6.txt").read_bytes()
    (tmp_path / "SHARD.JSONL.GZ").write_bytes(gzip.compress(jsonl([{"id": "d1", "text": page.decode()}]).encode()))
    (tmp_path / "PAGE.TXT.GZ").write_bytes(gzip.compress(page))
    (tmp_path / "Other.Txt").write_bytes(page)
    res = run("clean", "-f", "jsonl", tmp_path)
    assert res.exit_code == 0, res.output
    records = read_jsonl_text(res.stdout)
    assert [r["id"] for r in records] == ["Other", "PAGE", "d1"]
    assert len({r["text"] for r in records}) == 1 and records[0]["site"] == "sputniknews.com"
    assert run("clean", "-f", "jsonl", "-o", tmp_path / "out", tmp_path).exit_code == 0
    assert read_jsonl(tmp_path / "out" / "SHARD.jsonl.gz")[0]["id"] == "d1"  # compressed like its input


def test_a_file_named_without_a_known_extension_is_read_as_its_first_bytes_say(tmp_path):
    """data.json holding JSON lines, Spark's part-00000 (gzip), a crawl with no extension: each is
    told by its first bytes, as stdin is; a gzip or zstd file is inflated whatever its name."""
    page = (ROOT / "seeds" / "000_3456128bdfb719b6.txt").read_bytes()
    docs = jsonl([{"id": "d1", "text": page.decode()}, {"id": "d2", "text": "Second."}])
    (tmp_path / "data.json").write_text(docs)
    (tmp_path / "part-00000").write_bytes(gzip.compress(docs.encode()))
    (tmp_path / "page").write_bytes(page)
    (tmp_path / "zipped.txt").write_bytes(zstandard.ZstdCompressor().compress(page))  # (named as if plain)
    write_warc(tmp_path / "crawl", ["A story from the crawl."])
    res = run("clean", "-f", "jsonl", *(tmp_path / n for n in ("data.json", "part-00000", "page", "zipped.txt", "crawl")))
    assert res.exit_code == 0, res.output
    records = read_jsonl_text(res.stdout)
    assert [r["id"] for r in records[:6]] == ["d1", "d2", "d1", "d2", "page", "zipped"]
    assert records[0]["text"] == records[2]["text"] == records[4]["text"] == records[5]["text"] == REFERENCE["text"]
    assert records[6]["text"] == "A story from the crawl." and len(records) == 7
    res = run("clean", "-f", "jsonl", "--input-format", "text", tmp_path / "data.json")
    assert [r["id"] for r in read_jsonl_text(res.stdout)] == ["data.json"]  # (said: one page)


def test_max_bytes(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "big", "text": "x" * 1500}) + "\n"        # over the limit: parsed, refused
                   + json.dumps({"id": "huge", "text": "y" * 50000}) + "\n"   # far over: skipped unread
                   + json.dumps({"id": "ok", "text": "z"}) + "\n")
    res = run("clean", src, "--max-bytes", "1000", "--errors", tmp_path / "e.jsonl", "-o", tmp_path / "o.jsonl")
    assert res.exit_code == 1
    big, huge = read_jsonl(tmp_path / "e.jsonl")
    assert big["id"] == "big" and "over --max-bytes 1000" in big["reason"]
    assert huge["position"] == 2 and "--max-bytes 1000" in huge["reason"]
    assert [r["id"] for r in read_jsonl(tmp_path / "o.jsonl")] == ["ok"]


def write_warc(path, texts, html=0):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    ids = []
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=str(path).endswith(".gz"))
        writer.write_record(writer.create_warcinfo_record("x.warc", {"software": "tests"}))
        for i, text in enumerate(texts):
            record = writer.create_warc_record(f"https://sputniknews.com/story/{i}", "conversion",
                                               payload=io.BytesIO(text.encode("utf-8")),
                                               warc_content_type="text/plain")
            ids.append(record.rec_headers.get_header("WARC-Record-ID"))
            writer.write_record(record)
        for i in range(html):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            page = ("<html><head><title>Ferry</title></head><body><article><h1>Ferry Line Reopens</h1>"
                    "<p>The ferry line across the bay reopened on Monday after a winter of repairs to its pier.</p>"
                    "<p>Commuters said the crossing saves them forty minutes each way compared with the bridge.</p>"
                    "</article></body></html>").encode()
            record = writer.create_warc_record(f"https://example.com/{i}", "response",
                                               payload=io.BytesIO(page), http_headers=http)
            writer.write_record(record)
    return ids


STDIN_DOCS = [{"id": f"d{i}", "text": f"Paragraph {i} of a shard piped in.", "url": f"https://example.com/{i}"}
              for i in range(3)]


@pytest.mark.parametrize("pack", [bytes, gzip.compress, zstandard.ZstdCompressor().compress])
def test_a_shard_piped_in_is_read_as_a_shard(pack):
    # "-f jsonl -" read the whole shard as one text document.
    res = runner.invoke(app, ["clean", "-f", "jsonl", "-"], input=pack(jsonl(STDIN_DOCS).encode()))
    assert res.exit_code == 0, res.output
    records = read_jsonl_text(res.stdout)
    assert [(r["id"], r["text"]) for r in records] == [(d["id"], d["text"]) for d in STDIN_DOCS]


@pytest.mark.parametrize("pack", [bytes, gzip.compress, zstandard.ZstdCompressor().compress])
def test_a_shard_whose_first_record_is_longer_than_what_is_sniffed_is_still_a_shard(pack):
    docs = [{"id": "long", "text": "A long page.\n" * 20_000}, *STDIN_DOCS]  # a JSON line of 280 kB
    res = runner.invoke(app, ["clean", "-"], input=pack(jsonl(docs).encode()))
    assert [r["id"] for r in read_jsonl_text(res.stdout)] == ["long", "d0", "d1", "d2"]


def test_input_format_text_reads_stdin_as_one_document():
    res = runner.invoke(app, ["clean", "--input-format", "text", "-f", "jsonl", "-"],
                        input=gzip.compress(jsonl(STDIN_DOCS).encode()))
    (record,) = read_jsonl_text(res.stdout)
    assert record["id"] == "stdin" and record["text"].startswith('{"id": "d0"')


def test_plain_text_on_stdin_stays_one_document():
    for text in ["Hello there.\n", '{"not": "a shard" and a brace\n', "W"]:
        res = runner.invoke(app, ["clean", "-f", "jsonl", "-"], input=text.encode())
        (record,) = read_jsonl_text(res.stdout)
        assert record["id"] == "stdin" and record["text"] == text.strip()


@pytest.mark.parametrize("compress", [True, False])
def test_a_warc_piped_in_is_read_as_a_warc(tmp_path, compress):
    # Through a real pipe: FastWARC asks the stream where it stands, which a pipe cannot say.
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    ids = write_warc(path, fixture_texts()[:2], html=1)
    with open(path, "rb") as stream:
        proc = subprocess.run([sys.executable, "-m", "cleaner", "clean", "-"], stdin=stream,
                              capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    records = read_jsonl_text(proc.stdout.decode())
    assert [r["id"] for r in records[:2]] == ids and records[2]["url"] == "https://example.com/0"


@pytest.mark.parametrize("name", ["crawl.warc.wet.gz", "crawl.warc"])
def test_wet_round_trip(tmp_path, name):
    texts = fixture_texts()
    ids = write_warc(tmp_path / name, texts, html=1)
    res = run("clean", tmp_path / name, "-o", tmp_path / "o.jsonl", "--errors", tmp_path / "e.jsonl", "-j", 2)
    assert res.exit_code == 0, res.output
    records = read_jsonl(tmp_path / "o.jsonl")
    *wet, page = records
    assert [r["id"] for r in wet] == ids
    assert [r["url"] for r in wet] == [f"https://sputniknews.com/story/{i}" for i in range(len(texts))]
    assert all(r["site"] == "sputniknews.com" for r in wet)
    seed = texts.index(SEED_TEXT)
    assert wet[seed]["text"] == REFERENCE["text"]
    # The response record is HTML: cleaned through the HTML path, with its url.
    assert page["url"] == "https://example.com/0" and page["id"].startswith("<urn:uuid:")
    assert page["text"].startswith("The ferry line across the bay reopened")
    assert page["metadata"]["title"] == "Ferry Line Reopens"
    assert read_jsonl(tmp_path / "e.jsonl") == []


def test_folder_of_shards_one_output_each_and_resume_skips(tmp_path):
    shards = tmp_path / "in"
    shards.mkdir()
    texts = fixture_texts()
    for s in range(3):
        (shards / f"part-{s}.jsonl").write_text(
            jsonl(({"id": f"{s}-{i}", "text": t} for i, t in enumerate(texts)), tail="bad\n"))
    out = tmp_path / "out"
    res = run("clean", shards, "-o", f"{out}/", "--split")
    assert res.exit_code == 1
    for s in range(3):
        assert len(read_jsonl(out / f"part-{s}.jsonl")) == len(texts)
        assert len(read_jsonl(out / f"part-{s}.errors.jsonl")) == 1
        assert len(read_jsonl(out / f"part-{s}.metadata.jsonl")) == len(texts)
        assert read_jsonl(out / f"part-{s}.captions.jsonl")
    (out / "part-1.jsonl").unlink()
    stats = tmp_path / "s.json"
    run("clean", shards, "-o", f"{out}/", "--split", "--resume", "--stats", stats)
    s = json.loads(stats.read_text())
    # Whole: the skipped inputs are counted in from the statistics written beside their outputs.
    assert s["sources_skipped"] == 2 and s["documents_in"] == 3 * (len(texts) + 1) and s["errors"] == 3
    assert len(read_jsonl(out / "part-1.jsonl")) == len(texts)


def test_a_folder_of_subfolders_keeps_its_tree_under_o_folder(tmp_path):
    # Shards are often named alike in subfolders (2023/part-0.jsonl, 2024/part-0.jsonl): each
    # output goes to the same subfolder of -o DIR, as does --resume's cleaning of temporaries.
    texts = fixture_texts()
    crawl = tmp_path / "crawl"
    for sub in ("2023", "2024", "2024/late"):
        (crawl / sub).mkdir(parents=True)
        (crawl / sub / "part-0.jsonl").write_text(jsonl({"id": f"{sub}-{i}", "text": t} for i, t in enumerate(texts[:3])))
    (crawl / "top.jsonl").write_text(jsonl([{"id": "top", "text": texts[0]}]))
    out = tmp_path / "out"
    res = run("clean", crawl, "-o", f"{out}/")
    assert res.exit_code == 0, res.output
    for sub in ("2023", "2024", "2024/late"):
        assert [r["id"] for r in read_jsonl(out / sub / "part-0.jsonl")] == [f"{sub}-{i}" for i in range(3)]
    assert [r["id"] for r in read_jsonl(out / "top.jsonl")] == ["top"]
    whole = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (out / "2024" / "part-0.jsonl").unlink()
    (out / "2024" / ".part-0.jsonl.x1y2.tmp").write_text("left by a killed run")
    assert run("clean", crawl, "-o", f"{out}/", "--resume").exit_code == 0
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == whole


def test_python_api_streams_records():
    cleaner = Cleaner()
    docs = [{"id": "a", "text": SEED_TEXT}, {"id": "b", "text": "Plain.", "url": "https://sputniknews.com/x"}]
    records = list(cleaner.clean_many(iter(docs)))
    assert records[0].to_dict() == {**REFERENCE, "id": "a"}
    assert records[1].site == "sputniknews.com" and records[1].text == "Plain."


UNDECODABLE = random.Random(7).randbytes(5000)  # bytes no encoding explains


def test_python_api_gives_an_error_record_for_a_bad_document_and_goes_on():
    docs = [{"id": "a", "text": SEED_TEXT}, {"id": "bad", "text": UNDECODABLE}, {"id": "c", "text": "Plain."},
            {"id": 4}, {"id": "e", "text": "Plain.", "site": "no-such-site.example"}]
    out = list(Cleaner().clean_many(iter(docs)))
    assert [type(o).__name__ for o in out] == ["Record", "ErrorRecord", "Record", "ErrorRecord", "ErrorRecord"]
    assert out[0].to_dict() == {**REFERENCE, "id": "a"} and out[2].text == "Plain."
    assert out[1] == ErrorRecord(None, 2, "bad", "cannot decode the input: not UTF-8, and no encoding was detected")
    assert out[3].to_dict() == {"input": None, "position": 4, "id": "4", "reason": "no 'text' field holding a string"}
    assert out[4].reason.startswith("--site no-such-site.example: no rule file describes this site")


def test_python_api_raises_on_a_bad_document_when_asked():
    docs = [{"id": "a", "text": "Plain."}, {"id": "bad", "text": UNDECODABLE}]
    stream = Cleaner().clean_many(docs, errors="raise")
    assert next(stream).text == "Plain."
    with pytest.raises(DecodeError):
        next(stream)


def test_the_exceptions_a_document_or_a_rule_file_can_raise_are_exported():
    import cleaner
    from cleaner.engine import UnknownSite
    from cleaner.html import ExtractionError
    from cleaner.limits import LimitError, RuleTimeout
    from cleaner.rules import RuleError

    for exc in (DecodeError, LimitError, RuleTimeout, ExtractionError, RuleError, UnknownSite):
        assert getattr(cleaner, exc.__name__) is exc and exc.__name__ in cleaner.__all__


def test_sigkill_then_resume_gives_the_uninterrupted_output(tmp_path):
    shards = tmp_path / "in"
    shards.mkdir()
    texts = fixture_texts()
    for s in range(6):
        (shards / f"s{s}.jsonl").write_text(
            jsonl({"id": f"{s}-{i}", "text": texts[i % len(texts)]} for i in range(400)))
    whole, broken = tmp_path / "whole", tmp_path / "broken"
    cmd = [sys.executable, "-m", "cleaner", "clean", str(shards), "--jobs", "1"]
    subprocess.run(cmd + ["-o", f"{whole}/"], check=True, capture_output=True, timeout=600)
    proc = subprocess.Popen(cmd + ["-o", f"{broken}/"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and not (broken.exists() and any(broken.glob("s*.jsonl"))):
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)  # partway: at least one shard finished, others not
    proc.wait()
    done_before = sorted(p.name for p in broken.glob("s*.jsonl"))
    assert 0 < len(done_before) < 6, done_before
    subprocess.run(cmd + ["-o", f"{broken}/", "--resume"], check=True, capture_output=True, timeout=600)
    names = sorted(p.name for p in whole.iterdir())
    assert names == sorted(p.name for p in broken.iterdir())  # no temporary files left either
    for name in names:
        assert (whole / name).read_bytes() == (broken / name).read_bytes()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_says_interrupted_exits_130_and_leaves_nothing_that_looks_finished(tmp_path, jobs):
    texts = fixture_texts()
    (tmp_path / "in.jsonl").write_text(jsonl({"id": str(i), "text": texts[i % len(texts)]} for i in range(20000)))
    proc = subprocess.Popen([sys.executable, "-m", "cleaner", "clean", "in.jsonl", "-o", "out.jsonl", "--jobs", jobs],
                            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 120
    while time.time() < deadline and not any(tmp_path.glob(".out.jsonl.*.tmp")):
        time.sleep(0.02)
    time.sleep(0.5)  # (cleaning, past the start)
    proc.send_signal(signal.SIGINT)  # as Ctrl-C does (to the process; a terminal also tells the workers)
    err = proc.communicate(timeout=120)[1].decode()
    assert proc.returncode == 130, err
    assert "Traceback" not in err and err.splitlines() == ["cleaner: interrupted"], err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def test_progress_only_when_asked_and_never_on_stdout(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(jsonl({"id": f"d{i}", "text": t} for i, t in enumerate(fixture_texts())))
    quiet = run("clean", src)
    assert "docs/s" not in quiet.stderr  # not a terminal: no progress, only the summary
    assert quiet.stderr.startswith("cleaner: ") and "documents in" in quiet.stderr
    shown = run("clean", src, "--progress")
    assert shown.stdout == quiet.stdout  # the records, and nothing else
    n, size = len(fixture_texts()), src.stat().st_size / 1e6
    assert f"docs/s, 0 errors, {size:,.1f} of {size:,.1f} MB (100%)" in shown.stderr
    assert shown.stderr.startswith(f"cleaner: done in 0:00:") and f": {n} docs, " in shown.stderr


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def progress_run(sources, show=True, stream=None):
    from cleaner.corpus.progress import Progress

    clock, stream = Clock(), stream or io.StringIO()
    return Progress(show, sources, stream=stream, clock=clock, interval=5), clock, stream


def test_progress_off_a_terminal_prints_a_line_every_interval_and_one_at_the_end(tmp_path):
    from cleaner.corpus.pipeline import Done
    from cleaner.corpus.readers import Item, Source

    (tmp_path / "a.jsonl").write_bytes(b"x" * 600_000)
    (tmp_path / "b.txt").write_bytes(b"y" * 400_000)
    a, b = Source(str(tmp_path / "a.jsonl"), "jsonl"), Source(str(tmp_path / "b.txt"), "text")
    progress, clock, stream = progress_run([a, b])
    steps = [(1, Done(Item(a, 1), read=100_000)), (6, Done(Item(a, 2), read=200_000)),
             (7, Done(Item(a, 3), read=100_000)), (8, Done(Item(a, -1, kind="end"))),
             (10, Done(Item(b, 0), read=400_000)), (11, Done(Item(b, -1, kind="end")))]
    for n, (seconds, done) in enumerate(steps, 1):
        clock.now = 100 + seconds
        progress.advance(done, docs=min(n, 4), errors=0)
    progress.close()
    assert stream.getvalue().splitlines() == [
        f"cleaner: 2 docs, 0 docs/s, 0 errors, 0.3 of 1.0 MB (30%), ETA 0:00:14; input {a.path}",
        f"cleaner: 4 docs, 0 docs/s, 0 errors, 1.0 of 1.0 MB (100%), ETA 0:00:00; input {b.path}",
        "cleaner: done in 0:00:11: 4 docs, 0 docs/s, 0 errors, 1.0 of 1.0 MB (100%)",
    ]


def test_progress_of_an_input_of_unknown_size_counts_what_was_read():
    from cleaner.corpus.pipeline import Done
    from cleaner.corpus.readers import Item, Source

    stdin = Source("-", "jsonl")
    progress, clock, stream = progress_run([stdin])
    clock.now += 10
    progress.advance(Done(Item(stdin, 1), read=2_500_000), docs=50, errors=1)
    progress.close()
    assert stream.getvalue().splitlines() == [
        "cleaner: 50 docs, 5 docs/s, 1 errors, 2.5 MB read; input -",
        "cleaner: done in 0:00:10: 50 docs, 5 docs/s, 1 errors, 2.5 MB read",
    ]
    hidden, _, stream = progress_run([stdin], show=None)  # not a terminal, not asked: nothing
    hidden.advance(Done(Item(stdin, 1), read=10), docs=1, errors=0)
    hidden.close()
    assert stream.getvalue() == ""


def test_progress_on_a_terminal_is_a_bar_with_percent_and_eta(tmp_path):
    from cleaner.corpus.pipeline import Done
    from cleaner.corpus.readers import Item, Source

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    (tmp_path / "a.txt").write_bytes(b"x" * 1000)
    a = Source(str(tmp_path / "a.txt"), "text")
    progress, clock, stream = progress_run([a], show=None, stream=Terminal())
    clock.now += 2
    progress.advance(Done(Item(a, 0), read=500), docs=1, errors=0)
    progress.close()
    shown = stream.getvalue()
    assert "━" in shown and "1 docs, 0 docs/s, 0 errors, 0.0 of 0.0 MB (50%), ETA 0:00:02" in shown
    assert "; input /" in shown  # (the path is cut to the terminal's width)


def test_single_page_prints_no_summary():
    res = run("clean", ROOT / "seeds" / "000_3456128bdfb719b6.txt")
    assert res.exit_code == 0 and res.stderr == ""


def test_repeats_removes_lines_recurring_across_one_hosts_documents(tmp_path):
    promo = "Widget Weekly: the best of the week, every Friday"
    rare = "Two of the documents end with this sentence, and only two of them do."
    rows = []
    words = "alpha bravo charlie delta echo foxtrot golf hotel".split()  # not digits: those count as one
    for i in range(8):
        body = f"Story {words[i]} begins with its own sentence.\n\n{promo}\n\nIt ends here, in paragraph {words[i]}."
        if i < 2:
            body += f"\n\n{rare}"
        rows.append({"id": f"a{i}", "url": f"https://www.a.example/{i}", "text": body})
    rows.append({"id": "b0", "url": "https://b.example/0", "text": f"Other host.\n\n{promo}"})
    rows.append({"id": "nourl", "text": f"No url.\n\n{promo}"})
    src = tmp_path / "in.jsonl"
    src.write_text(jsonl(rows))
    out, stats = tmp_path / "o.jsonl", tmp_path / "s.json"
    res = run("clean", src, "-o", out, "--repeats", "--repeats-min", "5", "--stats", stats, "-j", 2)
    assert res.exit_code == 0, res.output
    recs = {r["id"]: r for r in read_jsonl(out)}
    for i in range(8):
        assert promo not in recs[f"a{i}"]["text"]
        assert f"paragraph {words[i]}." in recs[f"a{i}"]["text"]
    assert rare in recs["a0"]["text"]  # under the minimum count
    assert promo in recs["b0"]["text"] and promo in recs["nourl"]["text"]  # other host, no host
    found = json.loads(stats.read_text())["repeats"]
    assert found == {"a.example": {"rule": "--repeats:0 repeats:a.example", "documents": 8, "repeated_lines": 1}}
    assert json.loads(stats.read_text())["lines_removed_by_rule"]["--repeats:0 repeats:a.example"] == 8
    assert "repeats:a.example: 1 lines recur in a.example's 8 documents; 8 removed" in res.stderr
    assert run("clean", "-", "--repeats").exit_code == 2


def test_output_folder_named_with_a_slash_for_one_input(tmp_path):
    out = tmp_path / "newout"
    res = run("clean", ROOT / "seeds" / "000_3456128bdfb719b6.txt", "-o", f"{out}/")
    assert res.exit_code == 0 and out.is_dir()
    assert (out / "000_3456128bdfb719b6.txt").read_text() == REFERENCE["text"] + "\n"


def test_output_files_get_ordinary_permissions(tmp_path):
    out = tmp_path / "o.jsonl"
    run("clean", ROOT / "seeds" / "000_3456128bdfb719b6.txt", "-o", out)
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask


def test_warc_images_and_scripts_are_not_documents(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for n, (ctype, body) in enumerate([("image/jpeg", b"\xff\xd8\xff\xe0 not text"),
                                            ("application/javascript", b"var x = 1;"),
                                            ("text/html; charset=windows-1252",
                                             "<html><body><article><p>Caf\u00e9 cr\u00e8me on the quay, where the "
                                             "ferry waits each morning for the first commuters of the day.</p>"
                                             "</article></body></html>".encode("cp1252"))]):
            http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://example.com/{n}", "response",
                                                          payload=io.BytesIO(body), http_headers=http))
    res = run("clean", path, "-o", tmp_path / "o.jsonl", "--errors", tmp_path / "e.jsonl")
    assert res.exit_code == 0, res.output
    (page,) = read_jsonl(tmp_path / "o.jsonl")
    assert page["url"] == "https://example.com/2" and page["text"].startswith("Café crème on the quay")


def test_warc_responses_compressed_by_http_are_read_as_the_page_they_hold(tmp_path):
    """Crawlers that keep responses as served (wget, browsertrix) store Content-Encoding gzip, br,
    deflate or zstd bodies: each is the page, and a body that does not inflate or inflates past
    --max-bytes is an error record that says so."""
    import brotli
    import zlib
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    page = ("<html><body><article><p>Caf\u00e9 cr\u00e8me on the quay, where the ferry waits each "
            "morning for the first commuters of the day.</p></article></body></html>").encode()
    bodies = [("gzip", gzip.compress(page)), ("br", brotli.compress(page)), ("deflate", zlib.compress(page)),
              ("zstd", zstandard.ZstdCompressor().compress(page)), ("identity", page),
              ("gzip", b"not gzip at all"), ("gzip", gzip.compress(b"<html>" + b" " * 5000 + b"</html>"))]
    path = tmp_path / "crawl.warc.gz"
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for n, (encoding, body) in enumerate(bodies):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                               ("Content-Encoding", encoding)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://example.com/{n}", "response",
                                                          payload=io.BytesIO(body), http_headers=http))
    res = run("clean", path, "-o", tmp_path / "o.jsonl", "--errors", tmp_path / "e.jsonl", "--max-bytes", "4000")
    assert res.exit_code == 1, res.output
    pages = read_jsonl(tmp_path / "o.jsonl")
    assert [p["url"] for p in pages] == [f"https://example.com/{n}" for n in range(5)]
    assert all(p["text"].startswith("Café crème on the quay") for p in pages)
    bad, big = read_jsonl(tmp_path / "e.jsonl")
    assert bad["position"] == 6 and bad["reason"].startswith("cannot decode the input: Content-Encoding gzip: ")
    assert big["position"] == 7 and big["reason"] == "document over --max-bytes 4000 once inflated (Content-Encoding gzip)"


def test_sigkill_at_several_points_then_resume_loses_and_repeats_nothing(tmp_path):
    shards = tmp_path / "in"
    shards.mkdir()
    texts = fixture_texts()
    ids = []
    for s in range(5):
        rows = [{"id": f"{s}-{i}", "text": texts[(s + i) % len(texts)]} for i in range(300)]
        ids += [r["id"] for r in rows]
        (shards / f"s{s}.jsonl").write_text(jsonl(rows))
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "cleaner", "clean", str(shards), "-o", f"{out}/", "--jobs", "2", "--resume"]
    rng = __import__("random").Random(11)
    for attempt in range(12):
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            proc.wait(timeout=rng.uniform(0.5, 3.0))  # kill at a different moment each time
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            continue
        assert proc.returncode == 0
        break
    else:
        subprocess.run(cmd, check=True, capture_output=True, timeout=600)
    seen = [r["id"] for name in sorted(p.name for p in out.glob("s*.jsonl")) for r in read_jsonl(out / name)]
    assert sorted(seen) == sorted(ids)  # every record exactly once
    assert not list(out.glob(".*.tmp"))


def test_workers_leave_when_their_parent_is_killed(tmp_path):
    # SIGKILL gives the parent no chance to stop its pool; the workers must notice and leave.
    src = tmp_path / "in.jsonl"
    texts = fixture_texts()
    src.write_text(jsonl({"id": f"d{i}", "text": texts[i % len(texts)]} for i in range(20000)))
    proc = subprocess.Popen([sys.executable, "-m", "cleaner", "clean", str(src), "-o", str(tmp_path / "out.jsonl"),
                             "--jobs", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children: list[int] = []
    deadline = time.time() + 60
    while time.time() < deadline and len(children) < 2:  # the pool's workers (Linux: /proc)
        time.sleep(0.1)
        path = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
        children = [int(c) for c in path.read_text().split()] if path.exists() else []
    assert len(children) >= 2, "the pool never started"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    def alive(pid: int) -> bool:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return False
        return state != "Z"

    deadline = time.time() + 10
    while time.time() < deadline and any(alive(c) for c in children):
        time.sleep(0.1)
    assert not [c for c in children if alive(c)]


def test_a_worker_whose_parent_died_before_it_started_leaves_too():
    # The parent's pid is the parent's word: a worker that read its own getppid() after the parent
    # was killed read init's, and waited for work for ever (a race the test above lost under load).
    from cleaner.corpus import pipeline

    child = os.fork()
    if child == 0:  # the worker, told of a parent that is not (or no longer) its parent
        try:
            pipeline._init_worker(None, parent=os.getppid() + 1_000_000)
            time.sleep(5)
        finally:
            os._exit(0)  # still here: the watch did not see its parent gone
    started = time.time()
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 1 and time.time() - started < 4


def test_an_input_of_less_than_one_batch_starts_no_workers(tmp_path, monkeypatch):
    import concurrent.futures

    started = []

    from cleaner.corpus import pipeline

    class Pool(concurrent.futures.ThreadPoolExecutor):  # stands in for the process pool, and counts
        def __init__(self, jobs, initializer=None, initargs=()):
            started.append(jobs)
            super().__init__(jobs, initializer=initializer, initargs=initargs)

    def init(step, parent):  # a worker's setup without the watch on its parent (threads here, not processes)
        pipeline._STEP = step

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Pool)
    monkeypatch.setattr(pipeline, "_init_worker", init)
    monkeypatch.setattr(pipeline, "_STEP", None)
    texts = fixture_texts()
    for n, pool in ((5, False), (64, True)):
        src = tmp_path / f"in{n}.jsonl"
        src.write_text(jsonl({"id": f"d{i}", "text": texts[i % len(texts)]} for i in range(n)))
        outs = {jobs: run("clean", src, "--jobs", jobs).stdout for jobs in (1, 2)}
        assert outs[1] == outs[2] and outs[1].count("\n") == n
        assert bool(started) == pool
