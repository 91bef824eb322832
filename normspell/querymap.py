"""The query map: a search query normalized as the core would, without compiling a lexicon.

``normspell search`` is a new process for every query, and importing the matcher
and compiling a lexicon costs more than the search itself. So when an index is
built, what the core does to short texts is stored as plain data, and
:meth:`QueryMap.normalize` answers from it: with the core's text, or with
``None`` when the data cannot prove what the core would write (the caller then
compiles the lexicon). It holds:

- ``triggers``: strings of which every change the core can make holds one (the
  listed one-word spellings and open stems, the anchors of pattern rules, and one
  word of each multiword variant, with the listed multiword variants it stands
  for). A query holding none is left as it is.
- ``spelled``: each listed one-word spelling in lower case, Capitalized and in
  capitals, with and without ``'s``, and the core's normalization of it standing
  alone, as a token to look up; and each listed multiword variant with each word
  in lower case or Capitalized, or all in capitals (``United $tates``,
  ``UNITED SNAKES OF AMERIKKKA``), with the core's normalization of it.
- what can make a spelling read otherwise beside other words: protected phrases
  and multiword variants that letters may join (``phrases``), the words that make a
  variant a mention or protect it (``context``; ``cues`` when the query has a quote
  mark), the cue words of context choices (``choice``, for the spellings that choose,
  such as ``womyn``: woman or women), and how far the core reads them (``reach``).
- ``chosen`` and ``rules``: each listed spelling that chooses, with its spelling
  under each choice, and the cue words and weights of its choice rule, so a cue
  beside it (``these womyn``, ``a Womyn``) is scored as the core scores it.

A change of the core lies inside one space-separated token unless a multiword
variant or protected phrase joins tokens, and depends on the words around it only
through those words; so when none of them is in the query, each token is what the
core makes of it alone. A listed multiword variant is found as the core finds it:
the longest at the leftmost place, its words split by any run of spaces; it is
what the core makes of it alone when it stands between spaces, brackets, quotes or
punctuation (``(united  $tates),``).

>>> from normspell.normalize import Normalizer
>>> qm = QueryMap.from_normalizer(Normalizer.from_lexicons(["mim"]))
>>> qm.normalize("wimmin in I$rael"), qm.normalize("women prisoners")
('women in Israel', 'women prisoners')
>>> qm.normalize("wimmin of the United  $tates"), qm.normalize("a womyn")
('women of the United States', 'a woman')
>>> qm.normalize("the word womyn") is None  # a mention: only the core can tell
True
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the query side must not import the core
    from normspell.normalize import Normalizer

__all__ = ["FORMAT", "QueryMap"]

FORMAT = 4  # of the stored map; a stored map of another format is rebuilt
_LONGEST_QUERY = 1000  # characters: longer texts are left to the core (lookups grow with the length)
_APOSTROPHE = str.maketrans({"\u2019": "'"})
# Where the core's context readers (normspell.context) find words: its tokens, the
# words of its protected-context test, and whole chunks between spaces.
_RUN = re.compile(r"[\w$@'.\-]+")
_WORD = re.compile(r"[\w'$@\-]+")
_AMOUNT = re.compile(r"\$[ \u00a0]?\d")
_QUOTE = re.compile(r"[^\w\s$@#.\-]")  # anything that may be a quote mark
_OPENING_QUOTE = re.compile(r"""(?:^|[\s(\[{])["'\u201c\u2018\u00ab\u2039]""")
# The characters around a change that spare the core its URL test (normspell.normalize).
_PLAIN_BEFORE = frozenset(" \n\t\r\"'(\u201c\u2018")
_PLAIN_AFTER = frozenset(" \n\t\r\"'),;!?\u201d\u2019")


def _fold(text: str) -> str:
    return text.lower().translate(_APOSTROPHE)


def _substrings(low: str, longest: int) -> set[str]:
    return {low[i:j] for i in range(len(low)) for j in range(i + 1, min(len(low), i + longest) + 1)}


def _words(low: str) -> set[str]:
    """Every string the core's context readers could take for a word of ``low``."""
    out = set()
    for chunk in low.split():
        out.update((chunk, chunk[:23]))  # is_mention reads at most 23 characters of the next chunk
        for run in _RUN.findall(chunk):
            out.update((run, run.rstrip("."), run.strip("'.-")))
        out.update(_WORD.findall(chunk))
    return out


@dataclass(frozen=True, slots=True)
class QueryMap:
    """What normalizing a short query needs; see the module docstring for each field.

    ``triggers`` maps each trigger to the listed multiword variants (their keys:
    lower case, single spaces) it stands for; ``spelled`` maps a token, or a
    multiword variant as typed with single spaces, to (its normalization, whether
    it reads choice cues); ``longest`` is the length of the longest trigger.
    """

    triggers: Mapping[str, tuple[str, ...]]
    spelled: Mapping[str, tuple[str, bool]]
    phrases: tuple[tuple[str, ...], ...]
    context: frozenset[str]
    cues: frozenset[str]
    choice: frozenset[str]
    reach: int
    longest: int
    chosen: Mapping[str, tuple[str, tuple[tuple[str, str], ...]]] = dataclasses.field(default_factory=dict)
    rules: Mapping[str, tuple[int, tuple[tuple[str, str, str, float], ...], tuple[str, ...], tuple[str, ...], str]] = dataclasses.field(
        default_factory=dict)
    alone: bool = False  # the lexicon's [mentions] alone: a variant alone in its quotes is a mention
    document: frozenset[str] = frozenset()  # words that change an entry's default ([[entry]] document_default)

    @classmethod
    def from_normalizer(cls, n: Normalizer) -> QueryMap:
        """Read the lexicon of ``n`` and normalize each listed spelling with it
        (:func:`normspell.querymap_build.build`)."""
        from normspell.querymap_build import build  # the build side has the core loaded

        return build(n)

    def lookups(self, text: str) -> tuple[list[str], list[str]]:
        """The triggers and tokens :meth:`normalize` may look up for ``text``.

        A store that keeps ``triggers`` and ``spelled`` elsewhere (the index's
        tables) fetches only these and passes them to :meth:`restricted`; with
        the triggers fetched, :meth:`phrase_lookups` names the multiword rows.
        """
        if len(text) > _LONGEST_QUERY:
            return [], []
        return sorted(_substrings(_fold(text), self.longest)), sorted(set(text.split(" ")))

    def phrase_lookups(self, text: str) -> list[str]:
        """The multiword variants of ``text`` (as typed, single-spaced) that :meth:`normalize` looks up."""
        spans = self._phrases_in(text, _fold(text), self._found(text)) if len(text) <= _LONGEST_QUERY else None
        return sorted({k for _s, _e, k in spans or ()})

    def restricted(self, triggers: Mapping[str, tuple[str, ...]], spelled: Mapping[str, tuple[str, bool]],
                   chosen: Mapping[str, tuple[str, tuple[tuple[str, str], ...]]] | None = None) -> QueryMap:
        """This map with only the given triggers and spellings (those :meth:`lookups` named)."""
        return dataclasses.replace(self, triggers=dict(triggers), spelled=dict(spelled), chosen=dict(chosen or {}))

    def _found(self, text: str) -> set[str]:
        return _substrings(_fold(text), self.longest) & self.triggers.keys()

    def normalize(self, text: str) -> str | None:
        """The core's normalization of ``text``, or ``None`` when the map cannot prove it."""
        if len(text) > _LONGEST_QUERY:
            return None
        low = _fold(text)
        found = _substrings(low, self.longest) & self.triggers.keys()
        if not found:
            return text  # the core changes nothing where no trigger is
        if len(text) > self.reach or any(c.isspace() and c != " " for c in text) or any(" " in t for t in found):
            return None
        if any(all(w in low for w in phrase) for phrase in self.phrases) or _AMOUNT.search(text):
            return None  # (a $ before an amount may be a currency sign: U$ 500)
        words = _words(low)
        if words & self.context or (_QUOTE.search(text) and words & self.cues) or (
                self.alone and _OPENING_QUOTE.search(text)):
            return None
        spans = self._phrases_in(text, low, found)
        if spans is None:
            return None
        choice_read = bool(words & self.choice) or any(c.isdigit() for c in text)
        out, pos, made = [], 0, []
        for s, e, key in (*spans, (len(text), len(text), "")):
            # the tokens between multiword variants; the first and last may be glued to one
            pieces, at = text[pos:s].split(" "), pos
            for i, token in enumerate(pieces):
                at += len(token) + 1
                if not _substrings(_fold(token), self.longest) & found:
                    continue
                hit = self.spelled.get(token)
                if hit is None or (i == 0 and pos) or (i == len(pieces) - 1 and key):
                    return None
                if hit[1] and choice_read:
                    hit = self._choose(text, at - len(token) - 1, at - 1, token)
                    if hit is None:
                        return None
                pieces[i] = hit[0]
                made.append(hit[0])
            out.append(" ".join(pieces))
            if key:
                hit = self.spelled.get(key)
                if hit is None or (hit[1] and choice_read):
                    return None
                out.append(hit[0])
                made.append(hit[0])
            pos = e
        if ("/" in text or _QUOTE.search(text)) and any(_fold(m) in low for m in made):
            return None  # beside its standard, slashed or quoted, a spelling may be a mention
        return "".join(out)

    def _choose(self, text: str, start: int, end: int, token: str) -> tuple[str, bool] | None:
        """The token at [start, end) as the core spells it with the choice its neighbours make, as
        :func:`normspell.context.choose` scores them; None if the map has no table for it."""
        if token not in self.chosen or "/" in text[max(0, start - 1):end + 1]:
            return None  # (a word paired by a slash decides in the core: man/womyn)
        rule, texts = self.chosen[token]
        window, cues, stop, boundary, partitive = self.rules[rule]
        table = {(side, word): (choice, w) for choice, side, word, w in cues}
        scores = dict.fromkeys((c for c, _t in texts), 0.0)
        # the whole query is within the core's reach, so both stretches are read whole;
        # a stop word before it leaves only the words up to it (context.choose)
        before = _collect(reversed(_tokens(text[:start])), window)
        cut = next((i for i, w in enumerate(before) if w in stop), None)
        near = before if cut is None else before[:cut]
        # and a boundary word (the) the words up to it
        own = next((i for i, w in enumerate(near) if w in boundary), None)
        sides = [("before", near if own is None else near[:own])]
        if cut is None or not _quantifies(before[cut + 1:cut + 2], table):
            sides.append(("after", _collect(_tokens(text[end:]), window)))
        for side, words in sides:
            for dist, word in enumerate(words, 1):
                hit = table.get((side, "<number>" if word[:1].isdigit() and word not in ("1", "1st") else word))
                if hit and hit[0] in scores:
                    scores[hit[0]] += hit[1] / dist
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        if ranked[0][1] == 0 or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
            if cut is not None and partitive in scores and _quantifies(before[cut + 1:cut + 2], table):
                return dict(texts)[partitive], True  # (a head that counts: thousands of womyn)
            if self.document & _words(_fold(text)):
                return None  # the query's own words may change the default (wimmin: womyn is a woman)
            return self.spelled[token]  # no cue decides: the default, as standing alone
        return dict(texts)[ranked[0][0]], True

    def _phrases_in(self, text: str, low: str, found: set[str]) -> list[tuple[int, int, str]] | None:
        """The multiword variants the core matches in ``text``: (start, end, as typed with single
        spaces) in text order; None when one may be matched otherwise than the map can tell.

        Every place the words of a listed multiword variant follow each other is
        found, whatever is around it; the core takes the longest at the leftmost
        place, so each taken one must begin a token (or follow an opening bracket
        or quote) and end one (or come before punctuation or 's), and no trigger
        may straddle its ends.
        """
        keys = {k for t in found for k in self.triggers[t] if all(w in low for w in k.split())}
        if not keys:
            return []
        if len(low) != len(text):
            return None  # lower-casing changed the length: offsets would not agree
        longest: dict[int, int] = {}
        for k in keys:
            pattern = " +".join("".join("['\u2019]" if c == "'" else re.escape(c) for c in w) for w in k.split())
            for m in re.finditer(f"(?=({pattern}))", text, re.IGNORECASE):
                longest[m.start()] = max(longest.get(m.start(), 0), m.end(1))
        spans, taken = [], 0
        n = len(text)
        for s in sorted(longest):
            if s < taken:
                continue  # inside a variant taken before: the core goes on after it
            e = taken = longest[s]
            before, after = text[s - 1] if s else " ", text[e] if e < n else " "
            if before not in _PLAIN_BEFORE or not (after in _PLAIN_AFTER or (
                    after in ".:" and (e + 1 == n or text[e + 1] in _PLAIN_AFTER))):
                return None  # glued to a word, or maybe part of a URL
            spans.append((s, e, " ".join(text[s:e].split())))
        for t in found:
            i = low.find(t)
            while i >= 0:
                if any(i < s < i + len(t) or i < e < i + len(t) for s, e, _k in spans):
                    return None
                i = low.find(t, i + 1)
        return spans


# The core's context tokens and clause ends (normspell.context._TOKEN, _CLAUSE_END), for _choose.
_TOKEN = re.compile(r"[\w$@][\w$@'\u2019.\-]*[\w$@]|[\w$@]|[.;:!?()\[\]{}\"\u201c\u201d\u2014]")
_CLAUSE_END = frozenset(".;:!?()[]{}\"\u201c\u201d\u2014")


def _quantifies(head: list[str], table: dict) -> bool:
    # as normspell.context._quantifies: the word before a stop word counts what follows
    return bool(head) and (("before", head[0]) in table or (head[0][:1].isdigit() and head[0] not in ("1", "1st")))


def _tokens(snippet: str) -> list[str]:
    # a typographic apostrophe read as a plain one, as the core reads it (isn\u2019t)
    return [t.lower().rstrip(".") if len(t) > 1 else t.lower() for t in _TOKEN.findall(snippet.replace("\u2019", "'"))]


def _collect(tokens: Iterable[str], n: int) -> list[str]:
    out = []
    for tok in tokens:
        if tok in _CLAUSE_END:
            break
        out.append(tok)
        if len(out) == n:
            break
    return out
