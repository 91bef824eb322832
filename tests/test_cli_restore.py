"""``normspell restore``: normalized files plus their --changes give back the originals byte for byte."""

import json
import os
import shutil
from pathlib import Path

import pytest
from test_cli import invoke, runner_for

from normspell.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE

HOUSE = ('format = 1\n[lexicon]\nname = "house"\n'
         '[[entry]]\nvariants = ["atnt"]\nstandard = "AT&T"\ncategory = "name"\n'
         '[[entry]]\nvariants = ["lessthan"]\nstandard = "<less>"\ncategory = "name"\n')

TEXT = (b"\xef\xbb\xbfThe womyn of Amerikkka\r\nand the united\r\n$tates \xff\xfe u.$. \"Amerikkka\" is "
        b"spelled so; I$rael\r\n")
HTML = (b'<!DOCTYPE html><p title="womyn">womyn &amp; Amerika<br>atnt and lessthan</p>'
        b'<script>"u.$."</script><!-- I$rael -->I$rael')
JSONL = (b'{"id": 1, "text": "w\\u006fmyn \\u00e9 Amerika\\nunited\\n$tates \\ud83d\\ude00 atnt", "n": 1.50}\r\n'
         b'\n{"id": 2, "text": 5}\n{"text": "lessthan \\"u.$.\\" I$rael\\t\\/"}\n') + b'{"text": "\xff womyn"}'


def write(path, data: bytes) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.fixture(params=["runner", "script"])
def run(request, tmp_path, monkeypatch):
    return runner_for(request.param, tmp_path, monkeypatch)


def _round_trip(run, tmp_path, name: str, data: bytes, *options: str) -> Path:
    write(tmp_path / "house.toml", HOUSE.encode())
    write(tmp_path / name, data)
    r = run("normalize", name, "-o", f"norm-{name}", "--changes", "ch.jsonl", "--lexicon", "mim",
            "--lexicon", "house.toml", *options)
    assert r.code == EXIT_OK, r.err
    assert (tmp_path / f"norm-{name}").read_bytes() != data  # something changed
    r = run("restore", f"norm-{name}", "--changes", "ch.jsonl", "-o", f"back-{name}")
    assert r.code == EXIT_OK, r.err
    assert (tmp_path / f"back-{name}").read_bytes() == data
    return tmp_path / "ch.jsonl"


def test_text_with_bom_crlf_undecodable_bytes_and_multiword_variants(run, tmp_path):
    changes = _round_trip(run, tmp_path, "a.txt", TEXT)
    recs = [json.loads(x) for x in changes.read_text().splitlines()]
    assert {r["bom"] for r in recs} == {"efbbbf"} and {r["encoding"] for r in recs} == {"utf-8"}
    assert "united\r\n$tates" in [r["original"] for r in recs]
    assert [r["kind"] for r in recs].count("mention") == 1


def test_html_with_escaped_replacements(run, tmp_path):
    changes = _round_trip(run, tmp_path, "p.html", HTML)
    assert b"AT&amp;T and &lt;less&gt;" in (tmp_path / "norm-p.html").read_bytes()
    written = {r["replacement"]: r.get("written") for r in map(json.loads, changes.read_text().splitlines())}
    assert written["AT&T"] == "AT&amp;T" and written["women"] is None


def test_jsonl_with_escapes_in_and_between_variants(run, tmp_path):
    changes = _round_trip(run, tmp_path, "c.jsonl", JSONL)
    out = (tmp_path / "norm-c.jsonl").read_bytes()
    # Escapes between two changes and unchanged parts of a variant keep their spelling.
    assert out.startswith(b'{"id": 1, "text": "w\\u006fmen \\u00e9 America\\nUnited States \\ud83d\\ude00 AT&T"')
    raws = [r.get("raw") for r in map(json.loads, changes.read_text().splitlines())]
    assert "w\\u006fmyn" in raws and "united\\n$tates" in raws


