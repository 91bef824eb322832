"""A full-text index of an archive in SQLite FTS5, searched by standard spelling.

Each file is read as :mod:`normspell.archive` reads it, normalized, and cut into
passages (at blank lines, else line ends, never inside a change). FTS5 indexes the
NORMALIZED text of each passage, so ``wimmin`` and ``I$rael`` are found as
``women`` and ``Israel``, ``united $tates`` as the phrase ``United States``. The
original passage is stored beside it with its changes, which give back the
normalized text and the offset map; so hits are ranked by bm25 but shown in the
original spelling, with the matched variant highlighted. The FTS5 table is
contentless: the normalized text is not stored twice.

Updates are incremental: a file whose modification time and size are unchanged
is skipped, one whose content hash is unchanged only has its time refreshed, a
changed one has its passages replaced, and files that no longer exist leave the
index. A change of lexicons or of normspell's version re-indexes everything.

Searching compiles no lexicon: the index also stores the query map
(:mod:`normspell.querymap`, :mod:`normspell.querystore`), which normalizes a query
as the core would, and the identity of the lexicon files it came from. Only a query the map cannot answer,
or a map made from lexicon files that have changed since, loads the core; so the
search side imports sqlite3 and the passage helpers, and the building side
imports the core when it first needs it.

>>> import tempfile, os
>>> folder = tempfile.mkdtemp()
>>> with open(os.path.join(folder, "letter.txt"), "w") as fh:
...     _ = fh.write("Free the wimmin prisoners of Amerikkka!\\n")
>>> with Index(os.path.join(folder, "archive.sqlite")) as index:
...     index.update([os.path.join(folder, "letter.txt")]).added
...     (hit,) = index.search("women prisoners")
1
>>> hit.snippet, [hit.snippet[s:e] for s, e in hit.marks]
('Free the wimmin prisoners of Amerikkka!', ['wimmin', 'prisoners'])
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from normspell import __version__, querystore
from normspell.errors import NormspellError
from normspell.passage import Highlight, SearchHit, cuts, hit, normalized
from normspell.querymap import QueryMap

if TYPE_CHECKING:
    from pathlib import Path

    from normspell.normalize import Normalizer

__all__ = ["Highlight", "Index", "SearchHit", "Update"]

_BATCH = 16 << 20  # characters indexed per commit
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files(id INTEGER PRIMARY KEY, path TEXT UNIQUE, mtime_ns INTEGER,
                                 size INTEGER, sha256 TEXT, fmt TEXT);
CREATE TABLE IF NOT EXISTS passages(id INTEGER PRIMARY KEY, file INTEGER, line INTEGER, start INTEGER,
                                    original TEXT, changes TEXT, escapes TEXT);
CREATE INDEX IF NOT EXISTS passages_file ON passages(file);
CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts USING fts5(normalized, content='',
                                                           tokenize='unicode61 remove_diacritics 2');
""" + querystore.SCHEMA
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Update:
    """What :meth:`Index.update` did, as file counts; ``failed`` holds messages."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: tuple[str, ...] = ()
    rebuilt: bool = False


def _fingerprint(n: Normalizer) -> str:
    import hashlib

    lex = n.lexicon
    state = repr((__version__, lex.entries, lex.rules, lex.protects, lex.choices, lex.mentions, n.config))
    return hashlib.sha256(state.encode("utf-8", "surrogatepass")).hexdigest()


def _fts_query(words: Iterable[str]) -> str:
    """FTS5 syntax for words to find together; a word of several tokens (U.S.) is a phrase."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in words if _TOKEN.search(w))


