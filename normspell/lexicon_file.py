"""Reading lexicon files: TOML format 1, validated, with file:line in every error.

>>> lex = load_lexicon("mim")
>>> lex.name, "mim" in available_lexicons()
('mim', True)
"""

from __future__ import annotations

import functools
import os
import re
import sys
from typing import TYPE_CHECKING, Any

from normspell.errors import LexiconFormatError, UnknownLexiconError
from normspell.rule_safety import pattern_problem

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["FORMAT_VERSION", "available_lexicons", "load_lexicon", "parse_lexicon"]

FORMAT_VERSION = 1
MAX_LEXICON_BYTES = 64 * 1024 * 1024  # a lexicon is data; a larger file is a mistake or an attack

_TOP_KEYS = {"format", "lexicon", "endings", "choices", "mentions", "entry", "protect", "rule"}
_RULE_KEYS = {"id", "pattern", "anchor", "substitute", "category", "note", "confidence"}
_META_KEYS = {"name", "description", "language", "version", "sources", "license"}
_ENTRY_KEYS = {"id", "variants", "standard", "category", "note", "endings", "compounds",
               "choose", "default", "confidence"}
_PROTECT_KEYS = {"phrase", "note", "near", "window", "min_near"}
_CHOICE_SIDES = {"before", "after"}


def _bundled_dirs() -> list[str]:
    # Wheel installs carry lexicons inside the package; an editable install or a
    # source checkout has them in the top-level lexicons/ folder beside it. Plain
    # os.path: pathlib and importlib.resources would add ~7 ms to every cold start.
    dirs = [os.path.join(os.path.dirname(os.path.abspath(__file__)), "lexicons"),
            os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(__file__))), "lexicons")]
    found = [d for d in dirs if os.path.isdir(d)]
    if not found:  # pragma: no cover - a package not in plain files (a zip, a frozen app)
        import importlib.resources

        try:
            d = str(importlib.resources.files("normspell") / "lexicons")
        except (ModuleNotFoundError, TypeError):
            return []
        found = [d] if os.path.isdir(d) else []
    return found


def _stem(path: str) -> str:
    """The file name without its suffix, as ``pathlib.PurePath(path).stem`` has it."""
    name = os.path.basename(path)
    i = name.rfind(".")
    return name[:i] if 0 < i < len(name) - 1 else name


def available_lexicons() -> tuple[str, ...]:
    """Names of the bundled lexicons.

    >>> "mim" in available_lexicons()
    True
    """
    names = {_stem(n) for d in _bundled_dirs() for n in os.listdir(d) if n.endswith(".toml")}
    return tuple(sorted(names))


def _resolve(source: str | Path) -> str:
    path = os.fspath(source)
    if (path.endswith(".toml") and len(os.path.basename(path)) > 5) or "/" in path or not path or os.path.exists(path):
        if not os.path.isfile(path or "."):
            msg = f"no lexicon file at {str(source)!r}: give an existing .toml path or a bundled name ({', '.join(available_lexicons())})"
            raise UnknownLexiconError(msg)
        return path
    for d in _bundled_dirs():
        candidate = os.path.join(d, f"{source}.toml")
        if os.path.isfile(candidate):
            return candidate
    msg = f"no bundled lexicon {str(source)!r} (available: {', '.join(available_lexicons())})"
    raise UnknownLexiconError(msg)


@functools.cache
def _load_cached(path: str, mtime_ns: int) -> Lexicon:
    with open(path, "rb") as fh:
        raw = fh.read()
    return parse_lexicon(raw, path)


def load_lexicon(source: str | Path) -> Lexicon:
    """Load and validate a lexicon by bundled name (``"mim"``) or by path.

    Loads are cached per file and modification time.
    """
    path = _resolve(source)
    return _load_cached(path, os.stat(path).st_mtime_ns)


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


# tomllib needs memory quadratic in the parts of a dotted key: refuse deep ones first.
_DEEP_KEY = re.compile(r"""(?:(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')[ \t]*\.[ \t]*){32,}""")
MAX_FORM = 200  # characters in one variant or standard: longer is a mistake (or an attack on the matcher)


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


