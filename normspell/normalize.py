"""The pure core: detect variants and normalize text.

>>> import normspell
>>> r = normspell.normalize("The womyn of Amerikkka and the u.$. state")
>>> r.text
'The women of America and the U.S. state'
>>> [(c.start, c.end, c.original, c.replacement) for c in r.changes][:2]
[(4, 9, 'womyn', 'women'), (13, 22, 'Amerikkka', 'America')]
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import threading
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Literal

import regex

from normspell import context, mentions
from normspell.alignment import Change
from normspell.casing import transfer_case
from normspell.config import NormalizeConfig
from normspell.document import Reading, read
from normspell.lexicon import Lexicon, load_lexicon
from normspell.matcher import Form, Hit, Matcher
from normspell.normalization import Normalization, _assemble

if TYPE_CHECKING:
    from pathlib import Path  # importing pathlib costs every process ~3 ms

__all__ = ["NormalizeConfig", "Normalization", "Normalizer", "detect", "normalize"]

DEFAULT_CONFIDENCE_UNDECIDED = 0.6  # a choice no context cue decided
# Characters around a word that cannot be part of a URL or an e-mail address with it:
# in_url's own first test, made here without the call.
_PLAIN_BEFORE, _PLAIN_AFTER = context._PLAIN_BEFORE, context._PLAIN_AFTER


_LARGE = 1 << 20  # characters from which the garbage collector is paused


@contextlib.contextmanager
def _no_gc(size: int) -> Iterator[None]:
    """Pause the cyclic garbage collector while a large text's results are built.

    Hundreds of thousands of small result objects make it scan again and again
    (a 50 MB text normalized 1.3-1.9x slower than in pieces); they hold no cycles.
    """
    if size < _LARGE or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class _Depth(threading.local):
    depth = 0


_rewriting = _Depth()  # how deep rule rewrites are re-normalizing, per thread


class Normalizer:
    """A compiled lexicon plus options: reusable, picklable and thread-safe.

    >>> n = Normalizer.from_lexicons(["mim"], skip={"gender"})
    >>> n.normalize("Wimmin of Amerika").text
    'Wimmin of America'
    """

    def __init__(self, lexicon: Lexicon, config: NormalizeConfig | None = None):
        self.config = config or NormalizeConfig()
        self.lexicon = lexicon
        entries = tuple(e for e in lexicon.entries
                        if (self.config.only is None or e.category in self.config.only)
                        and e.category not in self.config.skip)
        protects = lexicon.protects if self.config.protect else ()
        self._matcher = Matcher(dataclasses.replace(lexicon, entries=entries, protects=protects))
        # (form, choice, found) -> spelled replacement: archives repeat the same few
        # spellings, so case transfer runs once per distinct spelling. Plain dict
        # operations are atomic, so sharing it between threads is safe.
        self._spelled: dict[tuple, tuple[str, str, bool, str]] = {}

    @classmethod
    def from_lexicons(cls, sources: Iterable[str | Path] = ("mim",), *,
                      only: Iterable[str] | None = None, skip: Iterable[str] = (),
                      mentions: Literal["keep", "normalize"] = "keep",
                      min_confidence: float = 0.0, protect: bool = True) -> Normalizer:
        """Load lexicons by name or path (later ones override earlier ones) and compile."""
        lexicon = Lexicon.compose([load_lexicon(s) for s in sources])
        config = NormalizeConfig(only=None if only is None else frozenset(only),
                                 skip=frozenset(skip), mentions=mentions,
                                 min_confidence=min_confidence, protect=protect)
        return cls(lexicon, config)

    @property
    def max_words(self) -> int:
        """The most words a variant or protected phrase spans."""
        return self._matcher.max_words

    def detect(self, text: str, *, document: Reading | None = None) -> tuple[Change, ...]:
        """Every variant in ``text`` (changes and mentions), in text order.

        ``document``: what the whole document ``text`` is part of protects
        (:meth:`document`); by default ``text`` is read as a whole document.
        """
        if len(text) < _LARGE:
            return tuple(self._changes(text, self._matcher.find(text), 0, document))
        with _no_gc(len(text)):
            return tuple(self._changes(text, self._matcher.find(text), 0, document))

    def document(self, text: str) -> Reading:
        """What a document beginning with ``text`` turns on throughout: protected phrases
        (its topic and language) and default choices (:mod:`normspell.document`). Pass it
        to :meth:`detect` or :meth:`normalize` for each piece of that document.

        >>> n = Normalizer.from_lexicons(["mim"])
        >>> page = n.document("Rammstein released the single in 2004.")
        >>> n.normalize("We're all living in Amerika", document=page).text
        "We're all living in Amerika"
        """
        return read(text, self._matcher.lexicon)

    def _scan(self, text: str, shift: int = 0,
               reading: Reading | None = None) -> tuple[list[Change], list[Hit]]:
        # Changes with offsets less ``shift`` (a stream's piece starts there), plus
        # every raw hit (protected phrases too), for callers that must not cut the
        # text inside one; ``reading``: the document's (see document()), as the
        # text may be a piece of it.
        with _no_gc(len(text)):
            hits = self._matcher.find(text)
            return self._changes(text, hits, shift, reading), hits

    def _detect_reference(self, text: str) -> tuple[Change, ...]:
        # The same as detect() without the anchor prefilter: tests compare both.
        return tuple(self._changes(text, self._matcher.find(text, prefilter=False)))

    def normalize(self, text: str, *, document: Reading | None = None) -> Normalization:
        """Rewrite every variant to its standard; everything else stays byte-identical.

        ``document``: as for :meth:`detect`.
        """
        with _no_gc(len(text)):
            return _assemble(text, self._changes(text, self._matcher.find(text), 0, document))

    def _changes(self, text: str, hits: list[Hit], shift: int = 0,
                 reading: Reading | None = None) -> list[Change]:
        cfg, lex = self.config, self._matcher.lexicon
        keep_mentions = cfg.mentions == "keep"
        gate = mentions.mention_gate(lex.mentions)
        contrast, beside = keep_mentions and bool(lex.mentions.contrast), mentions.BESIDE
        cache = self._spelled
        n = len(text)
        out: list[Change] = []
        listed_end = listed_from = -1  # the last mention, and where its list began
        on: set[int] | None = None  # the ids of the protects the document turns on

        def talked_about(s: int, e: int) -> bool:  # the mention test, after a cheap necessary condition
            return keep_mentions and mentions.may_be_mention(text, s, e, gate) and mentions.is_mention(
                text, s, e, lex.mentions)

        for start, end, form, _protect in hits:
            if form is None:
                continue  # a protected phrase, or nothing this config normalizes
            # a word standing between spaces or plain punctuation (the common case) is in no URL
            before = text[start - 1] if start else " "
            after = text[end] if end < n else " "
            if not (before in _PLAIN_BEFORE and after in _PLAIN_AFTER) and context.in_url(text, start, end):
                continue
            if form.near:
                if reading is None:  # read once, at the first form that has a use for it
                    reading = self.document(text)
                if on is None:
                    on = {id(p) for p in reading.protects}  # (a Protect's hash reads all its words)
                if (on and any(id(p) in on for p in form.near)) or context.is_protected_by_context(
                        text, start, end, form.near):
                    if talked_about(start, end):
                        listed_end, listed_from = end, start  # (a list after it is still mentioned)
                    continue
            if text[end - 1] == "$" and _AMOUNT.match(text, end):
                continue  # U$ 500: a currency sign before an amount, not a respelling
            entry = form.entry
            confidence, reason, choice = entry.confidence, "", entry.default
            if entry.choose:
                picked, why = context.choose(text, start, end, lex.choice(entry.choose),
                                             tuple(c for c, _s in form.standards))
                if picked is None and entry.document_default and _alone(text, end) and not _before_plural(text, end):
                    if reading is None:
                        reading = self.document(text)
                    choice = next((c for c, _w in entry.document_default if (entry.id, c) in reading.defaults),
                                  entry.default)
                if picked is None:
                    confidence = min(confidence, DEFAULT_CONFIDENCE_UNDECIDED)
                    reason = (f"{choice} by default ({why})" if choice == entry.default else
                              f"{choice} by default in a document that writes "
                              f"{' or '.join(dict(entry.document_default)[choice])} ({why})")
                else:
                    choice, reason = picked, why
                    confidence = min(confidence, 0.95)
            found = text[start:end]
            key = (form, choice, found)
            spelled = cache.get(key)
            if spelled is None:
                spelled = self._spell(form, choice, found)
                # with the replacement's tail, the probe of mentions.beside_its_standard
                spelled = cache[key] = (*spelled, spelled[0][1:])
            replacement, standard, derived, tail = spelled
            if replacement == found:
                continue
            if derived:
                confidence = min(confidence, 0.9)
                reason = reason or f"derived from {form.core!r}"
            kind = "variant"
            listed = listed_end >= 0 and start - listed_from <= context.REACH and mentions.listed_after(
                text, listed_end, start)
            if listed:  # 'spellings such as wimmin, wombyn or womyn': the list of a mention is mentioned
                kind, reason = "mention", "listed with a mention (mention)"
            elif talked_about(start, end):
                quoted = start and text[start - 1] in mentions._OPEN_QUOTES
                kind, reason = "mention", ("quoted and talked about" if quoted else "talked about") + " (mention)"
            elif contrast and text.find(tail, start - beside if start > beside else 0, end + beside) >= 0 and (
                    mentions.beside_its_standard(text, start, end, replacement, lex.mentions)):
                # (the find is beside_its_standard's own first test, made here without the call)
                kind, reason = "mention", f"beside its standard spelling {replacement!r} (mention)"
            if kind == "mention":
                listed_end, listed_from = end, listed_from if listed else start
            if confidence < cfg.min_confidence:
                continue
            if found[-1] in "sS" and replacement[-1] not in "sS" and _plural_possessive(text, start, end):
                # womyns' rights: the plural's apostrophe now follows a plural without s
                end += 1
                found = text[start:end]
                replacement += found[-1] + ("S" if replacement.isupper() else "s")
                reason = (reason or "listed spelling") + "; plural possessive"
            out.append(Change(start - shift, end - shift, found, replacement, standard, entry.category,
                              form.rule, confidence, reason or "listed spelling", kind))
        return out

    def _spell(self, form: Form, choice: str, found: str) -> tuple[str, str, bool]:
        """(replacement in the found case, standard in dictionary case, derived?) of a form."""
        if len(self._spelled) > 100_000:
            self._spelled.clear()  # bounded memory on corpora full of distinct spellings
        standard = dict(form.standards)[choice]
        parts: tuple[str, ...] = ("", "")
        if form.substitute:  # a pattern rule: the standard is the match, rewritten
            standard = found
            for old, new in form.substitute:
                standard = standard.replace(old, new)
            replacement = transfer_case(found, standard)
            if standard == found or _rewriting.depth >= 2:
                return replacement, standard, False  # nothing to rewrite, or a rule feeding itself
            # the rewritten token may itself hold a listed spelling (A$WOMYN, Amerika$):
            # normalize it too, or a second pass would change the text again
            _rewriting.depth += 1
            try:
                return self.normalize(replacement).text, self.normalize(standard).text, False
            finally:
                _rewriting.depth -= 1
        if form.core:
            # Open forms (chairpersyn, persynal): every occurrence of the stem in the
            # token is rewritten, so a second pass finds nothing.
            parts = tuple(self._matcher.rewrite_open_cores(p)
                          for p in regex.split(regex.escape(form.core), found, flags=regex.IGNORECASE))
        return (transfer_case(found, standard, parts), standard.join(p.lower() for p in parts), any(parts))

    def normalize_stream(self, chunks: Iterable[str]) -> Iterator[Normalization]:
        """Normalize text arriving in pieces, in bounded memory.

        Yields normalizations whose ``source`` pieces concatenate to the input
        and whose changes are exactly those of normalizing the whole text at
        once (a variant spanning a chunk boundary included). Offsets are
        relative to each yielded piece.
        """
        from normspell.stream import normalize_stream

        return normalize_stream(self, chunks)


def _alone(text: str, end: int) -> bool:
    """Whether a word ending at ``end`` stands alone: not ``womyn's``, not ``womyn-led``."""
    return end >= len(text) or not (text[end].isalnum() or text[end] in "'\u2019-\u2010\u2011")


