"""Compressed inputs cut short (a download cut off, a full disk): the records before the cut come
out, then one error record naming the input says it was cut short, and the run exits 1. Nothing is
lost without a word: records in = records out + error records."""

import gzip
import json
import zlib

import pytest
from typer.testing import CliRunner

from cleaner.cli import app
from conftest import ROOT

runner = CliRunner()

RECORDS = [{"id": f"r{i}", "text": p.read_text(encoding="utf-8")}
           for i, p in enumerate(sorted((ROOT / "fixtures").rglob("*.input.txt"))[:3])]
LINES = [(json.dumps(r, ensure_ascii=False) + "\n").encode() for r in RECORDS]


def gzip_pieces(chunks):
    """One gzip member, flushed after each chunk: piece i ends where chunk i's bytes end."""
    z = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    pieces = [z.compress(c) + z.flush(zlib.Z_FULL_FLUSH) for c in chunks]
    return pieces[:-1] + [pieces[-1] + z.flush()]


def cut_after_two(pieces):
    """The compressed bytes up to where the content ends after its second chunk."""
    whole, cut = b"".join(pieces), b"".join(pieces[:2])
    assert gzip_or_zstd_decompress(whole) == b"".join(LINES) and len(cut) < len(whole)
    return cut


def gzip_or_zstd_decompress(data):
    if data[:2] == b"\x1f\x8b":
        return gzip.decompress(data)
    import zstandard

    return zstandard.ZstdDecompressor().stream_reader(data, read_across_frames=True).read()


def clean(path, tmp_path):
    """cleaner clean PATH: (exit code, ids out, error records)."""
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    res = runner.invoke(app, ["clean", str(path), "-o", str(out), "--errors", str(errors)])
    assert "Traceback" not in res.output and (res.exit_code in (0, 1)), res.output
    ids = [json.loads(x)["id"] for x in out.read_text().splitlines()]
    return res.exit_code, ids, [json.loads(x) for x in errors.read_text().splitlines()]


def assert_cut_short(exit_code, ids, errors, name):
    assert ids == ["r0", "r1"]  # what came before the cut
    (error,) = errors
    assert error["input"] == name and error["position"] == -1
    assert error["reason"].startswith("cannot read: cut short: ")
    assert exit_code == 1


def zstd_pieces(chunks, **options):
    """One zstd frame, a block flushed after each chunk: piece i ends where chunk i's bytes end."""
    import zstandard

    z = zstandard.ZstdCompressor(**options).compressobj()
    pieces = [z.compress(c) + z.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK) for c in chunks]
    return pieces[:-1] + [pieces[-1] + z.flush()]


# gzip: the lines inflated in the read that met the cut were dropped with it (0 records out of 2);
# zstd: zstandard's reader ended the cut frame as if it were whole (2 records, no error, exit 0).
CUT = pytest.mark.parametrize("suffix, pieces", [(".gz", gzip_pieces), (".zst", zstd_pieces)], ids=["gzip", "zstd"])


@CUT
def test_a_shard_cut_at_a_line_keeps_the_lines_before_and_says_it_was_cut(tmp_path, suffix, pieces):
    path = tmp_path / f"cut.jsonl{suffix}"
    path.write_bytes(cut_after_two(pieces(LINES)))
    assert_cut_short(*clean(path, tmp_path), str(path))


@CUT
def test_a_shard_piped_in_and_cut_at_a_line_says_so_on_one_line(suffix, pieces):
    res = runner.invoke(app, ["clean", "-"], input=cut_after_two(pieces(LINES)))
    assert [json.loads(x)["id"] for x in res.stdout.splitlines()] == ["r0", "r1"]
    (line,) = [x for x in res.stderr.splitlines() if "cannot read" in x]
    assert line.startswith("cleaner: -: cannot read: cut short: ")
    assert res.exit_code == 1


def test_gzip_members_one_after_another_are_read_whole(tmp_path):
    path = tmp_path / "members.jsonl.gz"
    path.write_bytes(b"".join(gzip.compress(line) for line in LINES))
    assert clean(path, tmp_path) == (0, ["r0", "r1", "r2"], [])


def test_zstd_frames_one_after_another_are_read_whole_and_a_cut_in_the_last_one_is_seen(tmp_path):
    import zstandard

    frames = [zstandard.ZstdCompressor().compress(line) for line in LINES]
    skippable = b"\x50\x2a\x4d\x18" + (4).to_bytes(4, "little") + b"note"  # a frame readers pass over
    path = tmp_path / "frames.jsonl.zst"
    path.write_bytes(frames[0] + skippable + frames[1] + frames[2])
    assert clean(path, tmp_path) == (0, ["r0", "r1", "r2"], [])
    path.write_bytes(frames[0] + frames[1] + frames[2][:-1])
    assert_cut_short(*clean(path, tmp_path), str(path))
    path.write_bytes(frames[0] + frames[1] + skippable[:-1])  # no content lost, but the file was cut
    exit_code, ids, (error,) = clean(path, tmp_path)
    assert (exit_code, ids) == (1, ["r0", "r1"]) and error["reason"].startswith("cannot read: cut short: ")


