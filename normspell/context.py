"""Reading the words around a match: number choice, protected context, URLs.

(Mentions, which read the same words, are :mod:`normspell.mentions`.)

Pure functions over the original text and a match span. They look only at a
bounded stretch around the span (``REACH`` characters), which is what lets a
stream of chunks give the same result as the whole text.

>>> words_before("one of the young womyn", 16, 3)
['young', 'the', 'of']
"""

from __future__ import annotations

import re

import regex

from normspell.lexicon import ChoiceRule, Protect

__all__ = ["REACH", "words_before", "words_after", "choose", "is_protected_by_context", "in_url"]

REACH = 200  # characters of context read on each side of a match

# Words, numbers, and the punctuation that ends a clause (which stops a look-around).
_TOKEN = re.compile(r"[\w$@][\w$@'\u2019.\-]*[\w$@]|[\w$@]|[.;:!?()\[\]{}\"\u201c\u201d\u2014]")
_CLAUSE_END = frozenset(".;:!?()[]{}\"\u201c\u201d\u2014")
# URLs, e-mail addresses, host names, file names (amerikkka.pdf, womyn.html) and
# paths (/archive/amerika/, notes/amerika/index.html): identifiers that a change
# would break. A slash between words is prose (the U.$./Kanada border); a path
# starts at a slash or ends in a file name.
_FILE = r"\.(?:pdf|txt|html?|php|asp|jpe?g|png|gif|tiff?|docx?|rtf|mp3|mp4|zip|gz)\b"
_URL = regex.compile(
    r"(?i)(?:\b[a-z][a-z0-9+.\-]*://\S+|\bwww\.\S+|\bmailto:\S+|[\w.+\-]+@[\w\-]+\.[\w.\-]+"
    r"|\b[\w\-]+(?:\.[\w\-]+)*\.(?:com|org|net|edu|gov|info|io|uk|de|ca|us|fr|biz)(?:[/:?#]\S*)?\b"
    r"|(?<![\w.$])/[\w.\-]+(?:/[\w.\-]*)+|\b[\w.\-]+(?:/[\w.\-]+)*" + _FILE + ")")


def _by_identity(build):
    """Memoize ``build(obj)`` per object identity.

    The rules passed around here are frozen dataclasses holding long tuples:
    hashing one (as ``functools.lru_cache`` does on every call) costs more than
    the work it saves. The object is kept with its value, so an id is never
    mistaken for a reused one.
    """
    cache: dict[int, tuple[object, object]] = {}

    def get(obj):
        hit = cache.get(id(obj))
        if hit is not None and hit[0] is obj:
            return hit[1]
        if len(cache) > 256:
            cache.clear()
        value = build(obj)
        cache[id(obj)] = (obj, value)
        return value

    get.__doc__ = build.__doc__
    return get


def _tokens(snippet: str) -> list[str]:
    if not snippet.isascii():
        snippet = snippet.replace("\u2019", "'")  # a typographic apostrophe is one: isn’t, Kafka’s
    if snippet.isascii():  # lower-casing ASCII first changes no token: one call instead of one per token
        tokens = _TOKEN.findall(snippet.lower())
        if "." not in snippet:
            return tokens
        return [t.rstrip(".") if len(t) > 1 else t for t in tokens]
    return [t.lower().rstrip(".") if len(t) > 1 else t.lower() for t in _TOKEN.findall(snippet)]


_CHARS_PER_WORD = 24  # how far back n words are looked for: long words are rare
_SHORT_PER_WORD = 8  # a first, shorter look that usually finds them
_SPACE = re.compile(r"\s")
_LAST_SPACE = regex.compile(r"(?r)\s")


def _snippets_before(text: str, start: int, span: int, short: int) -> tuple[str | None, str]:
    """The text before ``start`` to read words from: a short stretch that starts at
    whitespace (so its words are whole), or None, and the full ``span``."""
    full = text[max(0, start - span):start]
    if short < span and start > short:
        m = _SPACE.search(text, start - short, start)
        if m:
            return text[m.end():start], full
    return None, full


def _snippets_after(text: str, end: int, span: int, short: int) -> tuple[str | None, str]:
    """The text after ``end`` to read words from: a short stretch that ends at
    whitespace, or None, and the full ``span``."""
    full = text[end:end + span]
    if short < span and end + short < len(text):
        m = _LAST_SPACE.search(text, end, end + short)
        if m:
            return text[end:m.start()], full
    return None, full


def _collect(tokens, n: int, stop: frozenset[str]) -> tuple[list[str], bool]:
    """Up to ``n`` words from ``tokens``, stopping at a clause end; and whether the
    result was decided (n words or a stop) before the tokens ran out."""
    out = []
    for tok in tokens:
        if tok in stop:
            return out, True
        if tok in _CLAUSE_END:
            continue
        out.append(tok)
        if len(out) == n:
            return out, True
    return out, False


def words_before(text: str, start: int, n: int, *, stop: frozenset[str] = _CLAUSE_END) -> list[str]:
    """Up to ``n`` words before ``start``, nearest first, stopping at a clause end."""
    short, full = _snippets_before(text, start, min(REACH, n * _CHARS_PER_WORD), n * _SHORT_PER_WORD + 8)
    if short is not None:
        out, decided = _collect(reversed(_tokens(short)), n, stop)
        if decided:
            return out  # the same words the full stretch gives: tokens never span whitespace
    return _collect(reversed(_tokens(full)), n, stop)[0]


def words_after(text: str, end: int, n: int, *, stop: frozenset[str] = _CLAUSE_END) -> list[str]:
    """Up to ``n`` words after ``end``, nearest first, stopping at a clause end."""
    short, full = _snippets_after(text, end, min(REACH, n * _CHARS_PER_WORD), n * _SHORT_PER_WORD + 8)
    if short is not None:
        out, decided = _collect(_tokens(short), n, stop)
        if decided:
            return out
    return _collect(_tokens(full), n, stop)[0]


