"""``normspell detect``: lines for people, JSON Lines for programs, --check."""

import json
from pathlib import Path

import pytest
from test_cli import runner_for

import normspell
from normspell.cli import EXIT_FAILED, EXIT_OK


@pytest.fixture(params=["runner", "script"])
def run(request, tmp_path, monkeypatch):
    """Each test runs twice: through CliRunner and as the installed script."""
    return runner_for(request.param, tmp_path, monkeypatch)


def write(name: str, data: bytes | str) -> Path:
    path = Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def test_human_lines_give_file_line_column_variant_standard_category(run):
    write("a.txt", "First line\r\nThe womyn of\nAmerikkka and u.$.\n")
    r = run("detect", "a.txt")
    assert r.code == EXIT_OK
    assert r.text.splitlines() == [
        "a.txt:2:5 womyn → women (gender)",
        "a.txt:3:1 Amerikkka → America (place)",
        "a.txt:3:15 u.$. → U.S. (place)",
    ]
    assert "3 variants found (gender 1, place 2)" in r.err


def test_stdin_is_named_and_multiword_variants_stay_on_one_line(run):
    r = run("detect", input="the united\n$tates")
    assert r.text == "<stdin>:1:5 united\n$tates → United States (place)\n".replace("united\n", "united ")


def test_mentions_are_listed_as_kept(run):
    r = run("detect", input='Some write "Amerikkka" for the u.$.')
    assert r.text.splitlines() == ["<stdin>:1:13 Amerikkka → America (place, mention: kept)",
                                   "<stdin>:1:32 u.$. → U.S. (place)"]
    assert "1 mention kept" in r.err


def test_json_lines_match_the_library(run):
    text = "The womyn of Amerikkka\nand the u.$. state"
    write("a.txt", text)
    r = run("detect", "--json", "a.txt")
    recs = [json.loads(line) for line in r.text.splitlines()]
    found = normspell.detect(text)
    assert [(x["start"], x["end"], x["original"], x["standard"], x["category"], x["rule"], x["confidence"])
            for x in recs] == [(c.start, c.end, c.original, c.standard, c.category, c.rule, c.confidence)
                               for c in found]
    assert [(x["file"], x["line"], x["column"]) for x in recs] == [("a.txt", 1, 5), ("a.txt", 1, 14), ("a.txt", 2, 9)]


def test_json_escapes_undecodable_bytes_and_keeps_unicode(run):
    r = run("detect", "--json", input=b"\xff Amerikkka\xe2\x80\x99s \xc3\xa9")
    rec = json.loads(r.out.decode("utf-8"))  # valid UTF-8 JSON
    assert rec["original"] == "Amerikkka" and rec["start"] == 2
    r = run("detect", "--json", input=b"Amerika")
    assert r.out.decode("utf-8").count("\n") == 1


def test_check_exits_1_on_variants_only(run):
    assert run("detect", "--check", input="plain text").code == EXIT_OK
    r = run("detect", "--check", input="womyn")
    assert r.code == EXIT_FAILED and "womyn" in r.text
    assert run("detect", "--check", input='they spell it "Amerikkka" here').code == EXIT_OK  # a mention
    assert run("detect", "--check", "--only", "place", input="womyn").code == EXIT_OK


def test_detect_in_html_and_jsonl_reports_places_in_the_file(run):
    write("p.html", '<p title="womyn">\n  <b>Amerika</b></p>')
    assert run("detect", "p.html").text == "p.html:2:6 Amerika → America (place)\n"
    write("c.jsonl", '{"n": 1}\n{"text": "womyn", "womyn": "womyn"}\n')
    assert run("detect", "c.jsonl").text == "c.jsonl:2:11 womyn → women (gender)\n"
    assert run("detect", "--field", "womyn", "c.jsonl").text == "c.jsonl:2:29 womyn → women (gender)\n"


def test_detect_writes_no_files(run, tmp_path):
    write("arc/a.txt", "womyn")
    r = run("detect", "arc", "-q")
    assert r.text == "arc/a.txt:1:1 womyn → women (gender)\n" and r.err == ""
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a.txt", "arc"]


def test_undecodable_file_names_give_valid_json_and_raw_bytes_for_people(run, tmp_path):
    (tmp_path / "arc").mkdir()
    (tmp_path / "arc" / "caf\udce9.txt").write_bytes(b"womyn")  # a Latin-1 name on a UTF-8 system
    r = run("detect", "--json", "arc")
    rec = json.loads(r.out.decode("utf-8"))
    assert rec["file"] == "arc/caf\udce9.txt"
    assert "\\udce9" in r.out.decode("utf-8")
    assert run("detect", "arc").out == b"arc/caf\xe9.txt:1:1 womyn \xe2\x86\x92 women (gender)\n"
