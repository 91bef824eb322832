"""``normspell expand``, ``grep`` and ``index``: find words by their standard spelling.

``grep`` normalizes each file and searches the normalized text for the standard
query, then maps every hit back to the original (``Piece.to_file``), so it prints
the line as the archive wrote it with the variant highlighted. ``index`` builds
the SQLite FTS5 index (:mod:`normspell.index`) that ``search``
(:mod:`normspell.cli.lookup`) reads; ``expand`` prints the pattern or spellings
for other tools.
"""

from __future__ import annotations

import json
import os
import re
import time

import click

from normspell.archive import Document, LineIndex, normalize_document
from normspell.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, cli
from normspell.cli._inputs import collect
from normspell.cli._reading import documents, normalizer_from, read_options
from normspell.cli._terminal import GREP_EXITS, color_option, display_path, marked, use_color
from normspell.errors import NormspellError
from normspell.expansion import LEFT, RIGHT, expand, standard_words
from normspell.index import Index


@cli.command("expand", epilog="Exit codes: 0 ok; 2 usage error.")
@click.argument("query")
@click.option("--regex", "mode", flag_value="regex", default=True, help="Print the regular expression (default).")
@click.option("--list", "mode", flag_value="list", help="Print each word's spellings, one word a line.")
@click.option("--lexicon", "lexicons", multiple=True, default=("mim",), show_default=True, metavar="NAME|PATH",
              help="Lexicon by bundled name or .toml path (repeatable).")
def expand_command(query: str, mode: str, lexicons: tuple[str, ...]) -> None:
    """Expand QUERY (standard spelling) into every spelling the lexicons know.

    The regular expression is case-insensitive, stops at token boundaries
    ($ and . belong to words) and lets words be separated by any whitespace,
    line breaks included. It is Python syntax, also valid in PCRE (grep -P).

    \b
    Examples:
      normspell expand "women of America"
      normspell expand "United States" --list
      grep -Pzo "$(normspell expand 'united states')" archive/*.txt
    """
    try:
        x = expand(query, lexicons)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'QUERY'") from exc
    except NormspellError as exc:
        raise click.BadParameter(str(exc), param_hint="'--lexicon'") from exc
    if mode == "regex":
        click.echo(x.pattern)
        return
    for word, spellings in zip(x.words, x.spellings):
        click.echo(f"{word}: {', '.join(spellings)}")
    for phrase, variants in x.phrases:
        click.echo(f"{phrase}: {', '.join(variants)}")


def _grep_pattern(query: str, n, ignore_case: bool) -> re.Pattern:
    words = standard_words(query, n)
    if not words:
        raise click.BadParameter(f"query {query!r} has no words to search for", param_hint="'QUERY'")
    return re.compile(LEFT + r"\s+".join(map(re.escape, words)) + RIGHT, re.IGNORECASE if ignore_case else 0)


def _matches(doc: Document, n, rx: re.Pattern) -> list[tuple[int, int, str]]:
    """(file start, file end, normalized text) of every hit in ``doc``."""
    return [(*piece.to_file(m.start(), m.end()), m.group())
            for piece in normalize_document(doc, n) for m in rx.finditer(piece.norm.text)]


def _print_lines(doc: Document, name: str | None, hits: list[tuple[int, int, str]], numbers: bool,
                 context: int, color: bool, state: dict) -> None:
    """Print the selected lines of one file as grep does, with context and ``--`` between groups."""
    lines = LineIndex(doc.text)
    marks: dict[int, list[tuple[int, int]]] = {}
    for s, e, _norm in hits:
        for k in range(lines.number(s), lines.number(max(s, e - 1)) + 1):
            ls, le = lines.span(k)
            marks.setdefault(k, []).append((max(s, ls) - ls, min(e, le) - ls))
    shown = sorted({k for sel in marks for k in range(max(1, sel - context), min(lines.count, sel + context) + 1)})
    previous = None
    for k in shown:
        # grep's group separator: between runs of lines that do not touch, across files too
        if context and state["any"] and (previous is None or k != previous + 1):
            click.echo("--")
        previous, state["any"] = k, True
        sep = ":" if k in marks else "-"
        prefix = (f"{name}{sep}" if name else "") + (f"{k}{sep}" if numbers else "")
        ls, le = lines.span(k)
        text = doc.text[ls:le].rstrip("\r")
        spans = sorted(marks.get(k, []))
        click.echo(prefix + marked(text, spans, color), color=color)