class Index:
    """An FTS5 index file; use as a context manager or call :meth:`close`.

    ``lexicons`` (names or paths) are those of an existing index unless given;
    a new index uses ``("mim",)``. Giving others re-indexes every file on the next
    :meth:`update`.
    """

    def __init__(self, path: str | Path, lexicons: Iterable[str] | None = None) -> None:
        self.path = str(path)
        try:
            self.db = sqlite3.connect(self.path)
        except sqlite3.Error as exc:
            msg = f"{self.path}: cannot open ({exc}): give a --db file in a folder that exists"
            raise NormspellError(msg) from exc
        try:
            self.db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            self.db.close()
            msg = f"{self.path}: not a normspell index ({exc}): give another --db file"
            raise NormspellError(msg) from exc
        stored = self._meta("lexicons")
        names = tuple(lexicons) if lexicons else tuple(json.loads(stored)) if stored else ("mim",)
        self.lexicons = names
        self._normalizer: Normalizer | None = None
        self._map: tuple[QueryMap | None, str | None] | None = None

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    @property
    def normalizer(self) -> Normalizer:
        """The lexicons compiled (on first use: searching seldom needs them)."""
        if self._normalizer is None:
            from normspell.normalize import Normalizer

            self._normalizer = Normalizer.from_lexicons(self.lexicons)
        return self._normalizer

    def query_map_problem(self) -> str | None:
        """Why this index cannot normalize queries without compiling the lexicons, and the fix; None if it can."""
        return self._query_map()[1]

    def _query_map(self) -> tuple[QueryMap | None, str | None]:
        if self._map is None:
            qm, why = querystore.load(self.db, self.lexicons)
            if why:
                folder = os.path.commonpath(self.files() or [os.getcwd()])
                why = (f"{self.path}: {why}, so each search compiles the lexicons: run `normspell index {folder}"
                       f" --db {self.path}` (with the options the index was built with) to update it")
            self._map = (qm, why)
        return self._map

    def _normalize_query(self, text: str) -> str:
        """``text`` as the core normalizes it: from the query map when it can tell."""
        qm = self._query_map()[0]
        answer = querystore.normalize(self.db, qm, text) if qm else None
        return answer if answer is not None else self.normalizer.normalize(text).text

    # ---- building -----------------------------------------------------------

    def _drop(self, file_id: int) -> None:
        rows = self.db.execute("SELECT id, original, changes FROM passages WHERE file = ?", (file_id,))
        # A contentless FTS5 row is deleted by giving back the text it indexed.
        self.db.executemany("INSERT INTO passages_fts(passages_fts, rowid, normalized) VALUES('delete', ?, ?)",
                            [(pid, normalized(orig, ch)) for pid, orig, ch in rows.fetchall()])
        self.db.execute("DELETE FROM passages WHERE file = ?", (file_id,))

    def _rows(self, path: str, fmt: str, field: str, encoding: str) -> list[tuple]:
        """The passages of one file: (line, start, original, changes, escapes)."""
        from normspell.archive import LineIndex, normalize_document, read_document

        doc = read_document(path, fmt, field, encoding)
        lines = LineIndex(doc.text)
        rows = []
        for piece in normalize_document(doc, self.normalizer):
            seg, changes = piece.segment, piece.norm.changes
            pos, k = 0, 0
            for end in cuts(seg.text, [(c.start, c.end) for c in changes]):
                mine = []
                while k < len(changes) and changes[k].end <= end:
                    c = changes[k]
                    mine.append([c.start - pos, c.end - pos, c.replacement, c.category])
                    k += 1
                escapes = None if seg.escapes is None else json.dumps(seg.escapes[pos:end + 1])
                rows.append((lines.number(seg.to_file(pos)), seg.to_file(pos), seg.text[pos:end],
                             json.dumps(mine, ensure_ascii=False), escapes))
                pos = end
        return rows

    def update(self, paths: Iterable[str], *, fmt: str = "auto", field: str = "text",
               encoding: str = "utf-8") -> Update:
        """Index ``paths`` (files), re-reading only changed ones; drop files that are gone."""
        counts = {"added": 0, "updated": 0, "unchanged": 0, "removed": 0}
        failed: list[str] = []
        fingerprint = _fingerprint(self.normalizer)
        rebuilt = self._meta("fingerprint") not in (None, fingerprint)
        with self.db:
            if rebuilt:
                self.db.execute("DELETE FROM passages")
                self.db.execute("INSERT INTO passages_fts(passages_fts) VALUES('delete-all')")
                self.db.execute("DELETE FROM files")
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('lexicons', ?), ('fingerprint', ?)",
                            (json.dumps(self.lexicons), fingerprint))
            if querystore.store(self.db, self.lexicons, lambda: self.normalizer):
                self._map = None
        pending, spellings = 0, set()
        try:
            for path in dict.fromkeys(os.path.abspath(p) for p in paths):
                try:
                    what, size = self._update_one(path, fmt, field, encoding, spellings)
                except (OSError, NormspellError, UnicodeError) as exc:
                    failed.append(str(exc) if isinstance(exc, NormspellError) else f"{path}: {exc}")
                    continue
                counts[what] += 1
                pending += size
                if pending > _BATCH:  # one commit per batch: a commit per file waits on the disk
                    self.db.commit()
                    pending = 0
            for file_id, path in self.db.execute("SELECT id, path FROM files").fetchall():
                if not os.path.exists(path):
                    self._drop(file_id)
                    self.db.execute("DELETE FROM files WHERE id = ?", (file_id,))
                    counts["removed"] += 1
            querystore.add_spellings(self.db, spellings, lambda: self.normalizer)
            if counts["added"] + counts["updated"] + counts["removed"]:
                self.db.execute("INSERT INTO passages_fts(passages_fts) VALUES('optimize')")
            self.db.commit()
        except BaseException:
            self.db.rollback()  # the files of the batch stay as they were: the next update redoes them
            raise
        return Update(**counts, failed=tuple(failed), rebuilt=rebuilt)

    def _update_one(self, path: str, fmt: str, field: str, encoding: str, spellings: set[str]) -> tuple[str, int]:
        import hashlib

        from normspell.archive import format_for

        fmt = format_for(path, fmt)
        st = os.stat(path)
        row = self.db.execute("SELECT id, mtime_ns, size, sha256 FROM files WHERE path = ?", (path,)).fetchone()
        if row and (row[1], row[2]) == (st.st_mtime_ns, st.st_size):
            return "unchanged", 0
        with open(path, "rb") as fh:
            digest = hashlib.sha256(fh.read()).hexdigest()
        if row and row[3] == digest:
            self.db.execute("UPDATE files SET mtime_ns = ?, size = ? WHERE id = ?", (st.st_mtime_ns, st.st_size, row[0]))
            return "unchanged", 0
        rows = self._rows(path, fmt, field, encoding)  # before any write: a bad file changes nothing
        if row:
            self._drop(row[0])
            self.db.execute("UPDATE files SET mtime_ns = ?, size = ?, sha256 = ?, fmt = ? WHERE id = ?",
                            (st.st_mtime_ns, st.st_size, digest, fmt, row[0]))
            file_id = row[0]
        else:
            file_id = self.db.execute("INSERT INTO files(path, mtime_ns, size, sha256, fmt) VALUES (?, ?, ?, ?, ?)",
                                      (path, st.st_mtime_ns, st.st_size, digest, fmt)).lastrowid
        for line, start, original, changes, escapes in rows:
            spellings |= querystore.spellings_of(original, changes)
            cur = self.db.execute("INSERT INTO passages(file, line, start, original, changes, escapes)"
                                  " VALUES (?, ?, ?, ?, ?, ?)", (file_id, line, start, original, changes, escapes))
            self.db.execute("INSERT INTO passages_fts(rowid, normalized) VALUES (?, ?)",
                            (cur.lastrowid, normalized(original, changes)))
        return ("updated" if row else "added"), st.st_size

    # ---- searching ----------------------------------------------------------

    def files(self) -> list[str]:
        """The indexed files (absolute paths), sorted."""
        return [p for (p,) in self.db.execute("SELECT path FROM files ORDER BY path")]

    def search(self, query: str, limit: int = 10) -> list[SearchHit]:
        """The best ``limit`` passages holding every word of ``query`` (normalized first).

        Words in double quotes must stand together, in order (``"united states" war``).
        """
        parts = re.split(r'"([^"]*)"', query)
        groups = [self._normalize_query(p) for p in parts]
        words = [g for i, g in enumerate(groups) if i % 2 and g.strip()]
        words += [w for i, g in enumerate(groups) if not i % 2 for w in g.split()]
        match = _fts_query(words)
        if not match:
            return []
        try:
            ranked = self.db.execute("SELECT rowid, bm25(passages_fts) FROM passages_fts WHERE passages_fts MATCH ?"
                                     " ORDER BY 2 LIMIT ?", (match, limit)).fetchall()
        except sqlite3.OperationalError as exc:
            msg = f"cannot search for {query!r}: {exc}"
            raise NormspellError(msg) from exc
        score = dict(ranked)
        rows = self.db.execute(
            "SELECT p.id, f.path, f.fmt, p.line, p.start, p.original, p.changes, p.escapes FROM passages p"
            f" JOIN files f ON f.id = p.file WHERE p.id IN ({','.join('?' * len(ranked))})", list(score)).fetchall()
        rows.sort(key=lambda r: score[r[0]])
        finder = re.compile("|".join(r"(?<!\w)" + r"\W+".join(map(re.escape, _TOKEN.findall(w))) + r"(?!\w)"
                                     for w in words), re.IGNORECASE)
        return [hit(finder, *row[1:], score[row[0]]) for row in rows]
