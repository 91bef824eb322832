"""Turn command-line PATHS into the list of files to read, and place their outputs.

Folders are walked recursively in sorted order (so runs are reproducible), keeping
files that match ``--glob`` (default: text-like extensions); hidden files and
folders and normspell's own temporary files are passed over, and so is the output
folder when it lies inside an input folder. Files named on the command line are
always read. ``-`` is stdin.

Links to folders are not followed unless asked (``--follow-symlinks``); then each
folder is walked once, by its device and inode, so a link back to an ancestor (a
loop) ends the descent instead of running forever.

Outputs mirror the inputs under ``-o DIR`` relative to the deepest folder common
to all inputs: ``normalize archive -o out`` writes ``out/<file in archive>``, and
``normalize a b -o out`` writes ``out/a/...`` and ``out/b/...``.

>>> "*.html" in TEXT_GLOBS and "*.jsonl" in TEXT_GLOBS
True
>>> format_of("page.HTML", "auto"), format_of("-", "auto"), format_of("x.ndjson", "text")
('html', 'text', 'text')
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["STDIN", "TEXT_GLOBS", "Input", "Walk", "collect", "format_of", "mirror_root", "mirror_target"]

STDIN = "-"
TEXT_GLOBS = ("*.txt", "*.text", "*.md", "*.markdown", "*.rst", "*.html", "*.htm", "*.xhtml",
              "*.shtml", "*.jsonl", "*.ndjson", "*.csv", "*.tsv")
_BY_EXTENSION = {".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
                 ".jsonl": "jsonl", ".ndjson": "jsonl"}
_TMP_SUFFIX = ".normspell-tmp"  # atomic_write's temporary files: never inputs


@dataclass(frozen=True, slots=True)
class Input:
    """One file to read: ``path`` as given or found (``"-"`` for stdin) and its size."""

    path: str
    size: int = 0

    @property
    def name(self) -> str:
        """How messages and records name the input."""
        return "<stdin>" if self.path == STDIN else self.path


@dataclass(frozen=True, slots=True)
class Walk:
    """What :func:`collect` found: the inputs in order and the paths it could not read."""

    inputs: tuple[Input, ...]
    errors: tuple[str, ...]


def format_of(path: str, fmt: str) -> str:
    """The format to read ``path`` in: ``fmt`` itself unless it is ``"auto"``."""
    if fmt != "auto":
        return fmt
    return _BY_EXTENSION.get(os.path.splitext(path)[1].lower(), "text")


def _selected(rel: str, name: str, globs: Iterable[str]) -> bool:
    # A pattern with a slash is matched against the path inside the folder, else the name.
    return any(fnmatch.fnmatch(rel if "/" in g else name, g) for g in globs)


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _walk(folder: str, globs: tuple[str, ...], prune: str | None, errors: list[str],
          follow: bool = False) -> Iterable[str]:
    def report(exc: OSError) -> None:
        errors.append(f"{exc.filename or folder}: cannot read folder: {exc.strerror or exc}")

    walked: set[tuple[int, int]] = set()
    for here, dirs, files in os.walk(folder, onerror=report, followlinks=follow):
        if follow:
            try:
                st = os.stat(here)
            except OSError as exc:
                report(exc)
                dirs[:] = []
                continue
            if (st.st_dev, st.st_ino) in walked:  # reached again through a link: a loop or a second way in
                dirs[:] = []
                continue
            walked.add((st.st_dev, st.st_ino))
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and (prune is None or os.path.realpath(os.path.join(here, d)) != prune))
        for name in sorted(files):
            if name.startswith(".") or name.endswith(_TMP_SUFFIX):
                continue
            path = os.path.join(here, name)
            if _selected(os.path.relpath(path, folder).replace(os.sep, "/"), name, globs):
                yield path


def collect(paths: Iterable[str], globs: tuple[str, ...] = (), prune: str | None = None, *,
            follow: bool = False) -> Walk:
    """Expand ``paths`` into inputs; a path that does not exist becomes an error line.

    ``prune`` is a folder (real path) never walked into: the output folder.
    ``follow`` walks into links to folders, each folder once.
    Each file comes once, at its first mention.

    >>> collect(["-", "no/such/file"]).errors
    ('no/such/file: no such file or folder',)
    """
    globs = globs or TEXT_GLOBS
    found: list[Input] = []
    errors: list[str] = []
    seen: set[str] = set()

    def add(path: str) -> None:
        key = path if path == STDIN else os.path.abspath(path)
        if key not in seen:
            seen.add(key)
            found.append(Input(path, 0 if path == STDIN else _size(path)))

    for path in paths:
        if path == STDIN or os.path.isfile(path):
            add(path)
        elif os.path.isdir(path):
            for file in _walk(path, globs, prune, errors, follow):
                add(file)
        elif os.path.lexists(path) and not os.path.exists(path):
            errors.append(f"{path}: broken symbolic link")
        elif os.path.exists(path):
            add(path)  # a FIFO or device: reading it says what is wrong
        else:
            errors.append(f"{path}: no such file or folder")
    return Walk(tuple(found), tuple(errors))


def mirror_root(paths: Iterable[str]) -> str:
    """The deepest folder holding every path: a folder counts itself, a file its parent."""
    bases = [os.path.abspath(p) if os.path.isdir(p) else os.path.dirname(os.path.abspath(p))
             for p in paths if p != STDIN]
    return os.path.commonpath(bases) if bases else os.getcwd()


def mirror_target(path: str, root: str, out_dir: str) -> str:
    """Where the output of input ``path`` goes under ``out_dir``; never outside it.

    The relative part is computed lexically from absolute paths, so it has no
    ``..``; a symbolic link already inside ``out_dir`` that points elsewhere is
    caught by comparing real paths. Raises :class:`ValueError` if it would escape.

    >>> mirror_target("/in/a/x.txt", "/in", "/out")
    '/out/a/x.txt'
    """
    rel = os.path.relpath(os.path.abspath(path), root)
    target = os.path.join(out_dir, rel)
    real_out = os.path.realpath(out_dir)
    if rel.startswith(os.pardir) or os.path.commonpath([real_out, os.path.realpath(target)]) != real_out:
        msg = f"{path}: its output {target} would lie outside {out_dir}: remove the symbolic link there"
        raise ValueError(msg)
    return target
