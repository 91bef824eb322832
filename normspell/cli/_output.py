"""What a command tells people on stderr: progress, warnings, errors and the summary.

stdout carries results only. ``--quiet`` silences progress, warnings and the
summary; errors are always reported, since exit code 1 alone would not say which
file failed.

>>> from normspell.cli._engine import Report
>>> t = Tally("normalize")
>>> t.add(Report("a.txt", size=2048, categories=(("place", 2), ("gender", 1))))
>>> t.add(Report("b.bin", "skipped", size=10))
>>> t.summary(0.5)
'normspell: 2 files, 2.1 kB in 0.5 s: 3 changes (gender 1, place 2); 1 skipped, 0 failed'
"""

from __future__ import annotations

import sys
import time
from collections import Counter

import click

from normspell.cli._engine import Report

__all__ = ["Progress", "Tally", "human_size", "stderr_is_terminal"]


def human_size(n: int) -> str:
    """Bytes in decimal units, as ``ls -h --si`` would: ``1.5 MB``.

    >>> human_size(999), human_size(1_500_000)
    ('999 B', '1.5 MB')
    """
    size = float(n)
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    raise AssertionError("unreachable")  # pragma: no cover


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def stderr_is_terminal() -> bool:
    """Whether a person watches stderr (tests replace this to see the bar)."""
    return sys.stderr.isatty()


class Tally:
    """Counts what happened to each file and says it at the end."""

    def __init__(self, mode: str, *, quiet: bool = False) -> None:
        self.mode, self.quiet = mode, quiet
        self.files = self.size = self.mentions = 0
        self.resumed = 0  # files a previous run finished (--resume)
        self.status: Counter[str] = Counter()
        self.categories: Counter[str] = Counter()

    def error(self, message: str) -> None:
        """An input that could not be processed (never silenced)."""
        self.status["failed"] += 1
        click.echo(f"error: {message}", err=True)

    def warn(self, message: str) -> None:
        """Something the user should know that fails nothing (silenced by --quiet)."""
        if not self.quiet:
            click.echo(f"warning: {message}", err=True)

    def add(self, report: Report) -> None:
        self.files += 1
        self.size += report.size
        if report.status == "failed":
            self.files -= 1  # error() counts it
            self.error(report.message)
            return
        self.status[report.status] += 1
        if report.status == "skipped":
            self.warn(report.message)
        self.categories.update(dict(report.categories))
        self.mentions += report.mentions

    @property
    def failed(self) -> int:
        return self.status["failed"]

    @property
    def found(self) -> int:
        """Variants found (mentions not counted)."""
        return sum(self.categories.values())

    def summary(self, seconds: float) -> str:
        found = _count(self.found, "change" if self.mode == "normalize" else "variant")
        if self.mode != "normalize":
            found += " found"
        by = ", ".join(f"{k} {v}" for k, v in sorted(self.categories.items()))
        parts = [f"normspell: {_count(self.files + self.failed + self.resumed, 'file')}, {human_size(self.size)}"
                 f" in {seconds:.1f} s: {found}" + (f" ({by})" if by else "")]
        if self.mentions:
            parts.append(f", {_count(self.mentions, 'mention')} kept")
        parts.append(f"; {self.status['skipped']} skipped, {self.failed} failed")
        if self.resumed:
            parts.append(f", {self.resumed} done before (--resume)")
        return "".join(parts)

    def finish(self, started: float) -> None:
        if not self.quiet:
            click.echo(self.summary(time.monotonic() - started), err=True)


class Progress:
    """A progress bar over files and bytes, on stderr when it is a terminal."""

    def __init__(self, files: int, size: int, *, enabled: bool) -> None:
        self.files, self.size, self.done, self.read = files, size, 0, 0
        self.started = time.monotonic()
        self.bar = None
        if enabled:
            self.bar = click.progressbar(length=max(size, 1), file=sys.stderr, label="normspell",
                                         show_eta=True, item_show_func=lambda s: s)

    def __enter__(self) -> Progress:
        if self.bar is not None:
            self.bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)

    def advance(self, report: Report) -> None:
        self.done += 1
        self.read += report.size
        if self.bar is not None:
            rate = self.read / max(time.monotonic() - self.started, 1e-6)
            label = (f"{self.done}/{self.files} files, {human_size(self.read)} of {human_size(self.size)},"
                     f" {human_size(int(rate))}/s")
            self.bar.update(report.size, label)
