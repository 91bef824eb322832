"""The ``normspell`` spaCy component: standard spellings as token norms.

The component runs the core :class:`~normspell.Normalizer` once on the doc's
text and maps every change to tokens with ``doc.char_span``, so it finds a variant
whatever the tokenizer did with it (``$nakes`` is split into ``$`` + ``nakes``,
``u.$.a.`` into ``u.$.a`` + ``.``). It merges a split variant back into one
token, sets each token's ``norm_`` to the NORM the standard spelling would get,
and stores one span per variant in ``doc.spans["normspell"]``. ``doc.text`` is
never changed; the normalized text is ``doc._.normspell_text``. The text is the
string the tokenizer was given, kept by the
:class:`~normspell.spacy.tokenizer.TextKeepingTokenizer` the component wraps
around ``nlp.tokenizer``, so that spaCy need not rebuild it from the tokens.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> _ = nlp.add_pipe("normspell", first=True)
>>> doc = nlp("The united $nakes of ameriKKKa jailed a womyn from I$rael.")
>>> [t.norm_ for t in doc]
['the', 'united', 'states', 'of', 'america', 'jailed', 'a', 'woman', 'from', 'israel', '.']
>>> doc._.normspell_text
'The United States of America jailed a woman from Israel.'
>>> [(s.text, s.label_) for s in doc.spans["normspell"]]
[('united $nakes of ameriKKKa', 'place'), ('womyn', 'gender'), ('I$rael', 'place')]
"""

import re
from collections.abc import Sequence
from pathlib import Path

import srsly
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span, Token

from normspell.alignment import Change, apply
from normspell.lexicon import Lexicon, expand_forms, load_lexicon, parse_lexicon
from normspell.normalize import NormalizeConfig, Normalizer
from normspell.spacy.tokenizer import TextKeepingTokenizer, doc_text

__all__ = ["NormspellComponent", "make_normspell"]

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


