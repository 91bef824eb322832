"""Run a trained pipeline on the normalized text; annotate the text as it was written.

A tagger reads the characters of ``I$rael`` (shape ``X$xxxx``), not its norm, so
setting norms is not enough. :func:`annotate` normalizes each text, runs the
pipeline on the standard spelling and projects every annotation back onto a
``Doc`` of the ORIGINAL text: ``doc.text`` is the input, always, and
``doc._.normspell_text`` the text the pipeline saw.

>>> import spacy
>>> from normspell.spacy.annotate import annotate
>>> nlp = spacy.blank("en")
>>> ruler = nlp.add_pipe("entity_ruler")
>>> ruler.add_patterns([{"label": "GPE", "pattern": "United States of America"}])
>>> doc = next(annotate(nlp, ["the united $nakes of ameriKKKa"]))
>>> doc.text, [(e.text, e.label_) for e in doc.ents]
('the united $nakes of ameriKKKa', [('united $nakes of ameriKKKa', 'GPE')])
>>> [t.norm_ for t in doc]
['the', 'united', 'states', 'of', 'america']
>>> doc._.normspell_text
'the United States of America'

Tokens: the original is cut where the pipeline cut the normalized text, wherever
that place is known exactly (everywhere outside variants; inside a variant at
the word boundaries when it has as many words as its standard, and within the
prefix and suffix a word shares with its standard, so a final period the
tokenizer splits off ``U.S.A.`` is split off ``u.$.a.`` too). A variant whose word
count differs from its standard's stays one token, as in the ``normspell``
component. Away from variants the tokens are exactly those of ``nlp.tokenizer``.
Projection rules: see :func:`~normspell.spacy.projection.project`.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from normspell.normalize import Normalization, Normalizer
from normspell.spacy.projection import project

__all__ = ["Annotator", "annotate", "wrap"]

if not Doc.has_extension("normspell_text"):
    Doc.set_extension("normspell_text", default=None)

# Where a text longer than nlp.max_length may be cut, best first: after a blank
# line, after a sentence end, after any whitespace.
_CUTS = (re.compile(r"\n[^\S\n]*\n\s*"), re.compile(r"[.!?][\"')\]]*\s+"), re.compile(r"\s+"))


@functools.cache
def _default_normalizer() -> Normalizer:
    return Normalizer.from_lexicons(("mim",))


class Annotator:
    """A pipeline that reads normalized text and annotates the original.

    Built by :func:`wrap`. Calling it returns one ``Doc``; :meth:`pipe` streams
    many, with ``batch_size`` and ``n_process`` passed to ``nlp.pipe``.
    Normalizing and projecting happen in the calling process, so with
    ``n_process > 1`` only plain strings travel to the workers.

    >>> import spacy
    >>> from normspell.spacy.annotate import wrap
    >>> nlp = wrap(spacy.blank("en"))
    >>> doc = nlp("The womyn of I$rael")
    >>> [(t.text, t.idx, t.norm_) for t in doc][1:]
    [('womyn', 4, 'women'), ('of', 10, 'of'), ('I$rael', 13, 'israel')]
    """

    def __init__(self, nlp: Language, normalizer: Normalizer | None = None):
        self.nlp = nlp
        self.normalizer = normalizer or _default_normalizer()

    def __call__(self, text: str) -> Doc:
        return next(iter(self.pipe([text])))

    def pipe(self, texts: Iterable, *, batch_size: int | None = None, n_process: int = 1,
             as_tuples: bool = False) -> Iterator:
        """Annotate ``texts`` in order; with ``as_tuples``, items are ``(text, context)``
        and ``(doc, context)`` pairs come back."""
        pending: dict[int, tuple[Normalization, object]] = {}

        def pieces() -> Iterator[tuple[str, tuple[int, bool]]]:
            for i, item in enumerate(texts):
                text, context = item if as_tuples else (item, None)
                norm = self.normalizer.normalize(text)
                pending[i] = (norm, context)
                cuts = _cuts(norm, self.nlp.max_length)
                for a, b in zip(cuts, cuts[1:]):
                    yield norm.text[a:b], (i, b == cuts[-1])

        parts: list[Doc] = []
        for piece, (i, last) in self.nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size,
                                              n_process=n_process):
            parts.append(piece)
            if not last:
                continue
            norm, context = pending.pop(i)
            # The pieces concatenate to the normalized text, so offsets stay exact.
            whole = parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)
            parts = []
            doc = project(norm, whole)
            yield (doc, context) if as_tuples else doc


def wrap(nlp: Language, *, normalizer: Normalizer | None = None) -> Annotator:
    """``nlp`` as an :class:`Annotator` (default normalizer: the ``mim`` lexicon)."""
    return Annotator(nlp, normalizer)


def annotate(nlp: Language, texts: Iterable, *, normalizer: Normalizer | None = None,
             batch_size: int | None = None, n_process: int = 1, as_tuples: bool = False) -> Iterator:
    """Annotate each text's normalized form with ``nlp``; yield Docs of the originals.

    ``normalizer`` defaults to the ``mim`` lexicon; pass
    ``Normalizer.from_lexicons([...])`` for others.
    """
    return wrap(nlp, normalizer=normalizer).pipe(texts, batch_size=batch_size, n_process=n_process,
                                                  as_tuples=as_tuples)


def _cuts(norm: Normalization, limit: int) -> list[int]:
    """Offsets cutting ``norm.text`` into pieces of at most ``limit`` characters.

    Cuts go after a blank line, else a sentence end, else whitespace, and never
    inside a variant's standard form (a cut there would split its words).

    >>> from normspell import normalize
    >>> n = normalize("Our wimmin.\\n\\nTwo. Three four five")
    >>> cuts = _cuts(n, 14)
    >>> [n.text[a:b] for a, b in zip(cuts, cuts[1:])]
    ['Our women.\\n\\n', 'Two. ', 'Three four ', 'five']
    """
    text, pos, cuts = norm.text, 0, [0]
    if len(text) <= limit:  # nearly always: no alignment needed
        return [0, len(text)]
    spans = norm.alignment().norm

    def start_around(x: int) -> int | None:  # the start of the standard form x is inside
        i = bisect.bisect_left(spans, (x, x)) - 1
        return spans[i][0] if i >= 0 and spans[i][0] < x < spans[i][1] else None

    while len(text) - pos > limit:
        window, cut = text[pos:pos + limit], 0
        for pattern in _CUTS:
            ends = [m.end() for m in pattern.finditer(window) if start_around(pos + m.end()) is None]
            if ends:
                cut = ends[-1]
                break
        if not cut:  # one long word: cut anyway, before a standard form if possible
            s = start_around(pos + limit)
            cut = s - pos if s is not None and s > pos else limit
        pos += cut
        cuts.append(pos)
    cuts.append(len(text))
    return cuts
