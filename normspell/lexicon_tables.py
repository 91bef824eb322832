"""The tables of a lexicon file, validated: entries, protected phrases, rules, choices.

:func:`normspell.lexicon_file.parse_lexicon` reads the file and its top-level keys;
this module checks each ``[[entry]]``, ``[[protect]]``, ``[[rule]]`` and ``[choices]``
table and turns it into the model of :mod:`normspell.lexicon`. Every error names
the file and line of the table (or of the string inside it) and says what to fix.
"""

from __future__ import annotations

import re
from typing import Any

from normspell.errors import LexiconFormatError
from normspell.rule_safety import pattern_problem

_RULE_KEYS = {"id", "pattern", "anchor", "substitute", "category", "note", "confidence"}
_ENTRY_KEYS = {"id", "variants", "standard", "category", "note", "endings", "compounds",
               "choose", "default", "confidence", "document_default"}
_PROTECT_KEYS = {"phrase", "note", "near", "window", "min_near", "document", "min_document", "against"}
_CHOICE_SIDES = {"before", "after", "pair"}
MAX_FORM = 200  # characters in one variant or standard: longer is a mistake (or an attack on the matcher)


class _Where:
    """Finds the line of an entry (or of a string inside it) for messages."""

    def __init__(self, text: str, path: str):
        self.path = path
        self.lines = text.splitlines()
        self.headers: dict[str, list[int]] = {"entry": [], "protect": [], "rule": []}
        pat = re.compile(r"^\s*\[\[\s*(entry|protect|rule)\s*\]\]")
        for no, line in enumerate(self.lines, 1):
            m = pat.match(line)
            if m:
                self.headers[m.group(1)].append(no)

    def of(self, table: str, index: int, needle: str | None = None) -> str:
        heads = self.headers[table]
        start = heads[index] if index < len(heads) else 0
        if needle is not None and start:
            stop = heads[index + 1] if index + 1 < len(heads) else len(self.lines) + 1
            quoted = (f'"{needle}"', f"'{needle}'", needle)
            for no in range(start, stop):
                if any(q in self.lines[no - 1] for q in quoted):
                    return f"{self.path}:{no}"
        return f"{self.path}:{start}" if start else self.path

    def key(self, name: str) -> _Key:
        return _Key(self, name)

    def line_of(self, name: str) -> str:
        pat = re.compile(rf"^\s*\[?\s*{re.escape(name)}\b")
        for no, line in enumerate(self.lines, 1):
            if pat.match(line):
                return f"{self.path}:{no}"
        return self.path


class _Key:
    """The ``file:line`` of a key, looked up when a message shows it: most loads show none."""

    __slots__ = ("where", "name")

    def __init__(self, where: _Where, name: str) -> None:
        self.where = where
        self.name = name

    def __str__(self) -> str:
        return self.where.line_of(self.name)


def _fail(where: str | _Key, what: str) -> None:
    msg = f"{where}: {what}"
    raise LexiconFormatError(msg)


def _int(table: dict, key: str, default: int, where: str | _Key) -> int:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= 1000:
        _fail(where, f"`{key}` must be a whole number from 1 to 1000, not {value!r}")
    return value


def _table(data: dict, key: str, where: str | _Key) -> dict:
    value = data.get(key, {})
    if not isinstance(value, dict):
        _fail(where, f"`{key}` must be a table ([{key}]), not {type(value).__name__}")
    return value


def _tables(data: dict, key: str, where: str | _Key) -> list:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        _fail(where, f"`{key}` must be an array of tables ([[{key}]])")
    return value


def _strings(value: Any, where: str | _Key, what: str, *, allow_empty: bool = False, words: bool = True) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    elif isinstance(value, tuple):
        value = list(value)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        _fail(where, f"{what} must be a string or a list of strings")
    for v in value:
        if not allow_empty and not v.strip():
            _fail(where, f"{what} has an empty form: remove it or write the spelling")
        if v != v.strip():
            _fail(where, f"{what} {v!r} has leading or trailing spaces: remove them")
        if words and len(v) > MAX_FORM:
            _fail(where, f"{what} {v[:20]!r}... is {len(v)} characters, over the {MAX_FORM} a form may have: shorten it")
        if words and " ".join(v.split()) != v:
            _fail(where, f"{what} {v!r} has a run of spaces or a line break inside: write words with one space")
    return tuple(value)