@pytest.mark.parametrize("kind", ["gz", "zst", "zst with a checksum"])
def test_every_cut_of_a_compressed_shard_is_an_error_after_a_prefix_of_its_records(tmp_path, kind):
    from cleaner.corpus.readers import Source, read_items

    whole = b"".join(gzip_pieces(LINES) if kind == "gz" else zstd_pieces(LINES, write_checksum="checksum" in kind))
    path = tmp_path / f"in.jsonl.{kind[:3].strip()}"
    for size in range(1, len(whole)):
        path.write_bytes(whole[:size])
        *docs, error, end = read_items(Source(str(path), "jsonl"))
        assert [d.payload for d in docs] == LINES[:len(docs)], size
        assert error.kind == "error" and error.reason.startswith("cannot read: "), (size, error.reason)
        assert end.kind == "end"


def warc_records():
    """Three WET conversion records of the fixtures' texts, as a WARC's bytes each."""
    import io

    from warcio.warcwriter import WARCWriter

    records = []
    for i, record in enumerate(RECORDS):
        stream = io.BytesIO()
        writer = WARCWriter(stream, gzip=False)
        writer.write_record(writer.create_warc_record(f"https://example.com/{i}", "conversion",
                                                      payload=io.BytesIO(record["text"].encode()),
                                                      warc_content_type="text/plain"))
        records.append(stream.getvalue())
    return records


def cut_warcs():
    """A .warc.gz (a gzip member a record, as crawlers write them) and a .warc.zst (a frame a
    record), cut in the third record's header and in its middle."""
    import zstandard

    packs = {"gz": gzip.compress, "zst": zstandard.ZstdCompressor().compress}
    for ext, pack in packs.items():
        first, second, third = (pack(r) for r in warc_records())
        for at in (10, len(third) // 2):  # 10: the content ends after the second record
            yield f"crawl.warc.{ext}", first + second + third[:at]


@pytest.mark.parametrize("name, data", list(cut_warcs()))
def test_a_compressed_warc_cut_short_says_so_after_the_records_before(tmp_path, name, data):
    # FastWARC read a .warc.gz cut in a record's gzip header as ending there (the record dropped,
    # exit 0), and one cut in its middle as a record with no text and half a url.
    path = tmp_path / name
    path.write_bytes(data)
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    res = runner.invoke(app, ["clean", str(path), "-o", str(out), "--errors", str(errors)])
    assert [json.loads(x)["url"] for x in out.read_text().splitlines()] == ["https://example.com/0",
                                                                            "https://example.com/1"]
    (error,) = [json.loads(x) for x in errors.read_text().splitlines()]
    assert error["input"] == str(path) and error["reason"].startswith("cannot read: cut short: ")
    assert res.exit_code == 1


def test_a_warc_gz_piped_in_and_cut_short_says_so(tmp_path):
    import subprocess
    import sys

    # Through a real pipe, as FastWARC reads stdin (it asks the stream where it stands).
    _, data = next(cut_warcs())
    proc = subprocess.run([sys.executable, "-m", "cleaner", "clean", "-"], input=data, capture_output=True,
                          timeout=120)
    assert [json.loads(x)["url"] for x in proc.stdout.splitlines()] == ["https://example.com/0",
                                                                       "https://example.com/1"]
    (line,) = [x for x in proc.stderr.decode().splitlines() if "cannot read" in x]
    assert line.startswith("cleaner: -: cannot read: cut short: ")
    assert proc.returncode == 1


def test_a_plain_warc_cut_in_a_record_says_so_after_the_records_before(tmp_path):
    # FastWARC handed out the cut record as far as it went: a shorter text, exit 0.
    first, second, third = warc_records()
    path = tmp_path / "crawl.warc"
    path.write_bytes(first + second + third[:-100])
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    res = runner.invoke(app, ["clean", str(path), "-o", str(out), "--errors", str(errors)])
    assert [json.loads(x)["url"] for x in out.read_text().splitlines()] == ["https://example.com/0",
                                                                            "https://example.com/1"]
    (error,) = [json.loads(x) for x in errors.read_text().splitlines()]
    assert error["input"] == str(path) and error["reason"] == "cannot read: cut short: record 3 ends before its Content-Length"
    assert res.exit_code == 1
