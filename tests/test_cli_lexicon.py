"""``normspell lexicon list | show | validate``."""

import json
from pathlib import Path

import pytest
from test_cli import runner_for

from normspell.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from normspell.lexicon import available_lexicons, load_lexicon

GOOD = 'format = 1\n[lexicon]\nname = "house"\n[[entry]]\nvariants = ["folx"]\nstandard = "folks"\ncategory = "people"\n'
BAD = 'format = 1\n[[entry]]\nvariants = ["folx"]\nstandard = "folks"\n'


@pytest.fixture(params=["runner", "script"])
def run(request, tmp_path, monkeypatch):
    """Each test runs twice: through CliRunner and as the installed script."""
    return runner_for(request.param, tmp_path, monkeypatch)


def test_list_gives_each_bundled_lexicon_with_its_entry_count(run):
    r = run("lexicon", "list")
    assert r.code == EXIT_OK
    rows = [line.split("\t") for line in r.text.splitlines()]
    assert [row[0] for row in rows] == list(available_lexicons())
    mim = dict((row[0], row) for row in rows)["mim"]
    assert mim[1] == f"{len(load_lexicon('mim').entries)} entries"


def test_list_as_json(run):
    rows = [json.loads(line) for line in run("lexicon", "list", "--json").text.splitlines()]
    mim = next(row for row in rows if row["name"] == "mim")
    assert mim["entries"] == len(load_lexicon("mim").entries) and "place" in mim["categories"]


def test_show_lists_entries_and_protected_phrases(run, tmp_path):
    r = run("lexicon", "show", "mim")
    assert r.code == EXIT_OK
    assert r.text.startswith("mim ")
    assert "womyn: womyn → singular: woman | plural: women (by number, default plural) [gender]" in r.text
    assert "protect: New Afrika\n" in r.text
    Path("house.toml").write_text(GOOD)
    assert "folx: folx → folks [people]" in run("lexicon", "show", "house.toml").text


def test_show_an_unknown_lexicon_is_a_usage_error(run):
    r = run("lexicon", "show", "nosuch")
    assert r.code == EXIT_USAGE and "no bundled lexicon 'nosuch'" in r.err and "mim" in r.err


def test_validate_reports_file_and_line_and_exits_1(run):
    Path("good.toml").write_text(GOOD)
    Path("bad.toml").write_text(BAD)
    r = run("lexicon", "validate", "good.toml", "bad.toml", "missing.toml")
    assert r.code == EXIT_FAILED
    assert r.text == "good.toml: ok: 1 entry, 0 protected phrases\n"
    assert "error: bad.toml:2: entry has no `category`" in r.err
    assert "error: missing.toml: cannot read: No such file or directory" in r.err
    assert "Traceback" not in r.err


def test_validate_accepts_the_bundled_lexicon_files(run):
    path = load_lexicon("mim").path
    r = run("lexicon", "validate", path)
    assert r.code == EXIT_OK and r.text.startswith(f"{path}: ok:")
