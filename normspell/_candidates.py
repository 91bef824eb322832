"""Finding the tokens of a text that ``discover`` may judge, and their context.

A candidate token is a run of letters with at most the symbols ``$ @ ¢``, split off
at hyphens, slashes and ``=`` (``anti-Amerikkkan``, ``CP=u$a``), with a possessive
``'s`` set aside. Everything that is not a word is passed over here, before any
frequency is asked: currency (``$5``, ``US$ 40``), numbers and anything with a digit,
URLs and e-mail addresses, ``#tags`` and ``@handles``, code (``snake_case``,
``camelCase``), dotted abbreviations and contractions.

>>> [w for _s, _e, w in tokens("Bum$ paid $5 to www.squad$.org, not my_var or I$rael's")]
['Bum$', 'I$rael']
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from normspell import context

__all__ = ["tokens", "is_informative", "kwic"]

# Whitespace-delimited chunks holding a letter or symbol some rule rewrites; the
# lookbehind anchors at a chunk's start, so a chunk without one is skipped in C.
_CHUNK = regex.compile(r"(?<!\S)(?=\S*?(?:[kyzxKYZX$@\u00a2]|[pP][hH]))\S+")
# Parts of a chunk: what lies between hyphens, dashes, slashes, '=' and brackets.
_PART = regex.compile(r"[\p{L}\p{M}\p{N}_$@\u00a2#.'\u2019]+")
_CURRENCY = regex.compile(r"\$\s?\d|\d\s?\$")
_EDGE_QUOTES = "'\u2019\u2018."
_CLAUSE_START = ".!?:;"
_OPENERS = "\"'\u201c\u2018([{\u00ab*_"
MIN_LETTERS = 3
_WORD = regex.compile(r"[\p{L}$\u00a2][\p{L}\p{M}$@\u00a2]*")
_CAMEL = regex.compile(r"\p{Ll}(?!K)\p{Lu}")


def tokens(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, surface) of every word worth judging, in text order.

    Only chunks with a letter or symbol that a rule rewrites (k, y, z, x, ph,
    $, @, ¢) are looked at; every discovery rule needs one.
    """
    for chunk in _CHUNK.finditer(text):
        c = chunk.group()
        if "$" in c and (_CURRENCY.search(c) or _currency_follows(text, chunk.end(), c)):
            continue
        for part in _PART.finditer(c):
            s, e = part.span()
            word = part.group()
            # Quotes and a sentence's full stop around a word are not part of it;
            # the possessive 's is matched by the lexicon for every entry anyway.
            while word and word[0] in _EDGE_QUOTES:
                word, s = word[1:], s + 1
            for tail in ("'s", "\u2019s", "'", "\u2019", "."):
                if word.endswith(tail):
                    word, e = word[:-len(tail)], e - len(tail)
                    break
            word = word.rstrip(".")
            e = s + len(word)
            if _is_word(word) and not _in_url(text, chunk.start() + s, chunk.start() + e, c):
                yield chunk.start() + s, chunk.start() + e, word


def _currency_follows(text: str, end: int, chunk: str) -> bool:
    # "US$ 40 million": the amount is the next chunk.
    return chunk.endswith("$") and text[end:end + 2].lstrip()[:1].isdigit()


def _in_url(text: str, start: int, end: int, chunk: str) -> bool:
    return any(c in chunk for c in "/@.") and context.in_url(text, start, end)


def _is_word(word: str) -> bool:
    # Letters and $ @ ¢ only: a digit, _, #, . or ' makes a number, code, an
    # abbreviation (u.$.) or a contraction (O'Brien); a leading @ is a handle.
    if not _WORD.fullmatch(word) or sum(map(str.isalpha, word)) < MIN_LETTERS:
        return False
    # camelCase is code or a brand (iPhone, getValue); AmeriKKKa capitalizes only K.
    return not _CAMEL.search(word)


def is_informative(text: str, start: int) -> bool:
    """True when the case of the word at ``start`` says something about the word.

    It does not when the word begins a sentence, a paragraph or a line of Title
    Case (the previous word is capitalized too).
    """
    before = text[max(0, start - 80):start]
    stripped = before.rstrip(_OPENERS + " \t\r\n-\u2013\u2014/")
    if not stripped or stripped[-1] in _CLAUSE_START or "\n\n" in before[len(stripped):]:
        return False
    prev = stripped.split()[-1] if stripped.split() else ""
    letter = next((ch for ch in prev if ch.isalpha()), "")
    return letter.islower()


def kwic(text: str, start: int, end: int, width: int = 40) -> tuple[str, str, str]:
    """(left, keyword, right) around [start, end), whitespace collapsed to single spaces.

    >>> kwic("one two  three\\nfour five", 9, 14, width=8)
    ('one two ', 'three', ' four')
    """
    left = text[max(0, start - 3 * width):start].split()
    right = text[end:end + 3 * width].split()
    lpad = " " if start > 0 and text[start - 1].isspace() else ""
    rpad = " " if end < len(text) and text[end].isspace() else ""
    ltxt = " ".join(left)
    rtxt = " ".join(right)
    if len(ltxt) > width:
        ltxt = ltxt[-width:].partition(" ")[2] or ltxt[-width:]
    if len(rtxt) > width:
        rtxt = rtxt[:width].rpartition(" ")[0] or rtxt[:width]
    return ltxt + lpad if ltxt else "", text[start:end], (rpad + rtxt) if rtxt else ""
