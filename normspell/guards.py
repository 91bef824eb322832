r"""Protected phrases around a found form: the guards a form carries, and their test.

A protected phrase (a ``[[protect]]`` without ``near`` words) that contains a form
*guards* it: where the phrase stands around a hit of the form, the phrase is the
hit instead, and nothing is changed (``Maoist Internationalist Party - Amerika``,
``New Afrikan``). Each guard is one place the form stands in a phrase; the test
reads the characters next to the hit first, since nearly every hit has none of
the characters its phrases need there, and searches for the phrase only where
they fit, and only as far as the phrase can reach.

>>> from normspell.expression import _Lazy
>>> g = guards_of("afrikan", "new afrikan", _Lazy(r"[nN]ew\s+[aA]frikan"))
>>> g[0][1:]
('w', '', 20, 8)
>>> phrase_around("the New Afrikan nation", 8, 15, tuple(g), gate(g))
(4, 15, 'New Afrikan')
>>> phrase_around("the Afrikan nation", 4, 11, tuple(g), gate(g)) is None
True
"""

from __future__ import annotations

import re

from normspell.expression import _DASHES, _Lazy

__all__ = ["Guard", "guards_of", "gate", "phrase_around"]

# (the phrase's expression, the folded character it needs just before the form and
# just after it ("" if none), how far it may reach before the form and after it)
Guard = tuple[_Lazy, str, str, int, int]
_WS_AFTER = re.compile(r"[ \n\t\r]")


def guards_of(key: str, phrase: str, pattern: _Lazy) -> list[Guard]:
    """One guard per place the form ``key`` stands in the (keyed) ``phrase``: the
    phrase, its neighbours there, and how far it may reach before and after the form
    (its characters, with room for runs of whitespace where it has one space)."""
    out, i = [], phrase.find(key)
    while i >= 0:
        j = i + len(key)
        out.append((pattern, _fold(phrase[:i].rstrip()[-1:]), _fold(phrase[j:].lstrip()[:1]),
                    3 * i + 8, 3 * (len(phrase) - j) + 8))
        i = phrase.find(key, i + 1)
    return out


def gate(guards: list[Guard] | tuple[Guard, ...]) -> tuple[frozenset[str] | None, frozenset[str] | None]:
    """The ASCII characters that may stand before / after the form in one of its
    phrases; None on a side where some phrase needs none (no character rules it out)."""
    return _ascii_folding_to({g[1] for g in guards}), _ascii_folding_to({g[2] for g in guards})


def phrase_around(text: str, s: int, e: int, guards: tuple[Guard, ...],
                  gates: tuple[frozenset[str] | None, frozenset[str] | None]) -> tuple[int, int, str] | None:
    """(start, end, text) of a guarding phrase around the hit ``text[s:e]``, or None."""
    gb, ga = gates
    if gb is not None:  # every phrase needs some character before the form
        c = text[s - 1] if s else ""
        if c.isspace():
            c = text[s - 2] if s > 1 else ""
        if c < "\x80" and not c.isspace() and c not in gb:
            return None
    if ga is not None:  # the same after it
        c = text[e:e + 1]
        if c.isspace():
            c = text[e + 1:e + 2]
        if c < "\x80" and not c.isspace() and c not in ga:
            return None
    b = a = None  # the folded characters next to the form, past whitespace (found once)
    for g, before, after, back, ahead in guards:
        # Cheap test first: the characters next to the form must fit the phrase.
        if before:
            if b is None:
                b = text[s - 1] if s else ""
                if b.isspace():
                    b = text[s - 2] if s > 1 else ""
                    if b.isspace():
                        b = text[max(0, s - 64):s].rstrip()[-1:]
                b = _fold(b)
            if b != before:
                continue
        if after:
            if a is None:
                a = text[e:e + 1]
                if a.isspace():
                    a = text[e + 1:e + 2]
                    if a.isspace():
                        a = text[e:e + 64].lstrip()[:1]
                a = _fold(a)
            if a != after:
                continue
        n = len(text)
        ws = _WS_AFTER.search(text, min(n, e + ahead), n)
        for m in g.finditer(text, max(0, s - back), ws.start() if ws else n):
            if m.start() <= s and e <= m.end():
                return m.start(), m.end(), m.group()
    return None


def _fold(c: str) -> str:
    if not c:
        return ""
    return "-" if c in _DASHES else ("'" if c == "\u2019" else c.lower())


def _ascii_folding_to(sides: set[str]) -> frozenset[str] | None:
    if "" in sides:
        return None
    return frozenset(c for c in map(chr, range(128)) if _fold(c) in sides)
