"""Discovering deliberate spellings that no loaded lexicon lists yet.

:func:`discover` reads texts and proposes :class:`Candidate` variants: tokens that
one of the respelling rules (``$`` for s, ``kkk`` for c, ``yn`` for an...; see
``normspell._rules.RULES``) or a small edit distance turns into a real word, while
the token itself is rare. Precision comes first; a token is proposed only when

- rewriting it gives a frequent word (Zipf >= ``min_standard_zipf``, default 3.0;
  as low as 2.0 for the symbol rules ``$ @ ¢`` and 2.5 for ``kkk`` and ``yn``, which
  are never accidents) or a standard of the loaded lexicons;
- the token itself is rare (Zipf < ``max_variant_zipf``, default 2.0: ``Kafka``,
  ``Klan``, ``Kansas``, ``books`` never qualify), and a capitalized token that the
  word list knows at all (Zipf >= 1.0) is taken for a name;
- the loaded lexicons do not already match it (``Normalizer.detect``, protected
  phrases included), and it is no currency, number, URL, e-mail, tag or code.

Confidence (0..1; never above the rule's prior) is::

    prior * (0.35 * F + 0.25 * R + 0.40 * S)
    F = clamp((zipf(standard) - 1) / 4)       frequency of the standard
                                               (a lexicon standard counts as >= 4)
    R = 1 - zipf(candidate) / (2 * max_variant_zipf)     rarity of the candidate
    S = 1 - 0.5 ** (documents + (count - documents) / 4)  support in the corpus

so a one-off ``$`` form of a common word scores about 0.6, the same form seen in
five documents about 0.8. Word frequencies come from ``wordfreq`` (the
``discover`` extra); see ``normspell._wordfreq`` for the fallback without it.

>>> from normspell._wordfreq import no_frequencies
>>> [(c.variant, c.standard, c.rule) for c in discover(["Amerikkkanz and Amerikans"],
...                                                    zipf=no_frequencies)]
[('amerikkkanz', 'Americans', 'kkk-c+z-s')]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from normspell import _candidates, _rules
from normspell._judge import Judge, Reading
from normspell._wordfreq import ZipfFunction, wordfreq_zipf
from normspell.lexicon import Entry, Lexicon, load_lexicon
from normspell.normalize import NormalizeConfig, Normalizer

__all__ = ["Candidate", "Kwic", "discover", "score", "to_lexicon", "to_toml"]

NAME_ZIPF = 1.0  # a capitalized token the word list knows this well is a name (Kuba, Kosta)


class Kwic(NamedTuple):
    """One keyword-in-context example: the document it is from and the text around."""

    source: str
    left: str
    keyword: str
    right: str


@dataclass(frozen=True, slots=True)
class Candidate:
    """A proposed variant: ``variant`` (lower case, as a lexicon lists it) -> ``standard``.

    ``rule`` names the rules that rewrote it (``"at-a+dollar-s"``); ``count`` and
    ``documents`` say how often and in how many texts it occurs; ``forms`` are
    its spellings as written, most frequent first; ``examples`` are
    keyword-in-context lines; ``standard_zipf`` / ``variant_zipf`` are the word
    frequencies the decision used.
    """

    variant: str
    standard: str
    rule: str
    count: int
    documents: int
    confidence: float
    forms: tuple[str, ...]
    examples: tuple[Kwic, ...]
    standard_zipf: float
    variant_zipf: float


def score(prior: float, standard_zipf: float, variant_zipf: float, count: int, documents: int,
          max_variant_zipf: float = 2.0) -> float:
    """The confidence of a candidate (formula in the module docstring).

    >>> score(0.9, 3.54, 0.0, 1, 1), score(0.9, 3.54, 0.0, 5, 5)
    (0.605, 0.774)
    """
    freq = min(1.0, max(0.0, (standard_zipf - 1) / 4))
    rarity = max(0.0, 1 - variant_zipf / (2 * max_variant_zipf))
    support = 1 - 0.5 ** (documents + (count - documents) / 4)
    return round(prior * (0.35 * freq + 0.25 * rarity + 0.40 * support), 3)


@dataclass
class _Seen:
    reading: Reading
    count: int = 0
    docs: set[int] = field(default_factory=set)
    forms: Counter = field(default_factory=Counter)
    lower: int = 0  # occurrences starting with a lower-case letter
    capital: int = 0  # ... with a capital (not all caps)
    capital_informative: int = 0  # ... capitalized where case tells (mid-sentence)
    examples: list[tuple[int, Kwic]] = field(default_factory=list)


def _lexicon(lexicons: Lexicon | Iterable[str | Path]) -> Lexicon:
    if isinstance(lexicons, Lexicon):
        return lexicons
    loaded = [load_lexicon(s) for s in lexicons]
    return Lexicon.compose(loaded) if loaded else Lexicon(name="none", entries=())


def discover(texts: Iterable[str | tuple[str, str]], *,
             lexicons: Lexicon | Iterable[str | Path] = ("mim",), min_count: int = 1,
             min_confidence: float = 0.0, max_examples: int = 3,
             rules: Iterable[str] | None = None, zipf: ZipfFunction | None = None,
             min_standard_zipf: float = 3.0, max_variant_zipf: float = 2.0) -> list[Candidate]:
    """Candidate variants in ``texts`` that ``lexicons`` do not list, best first.

    ``texts`` holds strings or ``(name, text)`` pairs (a name is used in the
    examples; a bare string is named ``#<index>``). ``rules`` limits the rule ids
    (default: all of ``normspell._rules.RULES``); ``zipf`` is the word-frequency
    function (default: ``wordfreq``, which must be installed). Candidates are
    ordered by confidence, then count, then spelling.
    """
    lexicon = _lexicon(lexicons)
    chosen = frozenset(_rules.RULES if rules is None else rules)
    unknown = chosen - set(_rules.RULES)
    if unknown:
        msg = f"unknown discovery rule(s) {sorted(unknown)}: choose from {', '.join(_rules.RULES)}"
        raise ValueError(msg)
    judge = Judge(lexicon, zipf or wordfreq_zipf(lexicon.language or "en"), chosen,
                   min_standard_zipf, max_variant_zipf)
    # Protected phrases are switched off: New Afrikan or Kafka's Amerika is a
    # known spelling kept on purpose, not a new one to propose.
    known = Normalizer(lexicon, NormalizeConfig(protect=False))
    seen: dict[str, _Seen] = {}
    for index, item in enumerate(texts):
        name, text = (f"#{index}", item) if isinstance(item, str) else item
        taken = sorted((c.start, c.end) for c in known.detect(text))
        for start, end, word in _candidates.tokens(text):
            if taken and _overlaps(taken, start, end):
                continue
            letters = [c for c in word if c.isalpha()]
            all_caps = len(letters) > 1 and all(c.isupper() for c in letters)
            reading = judge(word.lower(), all_caps and len(letters) <= 4)
            if reading is None:
                continue
            s = seen.setdefault(word.lower(), _Seen(reading))
            s.count += 1
            s.docs.add(index)
            s.forms[word] += 1
            if not all_caps:
                if letters[0].islower():
                    s.lower += 1
                else:
                    s.capital += 1
                    s.capital_informative += _candidates.is_informative(text, start)
            slot = _example_slot(s.examples, index, max_examples)
            if slot is not None:  # the context is cut out only for examples kept
                s.examples[slot[0]:slot[0] + 1] = [(slot[1], Kwic(name, *_candidates.kwic(text, start, end)))]
    out = []
    for key, s in seen.items():
        r = s.reading
        if s.count < min_count or (s.capital and not s.lower and r.variant_zipf >= NAME_ZIPF):
            continue  # a capitalized word the list knows: a name (Kuba), not a spelling
        standard = r.standard
        if not r.from_lexicon and s.capital_informative and not s.lower:
            standard = standard[:1].upper() + standard[1:]  # KKKolumbus -> Columbus
        conf = score(r.prior, r.standard_zipf, r.variant_zipf, s.count, len(s.docs), max_variant_zipf)
        if conf < min_confidence:
            continue
        examples = tuple(k for _i, k in sorted(s.examples, key=lambda x: x[0] < 0))
        out.append(Candidate(key, standard, "+".join(r.rules), s.count, len(s.docs), conf,
                             tuple(f for f, _n in s.forms.most_common()), examples,
                             r.standard_zipf, r.variant_zipf))
    # With unusual thresholds a standard could be another candidate's variant;
    # a lexicon of both would rewrite its own output, so the one proposing it goes.
    variants = {c.variant for c in out}
    out = [c for c in out if c.standard.lower() not in variants]
    out.sort(key=lambda c: (-c.confidence, -c.count, c.variant))
    return out


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    import bisect

    i = bisect.bisect_left(spans, (end, end))
    return i > 0 and spans[i - 1][1] > start


def _example_slot(examples: list[tuple[int, Kwic]], doc: int, limit: int) -> tuple[int, int] | None:
    """(index in ``examples``, key) for an example from ``doc``, or None to skip it.

    Examples from different documents come first: one more from a document
    already shown (key -1) only fills free room, and gives way to a new
    document later.
    """
    new_doc = all(d != doc for d, _k in examples)
    if len(examples) < limit:
        return len(examples), doc if new_doc else -1
    if new_doc:
        return next(((i, doc) for i, (d, _k) in enumerate(examples) if d < 0), None)
    return None


def to_lexicon(candidates: Iterable[Candidate], *, min_confidence: float = 0.0,
               name: str = "discovered") -> Lexicon:
    """A lexicon of the candidates at or above ``min_confidence`` (category ``discovered``).

    Compose it after the lexicons it was discovered with and normalize: each
    change carries the discovery rule (``discovered:x-ks:folx``) and the
    candidate's confidence.

    >>> c = Candidate("folx", "folks", "x-ks", 1, 1, 0.4, ("folx",), (), 4.6, 1.5)
    >>> n = Normalizer(Lexicon.compose([load_lexicon("mim"), to_lexicon([c])]))
    >>> [(x.replacement, x.rule, x.confidence) for x in n.detect("Amerika's folx")]
    [('America', 'mim:amerika', 1.0), ('folks', 'discovered:x-ks:folx', 0.4)]
    """
    entries = tuple(
        Entry(id=f"{c.rule}:{c.variant}", variants=(c.variant,), standards=(("", c.standard),),
              category="discovered", lexicon=name, where=f"{name}:{i}",
              note=f"{c.count} times in {c.documents} documents", confidence=c.confidence)
        for i, c in enumerate(candidates) if c.confidence >= min_confidence and c.confidence > 0)
    return Lexicon(name=name, entries=entries, description="spellings found by normspell discover")


def to_toml(candidates: Iterable[Candidate]) -> str:
    """Lexicon ``[[entry]]`` tables for the candidates, to append to a lexicon file.

    >>> c = Candidate("squad$", "squads", "dollar-s", 2, 1, 0.61, ("squad$",), (), 3.5, 0.0)
    >>> print(to_toml([c]))
    [[entry]]
    id = "dollar-s:squad$"
    variants = ["squad$"]
    standard = "squads"
    category = "discovered"
    confidence = 0.61
    note = "found by normspell discover (dollar-s): 2 times in 1 documents; e.g. 'squad$'"
    <BLANKLINE>
    """
    blocks = []
    for c in candidates:
        example = c.examples[0] if c.examples else Kwic("", "", c.forms[0] if c.forms else c.variant, "")
        seen = f"{example.left}{example.keyword}{example.right}".strip()
        note = f"found by normspell discover ({c.rule}): {c.count} times in {c.documents} documents; e.g. '{seen}'"
        blocks.append("\n".join((
            "[[entry]]", f"id = {_toml_str(f'{c.rule}:{c.variant}')}",
            f"variants = [{_toml_str(c.variant)}]", f"standard = {_toml_str(c.standard)}",
            'category = "discovered"', f"confidence = {max(c.confidence, 0.001):g}",
            f"note = {_toml_str(note)}", "")))
    return "\n".join(blocks)


def _toml_str(s: str) -> str:
    """A TOML basic string: backslash, quote and every control character escaped."""
    out = []
    for ch in s:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F or 0xD800 <= ord(ch) < 0xE000:
            out.append(f"\\u{ord(ch):04X}" if not 0xD800 <= ord(ch) < 0xE000 else "\\uFFFD")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'

