"""The views of ``normspell diff``: word-level lines, the normalized file, and an HTML page.

Changes arrive as ``(start, end, Change)`` with offsets into the decoded file
(:meth:`normspell.archive.Piece.changes`), so every view marks the ORIGINAL text.

>>> from normspell import normalize
>>> text = "The womyn of Amerikkka\\n"
>>> located = [(c.start, c.end, c) for c in normalize(text).changes]
>>> word_diff_lines(text, located, color=False)
[(1, 'The [-womyn-]{+women+} of [-Amerikkka-]{+America+}')]
>>> normalized_file(text, located, "text")
'The women of America\\n'
>>> '<mark class="ns-change ns-cat-place" title="America · place · 1.00"' in html_page("a.txt", text, located)
True
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from html import escape

import click

from normspell.alignment import Change
from normspell.archive import LineIndex

__all__ = ["html_page", "normalized_file", "word_diff_lines"]

Located = Sequence[tuple[int, int, Change]]

# One colour per category, cycled; the page needs no external asset.
_COLOURS = ("#ffe08a", "#b8e6c1", "#c6d8ff", "#ffc9de", "#e3d0ff", "#ffd5b0", "#c8f0f0")
_CSS = """
body { font: 16px/1.5 Georgia, 'DejaVu Serif', serif; margin: 0; color: #1d1d1d; background: #fbfaf7; }
header { padding: 1rem 2rem; background: #2b2b2b; color: #f4f1ea; }
header h1 { font-size: 1.2rem; margin: 0 0 .3rem; font-family: 'DejaVu Sans Mono', monospace; }
header p { margin: .2rem 0; font-size: .9rem; }
.ns-legend span { display: inline-block; padding: 0 .4rem; margin-right: .4rem; border-radius: 3px; color: #1d1d1d; }
main { padding: 1rem 2rem 3rem; }
.ns-text { white-space: pre-wrap; font-family: 'DejaVu Sans Mono', monospace; font-size: 14px; }
mark.ns-change { position: relative; border-radius: 3px; padding: 0 1px; border-bottom: 2px solid #8a5a00;
                 cursor: help; }
mark.ns-change:hover::after { content: attr(data-standard) " \\00b7 " attr(data-category) " \\00b7 "
    attr(data-confidence); position: absolute; left: 0; top: 1.6em; z-index: 1; white-space: nowrap;
    background: #2b2b2b; color: #fff; padding: .1rem .4rem; border-radius: 3px; font-size: 12px; }
.ns-std { font-size: .75em; vertical-align: super; color: #35593a; margin-left: 1px; }
"""


def word_diff_lines(text: str, located: Located, *, color: bool, all_lines: bool = False) -> list[tuple[int, str]]:
    """(line number, line) for each line holding a change: ``[-old-]{+new+}``, or coloured.

    Lines that a multiword variant joins (``United\\n$tates``) come as one, numbered
    by the first. ``all_lines`` gives the unchanged lines too.
    """
    lines = LineIndex(text)
    groups: list[list] = []  # [first line, last line, changes]
    for s, e, c in located:
        first, last = lines.number(s), lines.number(max(s, e - 1))
        if groups and first <= groups[-1][1]:
            groups[-1][1] = max(groups[-1][1], last)
            groups[-1][2].append((s, e, c))
        else:
            groups.append([first, last, [(s, e, c)]])
    out: list[tuple[int, str]] = []
    k = 1
    for first, last, changes in groups:
        if all_lines:
            out += [(i, _line(text, lines, i)) for i in range(k, first)]
        pos, parts = lines.span(first)[0], []
        for s, e, c in changes:
            old, new = " ".join(text[s:e].split()), c.replacement
            parts += [text[pos:s], click.style(old, fg="red", strikethrough=True) + click.style(new, fg="green")
                      if color else f"[-{old}-]{{+{new}+}}"]
            pos = e
        parts.append(text[pos:lines.span(last)[1]])
        out.append((first, "".join(parts).rstrip("\r")))
        k = last + 1
    if all_lines:
        out += [(i, _line(text, lines, i)) for i in range(k, lines.count + 1)]
    return out


def _line(text: str, lines: LineIndex, k: int) -> str:
    s, e = lines.span(k)
    return text[s:e].rstrip("\r")


def _encoded(replacement: str, fmt: str) -> str:
    if fmt == "jsonl":  # the change sits inside a JSON string literal
        return json.dumps(replacement, ensure_ascii=False)[1:-1]
    return escape(replacement, quote=False) if fmt == "html" else replacement


def normalized_file(text: str, located: Located, fmt: str) -> str:
    """The file as ``normspell normalize`` would write it."""
    out, pos = [], 0
    for s, e, c in located:
        out += [text[pos:s], _encoded(c.replacement, fmt)]
        pos = e
    return "".join(out) + text[pos:]


def html_page(name: str, text: str, located: Located, lexicons: str = "mim") -> str:
    """A self-contained page: the original text, each change marked, details on hover."""
    cats = sorted({c.category for _s, _e, c in located})
    colour = {cat: _COLOURS[i % len(_COLOURS)] for i, cat in enumerate(cats)}
    css = _CSS + "".join(f"mark.ns-cat-{_css_name(cat)} {{ background: {colour[cat]}; }}\n" for cat in cats)
    by = Counter(c.category for _s, _e, c in located)
    summary = ", ".join(f"{cat} {by[cat]}" for cat in cats) or "none"
    legend = "".join(f'<span class="ns-cat-{_css_name(cat)}" style="background:{colour[cat]}">{escape(cat)}</span>'
                     for cat in cats)
    body, pos = [], 0
    for s, e, c in located:
        body.append(escape(text[pos:s]))
        conf = f"{c.confidence:.2f}"
        title = f"{c.standard} · {c.category} · {conf}"
        body.append(f'<mark class="ns-change ns-cat-{_css_name(c.category)}" title="{escape(title)}" '
                    f'data-standard="{escape(c.replacement)}" data-category="{escape(c.category)}" '
                    f'data-confidence="{conf}" data-rule="{escape(c.rule)}">{escape(text[s:e])}'
                    f'<span class="ns-std" aria-hidden="true">{escape(c.replacement)}</span></mark>')
        pos = e
    body.append(escape(text[pos:]))
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>normspell diff: {escape(name)}</title>\n<style>{css}</style>\n</head>\n<body>\n"
            f"<header><h1>{escape(name)}</h1>\n"
            f"<p>{len(located)} changes ({escape(summary)}) with lexicons {escape(lexicons)}. "
            f"Hover a marked word for its standard form, category and confidence.</p>\n"
            f'<p class="ns-legend">{legend}</p></header>\n'
            f'<main><div class="ns-text">{"".join(body)}</div></main>\n</body>\n</html>\n')


def _css_name(category: str) -> str:
    return "".join(ch if ch.isalnum() or ch == "-" else "_" for ch in category)
