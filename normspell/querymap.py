"""The query map: a search query normalized as the core would, without compiling a lexicon.

``normspell search`` is a new process for every query, and importing the matcher
and compiling a lexicon costs more than the search itself. So when an index is
built, what the core does to short texts is stored as plain data, and
:meth:`QueryMap.normalize` answers from it: with the core's text, or with
``None`` when the data cannot prove what the core would write (the caller then
compiles the lexicon). It holds:

- ``triggers``: strings of which every change the core can make holds one (the
  listed one-word spellings and open stems, the anchors of pattern rules, and one
  word of each multiword variant, with the words of the variants it stands for). A
  query holding none is left as it is.
- ``spelled``: each listed one-word spelling in lower case, Capitalized and in
  capitals, with and without ``'s``, and the core's normalization of it standing
  alone, as a token to look up.
- what can make a spelling read otherwise beside other words: the words of
  multiword variants (with their trigger) and protected phrases (``phrases``), the words that make a
  variant a mention or protect it (``context``; ``cues`` when the query has a quote
  mark), the cue words of context choices (``choice``, for the spellings that choose,
  such as ``womyn``: woman or women), and how far the core reads them (``reach``).

A change of the core lies inside one space-separated token unless a multiword
variant or protected phrase joins tokens, and depends on the words around it only
through those words; so when none of them is in the query, each token is what the
core makes of it alone.

>>> from normspell.normalize import Normalizer
>>> qm = QueryMap.from_normalizer(Normalizer.from_lexicons(["mim"]))
>>> qm.normalize("wimmin in I$rael"), qm.normalize("women prisoners")
('women in Israel', 'women prisoners')
>>> qm.normalize("the word womyn") is None  # a mention: only the core can tell
True
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the query side must not import the core
    from normspell.normalize import Normalizer

__all__ = ["FORMAT", "QueryMap", "cased", "spell"]

FORMAT = 1  # of the stored map; a stored map of another format is rebuilt
_LONGEST_QUERY = 1000  # characters: longer texts are left to the core (lookups grow with the length)
_APOSTROPHE = str.maketrans({"\u2019": "'"})
# Where the core's context readers (normspell.context) find words: its tokens, the
# words of its protected-context test, and whole chunks between spaces.
_RUN = re.compile(r"[\w$@'.\-]+")
_WORD = re.compile(r"[\w'$@\-]+")
_QUOTE = re.compile(r"[^\w\s$@#.\-]")  # anything that may be a quote mark


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

    ``triggers`` maps each trigger to the multiword variants (as their words) it
    stands for; ``spelled`` maps a token to (its normalization, whether it reads
    choice cues); ``longest`` is the length of the longest trigger.
    """

    triggers: Mapping[str, tuple[tuple[str, ...], ...]]
    spelled: Mapping[str, tuple[str, bool]]
    phrases: tuple[tuple[str, ...], ...]
    context: frozenset[str]
    cues: frozenset[str]
    choice: frozenset[str]
    reach: int
    longest: int

    @classmethod
    def from_normalizer(cls, n: Normalizer) -> QueryMap:
        """Read the lexicon of ``n`` and normalize each listed spelling with it."""
        from normspell.context import _CHARS_PER_WORD, REACH  # the build side has the core loaded
        from normspell.lexicon import _key, expand_forms

        lex = n.lexicon
        triggers: dict[str, set[tuple[str, ...]]] = {}
        phrases: set[tuple[str, ...]] = set()
        tokens: set[str] = set()
        for e in lex.entries:
            for form, _choice, std, _open in expand_forms(e):
                key = _key(form)
                if " " not in key:
                    triggers.setdefault(key, set())
                    tokens.add(key)
                    continue
                # A multiword variant matches only where all its words are; one word it
                # does not share with its standard is its trigger.
                own = [w for w in key.split() if w not in _key(std).split()] or key.split()
                word = next((w for w in own if len(w) >= 3), max(own, key=len))
                triggers.setdefault(word, set()).add(tuple(dict.fromkeys(key.split())))
        for a in {a for r in lex.rules for a in (r.anchor, r.anchor.lower())}:
            triggers.setdefault(a, set())
        for p in lex.protects:
            if not p.near:  # a phrase: it protects only where all its words are
                pieces = (x for w in _key(p.phrase).split() for x in w.split("*"))
                phrases.add(tuple(x for x in pieces if x.strip("-\u2010\u2011\u2012\u2013\u2014")))
        longest = max(map(len, triggers), default=0)
        spelled = spell(n, [t for t in cased(tokens) if _substrings(_fold(t), longest) & triggers.keys()])
        windows = [lex.mentions.window, *(c.window for c in lex.choices), *(p.window for p in lex.protects if p.near)]
        m = lex.mentions
        return cls(
            triggers={t: tuple(sorted(p)) for t, p in triggers.items()},
            spelled=spelled,
            phrases=tuple(sorted(phrases)),
            context=frozenset(_fold(w) for w in (*(b.split()[-1] for b in m.before if b.split()),
                                                 *(a.split()[0] for a in m.after if a.split()),
                                                 *(w for p in lex.protects for w in p.near))),
            cues=frozenset(_fold(w) for w in m.cues),
            choice=frozenset(_fold(word) for c in lex.choices for _ch, _side, word, _w in c.cues),
            reach=min(REACH, _CHARS_PER_WORD * min(windows)),
            longest=longest,
        )

    def lookups(self, text: str) -> tuple[list[str], list[str]]:
        """The triggers and tokens :meth:`normalize` may look up for ``text``.

        A store that keeps ``triggers`` and ``spelled`` elsewhere (the index's
        tables) fetches only these and passes them to :meth:`restricted`.
        """
        if len(text) > _LONGEST_QUERY:
            return [], []
        return sorted(_substrings(_fold(text), self.longest)), sorted(set(text.split(" ")))

    def restricted(self, triggers: Mapping[str, tuple[tuple[str, ...], ...]],
                   spelled: Mapping[str, tuple[str, bool]]) -> QueryMap:
        """This map with only the given triggers and spellings (those :meth:`lookups` named)."""
        return dataclasses.replace(self, triggers=dict(triggers), spelled=dict(spelled))

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
        phrases = itertools.chain(self.phrases, *(self.triggers[t] for t in found))
        if any(all(w in low for w in phrase) for phrase in phrases):
            return None
        words = _words(low)
        if words & self.context or (_QUOTE.search(text) and words & self.cues):
            return None
        choice_read = bool(words & self.choice) or any(c.isdigit() for c in text)
        out = []
        for token in text.split(" "):
            if not _substrings(_fold(token), self.longest) & found:
                out.append(token)
                continue
            hit = self.spelled.get(token)
            if hit is None or (hit[1] and choice_read):
                return None
            out.append(hit[0])
        return " ".join(out)


def spell(n: Normalizer, tokens: Iterable[str]) -> dict[str, tuple[str, bool]]:
    """What ``n`` makes of each token standing alone, and whether it read choice cues to do so.

    The entries of :attr:`QueryMap.spelled`; an index adds the archive's own
    spellings (``persynal``, ``imperiali$t``) with it.
    """
    rules = {f"{e.lexicon}:{e.id}" for e in n.lexicon.entries if e.choose}
    out = {}
    for t in sorted(tokens):
        r = n.normalize(t)
        out[t] = (r.text, any(c.rule in rules for c in r.changes + r.mentions))
    return out


def cased(spellings: Iterable[str]) -> set[str]:
    """Each spelling as a query may type it: as given, lower, Capitalized, CAPITALS; bare and possessive."""
    out = set(spellings)
    for k in {x.lower() for x in out}:
        for form, s in ((k, "s"), (k[:1].upper() + k[1:], "s"), (k.upper(), "S")):
            out.update((form, f"{form}'{s}", f"{form}\u2019{s}"))
    return out
