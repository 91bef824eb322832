"""The fuzz harness (tests/fuzz/fuzz_normspell.py): its seeds, a hypothesis pass, and a bounded atheris run.

The slow test runs libFuzzer through atheris for ``FUZZ_SECONDS`` (the suite's share
of fuzzing; README says how to run it for hours). Without atheris the same harness
runs under hypothesis, in batches, for as long. A crash found by fuzzing becomes a
test here, or a strict xfail next to the core function it pins.
"""

import importlib.util
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

HARNESS = Path(__file__).resolve().parent / "fuzz" / "fuzz_normspell.py"
FUZZ_SECONDS = 25
sys.path.insert(0, str(HARNESS.parent))
import fuzz_normspell  # noqa: E402

_INPUTS = st.one_of(
    st.binary(max_size=400),
    st.tuples(st.integers(0, 3), st.text(max_size=200)).map(lambda t: bytes([t[0]]) + t[1].encode("utf-8", "replace")),
    st.sampled_from(list(fuzz_normspell.seeds().values())).flatmap(
        lambda seed: st.tuples(st.integers(1, max(len(seed) - 1, 1)), st.binary(max_size=8)).map(
            lambda cut: seed[:cut[0]] + cut[1] + seed[cut[0] + len(cut[1]):])),  # a seed with a few bytes overwritten
)


@pytest.mark.parametrize("name", sorted(fuzz_normspell.seeds()))
def test_every_seed_passes_the_harness(name):
    fuzz_normspell.TestOneInput(fuzz_normspell.seeds()[name])


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(_INPUTS)
def test_the_harness_under_hypothesis(data):
    fuzz_normspell.TestOneInput(data)


def _corpus(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name, data in fuzz_normspell.seeds().items():
        (seeds / name).write_bytes(data)
    return seeds


@pytest.mark.slow
def test_a_bounded_fuzzing_run_finds_no_crash(tmp_path):
    if importlib.util.find_spec("atheris") is None:
        print(f"hypothesis (no atheris): {_hypothesis_fuzz(FUZZ_SECONDS)} inputs in {FUZZ_SECONDS} s")
        return
    seeds = _corpus(tmp_path)
    (tmp_path / "corpus").mkdir()
    p = subprocess.run([sys.executable, str(HARNESS), f"-max_total_time={FUZZ_SECONDS}", "-timeout=20",
                        "-rss_limit_mb=3072", "-print_final_stats=1", str(tmp_path / "corpus"), str(seeds)],
                       cwd=tmp_path, capture_output=True, text=True, timeout=FUZZ_SECONDS + 120)
    crashes = sorted(p.name for p in tmp_path.glob("crash-*")) + sorted(p.name for p in tmp_path.glob("timeout-*"))
    assert p.returncode == 0 and not crashes, f"{crashes}\n{p.stderr[-4000:]}"
    runs = int(re.search(r"stat::number_of_executed_units: (\d+)", p.stderr).group(1))
    print(f"atheris: {runs} inputs in {FUZZ_SECONDS} s")
    assert runs > 100


def _hypothesis_fuzz(seconds: float) -> int:
    """The fallback without atheris: batches of hypothesis inputs through the harness until time is up."""
    deadline, batches = time.monotonic() + seconds, 0
    while time.monotonic() < deadline:
        @seed(batches)
        @settings(max_examples=200, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(_INPUTS)
        def batch(data):
            fuzz_normspell.TestOneInput(data)

        batch()
        batches += 1
    return batches * 200
