"""Index build time, index size and query latency of ``normspell index`` / ``search``.

Splits an archive-style corpus (``python benchmarks/corpus.py --size 100MB -o
/tmp/c100.txt``) into files of ``--file-size`` bytes at paragraph breaks, as an
archive would hold it, indexes them with :class:`normspell.index.Index`, re-runs
the update to time an unchanged archive, and times each query two ways on a warm
index: in this process (``Index.search``, 10 hits with snippets; median and
slowest of ``--repeat`` runs), and as people run it, a new ``normspell search``
process each time (wall clock of the whole process: Python's start, imports,
the query and its output; median and slowest of ``--process-repeat`` runs). The
processes cache their bytecode (in ``--work``) as an installed package has it,
even where ``PYTHONDONTWRITEBYTECODE`` is set; ``--no-bytecode-cache`` times them
compiling normspell's modules on every start instead. The ``by`` column says
whether the query was normalized from the index's query map or needed the
lexicons compiled.

    python benchmarks/bench_search.py /tmp/c100.txt --work /tmp/bench-search

Not a timed test: the figures go to the README and the issue.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from normspell import querystore  # noqa: E402
from normspell.index import Index  # noqa: E402

QUERIES = [
    "women", "America", "Israel", "United States", "women prisoners", "women of America",
    "person", "humanity", "U.S.", "Canada", "Africa", "history", "concentration camps",
    "wimmin", "Amerikkka", "I$rael", '"united states" imperialism', "persynal", "state",
    "prisoners of the state", "Columbus", "the",
    # multiword variants: from the map too
    "united $tates", "United Snakes of Amerikkka", "koncentration kamps", "wimmin of the united  $tates",
    # a number cue beside a spelling that chooses (woman or women): the map scores it; a mention: the core
    "these womyn", "a womyn", "the word womyn",
]


def split(corpus: Path, folder: Path, file_size: int) -> list[str]:
    """Cut the corpus into files of about ``file_size`` bytes at blank lines."""
    folder.mkdir(parents=True, exist_ok=True)
    text = corpus.read_text(encoding="utf-8")
    paths, pos, k = [], 0, 0
    while pos < len(text):
        cut = text.find("\n\n", pos + file_size)
        end = len(text) if cut < 0 else cut + 2
        year = 1984 + k % 40  # dates in the names, as archive files carry them
        path = folder / f"{year}" / f"page-{k:05d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text[pos:end], encoding="utf-8")
        paths.append(str(path))
        pos, k = end, k + 1
    return paths


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("corpus", type=Path)
    p.add_argument("--work", type=Path, default=Path("/tmp/bench-search"))
    p.add_argument("--file-size", type=int, default=100_000)
    p.add_argument("--repeat", type=int, default=5, help="in-process runs per query")
    p.add_argument("--process-repeat", type=int, default=10, help="normspell search processes per query")
    p.add_argument("--no-bytecode-cache", action="store_true", help="let the processes compile normspell each time")
    args = p.parse_args(argv)
    files_dir, db = args.work / "archive", args.work / "archive.sqlite"
    if db.exists():
        db.unlink()
    paths = split(args.corpus, files_dir, args.file_size)
    size = sum(os.path.getsize(x) for x in paths)
    print(f"archive: {len(paths)} files, {size / 1e6:.1f} MB")
    with Index(db) as index:
        t = time.perf_counter()
        report = index.update(paths)
        build = time.perf_counter() - t
        print(f"index build: {build:.1f} s ({size / 1e6 / build:.2f} MB/s), {report.added} files added, "
              f"{len(report.failed)} failed")
        t = time.perf_counter()
        index.update(paths)
        print(f"re-index, nothing changed: {time.perf_counter() - t:.2f} s")
    print(f"index size: {db.stat().st_size / 1e6:.1f} MB ({db.stat().st_size / size:.2f} x the text)")
    script = Path(sys.executable).with_name("normspell")
    if not script.exists():
        print(f"no normspell script beside {sys.executable}: only in-process figures")
    env = dict(os.environ)
    if not args.no_bytecode_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(args.work / "pycache")
    if script.exists():  # fills the bytecode cache
        subprocess.run([str(script), "search", "women", "--db", str(db)], capture_output=True, check=False, env=env)
    with Index(db) as index:
        index.search("women")  # warm the page cache
        qm, why = querystore.load(index.db, index.lexicons)
        if why:
            print(f"query map not usable: {why}")
        inner, outer, outer_medians = [], [], []
        print(f"{'query':36} {'hits':>4} {'by':>4} | in process: {'median':>6} {'max':>6} ms"
              f" | new process: {'median':>6} {'max':>6} ms")
        for q in QUERIES:
            parts = re.split(r'"([^"]*)"', q)
            by = "map" if qm and all(querystore.normalize(index.db, qm, x) is not None for x in parts) else "core"
            runs = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                hits = index.search(q)
                runs.append((time.perf_counter() - t) * 1000)
            walls = []
            for _ in range(args.process_repeat if script.exists() else 0):
                t = time.perf_counter()
                subprocess.run([str(script), "search", q, "--db", str(db)], capture_output=True, check=False, env=env)
                walls.append((time.perf_counter() - t) * 1000)
            inner.append(statistics.median(runs))
            outer.extend(walls)
            if walls:
                outer_medians.append(statistics.median(walls))
            shown = f"{statistics.median(walls):>6.0f} {max(walls):>6.0f}" if walls else f"{'-':>6} {'-':>6}"
            print(f"{q:36} {len(hits):>4} {by:>4} | in process: {statistics.median(runs):>6.1f} {max(runs):>6.1f} ms"
                  f" | new process: {shown} ms")
    print(f"in process, median over {len(QUERIES)} queries: {statistics.median(inner):.1f} ms; "
          f"slowest query: {max(inner):.1f} ms")
    if outer:
        print(f"normspell search as a command (a new process each time), {len(outer)} runs: median "
              f"{statistics.median(outer):.0f} ms; slowest query {max(outer_medians):.0f} ms at the median; "
              f"slowest run {max(outer):.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