@cli.command(epilog=GREP_EXITS)
@click.argument("query")
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option("-n", "--line-number", is_flag=True, help="Prefix each line with its line number.")
@click.option("-c", "--count", is_flag=True, help="Print only a count of matching lines per file.")
@click.option("-l", "--files-with-matches", is_flag=True, help="Print only the names of files that match.")
@click.option("-i", "--ignore-case", is_flag=True, help="Ignore case (else it must be as in the normalized text).")
@click.option("-C", "--context", type=click.IntRange(0), default=0, metavar="N", help="Print N lines around each match.")
@click.option("--json", "as_json", is_flag=True,
              help="JSON Lines, one object per match: file, line, column, start, end, original, normalized, text.")
@click.option("-H", "--with-filename", is_flag=True, help="Name the file on every line, even for one file.")
@color_option
@read_options
@click.option("-q", "--quiet", is_flag=True, help="Print nothing; the exit code says whether anything matched.")
@click.pass_context
def grep(ctx: click.Context, query: str, paths: tuple[str, ...], line_number: bool, count: bool,
         files_with_matches: bool, ignore_case: bool, context: int, as_json: bool, with_filename: bool,
         color: str, quiet: bool, **opts) -> None:
    """Search PATHS (files, folders, - for stdin) for QUERY in standard spelling.

    Each file is normalized and searched for QUERY (itself normalized); a hit is
    printed as the ORIGINAL line, the variant highlighted on a terminal. A phrase
    may cross a line break. Offsets and columns count characters of the decoded
    file; a match inside a change highlights the whole variant.

    \b
    Examples:
      normspell grep "women in Israel" examples/archive
      normspell grep -n -C 1 "United States" archive/
      normspell grep -c -i america archive/ --glob '*.html'
    """
    n = normalizer_from(opts)
    rx = _grep_pattern(query, n, ignore_case)
    errors: list[str] = []
    colored = use_color(color)
    several = len(paths) > 1 or any(p != "-" and not os.path.isfile(p) for p in paths)
    state, found = {"any": False}, False
    for doc in documents(paths, opts, errors):
        hits = _matches(doc, n, rx)
        found = found or bool(hits)
        name = display_path(doc.path) if doc.path != "<stdin>" else "(standard input)"
        if quiet:
            continue
        if files_with_matches:
            if hits:
                click.echo(name)
        elif count:
            lines = LineIndex(doc.text)
            selected = {k for s, e, _n in hits for k in range(lines.number(s), lines.number(max(s, e - 1)) + 1)}
            click.echo(f"{name}:{len(selected)}" if several or with_filename else str(len(selected)))
        elif as_json:
            lines = LineIndex(doc.text)
            for s, e, norm in hits:
                k = lines.number(s)
                ls, le = lines.span(k)
                rec = {"file": name, "line": k, "column": s - ls + 1, "start": s, "end": e,
                       "original": doc.text[s:e], "normalized": norm, "text": doc.text[ls:le].rstrip("\r")}
                click.echo(json.dumps(rec, ensure_ascii=False))
        elif hits:
            _print_lines(doc, name if several or with_filename else None, hits, line_number, context, colored, state)
    for message in errors:
        click.echo(f"normspell grep: {message}", err=True)
    ctx.exit(EXIT_USAGE if errors else EXIT_OK if found else EXIT_FAILED)


@cli.command("index", epilog="Exit codes: 0 ok; 1 some input failed; 2 usage error.")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--db", required=True, metavar="FILE", help="The index file (SQLite), created if missing.")
@read_options
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr (failures are still reported).")
@click.pass_context
def index_command(ctx: click.Context, paths: tuple[str, ...], db: str, quiet: bool, **opts) -> None:
    """Build or update a full-text index of PATHS (files, folders) in --db.

    Every variant is indexed under its standard spelling, so `normspell search`
    finds wimmin for women. Re-running indexes only files that changed, and files
    that no longer exist leave the index. Other --lexicon options than the
    index's re-index everything.

    \b
    Example: normspell index examples/archive --db archive.sqlite
    """
    normalizer_from(opts)  # a bad lexicon or category is a usage error before any work
    started = time.monotonic()
    walk = collect(paths, opts["globs"])
    given = opts["lexicons"] if ctx.get_parameter_source("lexicons").name != "DEFAULT" else None
    try:
        with Index(db, given) as index:
            report = index.update([i.path for i in walk.inputs], fmt=opts["fmt"], field=opts["field"],
                                  encoding=opts["encoding"])
    except NormspellError as exc:
        raise click.BadParameter(str(exc), param_hint="'--db'") from exc
    failed = [*walk.errors, *report.failed]
    for message in failed:
        click.echo(f"normspell index: error: {message}", err=True)
    if not quiet:
        again = "re-indexed everything (other lexicons); " if report.rebuilt else ""
        click.echo(f"normspell index: {again}{report.added} added, {report.updated} updated, "
                   f"{report.unchanged} unchanged, {report.removed} removed, {len(failed)} failed "
                   f"in {time.monotonic() - started:.1f} s", err=True)
    ctx.exit(EXIT_FAILED if failed else EXIT_OK)
