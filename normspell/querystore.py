"""The query map kept in an index file: stored when indexing, read by each search.

The large parts of a :class:`~normspell.querymap.QueryMap`, its triggers,
spellings (one-word tokens and multiword variants as typed) and the spellings of
words that choose (``womyn``: ``woman`` or ``women``), are tables from which a
search reads only the rows of its own substrings and tokens, so a large lexicon
costs a search no more than a small one. Besides the lexicon's spellings, the map holds the archive's own: each
one-word change indexed (``persynal``, ``imperiali$t``), as the core reads it
standing alone, so a spelling copied from a hit is a fast query too. The rest is
one JSON value in ``meta`` (with the cue words and weights of the lexicons'
context choices), beside what the map was made from:
the map's format, normspell's version, the lexicon names, and the path, size,
modification time and content hash of each lexicon file. A map whose lexicon
files have changed since is not used; :func:`load` says why.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from normspell import __version__
from normspell.querymap import FORMAT, QueryMap
from normspell.querymap_build import cased, spell

if TYPE_CHECKING:
    from normspell.normalize import Normalizer

__all__ = ["SCHEMA", "add_spellings", "load", "normalize", "store", "spellings_of"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS query_triggers(text TEXT PRIMARY KEY, phrases TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS query_spellings(token TEXT PRIMARY KEY, normalized TEXT, choosing INTEGER) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS query_choices(token TEXT PRIMARY KEY, rule TEXT, spellings TEXT) WITHOUT ROWID;
"""
_SETS = ("context", "cues", "choice", "document")