def _parse_choices(table: Any, where: _Where) -> dict[str, ChoiceRule]:
    rules = {}
    for name, body in table.items():
        loc = where.key(name)
        if not isinstance(body, dict):
            _fail(loc, f"[choices.{name}] must be a table of choices")
        window = _int(body, "window", 4, loc)
        stop = tuple(w.lower() for w in _strings(body.get("stop", []), loc, "stop"))
        boundary = tuple(w.lower() for w in _strings(body.get("boundary", []), loc, "boundary"))
        partitive = body.get("partitive", "")
        if not isinstance(partitive, str) or (partitive and partitive not in body):
            _fail(loc, f"`partitive` must name one of the choices of [choices.{name}], not {partitive!r}")
        cues = []
        for choice, sides in body.items():
            if choice in ("window", "stop", "boundary", "partitive"):
                continue
            if not isinstance(sides, dict) or not set(sides) <= _CHOICE_SIDES:
                _fail(loc, f"[choices.{name}.{choice}] takes only `before`, `after` and `pair` tables")
            for side, groups in sides.items():
                if not isinstance(groups, dict):
                    _fail(loc, f"[choices.{name}.{choice}.{side}] must be a table of weight = [words]")
                for weight, words in groups.items():
                    try:
                        w = float(weight)
                    except ValueError:
                        w = -1.0
                    if w <= 0:
                        _fail(where.key(name), f"[choices.{name}.{choice}.{side}] key {weight!r} must be a positive weight")
                    for word in _strings(words, loc, f"cues of weight {weight}"):
                        cues.append((choice, side, word.lower(), w))
        rules[name] = ChoiceRule(name, int(window), tuple(cues), stop, boundary, partitive)
    return rules


def _checked_table(where: _Where, kind: str, index: int, body: Any, allowed: set[str]) -> str:
    """The place of the ``index``-th ``[[kind]]`` table, once it is a table of known keys."""
    loc = where.of(kind, index)
    if not isinstance(body, dict):
        _fail(loc, f"{'an' if kind[0] in 'aeiou' else 'a'} [[{kind}]] must be a table")
    for key in body:
        if key not in allowed:
            _fail(where.of(kind, index, key), f"unknown {kind} key {key!r}: expected one of {', '.join(sorted(allowed))}")
    return loc


def _parse_entry(index: int, body: Any, lexname: str, where: _Where,
                 endings: dict[str, tuple[str, ...]],
                 choices: dict[str, ChoiceRule]) -> Entry:
    loc = _checked_table(where, "entry", index, body, _ENTRY_KEYS)
    if "variants" not in body or "standard" not in body:
        _fail(loc, "an [[entry]] needs `variants` and `standard`")
    variants = _strings(body["variants"], loc, "variants")
    if not variants:
        _fail(loc, "`variants` is empty: list at least one spelling")
    std = body["standard"]
    choose = body.get("choose")
    if choose is not None and not isinstance(choose, str):
        _fail(loc, f"`choose` must name a [choices] rule, not {choose!r}")
    if isinstance(std, dict):
        standards = tuple((k, v) for k, v in std.items())
        for k, v in standards:
            if not isinstance(v, str):
                _fail(loc, f"standard {k!r} must be one spelling (a string), not {v!r}")
            _strings(v, loc, f"standard {k!r}")
        if choose not in choices:
            _fail(loc, f"standard has several choices but `choose` {choose!r} names no [choices] rule: add `choose = \"<rule>\"`")
        known = {c for c, *_ in choices[choose].cues}
        for k, _v in standards:
            if k not in known:
                _fail(loc, f"choice {k!r} has no cues in [choices.{choose}]: add cues or rename it")
        default = body.get("default", standards[0][0])
        if not isinstance(default, str):
            _fail(loc, f"`default` must name one of the standards {sorted(dict(standards))}, not {default!r}")
        if default not in dict(standards):
            _fail(loc, f"default {default!r} is not one of the standards {sorted(dict(standards))}")
    else:
        (single,) = _strings(std, loc, "standard")
        standards, default = (("", single),), ""
    category = body.get("category")
    if not isinstance(category, str) or not category.strip():
        _fail(loc, "entry has no `category`: add one (e.g. category = \"place\")")
    ends = body.get("endings", [""])
    if isinstance(ends, str):
        if ends not in endings:
            _fail(loc, f"endings {ends!r} names no [endings] set: define it or list the endings")
        ends = endings[ends]
    ends = _strings(ends, loc, "endings", allow_empty=True)
    for v in variants:
        for _k, s in standards:
            if _key(v) == _key(s):
                _fail(where.of("entry", index, v), f"entry {v!r}: variant differs from standard {s!r} only in case: case alone is not a spelling variant; drop it")
    confidence = body.get("confidence", 1.0)
    if not isinstance(confidence, (int, float)) or not 0 < confidence <= 1:
        _fail(loc, "confidence must be a number in (0, 1]")
    by_document = body.get("document_default", {})
    if not isinstance(by_document, dict) or not set(by_document) <= set(dict(standards)) - {""}:
        _fail(loc, f"`document_default` must map choices {sorted(dict(standards))} to words, not {by_document!r}")
    by_document = tuple((k, tuple(w.lower() for w in _strings(v, loc, "document_default")))
                        for k, v in by_document.items())
    return Entry(
        id=str(body.get("id") or _key(variants[0])), variants=variants, standards=standards,
        category=category.strip(), lexicon=lexname, where=loc, note=body.get("note", ""),
        endings=ends, compounds=bool(body.get("compounds", False)), choose=choose,
        default=default, confidence=float(confidence), document_default=by_document)


