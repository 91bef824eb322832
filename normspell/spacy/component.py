"""The ``normspell`` spaCy component: standard spellings as token norms.

The component runs the core :class:`~normspell.Normalizer` once on the doc's
text and maps every change to tokens with ``doc.char_span``
(:func:`normspell.spacy.changes.mark`), so it finds a variant
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
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

import srsly
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import minibatch, raise_error

from normspell.alignment import Change
from normspell.lexicon import Lexicon, expand_forms, load_lexicon, parse_lexicon
from normspell.lexicon_file import available_lexicons
from normspell.normalize import NormalizeConfig, Normalizer
from normspell.spacy.changes import mark
from normspell.spacy.tokenizer import TextKeepingTokenizer, doc_text

__all__ = ["NormspellComponent", "make_normspell"]

_BATCH = 64  # at most this many docs are detected together (measured: 32-128 are best)


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
    - ``special_cases``: with ``merge``, give spaCy's tokenizer a special case
      for each lower, upper and title-case lexicon form it would split
      (:meth:`add_special_cases`), so that ``$nakes`` and ``u.$.a.`` are one
      token from the start, as merging would make them, without the cost of
      retokenizing. The tokens and norms are the same either way, but that a word
      of a multiword form stays whole also where it stands alone (``$nakes``
      without ``united``). Default ``True``.
    """

    def __init__(self, nlp: Language, name: str = "normspell", *, lexicons: Sequence[str] = ("mim",),
                 only: Sequence[str] | None = None, skip: Sequence[str] = (), mentions: str = "keep",
                 min_confidence: float = 0.0, merge: bool = True, overwrite_norm: bool = True,
                 spans_key: str = "normspell", wrap_tokenizer: bool = True, special_cases: bool = True):
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
        self._error_handler: Callable = raise_error
        # The tokenizer that gets the special cases, once the lexicons are loaded.
        self._tokenizer = nlp.tokenizer if special_cases and merge and _is_spacy_tokenizer(nlp.tokenizer) else None
        if self._tokenizer is not None and all(s in available_lexicons() for s in self.sources):
            self.normalizer  # noqa: B018 - bundled lexicons: at once, so that nlp.make_doc has them too

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
            self._add_own_special_cases()
        return self._normalizer

    def __call__(self, doc: Doc) -> Doc:
        return self._mark(doc, self.normalizer.detect(doc_text(doc)))

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        """Annotate ``docs`` as ``__call__`` does, ``batch_size`` at a time.

        ``nlp.pipe`` calls this. Running the core over a batch between spaCy's
        steps keeps each one's data in the processor's caches, which costs less
        than alternating doc by doc. A doc that fails goes to the pipeline's
        error handler (``nlp.set_error_handler``), the others go on.
        """
        detect = self.normalizer.detect
        # A batch much larger than the caches loses more, by keeping spaCy from
        # reusing the memory of docs already consumed, than it saves.
        for batch in minibatch(docs, min(batch_size, _BATCH)):
            found = []
            for doc in batch:
                try:
                    found.append(detect(doc_text(doc)))
                except Exception as e:  # spaCy's contract: the handler decides
                    self._error_handler(self.name, self, [doc], e)
                    found.append(None)
            for doc, changes in zip(batch, found):
                if changes is None:
                    continue
                try:
                    doc = self._mark(doc, changes)
                except Exception as e:
                    self._error_handler(self.name, self, [doc], e)
                    continue
                yield doc

    def get_error_handler(self) -> Callable:
        """The function told about a doc that fails (spaCy's default: raise)."""
        return self._error_handler

    def set_error_handler(self, error_handler: Callable) -> None:
        """Set by ``nlp.set_error_handler``: called as ``(name, component, docs, error)``."""
        self._error_handler = error_handler

    def _mark(self, doc: Doc, found: tuple[Change, ...]) -> Doc:
        return mark(doc, found, merge=self.merge, spans_key=self.spans_key,
                    norm=self._norm if self.overwrite_norm else None)

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
        self._add_own_special_cases()

    def _add_own_special_cases(self) -> None:
        if self._tokenizer is not None:
            self.add_special_cases(self._tokenizer)

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


@Language.factory(
    "normspell",
    default_config={"lexicons": ["mim"], "only": None, "skip": [], "mentions": "keep",
                    "min_confidence": 0.0, "merge": True, "overwrite_norm": True,
                    "spans_key": "normspell", "wrap_tokenizer": True, "special_cases": True},
)
def make_normspell(nlp: Language, name: str, lexicons: list[str], only: list[str] | None,
                   skip: list[str], mentions: str, min_confidence: float, merge: bool,
                   overwrite_norm: bool, spans_key: str, wrap_tokenizer: bool,
                   special_cases: bool) -> NormspellComponent:
    """The ``normspell`` factory (registered through the ``spacy_factories`` entry point)."""
    return NormspellComponent(nlp, name, lexicons=lexicons, only=only, skip=skip, mentions=mentions,
                              min_confidence=min_confidence, merge=merge,
                              overwrite_norm=overwrite_norm, spans_key=spans_key,
                              wrap_tokenizer=wrap_tokenizer, special_cases=special_cases)


def _is_spacy_tokenizer(tokenizer) -> bool:
    """spaCy's rule-based tokenizer, or the wrapper around it (whose special cases are its)."""
    return isinstance(getattr(tokenizer, "__wrapped__", tokenizer), Tokenizer)
