"""Passages: the pieces of a text an index stores, and what is shown of them.

A passage keeps its ORIGINAL text and its changes (``[start, end, replacement,
category]`` relative to the passage, as JSON); from those come back the normalized
text that was indexed and the offset map between the two. :func:`cuts` chooses
where passages end, :func:`snippet` the original text shown around hits.

>>> text = "The womyn of Amerikkka."
>>> changes = '[[4, 9, "women", "gender"], [13, 22, "America", "place"]]'
>>> normalized(text, changes)
'The women of America.'
>>> snippet(text, [(4, 9)])
('The womyn of Amerikkka.', ((4, 9),))
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass

from normspell.alignment import Alignment, Change, apply

__all__ = ["MAX", "SNIPPET", "TARGET", "Highlight", "SearchHit", "changes_of", "cuts", "hit", "normalized", "snippet"]

# Passage length in characters: bm25 is computed for every passage holding the words,
# so fewer, longer passages answer common words faster; snippets stay short anyway.
TARGET, MAX = 3000, 6000
SNIPPET = 200  # characters of context shown around the hits
_SPACE = re.compile(r"\s")


@dataclass(frozen=True, slots=True)
class Highlight:
    """One matched stretch: file offsets of the ORIGINAL text, and what it reads as."""

    start: int
    end: int
    line: int
    original: str
    normalized: str

    @property
    def variant(self) -> bool:
        """Whether the archive spells it otherwise than the standard."""
        return self.original != self.normalized


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A passage that matches: ``snippet`` is original text, ``marks`` its highlighted spans."""

    path: str
    line: int  # of the first highlight (of the passage if none)
    score: float  # bm25, higher is better
    snippet: str
    marks: tuple[tuple[int, int], ...]
    highlights: tuple[Highlight, ...]


def cuts(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """Passage ends in ``text``: near TARGET, at a blank line, else a line end, never inside a span."""
    ends, starts, pos, n = [], [s for s, _e in spans], 0, len(text)
    while n - pos > MAX:
        lo, hi = pos + TARGET // 2, pos + MAX
        cut = text.rfind("\n\n", lo, pos + TARGET)
        cut = cut + 2 if cut >= 0 else text.find("\n\n", pos + TARGET, hi) + 2
        if cut < 2:
            nl = text.rfind("\n", lo, hi)
            ws = max(text.rfind(" ", lo, hi), nl)
            cut = (nl if nl >= 0 else ws) + 1 if ws >= 0 else hi
        k = bisect.bisect_right(starts, cut - 1) - 1
        if k >= 0 and spans[k][0] < cut < spans[k][1]:
            cut = spans[k][1]  # a change is never cut in two
        ends.append(cut)
        pos = cut
    ends.append(n)
    return ends


def normalized(original: str, changes_json: str) -> str:
    return apply(original, changes_of(original, changes_json))


def changes_of(original: str, changes_json: str) -> list[Change]:
    return [Change(s, e, original[s:e], r, r, cat, "", 1.0, "") for s, e, r, cat in json.loads(changes_json)]


def snippet(text: str, spans: list[tuple[int, int]]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Original text around the first hits, whitespace runs shown as one space; marks index it."""
    first = spans[0][0] if spans else 0
    lo = max(0, first - SNIPPET // 3)
    if lo:  # start at a word
        m = _SPACE.search(text, lo, first)
        lo = m.end() if m else lo
    hi = min(len(text), lo + SNIPPET)
    if hi < len(text):
        cut = max(text.rfind(" ", lo, hi), text.rfind("\n", lo, hi))
        hi = cut if cut > first else hi
    hi = max([hi] + [e for s, e in spans if s < hi])
    out, marks, pos, length = [], [], lo, 0
    for s, e in [*[(s, e) for s, e in spans if lo <= s and e <= hi], (hi, hi)]:
        for part, marked in ((text[pos:s], False), (text[s:e], True)):
            piece = re.sub(r"\s+", " ", part)
            if marked and piece:
                marks.append((length, length + len(piece)))
            out.append(piece)
            length += len(piece)
        pos = e
    snippet = "".join(out)
    shift = len(snippet) - len(snippet.lstrip())
    return snippet.strip(), tuple((s - shift, e - shift) for s, e in marks)


def hit(finder: re.Pattern, path: str, fmt: str, line: int, start: int, original: str,
        changes_json: str, escapes_json: str | None, score: float) -> SearchHit:
    """The hit for one ranked passage: ``finder`` matches the query's words in its normalized text."""
    changes = changes_of(original, changes_json)
    text, align = apply(original, changes), Alignment.from_changes(changes)
    escapes = json.loads(escapes_json) if escapes_json else None
    spans = []
    for m in finder.finditer(text):
        s, e = align.to_original(m.start(), "left"), align.to_original(m.end(), "right")
        if spans and s < spans[-1][1]:
            continue
        spans.append((s, e, m.group()))
    highlights = tuple(Highlight(start + (escapes[s] - escapes[0] if escapes else s),
                                 start + (escapes[e] - escapes[0] if escapes else e),
                                 line if fmt == "jsonl" else line + original.count("\n", 0, s),
                                 original[s:e], norm) for s, e, norm in spans)
    shown, marks = snippet(original, [(s, e) for s, e, _n in spans])
    return SearchHit(path, highlights[0].line if highlights else line, -score, shown, marks, highlights)
