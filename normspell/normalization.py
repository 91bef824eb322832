"""The result of normalizing a text: the new text, what changed, and offsets between them.

A :class:`Normalization` keeps the source, the normalized text, the changes made and
the mentions left as written (offsets into the source), maps offsets both ways
through its :class:`~normspell.alignment.Alignment`, and explains itself line by
line.

>>> from normspell.alignment import Change
>>> c = Change(4, 9, "womyn", "women", "women", "gender", "mim:womyn", 0.95, "plural cue", "variant")
>>> r = _assemble("The womyn", [c])
>>> r.text, r.to_normalized(9), r.explain()
('The women', 9, "1:5 'womyn' -> 'women' [gender; mim:womyn; confidence 0.95; plural cue]")
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal

from normspell.alignment import Alignment, Change

__all__ = ["Normalization"]


@dataclass(frozen=True, slots=True)
class Normalization:
    """The result of normalizing ``source``: the new ``text`` and what changed.

    ``changes`` were applied; ``mentions`` were found but left as written.
    """

    source: str
    text: str
    changes: tuple[Change, ...]
    mentions: tuple[Change, ...] = ()
    _alignment: Alignment | None = dataclasses.field(default=None, compare=False, repr=False)

    def alignment(self) -> Alignment:
        """Offset maps between ``source`` and ``text`` (built once, on first use)."""
        if self._alignment is None:
            object.__setattr__(self, "_alignment", Alignment.from_changes(self.changes))
        return self._alignment

    def to_normalized(self, offset: int, side: Literal["left", "right"] = "left") -> int:
        """Map an offset in ``source`` to ``text``."""
        return self.alignment().to_normalized(offset, side)

    def to_original(self, offset: int, side: Literal["left", "right"] = "left") -> int:
        """Map an offset in ``text`` back to ``source``."""
        return self.alignment().to_original(offset, side)

    def explain(self) -> str:
        """One line per change and mention: where, what, which entry, why."""
        lines, src = [], self.source
        line, line_start, pos = 1, 0, 0  # counted on from the previous change: linear in the text
        for c in sorted(self.changes + self.mentions, key=lambda c: c.start):
            if newlines := src.count("\n", pos, c.start):
                line += newlines
                line_start = src.rfind("\n", pos, c.start) + 1
            pos = c.start
            col = c.start - line_start + 1
            verb = "->" if c.kind == "variant" else "kept (mention of)"
            lines.append(f"{line}:{col} {c.original!r} {verb} {c.replacement!r} "
                         f"[{c.category}; {c.rule}; confidence {c.confidence:.2f}; {c.reason}]")
        return "\n".join(lines)


def _assemble(text: str, found: list[Change]) -> Normalization:
    """The normalization of ``text`` by the changes and mentions ``found`` in it."""
    changes, mentions, parts, pos = [], [], [], 0
    for c in found:  # in text order, never overlapping: built, not re-checked
        if c.kind == "variant":
            changes.append(c)
            parts.append(text[pos:c.start])
            parts.append(c.replacement)
            pos = c.end
        else:
            mentions.append(c)
    if not changes:
        return Normalization(text, text, (), tuple(mentions))
    parts.append(text[pos:])
    return Normalization(text, "".join(parts), tuple(changes), tuple(mentions))
