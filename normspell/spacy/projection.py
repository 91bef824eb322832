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

import numpy
from spacy.attrs import DEP, ENT_IOB, HEAD, LEMMA, MORPH, NORM, POS, SENT_START, TAG
from spacy.symbols import SPACE
from spacy.tokens import Doc, SpanGroup
from spacy.util import filter_spans

from normspell.normalize import Normalization
from normspell.spacy.tokenmap import CharMap, check_text, map_tokens

__all__ = ["project"]

if not Doc.has_extension("normspell_text"):
    Doc.set_extension("normspell_text", default=None)

# The layout in which the normspell component keeps a doc's changes, read by its
# doc._.normspell_text / normspell_changes getters: a projected Doc answers them
# as if the component had run on it.
_CHANGE = "normspell_change"

_COLUMNS = (TAG, POS, MORPH, LEMMA, NORM, ENT_IOB, SENT_START, HEAD, DEP)


def project(norm: Normalization, ndoc: Doc) -> Doc:
    """A Doc of ``norm.source`` carrying the annotations ``ndoc`` has on ``norm.text``.

    Each original token stands for one or more normalized tokens (see
    :mod:`normspell.spacy.tokenmap`). Rules:

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
    if not norm.changes:
        check_text(norm, ndoc)
        _mark(ndoc, norm)
        return ndoc
    # One array for every attribute; which are annotated at all is read off it
    # (Doc.has_annotation would walk the tokens once per question).
    arr = ndoc.to_array(list(_COLUMNS))
    present = arr.any(axis=0).tolist()
    present[_COLUMNS.index(SENT_START)] = bool(arr[1:, _COLUMNS.index(SENT_START)].any())  # as spaCy: the first is always one
    annotated = {a for a, yes in zip(_COLUMNS, present) if yes}
    nhead = None
    if DEP in annotated:
        nhead = numpy.arange(len(ndoc)) + arr[:, _COLUMNS.index(HEAD)].view(numpy.int64)
    m = map_tokens(norm, ndoc, nhead)
    doc = Doc(ndoc.vocab, words=m.words, spaces=m.spaces)
    _copy_tokens(ndoc, arr, annotated, doc, m.carriers, m.firsts, m.norm2orig, nhead)
    for i, text in m.group_norms:
        doc[i].norm_ = text
    _copy_spans(ndoc, ENT_IOB in annotated, doc, m.charmap)
    _mark(doc, norm)
    return doc


def _mark(doc: Doc, norm: Normalization) -> None:
    for c in norm.changes + norm.mentions:
        doc.user_data[("._.", _CHANGE, c.start, c.end)] = (
            c.original, c.replacement, c.standard, c.category, c.rule, c.confidence, c.reason, c.kind)
    if Doc.get_extension("normspell_text")[2] is None:  # a plain value, not the component's getter
        doc._.normspell_text = norm.text


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


def _copy_spans(ndoc: Doc, has_ents: bool, doc: Doc, cmap: CharMap) -> None:
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
