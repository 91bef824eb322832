"""The core's changes marked on a Doc: stored data, merged tokens, spans and norms.

The ``normspell`` component finds changes with the core and hands them to
:func:`mark`, which maps each onto tokens with ``doc.char_span``, merges a
variant the tokenizer split, stores one span per variant and gives the tokens
standard norms. The ``Doc._.normspell_*``, ``Token._.normspell_*`` and
``Span._.normspell_change`` extensions, registered when this module is imported,
read what it stored.

>>> import spacy
>>> from normspell import Normalizer
>>> nlp = spacy.blank("en")
>>> doc = nlp.make_doc("the u.$.a. today")
>>> found = Normalizer.from_lexicons().detect(doc.text)
>>> doc = mark(doc, found, merge=True, spans_key="found", norm=lambda s: nlp.vocab[s].norm_)
>>> [(t.text, t.norm_) for t in doc], doc.spans["found"][0].label_
([('the', 'the'), ('u.$.a.', 'u.s.a.'), ('today', 'today')], 'place')
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from normspell.alignment import Change, apply
from normspell.spacy.tokenizer import doc_text

__all__ = ["mark"]

# A change is stored in doc.user_data under spaCy's own key layout for a value at
# character offsets, ("._.", name, start, end), so that Doc.to_bytes, DocBin,
# nlp.pipe(n_process=2) and Doc.from_docs (which shifts the offsets) carry it.
_CHANGE = "normspell_change"
_STANDARD = "normspell_standard"
_WORD = re.compile(r"\S+")


def _stored_changes(doc: Doc) -> list[Change]:
    if not doc.user_data:
        return []
    found = [Change(k[2], k[3], *v) for k, v in doc.user_data.items()
             if isinstance(k, tuple) and len(k) == 4 and k[0] == "._." and k[1] == _CHANGE]
    return sorted(found, key=lambda c: c.start)


def _change_within(doc: Doc, start: int, end: int) -> Change | None:
    return next((c for c in _stored_changes(doc) if c.start < end and start < c.end), None)


def _register_extensions() -> None:
    # At import, so that worker processes of nlp.pipe(n_process=...) have them too.
    Doc.set_extension("normspell_changes", force=True, getter=lambda doc: tuple(
        c for c in _stored_changes(doc) if c.kind == "variant"))
    Doc.set_extension("normspell_mentions", force=True, getter=lambda doc: tuple(
        c for c in _stored_changes(doc) if c.kind == "mention"))
    Doc.set_extension("normspell_text", force=True,
                      getter=lambda doc: apply(doc_text(doc), doc._.normspell_changes))
    Token.set_extension(_STANDARD, force=True, default=None)
    Token.set_extension(_CHANGE, force=True,
                        getter=lambda t: _change_within(t.doc, t.idx, t.idx + len(t)))
    Span.set_extension(_CHANGE, force=True,
                       getter=lambda s: _change_within(s.doc, s.start_char, s.end_char))


_register_extensions()


def mark(doc: Doc, found: tuple[Change, ...], *, merge: bool, spans_key: str,
         norm: Callable[[str], str] | None) -> Doc:
    """Mark ``found`` (the core's changes in the doc's text) on ``doc``; return it.

    ``merge`` merges a variant the tokenizer split into one token; ``norm``
    turns a token's standard spelling into its NORM (``None``: norms are left
    alone). Results of an earlier call on the same doc are replaced.
    """
    user_data = doc.user_data
    if user_data:  # a second run must not keep the first run's results
        for key in [k for k in user_data if isinstance(k, tuple) and len(k) == 4
                    and k[0] == "._." and k[1] in (_CHANGE, _STANDARD)]:
            del user_data[key]
    if not found:  # most docs: no work beyond the scan
        doc.spans[spans_key] = []
        return doc
    for c in found:
        user_data[("._.", _CHANGE, c.start, c.end)] = (
            c.original, c.replacement, c.standard, c.category, c.rule, c.confidence, c.reason, c.kind)
    variants = [c for c in found if c.kind == "variant"]
    per_variant = [_units(c) for c in variants]
    units = [u for us in per_variant for u in us]
    spans = _unit_spans(doc, variants, per_variant)
    if merge and any(len(span) > 1 for span in spans):
        _merge(spans)  # retokenize costs even with nothing to merge: most docs skip it
        spans = _unit_spans(doc, variants, per_variant)
    group, k = [], 0
    for c, us in zip(variants, per_variant):
        if len(us) == 1:  # most variants: the unit's span, made with the label
            group.append(spans[k])
        else:
            group.append(doc.char_span(c.start, c.end, label=c.category, alignment_mode="expand"))
        k += len(us)
    doc.spans[spans_key] = group
    _set_standards(doc, units, spans, norm)
    return doc


def _unit_spans(doc: Doc, variants: list[Change], per_variant: list[list[tuple[int, int, str]]]) -> list[Span]:
    spans = []
    for c, us in zip(variants, per_variant):
        if len(us) == 1:
            spans.append(doc.char_span(c.start, c.end, label=c.category, alignment_mode="expand"))
        else:
            spans.extend(doc.char_span(start, end, alignment_mode="expand") for start, end, _std in us)
    return spans


def _units(change: Change) -> list[tuple[int, int, str]]:
    # Word by word when the variant and its standard have as many words
    # ("united $nakes" -> "United States"), else the whole change as one unit.
    standards = change.replacement.split()
    if len(standards) > 1:
        words = [(change.start + m.start(), change.start + m.end()) for m in _WORD.finditer(change.original)]
        if len(words) == len(standards):
            return [(a, b, s) for (a, b), s in zip(words, standards)]
    return [(change.start, change.end, change.replacement)]


def _merge(spans: list[Span]) -> None:
    # Units never share a token (the core matches whole tokens), but a guard
    # costs nothing and the retokenizer rejects overlapping spans.
    doc, last = spans[0].doc, -1
    with doc.retokenize() as retokenizer:
        for span in spans:
            if len(span) > 1 and span.start > last:
                retokenizer.merge(span)
                last = span.end - 1


def _set_standards(doc: Doc, units: list[tuple[int, int, str]], spans: list[Span],
                   norm: Callable[[str], str] | None) -> None:
    # Each token gets its own text with the standard written over the part a
    # variant covers: "U.$.-led" (one token) becomes "U.S.-led". What
    # token._.normspell_standard = standard would store, without building an
    # Underscore object per token; spaCy reads an empty norm as "unset".
    user_data = doc.user_data
    pieces: dict[int, tuple[Token, list[tuple[int, int, str]]]] = {}
    for (start, end, standard), span in zip(units, spans):
        if len(span) == 1:
            t = doc[span.start]
            if t.idx == start and len(t) == end - start:  # most units: one whole token
                user_data[("._.", _STANDARD, start, None)] = standard
                if norm is not None and standard:
                    t.norm_ = norm(standard)
                continue
        tokens = [t for t in span if len(span) == 1 or not t.is_space]
        same_length = len(standard) == end - start
        for n, t in enumerate(tokens):
            a, b = max(start, t.idx), min(end, t.idx + len(t))
            if len(tokens) == 1:
                text = standard
            elif same_length:  # split and not merged: each token its own characters
                text = standard[a - start:b - start]
            else:  # no character alignment: the first token stands for all the rest
                text = standard if n == 0 else ""
            pieces.setdefault(t.i, (t, []))[1].append((a - t.idx, b - t.idx, text))
    for token, parts in pieces.values():
        out, pos, orth = [], 0, token.text
        for a, b, text in sorted(parts):
            out += [orth[pos:a], text]
            pos = b
        standard = "".join(out) + orth[pos:]
        user_data[("._.", _STANDARD, token.idx, None)] = standard
        if norm is not None and standard:
            token.norm_ = norm(standard)