def _before_plural(text: str, end: int) -> bool:
    """Whether the next word ends in s: a plural noun (womyn prisoners) or a verb
    (womyn elevates); which, no document default can tell."""
    m = _NEXT_WORD.match(text, end)
    return m is not None and m.group(1)[-1] in "sS"


_NEXT_WORD = regex.compile(r"\s+(\w+)")


def _plural_possessive(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` (a plural in s) is followed by a possessive
    apostrophe, not by the closing quote of a quotation it stands in."""
    if end >= len(text) or text[end] not in "'\u2019":
        return False
    if end + 1 < len(text) and (text[end + 1].isalnum() or text[end + 1] in "'\u2019"):
        return False  # an apostrophe inside a word
    # an opening single quote before it, in the same line: the apostrophe may close it
    line = text[max(0, text.rfind("\n", max(0, start - 80), start) + 1, start - 80):start]
    return not _OPENING_SINGLE.search(line)


_AMOUNT = regex.compile(r"[ \u00a0]?\d")
_OPENING_SINGLE = regex.compile(r"(?:^|[\s(\[\u201c\"])['\u2018]")


@functools.lru_cache(maxsize=8)
def _default(lexicons: tuple[str, ...]) -> Normalizer:
    return Normalizer.from_lexicons(lexicons)


def detect(text: str, lexicons: Iterable[str] = ("mim",)) -> tuple[Change, ...]:
    """Every variant in ``text`` with offsets into it; nothing is rewritten."""
    return _default(tuple(str(x) for x in lexicons)).detect(text)


def normalize(text: str, lexicons: Iterable[str] = ("mim",)) -> Normalization:
    """Normalize ``text`` with the named lexicons (default: ``mim``)."""
    return _default(tuple(str(x) for x in lexicons)).normalize(text)