class NormspellComponent:
    """Find deliberate spellings in a ``Doc`` and give their tokens standard norms.

    Made by ``nlp.add_pipe("normspell", config={...})``; the config keys and
    their defaults:

    - ``lexicons``: bundled names or ``.toml`` paths, later ones override
      earlier ones. Default ``["mim"]``. The file bytes are kept in the
      component, so ``nlp.to_disk`` saves them with the pipeline.
    - ``only``, ``skip``, ``mentions``, ``min_confidence``: as in
      :class:`~normspell.NormalizeConfig`. Defaults ``None``, ``[]``,
      ``"keep"``, ``0.0``.
    - ``merge``: merge a variant that the tokenizer split into one token, and a
      multiword variant whose word count differs from its standard's. Default
      ``True``.
    - ``overwrite_norm``: set ``token.norm_`` of variant tokens (the token's
      own norm; the shared vocabulary entry is never written). Default ``True``.
    - ``spans_key``: the ``doc.spans`` group for the variants. Default
      ``"normspell"``.
    - ``wrap_tokenizer``: wrap ``nlp.tokenizer``, if it is spaCy's rule-based
      ``Tokenizer``, in a :class:`~normspell.spacy.tokenizer.TextKeepingTokenizer`,
      which keeps each doc's text for the component instead of spaCy
      rebuilding it from the tokens. The results are the same either way; only
      the speed differs. Default ``True``.
    """

    def __init__(self, nlp: Language, name: str = "normspell", *, lexicons: Sequence[str] = ("mim",),
                 only: Sequence[str] | None = None, skip: Sequence[str] = (), mentions: str = "keep",
                 min_confidence: float = 0.0, merge: bool = True, overwrite_norm: bool = True,
                 spans_key: str = "normspell", wrap_tokenizer: bool = True):
        if wrap_tokenizer and isinstance(nlp.tokenizer, Tokenizer):
            # Only spaCy's own: its docs have exactly the text it was given, which
            # other tokenizers need not keep. One wrapper serves every normspell
            # component of the pipeline (a wrapper is no Tokenizer).
            nlp.tokenizer = TextKeepingTokenizer(nlp.tokenizer)
        self.vocab = nlp.vocab
        self.name = name
        self.sources = tuple(str(s) for s in lexicons)
        self.config = NormalizeConfig(only=None if only is None else frozenset(only),
                                      skip=frozenset(skip), mentions=mentions,
                                      min_confidence=min_confidence)
        self.merge = merge
        self.overwrite_norm = overwrite_norm
        self.spans_key = spans_key
        self._data: tuple[tuple[str, bytes], ...] = ()  # (source, lexicon file bytes)
        self._normalizer: Normalizer | None = None
        self._norms: dict[str, str] = {}

    @property
    def normalizer(self) -> Normalizer:
        """The core normalizer, compiled on first use.

        Not in ``__init__``: ``spacy.load`` calls ``from_disk`` right after
        the factory, and a lexicon path named in the config need not exist
        where the pipeline is loaded.
        """
        if self._normalizer is None:
            lexicons = [load_lexicon(s) for s in self.sources]
            self._data = tuple((s, Path(lex.path).read_bytes()) for s, lex in zip(self.sources, lexicons))
            self._normalizer = Normalizer(Lexicon.compose(lexicons), self.config)
        return self._normalizer

    def __call__(self, doc: Doc) -> Doc:
        found = self.normalizer.detect(doc_text(doc))
        if doc.user_data:  # a second run must not keep the first run's results
            for key in [k for k in doc.user_data if isinstance(k, tuple) and len(k) == 4
                        and k[0] == "._." and k[1] in (_CHANGE, _STANDARD)]:
                del doc.user_data[key]
        if not found:  # the common case: no work beyond the scan
            doc.spans[self.spans_key] = []
            return doc
        for c in found:
            doc.user_data[("._.", _CHANGE, c.start, c.end)] = (
                c.original, c.replacement, c.standard, c.category, c.rule, c.confidence, c.reason, c.kind)
        variants = [c for c in found if c.kind == "variant"]
        units = [u for c in variants for u in _units(c)]
        spans = [doc.char_span(start, end, alignment_mode="expand") for start, end, _std in units]
        if self.merge and any(len(span) > 1 for span in spans):
            _merge(spans)  # retokenize costs even with nothing to merge: most docs skip it
            spans = [doc.char_span(start, end, alignment_mode="expand") for start, end, _std in units]
        doc.spans[self.spans_key] = [doc.char_span(c.start, c.end, label=c.category, alignment_mode="expand")
                                     for c in variants]
        self._set_standards(doc, units, spans)
        return doc

    def _set_standards(self, doc: Doc, units: list[tuple[int, int, str]], spans: list[Span]) -> None:
        # Each token gets its own text with the standard written over the part a
        # variant covers: "U.$.-led" (one token) becomes "U.S.-led".
        pieces: dict[int, tuple[Token, list[tuple[int, int, str]]]] = {}
        for (start, end, standard), span in zip(units, spans):
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
            # What token._.normspell_standard = standard stores, without building
            # an Underscore object per token.
            doc.user_data[("._.", _STANDARD, token.idx, None)] = standard
            if self.overwrite_norm and standard:  # spaCy reads an empty norm as "unset"
                token.norm_ = self._norm(standard)

    def _norm(self, standard: str) -> str:
        # The NORM spaCy gives the standard spelling itself (lower case, or the
        # language's norm table), so that patterns made with nlp.make_doc match.
        norm = self._norms.get(standard)
        if norm is None:
            norm = self._norms[standard] = self.vocab[standard].norm_
        return norm

    def add_special_cases(self, tokenizer) -> int:
        """Keep the variants the tokenizer would split whole, from the start.

        Adds a tokenizer special case for every lower, upper and title-case form
        of a lexicon variant (each word of a multiword one) that ``tokenizer``
        splits; returns how many. The cases are saved with the tokenizer by
        ``nlp.to_disk``. Other casings are still merged by the component.

        >>> import spacy
        >>> nlp = spacy.blank("en")
        >>> n = nlp.add_pipe("normspell").add_special_cases(nlp.tokenizer)
        >>> [t.text for t in nlp.make_doc("the u.$.a. and $nakes")]
        ['the', 'u.$.a.', 'and', '$nakes']
        """
        words = {w for e in self.normalizer.lexicon.entries for form, _c, _s, _o in expand_forms(e)
                 for w in form.split()}
        forms = {f for w in words for f in (w, w.upper(), w.title(), w[:1].upper() + w[1:])}
        added = 0
        for form in sorted(forms):
            if len(tokenizer(form)) > 1:
                tokenizer.add_special_case(form, [{"ORTH": form}])
                added += 1
        return added

    # --- serialization: the lexicon bytes travel with the pipeline ----------

    def _load_data(self, data: list[tuple[str, bytes]], where: str) -> None:
        self._data = tuple((str(s), bytes(raw)) for s, raw in data)
        lexicons = [parse_lexicon(raw, f"{where}:{s}") for s, raw in self._data]
        self._normalizer = Normalizer(Lexicon.compose(lexicons), self.config)

    def to_bytes(self, *, exclude=()) -> bytes:
        """The lexicons as bytes (the options live in the pipeline's config)."""
        self.normalizer  # noqa: B018 - loads the lexicon bytes if not yet done
        return srsly.msgpack_dumps({"lexicons": [[s, raw] for s, raw in self._data]})

    def from_bytes(self, data: bytes, *, exclude=()) -> "NormspellComponent":
        """Restore the lexicons saved by :meth:`to_bytes`."""
        self._load_data(srsly.msgpack_loads(data)["lexicons"], "<bytes>")
        return self

    def to_disk(self, path: str | Path, *, exclude=()) -> None:
        """Write a copy of every lexicon file into the folder ``path``."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        files = []
        self.normalizer  # noqa: B018 - loads the lexicon bytes if not yet done
        for i, (source, raw) in enumerate(self._data):
            name = f"{i:02d}-{re.sub(r'[^A-Za-z0-9_-]+', '_', Path(source).stem)}.toml"
            (path / name).write_bytes(raw)
            files.append({"source": source, "file": name})
        srsly.write_json(path / "lexicons.json", files)

    def from_disk(self, path: str | Path, *, exclude=()) -> "NormspellComponent":
        """Load the lexicon copies written by :meth:`to_disk`."""
        path = Path(path)
        files = srsly.read_json(path / "lexicons.json")
        self._load_data([(f["source"], (path / f["file"]).read_bytes()) for f in files], str(path))
        return self


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


@Language.factory(
    "normspell",
    default_config={"lexicons": ["mim"], "only": None, "skip": [], "mentions": "keep",
                    "min_confidence": 0.0, "merge": True, "overwrite_norm": True,
                    "spans_key": "normspell", "wrap_tokenizer": True},
)
def make_normspell(nlp: Language, name: str, lexicons: list[str], only: list[str] | None,
                   skip: list[str], mentions: str, min_confidence: float, merge: bool,
                   overwrite_norm: bool, spans_key: str, wrap_tokenizer: bool) -> NormspellComponent:
    """The ``normspell`` factory (registered through the ``spacy_factories`` entry point)."""
    return NormspellComponent(nlp, name, lexicons=lexicons, only=only, skip=skip, mentions=mentions,
                              min_confidence=min_confidence, merge=merge,
                              overwrite_norm=overwrite_norm, spans_key=spans_key,
                              wrap_tokenizer=wrap_tokenizer)
