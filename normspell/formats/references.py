"""HTML text read as a browser shows it: character references decoded, offsets kept.

A text span of an HTML page (:mod:`normspell.formats.html`) holds references as
written: ``I&#36;rael`` is ``I$rael``, ``&quot;Amerikkka&quot;`` is quoted and
``Womyn&#39;s Music Festival`` has its apostrophe. :func:`decode_references` gives
the text a reader sees and where each of its characters came from;
:func:`changes_in_markup` maps changes found in that text back onto the markup, and
:func:`detect_in_markup` does both around the core.

>>> raw = "the I&#36;raeli army"
>>> text, offsets = decode_references(raw)
>>> text, offsets[4], offsets[5], offsets[6]
('the I$raeli army', 4, 5, 10)
"""

from __future__ import annotations

import bisect
import dataclasses
import html
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, overload

from normspell.alignment import Change
from normspell.formats.html import text_spans

if TYPE_CHECKING:
    from normspell.document import Reading
    from normspell.normalize import Normalizer

__all__ = ["ReferenceOffsets", "changes_in_markup", "decode_references", "detect_in_markup", "page_document"]

# Numeric references with or without their semicolon (browsers read both); named
# ones only with it: without, HTML decodes a few legacy names only, and only where
# no letter follows (``&copy2``), which is not worth the risk of a wrong reading.
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};)")


class ReferenceOffsets(Sequence[int]):
    """For each index of a decoded text, and one past its end, the index in the raw
    text it was read from; every character of a reference that stands for several
    shares the reference's start.

    Kept per reference, not per character: a page of megabytes with a few
    references costs a few numbers, not a number per character.
    """

    __slots__ = ("_decoded", "_raw", "_width", "_raw_end", "_length")

    def __init__(self, refs: list[tuple[int, int, int, int]], decoded_length: int):
        # refs: (decoded start, raw start, decoded width, raw end) of each reference, in order
        self._decoded = [r[0] for r in refs]
        self._raw = [r[1] for r in refs]
        self._width = [r[2] for r in refs]
        self._raw_end = [r[3] for r in refs]
        self._length = decoded_length + 1

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, i: int) -> int: ...
    @overload
    def __getitem__(self, i: slice) -> list[int]: ...
    def __getitem__(self, i: int | slice) -> int | list[int]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(self._length))]
        if i < 0:
            i += self._length
        if not 0 <= i < self._length:
            raise IndexError(i)
        k = bisect.bisect_right(self._decoded, i) - 1
        if k < 0:
            return i
        inside = i - self._decoded[k]
        if inside < self._width[k]:
            return self._raw[k]
        return self._raw_end[k] + inside - self._width[k]

    def __repr__(self) -> str:
        return f"ReferenceOffsets({list(self)!r})"


def decode_references(text: str) -> tuple[str, ReferenceOffsets | None]:
    """``text`` with its character references decoded, and where each character came
    from (:class:`ReferenceOffsets`); ``None`` when ``text`` holds no reference, and
    the decoded text is ``text`` itself. Unknown names stay as written.

    >>> text, offsets = decode_references("I&#36;rael &amp; &bogus; u.$.")
    >>> text, list(offsets)
    ('I$rael & &bogus; u.$.', [0, 1, 6, 7, 8, 9, 10, 11, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29])
    >>> decode_references("plain")
    ('plain', None)
    """
    if "&" not in text:
        return text, None
    parts: list[str] = []
    refs: list[tuple[int, int, int, int]] = []
    pos = size = 0
    for m in _REFERENCE.finditer(text):
        value = html.unescape(m.group())
        if value == m.group():
            continue  # an unknown name: text as written
        parts.append(text[pos : m.start()])
        size += m.start() - pos
        refs.append((size, m.start(), len(value), m.end()))
        parts.append(value)
        size += len(value)
        pos = m.end()
    if not refs:
        return text, None
    parts.append(text[pos:])
    size += len(text) - pos
    return "".join(parts), ReferenceOffsets(refs, size)


def changes_in_markup(text: str, offsets: Sequence[int] | None, changes: Iterable[Change]) -> list[Change]:
    """``changes`` found in the decoded reading of ``text`` (see :func:`decode_references`),
    with offsets into ``text`` and its characters as written for ``original``.

    A change whose edge falls inside a reference that stands for several characters
    cannot be written back and is dropped: the markup stays as it was.

    >>> from normspell import normalize
    >>> raw = "the I&#36;raeli army"
    >>> decoded, offsets = decode_references(raw)
    >>> [(c.start, c.end, c.original, c.replacement) for c in changes_in_markup(raw, offsets, normalize(decoded).changes)]
    [(4, 15, 'I&#36;raeli', 'Israeli')]
    """
    if offsets is None:
        return list(changes)
    out = []
    last = len(offsets) - 1
    for c in changes:
        s, e = c.start, c.end
        if (s and offsets[s] == offsets[s - 1]) or (e < last and offsets[e] == offsets[e - 1]):
            continue
        s, e = offsets[s], offsets[e]
        out.append(dataclasses.replace(c, start=s, end=e, original=text[s:e]))
    return out


def page_document(normalizer: Normalizer, html: str) -> Reading:
    """What the page ``html`` protects throughout (:meth:`Normalizer.document`), read from
    its text as a browser shows it: every text span, references decoded, markup left out.

    >>> from normspell import Normalizer
    >>> n = Normalizer.from_lexicons()
    >>> page = page_document(n, "<h1>Rammstein</h1><p>We&#39;re all living in <b>Amerika</b></p>")
    >>> detect_in_markup(n, "Amerika", document=page)
    ([], [])
    """
    from normspell.document import SAMPLE  # (the core is imported only when a page is read)

    parts, size = [], 0
    for s, e in text_spans(html):
        parts.append(decode_references(html[s:e])[0])
        size += len(parts[-1]) + 1
        if size >= SAMPLE:
            break
    return normalizer.document("\n".join(parts))


def detect_in_markup(normalizer: Normalizer, raw: str, *,
                     document: Reading | None = None) -> tuple[list[Change], list[Change]]:
    """The variants and the mentions in the HTML text span ``raw``, read as a browser
    shows it, with offsets into ``raw`` (see :func:`changes_in_markup`); ``document``:
    what its page protects (:func:`page_document`), else the span is read as a page.

    >>> from normspell import Normalizer
    >>> changes, mentions = detect_in_markup(Normalizer.from_lexicons(), "the spelling &quot;Amerikkka&quot;")
    >>> changes, [(m.original, m.kind) for m in mentions]
    ([], [('Amerikkka', 'mention')])
    """
    text, offsets = decode_references(raw)
    found = changes_in_markup(raw, offsets, normalizer.detect(text, document=document))
    return [c for c in found if c.kind == "variant"], [c for c in found if c.kind != "variant"]
