"""Changes and the alignment between an original text and its normalization.

A :class:`Change` says what was replaced, where (offsets into the ORIGINAL
string) and why. ``apply`` replays changes on the original; ``restore`` undoes
them on the normalized text; :class:`Alignment` maps any offset either way.

>>> c = Change(4, 9, "womyn", "women", "women", "gender", "mim:womyn", 0.6, "default")
>>> apply("the womyn march", [c])
'the women march'
>>> restore("the women march", [c])
'the womyn march'
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

__all__ = ["Change", "Alignment", "apply", "restore"]


@dataclass(frozen=True, slots=True)
class Change:
    """One variant found: ``original[start:end]`` and what replaces it.

    ``standard`` is the lexicon's spelling (dictionary case), ``replacement``
    the same in the case of the original; ``rule`` is ``lexicon:entry``;
    ``kind`` is ``"variant"`` (rewritten) or ``"mention"`` (talked about, kept).
    """

    start: int
    end: int
    original: str
    replacement: str
    standard: str
    category: str
    rule: str
    confidence: float
    reason: str
    kind: str = "variant"


# A Change is made for every variant found, and a frozen dataclass's own __init__
# (object.__setattr__ once per field) costs twice what writing the slots through
# their descriptors does (1.1 against 0.6 us). Same fields, defaults and order;
# assignment still raises FrozenInstanceError (tests/test_alignment.py).
_SLOTS = tuple(Change.__dict__[name].__set__ for name in Change.__slots__)


def _change_init(self: Change, start: int, end: int, original: str, replacement: str, standard: str,
                 category: str, rule: str, confidence: float, reason: str, kind: str = "variant") -> None:
    s0, s1, s2, s3, s4, s5, s6, s7, s8, s9 = _SLOTS
    s0(self, start)
    s1(self, end)
    s2(self, original)
    s3(self, replacement)
    s4(self, standard)
    s5(self, category)
    s6(self, rule)
    s7(self, confidence)
    s8(self, reason)
    s9(self, kind)


_change_init.__qualname__ = "Change.__init__"
Change.__init__ = _change_init  # type: ignore[method-assign]


def _checked(changes: Iterable[Change]) -> list[Change]:
    ordered = sorted(changes, key=lambda c: c.start)
    for a, b in zip(ordered, ordered[1:]):
        if b.start < a.end:
            msg = f"changes overlap: {a.original!r} at {a.start}-{a.end} and {b.original!r} at {b.start}-{b.end}"
            raise ValueError(msg)
    return ordered


def apply(text: str, changes: Iterable[Change]) -> str:
    """Replay ``changes`` (offsets into ``text``) and return the new text."""
    parts, pos = [], 0
    for c in _checked(changes):
        if text[c.start:c.end] != c.original:
            msg = f"change at {c.start}-{c.end} expects {c.original!r} but the text has {text[c.start:c.end]!r}"
            raise ValueError(msg)
        parts.append(text[pos:c.start])
        parts.append(c.replacement)
        pos = c.end
    parts.append(text[pos:])
    return "".join(parts)


def restore(normalized: str, changes: Iterable[Change]) -> str:
    """Undo ``changes`` on the normalized text: the original comes back exactly."""
    parts, pos, shift = [], 0, 0
    for c in _checked(changes):
        s = c.start + shift
        e = s + len(c.replacement)
        if normalized[s:e] != c.replacement:
            msg = f"normalized text has {normalized[s:e]!r} at {s}, expected {c.replacement!r}: changes do not belong to this text"
            raise ValueError(msg)
        parts.append(normalized[pos:s])
        parts.append(c.original)
        pos = e
        shift += len(c.replacement) - len(c.original)
    parts.append(normalized[pos:])
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class Alignment:
    """Monotone offset maps between original and normalized text.

    An offset inside a changed span maps to the start (``side="left"``) or the
    end (``side="right"``) of the other side's span.

    >>> c = Change(4, 9, "womyn", "women", "women", "gender", "mim:womyn", 0.6, "")
    >>> a = Alignment.from_changes([c])
    >>> a.to_normalized(12), a.to_original(12)
    (12, 12)
    """

    orig: tuple[tuple[int, int], ...]
    norm: tuple[tuple[int, int], ...]

    @classmethod
    def from_changes(cls, changes: Iterable[Change]) -> Alignment:
        orig, norm, shift = [], [], 0
        for c in _checked(changes):
            orig.append((c.start, c.end))
            norm.append((c.start + shift, c.start + shift + len(c.replacement)))
            shift += len(c.replacement) - (c.end - c.start)
        return cls(tuple(orig), tuple(norm))

    @staticmethod
    def _map(src, dst, offset: int, side: str) -> int:
        i = bisect.bisect_right(src, (offset, float("inf"))) - 1
        if i < 0:
            return offset
        (s0, s1), (d0, d1) = src[i], dst[i]
        if offset >= s1:
            return offset - s1 + d1
        if offset == s0:
            return d0
        return d0 if side == "left" else d1

    def to_normalized(self, offset: int, side: Literal["left", "right"] = "left") -> int:
        """The offset in the normalized text that corresponds to ``offset`` in the original."""
        return self._map(self.orig, self.norm, offset, side)

    def to_original(self, offset: int, side: Literal["left", "right"] = "left") -> int:
        """The offset in the original text that corresponds to ``offset`` in the normalized."""
        return self._map(self.norm, self.orig, offset, side)
