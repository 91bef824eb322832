"""Building the query map at index time: what the core makes of each listed spelling.

:class:`~normspell.querymap.QueryMap` answers queries without the core; this
module fills it, with the core loaded (``normspell index``): each listed
spelling as a query may type it, normalized by a :class:`Normalizer` standing
alone, after a cue word of each choice, and each listed multiword variant in
each word casing. The core is imported inside the functions, so that importing
this module (as the index store does) loads no lexicon.

>>> from normspell.normalize import Normalizer
>>> n = Normalizer.from_lexicons(["mim"])
>>> spell(n, ["Wimmin", "womyn"])  # (womyn chooses: cue words may change it)
{'Wimmin': ('Women', False), 'womyn': ('women', True)}
>>> sorted(cased(["persyn"]))[:4]
['PERSYN', "PERSYN'S", 'PERSYN’S', 'Persyn']
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from normspell.querymap import _TOKEN, QueryMap, _fold, _substrings

if TYPE_CHECKING:
    from normspell.normalize import Normalizer

__all__ = ["build", "cased", "spell"]

_MOST_CASED_WORDS = 6  # longer multiword forms are stored in lower case, Capitalized and capitals only


def build(n: Normalizer) -> QueryMap:
    """The query map of the lexicon of ``n``: each listed spelling normalized with it."""
    from normspell.context import _CHARS_PER_WORD, REACH  # the core: loaded here, never on the query side
    from normspell.lexicon import _key, expand_forms

    lex = n.lexicon
    triggers: dict[str, set[str]] = {}
    phrases: set[tuple[str, ...]] = set()
    tokens: set[str] = set()
    multi: set[str] = set()
    for e in lex.entries:
        for form, _choice, std, is_open in expand_forms(e):
            key = _key(form)
            if " " not in key:
                triggers.setdefault(key, set())
                tokens.add(key)
                continue
            if is_open or e.compounds:  # letters may join it: left to the core wherever its words are
                phrases.add(tuple(dict.fromkeys(key.split())))
            # A multiword variant matches only where all its words are; one word it
            # does not share with its standard is its trigger.
            own = [w for w in key.split() if w not in _key(std).split()] or key.split()
            word = next((w for w in own if len(w) >= 3), max(own, key=len))
            triggers.setdefault(word, set())
            if not (is_open or e.compounds):
                triggers[word].add(key)
                multi.add(key)
    for a in {a for r in lex.rules for a in (r.anchor, r.anchor.lower())}:
        triggers.setdefault(a, set())
    for p in lex.protects:
        if not p.contextual:  # a phrase: it protects only where all its words are
            pieces = (x for w in _key(p.phrase).split() for x in w.split("*"))
            phrases.add(tuple(x for x in pieces if x.strip("-\u2010\u2011\u2012\u2013\u2014")))
    longest = max(map(len, triggers), default=0)
    spelled = spell(n, [t for t in cased(tokens) if _substrings(_fold(t), longest) & triggers.keys()])
    spelled.update(_spell_phrases(n, multi))
    chosen = _spell_choices(n, [t for t, (_v, c) in spelled.items() if c and " " not in t])
    windows = [lex.mentions.window, *(c.window for c in lex.choices), *(p.window for p in lex.protects if p.near)]
    m = lex.mentions
    return QueryMap(
        triggers={t: tuple(sorted(p)) for t, p in triggers.items()},
        spelled=spelled,
        phrases=tuple(sorted(phrases)),
        context=frozenset(_fold(w) for w in (*(b.split()[-1] for b in m.before if b.split()),
                                             *(a.split()[0] for a in m.after if a.split()),
                                             *(w for p in lex.protects for w in (*p.near, *p.document)),
                                             *m.contrast)),
        cues=frozenset(_fold(w) for w in m.cues),
        choice=frozenset(_fold(word) for c in lex.choices for _ch, _side, word, _w in c.cues) | {
            _fold(w) for e in lex.entries for _c, ws in e.document_default for w in ws},
        document=frozenset(_fold(w) for e in lex.entries for _c, ws in e.document_default for w in ws),
        reach=min(REACH, _CHARS_PER_WORD * min(windows)),
        longest=longest,
        chosen=chosen,
        rules={c.name: (c.window, c.cues, c.stop, c.boundary, c.partitive) for c in lex.choices if c.name in {r for r, _x in chosen.values()}},
        alone=m.alone,
    )


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


def _spell_choices(n: Normalizer, tokens: Iterable[str]) -> dict[str, tuple[str, tuple[tuple[str, str], ...]]]:
    """For each token that chooses (womyn: woman or women), its rule and its spelling under each choice.

    Each spelling is the core's, read after a cue word that picks the choice
    (``a womyn``, ``these womyn``); a token with a choice no single cue word picks
    is left out, and so left to the core when a cue is near.
    """
    entries = {f"{e.lexicon}:{e.id}": e for e in n.lexicon.entries if e.choose}
    out = {}
    for t in tokens:
        r = n.normalize(t)
        if len(r.changes) != 1 or r.mentions or (r.changes[0].start, r.changes[0].end) != (0, len(t)):
            continue
        entry = entries[r.changes[0].rule]
        table = {(side, word): choice for choice, side, word, _w in n.lexicon.choice(entry.choose).cues}
        texts = []
        for choice, _std in entry.standards:
            cue = next((w for (side, w), c in sorted(table.items()) if c == choice and side == "before"
                        and w != "<number>" and _TOKEN.fullmatch(w)), None)
            q = f"{cue} {t}"
            r = n.normalize(q) if cue else None
            if r is None or len(r.changes) != 1 or (r.changes[0].start, r.changes[0].end) != (len(q) - len(t), len(q)) \
                    or not r.changes[0].reason.startswith(f"{choice}:"):
                break
            texts.append((choice, r.text[len(q) - len(t):]))
        else:
            out[t] = (entry.choose, tuple(texts))
    return out


def _spell_phrases(n: Normalizer, keys: Iterable[str]) -> dict[str, tuple[str, bool]]:
    """What ``n`` makes of each listed multiword variant standing alone, as a query may type it.

    Only the spellings the core changes whole, in one change, are kept: one it
    leaves alone or changes word by word (its entry skipped) is left to the core.
    """
    typed = set()
    for k in keys:
        words = k.split()
        typed.update((k.upper(), " ".join(words)))
        if len(words) > _MOST_CASED_WORDS:
            typed.add(k[:1].upper() + k[1:])
            continue
        # each word lower case, Capitalized or with its first letter a capital ($Tates)
        ways = [dict.fromkeys((w, w[:1].upper() + w[1:], re.sub(r"[^\W\d_]", lambda m: m[0].upper(), w, count=1)))
                for w in words]
        typed.update(" ".join(p) for p in itertools.product(*ways))
    typed |= {t.replace("'", "\u2019") for t in typed}
    rules = {f"{e.lexicon}:{e.id}" for e in n.lexicon.entries if e.choose}
    out = {}
    for t in sorted(typed):
        r = n.normalize(t)
        if len(r.changes) == 1 and not r.mentions and (r.changes[0].start, r.changes[0].end) == (0, len(t)):
            out[t] = (r.text, r.changes[0].rule in rules)
    return out


def cased(spellings: Iterable[str]) -> set[str]:
    """Each spelling as a query may type it: as given, lower, Capitalized, CAPITALS; bare and possessive."""
    out = set(spellings)
    for k in {x.lower() for x in out}:
        for form, s in ((k, "s"), (k[:1].upper() + k[1:], "s"), (k.upper(), "S")):
            out.update((form, f"{form}'{s}", f"{form}\u2019{s}"))
    return out
