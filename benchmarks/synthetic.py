"""Synthetic lexicons: many plausible made-up entries, to measure how speed scales with size.

Each entry respells a made-up word the way archives respell real ones: ``$`` for ``s``
(``bor$tel``), ``k`` or ``kkk`` for ``c`` (``kandrel``, ``kkkandrel``) or ``yn`` for
``an``/``en``/``on`` (``morlyn``). Words are built from English-like syllables, so the
matcher sees realistic letters, but none of them, nor any form they generate, is a word
of the benchmark corpus, a form of the bundled ``mim`` lexicon, or contains one of its
open stems: composed after ``mim``, a synthetic lexicon must leave the normalization of
the corpus exactly as it was (``bench.py`` checks that against the gold).

    >>> text = synthetic_toml(3, seed=1)
    >>> text.count("[[entry]]")
    3
    >>> import normspell, tempfile, os
    >>> with tempfile.TemporaryDirectory() as d:
    ...     path = os.path.join(d, "syn.toml")
    ...     with open(path, "w", encoding="utf-8") as f:
    ...         _ = f.write(synthetic_toml(50, seed=2))
    ...     n = normspell.Normalizer.from_lexicons(["mim", path])
    ...     n.normalize("Wimmin of Amerika").text
    'Women of America'

CLI::

    python benchmarks/synthetic.py 2376 -o synthetic.toml
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

__all__ = ["synthetic_entries", "synthetic_toml", "write_synthetic", "main"]

_ONSETS = ("b", "br", "d", "dr", "f", "fl", "g", "gr", "h", "l", "m", "n", "p", "pr", "r",
           "s", "st", "t", "tr", "v", "w", "c", "cr", "cl", "sh", "th")
_VOWELS = ("a", "e", "i", "o", "u", "ai", "ea", "ou")
_CODAS = ("", "", "n", "r", "l", "s", "st", "nd", "rt", "m", "ck", "ss", "nt")
_SUFFIXES = ("", "", "el", "ish", "er", "on", "an", "en", "ity", "ard")
_CATEGORIES = ("place", "name", "gender", "k-for-c", "other")


def _word(rng: random.Random) -> str:
    syllables = rng.choice((2, 2, 3))
    w = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                for _ in range(syllables))
    return w + rng.choice(_SUFFIXES)


def _respell(word: str, rng: random.Random) -> str | None:
    """A deliberate spelling of ``word``, or None if it has nothing to respell."""
    ways = []
    if "s" in word:
        ways.append(lambda w: w.replace("s", "$", 1))
    if "c" in word:
        ways.append(lambda w: w.replace("c", rng.choice(("k", "k", "kkk")), 1))
    for pat in ("an", "en", "on"):
        if pat in word:
            ways.append(lambda w, p=pat: w.replace(p, "yn", 1))
    return rng.choice(ways)(word) if ways else None


def _taken() -> tuple[set[str], tuple[str, ...]]:
    """Words the synthetic forms must avoid, and the open stems they must not contain."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import corpus

    from normspell import load_lexicon
    from normspell.lexicon import expand_forms

    words = set(corpus.VOCABULARY) | {w.lower() for f in corpus.STANDARD_FORMS for w in f.split()}
    stems = []
    for e in load_lexicon("mim").entries:
        for form, _choice, std, is_open in expand_forms(e):
            words.update((form.lower(), std.lower()))
            if is_open or e.compounds:
                stems.append(form.lower())
    return words, tuple(stems)


def synthetic_entries(n: int, seed: int = 0) -> list[dict]:
    """``n`` entries as dicts (``id``, ``variants``, ``standard``, ``category``, ``endings``)."""
    rng = random.Random(seed)
    taken, stems = _taken()
    vocab = sorted(taken)
    seen: set[str] = set()
    out: list[dict] = []
    while len(out) < n:
        std = _word(rng)
        if std in seen or std in taken or any(s in std for s in stems):
            continue
        variants = []
        for _ in range(rng.choice((1, 1, 2, 3))):
            v = _respell(std, rng)
            if v and v not in variants and v not in taken and v not in seen and v != std:
                variants.append(v)
        if not variants:
            continue
        r = rng.random()
        endings = [""] if r < 0.6 else (["", "s"] if r < 0.9 else ["*"])
        forms = {v + e for v in variants for e in endings if e != "*"} | {std + e for e in endings if e != "*"}
        if forms & (taken | seen):
            continue
        # An open stem ("*") must not start any corpus word, or it would rewrite it.
        if endings == ["*"] and any(w.startswith(v) for v in variants for w in vocab):
            continue
        seen.update(forms | set(variants) | {std})
        if rng.random() < 0.3:  # proper nouns: the standard carries the capital
            std = std.capitalize()
        out.append({"id": f"syn-{len(out)}", "variants": variants, "standard": std,
                    "category": rng.choice(_CATEGORIES), "endings": endings})
    return out


def synthetic_toml(n: int, seed: int = 0, name: str = "synthetic") -> str:
    """A format-1 lexicon with ``n`` synthetic entries, as TOML text."""
    lines = ["format = 1", "", "[lexicon]", f'name = "{name}"',
             f'description = "{n} made-up entries for scaling benchmarks (seed {seed})"', ""]
    for e in synthetic_entries(n, seed):
        lines += ["[[entry]]", f'id = "{e["id"]}"',
                  f"variants = {json.dumps(e['variants'])}",  # JSON string arrays are TOML
                  f'standard = "{e["standard"]}"', f'category = "{e["category"]}"',
                  f"endings = {json.dumps(e['endings'])}", ""]
    return "\n".join(lines)


def write_synthetic(path: str | Path, n: int, seed: int = 0) -> Path:
    """Write :func:`synthetic_toml` to ``path`` and return it."""
    path = Path(path)
    path.write_text(synthetic_toml(n, seed), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of entries")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("-o", "--output", default="-", help="TOML file ('-' = stdout)")
    args = ap.parse_args(argv)
    text = synthetic_toml(args.n, args.seed)
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
