"""One fast, single-pass matcher over a lexicon's tables (:mod:`normspell.matcher_tables`).

Every variant form contains a short *anchor* (the letters around where it
differs from its standard: ``myn``, ``u.$.``, ``erika``). One Aho-Corasick scan
of the text's case-folded bytes (:mod:`normspell.folding`) finds all anchors at C speed, whatever the
lexicon size; only around those hits does Python look further: a whole word
form is checked for token boundaries, an open stem is widened over its letters,
a pattern rule runs on the whitespace-delimited chunk, and a multiword form is
read back and forth from its anchor by one anchored expression. The candidates
are then resolved leftmost-longest, as scanning the whole text with one
expression of every form resolves them (the reference, tested equal).

>>> from normspell.lexicon import load_lexicon
>>> m = Matcher(load_lexicon("mim"))
>>> [(h.start, h.end, h.form.entry.id) for h in m.find("The womyn of Amerikkka")]
[(4, 9, 'womyn'), (13, 22, 'amerika')]
"""

from __future__ import annotations

import operator
import re
from typing import NamedTuple

import regex

from normspell.errors import PatternTimeoutError
from normspell.expression import _LETTERS
from normspell.guards import phrase_around
from normspell.lexicon import Lexicon, Protect, Rule, _key, check_consistency
from normspell.matcher_tables import Form, build_tables
from normspell.rule_safety import PATTERN_TIMEOUT

__all__ = ["Form", "Hit", "Matcher"]

_WS = " \n\t\r"


class Hit(NamedTuple):
    """A raw match of a variant (``form``) or of a protected phrase (``protect``).

    A named tuple, not a dataclass: hits are made once per match, in the hot loop.
    """

    start: int
    end: int
    form: Form | None
    protect: Protect | None = None


_second = operator.itemgetter(1)


class Matcher:
    """A lexicon compiled for matching: immutable, picklable, thread-safe.

    Building one makes the automaton; each regular expression is compiled when a
    text first needs it, which most texts (and processes) never do for most of them.
    """

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
        vars(self).update(build_tables(self.lexicon))

    # ---- scanning ----------------------------------------------------------

    def _raw(self, text: str) -> list[tuple[int, int, int]]:
        """Automaton matches as (key index, start, end) in str offsets, by start then end."""
        data = self._folding(text)
        found = self._automaton.find_matches_as_indexes(data, overlapping=True)
        if not found:
            return found
        # Overlapping matches come by end; a stable sort on the start keeps the
        # shorter of two matches at one start first.
        found.sort(key=_second)
        return self._folding.spans(found, data, text)

    def find(self, text: str, *, prefilter: bool = True) -> list[Hit]:
        """All raw hits, leftmost-longest and non-overlapping, in text order.

        ``prefilter=False`` scans the whole text with one expression of everything (the
        reference the fast path is tested against).
        """
        if not prefilter:
            return [self._identify(m) for m in _timed(self._pattern.finditer, text, 0, len(text), None)]
        raw = self._raw(text)
        if not raw:
            return []  # most short texts (a paragraph, a doc) hold no variant
        n = len(text)
        kinds = self._kinds
        if text.isascii():
            anchor_forms, anchor_spans = self._anchor_folded, self._anchor_spans_folded
        else:
            anchor_forms, anchor_spans = self._anchor_forms, self._anchor_spans
        multi_forms = self._multi
        word, wordish, letter = _ASCII_WORD, _WORDISH.match, _LETTER.match
        found: list[tuple[int, int, int, int, Form]] = []  # (start, priority, -end, order, form)
        rule_end = -1  # end of the last chunk the rules were run on
        run_s = run_e = -1  # the last run of letters an open stem was widened over
        for k, s, e in raw:
            form, multi, opens, rules = kinds[k]
            # token boundaries (_LEFT, _RIGHT) are checked on the two neighbours
            if form is not None:
                c = text[s - 1] if s else " "
                if not (c in word or c == "#" or (c > "\x7f" and wordish(c))) or c == "_" and _opens(text, s - 1):
                    c = text[e] if e < n else " "
                    if not (c in word or (c > "\x7f" and c != "#" and wordish(c))) or c == "_" and _closes(text, e):
                        found.append((s, -1, -e, len(found), form))
            for priority, f, compounds, any_ending, alpha in opens:
                if not (alpha and run_s <= s and e <= run_e):
                    # The run of letters around this stem: found once, shared by every
                    # stem inside it, so a long run of glued stems stays linear.
                    run_s, run_e = s, e
                    while run_s:
                        c = text[run_s - 1]
                        if not (c.isalpha() if c < "\x80" else letter(c)):
                            break
                        run_s -= 1
                    while run_e < n:
                        c = text[run_e]
                        if not (c.isalpha() if c < "\x80" else letter(c)):
                            break
                        run_e += 1
                if compounds and s - run_s == 1:
                    continue  # one letter is no compound's first part: swimmin is not s + wimmin
                ps = run_s if compounds else s
                pe = run_e if any_ending else e
                c = text[ps - 1] if ps else " "
                if (c in word or c == "#" or (c > "\x7f" and wordish(c))) and not (c == "_" and _opens(text, ps - 1)):
                    continue
                c = text[pe] if pe < n else " "
                if (c in word or (c > "\x7f" and c != "#" and wordish(c))) and not (c == "_" and _closes(text, pe)):
                    continue
                if not found or found[-1][:3] != (ps, priority, -pe):
                    found.append((ps, priority, -pe, len(found), f))
            if rules and s >= rule_end and not (
                    found and found[-1][0] <= s and e <= -found[-1][2] and found[-1][1] < 0
                    and (found[-1][0] == 0 or text[found[-1][0] - 1] in _WS)):
                # (skipped when a listed form starting its chunk holds the anchor: no
                # rule match could start earlier, and at the same start listed forms win)
                # the whitespace-delimited chunk around the anchor
                m = _WS_BEFORE.search(text, 0, s)
                ws = m.start() + 1 if m else 0
                m = _WS_AFTER.search(text, e, n)
                rule_end = m.start() if m else n
                for priority, pat, f, r in rules:
                    # most anchors (a `$` before a price) start no match: one search says so
                    if _timed(pat.search, text, ws, rule_end, r) is not None:
                        for m in _timed(pat.finditer, text, ws, rule_end, r):
                            found.append((m.start(), priority, -m.end(), len(found), f))
            if multi and anchor_forms[k](text, s) is not None:
                # every multiword form through this anchor, as a literal form
                spans = anchor_spans[k].compiled().match(text, s).regs
                for i in range(1, len(spans), 2):
                    fs, fe = spans[i][0], spans[i + 1][1]
                    if fs >= 0 and fe >= 0:  # (both are set or neither)
                        found.append((fs, -1, -fe, len(found), multi_forms[_key(text[fs:fe])]))
        # Leftmost first; at one start, literal forms (longest) before open ones, in
        # lexicon order: the preferences of the whole-text expression's alternation.
        found.sort()  # (start, preference, -end, order): plain tuple order, no key function
        out: list[Hit] = []
        taken_end = -1
        for s, _p, neg_e, _i, form in found:
            if s < taken_end:
                continue  # overlapped by an earlier or preferred match
            taken_end = e = -neg_e
            out.append(self._guarded(text, s, e, form) if form.guards else Hit(s, e, form, None))
        return out

    def rewrite_open_cores(self, letters: str) -> str:
        """Rewrite variant stems inside the letters around another stem (PERSYNWOMYN).

        Without this a second pass would find the inner stem: normalizing would
        not be idempotent.
        """
        low = letters.lower()
        for pat, core, std in self._open_cores:
            if core in low:
                letters = pat.sub(std, letters)
                low = letters.lower()
        return letters

    def _guarded(self, text: str, s: int, e: int, form: Form) -> Hit:
        """The hit, or the protected phrase around it."""
        phrase = phrase_around(text, s, e, form.guards, form.gate)
        if phrase is None:
            return Hit(s, e, form)
        return Hit(phrase[0], phrase[1], None, self._protect_by_key.get(_key(phrase[2])))

    def _identify(self, m: regex.Match) -> Hit:
        s, e = m.span()
        if self._has_protects and m.group("p") is not None:
            return Hit(s, e, None, self._protect_by_key.get(_key(m.group())) or _GENERIC_PROTECT)
        found = m.group()
        form = self._literal.get(_key(found))
        if form is None:
            form = self._multi.get(_key(found))
        if form is None:
            for pat, f in self._opens:
                if pat.fullmatch(found):
                    form = f
                    break
        if form is None:
            for pat, f, _r in self._rules:
                if pat.fullmatch(found):
                    form = f
                    break
        return Hit(s, e, form)


