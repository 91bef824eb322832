"""The timed jobs of ``bench.py``: one whole job per method, file in, file out.

Every method reads the benchmark file, does its work and writes its result, so the
floor (Python's own read + decode + encode + write) and every other row measure the
same job; MB/s is always bytes of input over seconds. A method is a :class:`Method`:
``run(dst)`` does the job once and returns the number of changes it made (``None`` when
it cannot say), and ``expected_count`` / ``expected_output`` say what a right answer
is (``None``: not checkable). ``bench.py`` compares after every round, so a fast wrong
answer is reported as WRONG instead of a speed.

How the answers are checked (see also README, "Speed"):

* normspell (library, CLI, 2 processes, larger lexicons, spaCy component): the output
  must equal the corpus gold byte for byte, and the change count must equal the gold's.
* Peers (naive ``re.sub``, flashtext, GNU sed) transfer no case and know no protected
  phrase or URL, so they cannot produce the gold. Each is held to its own exact count,
  computed from the corpus records, never by running a peer: every gold change whose
  variant is one of the peer pairs (all but the context-dependent ``womyn``), plus every
  pair form inside a recorded protected phrase or URL (which a peer rewrites and
  normspell must not), minus, for the line-based flashtext and sed, the multiword
  variants that the corpus wrapped across a line break.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import corpus as corpus_mod
import peers

__all__ = ["Method", "peer_pairs", "peer_expected", "core_methods", "spacy_methods"]


@dataclass
class Method:
    """One row of the table: a job to time and what its right answer is."""

    key: str
    label: str
    run: Callable[[str], int | None]
    size: int                              # bytes of input one run processes
    expected_count: int | None = None
    expected_output: Callable[[str], str | None] | None = None  # dst -> None or what differs
    note: str = ""
    skipped: str = ""                      # why the method cannot run here


def installed_env(pycache: str) -> dict[str, str]:
    """The environment for a ``normspell`` subprocess that caches its bytecode (in
    ``pycache``) as an installed package has it, even where ``PYTHONDONTWRITEBYTECODE``
    is set: otherwise every run would compile the package's source anew."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = pycache
    return env


def _read(src: str) -> str:
    with open(src, "rb") as f:
        return f.read().decode("utf-8")


def _write(dst: str, text: str) -> None:
    with open(dst, "wb") as f:
        f.write(text.encode("utf-8"))


def same_bytes(expected: bytes) -> Callable[[str], str | None]:
    """A check that the output file holds exactly ``expected``; says where it first differs."""
    def check(dst: str) -> str | None:
        got = Path(dst).read_bytes()
        if got == expected:
            return None
        i = next((k for k, (a, b) in enumerate(zip(got, expected)) if a != b), min(len(got), len(expected)))
        return (f"output differs from the gold at byte {i:,}: got {got[max(0, i - 20):i + 20]!r}, "
                f"expected {expected[max(0, i - 20):i + 20]!r}")
    return check


def peer_pairs() -> list[tuple[str, str]]:
    """corpus.PAIRS without pairs that differ only in case (peers match case-insensitively)."""
    seen, pairs = set(), []
    for v, s in corpus_mod.PAIRS:
        if v.lower() not in seen:
            seen.add(v.lower())
            pairs.append((v, s))
    return pairs


def peer_expected(c: corpus_mod.Corpus, pairs: list[tuple[str, str]], *, line_based: bool) -> int:
    """The exact number of replacements a peer with ``pairs`` must make on ``c``.

    Computed from the corpus records (see the module docstring), not by running a peer.
    """
    forms = {" ".join(v.lower().split()) for v, _ in pairs}
    n = 0
    for s, e, _std in c.changes:
        found = c.text[s:e]
        if " ".join(found.lower().split()) in forms and not (line_based and "\n" in found):
            n += 1
    # Peers rewrite pair forms inside protected phrases and URLs; their boundary rule
    # needs no context beyond the kept span (a space or punctuation surrounds it).
    alternatives = sorted((peers._pattern(v) for v, _ in pairs), key=len, reverse=True)
    rx = re.compile("|".join(alternatives), re.IGNORECASE)
    n += sum(len(rx.findall(c.text[s:e])) for s, e, kind in c.keep if kind in ("protected", "url"))
    return n


