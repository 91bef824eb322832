"""Process one input file: read it in its format, write its output, report what was found.

This is the whole work of a ``--jobs`` worker, so everything it takes is picklable
and everything it returns is a small :class:`Report`; outputs go straight to their
files, or to streams the caller gives. How each format is read and written is in
:mod:`normspell.cli._per_format`.

Offsets in records are character offsets into the decoded original file (BOM not
counted, an undecodable byte counts as one character); in JSON Lines they cover the
variant's raw JSON text, escapes included. Lines end at ``\\n``; columns count
characters from 1.

Nothing half-done is kept: an output is written with ``atomic_write``; an input that
changes or disappears while it is read fails and writes nothing (its output would
mix two versions, and ``--in-place`` would overwrite the newer one); the records of
a file that fails are dropped when they feed ``normspell restore``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from normspell.cli._inputs import STDIN
from normspell.cli._per_format import READERS, RecordsError, Sink, WriteError
from normspell.errors import NormspellError, PatternTimeoutError
from normspell.formats import atomic_write, is_binary, is_wide
from normspell.normalize import Normalizer

__all__ = ["RecordsError", "Report", "Settings", "Task", "process"]

_SNIFF = 8192  # as much as is_binary looks at
_SPOOL = 4 << 20  # records of one file kept in memory before they spill to a temporary file


@dataclass(frozen=True, slots=True)
class Settings:
    """What to do with every file: the same for the whole run."""

    mode: str = "normalize"  # or "detect": no text output
    mark: str = "plain"
    records: str | None = None  # "json", "human" or None
    encoding: str = "auto"
    field: str = "text"
    chunk_size: int = 1 << 20
    restorable: bool = False  # records say where each change went, for normspell restore


@dataclass(frozen=True, slots=True)
class Task:
    """One file: where to read, in which format, and the file to write (if any)."""

    path: str
    fmt: str = "text"
    target: str | None = None  # None: the output stream given to process()
    in_place: bool = False  # write the target only if something changed
    backup: str | None = None
    label: str | None = None  # how records name the output (its path inside -o DIR); default target


@dataclass(frozen=True, slots=True)
class Report:
    """What happened to one file."""

    name: str
    status: str = "ok"  # "ok", "skipped" or "failed"
    message: str = ""
    size: int = 0
    categories: tuple[tuple[str, int], ...] = ()  # variants found, by category
    mentions: int = 0
    mtime_ns: int = 0  # the input's modification time when it was read
    digest: str = ""  # sha256 of the output file written, if any


class _Unchanged(Exception):
    """Raised inside atomic_write to drop a rewrite that would change nothing."""


class _Changed(Exception):
    """The input changed or vanished while it was read: its output would mix two versions."""


class _Counting:
    """A read-only binary stream over ``head`` then ``stream``, counting bytes."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self.head, self.stream, self.count = head, stream, len(head)

    def read(self, n: int = -1) -> bytes:
        if self.head and n >= 0:
            # Honour n: the chunk size is what keeps memory bounded (and tests small).
            data, self.head = self.head[:n], self.head[n:]
            return data
        rest = self.stream.read(n)
        self.count += len(rest)
        data, self.head = self.head + rest, b""
        return data


@contextlib.contextmanager
def _opened(path: str) -> Iterator[BinaryIO]:
    if path == STDIN:
        yield sys.stdin.buffer
    else:
        with open(path, "rb") as fh:
            yield fh


def _sniff(fh: BinaryIO) -> bytes:
    head = b""
    while len(head) < _SNIFF:  # pipes may return less than asked
        data = fh.read(_SNIFF - len(head))
        if not data:
            break
        head += data
    return head


def _check_same(path: str, fh: BinaryIO, before: os.stat_result | None) -> None:
    """Raise :class:`_Changed` if the file read through ``fh`` changed or is no longer at ``path``."""
    if before is None or not stat.S_ISREG(before.st_mode):
        return  # stdin, FIFOs and devices have no version to compare
    now = os.fstat(fh.fileno())
    if (now.st_size, now.st_mtime_ns) != (before.st_size, before.st_mtime_ns):
        raise _Changed(f"{path}: changed while it was read: nothing written; run again once it is complete")
    try:
        there = os.stat(path)
    except FileNotFoundError:
        raise _Changed(f"{path}: disappeared while it was read: nothing written") from None
    if (there.st_dev, there.st_ino) != (before.st_dev, before.st_ino):
        raise _Changed(f"{path}: was replaced while it was read: nothing written; run again")


