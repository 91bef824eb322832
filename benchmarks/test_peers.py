"""Checks for the peer implementations on tiny texts (run: pytest benchmarks -q)."""

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus  # noqa: E402
import peers  # noqa: E402

PAIRS = [("Amerika", "America"), ("Amerikans", "Americans"), ("u.$.", "U.S."),
         ("U$", "US"), ("U$A", "USA"), ("I$rael", "Israel"), ("wimmin", "women"),
         ("united $tates", "United States"), ("Bu$h", "Bush")]

TEXT = ("In Amerika, the u.$. and I$rael; U$A and U$ troops.\n"
        "Euro-Amerikans' wimmin and AMERIKA's u.$.-backed Bu$h united $tates.\n"
        "Money: $5, US$ 300 million, $3-$5 and US$3,750. xI$rael U$Ax u.$. u.$.\n")
# No case transfer: every match becomes the standard form as given.
EXPECTED = ("In America, the U.S. and Israel; USA and US troops.\n"
            "Euro-Americans' women and America's U.S.-backed Bush United States.\n"
            "Money: $5, US$ 300 million, $3-$5 and US$3,750. xI$rael U$Ax U.S. U.S.\n")
EXPECTED_N = 13

WRAPPED = "the united\n$tates and Amerika\n"


def _run(peer, text=TEXT, pairs=PAIRS):
    res = peer(text, pairs)
    if res is None:
        pytest.skip(f"{peer.__name__} unavailable")
    return res


@pytest.mark.parametrize("name", sorted(peers.PEERS))
def test_peer_on_tiny_text(name):
    out, n = _run(peers.PEERS[name])
    assert out == EXPECTED
    assert n == EXPECTED_N


def test_naive_matches_across_line_breaks():
    out, n = peers.naive_resub(WRAPPED, PAIRS)
    assert out == "the United States and America\n" and n == 2


@pytest.mark.parametrize("name", ["flashtext_replace", "sed_replace"])
def test_line_based_peers_miss_wrapped_multiword(name):
    out, n = _run(peers.PEERS[name], WRAPPED)
    assert out == "the united\n$tates and America\n" and n == 1


def test_flashtext_present():
    pytest.importorskip("flashtext")
    out, n = peers.flashtext_replace("Amerika", [("Amerika", "America")], count=False)
    assert out == "America" and n is None


def test_sed_escapes_replacement():
    out, n = _run(peers.sed_replace, "a Amerika b\n", [("Amerika", "A&B/C\\D")])
    assert out == "a A&B/C\\D b\n" and n == 1


def test_peers_agree_on_corpus_without_line_breaks():
    # Joined into one line, multiword forms never cross a line break, so all peers see
    # the same matches.  Pairs that differ only in case are deduplicated: flashtext keeps
    # the last such keyword, the others apply the first.
    text = corpus.generate(60_000, seed=9).text.replace("\n", " ")
    seen, pairs = set(), []
    for v, s in corpus.PAIRS:
        if v.lower() not in seen:
            seen.add(v.lower())
            pairs.append((v, s))
    ref, n = peers.naive_resub(text, pairs)
    assert n > 50
    for name in ("flashtext_replace", "sed_replace"):
        res = peers.PEERS[name](text, pairs)
        if res is None:
            continue
        assert res == (ref, n), name
