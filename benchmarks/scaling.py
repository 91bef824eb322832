"""The scaling part of ``bench.py``: larger lexicons, two processes, many files, memory, start-up.

* Lexicon growth: the library row again with ``mim`` plus a synthetic lexicon of
  ``mim``'s entry count × (factor − 1) made-up entries (``synthetic.py``); the output
  must still equal the gold.
* Two processes: the benchmark file cut at the blank line nearest its middle, each half
  normalized by one worker of a process pool (pool start-up included), the parts joined.
* ``normspell normalize DIR -o OUT --jobs N`` on the file cut into 100 files at blank lines.
* Peak memory of the CLI on a file made of copies of the benchmark file (1 GB for the
  default 50 MB), read as the child's maximum resident set size.
* Start-up: ``import normspell`` (less a bare interpreter start), ``normspell --help`` and
  a first ``normspell.normalize`` in a new process (bytecode cached, as installed).
"""

from __future__ import annotations

import math
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import corpus as corpus_mod
from methods import Method, _read, _write, installed_env, same_bytes
from synthetic import write_synthetic

__all__ = ["lexicon_methods", "process_methods", "memory_peak", "startup_times"]


def lexicon_methods(src: str, c: corpus_mod.Corpus, gold: bytes, workdir: str,
                    factors: tuple[int, ...] = (10, 100)) -> list[Method]:
    """The library row with the lexicon grown ``factors`` times by synthetic entries."""
    import normspell

    base = len(normspell.load_lexicon("mim").entries)
    size = Path(src).stat().st_size
    out = []
    for f in factors:
        path = write_synthetic(os.path.join(workdir, f"synthetic-{f}x.toml"), base * (f - 1), seed=f)
        lexicons = ("mim", str(path))
        t0 = time.perf_counter()
        normspell.normalize("Amerikkka", lexicons)  # compile (cached) outside the timed runs
        compiled = time.perf_counter() - t0
        normspell.normalize(c.text[:1_000_000], lexicons)  # and the expressions compiled when first needed

        def run(dst: str, lexicons: tuple[str, ...] = lexicons) -> int:
            r = normspell.normalize(_read(src), lexicons)
            _write(dst, r.text)
            return len(r.changes)

        out.append(Method(f"lexicon-{f}x", f"library, lexicon {f}x ({base * f:,} entries)", run, size,
                          c.expected_changes, same_bytes(gold),
                          note=f"output = gold; compiled in {compiled:.2f} s"))
    return out


def _paragraph_cut(src: str, near: int) -> int:
    """The offset just after the first blank line at or after ``near``."""
    with open(src, "rb") as f:
        f.seek(near)
        block = f.read(1 << 20)
    i = block.find(b"\n\n")
    return near + i + 2 if i >= 0 else near


def _half(job: tuple[str, int, int, str]) -> int:
    import normspell

    src, start, end, part = job
    with open(src, "rb") as f:
        f.seek(start)
        text = f.read(end - start).decode("utf-8")
    r = normspell.normalize(text)
    _write(part, r.text)
    return len(r.changes)


