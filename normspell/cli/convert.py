"""``normspell normalize`` and ``normspell detect``: batch conversion and detection."""

from __future__ import annotations

import sys

import click

from normspell.cli import cli
from normspell.errors import NormspellError
from normspell.normalize import Normalizer


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option("--lexicon", "lexicons", multiple=True, default=("mim",), show_default=True,
              help="Lexicon name or path (repeatable; later ones override earlier).")
def normalize(paths: tuple[str, ...], lexicons: tuple[str, ...]) -> None:
    """Normalize text from PATHS (or stdin) to stdout.

    \b
    Example: echo 'Wimmin of Amerikkka' | normspell normalize
    """
    try:
        n = Normalizer.from_lexicons(lexicons)
    except NormspellError as exc:
        raise click.UsageError(str(exc)) from exc
    out = sys.stdout
    for path in paths or ("-",):
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as fh:
                data = fh.read()
        text = data.decode("utf-8", "surrogateescape")
        sys.stdout.buffer.write(n.normalize(text).text.encode("utf-8", "surrogateescape"))
    out.flush()
