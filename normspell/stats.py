"""Count spellings: how often an archive writes each word the deliberate way.

:func:`count` normalizes texts and counts, per standard word, each variant
spelling and the standard spelling itself, and sums them per category, per file
and per year:

>>> s = count([("a.txt", "Amerika, Amerikkka and America. Amerika again."),
...            ("b.txt", "The womyn of America")])
>>> [(r.spelling, r.count, round(r.share, 2)) for r in s.spellings if r.standard == "America"]
[('America', 2, 0.4), ('Amerika', 2, 0.4), ('Amerikkka', 1, 0.2)]
>>> [(f.key, f.variants, f.standards) for f in s.files if not f.category]
[('a.txt', 3, 1), ('b.txt', 1, 1)]

A standard spelling is an occurrence, in the normalized text and outside every
change, of a standard the lexicons list (with its endings; multiword standards
such as ``United States`` too) or of a word an open or compound stem makes
(``personal``, ``chairperson``), at token boundaries, ignoring case. Words that
only a pattern rule produces (``imperiali$t`` -> ``imperialist``) get their
standard count in the per-word table only, from every occurrence of the word:
counting every word that holds an ``s`` in every file and year would say nothing
about the share of any spelling. Mentions (quoted variants that are talked
about) are not counted.

Years come from :func:`year_of`: a JSON record's ``date`` or ``year``, else a
year 1984-2030 in the file's path.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from normspell.expression import _LEFT, _RIGHT
from normspell.lexicon import _key, expand_forms
from normspell.normalize import Normalizer

__all__ = ["Counts", "Share", "SpellingCount", "Stats", "count", "year_of"]

_PATH_YEAR = re.compile(r"(?<!\d)(198[4-9]|199\d|20[0-2]\d|2030)(?!\d)")
_DATE_YEAR = re.compile(r"^\s*(\d{4})(?!\d)")
_WORD = re.compile(_LEFT + r"[^\W\d_]+" + _RIGHT)


def year_of(path: str, record: Mapping | None = None) -> int | None:
    """The year of a text: from a JSON record's ``date``/``year``, else from its path.

    >>> year_of("mim/notes-1998-03.txt"), year_of("x", {"date": "2004-05-01"}), year_of("1200.txt")
    (1998, 2004, None)
    """
    if record is not None:
        for name in ("date", "year"):
            value = record.get(name)
            if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
                return value
            m = _DATE_YEAR.match(value) if isinstance(value, str) else None
            if m:
                return int(m.group(1))
    found = _PATH_YEAR.findall(path)
    return int(found[-1]) if found else None


@dataclass(frozen=True, slots=True)
class SpellingCount:
    """How often ``spelling`` (the most frequent way it was written) stands for ``standard``."""

    standard: str
    spelling: str
    category: str
    variant: bool
    count: int
    share: float  # of all spellings of the standard


@dataclass(frozen=True, slots=True)
class Share:
    """Variant and standard spellings counted under ``key`` (a category, file or year)."""

    key: str
    category: str  # "" when every category is summed
    variants: int
    standards: int

    @property
    def share(self) -> float:
        """Variant spellings as a share of all spellings (0.0 when there are none)."""
        total = self.variants + self.standards
        return self.variants / total if total else 0.0


@dataclass(frozen=True, slots=True)
class Stats:
    """What :func:`count` found; every table sorted for reading."""

    spellings: tuple[SpellingCount, ...]
    categories: tuple[Share, ...]
    files: tuple[Share, ...]  # per file: one row with category "" (all), one per category
    years: tuple[Share, ...]  # the same per year


class _Families:
    """Which standard words the lexicon lists, and their categories."""

    def __init__(self, n: Normalizer) -> None:
        cfg = n.config
        self.words: dict[str, tuple[str, str]] = {}  # key -> (standard as listed, category)
        phrases: dict[str, tuple[str, str]] = {}
        self.stems: list[tuple[str, bool, bool, str]] = []
        for e in n.lexicon.entries:
            if (cfg.only is not None and e.category not in cfg.only) or e.category in cfg.skip:
                continue
            for _form, _choice, std, is_open in expand_forms(e):
                key = _key(std)
                if is_open or e.compounds:
                    self.stems.append((key, is_open, e.compounds, e.category))
                if not is_open:
                    target = self.words if key.isalpha() else phrases
                    target.setdefault(key, (std, e.category))
        self.phrases = phrases
        alts = sorted((r"\s+".join(map(re.escape, k.split())) for k in phrases), key=lambda a: (-len(a), a))
        self.phrase_re = re.compile(f"(?i){_LEFT}(?:{'|'.join(alts)}){_RIGHT}") if alts else None
        self._cache: dict[str, str | None] = {}

    def category(self, word: str) -> str | None:
        """The category of a word counted as a standard spelling, or None."""
        if word in self._cache:
            return self._cache[word]
        hit = self.words.get(word)
        cat = hit[1] if hit else None
        for core, is_open, compounds, category in self.stems if cat is None else ():
            i = word.find(core)
            while i >= 0 and cat is None:
                if (i == 0 or compounds) and (i + len(core) == len(word) or is_open):
                    cat = category
                i = word.find(core, i + 1)
        if len(self._cache) < 500_000:
            self._cache[word] = cat
        return cat


class Counts:
    """Counts texts one by one (:meth:`add`); :meth:`result` gives the tables."""

    def __init__(self, normalizer: Normalizer) -> None:
        self.n = normalizer
        self.families = _Families(normalizer)
        self.variants: Counter[tuple[str, str]] = Counter()  # (standard key, spelling key)
        self.written: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        self.standards: Counter[str] = Counter()  # listed standards, outside changes
        self.tokens: Counter[str] = Counter()  # every word outside changes, for rule-made words
        self.category: dict[str, str] = {}
        self.display: dict[str, str] = {}
        self.by: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])

    def _tally(self, where: tuple[tuple[str, str], ...], category: str, slot: int) -> None:
        for table, key in where:
            self.by[(table, key, category)][slot] += 1
            self.by[(table, key, "")][slot] += 1

    def add(self, name: str, text: str, year: int | None = None) -> None:
        """Count one text; ``name`` is its file (a file may be added in several texts)."""
        norm = self.n.normalize(text)
        where = (("file", name),) + ((("year", str(year)),) if year is not None else ())
        spans, shift = [], 0  # normalized spans of the changes, to skip them below
        for c in norm.changes:
            std, spelling = _key(c.standard), _key(c.original)
            self.variants[(std, spelling)] += 1
            self.written[(std, spelling)][" ".join(c.original.split())] += 1
            self.category.setdefault(std, c.category)
            self.display.setdefault(std, c.standard)
            self._tally(where, c.category, 0)
            spans.append((c.start + shift, c.start + shift + len(c.replacement)))
            shift += len(c.replacement) - (c.end - c.start)
        starts = [s for s, _e in spans]

        def inside(i: int) -> bool:
            k = bisect.bisect_right(starts, i) - 1
            return k >= 0 and i < spans[k][1]

        fam = self.families
        words = [m.group().lower() for m in _WORD.finditer(norm.text) if not (spans and inside(m.start()))]
        self.tokens.update(words)
        for w in words:
            cat = fam.category(w)
            if cat is not None:
                self.standards[w] += 1
                self._tally(where, cat, 1)
        for m in fam.phrase_re.finditer(norm.text) if fam.phrase_re else ():
            if not (spans and inside(m.start())):
                key = _key(m.group())
                self.standards[key] += 1
                self._tally(where, fam.phrases[key][1], 1)

    def result(self) -> Stats:
        """The tables: spellings by standard word, then shares by category, file and year."""
        fam = self.families
        totals: Counter[str] = Counter()
        for (std, _sp), k in self.variants.items():
            totals[std] += k
        standard_counts: dict[str, int] = {}
        for std in set(totals) | set(self.standards):
            listed = std in fam.phrases or fam.category(std) is not None
            standard_counts[std] = self.standards[std] if listed else self.tokens[std]
            totals[std] += standard_counts[std]
        rows = []
        for (std, sp), k in self.variants.items():
            rows.append((std, self.written[(std, sp)].most_common(1)[0][0], True, k))
        for std, k in standard_counts.items():
            if k:
                rows.append((std, None, False, k))
        out = []
        for std, spelling, variant, k in rows:
            listed = fam.words.get(std) or fam.phrases.get(std)
            display = self.display.get(std) or (listed[0] if listed else std)
            category = self.category.get(std) or (listed[1] if listed else fam.category(std) or "")
            out.append(SpellingCount(display, spelling or display, category, variant, k, k / totals[std]))
        out.sort(key=lambda r: (-totals[_key(r.standard)], _key(r.standard), -r.count, r.spelling))
        tables: dict[str, list[Share]] = {"file": [], "year": []}
        merged: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for (table, key, category), (v, s) in self.by.items():
            tables[table].append(Share(key, category, v, s))
            if table == "file" and category:
                merged[category][0] += v
                merged[category][1] += s
        categories = tuple(Share(k, k, v, s) for k, (v, s) in sorted(merged.items()))
        files = tuple(sorted(tables["file"], key=lambda r: (r.key, r.category)))
        years = tuple(sorted(tables["year"], key=lambda r: (r.key, r.category)))
        return Stats(tuple(out), categories, files, years)


def count(texts: Iterable[tuple[str, str] | tuple[str, str, int | None]],
          lexicons: Iterable[str | Path] | Normalizer = ("mim",)) -> Stats:
    """Count spellings in ``(name, text)`` or ``(name, text, year)`` items.

    Without a year, one is looked for in ``name`` (:func:`year_of`). ``lexicons``
    are names or paths, or a :class:`Normalizer` (its ``only``/``skip`` apply).
    """
    n = lexicons if isinstance(lexicons, Normalizer) else Normalizer.from_lexicons(lexicons)
    counts = Counts(n)
    for item in texts:
        name, text = item[0], item[1]
        year = item[2] if len(item) > 2 else year_of(name)
        counts.add(name, text, year)
    return counts.result()