@pytest.mark.parametrize("encoding, data", [
    ("utf-16", "\ufeffwomyn\r\nof Amerika \U0001f600\n".encode("utf-16-le")),
    ("utf-16", "\ufeffwomyn of Amerika".encode("utf-16-be")),
    ("latin-1", "Amerika caf\xe9 \xff womyn\r\n".encode("latin-1")),
    ("cp1252", "Amerika \u20ac womyn".encode("cp1252")),
])
def test_other_encodings_and_byte_orders(tmp_path, monkeypatch, encoding, data):
    _round_trip(runner_for("runner", tmp_path, monkeypatch), tmp_path, "e.txt", data, "--encoding", encoding)


def test_streams_in_small_chunks_on_both_sides(tmp_path, monkeypatch):
    from normspell.cli import restore

    monkeypatch.setattr(restore, "_CHUNK", 7)
    data = TEXT * 50
    _round_trip(runner_for("runner", tmp_path, monkeypatch), tmp_path, "long.txt", data, "--chunk-size", "13")


def test_a_moved_folder_restores_every_file_and_copies_unchanged_ones(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name, data in (("a.txt", TEXT), ("sub/p.html", HTML), ("sub/c.jsonl", JSONL), ("same.txt", b"nothing\n")):
        write(tmp_path / "arc" / name, data)
    assert invoke("normalize", "arc", "-o", "out", "--changes", "ch.jsonl", "--jobs", "2").code == EXIT_OK
    shutil.move(tmp_path / "out", tmp_path / "elsewhere")
    r = invoke("restore", "elsewhere", "--changes", "ch.jsonl", "-o", "back")
    assert r.code == EXIT_OK, r.err
    for path in (tmp_path / "arc").rglob("*"):
        if path.is_file():
            assert (tmp_path / "back" / path.relative_to(tmp_path / "arc")).read_bytes() == path.read_bytes()
    assert "4 files" in r.err and "0 failed" in r.err


def test_a_single_file_to_stdout_and_picking_records_with_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a.txt", TEXT)
    write(tmp_path / "b.txt", b"I$rael\n")
    assert invoke("normalize", "a.txt", "b.txt", "-o", "out", "--changes", "ch.jsonl").code == EXIT_OK
    assert invoke("restore", "out/a.txt", "--changes", "ch.jsonl").out == TEXT
    shutil.copy(tmp_path / "out/b.txt", tmp_path / "renamed.txt")
    r = invoke("restore", "renamed.txt", "--changes", "ch.jsonl")
    assert r.code == EXIT_USAGE and "--file NAME" in r.err
    assert invoke("restore", "renamed.txt", "--changes", "ch.jsonl", "--file", "b.txt").out == b"I$rael\n"


def test_an_edited_normalized_file_fails_and_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a.txt", TEXT)
    assert invoke("normalize", "a.txt", "-o", "n.txt", "--changes", "ch.jsonl").code == EXIT_OK
    norm = (tmp_path / "n.txt").read_bytes()
    write(tmp_path / "n.txt", norm.replace(b"America", b"Amerigo"))
    r = invoke("restore", "n.txt", "--changes", "ch.jsonl", "-o", "back.txt")
    assert r.code == EXIT_FAILED
    assert "n.txt: character 13 holds 'Amerigo' where the changes put 'America'" in r.err
    assert sorted(os.listdir(tmp_path)) == ["a.txt", "ch.jsonl", "n.txt"]  # no output, no temporary file
    write(tmp_path / "n.txt", norm[:20])
    r = invoke("restore", "n.txt", "--changes", "ch.jsonl", "-o", "back.txt")
    assert r.code == EXIT_FAILED and "ends at character" in r.err
    write(tmp_path / "n.txt", norm[3:])
    r = invoke("restore", "n.txt", "--changes", "ch.jsonl", "-o", "back.txt")
    assert r.code == EXIT_FAILED and "BOM" in r.err


def test_changes_without_restore_data_or_for_missing_files_restore_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "arc/a.txt", TEXT)
    write(tmp_path / "arc/b.txt", b"womyn")
    assert invoke("normalize", "arc", "-o", "out", "--changes", "ch.jsonl").code == EXIT_OK
    (tmp_path / "out/b.txt").unlink()
    r = invoke("restore", "out", "--changes", "ch.jsonl", "-o", "back")
    assert r.code == EXIT_FAILED and "b.txt: its changes went to b.txt, which is not in out" in r.err
    assert not (tmp_path / "back").exists()
    old = [{k: v for k, v in json.loads(x).items() if k not in ("out_start", "out_end")}
           for x in (tmp_path / "ch.jsonl").read_text().splitlines()]
    write(tmp_path / "old.jsonl", "".join(json.dumps(r) + "\n" for r in old if r["file"].endswith("a.txt")).encode())
    r = invoke("restore", "out/a.txt", "--changes", "old.jsonl")
    assert r.code == EXIT_FAILED and "the changes do not say where they went" in r.err
    write(tmp_path / "bad.jsonl", b"not json\n")
    r = invoke("restore", "out/a.txt", "--changes", "bad.jsonl")
    assert r.code == EXIT_USAGE and "bad.jsonl:1: not a change record" in r.err


