"""Process one input file: read it in its format, write its output, report what was found.

This is the whole work of a ``--jobs`` worker, so everything it takes is picklable
and everything it returns is a small :class:`Report`; outputs go straight to their
files, or to streams the caller gives. Plain text is streamed in ``chunk_size``
pieces through :meth:`Normalizer.normalize_stream`, so memory does not grow with the
file; an HTML document, and each JSON line, is read whole (its structure needs it).

Offsets in records are character offsets into the decoded original file (BOM not
counted, an undecodable byte counts as one character); in JSON Lines they cover the
variant's raw JSON text, escapes included. Lines end at ``\\n``; columns count
characters from 1.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from normspell.alignment import Change
from normspell.cli._inputs import STDIN
from normspell.cli._render import Lines, human_line, json_line, merged, record, render
from normspell.errors import NormspellError
from normspell.formats import (
    ChunkReader,
    atomic_write,
    decode,
    decode_string_literal,
    is_binary,
    literal_offsets,
    string_field_span,
    text_spans,
    transform_jsonl_line,
)
from normspell.normalize import Normalizer

__all__ = ["Report", "Settings", "Task", "process"]

_SNIFF = 8192  # as much as is_binary looks at
_WIDE = ("utf-16", "utf-32")  # their text is full of NULs: no binary check


@dataclass(frozen=True, slots=True)
class Settings:
    """What to do with every file: the same for the whole run."""

    mode: str = "normalize"  # or "detect": no text output
    mark: str = "plain"
    records: str | None = None  # "json", "human" or None
    encoding: str = "utf-8"
    field: str = "text"
    chunk_size: int = 1 << 20


@dataclass(frozen=True, slots=True)
class Task:
    """One file: where to read, in which format, and the file to write (if any)."""

    path: str
    fmt: str = "text"
    target: str | None = None  # None: the output stream given to process()
    in_place: bool = False  # write the target only if something changed
    backup: str | None = None


@dataclass(frozen=True, slots=True)
class Report:
    """What happened to one file."""

    name: str
    status: str = "ok"  # "ok", "skipped" or "failed"
    message: str = ""
    size: int = 0
    categories: tuple[tuple[str, int], ...] = ()  # variants found, by category
    mentions: int = 0


class _WriteError(OSError):
    """Writing the output failed (the input itself may be fine)."""


class _Unchanged(Exception):
    """Raised inside atomic_write to drop a rewrite that would change nothing."""


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


@dataclass
class _Sink:
    """Collects one file's output text (encoded as it came in) and its records."""

    name: str
    out: BinaryIO | None
    rec: BinaryIO | None
    style: str | None
    where: str  # the output's name, for write errors
    categories: dict[str, int] = field(default_factory=dict)
    mentions: int = 0
    changed: bool = False
    _encoder: codecs.IncrementalEncoder | None = None

    def start(self, bom: bytes | None, encoding: str | None) -> None:
        if self._encoder is None and self.out is not None and encoding is not None:
            self._encoder = codecs.getincrementalencoder(encoding)("surrogateescape")
            self._write(bom or b"")

    def _write(self, data: bytes) -> None:
        try:
            self.out.write(data)
        except BrokenPipeError:
            raise
        except OSError as exc:  # name the output: the input is fine
            raise _WriteError(exc.errno, exc.strerror, self.where) from exc

    def text(self, s: str) -> None:
        if self.out is not None and s:
            self._write(self._encoder.encode(s))

    def close(self) -> None:
        if self._encoder is not None:
            self._write(self._encoder.encode("", final=True))

    def found(self, c: Change, start: int, end: int, where: tuple[int, int]) -> None:
        if c.kind == "variant":
            self.categories[c.category] = self.categories.get(c.category, 0) + 1
            self.changed = True
        else:
            self.mentions += 1
        if self.rec is not None:
            rec = record(self.name, where[0], where[1], start, end, c)
            line = json_line(rec) if self.style == "json" else human_line(rec)
            self.rec.write(line.encode("utf-8", "surrogateescape"))


def _text(src: _Counting, n: Normalizer, s: Settings, sink: _Sink) -> None:
    reader = ChunkReader(src, s.encoding, s.chunk_size, where=sink.name)
    lines, base = Lines(), 0
    for piece in n.normalize_stream(reader):
        sink.start(reader.bom, reader.encoding)
        for c in merged(piece.changes, piece.mentions):
            sink.found(c, base + c.start, base + c.end, lines.at(piece.source, base, base + c.start))
        lines.skip(piece.source, base)
        if sink.out is not None:
            sink.text(piece.text if s.mark == "plain" else render(piece.source, piece.changes, s.mark, markup=False))
        base += len(piece.source)
    sink.start(reader.bom, reader.encoding)


