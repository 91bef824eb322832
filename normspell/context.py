"""Reading the words around a match: number choice, mentions, protected context, URLs.

Pure functions over the original text and a match span. They look only at a
bounded stretch around the span (``REACH`` characters), which is what lets a
stream of chunks give the same result as the whole text.

>>> words_before("one of the young womyn", 16, 3)
['young', 'the', 'of']
"""

from __future__ import annotations

import functools
import re

import regex

from normspell.lexicon import ChoiceRule, MentionRule, Protect

__all__ = ["REACH", "words_before", "words_after", "choose", "is_mention",
           "is_protected_by_context", "in_url"]

REACH = 200  # characters of context read on each side of a match

# Words, numbers, and the punctuation that ends a clause (which stops a look-around).
_TOKEN = re.compile(r"[\w$@][\w$@'\u2019.\-]*[\w$@]|[\w$@]|[.;:!?()\[\]{}\"\u201c\u201d\u2014]")
_CLAUSE_END = frozenset(".;:!?()[]{}\"\u201c\u201d\u2014")
_SENTENCE_END = frozenset(".;:!?")  # quotes do not end the stretch a mention is judged on
_OPEN_QUOTES = "\"'\u201c\u2018\u00ab\u2039"
_CLOSE_QUOTES = "\"'\u201d\u2019\u00bb\u203a"
_URL = regex.compile(
    r"(?i)(?:\b[a-z][a-z0-9+.\-]*://\S+|\bwww\.\S+|\bmailto:\S+|[\w.+\-]+@[\w\-]+\.[\w.\-]+"
    r"|\b[\w\-]+(?:\.[\w\-]+)*\.(?:com|org|net|edu|gov|info|io|uk|de|ca|us|fr|biz)(?:[/:?#]\S*)?\b)")


def _tokens(snippet: str) -> list[str]:
    return [t.lower().rstrip(".") if len(t) > 1 else t.lower() for t in _TOKEN.findall(snippet)]


_CHARS_PER_WORD = 24  # how far back n words are looked for: long words are rare


def words_before(text: str, start: int, n: int, *, stop: frozenset[str] = _CLAUSE_END) -> list[str]:
    """Up to ``n`` words before ``start``, nearest first, stopping at a clause end."""
    out = []
    for tok in reversed(_tokens(text[max(0, start - min(REACH, n * _CHARS_PER_WORD)):start])):
        if tok in stop:
            break
        if tok in _CLAUSE_END:
            continue
        out.append(tok)
        if len(out) == n:
            break
    return out


def words_after(text: str, end: int, n: int, *, stop: frozenset[str] = _CLAUSE_END) -> list[str]:
    """Up to ``n`` words after ``end``, nearest first, stopping at a clause end."""
    out = []
    for tok in _tokens(text[end:end + min(REACH, n * _CHARS_PER_WORD)]):
        if tok in stop:
            break
        if tok in _CLAUSE_END:
            continue
        out.append(tok)
        if len(out) == n:
            break
    return out


def _is_number(word: str) -> bool:
    return word[:1].isdigit() and word not in {"1", "1st"}


@functools.lru_cache(maxsize=64)
def _cue_table(rule: ChoiceRule) -> dict[tuple[str, str], tuple[str, float]]:
    return {(side, word): (choice, w) for choice, side, word, w in rule.cues}


def choose(text: str, start: int, end: int, rule: ChoiceRule,
           choices: tuple[str, ...]) -> tuple[str | None, str]:
    """Pick one of ``choices`` from the cues of ``rule`` around [start, end).

    Returns (choice or None when no cue decides, the reason in words).
    Cues after the word count only when it stands alone (not ``womyn's``,
    not ``womyn-led``): there the next verb agrees with another noun.
    """
    scores = dict.fromkeys(choices, 0.0)
    why: dict[str, list[str]] = {c: [] for c in choices}
    sides = [("before", words_before(text, start, rule.window))]
    if end >= len(text) or text[end].isspace():
        sides.append(("after", words_after(text, end, rule.window)))
    table = _cue_table(rule)
    for side, words in sides:
        for dist, word in enumerate(words, 1):
            key = (side, "<number>") if _is_number(word) else (side, word)
            hit = table.get(key)
            if hit and hit[0] in scores:
                scores[hit[0]] += hit[1] / dist
                why[hit[0]].append(f"{word!r} {side}")
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] == 0 or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None, "no cue decided"
    best = ranked[0][0]
    return best, f"{best}: " + ", ".join(why[best])


