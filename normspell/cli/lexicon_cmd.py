"""``normspell lexicon``: list the bundled lexicons, show one, validate lexicon files."""

from __future__ import annotations

import json
from pathlib import Path

import click

from normspell.cli import EXIT_FAILED, EXIT_OK, cli
from normspell.cli._options import EXIT_HELP
from normspell.errors import NormspellError
from normspell.lexicon import Lexicon, available_lexicons, load_lexicon, parse_lexicon


def _load(source: str) -> Lexicon:
    try:
        return load_lexicon(source)
    except NormspellError as exc:
        raise click.BadParameter(str(exc), param_hint="'NAME|PATH'") from exc


def _count(n: int, noun: str, plural: str) -> str:
    return f"{n} {noun if n == 1 else plural}"


def _standard(entry) -> str:
    if len(entry.standards) == 1:
        return entry.standards[0][1]
    return " | ".join(f"{k}: {v}" for k, v in entry.standards) + f" (by {entry.choose}, default {entry.default})"


@cli.group(epilog=EXIT_HELP)
def lexicon() -> None:
    """List, show and validate lexicons (TOML files of variant spellings).

    \b
    Examples:
      normspell lexicon list
      normspell lexicon show mim
      normspell lexicon validate house.toml
    """


@lexicon.command("list", epilog=EXIT_HELP)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per lexicon.")
def list_(as_json: bool) -> None:
    """List the bundled lexicons with their entry counts.

    \b
    Example: normspell lexicon list
    """
    for name in available_lexicons():
        lex = _load(name)
        row = {"name": name, "entries": len(lex.entries), "protected": len(lex.protects),
               "categories": list(lex.categories), "version": lex.version, "description": lex.description}
        if as_json:
            click.echo(json.dumps(row, ensure_ascii=False))
        else:
            click.echo(f"{name}\t{len(lex.entries)} entries\t{len(lex.protects)} protected\t"
                       f"{', '.join(lex.categories)}\t{lex.description}")


@lexicon.command(epilog=EXIT_HELP)
@click.argument("source", metavar="NAME|PATH")
def show(source: str) -> None:
    """Show a lexicon: its metadata, then each entry as variants → standard [category].

    \b
    Example: normspell lexicon show mim
    """
    lex = _load(source)
    click.echo(f"{lex.name} {lex.version}".rstrip() + f" ({lex.language}): {lex.description}")
    click.echo(f"file: {lex.path}")
    for src in lex.sources:
        click.echo(f"source: {src}")
    click.echo(f"{len(lex.entries)} entries, {len(lex.protects)} protected phrases, "
               f"categories: {', '.join(lex.categories)}")
    for e in lex.entries:
        endings = "" if e.endings == ("",) else "  endings: " + ", ".join(x or "-" for x in e.endings)
        compounds = "  compounds" if e.compounds else ""
        click.echo(f"{e.id}: {', '.join(e.variants)} → {_standard(e)} [{e.category}]{endings}{compounds}")
    for p in lex.protects:
        near = f"  (near: {', '.join(p.near)})" if p.near else ""
        click.echo(f"protect: {p.phrase}{near}")


@lexicon.command(epilog=EXIT_HELP)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.pass_context
def validate(ctx: click.Context, paths: tuple[str, ...]) -> None:
    """Check lexicon files; each problem is reported as file:line: what: how to fix.

    Valid files are listed on stdout; problems go to stderr and make the exit
    code 1. Checking stops at the first problem of a file.

    \b
    Example: normspell lexicon validate lexicons/*.toml
    """
    failed = False
    for path in paths:
        try:
            lex = parse_lexicon(Path(path).read_bytes(), path)
        except NormspellError as exc:
            click.echo(f"error: {exc}", err=True)
        except OSError as exc:
            click.echo(f"error: {path}: cannot read: {exc.strerror or exc}", err=True)
        else:
            click.echo(f"{path}: ok: {_count(len(lex.entries), 'entry', 'entries')}, "
                       f"{_count(len(lex.protects), 'protected phrase', 'protected phrases')}")
            continue
        failed = True
    ctx.exit(EXIT_FAILED if failed else EXIT_OK)
