"""Normalizing text that arrives in pieces, in bounded memory.

The text is cut only where no match (variant or protected phrase) straddles
the cut and at least ``2 * REACH`` characters follow it, so every match sees
the same context as in the whole text, and the first cut waits for the
document's first ``SAMPLE`` characters, which say what the whole document
protects (:mod:`normspell.document`): the result equals normalizing the
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

from normspell.context import REACH
from normspell.document import SAMPLE
from normspell.normalization import Normalization, _assemble

if TYPE_CHECKING:
    from normspell.matcher import Hit
    from normspell.normalize import Normalizer

__all__ = ["normalize_stream"]

TAIL = 2 * REACH  # text kept back after a cut: context a later match may need
MAX_TOKEN = 1 << 24  # characters held waiting for whitespace before cutting a token
_WS = " \n\t\r"


def _cut(buf: str, hits: list[Hit], base: int) -> int:
    """A cut position in ``buf`` that no hit straddles, TAIL chars from the end; 0 if none."""
    limit = len(buf) - TAIL
    if limit <= 0:
        return 0
    p = max(buf.rfind(c, 0, limit) for c in _WS)
    if p <= 0:
        if len(buf) < MAX_TOKEN:
            return 0  # no whitespace yet: wait for the token to end
        p = limit  # a token of over MAX_TOKEN characters: cut inside it rather than hold it all
    for h in hits:  # (a protected phrase may reach over the hits around its form)
        if h.start - base < p < h.end - base:
            p = h.start - base
    return max(p, 0)


def normalize_stream(normalizer: Normalizer, chunks: Iterable[str]) -> Iterator[Normalization]:
    """Yield normalizations of consecutive pieces of the text ``chunks`` make up."""
    ctx, buf = "", ""
    protects = None  # what the document's start turns on (normspell.document), read once
    for chunk in chunks:
        buf += chunk
        if len(buf) < 2 * TAIL or (protects is None and len(buf) < SAMPLE):
            continue
        if protects is None:
            protects = normalizer.document(buf)
        base = len(ctx)
        found, hits = normalizer._scan(ctx + buf, base, protects)  # offsets into buf
        p = _cut(buf, hits, base)
        if p <= 0:
            continue
        piece = buf[:p]
        yield _assemble(piece, [c for c in found if c.start >= 0 and c.end <= p])
        ctx = (ctx + piece)[-TAIL:]
        buf = buf[p:]
    if buf or not ctx:
        if protects is None:
            protects = normalizer.document(buf)
        found, _hits = normalizer._scan(ctx + buf, len(ctx), protects)
        yield _assemble(buf, [c for c in found if c.start >= 0])
