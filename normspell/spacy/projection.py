"""Project a Doc of the normalized text onto a Doc of the original text.

:func:`project` is the second half of :func:`normspell.spacy.annotate.annotate`,
public for callers who run the pipeline themselves.

>>> import spacy
>>> from normspell import normalize
>>> from normspell.spacy.projection import project
>>> nlp = spacy.blank("en")
>>> norm = normalize("I$rael and the u.$.a.")
>>> doc = project(norm, nlp(norm.text))
>>> [(t.text, t.norm_) for t in doc]
[('I$rael', 'israel'), ('and', 'and'), ('the', 'the'), ('u.$.a.', 'u.s.a.')]
"""

from __future__ import annotations

import bisect
import re

import numpy
from spacy.attrs import DEP, ENT_IOB, HEAD, IDX, LEMMA, LENGTH, MORPH, NORM, ORTH, POS, SENT_START, SPACY, TAG
from spacy.symbols import SPACE
from spacy.tokens import Doc, SpanGroup
from spacy.training import Alignment
from spacy.util import filter_spans

from normspell.normalize import Normalization

__all__ = ["project"]

if not Doc.has_extension("normspell_text"):
    Doc.set_extension("normspell_text", default=None)

# The layout in which the normspell component keeps a doc's changes, read by its
# doc._.normspell_text / normspell_changes getters: a projected Doc answers them
# as if the component had run on it.
_CHANGE = "normspell_change"

_COLUMNS = (TAG, POS, MORPH, LEMMA, NORM, ENT_IOB, SENT_START, HEAD, DEP)
_WORD = re.compile(r"\S+")
_SPACE = re.compile(r"\s")


class _CharMap:
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


def project(norm: Normalization, ndoc: Doc) -> Doc:
    """A Doc of ``norm.source`` carrying the annotations ``ndoc`` has on ``norm.text``.

    Each original token stands for one or more normalized tokens; around every
    variant spaCy's ``Alignment.from_strings`` says which. Rules:

    - One normalized token: its tag, POS, morphology, lemma, norm, dependency
      label and entity IOB are copied; its head becomes the original token that
      stands for its head.
    - Several (a variant whose standard has more words, or that the tokenizer
      cuts where the variant has no counterpart): the group's root carries them,
      i.e. the member whose head lies outside the group, the first that is not
      punctuation if several (without a parse: the first non-punctuation
      member). Arcs into any member point at the original token.
    - None (whitespace inside a variant, ``United\\n$tates``): tag ``_SP``, POS
      ``SPACE``, attached to the previous token as ``dep``, as spaCy's English
      pipelines do with whitespace.
    - Sentence starts follow the projected tree, or without a parse the first
      member. Entities and every ``doc.spans`` group are re-anchored by
      character offsets (``char_span(..., alignment_mode="expand")``): an entity
      on ``United States of America`` covers ``united $nakes of ameriKKKa``.
    - ``token.norm_`` is the norm the pipeline gave the standard spelling
      (``womyn`` -> ``women``, ``I$rael`` -> ``israel`` as for ``Israel``), so
      NORM matchers find variants and standard spellings alike (as with the
      ``normspell`` component); a group gets the norm of its standard text.
    - ``doc.cats``, ``doc.tensor`` rows and extension values (offsets mapped)
      are carried over. ``doc._.normspell_text`` is ``norm.text``; the changes are
      stored where the component keeps them, so ``doc._.normspell_changes``
      works too when it is installed.

    Without changes ``ndoc`` itself is returned.
    """
    # doc.text would make a Token per token; the arrays say the same for less.
    orths, trailing, starts, lengths = ndoc.to_array([ORTH, SPACY, IDX, LENGTH]).T.tolist() if len(ndoc) else [[]] * 4
    texts = [ndoc.vocab.strings[o] for o in orths]
    if "".join(t + " " if s else t for t, s in zip(texts, trailing)) != norm.text:
        msg = f"project: the Doc's text {ndoc.text[:30]!r} is not the normalized text {norm.text[:30]!r}: run the pipeline on norm.text"
        raise ValueError(msg)
    if not norm.changes:
        _mark(ndoc, norm)
        return ndoc
    cmap = _CharMap(norm)
    # One array for every attribute; which are annotated at all is read off it
    # (Doc.has_annotation would walk the tokens once per question).
    arr = ndoc.to_array(list(_COLUMNS))
    present = arr.any(axis=0).tolist()
    present[_COLUMNS.index(SENT_START)] = bool(arr[1:, _COLUMNS.index(SENT_START)].any())  # as spaCy: the first is always one
    annotated = {a for a, yes in zip(_COLUMNS, present) if yes}
    nhead = None
    if DEP in annotated:
        nhead = numpy.arange(len(ndoc)) + arr[:, _COLUMNS.index(HEAD)].view(numpy.int64)
    tokens = texts, trailing, starts, [a + n for a, n in zip(starts, lengths)]
    words, spaces, src, first, norm2orig, group_norms = _tokens(norm, ndoc, tokens, cmap, nhead)
    doc = Doc(ndoc.vocab, words=words, spaces=spaces)
    _copy_tokens(ndoc, arr, annotated, doc, src, first, norm2orig, nhead)
    for i, text in group_norms:
        doc[i].norm_ = text
    _copy_spans(ndoc, ENT_IOB in annotated, doc, cmap)
    _mark(doc, norm)
    return doc