def _html(src: _Counting, n: Normalizer, s: Settings, sink: _Sink) -> None:
    doc = decode(src.read(), s.encoding, where=sink.name)
    sink.start(doc.bom, doc.encoding)
    html, lines, pos = doc.text, Lines(), 0
    for start, end in text_spans(html):
        r = n.normalize(html[start:end])
        for c in merged(r.changes, r.mentions):
            sink.found(c, start + c.start, start + c.end, lines.at(html, 0, start + c.start))
        sink.text(html[pos:start])
        sink.text(render(r.source, r.changes, s.mark, markup=True))
        pos = end
    sink.text(html[pos:])


def _split_lines(chunks: Iterable[str]) -> Iterator[str]:
    parts: list[str] = []
    for chunk in chunks:
        start = 0
        while (nl := chunk.find("\n", start)) >= 0:
            parts.append(chunk[start:nl + 1])
            yield "".join(parts)
            parts, start = [], nl + 1
        if start < len(chunk):
            parts.append(chunk[start:])
    if parts:
        yield "".join(parts)


def _jsonl(src: _Counting, n: Normalizer, s: Settings, sink: _Sink) -> None:
    reader = ChunkReader(src, s.encoding, s.chunk_size, where=sink.name)
    lines, base = Lines(), 0
    for lineno, line in enumerate(_split_lines(reader), 1):
        sink.start(reader.bom, reader.encoding)
        out = line
        span = string_field_span(line, s.field, where=sink.name, lineno=lineno)
        if span is not None:
            raw = line[span[0]:span[1]]
            escaped = "\\" in raw
            value = decode_string_literal(raw) if escaped else raw[1:-1]
            # Where each character of the value sits in the raw line.
            offs = literal_offsets(raw) if escaped else range(1, len(raw))
            at = base + span[0]
            r = n.normalize(value)
            for c in merged(r.changes, r.mentions):
                sink.found(c, at + offs[c.start], at + offs[c.end], lines.at(line, base, at + offs[c.start]))
            if r.changes and sink.out is not None:
                new = render(value, r.changes, s.mark, markup=False)
                out = transform_jsonl_line(line, s.field, lambda _v, new=new: new, where=sink.name, lineno=lineno)
        lines.skip(line, base)
        sink.text(out)
        base += len(line)
    sink.start(reader.bom, reader.encoding)


_READERS = {"text": _text, "html": _html, "jsonl": _jsonl}


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


def _message(exc: Exception, task: Task, name: str) -> str:
    if isinstance(exc, NormspellError):
        return str(exc)  # it already says file:line: what: how to fix
    if isinstance(exc, OSError):
        if isinstance(exc, _WriteError) or (exc.filename is not None and exc.filename != task.path):
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
    broken pipe on the caller's streams, which ends the run.
    """
    name = "<stdin>" if task.path == STDIN else task.path
    sink = _Sink(name, None, rec, s.records, "<stdout>")
    src = None
    try:
        with _opened(task.path) as fh:
            head = _sniff(fh)
            if not codecs.lookup(s.encoding).name.startswith(_WIDE) and is_binary(head):
                msg = f"{name}: skipped: binary file (NUL bytes); if it is UTF-16 text pass --encoding utf-16"
                return Report(name, "skipped", msg, len(head))
            src = _Counting(head, fh)
            if s.mode == "detect" or task.target is None:
                sink.out = out if s.mode == "normalize" else None
                _READERS[task.fmt](src, n, s, sink)
                sink.close()
            else:
                _write_target(task, src, n, s, sink)
    except BrokenPipeError:
        raise
    except (NormspellError, OSError, UnicodeError) as exc:
        return Report(name, "failed", _message(exc, task, name), src.count if src else 0)
    return Report(name, "ok", "", src.count, tuple(sorted(sink.categories.items())), sink.mentions)


def _write_target(task: Task, src: _Counting, n: Normalizer, s: Settings, sink: _Sink) -> None:
    os.makedirs(os.path.dirname(task.target) or ".", exist_ok=True)
    sink.where = task.target
    try:
        with atomic_write(task.target, backup_suffix=task.backup) as fh:
            sink.out = fh
            _READERS[task.fmt](src, n, s, sink)
            sink.close()
            # Rewriting an unchanged file in place would only touch its mtime (and backup).
            if task.in_place and not sink.changed and s.mark == "plain":
                raise _Unchanged
    except _Unchanged:
        pass
