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
from typing import TYPE_CHECKING

from normspell.errors import UnknownLexiconError

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
_META_KEYS = {"name", "description", "language", "version", "sources", "license"}


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


# tomllib needs memory quadratic in the parts of a dotted key: refuse deep ones first.
_DEEP_KEY = re.compile(r"""(?:(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')[ \t]*\.[ \t]*){32,}""")


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
        if key not in {"cues", "window", "before", "after", "contrast", "alone"}:
            _fail(where.key("mentions"),
                  f"unknown [mentions] key {key!r}: expected after, alone, before, contrast, cues, window")
    alone = mentions.get("alone", False)
    if not isinstance(alone, bool):
        _fail(where.key("mentions"), f"`alone` must be true or false, not {alone!r}")
    mention_rule = MentionRule(
        *(tuple(" ".join(w.lower().split()) for w in _strings(mentions.get(k, []), where.key("mentions"), f"mention {k}"))
          for k in ("cues",)),
        _int(mentions, "window", 4, where.key("mentions")),
        *(tuple(" ".join(w.lower().split()) for w in _strings(mentions.get(k, []), where.key("mentions"), f"mention {k}"))
          for k in ("before", "after", "contrast")),
        alone)
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


# Last, as lexicon.py re-exports this module's names at its own end: whichever of the
# two is imported first, the other then finds every name it needs already defined
# (lexicon_tables does the same with lexicon.py).
from normspell.lexicon import Lexicon, MentionRule, check_consistency  # noqa: E402
from normspell.lexicon_tables import (  # noqa: E402
    _fail,
    _int,
    _parse_choices,
    _parse_entry,
    _parse_protect,
    _parse_rule,
    _strings,
    _table,
    _tables,
    _Where,
)