def test_refusals_and_help(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a.txt", TEXT)
    assert invoke("normalize", "a.txt", "-o", "n.txt", "--changes", "ch.jsonl").code == EXIT_OK
    for target in ("n.txt", "ch.jsonl"):
        r = invoke("restore", "n.txt", "--changes", "ch.jsonl", "-o", target)
        assert r.code == EXIT_USAGE and "refusing to write onto" in r.err
    os.mkdir(tmp_path / "folder")
    assert invoke("restore", "folder", "--changes", "ch.jsonl").code == EXIT_USAGE
    r = invoke("restore", "--help")
    assert r.code == EXIT_OK and "Example" in r.text and "1 some input failed" in r.text


def test_records_of_a_file_that_failed_are_left_out(tmp_path, monkeypatch):
    # Its output was never written, so records of it could only mislead restore.
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "arc/bad.jsonl", b'{"text": "womyn"}\nnot json\n')
    write(tmp_path / "arc/good.txt", b"womyn")
    r = invoke("normalize", "arc", "-o", "out", "--changes", "ch.jsonl")
    assert r.code == EXIT_FAILED
    assert [json.loads(x)["file"] for x in (tmp_path / "ch.jsonl").read_text().splitlines()] == ["arc/good.txt"]


def test_files_rewritten_in_place_restore_from_their_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "site/a.txt", TEXT)
    write(tmp_path / "site/sub/c.jsonl", JSONL)
    write(tmp_path / "site/same.txt", b"nothing\n")
    assert invoke("normalize", "--in-place", "site", "--changes", "ch.jsonl").code == EXIT_OK
    r = invoke("restore", "site", "--changes", "ch.jsonl", "-o", "back")
    assert r.code == EXIT_OK, r.err
    assert (tmp_path / "back/a.txt").read_bytes() == TEXT and (tmp_path / "back/sub/c.jsonl").read_bytes() == JSONL
    assert (tmp_path / "back/same.txt").read_bytes() == b"nothing\n"


def test_a_legacy_windows_1252_file_is_read_as_one(run, tmp_path):
    # Curly quotes and apostrophes are single bytes (0x93, 0x94, 0x92): read as UTF-8
    # they would be stray bytes, and the mention and the protected name would be lost.
    data = ("MIM spells it \u201cAmerikkka\u201d; the Michigan Womyn\u2019s Music Festival; "
            "caf\u00e9s of Amerika\r\n").encode("cp1252")
    changes = _round_trip(run, tmp_path, "legacy.txt", data)
    assert (tmp_path / "norm-legacy.txt").read_bytes() == data.replace(b"of Amerika", b"of America")
    recs = [json.loads(x) for x in changes.read_text().splitlines()]
    assert [(r["original"], r["kind"], r["encoding"]) for r in recs] == [
        ("Amerikkka", "mention", "cp1252"), ("Amerika", "variant", "cp1252")]
    r = run("normalize", "--encoding", "utf-8", "legacy.txt")  # the old reading, asked for
    assert b"\x93America\x94" in r.out
