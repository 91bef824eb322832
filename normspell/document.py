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

from normspell.context import _by_identity, _words
from normspell.lexicon import Protect

__all__ = ["SAMPLE", "active"]

SAMPLE = 1 << 15  # characters of a document read for its topic and language (about 5,000 words)


def active(text: str, protects: Iterable[Protect]) -> frozenset[Protect]:
    """The ``protects`` whose ``document`` words the start of ``text`` holds enough of
    (a word with a possessive ``'s`` counts as itself and as its base)."""
    words, groups = _plan(protects if isinstance(protects, tuple) else tuple(protects))
    if not groups:
        return frozenset()
    found = [0] * len(groups)
    against = [0] * len(groups)
    for w in _words(text[:SAMPLE]):
        hits = words.get(w) or (words.get(w[:-2]) if w.endswith("'s") else None)  # Rammstein's
        if hits:
            for g, counts in hits:
                if counts:
                    found[g] += 1
                else:
                    against[g] += 1
    out: list[Protect] = []
    for g, (least, members) in enumerate(groups):
        if found[g] >= least and found[g] > against[g]:
            out.extend(members)
    return frozenset(out)


@_by_identity
def _plan(protects: tuple[Protect, ...]) -> tuple[dict[str, list[tuple[int, bool]]], list[tuple[int, list[Protect]]]]:
    """The document words of ``protects``: each word's groups (and whether it counts for or
    against them), and each group's least count and members. Protects that list the same
    words are one group (a [[protect]] of several phrases), so a text is read once for them."""
    index: dict[tuple, int] = {}
    groups: list[tuple[int, list[Protect]]] = []
    words: dict[str, list[tuple[int, bool]]] = {}
    for p in protects:
        if not p.document:
            continue
        key = (frozenset(p.document), frozenset(p.against), p.min_document)
        if key not in index:
            index[key] = len(groups)
            groups.append((p.min_document, []))
            for w in key[0]:
                words.setdefault(w, []).append((index[key], True))
            for w in key[1] - key[0]:
                words.setdefault(w, []).append((index[key], False))
        groups[index[key]][1].append(p)
    return words, groups
