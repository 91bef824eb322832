"""``normspell discover``: list spellings that no loaded lexicon has yet.

Reads files, folders (recursively: text, Markdown and HTML files; HTML by its text
only) or stdin, runs :func:`normspell.discovery.discover` over them and writes the
candidates to stdout as a table, JSON Lines (``--json``) or lexicon entries
(``--toml``) to append to a lexicon file. A summary goes to stderr (``-q`` silences it).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator

import click

from normspell._rules import RULES
from normspell._wordfreq import MissingExtraError, no_frequencies
from normspell.cli import EXIT_FAILED, EXIT_OK, cli
from normspell.discovery import Candidate, discover, to_toml
from normspell.errors import NormspellError
from normspell.formats import AUTO, decode
from normspell.formats.html import text_spans
from normspell.formats.references import decode_references

_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".rst", ".html", ".htm", ".xhtml")
_HTML = (".html", ".htm", ".xhtml")


def _files(paths: tuple[str, ...], errors: list[str]) -> Iterator[str]:
    for path in paths or ("-",):
        if path == "-" or os.path.isfile(path):
            yield path
        elif os.path.isdir(path):
            for here, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    if not name.startswith(".") and name.lower().endswith(_SUFFIXES):
                        yield os.path.join(here, name)
        else:
            errors.append(f"{path}: no such file or folder")


def _texts(paths: tuple[str, ...], errors: list[str], stats: list[int]) -> Iterator[tuple[str, str]]:
    for path in _files(paths, errors):
        try:
            if path == "-":
                data = sys.stdin.buffer.read()
            else:
                with open(path, "rb") as fh:
                    data = fh.read()
        except OSError as exc:
            errors.append(f"{path}: cannot read: {exc.strerror or exc}")
            continue
        text = decode(data, AUTO).text
        if path.lower().endswith(_HTML):
            # Markup is not prose: only the text between tags is read.
            text = "\n".join(decode_references(text[s:e])[0] for s, e in text_spans(text))
        stats[0] += 1
        stats[1] += len(data)
        yield ("<stdin>" if path == "-" else path), text


def _clip(context: str, width: int) -> str:
    """At most ``abs(width)`` characters of context, cut at a space (negative: keep the end)."""
    if len(context) <= abs(width):
        return context
    if width < 0:
        tail = context[width:]
        return tail[tail.find(" "):] if " " in tail else tail
    head = context[:width]
    return head[:head.rfind(" ")] if " " in head else head


def _table(found: list[Candidate]) -> str:
    rows = [("confidence", "count", "docs", "variant", "standard", "rule", "example")]
    for c in found:
        ex = c.examples[0] if c.examples else None
        example = f"{_clip(ex.left, -24)}{ex.keyword}{_clip(ex.right, 24)}".strip() if ex else ""
        rows.append((f"{c.confidence:.3f}", str(c.count), str(c.documents), c.variant,
                     c.standard, c.rule, example))
    widths = [max(len(r[i]) for r in rows) for i in range(6)]
    lines = []
    for r in rows:
        cells = [r[i].rjust(widths[i]) if i < 3 else r[i].ljust(widths[i]) for i in range(6)]
        lines.append("  ".join(cells) + "  " + r[6])
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _json_line(c: Candidate) -> str:
    record = {
        "variant": c.variant, "standard": c.standard, "rule": c.rule, "count": c.count,
        "documents": c.documents, "confidence": c.confidence, "forms": list(c.forms),
        "examples": [k._asdict() for k in c.examples], "standard_zipf": c.standard_zipf,
        "variant_zipf": c.variant_zipf,
    }
    return json.dumps(record, ensure_ascii=False)


@cli.command("discover")
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option("--lexicon", "lexicons", multiple=True, default=("mim",), show_default=True,
              metavar="NAME|PATH", help="Lexicon whose spellings are already known (repeatable).")
@click.option("--min-count", type=click.IntRange(1), default=1, show_default=True,
              help="Propose only spellings seen at least this often.")
@click.option("--min-confidence", type=click.FloatRange(0.0, 1.0), default=0.0, show_default=True,
              help="Propose only candidates at least this confident.")
@click.option("--rule", "rules", multiple=True, type=click.Choice(list(RULES)),
              help="Use only this rule (repeatable; default: all).")
@click.option("--examples", type=click.IntRange(0), default=3, show_default=True,
              help="Keyword-in-context examples kept per candidate.")
@click.option("--limit", type=click.IntRange(1), default=None, help="Show at most this many candidates.")
@click.option("--json", "as_json", is_flag=True, help="Write JSON Lines: one object per candidate.")
@click.option("--toml", "as_toml", is_flag=True,
              help="Write lexicon [[entry]] tables, to append to a lexicon file.")
@click.option("--lexicon-only", is_flag=True,
              help="Without the wordfreq word lists: accept only standards the lexicons know.")
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr (unreadable inputs are still named).")
def discover_command(paths: tuple[str, ...], lexicons: tuple[str, ...], min_count: int,
                     min_confidence: float, rules: tuple[str, ...], examples: int,
                     limit: int | None, as_json: bool, as_toml: bool, lexicon_only: bool,
                     quiet: bool) -> None:
    """List candidate spellings in PATHS (or stdin) that the lexicons do not have yet.

    Each candidate comes with its proposed standard, the rule that found it, how
    often and in how many files it occurs, a confidence and examples. Review the
    list, then append the good ones to a lexicon: --toml writes entries for that.
    Needs the word lists of `pip install 'normspell[discover]'` unless --lexicon-only.

    \b
    Example: normspell discover archive/ --min-count 2 --toml >> my.toml
    Exit codes: 0 ok; 1 some input failed; 2 usage error.
    """
    if as_json and as_toml:
        raise click.UsageError("choose one of --json and --toml")
    errors: list[str] = []
    stats = [0, 0]
    try:
        found = discover(_texts(paths, errors, stats), lexicons=lexicons, min_count=min_count,
                         min_confidence=min_confidence, max_examples=examples,
                         rules=rules or None, zipf=no_frequencies if lexicon_only else None)
    except MissingExtraError as exc:
        msg = ("discover needs the word lists of wordfreq, which is not installed: "
               "pip install 'normspell[discover]', or pass --lexicon-only")
        raise click.UsageError(msg) from exc
    except NormspellError as exc:
        raise click.UsageError(str(exc)) from exc
    shown = found[:limit] if limit else found
    if as_json:
        click.echo("".join(_json_line(c) + "\n" for c in shown), nl=False)
    elif as_toml:
        if shown:
            click.echo(f"\n# {len(shown)} spellings found by normspell discover: review before use\n")
            click.echo(to_toml(shown), nl=False)
    elif shown:
        click.echo(_table(shown), nl=False)
    for message in errors:
        click.echo(f"normspell discover: {message}", err=True)
    if not quiet:
        click.echo(f"normspell discover: {len(found)} candidates in {stats[0]} files "
                   f"({stats[1]} bytes)", err=True)
    click.get_current_context().exit(EXIT_FAILED if errors else EXIT_OK)