def _message(exc: Exception, task: Task, name: str) -> str:
    if isinstance(exc, PatternTimeoutError):
        return f"{name}: {exc}"  # it names the rule, not the input it ran away on
    if isinstance(exc, (NormspellError, _Changed)):
        return str(exc)  # it already says file:line: what: how to fix
    if isinstance(exc, OSError):
        if isinstance(exc, WriteError) or (exc.filename is not None and exc.filename != task.path):
            return f"{task.target or exc.filename}: cannot write: {exc.strerror or exc}"
        return f"{name}: cannot read: {exc.strerror or exc}"
    if isinstance(exc, UnicodeEncodeError):
        return (f"{name}: cannot write back as {exc.encoding}: the input holds bytes that do not decode"
                " and cannot be re-encoded; pass the file's real encoding with --encoding")
    return f"{name}: {exc}"


def process(task: Task, n: Normalizer, s: Settings, out: BinaryIO | None = None,
            rec: BinaryIO | None = None) -> Report:
    """Process one file; ``out`` takes the text unless the task has a target, ``rec`` the records.

    Never raises for a bad or unreadable input (the report says why) except for a
    broken pipe on the caller's streams, which ends the run, and :class:`RecordsError`
    when the records cannot be written.
    """
    name = "<stdin>" if task.path == STDIN else task.path
    # Restorable records are held back until the file is done: a failed file leaves none.
    spool = tempfile.SpooledTemporaryFile(_SPOOL) if s.restorable and rec is not None else None
    sink = Sink(name, None, spool or rec, s.records, "<stdout>", restorable=s.restorable)
    src = before = None
    try:
        with _opened(task.path) as fh:
            before = None if task.path == STDIN else os.fstat(fh.fileno())
            head = _sniff(fh)
            if not is_wide(s.encoding) and is_binary(head):
                msg = f"{name}: skipped: binary file (NUL bytes); if it is UTF-16 text pass --encoding utf-16"
                return Report(name, "skipped", msg, len(head))
            src = _Counting(head, fh)
            if s.mode == "detect" or task.target is None:
                sink.out = out if s.mode == "normalize" else None
                READERS[task.fmt](src, n, s, sink)
                sink.close()
                _check_same(task.path, fh, before)
            else:
                _write_target(task, src, n, s, sink, lambda: _check_same(task.path, fh, before))
        if spool is not None:
            _copy_records(spool, rec)
    except (BrokenPipeError, RecordsError):
        raise
    except (NormspellError, OSError, UnicodeError, _Changed) as exc:
        return Report(name, "failed", _message(exc, task, name), src.count if src else 0)
    except Exception as exc:  # one file must not end a batch of irreplaceable files
        msg = f"{name}: internal error ({type(exc).__name__}: {exc}); nothing written: please report it"
        return Report(name, "failed", msg, src.count if src else 0)
    finally:
        if spool is not None:
            spool.close()
    return Report(name, "ok", "", src.count, tuple(sorted(sink.categories.items())), sink.mentions,
                  before.st_mtime_ns if before else 0, sink.digest.hexdigest() if sink.digest else "")


def _copy_records(spool: BinaryIO, rec: BinaryIO) -> None:
    spool.seek(0)
    try:
        shutil.copyfileobj(spool, rec, 1 << 20)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise RecordsError(f"cannot write the changes: {exc.strerror or exc}") from exc


def _write_target(task: Task, src: _Counting, n: Normalizer, s: Settings, sink: Sink, check) -> None:
    os.makedirs(os.path.dirname(task.target) or ".", exist_ok=True)
    sink.where = task.target
    sink.label = task.label or task.target
    sink.digest = hashlib.sha256()
    try:
        with atomic_write(task.target, backup_suffix=task.backup) as fh:
            sink.out = fh
            READERS[task.fmt](src, n, s, sink)
            sink.close()
            check()  # before the rename: a changed input leaves the old output in place
            # Rewriting an unchanged file in place would only touch its mtime (and backup).
            if task.in_place and not sink.changed and s.mark == "plain":
                raise _Unchanged
    except _Unchanged:
        pass