_RELATIVE = re.compile(r",\s+who\b", re.IGNORECASE)
_PAIRED_BEFORE = re.compile(r"(?<![\w/])([^\W\d_]+)/\Z")
_PAIRED_AFTER = re.compile(r"/([^\W\d_]+)(?![\w/])")


def _paired(text: str, start: int, end: int) -> str | None:
    """The word a slash joins to [start, end) (``man/womyn``, ``womyn/man``), lower case, or None."""
    m = _PAIRED_BEFORE.search(text, max(0, start - 24), start)
    if m is None:
        m = _PAIRED_AFTER.match(text, end, end + 24)
    return m.group(1).lower() if m else None


def _quantifies(head: list[str], table: dict[tuple[str, str], tuple[str, float]]) -> bool:
    """Whether the word before a stop word counts what follows it (``each of``,
    ``two of``, ``millions of``): the verb after the variant then agrees with it."""
    return bool(head) and (("before", head[0]) in table or _is_number(head[0]))


def _is_number(word: str) -> bool:
    return word[:1].isdigit() and word not in {"1", "1st"}


@_by_identity
def _cue_table(rule: ChoiceRule) -> dict[tuple[str, str], tuple[str, float]]:
    return {(side, word): (choice, w) for choice, side, word, w in rule.cues}


def choose(text: str, start: int, end: int, rule: ChoiceRule,
           choices: tuple[str, ...]) -> tuple[str | None, str]:
    """Pick one of ``choices`` from the cues of ``rule`` around [start, end).

    Returns (choice or None when no cue decides, the reason in words).
    Cues after the word count only when it stands alone (not ``womyn's``,
    not ``womyn-led``): there the next verb agrees with another noun. A comma
    before a relative clause leaves it alone (``the womyn, who was``).
    """
    table = _cue_table(rule)
    partner = _paired(text, start, end)
    if partner is not None:
        hit = table.get(("pair", partner))
        if hit and hit[0] in choices:
            return hit[0], f"{hit[0]}: {partner!r} paired by a slash"
    scores = dict.fromkeys(choices, 0.0)
    why: dict[str, list[str]] = {c: [] for c in choices}
    before = words_before(text, start, rule.window)
    stop = next((i for i, w in enumerate(before) if w in rule.stop), None) if rule.stop else None
    partitive = stop is not None and _quantifies(before[stop + 1:stop + 2], table)
    near = before if stop is None else before[:stop]
    cut = next((i for i, w in enumerate(near) if w in rule.boundary), None) if rule.boundary else None
    sides = [("before", near if cut is None else near[:cut])]
    if not partitive and (end >= len(text) or text[end].isspace() or _RELATIVE.match(text, end)):
        sides.append(("after", words_after(text, end, rule.window)))
    for side, words in sides:
        for dist, word in enumerate(words, 1):
            key = (side, "<number>") if _is_number(word) else (side, word)
            hit = table.get(key)
            if hit and hit[0] in scores:
                scores[hit[0]] += hit[1] / dist
                why[hit[0]].append(f"{word!r} {side}")
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] == 0 or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        if partitive and rule.partitive in scores:  # thousands of womyn: the head counts them
            return rule.partitive, f"{rule.partitive}: {before[stop + 1]!r} {before[stop]!r}"
        return None, "no cue decided"
    best = ranked[0][0]
    return best, f"{best}: " + ", ".join(why[best])


_DOT_WORD = re.compile(r"\.[^\W\d_]{2}")
_WORD = re.compile(r"[\w'\u2019$@-]+")
# The same words in ASCII text: every other character becomes a space, then split
# (a translate and a split cost a third of the regular expression's findall).
_NOT_WORD = str.maketrans({c: " " for c in map(chr, range(128)) if not _WORD.fullmatch(c)})


def _words(snippet: str) -> list[str]:
    """The lower-cased ``_WORD`` words of ``snippet`` (a typographic apostrophe read as ``'``)."""
    low = snippet.lower()
    if not low.isascii():
        low = low.replace("\u2019", "'")  # Kafka’s is Kafka's
        if not low.isascii():
            return _WORD.findall(low)
    return low.translate(_NOT_WORD).split()


@_by_identity
def _near_plan(protects: tuple[Protect, ...]) -> tuple[int, int, int, tuple[tuple[frozenset[str], int, int], ...]]:
    """(window, span, short stretch, (near words, min_near, window) of each) of ``protects``."""
    window = max(p.window for p in protects)
    return (window, min(REACH, window * _CHARS_PER_WORD), window * _SHORT_PER_WORD + 8,
            tuple((frozenset(p.near), p.min_near, p.window) for p in protects))


def is_protected_by_context(text: str, start: int, end: int, protects: tuple[Protect, ...]) -> bool:
    """True when, for one of ``protects``, at least ``min_near`` of its ``near`` words
    are within its window of the match (the words around are read once for all)."""
    window, span, short, plan = _near_plan(protects)
    snippet, full = _snippets_before(text, start, span, short)
    before = _words(snippet) if snippet is not None else []
    if len(before) < window:  # too few whole words in the short stretch: read the full one
        before = _words(full)
    before = before[-window:]
    snippet, full = _snippets_after(text, end, span, short)
    after = _words(snippet) if snippet is not None else []
    if len(after) < window:
        after = _words(full)
    after = after[:window]
    for near, min_near, w in plan:
        if min_near > 0 and near.isdisjoint(before) and near.isdisjoint(after):
            continue  # the common case: no near word at all
        if sum(1 for x in before[-w:] if x in near) + sum(1 for x in after[:w] if x in near) >= min_near:
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
