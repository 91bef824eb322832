"""Find the text of an HTML document without re-serializing it.

Parsers such as lxml or BeautifulSoup rebuild the markup, which changes quoting,
entities and whitespace; an archive wants only the deliberate spellings touched.
This module scans the document the way an HTML5 tokenizer splits it and reports
the ``[start, end)`` spans of character data, so a caller can edit those and leave
every other character as it was.

Text is everything outside tags, comments, ``<!DOCTYPE>``, ``<![CDATA[ ]]>``,
``<?...>`` and the content of ``script``, ``style``, ``xmp``, ``iframe``,
``noembed`` and ``noframes``. The content of ``textarea`` and ``title`` is text up
to its end tag, even if it looks like markup (as browsers show it). Attribute
values are never text; entities such as ``&amp;`` stay inside the spans as written
(:mod:`normspell.formats.references` reads them as a browser does).

Broken markup never raises. A ``<`` that cannot open a tag (``a < b``, ``<3``) is
text. A construct left open at the end (unclosed tag, quote, comment or script)
runs to the end of the document, as in a browser, so the rest is not text: a
broken document is under-changed, never has its markup corrupted.
``<svg>``/``<math>`` content is scanned as HTML (their ``title`` counts as text).

>>> doc = '<p class="womyn">womyn &amp; <!-- womyn --> men</p>'
>>> [doc[s:e] for s, e in text_spans(doc)]
['womyn &amp; ', ' men']
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator

__all__ = ["text_spans", "transform_html"]

_RAW_TEXT = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes"})
_RCDATA = frozenset({"textarea", "title"})

_TAG_NAME = re.compile(r"[A-Za-z][^\t\n\f\r />]*")
_SPACE = re.compile(r"[\t\n\f\r ]*")
_SPACE_OR_SLASH = re.compile(r"[\t\n\f\r /]*")
# An attribute name may start with "=" (the tokenizer keeps it as part of the name).
_ATTR_NAME = re.compile(r".[^\t\n\f\r />=]*", re.DOTALL)
_UNQUOTED = re.compile(r"[^\t\n\f\r >]*")
_COMMENT_END = re.compile(r"--!?>")


@functools.cache
def _end_tag(name: str) -> re.Pattern[str]:
    return re.compile(rf"</{name}[\t\n\f\r />]", re.IGNORECASE)


def _tag_end(html: str, i: int) -> int:
    """Index just past the ``>`` of a tag whose name starts at ``i``."""
    n = len(html)
    i = _TAG_NAME.match(html, i).end()
    while True:
        i = _SPACE_OR_SLASH.match(html, i).end()
        if i >= n:
            return n
        if html[i] == ">":
            return i + 1
        i = _SPACE.match(html, _ATTR_NAME.match(html, i).end()).end()
        if i >= n or html[i] != "=":
            continue
        i = _SPACE.match(html, i + 1).end()
        if i >= n:
            return n
        quote = html[i]
        if quote in "\"'":
            close = html.find(quote, i + 1)
            if close < 0:
                return n
            i = close + 1
        elif quote != ">":
            i = _UNQUOTED.match(html, i).end()


def _find_or_end(html: str, needle: str, start: int) -> int:
    found = html.find(needle, start)
    return len(html) if found < 0 else found + len(needle)


def _markup_end(html: str, lt: int) -> tuple[int, str] | None:
    """End of the markup opening at ``html[lt] == "<"`` and its start-tag name.

    The name is ``""`` for anything but a start tag; ``None`` means the ``<`` is text.
    """
    n = len(html)
    nxt = html[lt + 1 : lt + 2]
    if html.startswith("<!--", lt):
        # "<!-->" and "<!--->" are complete (empty) comments in HTML5.
        if html.startswith(">", lt + 4):
            return lt + 5, ""
        if html.startswith("->", lt + 4):
            return lt + 6, ""
        m = _COMMENT_END.search(html, lt + 4)
        return (m.end() if m else n), ""
    if html.startswith("<![CDATA[", lt):
        return _find_or_end(html, "]]>", lt + 9), ""
    if nxt in ("!", "?"):
        return _find_or_end(html, ">", lt + 2), ""
    if nxt == "/":
        after = html[lt + 2 : lt + 3]
        if after == "":
            return None
        if after.isascii() and after.isalpha():
            return _tag_end(html, lt + 2), ""
        if after == ">":
            return lt + 3, ""
        return _find_or_end(html, ">", lt + 2), ""
    if nxt.isascii() and nxt.isalpha():
        name = _TAG_NAME.match(html, lt + 1).group().lower()
        return _tag_end(html, lt + 1), name
    return None


def _scan(html: str) -> Iterator[tuple[int, int]]:
    n = len(html)
    text_start = pos = 0
    while True:
        lt = html.find("<", pos)
        if lt < 0:
            yield text_start, n
            return
        markup = _markup_end(html, lt)
        if markup is None:
            pos = lt + 1
            continue
        yield text_start, lt
        end, name = markup
        text_start = pos = end
        if name == "plaintext":
            yield end, n
            return
        if name in _RAW_TEXT or name in _RCDATA:
            close = _end_tag(name).search(html, end)
            if close is None:
                if name in _RCDATA:
                    yield end, n
                return
            if name in _RCDATA:
                yield end, close.start()
            # The end tag itself is parsed by the next turn of the loop.
            text_start = pos = close.start()


def text_spans(html: str) -> list[tuple[int, int]]:
    """Return the sorted, disjoint, non-empty ``[start, end)`` spans of text in ``html``.

    >>> text_spans("<b>u.$.</b> < <script>womyn</script>x")
    [(3, 7), (11, 14), (36, 37)]
    """
    return [(s, e) for s, e in _scan(html) if s < e]


def transform_html(html: str, fn: Callable[[str], str]) -> str:
    """Apply ``fn`` to each text span of ``html``; every other character is kept.

    ``fn`` sees one span at a time, so a word broken by a tag (``wo<b>myn</b>``)
    is two calls. What ``fn`` returns is inserted as is: a replacement containing
    ``<`` or ``&`` must be escaped by ``fn``.

    >>> transform_html('<a title="womyn">womyn</a><!--womyn-->', str.upper)
    '<a title="womyn">WOMYN</a><!--womyn-->'
    """
    out: list[str] = []
    pos = 0
    for start, end in text_spans(html):
        out.append(html[pos:start])
        out.append(fn(html[start:end]))
        pos = end
    out.append(html[pos:])
    return "".join(out)
