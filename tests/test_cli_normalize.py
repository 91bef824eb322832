"""``normspell normalize``: outputs, formats, marks, --changes, in-place, refusals."""

import contextlib
import errno
import json
import os
import stat
from pathlib import Path

import pytest
from test_cli import invoke, runner_for

import normspell
from normspell.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE

TEXT = "The womyn of Amerikkka and the u.$. state.\n"
NORMALIZED = "The women of America and the U.S. state.\n"


@pytest.fixture(params=["runner", "script"])
def run(request, tmp_path, monkeypatch):
    """Each test runs twice: through CliRunner and as the installed script."""
    return runner_for(request.param, tmp_path, monkeypatch)


def write(path: Path | str, data: bytes | str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def lib(text: str) -> str:
    return normspell.normalize(text).text


def test_file_to_stdout_and_summary_on_stderr(run):
    write("a.txt", TEXT)
    r = run("normalize", "a.txt")
    assert (r.code, r.text) == (EXIT_OK, NORMALIZED)
    assert "1 file" in r.err and "3 changes (gender 1, place 2)" in r.err and "0 failed" in r.err


def test_quiet_silences_stderr(run):
    write("a.txt", TEXT)
    r = run("normalize", "-q", "a.txt")
    assert (r.code, r.text, r.err) == (EXIT_OK, NORMALIZED, "")


def test_several_files_to_stdout_are_concatenated_in_order(run):
    write("b.txt", "I$rael\n")
    write("a.txt", TEXT)
    r = run("normalize", "b.txt", "a.txt")
    assert r.text == "Israel\n" + NORMALIZED


def test_folder_is_mirrored_under_output(run, tmp_path):
    write("arc/one.txt", TEXT)
    write("arc/sub/two.md", "Wimmin\n")
    write("arc/sub/picture.png", "womyn")  # not text-like: not selected
    write("arc/.hidden/three.txt", "womyn")
    write("arc/.four.txt", "womyn")
    r = run("normalize", "arc", "-o", "out")
    assert r.code == EXIT_OK, r.err
    files = sorted(str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert files == ["one.txt", "sub/two.md"]
    assert (tmp_path / "out/one.txt").read_text() == NORMALIZED
    assert (tmp_path / "out/sub/two.md").read_text() == "Women\n"


def test_several_inputs_are_mirrored_from_their_common_folder(run, tmp_path):
    write("a/x.txt", "womyn")
    write("b/x.txt", "I$rael")
    write("c.txt", "u.$.")
    r = run("normalize", "a", "b", "c.txt", "-o", "out")
    assert r.code == EXIT_OK, r.err
    assert (tmp_path / "out/a/x.txt").read_text() == "women"
    assert (tmp_path / "out/b/x.txt").read_text() == "Israel"
    assert (tmp_path / "out/c.txt").read_text() == "U.S."


def test_glob_selects_files_in_folders_but_named_files_are_always_read(run, tmp_path):
    write("arc/a.txt", "womyn")
    write("arc/b.log", "womyn")
    write("arc/deep/c.log", "womyn")
    write("named.dat", "womyn")
    r = run("normalize", "arc", "named.dat", "--glob", "*.log", "-o", "out")
    assert r.code == EXIT_OK
    got = sorted(str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert got == ["arc/b.log", "arc/deep/c.log", "named.dat"]
    r = run("normalize", "arc", "--glob", "deep/*", "-o", "out2")
    assert [p.name for p in (tmp_path / "out2").rglob("*.log")] == ["c.log"]


def test_single_file_or_stdin_with_output_file(run, tmp_path):
    write("a.txt", TEXT)
    assert run("normalize", "a.txt", "-o", "result.txt").code == EXIT_OK
    assert (tmp_path / "result.txt").read_text() == NORMALIZED
    assert run("normalize", "-o", "fromstdin.txt", input=b"womyn").code == EXIT_OK
    assert (tmp_path / "fromstdin.txt").read_text() == "women"
    assert run("normalize", "a.txt", "-o", "folder/").code == EXIT_OK
    assert (tmp_path / "folder/a.txt").read_text() == NORMALIZED


def test_output_folder_inside_the_input_folder_is_not_read_again(run, tmp_path):
    write("arc/a.txt", "womyn")
    assert run("normalize", "arc", "-o", "arc/normalized").code == EXIT_OK
    r = run("normalize", "arc", "-o", "arc/normalized")
    assert r.code == EXIT_OK
    assert not (tmp_path / "arc/normalized/normalized").exists()
    assert (tmp_path / "arc/normalized/a.txt").read_text() == "women"


def test_outputs_never_escape_the_output_folder(run, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    write("in/sub/a.txt", "womyn")
    write("in/b.txt", "womyn")
    (tmp_path / "out").mkdir()
    os.symlink(outside, tmp_path / "out" / "sub")  # a link planted in the output folder
    r = run("normalize", "in", "-o", "out")
    assert r.code == EXIT_FAILED
    assert "would lie outside out" in r.err
    assert list(outside.iterdir()) == []
    assert (tmp_path / "out/b.txt").read_text() == "women"


def test_dotdot_and_absolute_inputs_stay_inside_the_output_folder(run, tmp_path, monkeypatch):
    write("deep/er/a.txt", "womyn")
    write("deep/b.txt", "womyn")
    monkeypatch.chdir(tmp_path / "deep" / "er")
    r = run("normalize", "../b.txt", str(tmp_path / "deep/er/a.txt"), "-o", str(tmp_path / "out"))
    assert r.code == EXIT_OK, r.err
    got = sorted(str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert got == ["b.txt", "er/a.txt"]


@pytest.mark.parametrize("args", [
    ("a.txt", "-o", "a.txt"),
    ("a.txt", "-o", "."),
    (".", "-o", "."),
    ("a.txt", "-o", "link.txt"),
    ("a.txt", "-o", "out.txt", "--changes", "a.txt"),
    ("a.txt", "--in-place", "--changes", "a.txt"),
])
def test_refuses_to_write_onto_an_input(run, tmp_path, args):
    write("a.txt", TEXT)
    os.symlink("a.txt", tmp_path / "link.txt")
    r = run("normalize", *args)
    assert r.code == EXIT_USAGE
    assert "refusing to write" in r.err
    assert (tmp_path / "a.txt").read_text() == TEXT


def test_in_place_rewrites_atomically_and_keeps_the_mode(run, tmp_path):
    a = write("a.txt", TEXT)
    a.chmod(0o640)
    r = run("normalize", "--in-place", "a.txt")
    assert (r.code, r.out) == (EXIT_OK, b"")
    assert a.read_text() == NORMALIZED
    assert stat.S_IMODE(a.stat().st_mode) == 0o640
    assert not (tmp_path / "a.txt.orig").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]  # no temporary file left


def test_in_place_with_backup_and_unchanged_files_left_alone(run, tmp_path):
    write("arc/a.txt", TEXT)
    same = write("arc/same.txt", "nothing to change\n")
    os.utime(same, (1_000_000_000, 1_000_000_000))
    r = run("normalize", "--in-place", "--backup", ".orig", "arc")
    assert r.code == EXIT_OK
    assert (tmp_path / "arc/a.txt").read_text() == NORMALIZED
    assert (tmp_path / "arc/a.txt.orig").read_text() == TEXT
    assert same.stat().st_mtime == 1_000_000_000
    assert not (tmp_path / "arc/same.txt.orig").exists()


def test_mark_inline_and_tei_on_text(run):
    r = run("normalize", "--mark", "inline", input="Wimmin & Amerika <3\n")
    assert r.text == "Wimmin[Women] & Amerika[America] <3\n"
    r = run("normalize", "--mark", "tei", input="Wimmin & Amerika <3\n")
    assert r.text == ("<choice><orig>Wimmin</orig><reg>Women</reg></choice> &amp; "
                      "<choice><orig>Amerika</orig><reg>America</reg></choice> &lt;3\n")


def test_mark_on_html_keeps_markup_and_entities(run):
    write("p.html", '<p title="womyn">womyn &amp; co</p>')
    assert run("normalize", "--mark", "inline", "p.html").text == '<p title="womyn">womyn[women] &amp; co</p>'
    r = run("normalize", "--mark", "tei", "p.html")
    assert r.text == '<p title="womyn"><choice><orig>womyn</orig><reg>women</reg></choice> &amp; co</p>'


def test_mark_on_jsonl_edits_the_value_only(run):
    write("c.jsonl", '{"text": "womyn", "n": 1.50}\n')
    r = run("normalize", "--mark", "tei", "c.jsonl")
    assert json.loads(r.text) == {"text": "<choice><orig>womyn</orig><reg>women</reg></choice>", "n": 1.5}
    assert r.text.endswith('"n": 1.50}\n')


def test_changes_file_has_every_field_and_offsets_into_the_decoded_original(run, tmp_path):
    data = b"\xef\xbb\xbfWimmin\r\n\xff the u.$. and \"Amerikkka\" is spelled so\r\n"
    write("a.txt", data)
    r = run("normalize", "a.txt", "-o", "out.txt", "--changes", "changes.jsonl")
    assert r.code == EXIT_OK
    recs = [json.loads(line) for line in (tmp_path / "changes.jsonl").read_text().splitlines()]
    decoded = data[3:].decode("utf-8", "surrogateescape")
    # normspell restore's keys (output, out_start, ...) follow the fixed ones.
    assert [list(rec) for rec in recs][0][:13] == ["file", "line", "column", "start", "end", "original",
                                                   "replacement", "standard", "category", "rule",
                                                   "confidence", "reason", "kind"]
    for rec in recs:
        assert decoded[rec["start"]:rec["end"]] == rec["original"]
        assert rec["file"] == "a.txt"
    assert [(x["original"], x["line"], x["column"], x["kind"]) for x in recs] == [
        ("Wimmin", 1, 1, "variant"), ("u.$.", 2, 7, "variant"), ("Amerikkka", 2, 17, "mention")]
    assert recs[0]["replacement"] == "Women" and recs[0]["standard"] == "women"
    assert recs[0]["category"] == "gender" and recs[0]["rule"].startswith("mim:")
    assert 0 < recs[0]["confidence"] <= 1 and recs[0]["reason"]


def test_changes_to_stdout_when_the_text_goes_to_a_folder(run, tmp_path):
    write("arc/a.txt", "womyn")
    r = run("normalize", "arc", "-o", "out", "--changes", "-")
    assert r.code == EXIT_OK
    assert json.loads(r.text)["original"] == "womyn"
    assert (tmp_path / "out/a.txt").read_text() == "women"


def test_changes_of_jsonl_cover_the_raw_json_text(run, tmp_path):
    line = '{"id": 1, "text": "w\\u006fmyn and I$rael"}\n'
    write("c.jsonl", '{"id": 0}\n' + line)
    r = run("normalize", "c.jsonl", "-o", "o.jsonl", "--changes", "ch.jsonl")
    assert r.code == EXIT_OK
    whole = (tmp_path / "c.jsonl").read_text()
    recs = [json.loads(x) for x in (tmp_path / "ch.jsonl").read_text().splitlines()]
    assert [whole[x["start"]:x["end"]] for x in recs] == ["w\\u006fmyn", "I$rael"]
    assert [(x["original"], x["line"], x["column"]) for x in recs] == [("womyn", 2, 20), ("I$rael", 2, 35)]
    assert (tmp_path / "o.jsonl").read_text() == '{"id": 0}\n{"id": 1, "text": "w\\u006fmen and Israel"}\n'


def test_lexicon_options(run, tmp_path):
    write("house.toml", 'format = 1\n[lexicon]\nname = "house"\n'
          '[[entry]]\nvariants = ["folx"]\nstandard = "folks"\ncategory = "people"\n')
    r = run("normalize", "--lexicon", "house.toml", input="folx of Amerika")
    assert r.text == "folks of Amerika"
    r = run("normalize", "--lexicon", "mim", "--lexicon", "house.toml", input="folx of Amerika")
    assert r.text == "folks of America"
    assert run("normalize", "--only", "place", input="womyn of Amerika").text == "womyn of America"
    assert run("normalize", "--skip", "place", input="womyn of Amerika").text == "women of Amerika"
    assert run("normalize", "--skip", "place", "--skip", "gender", input="womyn of Amerika").text == \
        "womyn of Amerika"
    # An undecided singular/plural choice has confidence 0.6.
    assert run("normalize", "--min-confidence", "0.7", input="womyn of Amerika").text == "womyn of America"


def test_encodings_bom_and_line_ends_round_trip(run, tmp_path):
    write("l1.txt", "Amerika caf\xe9\r\n".encode("latin-1"))
    r = run("normalize", "--encoding", "latin-1", "l1.txt")
    assert r.out == "America caf\xe9\r\n".encode("latin-1")
    write("u16.txt", "\ufeffwomyn\r\nof Amerika\n".encode("utf-16-le"))
    r = run("normalize", "--encoding", "utf-16", "u16.txt")
    assert r.out == "\ufeffwomen\r\nof America\n".encode("utf-16-le")
    r = run("normalize", input=b"\xef\xbb\xbfwomyn\r\n\xff\xfe Amerika\r\n")
    assert r.out == b"\xef\xbb\xbfwomen\r\n\xff\xfe America\r\n"


def test_html_changes_only_text_nodes(run):
    doc = ('<!DOCTYPE html><html><head><title>Amerika</title><style>.womyn{}</style>'
           '<script>var u = "u.$.";</script></head>\n<body class="womyn">'
           '<!-- womyn --><a href="/amerika" title=\'Amerika\'>womyn &amp; Amerika&#39;s</a>'
           '<textarea>womyn</textarea></body></html>\n')
    write("p.html", doc)
    r = run("normalize", "p.html")
    expected = (doc.replace("<title>Amerika", "<title>America").replace(">womyn &amp; Amerika", ">women &amp; America")
                .replace("<textarea>womyn", "<textarea>women"))
    assert r.text == expected
    assert r.text.count("womyn") == 3 and '"u.$."' in r.text  # style, class, comment


def test_broken_html_never_corrupts_markup(run):
    write("broken.html", '<p>womyn <b class="x>Amerika</b> <!-- u.$.')
    r = run("normalize", "broken.html")
    assert r.code == EXIT_OK
    assert r.text == '<p>women <b class="x>Amerika</b> <!-- u.$.'


def test_format_option_overrides_the_extension(run):
    write("p.html", '<a title="Amerika">Amerika</a>')
    assert run("normalize", "--format", "text", "p.html").text == '<a title="America">America</a>'
    write("p.txt", '<a title="Amerika">Amerika</a>')
    assert run("normalize", "--format", "html", "p.txt").text == '<a title="Amerika">America</a>'
    write("c.txt", '{"text": "womyn", "womyn": 1}\n')
    assert run("normalize", "--format", "jsonl", "c.txt").text == '{"text": "women", "womyn": 1}\n'


def test_jsonl_field_and_untouched_records(run):
    data = ('{"body": "womyn", "text": "Amerika"}\r\n\n{"body": 5}\n{"other": "womyn"}\n'
            '{"body": "I$rael \\u00e9", "n": 1e3}')
    write("c.ndjson", data)
    r = run("normalize", "--field", "body", "c.ndjson")
    assert r.code == EXIT_OK
    assert r.text == data.replace('"womyn", "text"', '"women", "text"').replace("I$rael", "Israel")


def test_malformed_json_line_fails_the_file_naming_the_line(run, tmp_path):
    write("bad.jsonl", '{"text": "womyn"}\n{"text": "womyn"\n')
    write("good.txt", "womyn")
    r = run("normalize", "bad.jsonl", "good.txt", "-o", "out")
    assert r.code == EXIT_FAILED
    assert "bad.jsonl:2: not a JSON object" in r.err and "Traceback" not in r.err
    assert not (tmp_path / "out/bad.jsonl").exists()  # no half-converted file
    assert (tmp_path / "out/good.txt").read_text() == "women"
    assert "1 failed" in r.err


class _FillingDisk:
    """A file whose third write stores a few bytes and then fails: the disk is full."""

    def __init__(self, fh):
        self.fh, self.writes = fh, 0

    def write(self, data):
        self.writes += 1
        if self.writes == 3:
            self.fh.write(data[:10])
            raise OSError(errno.ENOSPC, "No space left on device")
        return self.fh.write(data)


def test_a_failure_mid_write_keeps_the_old_output_and_leaves_no_temp_file(tmp_path, monkeypatch):
    from normspell.cli import _engine

    monkeypatch.chdir(tmp_path)
    write("a.txt", "womyn " * 5000)
    old = write("out/a.txt", "old output")
    real_atomic_write = _engine.atomic_write

    @contextlib.contextmanager
    def filling(path, **kwargs):
        with real_atomic_write(path, **kwargs) as fh:
            yield _FillingDisk(fh)

    monkeypatch.setattr(_engine, "atomic_write", filling)
    r = invoke("normalize", "a.txt", "-o", "out/", "--chunk-size", "1000")
    assert r.code == EXIT_FAILED
    assert "out/a.txt: cannot write: No space left on device" in r.err
    assert old.read_text() == "old output"
    assert os.listdir(tmp_path / "out") == ["a.txt"]


def test_an_interrupt_mid_write_keeps_the_old_file(tmp_path, monkeypatch):
    from normspell.cli import _per_format

    monkeypatch.chdir(tmp_path)
    a = write("a.txt", "womyn " * 5000)

    def interrupted(self, s):
        self._write(b"partial")
        raise KeyboardInterrupt

    monkeypatch.setattr(_per_format.Sink, "text", interrupted)
    r = invoke("normalize", "--in-place", "--backup", ".bak", "a.txt")
    assert r.code == 1 and "Aborted" in r.err
    assert a.read_text() == "womyn " * 5000
    assert os.listdir(tmp_path) == ["a.txt"]


def test_html_references_are_read_as_a_browser_shows_them(run):
    # Quotes, apostrophes and dashes written as references still make mentions and
    # protected names; a $ written as &#36; is still a variant; what a change keeps
    # of the markup is its own business (the space of united&nbsp;$nakes becomes
    # the standard's).
    kept = ('<p>MIM uses the spelling &quot;Amerikkka&quot; on purpose.</p>\n'
            '<p>We write &ldquo;womyn&rdquo; instead of women.</p>\n'
            '<p>Maoist Internationalist Party &mdash; Amerika</p>\n'
            '<p>the Michigan Womyn&#39;s Music Festival</p>\n')
    changed = '<p>The I&#36;raeli army, the u.&#x24;. and united&nbsp;$nakes; Amerika&rsquo;s womyn.</p>\n'
    write("p.html", kept + changed)
    r = run("normalize", "p.html")
    assert r.code == EXIT_OK
    assert r.text == kept + '<p>The Israeli army, the U.S. and United States; America&rsquo;s women.</p>\n'
    r = run("detect", "--json", "p.html")
    found = [json.loads(line) for line in r.text.splitlines()]
    assert [(f["original"], f["kind"]) for f in found if f["kind"] == "mention"] == [
        ("Amerikkka", "mention"), ("womyn", "mention")]
    variants = [f for f in found if f["kind"] == "variant"]
    assert [f["original"] for f in variants] == ["I&#36;raeli", "u.&#x24;.", "united&nbsp;$nakes", "Amerika", "womyn"]
    text = kept + changed
    assert all(text[f["start"]:f["end"]] == f["original"] for f in found)
