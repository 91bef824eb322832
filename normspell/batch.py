"""Normalizing in worker processes: one compiled normalizer per process, files by fsspec path.

Engines such as Dask or Hugging Face ``datasets`` ship a function and its arguments to
worker processes. Shipping a compiled :class:`~normspell.Normalizer` with every task,
or building one per text, would cost more than the work, so helpers ship only what the
normalizer is made of (lexicon names or paths and a :class:`~normspell.NormalizeConfig`)
and each process compiles it once, on first use, in :func:`cached_normalizer`.

:func:`convert_file` writes what ``normspell normalize FILE -o OUT`` writes (plain text
streamed in chunks; HTML text nodes; one JSON Lines field; BOM, line ends and undecodable
bytes kept), reading and writing local paths or any fsspec URL (``s3://``, ``gcs://``…).

>>> cached_normalizer(("mim",)) is cached_normalizer(("mim",))
True
>>> import io
>>> out = io.BytesIO()
>>> convert_stream(io.BytesIO(b"\\xef\\xbb\\xbfWimmin of Amerika\\r\\n"), out, "x.txt")
(22, (('gender', 1), ('place', 1)), 0)
>>> out.getvalue()
b'\\xef\\xbb\\xbfWomen of America\\r\\n'
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import BinaryIO

from normspell.alignment import Change
from normspell.errors import NormspellError
from normspell.formats import (
    ChunkReader,
    atomic_write,
    decode,
    detect_in_markup,
    is_binary,
    is_wide,
    page_document,
    split_lines,
    text_spans,
    transform_jsonl_line,
)
from normspell.lexicon import Lexicon, load_lexicon
from normspell.normalize import NormalizeConfig, Normalizer

__all__ = ["FileOptions", "FileResult", "cached_normalizer", "convert_file", "convert_stream", "format_of",
           "local_paths", "mirror_targets"]

_SNIFF = 8192  # the CLI's binary check looks at this much
_SPOOL = 64 << 20  # output kept in memory up to this size before spilling to disk
_BY_EXTENSION = {".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
                 ".jsonl": "jsonl", ".ndjson": "jsonl"}


@functools.lru_cache(maxsize=16)
def cached_normalizer(lexicons: tuple[str, ...] = ("mim",), config: NormalizeConfig | None = None) -> Normalizer:
    """The normalizer for these lexicons and options, compiled once per process.

    The key is the lexicon sources as given: a lexicon file edited while a process
    lives is not reloaded by that process.
    """
    return Normalizer(Lexicon.compose([load_lexicon(s) for s in lexicons]), config)


@dataclass(frozen=True, slots=True)
class FileOptions:
    """How files are read, as the CLI options of the same names.

    - ``fmt``: ``"auto"`` (by extension: .html/.htm/.xhtml/.shtml, .jsonl/.ndjson, else
      text), ``"text"``, ``"html"`` or ``"jsonl"``. Default ``"auto"``.
    - ``encoding``: of inputs and outputs; ``"auto"``: UTF-8, or windows-1252 for a
      legacy file (see :mod:`normspell.formats.textio`). Default ``"auto"``.
    - ``field``: the JSON Lines string field to normalize. Default ``"text"``.
    - ``chunk_size``: bytes of plain text read at a time. Default 1 MiB.
    """

    fmt: str = "auto"
    encoding: str = "auto"
    field: str = "text"
    chunk_size: int = 1 << 20


@dataclass(frozen=True, slots=True)
class FileResult:
    """What happened to one file; the fields of the CLI's per-file report plus the target."""

    path: str
    target: str
    status: str = "ok"  # "ok", "skipped" (binary) or "failed"
    message: str = ""
    size: int = 0
    categories: tuple[tuple[str, int], ...] = ()
    mentions: int = 0

    @property
    def changes(self) -> int:
        return sum(n for _c, n in self.categories)


def format_of(path: str, fmt: str = "auto") -> str:
    """The format to read ``path`` in."""
    if fmt != "auto":
        return fmt
    return _BY_EXTENSION.get(os.path.splitext(path)[1].lower(), "text")


def mirror_targets(paths: Iterable[str], out_dir: str) -> list[str]:
    """Outputs under ``out_dir`` mirroring ``paths`` relative to their deepest common folder.

    >>> mirror_targets(["s3://b/in/a/x.txt", "s3://b/in/y.txt"], "s3://b/out")
    ['s3://b/out/a/x.txt', 's3://b/out/y.txt']
    """
    paths = list(paths)
    parts = [p.replace(os.sep, "/").split("/") for p in paths]
    common = parts[0][:-1] if parts else []
    for p in parts[1:]:
        k = 0
        while k < min(len(common), len(p) - 1) and common[k] == p[k]:
            k += 1
        common = common[:k]
    return [out_dir.rstrip("/") + "/" + "/".join(p[len(common):]) for p in parts]


def _spell(source: str, changes: Iterable[Change], escape_html: bool) -> str:
    # HTML text is markup: a replacement is escaped as the CLI's renderer does.
    out, pos = [], 0
    for c in changes:
        out += [source[pos:c.start], escape(c.replacement, quote=False) if escape_html else c.replacement]
        pos = c.end
    out.append(source[pos:])
    return "".join(out)