_GENERIC_PROTECT = Protect(phrase="", lexicon="", where="")


# A stretch this short cannot make a pattern run away (the lexicon's rules passed
# probes of 3,000 characters at load; 2**16 steps are milliseconds), and a timeout
# costs the regex module ~1.7 us a call, more than most searches of a price: `$5,`.
_UNTIMED = 16


def _timed(finditer, text: str, start: int, end: int, rule: Rule | None):
    """All matches (or the one of ``search``), or a clear error when a lexicon's
    pattern runs away on this text."""
    if end - start <= _UNTIMED:
        found = finditer(text, start, end)
        return found if found is None or isinstance(found, regex.Match) else list(found)
    try:
        found = finditer(text, start, end, timeout=PATTERN_TIMEOUT * 4)
        return found if found is None or isinstance(found, regex.Match) else list(found)
    except TimeoutError:
        what = f"rule {rule.id!r} at {rule.where}" if rule else "a lexicon pattern"
        msg = (f"{what} took over {PATTERN_TIMEOUT * 4}s on {end - start} characters of input: "
               "simplify the pattern (avoid nested repeats) or drop the rule")
        raise PatternTimeoutError(msg) from None


def _opens(text: str, i: int) -> bool:
    """Whether the underscore at ``i``, before a word, opens emphasis (_Amerika_):
    no word character stands before it (see expression._LEFT)."""
    return i == 0 or not _WORDISH.match(text[i - 1])


def _closes(text: str, i: int) -> bool:
    """Whether the underscore at ``i``, after a word, closes emphasis (see expression._RIGHT)."""
    return i + 1 == len(text) or not _JOINS_AFTER.match(text[i + 1])


_WORDISH = regex.compile(r"[\w$@#]")
_JOINS_AFTER = regex.compile(r"[\w$@]")
_LETTER = regex.compile(_LETTERS)
_ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$@")
_WS_BEFORE = regex.compile(r"(?r)[ \n\t\r]")  # one C-level scan instead of a find per character
_WS_AFTER = re.compile(r"[ \n\t\r]")

