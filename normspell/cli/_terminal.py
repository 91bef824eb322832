"""Colour and file names on the terminal, for every command that shows hits.

Kept apart from the reading options: ``normspell search`` uses these and must not
import the core.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

import click

__all__ = ["COLOR", "GREP_EXITS", "color_option", "display_path", "marked", "use_color"]

COLOR = ("auto", "always", "never")
GREP_EXITS = "Exit codes, as grep's: 0 something found; 1 nothing found; 2 error."
_HIT = {"fg": "red", "bold": True}


def color_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--color auto|always|never``."""
    return click.option("--color", type=click.Choice(COLOR), default="auto", show_default=True,
                        help="Highlight in colour: auto does so on a terminal only.")(fn)


def use_color(color: str) -> bool:
    """Whether to write ANSI colours to stdout."""
    return color == "always" or (color == "auto" and sys.stdout.isatty())


def display_path(path: str) -> str:
    """A path as people read it: relative to the current folder when inside it."""
    rel = os.path.relpath(path)
    return path if rel.startswith(os.pardir) else rel


def marked(text: str, spans: list[tuple[int, int]], color: bool) -> str:
    """``text`` with the ``spans`` (sorted, not overlapping) highlighted when ``color``."""
    if not color:
        return text
    out, pos = [], 0
    for s, e in spans:
        out += [text[pos:s], click.style(text[s:e], **_HIT)]
        pos = e
    return "".join(out) + text[pos:]
