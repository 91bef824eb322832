"""Convert one decoded input in its format (plain text, HTML, JSON Lines) into a :class:`Sink`.

A converter normalizes the input, writes the output text to the sink (encoded as
the input was, BOM included) and hands it one record per change. Plain text is
streamed in ``chunk_size`` pieces through :meth:`Normalizer.normalize_stream`, so
memory does not grow with the file; an HTML document, and each JSON line, is read
whole (its structure needs it).

With ``restorable`` records (``normalize --changes`` with ``--mark plain``) each
record also says where its change went: ``output``, ``out_start``/``out_end``
(characters of the decoded output), the ``encoding`` and ``bom`` both files share,
and ``raw``, the input's own characters, when they differ from ``original`` (JSON
escapes), and ``written``, what the output holds, when it differs from ``replacement``
(HTML escapes, JSON escapes). That is all ``normspell restore`` needs to give the
input back byte for byte, and to check it restores the file the records describe.

In JSON Lines each change is spliced into the raw line on its own, so escapes
between two changes of a value stay as they were written.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO, Protocol

from normspell.alignment import Change
from normspell.cli._render import Lines, human_line, json_line, merged, output_spans, record, render, written
from normspell.formats import (
    ChunkReader,
    decode,
    decode_string_literal,
    detect_in_markup,
    literal_offsets,
    page_document,
    split_lines,
    string_field_span,
    text_spans,
    transform_jsonl_line,
)
from normspell.normalize import Normalizer

if TYPE_CHECKING:
    from normspell.cli._engine import Settings

__all__ = ["READERS", "RecordsError", "Sink", "WriteError"]

# Surrogates that cannot stand for an undecodable byte must stay \\u escapes in JSON.
_UNWRITABLE = re.compile("[\ud800-\udc7f\udd00-\udfff]")


class Source(Protocol):
    def read(self, n: int = -1) -> bytes: ...


class WriteError(OSError):
    """Writing the output failed (the input itself may be fine)."""


class RecordsError(Exception):
    """Writing a record failed: the changes file would be incomplete, so the run stops."""


@dataclass
class Sink:
    """Collects one file's output text (encoded as it came in) and its records."""

    name: str
    out: BinaryIO | None
    rec: BinaryIO | None
    style: str | None
    where: str  # the output's name, for write errors
    restorable: bool = False
    label: str = "<stdout>"  # the output's name in restorable records
    categories: dict[str, int] = field(default_factory=dict)
    mentions: int = 0
    changed: bool = False
    pos: int = 0  # characters of output text written so far
    encoding: str | None = None
    bom: bytes = b""
    digest: hashlib._Hash | None = None  # sha256 of the output bytes, for the resume manifest
    _encoder: codecs.IncrementalEncoder | None = None

    def start(self, bom: bytes | None, encoding: str | None) -> None:
        if self.encoding is None and encoding is not None:
            self.encoding, self.bom = encoding, bom or b""
            if self.out is not None:
                self._encoder = codecs.getincrementalencoder(encoding)("surrogateescape")
                self._write(self.bom)

    def _write(self, data: bytes) -> None:
        try:
            self.out.write(data)
        except BrokenPipeError:
            raise
        except OSError as exc:  # name the output: the input is fine
            raise WriteError(exc.errno, exc.strerror, self.where) from exc
        if self.digest is not None:
            self.digest.update(data)

    def text(self, s: str) -> None:
        if self.out is not None and s:
            self._write(self._encoder.encode(s))
            self.pos += len(s)

    def close(self) -> None:
        if self._encoder is not None:
            self._write(self._encoder.encode("", final=True))

    def tally(self, changes: tuple[Change, ...], mentions: tuple[Change, ...]) -> None:
        """Count ``changes`` (variants) by category and ``mentions``; :meth:`found` counts
        through it, and a sink that records nothing calls it alone."""
        categories = self.categories
        for c in changes:
            categories[c.category] = categories.get(c.category, 0) + 1
        self.changed = self.changed or bool(changes)
        self.mentions += len(mentions)

    def found(self, c: Change, start: int, end: int, where: tuple[int, int],
              out: tuple[int, int] | None = None, raw: str | None = None, new: str | None = None) -> None:
        """Count change ``c`` at ``[start, end)`` of the input and record it.

        ``out`` is its span in the output text about to be written (relative to
        :attr:`pos`), ``raw`` the input's characters there and ``new`` the output's.
        """
        if c.kind == "variant":
            self.tally((c,), ())
        else:
            self.tally((), (c,))
        if self.rec is None:
            return
        extra = None
        if self.restorable and out is not None:
            extra = {"output": self.label, "out_start": self.pos + out[0], "out_end": self.pos + out[1],
                     "encoding": self.encoding, "bom": self.bom.hex()}
            if raw is not None and raw != c.original:
                extra["raw"] = raw
            if new is not None and new != c.replacement and c.kind == "variant":
                extra["written"] = new
        rec = record(self.name, where[0], where[1], start, end, c, extra)
        line = json_line(rec) if self.style == "json" else human_line(rec)
        try:
            self.rec.write(line.encode("utf-8", "surrogateescape"))
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise RecordsError(f"cannot write the changes: {exc.strerror or exc}") from exc


