"""Chunked normalization equals whole-text normalization."""

import random

from normspell import Normalizer

N = Normalizer.from_lexicons(["mim"])
WORDS = ["womyn", "are", "a", "united", "$tates", "of", "Amerikkka", "New", "Afrikan", "the",
         "Maoist", "Internationalist", "Party", "-", "Amerika", "$5", "u.$.", "persynal", "Kafka"]


def _text(rng, n):
    return "".join(rng.choice(WORDS) + rng.choice([" ", "\n", "  "]) for _ in range(n))


def test_random_chunkings_give_the_whole_text_result():
    rng = random.Random(3)
    for _ in range(20):
        text = _text(rng, rng.randint(200, 900))
        whole = N.normalize(text)
        cuts = sorted(rng.sample(range(1, len(text)), 30))
        chunks = [text[a:b] for a, b in zip([0] + cuts, cuts + [len(text)])]
        pieces = list(N.normalize_stream(chunks))
        assert "".join(p.source for p in pieces) == text
        assert "".join(p.text for p in pieces) == whole.text
        assert sum(len(p.changes) for p in pieces) == len(whole.changes)


def test_variant_split_across_a_chunk_boundary_is_found():
    filler = "word " * 300
    text = filler + "united $nakes of\nAmer" + "ikkka " + filler
    chunks = [text[:len(filler) + 12], text[len(filler) + 12:]]
    out = "".join(p.text for p in N.normalize_stream(chunks))
    assert "United States of America" in out


def test_empty_input_yields_one_empty_piece():
    assert [p.text for p in N.normalize_stream([])] == [""]


def test_url_check_reads_a_bounded_stretch_even_without_spaces():
    text = "see example.org/" + "x" * 1000 + "?womyn " + "filler " * 200
    chunks = [text[i:i + 100] for i in range(0, len(text), 100)]
    assert "".join(p.text for p in N.normalize_stream(chunks)) == N.normalize(text).text
