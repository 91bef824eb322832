"""Archive files as text to search: what the normalizer reads, and where it sits in the file.

Searching, indexing, counting and comparing all read a file the same way: plain
text whole; HTML as its text, the markup blanked out with spaces (newlines kept),
so offsets into what the normalizer reads are offsets into the file and a phrase
split by ``<b>`` still reads as words; JSON Lines one record at a time, the
string ``field`` decoded. Each such piece is a :class:`Segment`; a
:class:`Piece` is a segment normalized, mapping any match in the normalized text
back to the ORIGINAL file text (:meth:`Piece.to_file`).

>>> from normspell import Normalizer
>>> doc = document_from_text("page.html", "<p>The <b>womyn</b> of Amerikkka</p>")
>>> doc.segments[0].text
'   The    womyn     of Amerikkka    '
>>> (piece,) = normalize_document(doc, Normalizer.from_lexicons())
>>> start = piece.norm.text.index("America")
>>> s, e = piece.to_file(start, start + len("America"))
>>> doc.text[s:e]
'Amerikkka'
"""

from __future__ import annotations

import bisect
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass

from normspell.alignment import Alignment, Change
from normspell.formats import decode, decode_references, literal_offsets, string_field_span, text_spans
from normspell.normalize import Normalization, Normalizer
from normspell.stats import year_of

__all__ = ["Document", "LineIndex", "Piece", "Segment", "document_from_text", "format_for", "normalize_document",
           "read_document"]

_HTML = (".html", ".htm", ".xhtml", ".shtml")
_JSONL = (".jsonl", ".ndjson")
_NOT_NEWLINE = re.compile(r"[^\n]")


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of a file read as one text: ``text`` starts at ``start`` in the file.

    ``escapes`` (JSON string values with escapes, HTML with character references)
    gives, for each index of ``text`` and one past its end, the offset from ``start``
    in the file.
    """

    text: str
    start: int = 0
    escapes: Sequence[int] | None = None
    year: int | None = None

    def to_file(self, i: int) -> int:
        """The file offset of index ``i`` of :attr:`text`."""
        return self.start + (self.escapes[i] if self.escapes is not None else i)


@dataclass(frozen=True, slots=True)
class Document:
    """One decoded file (``text``) and the segments the normalizer reads."""

    path: str
    fmt: str
    text: str
    segments: tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class Piece:
    """A segment and its normalization, with the offset map built once."""

    segment: Segment
    norm: Normalization
    alignment: Alignment

    def to_file(self, start: int, end: int) -> tuple[int, int]:
        """The file span of normalized ``[start, end)``: a change touched counts whole."""
        a = self.alignment
        return (self.segment.to_file(a.to_original(start, "left")),
                self.segment.to_file(a.to_original(end, "right")))

    def changes(self) -> list[tuple[int, int, Change]]:
        """The variants changed, as (file start, file end, change)."""
        return [(self.segment.to_file(c.start), self.segment.to_file(c.end), c) for c in self.norm.changes]


def format_for(path: str, fmt: str = "auto") -> str:
    """``fmt``, or the format the extension says (``text`` by default).

    >>> format_for("a/notes.HTM"), format_for("x.jsonl"), format_for("x.jsonl", "text")
    ('html', 'jsonl', 'text')
    """
    if fmt != "auto":
        return fmt
    ext = os.path.splitext(path)[1].lower()
    return "html" if ext in _HTML else "jsonl" if ext in _JSONL else "text"


def _html_segments(html: str) -> tuple[Segment, ...]:
    parts, pos = [], 0
    for s, e in text_spans(html):
        parts.append(_NOT_NEWLINE.sub(" ", html[pos:s]))
        parts.append(html[s:e])
        pos = e
    parts.append(_NOT_NEWLINE.sub(" ", html[pos:]))
    # read as a browser shows it (I&#36;rael, &ldquo;womyn&rdquo;), offsets kept
    text, offsets = decode_references("".join(parts))
    return (Segment(text, 0, offsets),)


def _record_year(line: str) -> int | None:
    try:
        record = json.loads(line)
    except ValueError:
        return None
    return year_of("", record) if isinstance(record, dict) else None


def _jsonl_segments(text: str, field: str, where: str, path_year: int | None) -> tuple[Segment, ...]:
    out, base = [], 0
    for lineno, line in enumerate(text.splitlines(keepends=True), 1):
        span = string_field_span(line, field, where=where, lineno=lineno)
        if span is not None:
            raw = line[span[0]:span[1]]
            year = _record_year(line) or path_year
            if "\\" in raw:
                offs = literal_offsets(raw)
                value = json.loads(raw)
                out.append(Segment(value, base + span[0], tuple(offs), year))
            else:
                out.append(Segment(raw[1:-1], base + span[0] + 1, None, year))
        base += len(line)
    return tuple(out)


def document_from_text(path: str, text: str, fmt: str = "auto", field: str = "text") -> Document:
    """Split decoded ``text`` of file ``path`` into segments; bad JSON raises InputFormatError."""
    fmt = format_for(path, fmt)
    year = year_of(path)
    if fmt == "html":
        segments = tuple(Segment(s.text, s.start, s.escapes, year) for s in _html_segments(text))
    elif fmt == "jsonl":
        segments = _jsonl_segments(text, field, path, year)
    else:
        segments = (Segment(text, 0, None, year),)
    return Document(path, fmt, text, segments)


def read_document(path: str, fmt: str = "auto", field: str = "text", encoding: str = "auto") -> Document:
    """Read and decode one file (a BOM is dropped; undecodable bytes kept as surrogates).

    Raises :class:`OSError` if it cannot be read and
    :class:`~normspell.errors.InputFormatError` if it cannot be decoded or a JSON
    line is not an object.
    """
    with open(path, "rb") as fh:
        data = fh.read()
    return document_from_text(path, decode(data, encoding, where=path).text, fmt, field)


def normalize_document(doc: Document, n: Normalizer) -> list[Piece]:
    """Normalize every segment of ``doc``."""
    out = []
    for seg in doc.segments:
        norm = n.normalize(seg.text)
        out.append(Piece(seg, norm, Alignment.from_changes(norm.changes)))
    return out


class LineIndex:
    """Line numbers and line spans of a text, by binary search over its newlines.

    >>> lines = LineIndex("ab\\ncd\\n")
    >>> lines.number(4), lines.span(2)
    (2, (3, 5))
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def number(self, offset: int) -> int:
        """The 1-based line holding ``offset``."""
        return bisect.bisect_right(self.starts, offset)

    def span(self, line: int) -> tuple[int, int]:
        """``[start, end)`` of a 1-based line, its newline excluded."""
        start = self.starts[line - 1]
        end = self.starts[line] - 1 if line < len(self.starts) else len(self.text)
        return start, end

    @property
    def count(self) -> int:
        """Lines in the text (a final newline starts no new line)."""
        n = len(self.starts)
        return n - 1 if n > 1 and self.starts[-1] == len(self.text) else n
