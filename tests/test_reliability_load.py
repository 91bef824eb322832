"""Load and concurrency, scaled down: memory stays bounded, many files all come out, threads agree.

Full-size figures (a 2 GB file, 10,000 files, a 1M-entry lexicon) come from
``python benchmarks/bench_reliability.py``; these tests run the same helpers small.
"""

import random
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from test_cli import SCRIPT

from normspell import Normalizer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import corpus  # noqa: E402
from bench_reliability import measure, write_big_file, write_small_files  # noqa: E402

needs_script = pytest.mark.skipif(not SCRIPT.exists(), reason="the normspell script is not installed beside this Python")


@pytest.mark.slow
@needs_script
def test_a_50_mb_file_streams_in_memory_far_below_its_size(tmp_path):
    big = tmp_path / "big.txt"
    gold = write_big_file(big, 50_000_000)
    (tmp_path / "small.txt").write_text("The womyn of Amerikkka.\n")
    base = measure("baseline", [str(SCRIPT), "normalize", "small.txt", "-o", "small.out"], cwd=str(tmp_path))
    m = measure("50 MB", [str(SCRIPT), "normalize", "big.txt", "-o", "big.out", "--chunk-size", "64KiB"],
                cwd=str(tmp_path))
    assert base.code == m.code == 0, m.detail
    # Measured: about 5 MiB above the baseline (the stream keeps a few chunks and their changes).
    assert m.peak_mib - base.peak_mib < 40, (base, m)
    assert (tmp_path / "big.out").read_bytes() == gold.read_bytes()


@pytest.mark.slow
@needs_script
def test_2000_small_files_all_come_out_in_bounded_memory(tmp_path):
    write_small_files(tmp_path / "arc", 2000)
    m = measure("2000 files", [str(SCRIPT), "normalize", "arc", "-o", "out"], cwd=str(tmp_path))
    assert m.code == 0, m.detail
    assert m.peak_mib < 400, m
    n = Normalizer.from_lexicons(["mim"])
    inputs = sorted((tmp_path / "arc").rglob("*.txt"))
    assert len(inputs) == 2000 and sorted(p.name for p in (tmp_path / "out").iterdir())[0] == "d00"
    for path in inputs:
        out = tmp_path / "out" / path.relative_to(tmp_path / "arc")
        assert out.read_text() == n.normalize(path.read_text()).text


def test_one_normalizer_from_8_threads_equals_sequential_use_over_the_corpus():
    c = corpus.generate(1_500_000, seed=7)
    paragraphs = c.text.split("\n\n")
    n = Normalizer.from_lexicons(["mim"])
    assert n.normalize(c.text).text == c.gold
    sequential = [n.normalize(p) for p in paragraphs]
    order = list(range(len(paragraphs)))
    random.Random(3).shuffle(order)

    def work(i: int):
        # Interleave the three entry points, so threads share every cache of the normalizer.
        kind = i % 3
        if kind == 0:
            return i, n.normalize(paragraphs[i])
        if kind == 1:
            return i, n.detect(paragraphs[i])
        pieces = list(n.normalize_stream([paragraphs[i][j:j + 97] for j in range(0, len(paragraphs[i]), 97)]))
        return i, "".join(p.text for p in pieces)

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(work, order, chunksize=16))
    assert len(results) == len(paragraphs) > 1000
    for i, got in results:
        want = sequential[i]
        if i % 3 == 0:
            assert got == want
        elif i % 3 == 1:
            assert got == tuple(sorted((*want.changes, *want.mentions), key=lambda c: c.start))
        else:
            assert got == want.text
