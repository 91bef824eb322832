"""``normspell restore``: the original files back from normalized ones and their changes.

``normalize --changes FILE.jsonl`` records, for every change, where it went in the
output (``out_start``/``out_end``, characters of the decoded output), what the
output holds there (``written``, else ``replacement``), the input's own characters
(``raw``, else ``original``) and the ``encoding`` and ``bom`` both files share.
Restore streams each normalized file, checks that every recorded change is where
its record says, puts the input's characters back and encodes the text as the input
was encoded, undecodable bytes included: byte for byte the file that was normalized.

Nothing is restored on trust: a file whose text does not match its records fails
(exit 1) and nothing is written for it; a file without records is copied as it is;
records that match no normalized file fail the run, so a restore never leaves
changes in place silently. Outputs are written atomically and stay inside ``-o DIR``.
"""

from __future__ import annotations

import codecs
import contextlib
import itertools
import json
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from typing import BinaryIO

import click

from normspell.cli import EXIT_FAILED, EXIT_OK, cli
from normspell.cli._inputs import mirror_target
from normspell.cli._options import EXIT_HELP
from normspell.formats import ChunkReader, atomic_write

_CHUNK = 1 << 20
_STDOUT = "<stdout>"
Key = tuple[str, str]  # (input file, output) as the records name them


class _Failed(Exception):
    """One file cannot be restored; the message says why and what to do."""


def _index(path: str) -> dict[Key, list[tuple[int, int]]]:
    """The byte ranges of the changes file holding each file's records, in order."""
    groups: dict[Key, list[tuple[int, int]]] = {}
    with open(path, "rb") as fh:
        offset = 0
        for lineno, line in enumerate(fh, 1):
            start, offset = offset, offset + len(line)
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except ValueError:
                rec = None
            if not isinstance(rec, dict) or not isinstance(rec.get("file"), str):
                msg = f"{path}:{lineno}: not a change record: give the file normalize --changes wrote"
                raise click.UsageError(msg)
            runs = groups.setdefault((rec["file"], str(rec.get("output", _STDOUT))), [])
            if runs and runs[-1][1] == start:
                runs[-1] = (runs[-1][0], offset)
            else:
                runs.append((start, offset))
    return groups


def _records(path: str, runs: list[tuple[int, int]]) -> Iterator[dict]:
    with open(path, "rb") as fh:
        for start, end in runs:
            fh.seek(start)
            while fh.tell() < end:
                line = fh.readline()
                if line.strip():
                    yield json.loads(line)


class _Chars:
    """Characters of a decoded stream, passed on in counted stretches."""

    def __init__(self, chunks: Iterator[str], name: str) -> None:
        self.chunks, self.name, self.buf, self.at, self.pos = chunks, name, "", 0, 0

    def copy(self, n: int, emit: Callable[[str], None]) -> None:
        while n > 0:
            if self.at >= len(self.buf):
                self.buf, self.at = next(self.chunks, ""), 0
                if not self.buf:
                    msg = f"{self.name}: ends at character {self.pos}, before the changes do: it is not their output"
                    raise _Failed(msg)
            k = min(n, len(self.buf) - self.at)
            emit(self.buf[self.at:self.at + k])
            self.at, self.pos, n = self.at + k, self.pos + k, n - k

    def take(self, n: int) -> str:
        parts: list[str] = []
        self.copy(n, parts.append)
        return "".join(parts)

    def rest(self, emit: Callable[[str], None]) -> None:
        emit(self.buf[self.at:])
        for chunk in self.chunks:
            emit(chunk)


