"""Judging one token for ``discover``: which standard, by which rule, how likely.

A :class:`Judge` holds what the loaded lexicon knows (its standards, variants and
open stems) and a word-frequency function, and reads each distinct lower-case
token once: the rules of :mod:`normspell._rules` rewrite it, and the first
(fewest changes) rewrite that is an acceptable standard wins; failing that, a
form within a small edit distance of a lexicon variant or standard is tried.

>>> zipf = {"squads": 3.54, "kansas": 4.37}.get
>>> judge = Judge(Lexicon("none", ()), lambda w: zipf(w, 0.0), frozenset(_rules.RULES), 3.0, 2.0)
>>> r = judge("squad$", acronym=False)
>>> (r.standard, r.rules, r.prior)
('squads', ('dollar-s',), 0.9)
>>> judge("kansas", acronym=False) is None  # a common word is never a variant
True
"""

from __future__ import annotations

from dataclasses import dataclass

from normspell import _rules
from normspell._rules import RULES
from normspell._wordfreq import ZipfFunction
from normspell.lexicon import Lexicon, _key, expand_forms

__all__ = ["LEXICON_STANDARD_ZIPF", "Reading", "Judge"]

LEXICON_STANDARD_ZIPF = 4.0  # how frequent a lexicon standard counts as, known or not


@dataclass(frozen=True, slots=True)
class Reading:
    """What a token is taken for: its standard, the rules used and the frequencies seen."""

    standard: str  # as the lexicon writes it, or lower case
    rules: tuple[str, ...]
    prior: float
    standard_zipf: float
    variant_zipf: float
    from_lexicon: bool


class Judge:
    """Reads one lower-case token at a time, with the lexicon and the word list."""

    def __init__(self, lexicon: Lexicon, zipf: ZipfFunction, rules: frozenset[str],
                 min_standard_zipf: float, max_variant_zipf: float):
        self.zipf, self.rules = zipf, rules
        self.min_standard_zipf, self.max_variant_zipf = min_standard_zipf, max_variant_zipf
        self.standards: dict[str, str] = {}
        self.variants: dict[str, str] = {}
        self.cores: set[str] = set()
        for entry in lexicon.entries:
            for form, _choice, std, is_open in expand_forms(entry):
                if is_open or entry.compounds:
                    self.cores.add(_key(form))
                if " " not in form:
                    self.variants.setdefault(_key(form), std)
                if " " not in std:
                    self.standards.setdefault(_key(std), std)
        self.near_variants = _rules.NearIndex(self.variants)
        self.near_standards = _rules.NearIndex(self.standards)
        self.memo: dict[tuple[str, bool], Reading | None] = {}

    def __call__(self, word: str, acronym: bool) -> Reading | None:
        if (word, acronym) not in self.memo:
            self.memo[word, acronym] = self._read(word, acronym)
        return self.memo[word, acronym]

    def _read(self, word: str, acronym: bool) -> Reading | None:
        if not _rules.has_marker(word) or word in self.standards:
            return None
        symbols = any(c in _rules.SYMBOLS for c in word)
        if not symbols and (acronym or len(word) < 4):
            return None  # NYPD, KFC, pyx: too short to tell a respelling from a word
        own = 0.0 if symbols else self.zipf(word)
        if own >= self.max_variant_zipf:
            return None
        rules = self.rules & _rules.SYMBOL_RULES if acronym else self.rules
        best, level = None, None
        for new, used, changes in _rules.rewrites(word, rules):
            if level is not None and changes > level:
                break
            std = self._standard(new, used)
            if std and (best is None or (std[2], std[1]) > (best[0].from_lexicon, best[0].standard_zipf)):
                prior = _prior(used)
                best, level = (Reading(std[0], used, prior, std[1], own, std[2]), changes), changes
        if best:
            return best[0]
        return self._near(word, own)

    def _standard(self, new: str, used: tuple[str, ...]) -> tuple[str, float, bool] | None:
        """(standard, its zipf, from the lexicon) when ``new`` is an acceptable standard."""
        if new in self.variants or any(core in new for core in self.cores):
            return None  # a standard that is a variant would change again on a second run
        if new in self.standards:
            return self.standards[new], max(self.zipf(new), LEXICON_STANDARD_ZIPF), True
        if len(new) < 4 or not any(v in new for v in "aeiouy"):
            return None
        z = self.zipf(new)
        gate = self.min_standard_zipf - min(_rules.RULES[r].gate for r in used)
        return (new, z, False) if z >= gate else None

    def _near(self, word: str, own: float) -> Reading | None:
        for rule, index in (("near-variant", self.near_variants), ("near-standard", self.near_standards)):
            if rule not in self.rules:
                continue
            hit = index.nearest(word)
            if not hit:
                continue
            key, std, dist = hit
            std_key = _key(std)
            # The candidate must keep a mark of deliberate respelling: the family's
            # own marker (the k of Amerika) or one the standard lacks.
            marks = (_rules.excess_markers(key, std_key) & set(word) if rule == "near-variant"
                     else _rules.excess_markers(word, std_key))
            if marks and std_key not in self.variants and std_key != word:
                z = max(self.zipf(std_key), LEXICON_STANDARD_ZIPF)
                prior = RULES[rule].prior * (0.75 if dist > 1 else 1.0)  # two edits: more doubt
                return Reading(std, (rule,), prior, z, own, True)
        return None


def _prior(used: tuple[str, ...]) -> float:
    # The weakest rule bounds the reading; each further letter rule is one more
    # guess (phlox -> flocks takes two), symbols are never guesses.
    letters = sum(r not in _rules.SYMBOL_RULES for r in used)
    return min(_rules.RULES[r].prior for r in used) * 0.8 ** max(0, letters - 1)

