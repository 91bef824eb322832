"""normalize --discover-min-confidence: unlisted spellings normalized, marked as discovered."""

import json

import pytest
from click.testing import CliRunner

from normspell.cli import cli

pytest.importorskip("wordfreq")

TEXT = "The folx wrote of the Afrikanz and KKKalifornia. folx again, Afrikanz again. Koncentration.\n"


def test_discovered_spellings_are_normalized_with_their_rule_and_confidence(tmp_path):
    src = tmp_path / "b.txt"
    src.write_text(TEXT)
    out, changes = tmp_path / "out.txt", tmp_path / "changes.jsonl"
    r = CliRunner().invoke(cli, ["normalize", str(src), "-o", str(out), "--changes", str(changes),
                                 "--discover-min-confidence", "0.3"])
    assert r.exit_code == 0, r.stderr
    assert out.read_text() == ("The folks wrote of the Africans and California. folks again, Africans again. "
                               "Concentration.\n")
    records = [json.loads(line) for line in changes.read_text().splitlines()]
    found = {c["original"]: c for c in records}
    assert found["KKKalifornia"]["rule"].startswith("discovered:") and found["KKKalifornia"]["confidence"] >= 0.3
    assert found["Koncentration"]["rule"] == "mim:koncentration"


def test_a_high_threshold_leaves_unlisted_spellings_alone(tmp_path):
    src = tmp_path / "b.txt"
    src.write_text(TEXT)
    r = CliRunner().invoke(cli, ["normalize", str(src), "-o", str(tmp_path / "o.txt"),
                                 "--discover-min-confidence", "0.99"])
    assert r.exit_code == 0
    assert (tmp_path / "o.txt").read_text().startswith("The folx wrote of the Afrikanz and KKKalifornia.")


def test_stdin_is_a_usage_error():
    r = CliRunner().invoke(cli, ["normalize", "--discover-min-confidence", "0.5"], input="folx")
    assert r.exit_code == 2 and "not stdin" in r.stderr
