r"""Writing a lexicon's forms as regular expressions for the matcher.

A form becomes a list of *atoms*, one per character (both cases), one per
whitespace run, apostrophe or dash; a set of forms becomes a trie that prefers
the longest; the *whole expression* is every literal form, open form, rule and
protected phrase in the matcher's order of preference (the reference its fast
path is tested against). Expressions compile on first use (:class:`_Lazy`). The
*anchor* of a multiword form is the short piece of it the Aho-Corasick scan looks
for; the form is read back and forth from it.

>>> "".join(_atoms("U.$. war", protect=False))
'[uU]\\.\\$\\.\\s+[wW][aA][rR]'
>>> _anchor("united $tates", "united states")
'$tates'
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import regex

if TYPE_CHECKING:
    from collections.abc import Callable

# A token boundary as a tokenizer sees it: `$`, `@` and `#` glue to words
# (u.$., @handle, #tag), hyphens, slashes, quotes and apostrophes do not. An
# underscore is a letter of an identifier (snake_case) but emphasis in plain text
# (_Amerika_, the way mail and Usenet underline a title): it joins only where a
# word character stands beyond it. Fixed-width lookbehinds, so that `re` takes them too.
_LEFT = r"(?:(?<![\w$@#])|(?<=_)(?<![\w$@#]_))"
_RIGHT = r"(?:(?![\w$@])|(?=_(?![\w$@])))"
_LETTERS = r"[^\W\d_]"
_DASHES = "-\u2010\u2011\u2012\u2013\u2014"
_DASH_ATOM = r"\s*[\-\u2010-\u2014]\s*"


def _atoms(phrase: str, *, protect: bool) -> list[str]:
    """Split a lower-cased form into regex atoms: chars, whitespace runs, apostrophes, dashes."""
    words = phrase.lower().replace("\u2019", "'").split()
    atoms: list[str] = []
    for i, w in enumerate(words):
        if protect and w in _DASHES and 0 < i < len(words) - 1:
            atoms.append(_DASH_ATOM)
            continue
        if i and atoms[-1] != _DASH_ATOM:
            atoms.append(r"\s+")
        atoms.extend(_char(c) for c in w)
    return atoms


def _char(c: str) -> str:
    """One character of a form, matching both cases (ASCII-style, like the byte scan)."""
    atom = _CHARS.get(c)
    if atom is None:
        if c == "'":
            atom = "['\u2019]"
        elif c == "*":
            atom = "[*]"
        elif (lo := c.lower()) != (up := c.upper()) and len(lo) == 1 and len(up) == 1:
            atom = f"[{regex.escape(lo)}{regex.escape(up)}]"
        else:
            atom = regex.escape(c)
        _CHARS[c] = atom
    return atom


_CHARS: dict[str, str] = {}  # _char's answers: a lexicon spells its forms with a few dozen characters


class _Lazy:
    """A regular expression compiled on first use (``pattern``: the expression, or a
    function that writes it, also on first use).

    Compiling is most of building a Matcher, and a process seldom needs most of
    a lexicon's expressions: the guards and open forms of words its texts never
    hold, or the whole-text expression of ``find(prefilter=False)``. Threads
    racing to the first use each compile the same expression; either serves.
    """

    __slots__ = ("_pattern", "flags", "_compiled")

    def __init__(self, pattern: str | Callable[[], str], flags: int = 0) -> None:
        self._pattern = pattern
        self.flags = flags | regex.DEFAULT_VERSION  # the syntax of now, as if compiled now
        self._compiled: regex.Pattern | None = None

    @property
    def pattern(self) -> str:
        p = self._pattern
        if not isinstance(p, str):
            p = self._pattern = p()
        return p

    def compiled(self) -> regex.Pattern:
        c = self._compiled
        if c is None:
            c = self._compiled = regex.compile(self.pattern, self.flags)
        return c

    def finditer(self, *args, **kwargs):
        return self.compiled().finditer(*args, **kwargs)

    def fullmatch(self, *args, **kwargs):
        return self.compiled().fullmatch(*args, **kwargs)

    def sub(self, *args, **kwargs):
        return self.compiled().sub(*args, **kwargs)


def _first_match(pattern: str, cells: list, k: int):
    """A stand-in for ``regex.compile(pattern).match`` at ``cells[k]`` that puts it there on first use."""
    flags = regex.DEFAULT_VERSION

    def match(text: str, pos: int):
        m = cells[k] = regex.compile(pattern, flags).match
        return m(text, pos)
    return match


# Compiling a set per letter ([aA]) costs the regex module ~6 times what a letter
# matched case-insensitively costs, and a lexicon's expressions spell thousands of
# letters. Case-insensitively, three letters match a third character: i İ (U+0130),
# k K (U+212A, Kelvin), s ſ (U+017F, long s); every other atom in _FOLDED matches
# exactly what it matches case-sensitively (tests/test_matcher.py checks all of
# Unicode). So text without those three characters (ASCII text, say) is matched
# with the atoms folded, the same expressions compiled several times faster; any
# other text with the exact ones.
_WIDER = re.compile("[\u0130\u212a\u017f]")
_FOLDED = {f"[{c}{c.upper()}]": c for c in "abcdefghijklmnopqrstuvwxyz"} | {
    a: a for a in (r"\s+", _DASH_ATOM, "['\u2019]", "[*]", f"{_LETTERS}*", f"{_LETTERS}*?",
                   *(regex.escape(c) for c in "0123456789!\"#$%&'()+,-./:;<=>?@[\\]^_`{|}~"))}


def _fold_join(atoms: list[str]) -> str:
    """The atoms joined, each run of atoms in _FOLDED folded and matched case-insensitively."""
    out, run = [], []
    for a in atoms:
        f = _FOLDED.get(a)
        if f is None:
            out.append(_insensitive("".join(run)))
            out.append(a)
            run = []
        else:
            run.append(f)
    out.append(_insensitive("".join(run)))
    return "".join(out)


def _insensitive(expression: str) -> str:
    return f"(?i:{expression})" if expression else ""


def _trie_pattern(keys: list[list[str]]) -> str:
    """A regex for a set of atom sequences that prefers the longest (leftmost-longest)."""
    root: dict = {}
    for atoms in keys:
        node = root
        for a in atoms:
            node = node.setdefault(a, {})
        node[""] = True

    def emit(node: dict) -> str:
        exprs = [a + emit(child) for a, child in node.items() if a]
        if "" in node:
            if not exprs:
                return ""
            return "(?:" + "|".join(exprs) + ")?" if len(exprs) > 1 else f"(?:{exprs[0]})?"
        return exprs[0] if len(exprs) == 1 else "(?:" + "|".join(exprs) + ")"

    return emit(root) if root else "(?!)"


def _whole_expression(protects: list[str], forms: list[str], opens: list[list[str]], rules: list[str]) -> str:
    """One expression for everything a lexicon matches: protected phrases (group ``p``),
    then literal forms, open forms and rule patterns, in this order of preference.

    Scanning a whole text with it is the reference the matcher's fast path is tested
    against (``Matcher.find(prefilter=False)``).
    """
    protect_alts = [[a if a != "[*]" else f"{_LETTERS}*" for a in _atoms(p, protect=True)] for p in protects]
    alternatives = [f"(?P<p>{_trie_pattern(protect_alts)})"] if protect_alts else []
    alternatives.append(_trie_pattern([_atoms(f, protect=False) for f in forms]))
    alternatives.extend("".join(atoms) for atoms in opens)
    alternatives.extend(f"(?:{r})" for r in rules)
    return _LEFT + "(?:" + "|".join(alternatives) + ")" + _RIGHT


def _anchor(variant: str, standard: str) -> str:
    """The rare piece of a variant that every one of its forms contains."""
    v, s = variant.lower(), standard.lower()
    i = next((k for k, (a, b) in enumerate(zip(v, s)) if a != b), min(len(v), len(s)))
    i = min(i, len(v) - 1)
    while v[i] == " " and i + 1 < len(v):  # the difference is the word break (wo myn / women)
        i += 1
    lo = max((v.rfind(c, 0, i + 1) for c in " "), default=-1) + 1
    hi = v.find(" ", i)
    hi = len(v) if hi < 0 else hi
    word = v[lo:hi]
    if len(word) <= 6:
        return word
    start = max(0, min(i - lo - 2, len(word) - 5))
    return word[start:start + 5]