def convert_stream(src: BinaryIO, dst: BinaryIO, name: str, normalizer: Normalizer | None = None,
                   options: FileOptions | None = None) -> tuple[int, tuple[tuple[str, int], ...], int]:
    """Normalize one file's bytes from ``src`` to ``dst``; return (bytes read, changes by category, mentions).

    Raises :class:`~normspell.NormspellError` or :class:`UnicodeError` for input it cannot read.
    """
    n = normalizer or cached_normalizer()
    opt = options or FileOptions()
    fmt = format_of(name, opt.fmt)
    found: Counter[str] = Counter()
    mentions = 0
    size = 0

    class _Counted:  # counts the bytes read, for the report
        def read(self, k: int = -1) -> bytes:
            nonlocal size
            data = src.read(k)
            size += len(data)
            return data

    def noted(changes: tuple[Change, ...], kept: tuple[Change, ...]) -> None:
        nonlocal mentions
        found.update(c.category for c in changes)
        mentions += len(kept)

    if fmt == "html":
        doc = decode(_Counted().read(), opt.encoding, where=name)
        pieces, pos = [], 0
        page = page_document(n, doc.text)
        for start, end in text_spans(doc.text):
            raw = doc.text[start:end]
            changes, kept = detect_in_markup(n, raw, document=page)
            noted(tuple(changes), tuple(kept))
            pieces += [doc.text[pos:start], _spell(raw, changes, True)]
            pos = end
        pieces.append(doc.text[pos:])
        dst.write(doc.bom + "".join(pieces).encode(doc.encoding, "surrogateescape"))
        return size, tuple(sorted(found.items())), mentions
    reader = ChunkReader(_Counted(), opt.encoding, opt.chunk_size, where=name)
    encoder = None
    if fmt == "jsonl":
        def normalized(value: str) -> str:
            r = n.normalize(value)
            noted(r.changes, r.mentions)
            return r.text
        pieces = (transform_jsonl_line(line, opt.field, normalized, where=name, lineno=k)
                  for k, line in enumerate(split_lines(reader), 1))
    else:
        def texts() -> Iterator[str]:
            for piece in n.normalize_stream(reader):
                noted(piece.changes, piece.mentions)
                yield piece.text
        pieces = texts()
    for text in pieces:
        if encoder is None:  # the BOM is known once reading has begun
            encoder = codecs.getincrementalencoder(reader.encoding)("surrogateescape")
            dst.write(reader.bom or b"")
        dst.write(encoder.encode(text))
    if encoder is None:
        dst.write(reader.bom or b"")
    else:
        dst.write(encoder.encode("", final=True))
    return size, tuple(sorted(found.items())), mentions


def _is_local(path: str) -> bool:
    return "://" not in path or path.startswith("file://")


@contextlib.contextmanager
def _reading(path: str) -> Iterator[BinaryIO]:
    if _is_local(path):
        with open(path.removeprefix("file://"), "rb") as fh:
            yield fh
    else:
        import fsspec

        with fsspec.open(path, "rb") as fh:
            yield fh


@contextlib.contextmanager
def _writing(target: str) -> Iterator[BinaryIO]:
    """A file that becomes ``target`` only if the block succeeds."""
    if _is_local(target):
        target = target.removeprefix("file://")
        os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
        with atomic_write(target) as fh:
            yield fh
        return
    import fsspec

    # Object stores publish an object when it is closed, even after an error, so the
    # output is spooled here and uploaded only once it is complete.
    with tempfile.SpooledTemporaryFile(_SPOOL) as spool:
        yield spool
        spool.seek(0)
        with fsspec.open(target, "wb") as out:
            shutil.copyfileobj(spool, out, 1 << 20)


def convert_file(path: str, target: str, lexicons: tuple[str, ...] = ("mim",),
                 config: NormalizeConfig | None = None, options: FileOptions | None = None) -> FileResult:
    """Normalize the file ``path`` into ``target`` (local paths or fsspec URLs).

    Never raises for a bad input: the result says what went wrong. A binary file
    (a NUL in its first 8 KiB, unless the encoding is UTF-16/32) is skipped, as the CLI does.
    """
    opt = options or FileOptions()
    try:
        with _reading(path) as fh:
            head = fh.read(_SNIFF)
            if not is_wide(opt.encoding) and is_binary(head):
                msg = f"{path}: skipped: binary file (NUL bytes); if it is UTF-16 text pass encoding='utf-16'"
                return FileResult(path, target, "skipped", msg, len(head))
            fh.seek(0)
            with _writing(target) as out:
                size, categories, mentions = convert_stream(
                    fh, out, path, cached_normalizer(tuple(lexicons), config), opt)
    except (NormspellError, OSError, UnicodeError, LookupError) as exc:
        return FileResult(path, target, "failed", str(exc) if isinstance(exc, NormspellError) else f"{path}: {exc}")
    return FileResult(path, target, "ok", "", size, categories, mentions)


def local_paths(paths: Iterable[str | Path]) -> list[str]:
    """Paths as strings, local ones made absolute (workers may run in another folder)."""
    return [str(p) if not _is_local(str(p)) else os.path.abspath(str(p).removeprefix("file://")) for p in paths]