def restore_file(path: str, records: Iterator[dict], out: BinaryIO, name: str) -> int:
    """Write the original of normalized file ``path`` to ``out``; return the changes undone."""
    recs = iter(records)
    first = next(recs, None)
    if first is None:
        with open(path, "rb") as fh:
            shutil.copyfileobj(fh, out, _CHUNK)
        return 0
    if not {"out_start", "out_end", "encoding", "bom"} <= first.keys():
        msg = (f"{name}: the changes do not say where they went (written by an older normspell, or with"
               " --mark inline or tei): normalize again with --changes and the default --mark plain")
        raise _Failed(msg)
    encoding, bom = first["encoding"], bytes.fromhex(first["bom"])
    encoder = codecs.getincrementalencoder(encoding)("surrogateescape")

    def emit(text: str) -> None:
        out.write(encoder.encode(text))

    undone = 0
    with open(path, "rb") as fh:
        reader = ChunkReader(fh, encoding, _CHUNK, where=name)
        chunks = iter(reader)
        head = next(chunks, "")  # reading the first chunk tells the BOM
        if (reader.bom or b"") != bom:
            raise _Failed(f"{name}: starts with BOM {reader.bom!r}, the changes say {bom!r}: it is not their output")
        out.write(bom)
        chars = _Chars(itertools.chain((head,), chunks), name)
        for rec in itertools.chain((first,), recs):
            start, end = rec["out_start"], rec["out_end"]
            if start < chars.pos or end < start:
                raise _Failed(f"{name}: the changes are out of order at character {start}: the changes file was edited")
            chars.copy(start - chars.pos, emit)
            variant = rec.get("kind", "variant") == "variant"
            raw = rec.get("raw", rec["original"])
            expected = rec.get("written", rec["replacement"]) if variant else raw
            got = chars.take(end - start)
            if got != expected:
                msg = (f"{name}: character {start} holds {got[:60]!r} where the changes put {expected[:60]!r}:"
                       " the file was edited after normalizing, or the changes are another file's")
                raise _Failed(msg)
            emit(raw)
            undone += variant
        chars.rest(emit)
    out.write(encoder.encode("", final=True))
    return undone


def _walk(folder: str, prune: str | None) -> Iterator[str]:
    """Every file under ``folder`` but hidden ones (normspell's journal and temporaries)."""
    for here, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and os.path.realpath(os.path.join(here, d)) != prune)
        for name in sorted(files):
            if not name.startswith("."):
                yield os.path.join(here, name)


def _parts(path: str) -> list[str]:
    return [p for p in os.path.normpath(path).replace(os.sep, "/").split("/") if p not in ("", ".")]


def _assign(groups: dict[Key, list], files: list[str], normalized: str,
            name: str | None) -> tuple[dict[str, Key], list[Key]]:
    """Which records go with which file, and the groups of records that found no file.

    Records name a mirrored output by its path inside ``-o DIR``, so a folder is
    matched wherever it has moved; files rewritten in place by their path; a single
    file by its path, else by the end of it, else as the only file the changes
    describe, else by ``--file``.
    """
    if name is not None:
        keys = [k for k in groups if k[0] == name]
        if not keys:
            raise click.UsageError(f"the changes have no records of file {name!r}")
        if len(files) != 1 or len(keys) != 1:
            raise click.UsageError("--file picks the records of one input: give one normalized FILE")
        return {files[0]: keys[0]}, []
    if os.path.isdir(normalized):
        by_rel = {"/".join(_parts(os.path.relpath(f, normalized))): f for f in files}
        by_real = {os.path.realpath(f): f for f in files}
        assigned = {}
        for k in groups:  # a path inside -o DIR, else (--in-place, -o FILE) the path itself
            path = by_rel.get(k[1]) or (by_real.get(os.path.realpath(k[1])) if k[1] != _STDOUT else None)
            if path is not None:
                assigned[path] = k
    else:
        wanted, real = _parts(os.path.abspath(normalized)), os.path.realpath(normalized)
        same = [k for k in groups if k[1] != _STDOUT and os.path.realpath(k[1]) == real]
        tail = [k for k in groups if k[1] != _STDOUT and wanted[-len(_parts(k[1])):] == _parts(k[1])]
        keys = same or tail or (list(groups) if len(groups) == 1 else [])
        if len(keys) > 1:
            raise click.UsageError(f"{normalized}: the changes of several inputs match it "
                                   f"({', '.join(k[0] for k in keys)}): pick one with --file NAME")
        assigned = {files[0]: keys[0]} if keys else {}
    return assigned, [k for k in groups if k not in assigned.values()]


