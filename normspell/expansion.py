"""Query expansion: every spelling a lexicon knows for the words of a standard query.

A researcher types ``women of America``; the archive writes ``wimmin of Amerikkka``.
:func:`expand` turns the query into one regular expression (and the list of
spellings behind it) that matches every lexicon spelling of each word, for search
engines and tools that cannot normalize the text themselves:

>>> from normspell.expansion import expand
>>> x = expand("women of America")
>>> x.words
('women', 'of', 'America')
>>> x.spellings[2][:4]
('America', 'amerika', 'amerikka', 'amerikkka')
>>> bool(x.compiled.search("the wimmin of\\nAmeriKKKa")), bool(x.compiled.search("women of Amerikan"))
(True, False)
>>> expand("united states").compiled.search("the United\\n$tates army").group()
'United\\n$tates'

The query is normalized first, so ``womyn`` and ``women`` expand alike. Spellings
come from the lexicon's entries and endings (:func:`normspell.lexicon.expand_forms`);
open stems and compounds (``persynal``, ``chairpersyn``) and pattern rules
(``imperiali$t``) are generated for the query's words and kept only when the
normalizer turns them back into the word. Matching is case-insensitive and stops at
token boundaries as the core sees them (``$``, ``@`` and ``.`` belong to tokens;
hyphens, slashes and apostrophes do not), and words are joined by any whitespace.
A multiword standard in the query (``United States``) also matches its multiword
variants (``united $nakes``), which are not word-for-word spellings.

To search normalized text exactly (context choices included), normalize it and
search for the standard query, as ``normspell grep`` does; ``expand`` is for the
engines that only see the original.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from normspell.expression import _LEFT, _RIGHT
from normspell.lexicon import _key, expand_forms
from normspell.normalize import Normalizer

__all__ = ["Expansion", "expand", "standard_words"]

# The core's token boundaries (normspell.expression): `$ @ #` glue to words.
LEFT, RIGHT = _LEFT, _RIGHT
_SEPARATORS = re.compile(r"([\-\u2010-\u2014/])")  # a query word's parts are matched one by one
_POSSESSIVE = re.compile(r"['\u2019]s?$", re.IGNORECASE)
_EDGE = re.compile(r"^[^\w$@#.]+|[^\w$@.'\u2019]+$")  # punctuation a query word may carry
_MAX_RULE_SLOTS = 6  # 2**6 candidate spellings per pattern rule and word, at most


@dataclass(frozen=True, slots=True)
class Expansion:
    """The expansion of one query.

    ``words`` are the query's words in standard spelling; ``spellings[i]`` lists
    word ``i``'s spellings, the standard first; ``phrases`` pairs each multiword
    standard inside the query with its multiword variants. ``pattern`` is the
    regular expression (Python syntax; also valid PCRE and Java) and ``compiled``
    that expression compiled.
    """

    query: str
    words: tuple[str, ...]
    spellings: tuple[tuple[str, ...], ...]
    phrases: tuple[tuple[str, tuple[str, ...]], ...]
    pattern: str
    compiled: re.Pattern


@dataclass(frozen=True, slots=True)
class _Tables:
    literal: dict[str, frozenset[str]]  # standard key -> variant forms
    stems: tuple[tuple[str, str, str, bool, bool], ...]  # (std core, variant core, default core, open, compounds)
    phrases: dict[tuple[str, ...], frozenset[str]]  # multiword standard -> variant phrases


@functools.lru_cache(maxsize=8)
def _tables(n: Normalizer) -> _Tables:
    cfg = n.config
    literal: dict[str, set[str]] = {}
    stems: dict[tuple, None] = {}
    phrases: dict[tuple[str, ...], set[str]] = {}
    for e in n.lexicon.entries:
        if (cfg.only is not None and e.category not in cfg.only) or e.category in cfg.skip:
            continue
        for form, choice, std, is_open in expand_forms(e):
            core = _key(std)
            if is_open or e.compounds:
                # The default standard with this form's ending: what the normalizer writes.
                ending = "" if is_open else std[len(dict(e.standards)[choice]):]
                default = _key(dict(e.standards)[e.default] + ending)
                stems[(core, _key(form), default, is_open, e.compounds)] = None
            if is_open:
                continue
            if " " in core:
                phrases.setdefault(tuple(core.split()), set()).add(_key(form))
            else:
                literal.setdefault(core, set()).add(_key(form))
    return _Tables({k: frozenset(v) for k, v in literal.items()}, tuple(stems),
                   {k: frozenset(v) for k, v in phrases.items()})


@functools.lru_cache(maxsize=8)
def _default(lexicons: tuple[str, ...]) -> Normalizer:
    return Normalizer.from_lexicons(lexicons, mentions="normalize")


def _stem_candidates(word: str, stems: Iterable[tuple[str, str, str, bool, bool]]) -> dict[str, str]:
    """Spellings of ``word`` with open or compound stems, each with the text the normalizer gives."""
    out: dict[str, str] = {}
    for std, var, default, is_open, compounds in stems:
        i = word.find(std)
        while i >= 0:
            before, after = word[:i], word[i + len(std):]
            if (not before or (compounds and len(before) > 1 and before.isalpha())) and (not after or (is_open and after.isalpha())):
                out[before + var + after] = before + default + after
            i = word.find(std, i + 1)
    return out


def _rule_candidates(word: str, n: Normalizer) -> set[str]:
    """Spellings of ``word`` that a pattern rule would rewrite (``$`` for ``s``), capped."""
    out: set[str] = set()
    for rule in n.lexicon.rules:
        for old, new in rule.substitute:
            slots = [i for i in range(len(word)) if word.startswith(new, i)][:_MAX_RULE_SLOTS]
            for k in range(1, len(slots) + 1):
                for chosen in itertools.combinations(slots, k):
                    chars = list(word)
                    for i in chosen:
                        chars[i:i + len(new)] = [old] + [""] * (len(new) - 1)
                    out.add("".join(chars))
    return out


def _normalized(n: Normalizer, text: str) -> str:
    return _key(n.normalize(text).text)


def _spellings(word: str, n: Normalizer, t: _Tables) -> list[str]:
    """Every spelling of one token (no separators), the word itself first."""
    key = _key(word)
    found = dict.fromkeys(sorted(t.literal.get(key, ())))
    # Generated spellings are kept only if normalizing them gives the word back.
    for cand, expected in sorted(_stem_candidates(key, t.stems).items()):
        if cand != key and _normalized(n, cand) in (key, expected):
            found[cand] = None
    for cand in sorted(_rule_candidates(key, n)):
        if _normalized(n, cand) == key:
            found[cand] = None
    found.pop(key, None)
    return [word, *found]


def _word_spellings(word: str, n: Normalizer, t: _Tables) -> tuple[tuple[str, ...], str]:
    """(spellings, regex) of a query word; hyphen and slash parts are expanded one by one."""
    alternatives: list[list[str]] = []
    regex_parts: list[str] = []
    for part in _SEPARATORS.split(word):
        if not part:
            continue
        if _SEPARATORS.fullmatch(part):
            alternatives.append([part])
            regex_parts.append(r"[\-\u2010-\u2014]" if part != "/" else "/")
            continue
        m = _POSSESSIVE.search(part) if len(part) > 2 else None
        base, tail = (part[:m.start()], m.group()) if m else (part, "")
        spelled = _spellings(base, n, t)
        alternatives.append([s + tail for s in spelled])
        regex_parts.append(_alternation(spelled) + (_literal(tail) if tail else ""))
    spellings = tuple("".join(p) for p in itertools.islice(itertools.product(*alternatives), 1000))
    return spellings, "".join(regex_parts)


def _literal(form: str) -> str:
    """A regex for one spelling: whitespace runs match any whitespace, apostrophes either kind."""
    out = []
    for chunk in re.split(r"(\s+)", form):
        if chunk.isspace():
            out.append(r"\s+")
        elif chunk:
            out.append(re.sub("['\u2019]", "['\u2019]", re.escape(chunk).replace("\\'", "'")))
    return "".join(out)


def _alternation(forms: Iterable[str]) -> str:
    # Longest first: an alternation takes the first alternative that matches.
    alts = sorted({_literal(f.lower()) for f in forms}, key=lambda a: (-len(a), a))
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


def standard_words(query: str, n: Normalizer) -> tuple[str, ...]:
    """The words of ``query`` in standard spelling, without surrounding punctuation.

    >>> standard_words("Wimmin of Amerikkka!", _default(("mim",)))
    ('Women', 'of', 'America')
    """
    return tuple(w for w in (_EDGE.sub("", w) for w in n.normalize(query).text.split()) if w)


def expand(query: str, lexicons: Iterable[str | Path] | Normalizer = ("mim",)) -> Expansion:
    """Expand a standard-spelling query into every spelling the lexicons know.

    ``lexicons`` are names or paths (later ones override earlier ones), or a
    :class:`Normalizer` whose lexicon and ``only``/``skip`` categories are used.
    An empty query raises :class:`ValueError`.

    >>> x = expand("I$rael's persynal")
    >>> x.words, x.spellings[0][:2], "persynal" in x.spellings[1]
    (("Israel's", 'personal'), ("Israel's", "i$rael's"), True)
    """
    n = lexicons if isinstance(lexicons, Normalizer) else _default(tuple(str(x) for x in lexicons))
    t = _tables(n)
    words = standard_words(query, n)
    if not words:
        msg = f"query {query!r} has no words to search for: give one or more words"
        raise ValueError(msg)
    spelled = [_word_spellings(w, n, t) for w in words]
    keys = [_key(w) for w in words]
    found_phrases: dict[int, list[tuple[int, frozenset[str]]]] = {}
    phrases: list[tuple[str, tuple[str, ...]]] = []
    for std, variants in t.phrases.items():
        for i in range(len(keys) - len(std) + 1):
            if tuple(keys[i:i + len(std)]) == std:
                found_phrases.setdefault(i, []).append((i + len(std), variants))
                phrases.append((" ".join(words[i:i + len(std)]), tuple(sorted(variants))))

    @functools.cache
    def from_word(i: int) -> str:
        # The pattern for words i.. : word i then the rest, or a multiword variant then the rest.
        if i == len(words):
            return ""
        options = [(i + 1, spelled[i][1])] + [(j, _alternation(v)) for j, v in found_phrases.get(i, ())]
        alts = [head + (r"\s+" + from_word(j) if j < len(words) else "") for j, head in options]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    pattern = "(?i)" + LEFT + from_word(0) + RIGHT
    return Expansion(query, words, tuple(s for s, _r in spelled), tuple(phrases), pattern, re.compile(pattern))
