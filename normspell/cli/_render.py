"""How changes are written out: the normalized text in each ``--mark`` style, and records.

``--mark plain`` writes the normalized text; ``inline`` keeps each variant and adds
its normalized form in brackets; ``tei`` wraps it in a TEI ``<choice>`` element.
A TEI output is XML character content, so ``&``, ``<`` and ``>`` of plain text and
JSON values are escaped; in HTML the text is already markup and stays as written.

>>> from normspell import normalize
>>> r = normalize("Wimmin & Amerika")
>>> render(r.source, r.changes, "inline", markup=False)
'Wimmin[Women] & Amerika[America]'
>>> render(r.source, r.changes, "tei", markup=False)
'<choice><orig>Wimmin</orig><reg>Women</reg></choice> &amp; <choice><orig>Amerika</orig><reg>America</reg></choice>'

A record describes one change found in a file (see :func:`record`): as a JSON
object for ``--json`` and ``--changes``, or one line for people:

>>> c = r.changes[1]
>>> human_line(record("notes.txt", 3, 10, 9, 16, c))
'notes.txt:3:10 Amerika → America (place)\\n'
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from html import escape

from normspell.alignment import Change

__all__ = ["MARKS", "Lines", "human_line", "json_line", "merged", "output_spans", "record", "render", "written"]

MARKS = ("plain", "inline", "tei")
# Lone surrogates stand for undecodable input bytes; JSON output must stay valid
# UTF-8, so they are written as \\udcXX escapes (json.loads gives them back).
_SURROGATE = re.compile("[\ud800-\udfff]")


def _same(text: str) -> str:
    return text


def _xml(text: str) -> str:
    return escape(text, quote=False)


def render(source: str, changes: Sequence[Change], mark: str, *, markup: bool) -> str:
    """``source`` with ``changes`` written in ``mark`` style; ``markup``: ``source`` is HTML."""
    outside = _xml if mark == "tei" and not markup else _same
    new = _xml if mark == "tei" or markup else _same
    out: list[str] = []
    pos = 0
    for c in changes:
        out.append(outside(source[pos:c.start]))
        orig = outside(source[c.start:c.end])
        repl = new(c.replacement)
        if mark == "plain":
            out.append(repl)
        elif mark == "inline":
            out.append(f"{orig}[{repl}]")
        else:
            out.append(f"<choice><orig>{orig}</orig><reg>{repl}</reg></choice>")
        pos = c.end
    out.append(outside(source[pos:]))
    return "".join(out)


def merged(changes: Iterable[Change], mentions: Iterable[Change]) -> list[Change]:
    """Variants and mentions together, in text order."""
    return sorted((*changes, *mentions), key=lambda c: c.start)


def written(c: Change, *, markup: bool) -> str:
    """What ``--mark plain`` writes for variant ``c``: in HTML the replacement is escaped."""
    return _xml(c.replacement) if markup else c.replacement


def output_spans(changes: Sequence[Change], *, markup: bool) -> list[tuple[int, int]]:
    """Where each of ``changes`` (variants and mentions, text order) lies in the plain output.

    Offsets are relative to the output of the same source text; a mention is kept as
    written, so only variants shift what follows.

    >>> from normspell import normalize
    >>> r = normalize("Wimmin & Amerika")
    >>> output_spans(merged(r.changes, r.mentions), markup=True)
    [(0, 5), (8, 15)]
    """
    spans, shift = [], 0
    for c in changes:
        start = c.start + shift
        length = len(written(c, markup=markup)) if c.kind == "variant" else c.end - c.start
        spans.append((start, start + length))
        shift += length - (c.end - c.start)
    return spans


def record(file: str, line: int, column: int, start: int, end: int, c: Change,
           extra: dict | None = None) -> dict:
    """The record of change ``c`` at ``[start, end)`` of the decoded file ``file``.

    ``extra`` keys follow the fixed ones (``normalize --changes`` adds where the change
    went in the output, for ``normspell restore``).
    """
    rec = {"file": file, "line": line, "column": column, "start": start, "end": end,
           "original": c.original, "replacement": c.replacement, "standard": c.standard,
           "category": c.category, "rule": c.rule, "confidence": c.confidence,
           "reason": c.reason, "kind": c.kind}
    if extra:
        rec.update(extra)
    return rec


def json_line(rec: dict) -> str:
    """One JSON Lines line; non-ASCII kept as is, undecodable bytes escaped."""
    text = json.dumps(rec, ensure_ascii=False)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def human_line(rec: dict) -> str:
    """``file:line:col variant → normalized (category)``; a mention says it is kept."""
    kind = "" if rec["kind"] == "variant" else ", mention: kept"
    original = " ".join(rec["original"].split())  # a multiword variant may hold a line break
    return (f"{rec['file']}:{rec['line']}:{rec['column']} {original} → {rec['replacement']}"
            f" ({rec['category']}{kind})\n")


class Lines:
    """Line and column of increasing offsets into text that is seen piece by piece.

    Lines end at ``\\n`` (so ``\\r\\n`` too); columns count characters from 1.
    Call :meth:`at` with offsets in increasing order, and :meth:`skip` once a piece
    is done, so the next piece starts where this one ended.

    >>> lines = Lines()
    >>> lines.at("ab\\ncd", 0, 4)
    (2, 2)
    >>> lines.skip("ab\\ncd", 0); lines.at("\\nx", 5, 6)
    (3, 1)
    """

    __slots__ = ("line", "line_start", "pos")

    def __init__(self) -> None:
        self.line, self.line_start, self.pos = 1, 0, 0

    def at(self, text: str, base: int, offset: int) -> tuple[int, int]:
        """Line and column of absolute ``offset``; ``text`` starts at absolute ``base``."""
        lo, hi = self.pos - base, offset - base
        newlines = text.count("\n", lo, hi)
        if newlines:
            self.line += newlines
            self.line_start = base + text.rfind("\n", lo, hi) + 1
        self.pos = offset
        return self.line, offset - self.line_start + 1

    def skip(self, text: str, base: int) -> None:
        """Move past the end of ``text``."""
        self.at(text, base, base + len(text))
