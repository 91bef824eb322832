"""``normspell normalize`` and ``normspell detect``: batch conversion and detection.

Both read files, folders (recursively) or stdin in plain text, HTML or JSON Lines,
and hand each file to :mod:`normspell.cli._engine`; this module only checks the
options, decides where each output goes and reports.

A run of several files into ``-o DIR`` keeps a journal there
(:mod:`normspell.cli._manifest`) until it has finished without a failure, so a killed
or failed run continues with ``--resume``. ``--in-place`` does not rewrite through a
symbolic link (the file it points to may lie anywhere) unless ``--follow-symlinks``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import time
from collections.abc import Iterator
from typing import BinaryIO

import click

import normspell
from normspell.cli import EXIT_FAILED, EXIT_OK, _output, cli
from normspell.cli._engine import RecordsError, Report, Settings, Task
from normspell.cli._inputs import STDIN, Input, collect
from normspell.cli._manifest import Journal, ResumeError, fingerprint, stale_temporaries
from normspell.cli._options import EXIT_HELP, build_normalizer, default_jobs, input_options
from normspell.cli._output import Progress, Tally
from normspell.cli._plan import into_folder, plan
from normspell.cli._render import MARKS
from normspell.cli._runner import run, signals_exit
from normspell.formats import atomic_write, decode
from normspell.lexicon import load_lexicon

_CHANGES_HELP = ("Also write every change as JSON Lines: file, line, column, start, end (character "
                 "offsets into the decoded original file), original, replacement, standard, category, "
                 "rule, confidence, reason, kind; with --mark plain also where each went, for normspell "
                 "restore: output (its path inside -o DIR), out_start, out_end, encoding, bom, and raw "
                 "and written when they differ from original and replacement.")


_RESUME_HELP = ("With -o DIR: skip the inputs a killed or failed run into DIR finished (its journal "
                "DIR/.normspell-manifest.jsonl says so, and their outputs are intact); redo the rest.")


def _real(path: str) -> str:
    return os.path.realpath(path)


@contextlib.contextmanager
def _changes_stream(changes: str | None, text_to_stdout: bool, forbidden: set[str]) -> Iterator[BinaryIO | None]:
    if changes is None:
        yield None
    elif changes == "-":
        if text_to_stdout:
            raise click.UsageError("--changes - needs the text elsewhere: add -o or --in-place")
        yield sys.stdout.buffer
    else:
        if _real(changes) in forbidden:
            raise click.UsageError(f"refusing to write --changes onto {changes}: it is an input or output")
        with atomic_write(changes) as fh:
            yield fh


def _fingerprint(opts: dict, mark: str) -> str:
    """What shapes the outputs: a journal written with another fingerprint cannot be resumed."""
    lexicons = []
    for source in opts["lexicons"]:
        with open(load_lexicon(source).path, "rb") as fh:
            lexicons.append(hashlib.sha256(fh.read()).hexdigest())
    keys = ("only", "skip", "min_confidence", "fmt", "field", "encoding")
    return fingerprint({"normspell": normspell.__version__, "lexicons": lexicons, "mark": mark,
                        **{k: opts[k] for k in keys}})


def _journal(output: str, opts: dict, mark: str, resume: bool, tally: Tally) -> Journal | None:
    """The journal of the output folder; a folder that cannot hold one only loses --resume."""
    removed = stale_temporaries(output) if os.path.isdir(output) else 0
    if removed:
        tally.warn(f"{output}: removed {removed} temporary files left by an interrupted run")
    try:
        return Journal(output, _fingerprint(opts, mark), resume=resume)
    except ResumeError as exc:
        raise click.UsageError(str(exc)) from None
    except OSError as exc:
        tally.warn(f"{output}: cannot keep a journal ({exc.strerror or exc}): --resume will redo every file")
        return None


def _with_discovered(normalizer: normspell.Normalizer, inputs: tuple[Input, ...], encoding: str,
                     threshold: float) -> normspell.Normalizer:
    """The normalizer plus the spellings discover() finds in the inputs above ``threshold``.

    Their changes carry the rule that found them (``discovered:...``) and its confidence.
    """
    from normspell.discovery import discover, to_lexicon
    from normspell.lexicon import Lexicon

    texts = []
    for i in inputs:
        with open(i.path, "rb") as fh:
            texts.append((i.path, decode(fh.read(), encoding, where=i.path).text))
    try:
        found = discover(texts, lexicons=normalizer.lexicon, min_confidence=threshold)
    except (ImportError, normspell.NormspellError) as exc:
        raise click.UsageError(f"--discover-min-confidence: {exc}") from exc
    if not found:
        return normalizer
    lexicon = Lexicon.compose([normalizer.lexicon, to_lexicon(found, min_confidence=threshold)])
    return normspell.Normalizer(lexicon, normalizer.config)


def _on_dask(address: str, tasks: list[Task], normalizer: normspell.Normalizer, opts: dict, tally: Tally) -> None:
    """Convert the planned files on a Dask cluster: the same output files as a local run."""
    from normspell.batch import FileOptions
    from normspell.dask import run_batch

    try:
        results = run_batch([t.path for t in tasks], address=address, targets=[t.target for t in tasks],
                            lexicons=opts["lexicons"], config=normalizer.config,
                            options=FileOptions(fmt=opts["fmt"], encoding=opts["encoding"], field=opts["field"],
                                                chunk_size=opts["chunk_size"]),
                            n_workers=opts["jobs"] or None)
    except ImportError as exc:
        raise click.UsageError(str(exc)) from exc
    except (OSError, TimeoutError) as exc:
        tally.error(f"cannot reach the Dask scheduler at {address}: {exc}")
        return
    for r in results:
        tally.add(Report(r.path, r.status, r.message, r.size, r.categories, r.mentions))


def _execute(ctx: click.Context, mode: str, paths: tuple[str, ...], opts: dict, *, output: str | None = None,
             in_place: bool = False, backup: str | None = None, mark: str = "plain",
             changes: str | None = None, records: str | None = None, resume: bool = False,
             discover_min: float | None = None, dask_address: str | None = None) -> Tally:
    started = time.monotonic()
    normalizer = build_normalizer(opts["lexicons"], opts["only"], opts["skip"], opts["min_confidence"])
    paths = paths or (STDIN,)
    if discover_min is not None:
        normalizer = _with_discovered(normalizer, collect(paths, opts["globs"], None, follow=opts["follow"]).inputs,
                                      opts["encoding"], discover_min)
    prune = _real(output) if output not in (None, "-") and os.path.isdir(output) else None
    walk = collect(paths, opts["globs"], prune, follow=opts["follow"])
    tally = Tally(mode, quiet=opts["quiet"])
    for message in walk.errors:
        tally.error(message)
    tasks = plan(walk.inputs, paths, output if mode == "normalize" else None, in_place, backup, opts["fmt"],
                  opts["follow"], tally)
    if dask_address:
        _on_dask(dask_address, tasks, normalizer, opts, tally)
        tally.finish(started)
        return tally
    journal = None
    if mode == "normalize" and into_folder(paths, output) and (len(tasks) > 1 or resume):
        journal = _journal(output, opts, mark, resume, tally)
    if journal is not None and resume:
        left = [t for t in tasks if not journal.finished(t.path, t.target)]
        tally.resumed = len(tasks) - len(left)
        tasks = left
    stdin = any(t.path == STDIN for t in tasks)
    size = sum(i.size for i in walk.inputs)
    jobs = 1 if stdin else default_jobs(opts["jobs"], len(tasks), size)
    settings = Settings(mode, mark, records or ("json" if changes else None), opts["encoding"],
                        opts["field"], opts["chunk_size"], restorable=changes is not None and mark == "plain")
    text_to_stdout = mode == "normalize" and any(t.target is None for t in tasks)
    stdout = sys.stdout.buffer
    forbidden = {_real(i.path) for i in walk.inputs if i.path != STDIN} | {_real(t.target) for t in tasks if t.target}
    show_bar = len(tasks) > 1 and not opts["quiet"] and _output.stderr_is_terminal()
    targets = {t.path: t.target for t in tasks}

    def done(report: Report) -> None:
        progress.advance(report)
        tally.add(report)
        if journal is not None and report.status == "ok":
            journal.add(report.name, targets[report.name], report.size, report.mtime_ns, report.digest)

    try:
        with signals_exit(), _changes_stream(changes, text_to_stdout, forbidden) as rec_stream, \
                Progress(len(tasks), size, enabled=show_bar) as progress:
            run(tasks, normalizer, settings, jobs=jobs, out=stdout if text_to_stdout else None,
                rec=stdout if records else rec_stream, done=done)
    except RecordsError as exc:
        # Leaving the with-block by this error dropped the incomplete changes file.
        tally.error(f"{changes}: {exc}: the run stopped and the changes file was not written")
    finally:
        if journal is not None:
            journal.close()
            if not journal.entries and not journal.added:
                journal.remove()  # it names no finished file: nothing to resume from it
    if journal is not None and journal.error:
        tally.error(journal.error)
    elif journal is not None and not tally.failed:
        journal.remove()  # all done: nothing to resume, and the output tree holds only outputs
    tally.finish(started)
    return tally


def _guard_pipe(ctx: click.Context, fn, *args, **kwargs) -> Tally:
    try:
        return fn(ctx, *args, **kwargs)
    except BrokenPipeError:
        # The reader went away (normspell detect | head): stop without a traceback.
        with contextlib.suppress(OSError, ValueError, AttributeError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        ctx.exit(EXIT_FAILED)


@cli.command(epilog=EXIT_HELP)
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option("-o", "--output", metavar="DIR|FILE",
              help="Write a mirrored tree under DIR (a FILE for a single input; - for stdout, the default).")
@click.option("--in-place", is_flag=True, help="Rewrite the inputs (atomically); unchanged files are left alone.")
@click.option("--backup", metavar="SUFFIX", help="With --in-place, keep each old file as FILE+SUFFIX.")
@click.option("--mark", type=click.Choice(MARKS), default="plain", show_default=True,
              help="plain: normalized text; inline: variant[normalized]; tei: <choice><orig/><reg/></choice>.")
@click.option("--changes", metavar="FILE.jsonl", help=_CHANGES_HELP)
@click.option("--resume", is_flag=True, help=_RESUME_HELP)
@click.option("--dask", "dask_address", metavar="ADDRESS|local",
              help="Convert the files on a Dask cluster (tcp://host:8786, a scheduler file *.json, or 'local' "
                   "for a local cluster of --jobs workers); needs normspell[dask] and -o DIR.")
@click.option("--discover-min-confidence", "discover_min", type=click.FloatRange(0, 1), metavar="X",
              help="Also normalize spellings no lexicon lists that `normspell discover` finds in the inputs "
                   "with confidence >= X (their changes carry rule discovered:... and that confidence). "
                   "Off by default; needs normspell[discover] and files, not stdin.")
@input_options
@click.pass_context
def normalize(ctx: click.Context, paths: tuple[str, ...], output: str | None, in_place: bool,
              backup: str | None, mark: str, changes: str | None, resume: bool, dask_address: str | None,
              discover_min: float | None, **opts) -> None:
    """Normalize deliberate spellings in PATHS (files, folders, - for stdin).

    Everything but the variants stays byte-identical: HTML markup, other JSON
    fields, BOM, line ends and bytes that do not decode. Without PATHS, stdin is
    read; without -o, the text goes to stdout.

    \b
    Examples:
      echo 'Wimmin of Amerikkka' | normspell normalize
      normspell normalize examples/archive -o examples/normalized
      normspell normalize site/ --in-place --backup .orig --glob '*.html'
      normspell normalize corpus.jsonl --field body -o clean.jsonl --changes changes.jsonl
      normspell normalize archive/ -o normalized/ --resume    # after a crash or kill
    """
    if in_place and output not in (None, "-"):
        raise click.UsageError("--in-place and -o exclude each other: pick one")
    if backup and not in_place:
        raise click.UsageError("--backup only applies with --in-place")
    if in_place and (not paths or STDIN in paths):
        raise click.UsageError("--in-place needs files or folders, not stdin")
    if resume and not into_folder(paths or (STDIN,), output):
        raise click.UsageError("--resume needs -o DIR (rerunning --in-place is already safe: normalizing"
                               " twice changes nothing)")
    if resume and changes:
        raise click.UsageError("--resume cannot write --changes: the files done before would be missing from"
                               " it; run without --resume to get every change")
    if dask_address and (not paths or STDIN in paths or not into_folder(paths, output) or in_place
                         or mark != "plain" or changes or resume):
        raise click.UsageError("--dask writes plain output files under -o DIR: give files or folders and -o DIR, "
                               "without --in-place, --mark, --changes or --resume")
    if discover_min is not None and (not paths or STDIN in paths):
        raise click.UsageError("--discover-min-confidence reads the inputs twice: give files or folders, not stdin")
    tally = _guard_pipe(ctx, _execute, "normalize", paths, opts, output=output, in_place=in_place,
                        backup=backup, mark=mark, changes=changes, resume=resume, discover_min=discover_min,
                        dask_address=dask_address)
    ctx.exit(EXIT_FAILED if tally.failed else EXIT_OK)


@cli.command(epilog=EXIT_HELP)
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option("--json", "as_json", is_flag=True,
              help="JSON Lines, one object per variant (keys as in normalize --changes).")
@click.option("--check", is_flag=True, help="Exit 1 if any variant is found (for pre-commit hooks and CI).")
@input_options
@click.pass_context
def detect(ctx: click.Context, paths: tuple[str, ...], as_json: bool, check: bool, **opts) -> None:
    """List the deliberate spellings in PATHS (files, folders, - for stdin).

    One line per variant, `file:line:col variant → normalized (category)`; a
    quoted variant that is talked about is listed as a mention and never fails
    --check. Lines end at \\n; columns count characters from 1.

    \b
    Examples:
      echo 'Wimmin of Amerikkka' | normspell detect
      normspell detect examples/archive --json
      normspell detect --check docs/ --only place
    """
    tally = _guard_pipe(ctx, _execute, "detect", paths, opts, records="json" if as_json else "human")
    ctx.exit(EXIT_FAILED if tally.failed or (check and tally.found) else EXIT_OK)
