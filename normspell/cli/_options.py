"""Options shared by ``normalize`` and ``detect``, and turning them into a Normalizer.

Both commands read the same inputs with the same lexicons, so the options are
declared once here and applied with :func:`input_options`; the values arrive in
the command as keyword arguments and :func:`build_normalizer` compiles them.

>>> from normspell.cli._options import parse_size
>>> parse_size("64KiB"), parse_size("1MB"), parse_size("4096")
(65536, 1000000, 4096)
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Any

import click

from normspell.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from normspell.errors import NormspellError
from normspell.formats.textio import check_encoding
from normspell.normalize import Normalizer

__all__ = ["EXIT_HELP", "FORMATS", "build_normalizer", "input_options", "parse_size", "default_jobs"]

FORMATS = ("auto", "text", "html", "jsonl")
# Shown at the end of every command's --help, built from the constants tests check.
EXIT_HELP = (f"Exit codes: {EXIT_OK} ok; {EXIT_FAILED} some input failed"
             f" (or --check found variants); {EXIT_USAGE} usage error.")
DEFAULT_CHUNK = 1 << 20
# Below these a process pool costs more than it saves (each worker starts Python and
# compiles the lexicon, a few hundred milliseconds).
_MANY_FILES, _MANY_BYTES = 32, 8 << 20
_SIZE = re.compile(r"(?i)\s*(\d+)\s*(|b|kb|kib|mb|mib|gb|gib)\s*")
_UNITS = {"": 1, "b": 1, "kb": 10**3, "kib": 1 << 10, "mb": 10**6, "mib": 1 << 20,
          "gb": 10**9, "gib": 1 << 30}


def parse_size(value: str | int) -> int:
    """Bytes in ``value``: a number with an optional unit (KB, MB, GB or KiB, MiB, GiB)."""
    if isinstance(value, int):
        return value
    m = _SIZE.fullmatch(value)
    if m is None:
        msg = f"{value!r} is not a size: write bytes, or a number with KB, MB, KiB or MiB"
        raise ValueError(msg)
    return int(m.group(1)) * _UNITS[m.group(2).lower()]


class _Size(click.ParamType):
    name = "SIZE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        try:
            size = parse_size(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)
        if size < 1:
            self.fail("must be at least 1 byte", param, ctx)
        return size


def _check_encoding(ctx: click.Context, param: click.Parameter, value: str) -> str:
    try:
        return check_encoding(value)
    except LookupError:
        raise click.BadParameter(f"unknown encoding {value!r} (try auto, utf-8, latin-1, cp1252, utf-16)") from None


_SHARED = [
    click.option("--lexicon", "lexicons", multiple=True, default=("mim",), show_default=True,
                 metavar="NAME|PATH", help="Lexicon by bundled name or .toml path (repeatable; later ones override)."),
    click.option("--only", multiple=True, metavar="CATEGORY",
                 help="Change only this category (repeatable), e.g. --only place."),
    click.option("--skip", multiple=True, metavar="CATEGORY", help="Leave this category alone (repeatable)."),
    click.option("--min-confidence", type=click.FloatRange(0.0, 1.0), default=0.0, show_default=True,
                 help="Drop changes less certain than this (undecided singular/plural choices have 0.6)."),
    click.option("--format", "fmt", type=click.Choice(FORMATS), default="auto", show_default=True,
                 help="Input format; auto picks by extension (.html/.htm/.xhtml, .jsonl/.ndjson, else text)."),
    click.option("--field", default="text", show_default=True, metavar="NAME",
                 help="JSON Lines: the top-level string field to read; other fields stay byte-identical."),
    click.option("--encoding", default="auto", show_default=True, callback=_check_encoding,
                 help="Encoding of the inputs (and outputs); auto: a BOM's, else UTF-8, else windows-1252 "
                      "for a legacy file. Undecodable bytes pass through unchanged."),
    click.option("--glob", "globs", multiple=True, metavar="PATTERN",
                 help="Files to take from folders (repeatable; default: text-like extensions). "
                      "Files named on the command line are always read."),
    click.option("--follow-symlinks", "follow", is_flag=True,
                 help="Walk into linked folders (each folder once, so link loops end) and, with "
                      "--in-place, rewrite the files links point to (refused otherwise)."),
    click.option("--chunk-size", type=_Size(), default=DEFAULT_CHUNK, show_default=True,
                 help="Bytes of plain text read at a time; memory use follows it, not the file size."),
    click.option("-j", "--jobs", type=click.IntRange(min=0), default=0,
                 help="Files processed in parallel (0: one per core when there are many files). "
                      "Output is the same whatever the number."),
    click.option("-q", "--quiet", is_flag=True,
                 help="No progress, warnings or summary on stderr (errors are still reported)."),
]


def input_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Add the shared input and lexicon options to a click command."""
    for option in reversed(_SHARED):
        fn = option(fn)
    return fn


def build_normalizer(lexicons: tuple[str, ...], only: tuple[str, ...], skip: tuple[str, ...],
                     min_confidence: float) -> Normalizer:
    """Compile the lexicons; a bad lexicon or unknown category is a usage error (exit 2)."""
    try:
        n = Normalizer.from_lexicons(lexicons, only=only or None, skip=skip,
                                     min_confidence=min_confidence)
    except NormspellError as exc:
        raise click.BadParameter(str(exc), param_hint="'--lexicon'") from exc
    except (ValueError, TypeError, AttributeError, KeyError, IndexError, RecursionError) as exc:
        # A value the loader let through (wrong type, a variant too long to compile): a bad lexicon, not a crash.
        msg = (f"cannot use the lexicons {', '.join(lexicons)}: {type(exc).__name__}: {exc}; "
               "check the types of their values against the README")
        raise click.BadParameter(msg, param_hint="'--lexicon'") from exc
    known = n.lexicon.categories
    for name, given in (("--only", only), ("--skip", skip)):
        unknown = sorted(set(given) - set(known))
        if unknown:
            msg = f"no category {', '.join(map(repr, unknown))} in the lexicons (categories: {', '.join(known)})"
            raise click.BadParameter(msg, param_hint=f"'{name}'")
    return n


def default_jobs(jobs: int, files: int, total_bytes: int) -> int:
    """The number of worker processes: ``jobs`` if given, else one per core for big runs."""
    if jobs:
        return min(jobs, max(files, 1))
    if files >= 2 and (files >= _MANY_FILES or total_bytes >= _MANY_BYTES):
        return max(1, min(os.cpu_count() or 1, files))
    return 1
