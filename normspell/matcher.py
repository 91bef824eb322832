"""Compiling a lexicon into one fast, single-pass matcher.

Every variant form contains a short *anchor* (the letters around where it
differs from its standard: ``myn``, ``u.$.``, ``erika``). One Aho-Corasick scan
of the lower-cased UTF-8 bytes finds all anchors at C speed, whatever the
lexicon size; only the whitespace-delimited chunks around those hits (widened
by as many words as the longest phrase needs) are then matched with a single
regular expression: a trie of every literal form plus the open forms, with
token boundaries. Scanning every window gives exactly what scanning the whole
text with that expression gives (tested), at a fraction of the cost.

>>> from normspell.lexicon import load_lexicon
>>> m = Matcher(load_lexicon("mim"))
>>> [(h.start, h.end, h.form.entry.id) for h in m.find("The womyn of Amerikkka")]
[(4, 9, 'womyn'), (13, 22, 'amerika')]
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import ahocorasick_rs
import regex

from normspell.lexicon import Entry, Lexicon, Protect, _key, check_consistency, expand_forms

__all__ = ["Form", "Hit", "Matcher"]

# A token boundary as a tokenizer sees it: `$`, `@` and `#` glue to words
# (u.$., @handle, #tag), hyphens, slashes, quotes and apostrophes do not.
_LEFT = r"(?<![\w$@#])"
_RIGHT = r"(?![\w$@])"
_LETTERS = r"[^\W\d_]"
_WS = " \n\t\r"
_DASHES = "-\u2010\u2011\u2012\u2013\u2014"
_DASH_ATOM = r"\s*[\-\u2010-\u2014]\s*"


@dataclass(frozen=True, slots=True)
class Form:
    """What one matched spelling means: its entry and its standard per choice."""

    entry: Entry
    standards: tuple[tuple[str, str], ...]
    core: str = ""  # for open forms: the variant stem inside the match


@dataclass(frozen=True, slots=True)
class Hit:
    """A raw match of a variant (``form``) or of a protected phrase (``protect``)."""

    start: int
    end: int
    form: Form | None
    protect: Protect | None = None


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
        atoms.extend("['\u2019]" if c == "'" else ("[*]" if c == "*" else regex.escape(c)) for c in w)
    return atoms


def _trie_pattern(keys: list[list[str]]) -> str:
    """A regex for a set of atom sequences that prefers the longest (leftmost-longest)."""
    root: dict = {}
    for atoms in keys:
        node = root
        for a in atoms:
            node = node.setdefault(a, {})
        node[""] = True

    def emit(node: dict) -> str:
        alts = [a + emit(child) for a, child in node.items() if a]
        if "" in node:
            if not alts:
                return ""
            return "(?:" + "|".join(alts) + ")?" if len(alts) > 1 else f"(?:{alts[0]})?"
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(root) if root else "(?!)"


def _anchor(variant: str, standard: str) -> str:
    """The rare piece of a variant that every one of its forms contains."""
    v, s = variant.lower(), standard.lower()
    i = next((k for k, (a, b) in enumerate(zip(v, s)) if a != b), min(len(v), len(s)))
    i = min(i, len(v) - 1)
    lo = max((v.rfind(c, 0, i + 1) for c in " "), default=-1) + 1
    hi = v.find(" ", i)
    hi = len(v) if hi < 0 else hi
    word = v[lo:hi]
    if len(word) <= 6:
        return word
    start = max(0, min(i - lo - 2, len(word) - 5))
    return word[start:start + 5]


class Matcher:
    """A lexicon compiled for matching: immutable, picklable, thread-safe."""

    def __init__(self, lexicon: Lexicon):
        check_consistency(lexicon)
        self.lexicon = lexicon
        self._build()

    def __getstate__(self) -> Lexicon:
        # The automaton and the compiled expression are rebuilt on unpickling:
        # workers receive only the (small) lexicon.
        return self.lexicon

    def __setstate__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._build()

    def _build(self) -> None:
        forms: dict[str, Form] = {}
        literal: list[list[str]] = []
        opens: list[tuple[str, str, Entry, tuple]] = []
        anchors: dict[str, int] = {}
        for entry in self.lexicon.entries:
            by_form: dict[tuple[str, bool], list[tuple[str, str]]] = {}
            for form, choice, std, is_open in expand_forms(entry):
                by_form.setdefault((form, is_open), []).append((choice, std))
            for (form, is_open), stds in by_form.items():
                words = len(form.split())
                a = _anchor(form if not is_open else form, stds[0][1])
                anchors[a] = max(anchors.get(a, 0), words - 1)
                if is_open or entry.compounds:
                    pre = f"{_LETTERS}*?" if entry.compounds else ""
                    post = f"{_LETTERS}*" if is_open else ""
                    body = "".join(_atoms(form, protect=False))
                    opens.append((pre + body + post, _key(form), entry, tuple(stds)))
                else:
                    forms[_key(form)] = Form(entry, tuple(stds))
                    literal.append(_atoms(form, protect=False))
        protect_alts: list[list[str]] = []
        self._near: list[tuple[regex.Pattern, Protect]] = []
        for p in self.lexicon.protects:
            atoms = _atoms(p.phrase, protect=True)
            if p.near:
                self._near.append((regex.compile("(?i)" + "".join(atoms)), p))
                continue
            protect_alts.append([a if a != "[*]" else f"{_LETTERS}*" for a in atoms])
            low = _key(p.phrase)
            for a in list(anchors):
                if a in low:
                    anchors[a] = max(anchors[a], len(low.split()) - 1)
        self._forms = forms
        self._protect_by_key = {_key(p.phrase): p for p in self.lexicon.protects if not p.near}
        self._opens = [(regex.compile("(?i)" + pat), core, Form(e, stds, core))
                       for pat, core, e, stds in opens]
        alternatives = [f"(?P<p>{_trie_pattern(protect_alts)})"] if protect_alts else []
        alternatives.append(_trie_pattern(literal))
        alternatives.extend(pat for pat, *_ in opens)
        self._has_protects = bool(protect_alts)
        self._pattern = regex.compile(
            "(?i)" + _LEFT + "(?:" + "|".join(alternatives) + ")" + _RIGHT)
        self._anchor_words = list(anchors.values())
        self._automaton = ahocorasick_rs.BytesAhoCorasick(
            [a.encode("utf-8") for a in anchors])
        self.max_words = max(anchors.values(), default=0) + 1
        self.has_near = bool(self._near)

    # ---- scanning ----------------------------------------------------------

    def _hits(self, text: str) -> list[tuple[int, int, int]]:
        """Anchor occurrences as (start, end, anchor index) in str offsets, sorted."""
        data = text.encode("utf-8", "surrogatepass").lower()
        found = self._automaton.find_matches_as_indexes(data, overlapping=True)
        if not found:
            return []
        found.sort(key=lambda h: h[1])
        if text.isascii():
            return [(s, e, a) for a, s, e in found]
        # Byte offsets to str offsets: decode the stretches between hits once.
        out, pos_b, pos_c = [], 0, 0
        for a, s, e in found:
            pos_c += len(data[pos_b:s].decode("utf-8", "surrogatepass"))
            pos_b = s
            out.append((pos_c, pos_c + len(data[s:e].decode("utf-8", "surrogatepass")), a))
        return out

    def _windows(self, text: str) -> Iterator[tuple[int, int]]:
        """Merged [start, end) windows, each starting after and ending at whitespace."""
        n = len(text)
        cur_s = cur_e = -1
        kwords = self._anchor_words
        for s, e, a in self._hits(text):
            k = kwords[a]
            if e <= cur_e and k == 0:
                continue
            ws = _back(text, s, k, max(cur_e, 0))
            we = _forward(text, e, k, n)
            if ws <= cur_e:
                cur_e = max(cur_e, we)
            else:
                if cur_e >= 0:
                    yield cur_s, cur_e
                cur_s, cur_e = ws, we
        if cur_e >= 0:
            yield cur_s, cur_e

    def find(self, text: str, *, prefilter: bool = True) -> list[Hit]:
        """All raw hits, leftmost-longest and non-overlapping, in text order.

        ``prefilter=False`` scans the whole text with the expression (the
        reference the fast path is tested against).
        """
        spans = self._windows(text) if prefilter else [(0, len(text))]
        out = []
        for ws, we in spans:
            for m in self._pattern.finditer(text, ws, we):
                out.append(self._identify(m))
        return out

    def _identify(self, m: regex.Match) -> Hit:
        s, e = m.span()
        if self._has_protects and m.group("p") is not None:
            key = _key(m.group())
            return Hit(s, e, None, self._protect_by_key.get(key) or _GENERIC_PROTECT)
        form = self._forms.get(_key(m.group()))
        if form is None:
            found = m.group()
            for pat, _core, f in self._opens:
                if pat.fullmatch(found):
                    form = f
                    break
        return Hit(s, e, form)

    def near_protects(self, found: str) -> list[Protect]:
        """Protected phrases with context words (``near``) that this matched text is."""
        return [p for pat, p in self._near if pat.fullmatch(found)]


_GENERIC_PROTECT = Protect(phrase="", lexicon="", where="")


def _back(text: str, pos: int, words: int, lo: int) -> int:
    """Start of the chunk containing pos, moved back ``words`` chunks, not before lo.

    ``lo`` is the end of the previous window: searching no further back keeps
    the whole scan linear even on text without whitespace.
    """
    start = _rfind_ws(text, lo, pos) + 1
    for _ in range(words):
        k = start - 1
        while k > lo and text[k - 1] in _WS:
            k -= 1
        if k <= lo:
            return lo
        start = _rfind_ws(text, lo, k) + 1
    return max(start, lo)


def _rfind_ws(text: str, lo: int, pos: int) -> int:
    best = lo - 1
    for c in _WS:
        i = text.rfind(c, best + 1, pos)
        if i > best:
            best = i
    return best


def _forward(text: str, pos: int, words: int, n: int) -> int:
    """End of the chunk containing pos (a whitespace index or n), moved on ``words`` chunks."""
    end = _find_ws(text, pos, n)
    for _ in range(words):
        k = end
        while k < n and text[k] in _WS:
            k += 1
        if k >= n:
            return n
        end = _find_ws(text, k, n)
    return end


def _find_ws(text: str, pos: int, n: int) -> int:
    best = n
    for c in _WS:
        i = text.find(c, pos, best)
        if i >= 0:
            best = i
    return best
