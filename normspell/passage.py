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

from normspell.alignment import Change, apply

__all__ = ["MAX", "SNIPPET", "TARGET", "changes_of", "cuts", "normalized", "snippet"]

# Passage length in characters: bm25 is computed for every passage holding the words,
# so fewer, longer passages answer common words faster; snippets stay short anyway.
TARGET, MAX = 3000, 6000
SNIPPET = 200  # characters of context shown around the hits
_SPACE = re.compile(r"\s")


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
