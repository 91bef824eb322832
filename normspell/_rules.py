"""The respelling rules of ``discover``: rewrite a token back towards a standard word.

A rule names one kind of deliberate respelling (``$`` for s, ``kkk`` for c, ``yn``
for a vowel plus n...). :func:`rewrites` undoes rules on a lower-case token and
yields every rewritten form, fewest changes first; :class:`NearIndex` finds the
forms within a small edit distance of a lexicon's standards or variants. Whether a
rewrite is a real word is the caller's question (``discover`` asks a frequency list).

>>> [(w, r) for w, r, _n in rewrites("m@oi$t$")]
[('maoists', ('at-a', 'dollar-s'))]
>>> ("columbus", ("kkk-c",), 1) in list(rewrites("kkkolumbus"))
True
>>> NearIndex({"columbus": "Columbus"}).nearest("kolumbos")
('columbus', 'Columbus', 2)
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import regex

__all__ = ["Rule", "RULES", "SYMBOLS", "SYMBOL_RULES", "MARKERS", "rewrites", "has_marker", "excess_markers",
           "levenshtein", "max_distance", "NearIndex"]


@dataclass(frozen=True, slots=True)
class Rule:
    """One respelling rule.

    ``prior`` is the share of this rule's findings that are deliberate spellings
    (judged on the catalogue and on rare English words); ``gate`` is how much
    rarer than the default minimum the standard may be: a ``$`` inside a word is
    never an accident, a ``k`` for c often is.
    """

    id: str
    prior: float
    gate: float
    description: str


RULES: dict[str, Rule] = {r.id: r for r in (
    Rule("dollar-s", 0.90, 1.0, "$ for s: squad$, $pell, I$rael"),
    Rule("at-a", 0.85, 1.0, "@ for a between letters: M@oi$t$ (not Latin@, Chican@s)"),
    Rule("cent-c", 0.90, 1.0, "\u00a2 for c: R\u00a2P"),
    Rule("kkk-c", 0.90, 0.5, "kkk for c (the Klan): KKKolumbus, Amerikkka"),
    Rule("k-c", 0.60, 0.0, "k or kk for c or ck: Kapitalism, Afrikan"),
    Rule("yn-vowel", 0.75, 0.5, "yn for an/en/on/in: humyn, prisyners, womynhood"),
    Rule("y-i", 0.50, 0.0, "y for i: hystory"),
    Rule("z-s", 0.60, 0.0, "word-final z for s: Afrikanz, yearz"),
    Rule("x-ks", 0.55, 0.0, "x for ks/cks/cs, initial x for ex/es: folx, xcape"),
    Rule("ph-f", 0.40, 0.0, "ph for f: phunk"),
    Rule("near-variant", 0.60, 0.0, "edit distance 1-2 from a lexicon variant: Amurika"),
    Rule("near-standard", 0.45, 0.0, "edit distance 1-2 from a lexicon standard, with k/y/z/x/$/@"),
)}

SYMBOLS = "$@\u00a2"
SYMBOL_RULES = frozenset({"dollar-s", "at-a", "cent-c"})
MARKERS = SYMBOLS + "kyzx"
# Longest first: kkk before kk before k, yn before y. Word-final z only ("quiz" is
# not a plural; "yearz" is).
_SITE = regex.compile(r"\$|@|\u00a2|kkk|kk|k|yn|ph|x|y|z$")
_UNDO: dict[str, tuple[str, tuple[str, ...]]] = {
    "$": ("dollar-s", ("s",)), "@": ("at-a", ("a",)), "\u00a2": ("cent-c", ("c",)),
    "kkk": ("kkk-c", ("c", "ck")), "kk": ("k-c", ("c", "ck")), "k": ("k-c", ("c", "ck")),
    "yn": ("yn-vowel", ("an", "en", "on", "in")), "y": ("y-i", ("i",)),
    "z": ("z-s", ("s",)), "x": ("x-ks", ("ks", "cks", "cs")), "ph": ("ph-f", ("f",)),
}
MAX_LETTER_SITES = 6  # more optional sites than this: too many readings to trust any
MAX_LETTER_CHANGES = 3


def has_marker(word: str) -> bool:
    """True when a rule could apply to the lower-case ``word``."""
    return any(c in word for c in MARKERS) or "ph" in word


def excess_markers(word: str, standard: str) -> set[str]:
    """Marker characters that ``word`` has more of than ``standard`` (lower case)."""
    return {c for c in MARKERS if word.count(c) > standard.count(c)}


def rewrites(word: str, rules: frozenset[str] | None = None) -> Iterator[tuple[str, tuple[str, ...], int]]:
    """Every (rewritten word, rule ids, changes) for the lower-case ``word``.

    Symbols are always rewritten (a standard word has none); letter sites are
    rewritten in every combination of up to three, fewest changes first. A
    symbol no rule explains (``Latin@``, an ``@`` that ends a word) yields
    nothing. A rule left out of ``rules`` is not applied.
    """
    forced, optional = [], []
    for m in _SITE.finditer(word):
        rule, alts = _UNDO[m.group()]
        s, e = m.span()
        if rule == "x-ks" and s == 0:
            alts = ("ex", "es", *alts)
        if rule == "at-a" and not _at_between_letters(word, s):
            return
        if rules is not None and rule not in rules:
            if m.group() in SYMBOLS:
                return
            continue
        (forced if m.group() in SYMBOLS else optional).append((s, e, rule, alts))
    if len(optional) > MAX_LETTER_SITES:
        optional = []
    for k in range(0 if forced else 1, min(len(optional), MAX_LETTER_CHANGES) + 1):
        for chosen in itertools.combinations(optional, k):
            sites = sorted(forced + list(chosen))
            for alts in itertools.product(*(site[3] for site in sites)):
                out, pos = [], 0
                for (s, e, _r, _a), alt in zip(sites, alts):
                    out += [word[pos:s], alt]
                    pos = e
                out.append(word[pos:])
                yield "".join(out), tuple(sorted({site[2] for site in sites})), len(sites)


def _at_between_letters(word: str, i: int) -> bool:
    # Latin@, Chican@s, amig@s are gender-inclusive endings, not a for @.
    return (0 < i and word[i - 1].isalpha() and i + 1 < len(word) and word[i + 1].isalpha()
            and word[i + 1:] != "s")


def levenshtein(a: str, b: str, limit: int) -> int:
    """Edit distance of ``a`` and ``b``, or ``limit + 1`` once it exceeds ``limit``.

    >>> levenshtein("persyn", "person", 2), levenshtein("abc", "xyzw", 1)
    (1, 2)
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1] if prev[-1] <= limit else limit + 1