def _parse_protect(index: int, body: Any, lexname: str, where: _Where) -> tuple[Protect, ...]:
    loc = _checked_table(where, "protect", index, body, _PROTECT_KEYS)
    phrases = _strings(body.get("phrase", ""), loc, "phrase")
    near = tuple(w.lower() for w in _strings(body.get("near", []), loc, "near"))
    document = tuple(w.lower() for w in _strings(body.get("document", []), loc, "document"))
    against = tuple(w.lower() for w in _strings(body.get("against", []), loc, "against"))
    if against and not document:
        _fail(loc, "`against` counts words only beside `document`: add the document words or drop it")
    return tuple(Protect(phrase=phrase, lexicon=lexname, where=loc, note=body.get("note", ""),
                         near=near, window=_int(body, "window", 8, loc),
                         min_near=_int(body, "min_near", 1, loc), document=document,
                         min_document=_int(body, "min_document", 1, loc), against=against)
                 for phrase in phrases)


def _parse_rule(index: int, body: Any, lexname: str, where: _Where) -> Rule:
    loc = _checked_table(where, "rule", index, body, _RULE_KEYS)
    for key in ("id", "pattern", "anchor", "substitute", "category"):
        if key not in body:
            _fail(loc, f"a [[rule]] needs `{key}`")
    (pattern,) = _strings(body["pattern"], loc, "pattern", words=False)
    (anchor,) = _strings(body["anchor"], loc, "anchor")
    problem = pattern_problem(pattern, anchor, str(body["id"]))
    if problem is not None:
        _fail(where.of("rule", index, "pattern") if problem[0] else loc, problem[1])
    sub = body["substitute"]
    if not isinstance(sub, dict) or not sub or not all(isinstance(k, str) and k and isinstance(v, str)
                                                        for k, v in sub.items()):
        _fail(loc, f"rule {body['id']!r}: `substitute` must be a table of non-empty strings, e.g. {{ \"$\" = \"s\" }}")
    confidence = body.get("confidence", 0.8)
    if not isinstance(confidence, (int, float)) or not 0 < confidence <= 1:
        _fail(loc, "confidence must be a number in (0, 1]")
    return Rule(id=str(body["id"]), pattern=pattern, anchor=anchor.lower(), substitute=tuple(sub.items()),
                category=str(body["category"]), lexicon=lexname, where=loc, note=body.get("note", ""),
                confidence=float(confidence))


# Last, as lexicon.py imports lexicon_file (and so this module) at its own end.
from normspell.lexicon import ChoiceRule, Entry, Protect, Rule, _key  # noqa: E402
