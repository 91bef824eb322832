"""A tokenizer wrapper that keeps each Doc's text, so the component need not rebuild it.

spaCy rebuilds ``doc.text`` from the tokens on every access, at about half the
cost of tokenizing. The ``normspell`` component reads the text once per doc, so
when it is added it wraps ``nlp.tokenizer`` in a :class:`TextKeepingTokenizer`:
the wrapper calls the tokenizer it wraps and remembers the string it was given,
for as long as the Doc lives. Only spaCy's rule-based ``Tokenizer`` is wrapped,
as its docs always have exactly the text it was given; a custom tokenizer need
not keep it, and is left alone. :func:`doc_text` returns that string, or
``doc.text`` for a Doc the wrapper did not make (``Doc(vocab, words=...)``,
``Doc.from_bytes``, a tokenizer set after the component was added): the same
string either way.

Everything else is the wrapped tokenizer's: attributes are read and set on it
(``nlp.tokenizer.infix_finditer = ...`` customizes it as before), and so are
special cases, ``explain``, serialization and ``memory_zone``. The pipeline's
``config.cfg`` names the ordinary tokenizer; the component's factory wraps it
again when the pipeline is loaded. ``nlp.tokenizer.__wrapped__`` (or
``inspect.unwrap(nlp.tokenizer)``) is the plain tokenizer.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> _ = nlp.add_pipe("normspell")
>>> type(nlp.tokenizer).__name__, type(nlp.tokenizer.__wrapped__).__name__
('TextKeepingTokenizer', 'Tokenizer')
>>> doc = nlp.make_doc("the womyn.")
>>> [t.text for t in doc], doc_text(doc)
(['the', 'womyn', '.'], 'the womyn.')
"""

from __future__ import annotations

import collections
import weakref
from collections.abc import Iterable, Iterator
from typing import Any

from spacy.tokens import Doc

__all__ = ["TextKeepingTokenizer", "doc_text"]

# Doc -> the string its tokenizer was given. Weak keys: an entry lives as long as
# its Doc and nothing is stored on the Doc itself, so nothing shows in
# doc.user_data, Doc.to_bytes or DocBin, whether or not the component runs.
_TEXTS: weakref.WeakKeyDictionary[Doc, str] = weakref.WeakKeyDictionary()


class TextKeepingTokenizer:
    """Call ``tokenizer`` and remember each Doc's text; otherwise behave as ``tokenizer``."""

    __slots__ = ("__wrapped__",)

    def __init__(self, tokenizer):
        object.__setattr__(self, "__wrapped__", tokenizer)

    def __call__(self, text: str) -> Doc:
        doc = self.__wrapped__(text)
        _TEXTS[doc] = text
        return doc

    def pipe(self, texts: Iterable[str], *args: Any, **kwargs: Any) -> Iterator[Doc]:
        """The wrapped tokenizer's ``pipe`` (one Doc per text, in order), remembering each text."""
        inner = getattr(self.__wrapped__, "pipe", None)
        if inner is None:
            yield from map(self, texts)
            return
        pending: collections.deque[str] = collections.deque()

        def feed() -> Iterator[str]:
            for text in texts:
                pending.append(text)
                yield text

        for doc in inner(feed(), *args, **kwargs):
            _TEXTS[doc] = pending.popleft()
            yield doc

    # Serialization is the wrapped tokenizer's; reading returns the wrapper, as
    # spaCy's own from_* methods return the object they were called on.
    def to_disk(self, path, **kwargs: Any) -> None:
        self.__wrapped__.to_disk(path, **kwargs)

    def from_disk(self, path, **kwargs: Any) -> TextKeepingTokenizer:
        self.__wrapped__.from_disk(path, **kwargs)
        return self

    def to_bytes(self, **kwargs: Any) -> bytes:
        return self.__wrapped__.to_bytes(**kwargs)

    def from_bytes(self, data: bytes, **kwargs: Any) -> TextKeepingTokenizer:
        self.__wrapped__.from_bytes(data, **kwargs)
        return self

    def __getattr__(self, name: str) -> Any:
        if name == "__wrapped__":  # not set yet (while unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.__wrapped__, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self.__wrapped__, name, value)

    def __delattr__(self, name: str) -> None:
        delattr(self.__wrapped__, name)

    def __reduce__(self):
        # Pickled as what it wraps (nlp.pipe(n_process=2) pickles the pipeline
        # where processes are spawned); the remembered texts stay behind.
        return (TextKeepingTokenizer, (self.__wrapped__,))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.__wrapped__!r})"


def doc_text(doc: Doc) -> str:
    """``doc.text``, without rebuilding it when a :class:`TextKeepingTokenizer` made ``doc``."""
    text = _TEXTS.get(doc)
    if text:
        # A Doc's text cannot change once it has tokens (Doc.from_bytes refuses
        # a non-empty Doc; retokenizing keeps the text) ...
        return text
    if text is not None and not len(doc):
        return text  # ... but an empty Doc can be filled: then its text is rebuilt
    return doc.text
