"""Checks for the benchmark command and its answer checks (run: pytest benchmarks -q)."""

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402
import corpus  # noqa: E402
import methods  # noqa: E402
import peers  # noqa: E402
import synthetic  # noqa: E402

normspell = pytest.importorskip("normspell")


@pytest.fixture(scope="module")
def small():
    return corpus.generate(150_000, seed=7)


def test_peer_expected_counts_are_what_peers_do(small):
    # The counts bench.py holds peers to come from the corpus records alone; here the
    # peers themselves confirm them.
    pairs = methods.peer_pairs()
    assert peers.naive_resub(small.text, pairs)[1] == methods.peer_expected(small, pairs, line_based=False)
    line = methods.peer_expected(small, pairs, line_based=True)
    assert line < methods.peer_expected(small, pairs, line_based=False)  # wrapped multiword forms
    for peer in (peers.flashtext_replace, peers.sed_replace):
        res = peer(small.text, pairs)
        if res is not None:
            assert res[1] == line, peer.__name__


def test_synthetic_lexicon_keeps_the_gold(small, tmp_path):
    path = synthetic.write_synthetic(tmp_path / "syn.toml", 400, seed=3)
    n = normspell.Normalizer.from_lexicons(["mim", str(path)])
    assert n.normalize(small.text).text == small.gold
    entries = synthetic.synthetic_entries(400, seed=3)
    assert len(entries) == 400 and len({e["standard"].lower() for e in entries}) == 400
    # Every entry really is a respelling the normalizer applies.
    e = entries[0]
    assert n.normalize(f"the {e['variants'][0]} here").text == f"the {e['standard']} here"


def test_same_bytes_names_the_difference(tmp_path):
    p = tmp_path / "out"
    p.write_bytes(b"abcXef")
    assert methods.same_bytes(b"abcXef")(str(p)) is None
    assert "byte 3" in methods.same_bytes(b"abcdef")(str(p))


def test_wrong_answers_are_reported_not_timed(tmp_path):
    def fast_and_wrong(dst):
        open(dst, "wb").close()
        return 1
    m = methods.Method("x", "x", fast_and_wrong, 10, expected_count=2)
    res = bench._time_rounds([m], 2, str(tmp_path))["x"]
    assert res["wrong"] == "1 changes, expected 2" and len(res["times"]) == 1
    assert bench._mbps(m, res) is None


def test_quick_run(capsys):
    code = bench.main(["--size", "60KB", "--rounds", "1", "--memory-size", "200KB",
                       "--skip", "naive,spacy,spacy+normspell,lexicon-100x,startup"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "WRONG" not in out
    assert "normspell.normalize (library)" in out and "Targets (issue 6)" in out
    for line in ("library >= 0.4x the floor", "CLI --jobs 2 on 100 files"):
        assert line in out
    # floor, --jobs 2 and memory are measured here; flashtext and sed when installed
    present = sum(peer("a\n", [("a", "b")]) is not None for peer in (peers.flashtext_replace, peers.sed_replace))
    assert out.count("PASS") + out.count("MISS") >= 3 + present