def _sha256(path: str) -> str:
    import hashlib  # only when a lexicon file's time or size differs from the stored one

    with open(path, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def _lexicon_files(names: Iterable[str]) -> list[dict]:
    from normspell.lexicon import load_lexicon

    out = []
    for name in names:
        lex = load_lexicon(name)
        path = os.path.abspath(lex.path)
        st = os.stat(path)
        out.append({"name": lex.name, "version": lex.version, "path": path, "size": st.st_size,
                    "mtime_ns": st.st_mtime_ns, "sha256": _sha256(path)})
    return out


def _stored(db: sqlite3.Connection) -> dict:
    row = db.execute("SELECT value FROM meta WHERE key = 'query_map'").fetchone()
    return json.loads(row[0]) if row else {}


def _put(db: sqlite3.Connection, stored: dict) -> None:
    db.execute("INSERT OR REPLACE INTO meta VALUES ('query_map', ?)", (json.dumps(stored, ensure_ascii=False),))


def store(db: sqlite3.Connection, names: tuple[str, ...], normalizer: Callable[[], Normalizer]) -> bool:
    """Store the query map of lexicons ``names`` unless the stored one is theirs; True if (re)built.

    ``normalizer`` gives those lexicons compiled; it is called only to build the map.
    """
    files = _lexicon_files(names)
    stored = _stored(db)
    identity = {"format": FORMAT, "normspell": __version__, "names": list(names)}
    if all(stored.get(k) == v for k, v in identity.items()) and [
            (x["path"], x["sha256"]) for x in stored["lexicons"]] == [(x["path"], x["sha256"]) for x in files]:
        if stored["lexicons"] != files:  # touched, same content: spare each search hashing it
            _put(db, {**stored, "lexicons": files})
        return False
    qm = QueryMap.from_normalizer(normalizer())
    db.execute("DELETE FROM query_triggers")
    db.execute("DELETE FROM query_spellings")
    db.execute("DELETE FROM query_choices")
    db.executemany("INSERT INTO query_triggers VALUES (?, ?)",
                   [(t, json.dumps(p, ensure_ascii=False) if p else None) for t, p in sorted(qm.triggers.items())])
    db.executemany("INSERT INTO query_spellings VALUES (?, ?, ?)",
                   [(t, v, int(c)) for t, (v, c) in sorted(qm.spelled.items())])
    db.executemany("INSERT INTO query_choices VALUES (?, ?, ?)",
                   [(t, r, json.dumps(x, ensure_ascii=False)) for t, (r, x) in sorted(qm.chosen.items())])
    _put(db, {**identity, "lexicons": files, "phrases": qm.phrases, "reach": qm.reach, "longest": qm.longest,
              "alone": qm.alone,
              "rules": qm.rules,
              **{k: sorted(getattr(qm, k)) for k in _SETS}})
    indexed = db.execute("SELECT original, changes FROM passages")  # none when everything is re-indexed
    add_spellings(db, {t for original, changes in indexed for t in spellings_of(original, changes)}, normalizer)
    return True


def spellings_of(original: str, changes_json: str) -> set[str]:
    """The one-word spellings a passage's changes replaced."""
    return {t for s, e, _r, _c in json.loads(changes_json) if (t := original[s:e]).split() == [t]}


def add_spellings(db: sqlite3.Connection, found: set[str], normalizer: Callable[[], Normalizer]) -> None:
    """Add spellings of the archive (as a query may type them) that the stored map lacks."""
    tokens = sorted(cased(found))
    have = {t for (t,) in db.execute("SELECT token FROM query_spellings WHERE token IN (SELECT value FROM json_each(?))",
                                     (json.dumps(tokens, ensure_ascii=False),))}
    new = [t for t in tokens if t not in have]
    if new:
        db.executemany("INSERT INTO query_spellings VALUES (?, ?, ?)",
                       [(t, v, int(c)) for t, (v, c) in spell(normalizer(), new).items()])


def _changed(stored: dict) -> str | None:
    if stored.get("format") != FORMAT or stored.get("normspell") != __version__:
        return f"its query map was made by normspell {stored.get('normspell')}, this is {__version__}"
    for lex in stored["lexicons"]:
        what = f"lexicon {lex['name']} {lex['version']}".rstrip() + f" ({lex['path']})"
        try:
            st = os.stat(lex["path"])
        except OSError:
            return f"{what} is gone"
        if (st.st_size, st.st_mtime_ns) != (lex["size"], lex["mtime_ns"]) and _sha256(lex["path"]) != lex["sha256"]:
            return f"{what} has changed since it was indexed"
    return None


def load(db: sqlite3.Connection, names: tuple[str, ...]) -> tuple[QueryMap | None, str | None]:
    """The stored query map of lexicons ``names`` without its tables, or None and why it cannot be used."""
    stored = _stored(db)
    if stored.get("names") != list(names):
        return None, "it holds no query map for these lexicons"
    why = _changed(stored)
    if why:
        return None, why
    sets = {k: frozenset(stored[k]) for k in _SETS}
    rules = {name: (window, tuple(map(tuple, cues)), tuple(stop), tuple(boundary), partitive)
             for name, (window, cues, stop, boundary, partitive) in stored["rules"].items()}
    return QueryMap({}, {}, tuple(map(tuple, stored["phrases"])), reach=stored["reach"],
                    longest=stored["longest"], rules=rules, alone=stored["alone"], **sets), None


def normalize(db: sqlite3.Connection, qm: QueryMap, text: str) -> str | None:
    """``text`` normalized by ``qm`` (from :func:`load`) with the rows it needs; None if it cannot tell."""
    subs, tokens = qm.lookups(text)
    rows = db.execute("SELECT text, phrases FROM query_triggers WHERE text IN (SELECT value FROM json_each(?))",
                      (json.dumps(subs, ensure_ascii=False),))
    found = {t: tuple(json.loads(p)) if p else () for t, p in rows}
    spelled = {}
    if found:
        tokens += qm.restricted(found, {}).phrase_lookups(text)  # its multiword variants, as typed
        rows = db.execute("SELECT token, normalized, choosing, rule, spellings FROM query_spellings"
                          " LEFT JOIN query_choices USING (token) WHERE token IN (SELECT value FROM json_each(?))",
                          (json.dumps(tokens, ensure_ascii=False),)).fetchall()
        spelled = {t: (v, bool(c)) for t, v, c, _r, _x in rows}
        chosen = {t: (r, tuple(map(tuple, json.loads(x)))) for t, _v, _c, r, x in rows if r}
        return qm.restricted(found, spelled, chosen).normalize(text)
    return qm.restricted(found, spelled).normalize(text)
