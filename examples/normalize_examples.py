"""Normalize the example archive with the library and show what changed.

Run: python examples/normalize_examples.py
"""

from pathlib import Path

import normspell

HERE = Path(__file__).parent / "archive"

normalizer = normspell.Normalizer.from_lexicons(["mim"])
for path in sorted(HERE.glob("*.txt")):
    result = normalizer.normalize(path.read_text(encoding="utf-8"))
    print(f"== {path.name}: {len(result.changes)} changes, {len(result.mentions)} mentions kept")
    print(result.explain())
    print()