def core_methods(src: str, c: corpus_mod.Corpus, gold: bytes, lexicons: tuple[str, ...] = ("mim",)) -> list[Method]:
    """Floor, library, CLI and the three peers on ``src`` (whose text is ``c.text``)."""
    import normspell

    size = Path(src).stat().st_size
    normspell.normalize("Amerikkka", lexicons)  # compile outside the timed runs

    def floor(dst: str) -> None:
        _write(dst, _read(src))

    def library(dst: str) -> int:
        r = normspell.normalize(_read(src), lexicons)
        _write(dst, r.text)
        return len(r.changes)

    streaming = normspell.Normalizer.from_lexicons(lexicons)
    streaming.normalize("Amerikkka")

    def stream(dst: str) -> int:
        # The same text in 1 MB pieces, as the CLI reads files: small strings and short
        # lists of hits keep memory (and the garbage collector's work) small.
        text, step, n = _read(src), 1 << 20, 0
        with open(dst, "wb") as f:
            for piece in streaming.normalize_stream(text[i:i + step] for i in range(0, len(text), step)):
                n += len(piece.changes)
                f.write(piece.text.encode("utf-8"))
        return n

    env = installed_env(os.path.join(os.path.dirname(os.path.abspath(src)), "pycache"))

    def cli(dst: str) -> None:
        subprocess.run([sys.executable, "-m", "normspell", "normalize", src, "-o", dst, "-q"], check=True, env=env)

    pairs = peer_pairs()
    naive_n = peer_expected(c, pairs, line_based=False)
    line_n = peer_expected(c, pairs, line_based=True)

    def naive(dst: str) -> int:
        out, n = peers.naive_resub(_read(src), pairs)
        _write(dst, out)
        return n

    def flashtext(dst: str) -> int:
        out, n = peers.flashtext_replace(_read(src), pairs, count=False)
        _write(dst, out)
        return n

    def sed(dst: str) -> int:
        out, n = peers.sed_replace(_read(src), pairs)
        _write(dst, out)
        return n

    # What a peer writes where the gold has another case (AMERIKA -> America, not AMERICA).
    standard_of = {" ".join(v.lower().split()): s for v, s in pairs}
    wrong_case = sum(1 for s, e, std in c.changes
                     if standard_of.get(" ".join(c.text[s:e].lower().split()), std) != std)
    peer_note = (f"{len(pairs)} pairs; no case transfer ({wrong_case:,} wrong-case), "
                 "rewrites protected phrases and URLs")
    methods = [
        Method("floor", "Python read+decode+encode+write (floor)", floor, size,
               expected_output=same_bytes(c.text.encode("utf-8")), note="output = input"),
        Method("library", "normspell.normalize (library)", library, size, c.expected_changes,
               same_bytes(gold), note="output = gold"),
        Method("library-stream", "Normalizer.normalize_stream, 1 MB pieces", stream, size,
               c.expected_changes, same_bytes(gold), note="output = gold"),
        Method("cli", "normspell normalize FILE -o OUT (CLI)", cli, size, None, same_bytes(gold),
               note="output = gold; subprocess, start-up included"),
        Method("naive", "naive: one re.sub per pair", naive, size, naive_n, None, note=peer_note),
        Method("flashtext", "flashtext replace_keywords", flashtext, size, line_n, None,
               note=peer_note + "; count from a second, untimed pass"),
        Method("sed", "GNU sed -E, one s///gI per pair", sed, size, line_n, None, note=peer_note),
    ]
    flash, sed_ = methods[5], methods[6]
    if peers.flashtext_replace("x", []) is None:
        flash.skipped = "flashtext not installed (pip install 'normspell[bench]')"
    else:
        # flashtext counts in a second pass (extract_keywords), which is not timed: the
        # timed run must write what this counted run wrote.
        out, n = peers.flashtext_replace(c.text, pairs, count=True)
        flash.run = _counted(flashtext, n)
        flash.expected_output = same_bytes(out.encode("utf-8"))
    if peers._sed_binary() is None:
        sed_.skipped = "GNU sed not found"
    return methods


def _counted(run: Callable[[str], int | None], n: int) -> Callable[[str], int]:
    def counted(dst: str) -> int:
        run(dst)
        return n
    return counted


def spacy_methods(src: str, c: corpus_mod.Corpus, gold: bytes) -> list[Method]:
    """``spacy.blank("en")`` alone and with the normspell component, a Doc per paragraph."""
    size = Path(src).stat().st_size
    try:
        import spacy
    except ImportError:
        return [Method(k, label, lambda dst: None, size, skipped="spaCy not installed")
                for k, label in (("spacy", "spacy.blank('en') tokenizer"),
                                 ("spacy+normspell", "spacy.blank('en') + normspell component"))]
    blank = spacy.blank("en")
    nlp = spacy.blank("en")
    nlp.add_pipe("normspell", first=True)  # as bench_spacy.py does

    def tokenize(dst: str) -> None:
        # Paragraphs are the documents, as archives are usually fed to spaCy.
        tokens = sum(len(d) for d in blank.pipe(_read(src).split("\n\n"), batch_size=256))
        _write(dst, str(tokens))

    def component(dst: str) -> int:
        n, parts = 0, []
        for doc in nlp.pipe(_read(src).split("\n\n"), batch_size=256):
            n += len(doc._.normspell_changes)
            parts.append(doc._.normspell_text)
        _write(dst, "\n\n".join(parts))
        return n

    for nl in (blank, nlp):  # warm the vocabularies
        list(nl.pipe(c.text[:200_000].split("\n\n")))
    return [Method("spacy", "spacy.blank('en') tokenizer", tokenize, size,
                   note="tokens only: nothing to count"),
            Method("spacy+normspell", "spacy.blank('en') + normspell component", component, size,
                   c.expected_changes, same_bytes(gold), note="doc._.normspell_text joined = gold")]
