"""The shared dev set: every passage exact, no change-free passage damaged."""

import importlib.util
from pathlib import Path

import normspell

DATA = Path(__file__).parent / "data"
_spec = importlib.util.spec_from_file_location("score_passages", DATA / "score_passages.py")
score = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score)


def test_every_dev_passage_is_exact():
    passages = list(score.passages(DATA / "dev-set.txt"))
    assert len(passages) >= 40
    wrong = []
    for passage in passages:
        original, gold = score.parse(passage)
        got = normspell.normalize(original).text
        if got != gold:
            wrong.append((original, gold, got))
    assert wrong == []


def test_scorer_through_the_cli_reaches_full_f1(tmp_path):
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, str(DATA / "score_passages.py"), str(DATA / "dev-set.txt"),
         "--cmd", f"{sys.executable} -m normspell normalize -", "--min-f1", "1.0"],
        capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "exact passages" in out.stdout and out.stdout.strip().endswith("F1 1.000")