_WS_AFTER = re.compile(r"\s")


@functools.lru_cache(maxsize=64)
def _phrase_words(rule: MentionRule) -> tuple[frozenset[str], frozenset[str]]:
    """The last word of each ``before`` phrase and the first of each ``after`` phrase."""
    return (frozenset(b.split()[-1] for b in rule.before if b.split()),
            frozenset(a.split()[0] for a in rule.after if a.split()))


def is_mention(text: str, start: int, end: int, rule: MentionRule) -> bool:
    """True when the variant is talked about: quoted near a cue word (spell, word,
    say, ...), or right after a word like *term* or before a phrase like *with a k*."""
    if start == 0 or text[start - 1] not in _OPEN_QUOTES:
        before, after = _phrase_words(rule)
        if before and text[start - 1:start].isspace():
            # cheap test on the previous word before building the preceding phrase
            j = max(text.rfind(" ", max(0, start - 24), start - 1), text.rfind("\n", max(0, start - 24), start - 1))
            if text[j + 1:start - 1].lower() in before:
                preceding = " " + " ".join(text[max(0, start - 40):start].lower().split())
                if any(preceding.endswith(" " + b) for b in rule.before):
                    return True
        if after and text[end:end + 1].isspace():
            k = _WS_AFTER.search(text, end + 1, end + 24)
            if text[end + 1:k.start() if k else end + 24].lower() in after:
                following = " ".join(text[end:end + 40].lower().split())
                return any(following.startswith(a) and following[len(a):len(a) + 1] in ("", " ", ",", ".", ";", ":", ")")
                           for a in rule.after)
        return False
    if not rule.cues:
        return False
    after = text[end:end + 2]
    if not after or (after[0] not in _CLOSE_QUOTES and not (
            len(after) == 2 and after[0] in ".,;:!?" and after[1] in _CLOSE_QUOTES)):
        return False
    near = (words_before(text, start - 1, rule.window, stop=_SENTENCE_END)
            + words_after(text, end + 1, rule.window, stop=_SENTENCE_END))
    cues = set(rule.cues)
    return any(w.strip("'\u2019\"") in cues for w in near)


_DOT_WORD = re.compile(r"\.[^\W\d_]{2}")
_WORD = re.compile(r"[\w'\u2019$@-]+")


@functools.lru_cache(maxsize=256)
def _near_set(protect: Protect) -> frozenset[str]:
    return frozenset(protect.near)


def is_protected_by_context(text: str, start: int, end: int, protects: tuple[Protect, ...]) -> bool:
    """True when, for one of ``protects``, at least ``min_near`` of its ``near`` words
    are within its window of the match (the words around are read once for all)."""
    window = max(p.window for p in protects)
    span = min(REACH, window * _CHARS_PER_WORD)
    before = _WORD.findall(text[max(0, start - span):start].lower())[-window:]
    after = _WORD.findall(text[end:end + span].lower())[:window]
    for p in protects:
        near = _near_set(p)
        w = p.window
        if sum(1 for x in before[-w:] if x in near) + sum(1 for x in after[:w] if x in near) >= p.min_near:
            return True
    return False


_PLAIN_BEFORE = frozenset(" \n\t\r\"'(\u201c\u2018")
_PLAIN_AFTER = frozenset(" \n\t\r\"'),;!?\u201d\u2019")


def in_url(text: str, start: int, end: int) -> bool:
    """True when [start, end) lies inside a URL or an e-mail address."""
    if (start == 0 or text[start - 1] in _PLAIN_BEFORE) and (
            end == len(text) or text[end] in _PLAIN_AFTER
            or (text[end] in ".:" and (end + 1 == len(text) or text[end + 1] in _PLAIN_AFTER))):
        return False  # a word standing alone: the common case
    # The whitespace-delimited chunk around the match: only one with a slash, an
    # @ or a dot can hold a URL or an address.
    floor = max(0, start - REACH)
    lo = max(text.rfind(" ", floor, start), text.rfind("\n", floor, start), floor - 1) + 1
    hi = min(len(text), end + REACH)
    for c in " \n":
        i = text.find(c, end, hi)
        if i >= 0:
            hi = i
    chunk = text[lo:hi]
    if "/" not in chunk and "@" not in chunk and not _DOT_WORD.search(chunk):
        return False  # u.$., I$rael/Amerikkka: no address can hide here
    for m in _URL.finditer(chunk):
        if m.start() + lo < end and start < m.end() + lo:
            return True
    return False
