"""What a whole document says about its words: its topic and its language.

A protected phrase with ``document`` words (:class:`~normspell.lexicon.Protect`) is kept
throughout a document that holds enough of them: every ``Amerika`` of a page about
Kafka's novel or Rammstein's song, every ``Kanada`` of a page about the Vaisheshika
philosopher, every ``Amerika`` and ``Kanada`` of a German or Dutch page, however far from
the words that tell. The document is read in its first :data:`SAMPLE` characters, so a
stream of pieces decides as the whole text does, after one piece (:mod:`normspell.stream`).

>>> from normspell.lexicon import Protect
>>> rammstein = Protect("Amerika", "t", "t:1", document=("rammstein",))
>>> german = Protect("Amerika", "t", "t:2", document=("und", "der", "ist"), min_document=3, against=("the", "and"))
>>> sorted(p.where for p in active("Rammstein's song. We're all living in Amerika", (rammstein, german)))
['t:1']
>>> sorted(p.where for p in active("Amerika ist groß und der Himmel ist blau", (rammstein, german)))
['t:2']
>>> active("The Amerika of the settlers and the KKK: und so weiter, der Staat ist", (german,))
frozenset()
"""

from __future__ import annotations

from collections.abc import Iterable

from normspell.context import _words
from normspell.lexicon import Protect

__all__ = ["SAMPLE", "active"]

SAMPLE = 1 << 15  # characters of a document read for its topic and language (about 5,000 words)


def active(text: str, protects: Iterable[Protect]) -> frozenset[Protect]:
    """The ``protects`` whose ``document`` words the start of ``text`` holds enough of
    (a word with a possessive ``'s`` counts as itself and as its base)."""
    protects = [p for p in protects if p.document]
    if not protects:
        return frozenset()
    counts: dict[str, int] = {}
    for w in _words(text[:SAMPLE]):
        counts[w] = counts.get(w, 0) + 1
        if w.endswith("'s"):  # Rammstein's is Rammstein too
            counts[w[:-2]] = counts.get(w[:-2], 0) + 1
    out = []
    for p in protects:
        n = sum(counts.get(w, 0) for w in set(p.document))
        if n >= p.min_document and n > sum(counts.get(w, 0) for w in set(p.against)):
            out.append(p)
    return frozenset(out)