def _text(src: Source, n: Normalizer, s: Settings, sink: Sink) -> None:
    reader = ChunkReader(src, s.encoding, s.chunk_size, where=sink.name)
    lines, base = Lines(), 0
    for piece in n.normalize_stream(reader):
        sink.start(reader.bom, reader.encoding)
        if sink.rec is None:  # counts only: no lines, columns or output spans to work out
            sink.tally(piece.changes, piece.mentions)
        else:
            cs = merged(piece.changes, piece.mentions)
            spans = output_spans(cs, markup=False) if sink.restorable else [None] * len(cs)
            for c, span in zip(cs, spans):
                sink.found(c, base + c.start, base + c.end, lines.at(piece.source, base, base + c.start), span)
            lines.skip(piece.source, base)
        if sink.out is not None:
            sink.text(piece.text if s.mark == "plain" else render(piece.source, piece.changes, s.mark, markup=False))
        base += len(piece.source)
    sink.start(reader.bom, reader.encoding)


def _html(src: Source, n: Normalizer, s: Settings, sink: Sink) -> None:
    doc = decode(src.read(), s.encoding, where=sink.name)
    sink.start(doc.bom, doc.encoding)
    html, lines, pos = doc.text, Lines(), 0
    page = page_document(n, html)  # its topic and language, for every span
    for start, end in text_spans(html):
        sink.text(html[pos:start])
        raw = html[start:end]
        changes, mentions = detect_in_markup(n, raw, document=page)  # &quot;, &#36;, &nbsp; read as what they are
        cs = merged(changes, mentions)
        spans = output_spans(cs, markup=True) if sink.restorable else [None] * len(cs)
        for c, span in zip(cs, spans):
            sink.found(c, start + c.start, start + c.end, lines.at(html, 0, start + c.start), span,
                       new=written(c, markup=True))
        sink.text(render(raw, changes, s.mark, markup=True))
        pos = end
    sink.text(html[pos:])


def _json_fragment(text: str) -> str:
    # As formats.jsonl writes spliced text: json.dumps rules, non-ASCII kept.
    body = json.dumps(text, ensure_ascii=False)[1:-1]
    return _UNWRITABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", body)


def _affixes(a: str, b: str) -> tuple[int, int]:
    """Lengths of the common prefix of ``a`` and ``b``, then of the common suffix of the rest."""
    p = 0
    while p < min(len(a), len(b)) and a[p] == b[p]:
        p += 1
    q = 0
    while q < min(len(a), len(b)) - p and a[-1 - q] == b[-1 - q]:
        q += 1
    return p, q


def _splice(line: str, at: int, offs: Sequence[int], cs: Sequence[Change]) -> tuple[str, list, list, list]:
    """``line`` with each variant of ``cs`` rewritten in place; the spans, raw and new texts of ``cs``.

    ``at`` is where the string literal starts in the line, ``offs`` maps value indexes
    into it. A variant's common prefix and suffix with its replacement keep their raw
    text (``w\\u006fmyn`` becomes ``w\\u006fmen``); the rest is JSON-encoded.
    """
    parts, spans, raws, news, pos, size = [], [], [], [], 0, 0
    for c in cs:
        a, b = at + offs[c.start], at + offs[c.end]
        raw = line[a:b]
        if c.kind == "variant":
            p, q = _affixes(c.original, c.replacement)
            keep_head = offs[c.start + p] - offs[c.start]
            keep_tail = offs[c.end - q] - offs[c.start]
            new = raw[:keep_head] + _json_fragment(c.replacement[p:len(c.replacement) - q]) + raw[keep_tail:]
        else:
            new = raw
        parts += (line[pos:a], new)
        size += a - pos
        spans.append((size, size + len(new)))
        raws.append(raw)
        news.append(new)
        size += len(new)
        pos = b
    parts.append(line[pos:])
    return "".join(parts), spans, raws, news


def _jsonl(src: Source, n: Normalizer, s: Settings, sink: Sink) -> None:
    reader = ChunkReader(src, s.encoding, s.chunk_size, where=sink.name)
    lines, base = Lines(), 0
    for lineno, line in enumerate(split_lines(reader), 1):
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
            cs = merged(r.changes, r.mentions)
            spans: list = [None] * len(cs)
            raws, news = spans, spans
            if s.mark == "plain":
                if cs:
                    out, spans, raws, news = _splice(line, span[0], offs, cs)
            elif r.changes and sink.out is not None:
                new = render(value, r.changes, s.mark, markup=False)
                out = transform_jsonl_line(line, s.field, lambda _v, new=new: new, where=sink.name, lineno=lineno)
            for c, out_span, raw_text, new_text in zip(cs, spans, raws, news):
                sink.found(c, at + offs[c.start], at + offs[c.end], lines.at(line, base, at + offs[c.start]),
                           out_span, raw_text, new_text)
        lines.skip(line, base)
        sink.text(out)
        base += len(line)
    sink.start(reader.bom, reader.encoding)


READERS: dict[str, Callable[[Source, Normalizer, Settings, Sink], None]] = {"text": _text, "html": _html,
                                                                            "jsonl": _jsonl}
