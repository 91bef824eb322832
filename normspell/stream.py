"""Normalizing text that arrives in pieces, in bounded memory.

The text is cut only where no match (variant or protected phrase) straddles
the cut and at least ``2 * REACH`` characters follow it, so every match sees
the same context as in the whole text: the result equals normalizing the
concatenated input (tested with random chunkings). Memory stays at about two
chunks whatever the input size.

>>> from normspell import Normalizer
>>> n = Normalizer.from_lexicons(["mim"])
>>> "".join(p.text for p in n.normalize_stream(["united ", "$tates of Ame", "rikkka"]))
'United States of America'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from normspell.alignment import Change, apply
from normspell.context import REACH

if TYPE_CHECKING:
    from normspell.normalize import Normalization, Normalizer

__all__ = ["normalize_stream"]

TAIL = 2 * REACH  # text kept back after a cut: context a later match may need
MAX_TOKEN = 1 << 24  # characters held waiting for whitespace before cutting a token
_WS = " \n\t\r"


def _piece(source: str, found: Iterable[Change], offset: int) -> Normalization:
    from normspell.normalize import Normalization

    shifted = [Change(c.start - offset, c.end - offset, *_rest(c)) for c in found]
    changes = tuple(c for c in shifted if c.kind == "variant")
    mentions = tuple(c for c in shifted if c.kind == "mention")
    return Normalization(source, apply(source, changes), changes, mentions)


def _rest(c: Change) -> tuple:
    return (c.original, c.replacement, c.standard, c.category, c.rule, c.confidence,
            c.reason, c.kind)


def _cut(buf: str, spans: list[tuple[int, int]], base: int) -> int:
    """A cut position in ``buf`` that no span straddles, TAIL chars from the end; 0 if none."""
    limit = len(buf) - TAIL
    if limit <= 0:
        return 0
    p = max(buf.rfind(c, 0, limit) for c in _WS)
    if p <= 0:
        if len(buf) < MAX_TOKEN:
            return 0  # no whitespace yet: wait for the token to end
        p = limit  # a token of over MAX_TOKEN characters: cut inside it rather than hold it all
    for s, e in spans:
        if s - base < p < e - base:
            p = s - base
    return max(p, 0)


def normalize_stream(normalizer: Normalizer, chunks: Iterable[str]) -> Iterator[Normalization]:
    """Yield normalizations of consecutive pieces of the text ``chunks`` make up."""
    ctx, buf = "", ""
    for chunk in chunks:
        buf += chunk
        if len(buf) < 2 * TAIL:
            continue
        text = ctx + buf
        found, spans = normalizer._scan(text)
        base = len(ctx)
        p = _cut(buf, spans, base)
        if p <= 0:
            continue
        piece = buf[:p]
        yield _piece(piece, (c for c in found if c.start >= base and c.end <= base + p), base)
        ctx = (ctx + piece)[-TAIL:]
        buf = buf[p:]
    if buf or not ctx:
        text = ctx + buf
        found, _spans = normalizer._scan(text)
        base = len(ctx)
        yield _piece(buf, (c for c in found if c.start >= base), base)
