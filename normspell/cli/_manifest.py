"""The journal of a run into ``-o DIR``, so that ``--resume`` skips what is already done.

``DIR/.normspell-manifest.jsonl`` starts with a header holding a fingerprint of what
shapes the outputs (normspell's version, the lexicons' bytes, the options). Each
later line is appended once a file's output has been renamed into place: the input
(absolute path, size, modification time), the output (its path inside DIR) and the
sha256 of the output's bytes. A run killed at any moment therefore leaves a journal
whose every line names a complete output; a line cut short by the kill is ignored.
The worst a crash can do is make a finished file be done again.

``--resume`` skips an input only if its journal line matches the input's size and
time *and* the output on disk still has the recorded digest; anything else is redone.
A run that ends without a failure deletes its journal: the output folder then holds
outputs only, and there is nothing to resume.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as out:
...     j = Journal(out, "abc", resume=False)
...     j.close()
...     Journal(out, "abc", resume=True).entries, stale_temporaries(out)
({}, 0)
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from typing import TextIO

from normspell.formats import atomic_write

__all__ = ["MANIFEST", "Journal", "ResumeError", "digest_of", "fingerprint", "stale_temporaries"]

MANIFEST = ".normspell-manifest.jsonl"
_VERSION = 1
# atomic_write's temporary files: ".NAME.<8 hex>.normspell-tmp"; a SIGKILL leaves them behind.
_TEMPORARY = re.compile(r"\..+\.[0-9a-f]{8}\.normspell-tmp")


class ResumeError(Exception):
    """The journal cannot be used for this run (other settings): a usage error."""


def fingerprint(settings: dict) -> str:
    """A digest of everything that shapes the outputs (JSON-serializable ``settings``)."""
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()


def digest_of(path: str) -> str:
    """The sha256 of the file at ``path``, read in blocks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def stale_temporaries(out_dir: str) -> int:
    """Remove the temporary files an interrupted run left in ``out_dir``; return how many.

    Only names that ``atomic_write`` makes are touched, so nothing of the user's goes.
    """
    removed = 0
    for here, _dirs, files in os.walk(out_dir):
        for name in files:
            if _TEMPORARY.fullmatch(name):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(os.path.join(here, name))
                    removed += 1
    return removed


class Journal:
    """The manifest of ``out_dir``: read it (``resume``) or start a new one, then append to it."""

    def __init__(self, out_dir: str, fingerprint: str, *, resume: bool) -> None:
        self.out_dir, self.path = out_dir, os.path.join(out_dir, MANIFEST)
        self.entries: dict[str, dict] = {}
        self.added = 0  # lines this run appended
        self.error: str | None = None
        self._fh: TextIO | None = None
        header = {"normspell_manifest": _VERSION, "fingerprint": fingerprint}
        if resume and os.path.exists(self.path):
            self._load(fingerprint)
        else:
            os.makedirs(out_dir, exist_ok=True)
            with atomic_write(self.path) as fh:
                fh.write((json.dumps(header) + "\n").encode())
        self._fh = open(self.path, "a", encoding="utf-8")

    def _load(self, fingerprint: str) -> None:
        with open(self.path, encoding="utf-8", errors="replace") as fh:
            lines = fh.read().splitlines()
        try:
            header = json.loads(lines[0]) if lines else {}
        except json.JSONDecodeError:
            header = {}
        if header.get("fingerprint") != fingerprint:
            msg = (f"{self.path} was written by a run with other lexicons, options or normspell version:"
                   " run again without --resume to redo every file")
            raise ResumeError(msg)
        for line in lines[1:]:
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue  # cut short by a kill: that file is simply done again
            if isinstance(entry, dict) and isinstance(entry.get("output"), str):
                self.entries[entry["output"]] = entry

    def _key(self, target: str) -> str:
        return os.path.relpath(target, self.out_dir).replace(os.sep, "/")

    def finished(self, path: str, target: str) -> bool:
        """Whether ``path``'s output ``target`` is done and both are as the journal says."""
        entry = self.entries.get(self._key(target))
        if entry is None or entry.get("input") != os.path.abspath(path):
            return False
        try:
            st = os.stat(path)
            same_input = (st.st_size, st.st_mtime_ns) == (entry.get("size"), entry.get("mtime_ns"))
            return same_input and digest_of(target) == entry.get("sha256")
        except OSError:
            return False

    def add(self, path: str, target: str, size: int, mtime_ns: int, digest: str) -> None:
        """Record that ``target`` is complete; a journal that cannot be written says so once."""
        if self._fh is None:
            return
        entry = {"input": os.path.abspath(path), "size": size, "mtime_ns": mtime_ns,
                 "output": self._key(target), "sha256": digest}
        try:
            self._fh.write(json.dumps(entry) + "\n")  # ASCII: undecodable names stay escapes
            self._fh.flush()  # a SIGKILL keeps what the kernel has; no fsync per file
            self.added += 1
        except OSError as exc:
            self.error = f"{self.path}: cannot write: {exc.strerror or exc}; --resume will redo later files"
            self.close()

    def remove(self) -> None:
        """Delete the journal: the run is complete."""
        self.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)

    def close(self) -> None:
        if self._fh is not None:
            with contextlib.suppress(OSError):
                self._fh.close()
            self._fh = None
