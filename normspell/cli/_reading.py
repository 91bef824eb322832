"""Reading archives for the search and compare commands: options, files, colour.

``grep``, ``diff``, ``stats`` and ``index`` read whole files (a phrase may cross
a line), through :mod:`normspell.archive`, so they take only the input options
that mean something there; ``normalize``/``detect`` options such as
``--chunk-size`` and ``--jobs`` are not offered. Files and folders are expanded
by :func:`normspell.cli._inputs.collect`, lexicons compiled by
:func:`normspell.cli._options.build_normalizer`, as for ``normalize``. Colour and
file names come from :mod:`normspell.cli._terminal` (re-exported here).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from typing import Any

import click

from normspell.archive import Document, document_from_text, read_document
from normspell.cli._inputs import STDIN, collect, format_of
from normspell.cli._options import FORMATS, _check_encoding, build_normalizer
from normspell.cli._terminal import COLOR, color_option, display_path, use_color
from normspell.errors import NormspellError
from normspell.formats import decode
from normspell.normalize import Normalizer

__all__ = ["COLOR", "color_option", "display_path", "documents", "normalizer_from", "read_options", "use_color"]

_READ = [
    click.option("--lexicon", "lexicons", multiple=True, default=("mim",), show_default=True,
                 metavar="NAME|PATH", help="Lexicon by bundled name or .toml path (repeatable; later ones override)."),
    click.option("--only", multiple=True, metavar="CATEGORY", help="Use only this category (repeatable)."),
    click.option("--skip", multiple=True, metavar="CATEGORY", help="Leave this category alone (repeatable)."),
    click.option("--format", "fmt", type=click.Choice(FORMATS), default="auto", show_default=True,
                 help="Input format; auto picks by extension (.html/.htm/.xhtml, .jsonl/.ndjson, else text)."),
    click.option("--field", default="text", show_default=True, metavar="NAME",
                 help="JSON Lines: the top-level string field to read."),
    click.option("--encoding", default="auto", show_default=True, callback=_check_encoding,
                 help="Encoding of the inputs."),
    click.option("--glob", "globs", multiple=True, metavar="PATTERN",
                 help="Files to take from folders (repeatable; default: text-like extensions)."),
]


def read_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Add the lexicon and input options to a command."""
    for option in reversed(_READ):
        fn = option(fn)
    return fn


def normalizer_from(opts: dict) -> Normalizer:
    """The normalizer the options ask for (a bad lexicon is a usage error)."""
    return build_normalizer(opts["lexicons"], opts["only"], opts["skip"], 0.0)


def documents(paths: tuple[str, ...], opts: dict, errors: list[str]) -> Iterator[Document]:
    """Each readable file of ``paths`` (``-`` or nothing: stdin); problems go to ``errors``."""
    walk = collect(paths or (STDIN,), opts["globs"])
    errors.extend(walk.errors)
    for item in walk.inputs:
        fmt = format_of(item.path, opts["fmt"])
        try:
            if item.path == STDIN:
                text = decode(sys.stdin.buffer.read(), opts["encoding"], where="<stdin>").text
                yield document_from_text("<stdin>", text, fmt, opts["field"])
            else:
                yield read_document(item.path, fmt, opts["field"], opts["encoding"])
        except NormspellError as exc:
            errors.append(str(exc))
        except OSError as exc:
            errors.append(f"{item.name}: cannot read: {exc.strerror or exc}")
        except UnicodeError as exc:
            errors.append(f"{item.name}: cannot decode: {exc}")
