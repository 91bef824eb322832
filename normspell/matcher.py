"""Compiling a lexicon into one fast, single-pass matcher.

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
from dataclasses import dataclass
from typing import NamedTuple

import ahocorasick_rs
import regex

from normspell.errors import PatternTimeoutError
from normspell.expression import (
    _DASH_ATOM,
    _LEFT,
    _LETTERS,
    _RIGHT,
    _WIDER,
    _anchor,
    _atoms,
    _first_match,
    _fold_join,
    _Lazy,
    _whole_expression,
)
from normspell.folding import Folding
from normspell.guards import Guard, gate, guards_of, phrase_around
from normspell.lexicon import Entry, Lexicon, Protect, Rule, _key, check_consistency, expand_forms
from normspell.rule_safety import PATTERN_TIMEOUT

__all__ = ["Form", "Hit", "Matcher"]

_WS = " \n\t\r"


@dataclass(frozen=True, slots=True, eq=False)
class Form:
    """What one matched spelling means, with everything per-hit work needs precomputed."""

    entry: Entry
    standards: tuple[tuple[str, str], ...]
    core: str = ""  # for open forms: the variant stem inside the match
    near: tuple[Protect, ...] = ()  # protects that apply only with context words
    guards: tuple[Guard, ...] = ()  # protected phrases containing this form (normspell.guards)
    rule: str = ""  # "lexicon:entry", the id changes carry
    substitute: tuple[tuple[str, str], ...] = ()  # for pattern rules: the rewrite of the match
    gate: tuple[frozenset[str] | None, frozenset[str] | None] = (None, None)  # from the guards

    def __post_init__(self) -> None:
        if not self.rule:
            object.__setattr__(self, "rule", f"{self.entry.lexicon}:{self.entry.id}")
        if self.guards:
            object.__setattr__(self, "gate", gate(self.guards))


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
        # (phrase, folded phrase, protect, the length of the forms it can match if only one)
        near = [(_Lazy("".join(atoms)), _Lazy(_fold_join(atoms)), p,
                 -1 if r"\s+" in atoms or _DASH_ATOM in atoms else len(atoms))
                for p in self.lexicon.protects if p.near for atoms in [_atoms(p.phrase, protect=True)]]
        guarded = [(p, _Lazy(_LEFT + "".join(_atoms(p.phrase, protect=True)) + _RIGHT))
                   for p in self.lexicon.protects if not p.near]
        phrases = [(_key(p.phrase), pat) for p, pat in guarded]
        literal: dict[str, Form] = {}   # single-word forms: found whole by the automaton
        multi: dict[str, Form] = {}     # multiword literal forms: read from their anchors
        trie: list[str] = []            # every literal form, for the whole-text expression
        opens: list[tuple[str, Form]] = []
        open_atoms: list[list[str]] = []
        anchors: dict[str, int] = {}    # anchors of multiword forms -> words of reach
        splits: dict[str, list[tuple[list[str], list[str]]]] = {}  # anchors -> their forms' atoms, split at it
        open_keys: dict[str, list] = {}  # open stems -> (priority, form, compounds, any ending)
        for entry in self.lexicon.entries:
            by_form: dict[tuple[str, bool], list[tuple[str, str]]] = {}
            for form, choice, std, is_open in expand_forms(entry):
                by_form.setdefault((form, is_open), []).append((choice, std))
            for (form, is_open), stds in by_form.items():
                key = _key(form)
                if is_open or entry.compounds:
                    atoms = _atoms(form, protect=False)
                    pre = f"{_LETTERS}*?" if entry.compounds else ""
                    post = f"{_LETTERS}*" if is_open else ""
                    f = Form(entry, tuple(stds), key,
                             guards=tuple(g for phrase, pat in phrases if key in phrase
                                          for g in guards_of(key, phrase, pat)))
                    open_keys.setdefault(key, []).append((len(opens), f, entry.compounds, is_open, key.isalpha()))
                    opens.append((pre + "".join(atoms) + post, f))
                    open_atoms.append([a for a in (pre, *atoms, post) if a])
                    continue
                else:
                    f = Form(entry, tuple(stds),
                             near=tuple(p for exact, folded, p, n in near if n in (-1, len(form))
                                        and (exact if _WIDER.search(form) else folded).fullmatch(form)),
                             guards=tuple(g for phrase, pat in phrases if key in phrase
                                          for g in guards_of(key, phrase, pat)))
                    trie.append(form)
                    if " " in key:
                        multi[key] = f
                    else:
                        literal[key] = f
                        if "'" in key:
                            literal[key.replace("'", "\u2019")] = f
                        continue
                a = _anchor(key, stds[0][1])
                anchors[a] = max(anchors.get(a, 0), len(key.split()) - 1)
                atoms = _atoms(form, protect=False)
                # The form read from each place its anchor stands in it: the words before
                # the anchor in a look-behind, the rest forward (atoms match key characters
                # one to one).
                i = key.find(a)
                while i >= 0:
                    splits.setdefault(a, []).append((atoms[:i], atoms[i:]))
                    i = key.find(a, i + 1)
        self._literal = literal
        self._multi = multi
        self._opens = [(_Lazy(pat), f) for pat, f in opens]
        self._open_cores = [(_Lazy(regex.escape(f.core), regex.IGNORECASE), f.core,
                             dict(f.standards)[f.entry.default].lower())
                            for _pat, f in opens]
        self._protect_by_key = {_key(p.phrase): p for p, _g in guarded}
        self._has_protects = bool(guarded)
        # Pattern rules come last in the order of preference, as in the expression.
        rule_keys: dict[str, list] = {}
        self._rules: list[tuple[_Lazy, Form, Rule]] = []
        for r in self.lexicon.rules:
            entry = Entry(id=r.id, variants=(r.anchor,), standards=(("", ""),), category=r.category,
                          lexicon=r.lexicon, where=r.where, note=r.note, confidence=r.confidence)
            f = Form(entry, (("", ""),), substitute=r.substitute)
            pat = regex.compile(_LEFT + "(?:" + r.pattern + ")" + _RIGHT)
            rule_keys.setdefault(r.anchor, []).append((len(opens) + len(self._rules), pat, f, r))
            self._rules.append((_Lazy(r.pattern), f, r))
        parts = ([p.phrase for p, _g in guarded], trie, open_atoms, [r.pattern for r in self.lexicon.rules])
        self._pattern = _Lazy(lambda: _whole_expression(*parts))
        # One automaton: whole literal forms, open stems, anchors of multiword forms and rules.
        keys = list(dict.fromkeys([*literal, *open_keys, *anchors, *rule_keys]))
        self._folding = Folding(keys)
        self._kinds = [(literal.get(k), k in anchors, tuple(open_keys.get(k, ())),
                        tuple(rule_keys.get(k, ()))) for k in keys]
        # Each compiled when its anchor is first met; the folded ones are for ASCII texts (see _WIDER).
        self._anchor_forms: list = [None] * len(keys)
        fold = regex.DEFAULT_VERSION == regex.VERSION0
        self._anchor_folded: list = [None] * len(keys) if fold else self._anchor_forms
        # Where one matches, its twin reads every form standing there at once: each
        # place is an optional group of zero width, whose captures give the form's span.
        self._anchor_spans: list = [None] * len(keys)
        self._anchor_spans_folded: list = [None] * len(keys) if fold else self._anchor_spans
        for i, k in enumerate(keys):
            if k in splits:
                self._anchor_forms[i] = _first_match("|".join(
                    "(?<=" + _LEFT + "".join(before) + ")" + "".join(after) + _RIGHT
                    for before, after in splits[k]), self._anchor_forms, i)
                self._anchor_spans[i] = _Lazy("".join(
                    "(?:(?<=" + _LEFT + "(" + "".join(before) + "))(?=(" + "".join(after) + ")" + _RIGHT + "))?"
                    for before, after in splits[k]))
                if fold:
                    self._anchor_folded[i] = _first_match("|".join(
                        "(?<=" + _LEFT + _fold_join(before) + ")" + _fold_join(after) + _RIGHT
                        for before, after in splits[k]), self._anchor_folded, i)
                    self._anchor_spans_folded[i] = _Lazy("".join(
                        "(?:(?<=" + _LEFT + "(" + _fold_join(before) + "))(?=(" + _fold_join(after) + ")"
                        + _RIGHT + "))?" for before, after in splits[k]))
        # A DFA: the fastest scan (measured 1.1-1.5x the NFA, more with large lexicons),
        # built in milliseconds even for thousands of keys.
        self._automaton = ahocorasick_rs.BytesAhoCorasick(
            [self._folding.key(k) for k in keys], implementation=ahocorasick_rs.Implementation.DFA)
        self.max_words = max((*anchors.values(), *(len(_key(p.phrase).split()) - 1 for p, _ in guarded)),
                             default=0) + 1

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
                if not (c in word or c == "#" or (c > "\x7f" and wordish(c))) and not (
                        e < n and ((c := text[e]) in word or (c > "\x7f" and c != "#" and wordish(c)))):
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
                ps = run_s if compounds else s
                pe = run_e if any_ending else e
                c = text[ps - 1] if ps else " "
                if c in word or c == "#" or (c > "\x7f" and wordish(c)):
                    continue
                if pe < n and ((c := text[pe]) in word or (c > "\x7f" and c != "#" and wordish(c))):
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


_WORDISH = regex.compile(r"[\w$@#]")
_LETTER = regex.compile(_LETTERS)
_ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$@")
_WS_BEFORE = regex.compile(r"(?r)[ \n\t\r]")  # one C-level scan instead of a find per character
_WS_AFTER = re.compile(r"[ \n\t\r]")