def parse_lexicon(raw: bytes, path: str = "<lexicon>") -> Lexicon:
    """Parse and validate the bytes of a lexicon file; ``path`` names it in errors."""
    if len(raw) > MAX_LEXICON_BYTES:
        _fail(path, f"file is {len(raw)} bytes, over the {MAX_LEXICON_BYTES}-byte limit for a lexicon: split it")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        _fail(path, f"not UTF-8 at byte {exc.start}: save the lexicon as UTF-8")
    # (a deep key has 32 dots on one line: lines with fewer need no search, which takes ~1 ms on mim)
    if text.count(".") >= 32 and any(line.count(".") >= 32 and _DEEP_KEY.search(line) for line in text.split("\n")):
        _fail(path, "a dotted key or table name of over 32 parts: a lexicon has at most two levels of tables")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        _fail(path, f"not valid TOML ({exc}): fix the syntax")
    except RecursionError:
        _fail(path, "nesting too deep: a lexicon has at most two levels of tables")
    where = _Where(text, path)
    version = data.get("format")
    if version != FORMAT_VERSION:
        _fail(where.key("format"), f"format version {version!r} is not supported: this normspell reads `format = {FORMAT_VERSION}`")
    for key in data:
        if key not in _TOP_KEYS:
            _fail(where.key(key), f"unknown key {key!r}: expected one of {', '.join(sorted(_TOP_KEYS))}")
    meta = _table(data, "lexicon", where.key("lexicon"))
    for key in meta:
        if key not in _META_KEYS:
            _fail(where.key(key), f"unknown [lexicon] key {key!r}: expected one of {', '.join(sorted(_META_KEYS))}")
    name = meta.get("name") or _stem(path)
    endings = {k: _strings(v, where.key(k), f"ending set {k!r}", allow_empty=True)
               for k, v in _table(data, "endings", where.key("endings")).items()}
    choices = _parse_choices(_table(data, "choices", where.key("choices")), where)
    mentions = _table(data, "mentions", where.key("mentions"))
    for key in mentions:
        if key not in {"cues", "window", "before", "after"}:
            _fail(where.key("mentions"), f"unknown [mentions] key {key!r}: expected after, before, cues, window")
    mention_rule = MentionRule(
        *(tuple(" ".join(w.lower().split()) for w in _strings(mentions.get(k, []), where.key("mentions"), f"mention {k}"))
          for k in ("cues",)),
        _int(mentions, "window", 4, where.key("mentions")),
        *(tuple(" ".join(w.lower().split()) for w in _strings(mentions.get(k, []), where.key("mentions"), f"mention {k}"))
          for k in ("before", "after")))
    entries = tuple(_parse_entry(i, e, name, where, endings, choices)
                    for i, e in enumerate(_tables(data, "entry", where.key("entry"))))
    protects = tuple(p for i, body in enumerate(_tables(data, "protect", where.key("protect")))
                     for p in _parse_protect(i, body, name, where))
    rules = tuple(_parse_rule(i, body, name, where) for i, body in enumerate(_tables(data, "rule", where.key("rule"))))
    lex = Lexicon(
        name=name, entries=entries, protects=protects, rules=rules, choices=tuple(choices.values()),
        mentions=mention_rule, description=meta.get("description", ""),
        language=meta.get("language", "en"), version=str(meta.get("version", "")),
        sources=tuple(meta.get("sources", ())), path=path)
    check_consistency(lex)
    ids: dict[str, str] = {}
    for item in (*entries, *rules):
        if item.id in ids:
            _fail(item.where, f"id {item.id!r} is already used at {ids[item.id]}: give each entry and rule its own id")
        ids[item.id] = item.where
    return lex


def _parse_choices(table: Any, where: _Where) -> dict[str, ChoiceRule]:
    rules = {}
    for name, body in table.items():
        loc = where.key(name)
        if not isinstance(body, dict):
            _fail(loc, f"[choices.{name}] must be a table of choices")
        window = _int(body, "window", 4, loc)
        cues = []
        for choice, sides in body.items():
            if choice == "window":
                continue
            if not isinstance(sides, dict) or not set(sides) <= _CHOICE_SIDES:
                _fail(loc, f"[choices.{name}.{choice}] takes only `before` and `after` tables")
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
        rules[name] = ChoiceRule(name, int(window), tuple(cues))
    return rules


def _parse_entry(index: int, body: Any, lexname: str, where: _Where,
                 endings: dict[str, tuple[str, ...]],
                 choices: dict[str, ChoiceRule]) -> Entry:
    loc = where.of("entry", index)
    if not isinstance(body, dict):
        _fail(loc, "an [[entry]] must be a table")
    for key in body:
        if key not in _ENTRY_KEYS:
            _fail(where.of("entry", index, key), f"unknown entry key {key!r}: expected one of {', '.join(sorted(_ENTRY_KEYS))}")
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
    return Entry(
        id=str(body.get("id") or _key(variants[0])), variants=variants, standards=standards,
        category=category.strip(), lexicon=lexname, where=loc, note=body.get("note", ""),
        endings=ends, compounds=bool(body.get("compounds", False)), choose=choose,
        default=default, confidence=float(confidence))


def _parse_protect(index: int, body: Any, lexname: str, where: _Where) -> tuple[Protect, ...]:
    loc = where.of("protect", index)
    if not isinstance(body, dict):
        _fail(loc, "a [[protect]] must be a table")
    for key in body:
        if key not in _PROTECT_KEYS:
            _fail(where.of("protect", index, key), f"unknown protect key {key!r}: expected one of {', '.join(sorted(_PROTECT_KEYS))}")
    phrases = _strings(body.get("phrase", ""), loc, "phrase")
    near = tuple(w.lower() for w in _strings(body.get("near", []), loc, "near"))
    return tuple(Protect(phrase=phrase, lexicon=lexname, where=loc, note=body.get("note", ""),
                         near=near, window=_int(body, "window", 8, loc),
                         min_near=_int(body, "min_near", 1, loc))
                 for phrase in phrases)




def _parse_rule(index: int, body: Any, lexname: str, where: _Where) -> Rule:
    loc = where.of("rule", index)
    if not isinstance(body, dict):
        _fail(loc, "a [[rule]] must be a table")
    for key in body:
        if key not in _RULE_KEYS:
            _fail(where.of("rule", index, key), f"unknown rule key {key!r}: expected one of {', '.join(sorted(_RULE_KEYS))}")
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


# Last, as lexicon.py re-exports this module's names at its own end: whichever of the
# two is imported first, the other then finds every name it needs already defined.
from normspell.lexicon import (  # noqa: E402
    ChoiceRule,
    Entry,
    Lexicon,
    MentionRule,
    Protect,
    Rule,
    _key,
    check_consistency,
)