@contextlib.contextmanager
def _target(path: str | None) -> Iterator[BinaryIO]:
    if path is None:
        yield sys.stdout.buffer
    else:
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        with atomic_write(path) as fh:
            yield fh


@cli.command(epilog=EXIT_HELP)
@click.argument("normalized", type=click.Path(exists=True))
@click.option("--changes", required=True, metavar="FILE.jsonl", type=click.Path(exists=True, dir_okay=False),
              help="The changes file normalize --changes wrote for NORMALIZED.")
@click.option("-o", "--output", metavar="FILE|DIR",
              help="Where the originals go: a FILE (default stdout) or, for a folder, a DIR mirroring it.")
@click.option("--file", "name", metavar="NAME", help="Use the records of input NAME (their `file` value).")
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr (errors are still reported).")
@click.pass_context
def restore(ctx: click.Context, normalized: str, changes: str, output: str | None, name: str | None,
            quiet: bool) -> None:
    """Restore the original of NORMALIZED (a file or folder) byte for byte from its --changes.

    Every recorded change is checked against the normalized text before it is
    undone; encodings, BOMs, line ends and undecodable bytes come back as they were.

    \b
    Examples:
      normspell normalize archive/ -o normalized/ --changes changes.jsonl
      normspell restore normalized/ --changes changes.jsonl -o restored/
      normspell restore clean.txt --changes changes.jsonl > original.txt
    """
    folder = os.path.isdir(normalized)
    if folder and output in (None, "-"):
        raise click.UsageError("restoring a folder needs -o DIR")
    output = None if output == "-" else output
    out_real = os.path.realpath(output) if output else None
    if out_real is not None and out_real in (os.path.realpath(normalized), os.path.realpath(changes)):
        raise click.UsageError(f"refusing to write onto {output}: it is the normalized input or the changes")
    files = list(_walk(normalized, out_real)) if folder else [normalized]
    groups = _index(changes)
    assigned, unused = _assign(groups, files, normalized, name)
    failed = undone = 0
    for key in unused if folder else ():
        if any(r.get("kind", "variant") == "variant" for r in _records(changes, groups[key])):
            failed += 1
            click.echo(f"error: {key[0]}: its changes went to {key[1]}, which is not in {normalized}: give the"
                       " folder normalize wrote (its -o DIR)", err=True)
    if failed:  # copying those files unrestored would pass normalized text off as the original
        click.echo("error: nothing restored", err=True)
        ctx.exit(EXIT_FAILED)
    if not folder and files[0] not in assigned and len(groups) > 1:
        raise click.UsageError(f"the changes name {len(groups)} files and none wrote {normalized}: "
                               "pick its records with --file NAME")
    for path in files:
        key = assigned.get(path)
        try:
            target = mirror_target(path, os.path.abspath(normalized), output) if folder else output
            with _target(target) as out:
                undone += restore_file(path, _records(changes, groups[key]) if key else iter(()), out, path)
        except _Failed as exc:
            failed += 1
            click.echo(f"error: {exc}", err=True)
        except (KeyError, TypeError, ValueError) as exc:  # a record without its keys, or a path outside -o
            failed += 1
            click.echo(f"error: {path}: {exc if isinstance(exc, ValueError) else 'a change record lacks ' + str(exc)}",
                       err=True)
        except (OSError, UnicodeError) as exc:
            failed += 1
            click.echo(f"error: {path}: {exc.strerror if isinstance(exc, OSError) and exc.strerror else exc}", err=True)
    if not quiet:
        noun = "file" if len(files) == 1 else "files"
        click.echo(f"normspell: {len(files)} {noun}, {undone} changes undone; {failed} failed", err=True)
    ctx.exit(EXIT_FAILED if failed else EXIT_OK)