def _mark(doc: Doc, norm: Normalization) -> None:
    for c in norm.changes + norm.mentions:
        doc.user_data[("._.", _CHANGE, c.start, c.end)] = (
            c.original, c.replacement, c.standard, c.category, c.rule, c.confidence, c.reason, c.kind)
    if Doc.get_extension("normspell_text")[2] is None:  # a plain value, not the component's getter
        doc._.normspell_text = norm.text


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
    """The original's words and spaces, and for each original token its carrier
    (normalized token whose annotation it takes; -1 none) and first member; for
    each normalized token the original token standing for it."""
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


def _copy_tokens(ndoc: Doc, arr, annotated: set[int], doc: Doc, src, first, norm2orig, nhead) -> None:
    strings = doc.vocab.strings
    src = numpy.asarray(src, dtype=numpy.int64)
    lone = src < 0  # nothing stands behind it: whitespace inside a variant
    some_lone = bool(lone.any())
    rows = numpy.where(lone, 0, src) if some_lone else src
    out = arr[rows]
    iob = out[:, _COLUMNS.index(ENT_IOB)]
    iob[(iob == 1) | (iob == 3)] = 2  # entities are set again from re-anchored spans
    if some_lone:
        out[lone] = 0
        if ENT_IOB in annotated:
            iob[lone] = 2
        if TAG in annotated:
            out[lone, _COLUMNS.index(TAG)] = strings.add("_SP")
        if POS in annotated:
            out[lone, _COLUMNS.index(POS)] = SPACE
    columns = list(_COLUMNS)
    # Most docs: every token stands for its namesake, heads and starts stay as they are.
    identity = len(doc) == len(ndoc) and not some_lone and bool((src == numpy.arange(len(doc))).all())
    if nhead is not None:
        if not identity:
            positions = numpy.arange(len(doc))
            head = numpy.asarray(norm2orig, dtype=numpy.int64)[nhead[rows]]
            if some_lone:
                head[lone] = numpy.maximum(positions[lone] - 1, 0)
                out[lone, columns.index(DEP)] = strings.add("dep")
            out[:, columns.index(HEAD)] = (head - positions).view(numpy.uint64)
        del columns[columns.index(SENT_START)]  # the tree decides
    else:
        if not identity:
            first = numpy.asarray(first, dtype=numpy.int64)
            starts = arr[numpy.where(first < 0, 0, first), _COLUMNS.index(SENT_START)]
            if some_lone and SENT_START in annotated:
                starts[first < 0] = numpy.uint64(2**64 - 1)  # -1: not a sentence start
                starts[0] = 1
            out[:, _COLUMNS.index(SENT_START)] = starts
        del columns[columns.index(HEAD):]
    doc.from_array(columns, out[:, [_COLUMNS.index(c) for c in columns]])
    tensor = ndoc.tensor
    if getattr(tensor, "ndim", 0) == 2 and tensor.shape[0] == len(ndoc) and len(ndoc):
        vectors = tensor[rows]
        vectors[lone] = 0
        doc.tensor = vectors


def _copy_spans(ndoc: Doc, has_ents: bool, doc: Doc, cmap: _CharMap) -> None:
    def moved(span):
        return doc.char_span(cmap.snap(span.start_char, "left"), cmap.snap(span.end_char, "right"),
                             label=span.label, kb_id=span.kb_id, span_id=span.id, alignment_mode="expand")

    if has_ents:
        doc.set_ents(filter_spans([s for s in map(moved, ndoc.ents) if s is not None]), default="unmodified")
    for key, group in ndoc.spans.items() if ndoc.spans else ():
        doc.spans[key] = SpanGroup(doc, name=key, attrs=dict(group.attrs),
                                   spans=[s for s in map(moved, group) if s is not None])
    doc.cats = dict(ndoc.cats)
    for key, value in ndoc.user_data.items():
        if isinstance(key, tuple) and len(key) == 4 and key[0] == "._.":
            # extension values are keyed by character offsets: move them too
            start = key[2] if key[2] is None else cmap.snap(key[2], "left")
            end = key[3] if key[3] is None else cmap.snap(key[3], "right")
            key = (key[0], key[1], start, end)
        doc.user_data[key] = value