def process_methods(src: str, c: corpus_mod.Corpus, gold: bytes, workdir: str, files: int = 100) -> list[Method]:
    """Two worker processes over one file, and the CLI's ``--jobs 1``/``--jobs 2`` over many."""
    size = Path(src).stat().st_size
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)

    def two(dst: str) -> int:
        cut = _paragraph_cut(src, size // 2)
        parts = [dst + ".0", dst + ".1"]
        with ctx.Pool(2) as pool:
            n = sum(pool.map(_half, [(src, 0, cut, parts[0]), (src, cut, size, parts[1])]))
        with open(dst, "wb") as out:
            for p in parts:
                with open(p, "rb") as f:
                    shutil.copyfileobj(f, out, 1 << 20)
                os.unlink(p)
        return n

    folder, pieces = _split_files(c, workdir, files)

    def jobs(n: int) -> Callable[[str], None]:
        def run(dst: str) -> None:
            shutil.rmtree(dst, ignore_errors=True)
            cmd = [sys.executable, "-m", "normspell", "normalize", folder, "-o", dst, "-q", "--jobs", str(n)]
            subprocess.run(cmd, check=True, env=installed_env(os.path.join(workdir, "pycache")))
        return run

    def check_files(dst: str) -> str | None:
        for name, expected in pieces:
            if Path(dst, name).read_bytes() != expected:
                return f"{name} differs from its gold"
        return None

    return [Method("processes-2", "library, 2 processes over 2 chunks", two, size, c.expected_changes,
                   same_bytes(gold), note="output = gold; pool start-up included"),
            Method("cli-jobs-1", f"CLI on {files} files, --jobs 1", jobs(1), size, None, check_files,
                   note="every output = its gold"),
            Method("cli-jobs-2", f"CLI on {files} files, --jobs 2", jobs(2), size, None, check_files,
                   note="every output = its gold")]


def _split_files(c: corpus_mod.Corpus, workdir: str, files: int) -> tuple[str, list[tuple[str, bytes]]]:
    """Cut the text into ``files`` files at blank lines; return the folder and each file's gold."""
    folder = os.path.join(workdir, "files")
    os.makedirs(folder, exist_ok=True)
    text, changes = c.text, c.changes
    cuts, step = [0], max(1, len(text) // files)
    for k in range(1, files):
        i = text.find("\n\n", max(k * step, cuts[-1]))
        if i < 0:
            break
        cuts.append(i + 2)
    cuts.append(len(text))
    pieces, shift, j = [], 0, 0
    gold_start = 0
    for k in range(len(cuts) - 1):
        # Gold offsets move by what the changes before a cut added or removed.
        while j < len(changes) and changes[j][1] <= cuts[k + 1]:
            s, e, std = changes[j]
            shift += len(std) - (e - s)
            j += 1
        gold_end = cuts[k + 1] + shift
        name = f"part-{k:03d}.txt"
        _write(os.path.join(folder, name), text[cuts[k]:cuts[k + 1]])
        pieces.append((name, c.gold[gold_start:gold_end].encode("utf-8")))
        gold_start = gold_end
    return folder, pieces


_PEAK = ("import resource, subprocess, sys\n"
         "subprocess.run(sys.argv[1:], check=True)\n"
         "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")


def memory_peak(src: str, gold: bytes, workdir: str, target_size: int) -> tuple[float, float, int, str | None]:
    """Run the CLI once on copies of ``src`` totalling ``target_size`` bytes.

    Returns (peak resident MB of the CLI process, seconds, bytes, None or what is wrong).
    Copies are separated by a blank line, so the gold is the gold's copies likewise.
    """
    unit_in = Path(src).read_bytes() + b"\n"
    unit_gold = gold + b"\n"
    copies = max(1, math.ceil(target_size / len(unit_in)))
    big, out = os.path.join(workdir, "big.txt"), os.path.join(workdir, "big.out.txt")
    with open(big, "wb") as f:
        for _ in range(copies):
            f.write(unit_in)
    cmd = [sys.executable, "-m", "normspell", "normalize", big, "-o", out, "-q"]
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _PEAK, *cmd], capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - t0
    peak_mb = int(proc.stdout.split()[-1]) * 1024 / 1e6  # ru_maxrss is in KiB on Linux
    wrong = None
    with open(out, "rb") as f:
        for k in range(copies):
            if f.read(len(unit_gold)) != unit_gold:
                wrong = f"copy {k} differs from the gold"
                break
        else:
            if f.read(1):
                wrong = "output longer than the gold"
    size = copies * len(unit_in)
    os.unlink(big)
    os.unlink(out)
    return peak_mb, seconds, size, wrong


def startup_times(rounds: int, pycache: str | None = None) -> dict[str, float]:
    """Median seconds of new processes: a bare interpreter, ``import normspell`` (net),
    ``normspell --help`` and a first normalize (import, load and compile ``mim``, one
    short text: what every CLI command, worker process or context-dependent search
    query pays before its work).

    With ``pycache`` the processes cache their bytecode there, as an installed
    package has it, even where ``PYTHONDONTWRITEBYTECODE`` is set.
    """
    script = Path(sys.executable).with_name("normspell")
    helpcmd = [str(script), "--help"] if script.exists() else [sys.executable, "-m", "normspell", "--help"]
    cmds = {"python": [sys.executable, "-c", "pass"],
            "import": [sys.executable, "-c", "import normspell"],
            "help": helpcmd,
            "first": [sys.executable, "-c", "import normspell; normspell.normalize('united $tates')"]}
    env = dict(os.environ)
    if pycache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = pycache
        for cmd in cmds.values():  # fills the cache
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
    times: dict[str, list[float]] = {k: [] for k in cmds}
    for _ in range(max(rounds, 5)):
        for k, cmd in cmds.items():
            t0 = time.perf_counter()
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
            times[k].append(time.perf_counter() - t0)
    med = {k: statistics.median(v) for k, v in times.items()}
    check = "import sys, normspell; print(sorted(m for m in ('spacy', 'dask', 'datasets') if m in sys.modules))"
    heavy = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True,
                           env=env).stdout.strip()
    return {"import": med["import"] - med["python"], "help": med["help"], "python": med["python"],
            "first": med["first"], "heavy": heavy}
