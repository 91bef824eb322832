"""Which tokens of the original stand for which tokens of the normalized text.

The original is cut where the pipeline cut the normalized text, wherever that
place has an exact counterpart; spaCy's ``Alignment.from_strings`` then says,
around each variant, which normalized tokens stand behind each original one.

>>> import spacy
>>> from normspell import normalize
>>> from normspell.spacy.tokenmap import map_tokens
>>> nlp = spacy.blank("en")
>>> norm = normalize("The united $nakes of ameriKKKa")
>>> m = map_tokens(norm, nlp(norm.text))
>>> m.words, m.carriers
(['The', 'united', '$nakes', 'of', 'ameriKKKa'], [0, 1, 2, 3, 4])
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.attrs import IDX, LENGTH, ORTH, SPACY
from spacy.tokens import Doc
from spacy.training import Alignment

from normspell.normalize import Normalization

__all__ = ["CharMap", "TokenMap", "check_text", "map_tokens"]

_WORD = re.compile(r"\S+")
_SPACE = re.compile(r"\s")


class CharMap:
    """Offsets of the normalized text mapped to the original, exactly where known.

    Outside variants every offset maps exactly. Inside one, only anchors do: the
    word edges when the variant has as many words as its standard, and the
    common prefix and suffix of each such word pair (``u.$.a.``/``U.S.A.``).
    """

    def __init__(self, norm: Normalization):
        self.alignment = norm.alignment()
        self.spans = self.alignment.norm
        self.changes = sorted(norm.changes, key=lambda c: c.start)
        # Built on the first question about a variant's inside: most variants are
        # one token each, and their edges map without anchors.
        self._anchors: dict[int, tuple[list[int], list[int]]] = {}

    def _inside(self, x: int) -> tuple[list[int], list[int]] | None:
        i = bisect.bisect_right(self.spans, (x, x)) - 1
        if i < 0 or not self.spans[i][0] < x < self.spans[i][1]:
            return None
        if i not in self._anchors:
            c, (ns, ne) = self.changes[i], self.spans[i]
            pairs = {ns: c.start, ne: c.end}
            ow, nw = list(_WORD.finditer(c.original)), list(_WORD.finditer(c.replacement))
            if len(ow) == len(nw):
                for o, n in zip(ow, nw):
                    a, b = o.group(), n.group()
                    room = min(len(a), len(b))
                    head = _common(zip(a, b), room)
                    tail = _common(zip(reversed(a), reversed(b)), room - head)  # never crossing head
                    for k in range(head + 1):
                        pairs[ns + n.start() + k] = c.start + o.start() + k
                    for k in range(tail + 1):
                        pairs[ns + n.end() - k] = c.start + o.end() - k
            keys = sorted(pairs)
            self._anchors[i] = (keys, [pairs[k] for k in keys])
        return self._anchors[i]

    def exact(self, x: int) -> int | None:
        anchors = self._inside(x)
        if anchors is None:
            return self.alignment.to_original(x)
        keys, values = anchors
        j = bisect.bisect_left(keys, x)
        return values[j] if keys[j] == x else None

    def snap(self, x: int, side: str) -> int:
        """Like ``exact``, but between anchors the nearest one on ``side``."""
        anchors = self._inside(x)
        if anchors is None:
            return self.alignment.to_original(x)
        keys, values = anchors
        j = bisect.bisect_left(keys, x)
        return values[j] if keys[j] == x or side == "right" else values[j - 1]


def _common(pairs, limit: int) -> int:
    """How many leading pairs agree ignoring case (at most ``limit``)."""
    n = 0
    for x, y in pairs:
        if n == limit or x.lower() != y.lower():
            break
        n += 1
    return n


@dataclass(frozen=True, slots=True)
class TokenMap:
    """The original's tokens and what stands behind each.

    ``words``/``spaces`` build the original Doc; ``carriers[k]`` is the
    normalized token whose annotation original token ``k`` takes (-1: none,
    whitespace inside a variant) and ``firsts[k]`` the first normalized token
    behind it; ``norm2orig[y]`` is the original token standing for normalized
    token ``y``; ``group_norms`` holds ``(k, norm)`` for tokens standing for
    several. (Lists, not tuples: built once per doc, read once, by numpy.)
    """

    words: list[str]
    spaces: list[bool]
    carriers: list[int]
    firsts: list[int]
    norm2orig: list[int]
    group_norms: list[tuple[int, str]]
    charmap: CharMap


def map_tokens(norm: Normalization, ndoc: Doc, nhead=None) -> TokenMap:
    """The :class:`TokenMap` of ``ndoc`` (a Doc of ``norm.text``) onto ``norm.source``.

    ``nhead`` (absolute head indices) lets a group's root be its carrier.
    """
    tokens = check_text(norm, ndoc)
    cmap = CharMap(norm)
    return TokenMap(*_tokens(norm, ndoc, tokens, cmap, nhead), cmap)


def check_text(norm: Normalization, ndoc: Doc) -> tuple[list, list, list, list]:
    """Raise ValueError unless ``ndoc`` is a Doc of ``norm.text``; its tokens' texts,
    trailing spaces, starts and ends."""
    # Arrays, not doc.text (a Token object per token): this runs for every doc.
    orths, trailing, starts, lengths = ndoc.to_array([ORTH, SPACY, IDX, LENGTH]).T.tolist() if len(ndoc) else [[]] * 4
    texts = [ndoc.vocab.strings[o] for o in orths]
    if "".join(t + " " if s else t for t, s in zip(texts, trailing)) != norm.text:
        msg = f"the Doc's text {ndoc.text[:30]!r} is not the normalized text {norm.text[:30]!r}: run the pipeline on norm.text"
        raise ValueError(msg)
    return texts, trailing, starts, [a + n for a, n in zip(starts, lengths)]


def _regions(starts: list[int], ends: list[int], spans) -> list[list[int]]:
    """``[first token, end token, start, end]`` of the normalized tokens each variant touches, merged."""
    out: list[list[int]] = []
    for ns, ne in spans:
        i = bisect.bisect_right(starts, ns) - 1
        if i < 0 or ends[i] <= ns:
            i += 1
        j = max(bisect.bisect_left(starts, ne), i + 1)  # a standard form is never empty
        a, b = min(ns, starts[i]), max(ne, ends[j - 1])
        if out and (i < out[-1][1] or a < out[-1][3]):
            out[-1][1], out[-1][3] = max(out[-1][1], j), max(out[-1][3], b)
        else:
            out.append([i, j, a, b])
    return out


def _tokens(norm, ndoc, tokens, cmap, nhead):
    # The fields of a TokenMap but the last, region by region.
    texts, trailing, starts, ends = tokens
    words, spaces, src, first, group_norms = [], [], [], [], []
    norm2orig = [0] * len(ndoc)
    prev = 0
    for i, j, a, b in _regions(starts, ends, cmap.spans) + [[len(ndoc), len(ndoc), None, None]]:
        base = len(words)
        words += texts[prev:i]
        spaces += map(bool, trailing[prev:i])
        src += range(prev, i)
        first += range(prev, i)
        norm2orig[prev:i] = range(base, base + i - prev)
        prev = j
        if a is None:
            break
        # Cut the original where the pipeline cut the normalized text, wherever
        # that place has an exact counterpart.
        if j - i == 1:
            piece = norm.source[cmap.exact(a):cmap.exact(b)]
            if not _SPACE.search(piece):  # the common case, one word for one token: nothing to align
                norm2orig[i] = len(words)
                words.append(piece)
                spaces.append(bool(trailing[i]))
                src.append(i)
                first.append(i)
                continue
        points: list[tuple[int, int]] = []
        for x in sorted({a, b, *starts[i:j], *ends[i:j]}):
            o = cmap.exact(x)
            if o is None:
                continue
            if points and o <= points[-1][1]:
                points.pop()  # an empty original piece: its normalized text joins the next
            points.append((x, o))
        start = len(words)
        intervals = []  # per region word: its normalized text, or None for whitespace
        for (n0, o0), (n1, o1) in zip(points, points[1:]):
            piece = norm.source[o0:o1]
            core = piece.strip()
            lead = len(piece) - len(piece.lstrip())
            for text, interval in ((piece[:lead], None), (core, (n0, n1)), (piece[lead + len(core):], None)):
                if not text:
                    continue
                if interval is None:
                    if len(words) > start and text[0] == " " and not spaces[-1]:
                        spaces[-1], text = True, text[1:]  # spaCy's rule: one space trails a token
                    if not text:
                        continue
                words.append(text)
                spaces.append(False)
                intervals.append(interval)
        spaces[-1] = bool(trailing[j - 1])
        # spaCy's own alignment groups the normalized tokens behind each original
        # one; an empty string would shift its indices, a space aligns to nothing.
        strings = [w if iv is None else norm.text[iv[0]:iv[1]] or " " for w, iv in zip(words[start:], intervals)]
        x2y = Alignment.from_strings(strings, texts[i:j]).x2y
        norm2orig[i:j] = [-1] * (j - i)
        for k, (lo, hi) in enumerate(zip(x2y.starts.tolist(), x2y.ends.tolist())):
            group = [i + y for y in x2y.data[lo:hi].tolist()]
            src.append(_carrier(group, nhead, ndoc) if group else -1)
            first.append(group[0] if group else -1)
            for y in group:
                norm2orig[y] = start + k
            if len(group) > 1:
                text = norm.text[starts[group[0]]:ends[group[-1]]]
                group_norms.append((start + k, ndoc.vocab[text].norm_))
        for y in range(i, j):  # a normalized token nothing stands for: its predecessor's
            if norm2orig[y] < 0:
                norm2orig[y] = norm2orig[y - 1] if y > i else start
    return words, spaces, src, first, norm2orig, group_norms


def _carrier(group: list[int], nhead, ndoc: Doc) -> int:
    if len(group) == 1:
        return group[0]
    members = set(group)
    roots = group if nhead is None else [g for g in group if _escapes(g, nhead, members)]
    return next((g for g in roots if not ndoc[g].is_punct), (roots or group)[0])


def _escapes(g: int, nhead, members: set[int]) -> bool:
    # True if no ancestor of g's head is in the group: carrying g's arc keeps a tree.
    h, steps = int(nhead[g]), 0
    if h == g:
        return True
    while steps < len(nhead):
        if h in members:
            return False
        if nhead[h] == h:
            return True
        h, steps = int(nhead[h]), steps + 1
    return False


