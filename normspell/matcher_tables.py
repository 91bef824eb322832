"""Compiling a lexicon into the tables a :class:`~normspell.matcher.Matcher` scans with.

Every form a lexicon generates becomes a :class:`Form` (what the spelling means,
with what per-hit work needs worked out once) filed under the key the automaton
finds it by: a whole single-word form, an open stem, the anchor of multiword forms
(with one expression per anchor that reads every form standing there), or a rule's
anchor. Protected phrases become guards on the forms they contain, or context
checks (``near``). Regular expressions are written here and compiled on first use.
"""

from __future__ import annotations

from dataclasses import dataclass

import ahocorasick_rs
import regex

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
from normspell.guards import Guard, gate, guards_of
from normspell.lexicon import Entry, Lexicon, Protect, Rule, _key, expand_forms

__all__ = ["Form", "build_tables"]


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



class _Tables:
    """The attributes a Matcher gets (see :func:`build_tables`)."""


def build_tables(lexicon: Lexicon) -> dict[str, object]:
    """The matcher's tables for ``lexicon``, by attribute name."""
    t = _Tables()
    # (phrase, folded phrase, protect, the length of the forms it can match if only one)
    near = [(_Lazy("".join(atoms)), _Lazy(_fold_join(atoms)), p,
             -1 if r"\s+" in atoms or _DASH_ATOM in atoms else len(atoms))
            for p in lexicon.protects if p.contextual for atoms in [_atoms(p.phrase, protect=True)]]
    guarded = [(p, _Lazy(_LEFT + "".join(_atoms(p.phrase, protect=True)) + _RIGHT))
               for p in lexicon.protects if not p.contextual]
    phrases = [(_key(p.phrase), pat) for p, pat in guarded]
    literal: dict[str, Form] = {}   # single-word forms: found whole by the automaton
    multi: dict[str, Form] = {}     # multiword literal forms: read from their anchors
    trie: list[str] = []            # every literal form, for the whole-text expression
    opens: list[tuple[str, Form]] = []
    open_atoms: list[list[str]] = []
    anchors: dict[str, int] = {}    # anchors of multiword forms -> words of reach
    splits: dict[str, list[tuple[list[str], list[str]]]] = {}  # anchors -> their forms' atoms, split at it
    open_keys: dict[str, list] = {}  # open stems -> (priority, form, compounds, any ending)
    for entry in lexicon.entries:
        by_form: dict[tuple[str, bool], list[tuple[str, str]]] = {}
        for form, choice, std, is_open in expand_forms(entry):
            by_form.setdefault((form, is_open), []).append((choice, std))
        for (form, is_open), stds in by_form.items():
            key = _key(form)
            if is_open or entry.compounds:
                atoms = _atoms(form, protect=False)
                # a compound's first part has two letters at least (inhumyn, not s+wimmin)
                pre = f"(?:{_LETTERS}{{2}}{_LETTERS}*?)?" if entry.compounds else ""
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
    t._literal = literal
    t._multi = multi
    t._opens = [(_Lazy(pat), f) for pat, f in opens]
    t._open_cores = [(_Lazy(regex.escape(f.core), regex.IGNORECASE), f.core,
                         dict(f.standards)[f.entry.default].lower())
                        for _pat, f in opens]
    t._protect_by_key = {_key(p.phrase): p for p, _g in guarded}
    t._has_protects = bool(guarded)
    # Pattern rules come last in the order of preference, as in the expression.
    rule_keys: dict[str, list] = {}
    t._rules: list[tuple[_Lazy, Form, Rule]] = []
    for r in lexicon.rules:
        entry = Entry(id=r.id, variants=(r.anchor,), standards=(("", ""),), category=r.category,
                      lexicon=r.lexicon, where=r.where, note=r.note, confidence=r.confidence)
        f = Form(entry, (("", ""),), substitute=r.substitute)
        pat = regex.compile(_LEFT + "(?:" + r.pattern + ")" + _RIGHT)
        rule_keys.setdefault(r.anchor, []).append((len(opens) + len(t._rules), pat, f, r))
        t._rules.append((_Lazy(r.pattern), f, r))
    parts = ([p.phrase for p, _g in guarded], trie, open_atoms, [r.pattern for r in lexicon.rules])
    t._pattern = _Lazy(lambda: _whole_expression(*parts))
    # One automaton: whole literal forms, open stems, anchors of multiword forms and rules.
    keys = list(dict.fromkeys([*literal, *open_keys, *anchors, *rule_keys]))
    t._folding = Folding(keys)
    t._kinds = [(literal.get(k), k in anchors, tuple(open_keys.get(k, ())),
                    tuple(rule_keys.get(k, ()))) for k in keys]
    # Each compiled when its anchor is first met; the folded ones are for ASCII texts (see _WIDER).
    t._anchor_forms: list = [None] * len(keys)
    fold = regex.DEFAULT_VERSION == regex.VERSION0
    t._anchor_folded: list = [None] * len(keys) if fold else t._anchor_forms
    # Where one matches, its twin reads every form standing there at once: each
    # place is an optional group of zero width, whose captures give the form's span.
    t._anchor_spans: list = [None] * len(keys)
    t._anchor_spans_folded: list = [None] * len(keys) if fold else t._anchor_spans
    for i, k in enumerate(keys):
        if k in splits:
            t._anchor_forms[i] = _first_match("|".join(
                "(?<=" + _LEFT + "".join(before) + ")" + "".join(after) + _RIGHT
                for before, after in splits[k]), t._anchor_forms, i)
            t._anchor_spans[i] = _Lazy("".join(
                "(?:(?<=" + _LEFT + "(" + "".join(before) + "))(?=(" + "".join(after) + ")" + _RIGHT + "))?"
                for before, after in splits[k]))
            if fold:
                t._anchor_folded[i] = _first_match("|".join(
                    "(?<=" + _LEFT + _fold_join(before) + ")" + _fold_join(after) + _RIGHT
                    for before, after in splits[k]), t._anchor_folded, i)
                t._anchor_spans_folded[i] = _Lazy("".join(
                    "(?:(?<=" + _LEFT + "(" + _fold_join(before) + "))(?=(" + _fold_join(after) + ")"
                    + _RIGHT + "))?" for before, after in splits[k]))
    # A DFA: the fastest scan (measured 1.1-1.5x the NFA, more with large lexicons),
    # built in milliseconds even for thousands of keys.
    t._automaton = ahocorasick_rs.BytesAhoCorasick(
        [t._folding.key(k) for k in keys], implementation=ahocorasick_rs.Implementation.DFA)
    t.max_words = max((*anchors.values(), *(len(_key(p.phrase).split()) - 1 for p, _ in guarded)),
                      default=0) + 1
    return vars(t)
