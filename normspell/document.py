"""What a whole document says about its words: its topic and its language.

A protected phrase with ``document`` words (:class:`~normspell.lexicon.Protect`) is kept
throughout a document that holds enough of them: every ``Amerika`` of a page about
Kafka's novel or Rammstein's song, every ``Kanada`` of a page about the Vaisheshika
philosopher, every ``Amerika`` and ``Kanada`` of a German or Dutch page, however far from
the words that tell. The document is read in its first :data:`SAMPLE` characters, so a
stream of pieces decides as the whole text does, after one piece (:mod:`normspell.stream`).

>>> from normspell.lexicon import parse_lexicon
>>> lex = parse_lexicon("\\n".join([
...     'format = 1', '[[protect]]', 'phrase = "Amerika"', 'document = ["rammstein"]',
...     '[[protect]]', 'phrase = "Kanada"', 'document = ["und", "der", "ist"]',
...     'min_document = 3', 'against = ["the", "and"]']).encode(), "t.toml")
>>> [p.phrase for p in read("Rammstein's song. We're all living in Amerika", lex).protects]
['Amerika']
>>> [p.phrase for p in read("Kanada ist groß und der Himmel ist blau", lex).protects]
['Kanada']
>>> read("The Kanada of the settlers and the KKK: und so weiter, der Staat ist", lex)
Reading(protects=frozenset(), defaults=frozenset())
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from normspell.context import _by_identity, _words
from normspell.lexicon import Lexicon, Protect

__all__ = ["SAMPLE", "Reading", "read"]

SAMPLE = 1 << 15  # characters of a document read for its topic and language (about 5,000 words)
DEFAULT_LEAST = 2  # occurrences of an entry's document_default words that make the default
_ADDRESS = re.compile(r"\S*(?://|www\.)\S*")


@dataclass(frozen=True, slots=True)
class Reading:
    """What the start of a document turns on throughout it: protected phrases, and the
    default choices of entries (``(entry id, choice)``) that its words decide."""

    protects: frozenset[Protect] = frozenset()
    defaults: frozenset[tuple[str, str]] = frozenset()


def read(text: str, lexicon: Lexicon) -> Reading:
    """What a document beginning with ``text`` turns on, by the words of ``lexicon``'s
    protects (``document``) and entries (``document_default``, which take two of them:
    one ``wimmin`` may be a quotation or a name). Words inside URLs do not count."""
    on = _count(text, _plan(lexicon))
    return Reading(frozenset(m for m in on if isinstance(m, Protect)),
                   frozenset(m for m in on if not isinstance(m, Protect)))


def _count(text: str, plan: tuple[dict, list]) -> list:
    words, groups = plan
    if not groups:
        return []
    found = [0] * len(groups)
    against = [0] * len(groups)
    sample = text[:SAMPLE]
    if "/" in sample:
        sample = _ADDRESS.sub(" ", sample)  # the words of a URL (search/Wimmin) are no prose
    for w in _words(sample):
        hits = words.get(w) or (words.get(w[:-2]) if w.endswith("'s") else None)  # Rammstein's
        if hits:
            for g, counts in hits:
                if counts:
                    found[g] += 1
                else:
                    against[g] += 1
    out: list = []
    for g, (least, members) in enumerate(groups):
        if found[g] >= least and found[g] > against[g]:
            out.extend(members)
    return out


@_by_identity
def _plan(lexicon: Lexicon) -> tuple[dict, list]:
    """The document words of ``lexicon``'s protects and entries: each word's groups (and whether
    it counts for or against them), and each group's least count and members (a Protect, or
    an entry's ``(id, choice)``). Protects that list the same words are one group (a
    [[protect]] of several phrases), so a text is read once for them."""
    index: dict[tuple, int] = {}
    groups: list[tuple[int, list]] = []
    words: dict[str, list[tuple[int, bool]]] = {}

    def add(member, document, against, least) -> None:
        key = (frozenset(document), frozenset(against), least)
        if key not in index:
            index[key] = len(groups)
            groups.append((least, []))
            for w in key[0]:
                words.setdefault(w, []).append((index[key], True))
            for w in key[1] - key[0]:
                words.setdefault(w, []).append((index[key], False))
        groups[index[key]][1].append(member)

    for p in lexicon.protects:
        if p.document:
            add(p, p.document, p.against, p.min_document)
    for e in lexicon.entries:
        for choice, document in e.document_default:
            add((e.id, choice), document, (), DEFAULT_LEAST)
    return words, groups