def max_distance(target: str) -> int:
    """How far a form may be from ``target``: 0 under 5 letters, 1 under 8, else 2."""
    return 0 if len(target) < 5 else 1 if len(target) < 8 else 2


def _deletes(word: str, depth: int) -> set[str]:
    out, frontier = {word}, {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1:] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


class NearIndex:
    """Targets (lower-case key -> standard) found within a small edit distance.

    Uses the symmetric-deletion trick: two words within distance d share a form
    obtained by deleting at most d letters from each, so a lookup costs a few
    dozen dict probes instead of one comparison per target.
    """

    def __init__(self, targets: Mapping[str, str]):
        self._targets = {k: v for k, v in targets.items() if max_distance(k) > 0}
        self._index: dict[str, set[str]] = {}
        for key in self._targets:
            for d in _deletes(key, max_distance(key)):
                self._index.setdefault(d, set()).add(key)

    def nearest(self, word: str) -> tuple[str, str, int] | None:
        """(target key, its standard, distance) of the closest target, or None.

        A target counts only as far as :func:`max_distance` allows for it.
        """
        found = {k for d in _deletes(word, 2) for k in self._index.get(d, ())}
        best = None
        for key in sorted(found):
            dist = levenshtein(word, key, max_distance(key))
            if 0 < dist <= max_distance(key) and (best is None or dist < best[1]):
                best = (key, dist)
        return (best[0], self._targets[best[0]], best[1]) if best else None
