"""Load figures for the reliability guarantees: huge lexicons, many files, one huge file.

Each measurement runs in a child process and reads its peak resident memory with
``os.wait4`` (the child's own ``ru_maxrss``), so nothing else in this process counts.

- ``lexicon``: a generated lexicon of N ``[[entry]]`` tables is parsed, compiled into a
  ``Normalizer`` and used once; time and peak memory of each step.
- ``files``: ``normspell normalize DIR -o OUT`` over N small generated archive files.
- ``big``: ``normspell normalize BIG.txt -o OUT.txt`` on one generated file of SIZE,
  streamed in ``--chunk-size`` pieces: memory must stay far below the file size.

    python benchmarks/bench_reliability.py                     # full size: 1M entries, 10,000 files, 2 GB
    python benchmarks/bench_reliability.py --entries 100000 --files 2000 --size 50MB

The test suite (tests/test_reliability_load.py, tests/test_reliability_lexicons.py)
runs the same helpers scaled down.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

__all__ = ["Measure", "huge_lexicon", "main", "measure", "write_big_file", "write_small_files"]

_LETTERS = "abdefghijlmnoprtuvw"  # no c, k, s, y: generated forms never look like mim variants


@dataclass(frozen=True)
class Measure:
    """One child process: what ran, how long, its peak memory (MiB) and exit code."""

    what: str
    seconds: float
    peak_mib: float
    code: int
    detail: str = ""


def _word(i: int) -> str:
    w = ""
    while True:
        w += _LETTERS[i % len(_LETTERS)]
        i //= len(_LETTERS)
        if not i:
            return w


def huge_lexicon(n: int, first: int = 0, name: str = "huge") -> str:
    """A format-1 lexicon of ``n`` entries ``q<w>k`` → ``q<w>c`` (none a variant of another),
    numbered from ``first`` (so several of them compose without clashes)."""
    parts = ["format = 1", "", "[lexicon]", f'name = "{name}"', f'description = "{n} generated entries"', ""]
    for i in range(first, first + n):
        w = _word(i)
        parts.append(f'[[entry]]\nvariants = ["q{w}k"]\nstandard = "q{w}c"\ncategory = "c{i % 7}"\n')
    return "\n".join(parts)


def write_small_files(folder: Path, n: int, seed: int = 0) -> int:
    """``n`` archive files of 1-3 kB in 100 subfolders; returns the bytes written."""
    text = corpus.generate(200_000, seed=seed).text
    total = 0
    for i in range(n):
        start = (i * 7919) % (len(text) - 3000)
        body = text[start:start + 1000 + (i % 3) * 1000]
        path = folder / f"d{i % 100:02}" / f"f{i:05}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        total += path.write_bytes(body.encode())
    return total


def write_big_file(path: Path, size: int, seed: int = 0) -> Path:
    """``size`` bytes of generated archive text (a 4 MB block repeated), and beside it
    ``PATH.gold``, what normalizing it must give (the block's normalization repeated)."""
    from normspell import normalize

    block = corpus.generate(4_000_000, seed=seed).text
    block = block[:block.rfind("\n\n") + 2]  # whole paragraphs: no context crosses a block's end
    gold = Path(str(path) + ".gold")
    normalized = normalize(block).text
    with open(path, "wb") as out, open(gold, "wb") as ok:
        written = 0
        while written < size:
            text, norm = block, normalized
            if size - written < len(block):  # the last block: whole paragraphs up to the size
                text = block[:max(block.rfind("\n\n", 0, size - written) + 2, 2)]
                norm = normalize(text).text
            written += out.write(text.encode())
            ok.write(norm.encode())
    return gold


# A child's peak RSS includes the memory of the process it was forked from (Linux keeps the
# high-water mark across fork and exec), so a small wrapper forks the command and reports
# the command's own figure: accurate to the wrapper's ~10 MiB, whatever size this process is.
_WRAP = """
import os, sys
pid = os.fork()
if pid == 0:
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    os.execvp(sys.argv[1], sys.argv[1:])
_pid, status, usage = os.wait4(pid, 0)
print(usage.ru_maxrss)
sys.exit(os.waitstatus_to_exitcode(status) & 0xFF)
"""


def measure(what: str, argv: list[str], cwd: str | None = None) -> Measure:
    """Run ``argv`` and return its time and peak RSS (its own, from ``wait4``)."""
    started = time.perf_counter()
    p = subprocess.run([sys.executable, "-c", _WRAP, *argv], cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    peak = int(p.stdout.split()[-1]) / 1024 if p.stdout.split() else 0.0
    return Measure(what, round(seconds, 2), round(peak, 1), p.returncode, p.stderr.strip()[-300:])


_LOAD = """
import resource, sys, time
from normspell.lexicon_file import parse_lexicon
from normspell import Lexicon, Normalizer
t0 = time.perf_counter()
lexicons = [parse_lexicon(open(path, "rb").read(), path) for path in sys.argv[1:]]
t1 = time.perf_counter()
rss_parse = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
n = Normalizer(Lexicon.compose(lexicons)); t2 = time.perf_counter()
assert n.normalize("a qak here").text == "a qac here"
print(f"parse {t1 - t0:.1f} s ({rss_parse:.0f} MiB), compile {t2 - t1:.1f} s", file=sys.stderr)
"""
_PER_FILE = 500_000  # entries per file: 1M [[entry]] tables (71 MB) exceed the 64 MiB limit for one file


def bench_lexicon(entries: int, folder: Path) -> Measure:
    paths, size = [], 0
    for k, first in enumerate(range(0, entries, _PER_FILE)):
        path = folder / f"huge{k}.toml"
        size += path.write_text(huge_lexicon(min(_PER_FILE, entries - first), first, f"huge{k}"))
        paths.append(str(path))
    m = measure(f"lexicon of {entries:,} entries ({size / 1e6:.0f} MB in {len(paths)} files)",
                [sys.executable, "-c", _LOAD, *paths])
    for path in paths:
        os.unlink(path)
    return m


def _script() -> str:
    return str(Path(sys.executable).with_name("normspell"))


def bench_files(n: int, folder: Path, jobs: int) -> Measure:
    size = write_small_files(folder / "arc", n)
    m = measure(f"{n:,} small files ({size / 1e6:.1f} MB), --jobs {jobs}",
                [_script(), "normalize", "arc", "-o", "out", "--jobs", str(jobs), "-q"], cwd=str(folder))
    done = sum(1 for _ in (folder / "out").rglob("*.txt"))
    return Measure(m.what, m.seconds, m.peak_mib, m.code, f"{done} outputs; {m.detail}")


def bench_big(size: int, folder: Path, chunk: str) -> Measure:
    big = folder / "big.txt"
    gold = write_big_file(big, size)
    m = measure(f"one {size / 1e9:.2f} GB file, --chunk-size {chunk}",
                [_script(), "normalize", str(big), "-o", str(folder / "big.out"), "--chunk-size", chunk, "-q"])
    same = subprocess.run(["cmp", "-s", str(gold), str(folder / "big.out")]).returncode == 0
    return Measure(m.what, m.seconds, m.peak_mib, m.code, f"output equals the gold: {same}; "
                   f"{size / 1e6 / m.seconds:.1f} MB/s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--entries", type=int, default=1_000_000, help="lexicon entries (0: skip)")
    ap.add_argument("--files", type=int, default=10_000, help="small files (0: skip)")
    ap.add_argument("--jobs", type=int, default=0, help="--jobs for the small files (0: one per core)")
    ap.add_argument("--size", default="2GB", help="size of the big file (0: skip)")
    ap.add_argument("--chunk-size", default="1MiB")
    ap.add_argument("--json", action="store_true", help="print the measures as JSON")
    args = ap.parse_args(argv)
    size = corpus.parse_size(args.size)
    results = []
    with tempfile.TemporaryDirectory(prefix="normspell-bench-") as tmp:
        if args.entries:
            results.append(bench_lexicon(args.entries, Path(tmp)))
        if args.files:
            results.append(bench_files(args.files, Path(tmp), args.jobs))
        if size:
            results.append(bench_big(size, Path(tmp), args.chunk_size))
    for r in results:
        if args.json:
            print(json.dumps(asdict(r)))
        else:
            print(f"{r.what:55} {r.seconds:8.1f} s {r.peak_mib:8.0f} MiB peak  exit {r.code}  {r.detail}")
    return 0 if all(r.code == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
