"""Edit one string field of JSON Lines records without re-serializing them.

``json.loads`` then ``json.dumps`` would reorder nothing but still change spacing,
escapes and number spellings all over the record. Here the raw string literal of
one top-level field is located, decoded, changed and spliced back; every byte
outside the changed characters stays as it was. Inside the literal too, only the
changed stretch is re-encoded, so an untouched ``\\u00e9`` elsewhere in the value
keeps its escape.

>>> line = '{"id": 7, "text": "womyn \\\\u00e9"}\\n'
>>> transform_jsonl_line(line, "text", lambda s: s.replace("womyn", "women"))
'{"id": 7, "text": "women \\\\u00e9"}\\n'
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable

from normspell.errors import InputFormatError

__all__ = [
    "decode_string_literal",
    "literal_offsets",
    "string_field_span",
    "transform_jsonl_line",
]

_JSON_SPACE = re.compile(r"[ \t\n\r]*")
_PLAIN = re.compile(r'[^"\\\x00-\x1f]+')
_U_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_SIMPLE_ESCAPES = {
    '"': '"',
    "\\": "\\",
    "/": "/",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
}
# Surrogates outside U+DC80..U+DCFF cannot stand for an undecodable byte and cannot
# be written out; they only come from \\uD800-style escapes, so they go back as escapes.
_UNWRITABLE = re.compile("[\ud800-\udc7f\udd00-\udfff]")
_DECODER = json.JSONDecoder()
_BLOCK = 4096


def _not_object(where: str, lineno: int, reason: str) -> InputFormatError:
    msg = f"{where}:{lineno}: not a JSON object: {reason}; fix the line or use --format text"
    return InputFormatError(msg)


def _scan_literal(raw: str) -> tuple[str, list[int]]:
    """Decode a JSON string literal, recording where each character came from."""
    if len(raw) < 2 or raw[0] != '"' or raw[-1] != '"':
        msg = f"not a JSON string literal: {raw[:40]!r}"
        raise ValueError(msg)
    chars: list[str] = []
    offsets: list[int] = []
    i, end = 1, len(raw) - 1
    while i < end:
        m = _PLAIN.match(raw, i, end)
        if m:
            chars.append(m.group())
            offsets.extend(range(i, m.end()))
            i = m.end()
            continue
        if raw[i] != "\\" or i + 1 >= end:
            msg = f"bad character {raw[i]!r} at index {i} of JSON string literal"
            raise ValueError(msg)
        kind = raw[i + 1]
        if kind in _SIMPLE_ESCAPES:
            chars.append(_SIMPLE_ESCAPES[kind])
            offsets.append(i)
            i += 2
            continue
        m = _U_ESCAPE.match(raw, i, end)
        if m is None:
            msg = f"bad escape at index {i} of JSON string literal"
            raise ValueError(msg)
        code = int(m.group(1), 16)
        low = _U_ESCAPE.match(raw, m.end(), end)
        # json.loads joins an escaped surrogate pair into one character; so do we.
        if (
            0xD800 <= code <= 0xDBFF
            and low
            and 0xDC00 <= int(low.group(1), 16) <= 0xDFFF
        ):
            code = 0x10000 + ((code - 0xD800) << 10) + (int(low.group(1), 16) - 0xDC00)
            m = low
        chars.append(chr(code))
        offsets.append(i)
        i = m.end()
    offsets.append(end)
    return "".join(chars), offsets


def decode_string_literal(raw: str) -> str:
    """Decode one raw JSON string literal, quotes included; as ``json.loads`` would.

    Raises :class:`ValueError` if ``raw`` is not a single string literal.

    >>> decode_string_literal('"Amerikkka \\\\u00e9\\\\n"')
    'Amerikkka é\\n'
    """
    return _scan_literal(raw)[0]


def literal_offsets(raw_literal: str) -> list[int]:
    """Map each index of the decoded value, and one past its end, into ``raw_literal``.

    A change ``[s, e)`` in the decoded value covers ``raw_literal[offs[s]:offs[e]]``;
    add the literal's start in the line to get line offsets. ``offs[0]`` is 1 (after
    the opening quote) and ``offs[-1]`` is the index of the closing quote.

    >>> literal_offsets('"a\\\\u00e9b"')
    [1, 2, 8, 9]
    """
    return _scan_literal(raw_literal)[1]


def string_field_span(
    line: str, field: str, *, where: str = "<stdin>", lineno: int = 1
) -> tuple[int, int] | None:
    """Return the span of the raw string literal (quotes included) of top-level ``field``.

    ``None`` for a blank line, a missing key or a value that is not a string. With
    a duplicated key the last one counts, as in ``json.loads``. A line that is not
    a JSON object raises :class:`InputFormatError` naming ``where:lineno``.

    >>> string_field_span('{"n": 1, "text": "womyn"}', "text")
    (17, 24)
    """
    if not line.strip(" \t\r\n"):
        return None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise _not_object(where, lineno, f"{exc.msg} at column {exc.colno}") from exc
    except RecursionError as exc:
        raise _not_object(where, lineno, "nested too deeply") from exc
    if not isinstance(record, dict):
        raise _not_object(where, lineno, f"found a JSON {type(record).__name__}")
    if not isinstance(record.get(field), str):
        return None
    # The line is valid JSON now, so this walk over top-level pairs cannot fail.
    span = None
    i = _JSON_SPACE.match(line).end() + 1  # past "{"
    while True:
        i = _JSON_SPACE.match(line, i).end()
        if line[i] == "}":
            return span
        key, i = json.decoder.scanstring(line, i + 1)
        i = _JSON_SPACE.match(line, i).end() + 1  # past ":"
        start = _JSON_SPACE.match(line, i).end()
        value, i = _DECODER.raw_decode(line, start)
        if key == field:
            span = (start, i) if isinstance(value, str) else None
        i = _JSON_SPACE.match(line, i).end()
        if line[i] == ",":
            i += 1


def _prefix_length(a: str, b: str) -> int:
    limit = min(len(a), len(b))
    n = 0
    # Compare blocks first: a character loop over a 500 MB value takes minutes.
    while n + _BLOCK <= limit and a[n : n + _BLOCK] == b[n : n + _BLOCK]:
        n += _BLOCK
    while n < limit and a[n] == b[n]:
        n += 1
    return n


def _common_affixes(old: str, new: str) -> tuple[int, int]:
    """Lengths of the longest common prefix and then suffix; they never overlap."""
    prefix = _prefix_length(old, new)
    return prefix, _prefix_length(old[prefix:][::-1], new[prefix:][::-1])


def _encode_fragment(text: str) -> str:
    body = json.dumps(text, ensure_ascii=False)[1:-1]
    return _UNWRITABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", body)


def transform_jsonl_line(
    line: str,
    field: str,
    fn: Callable[[str], str],
    *,
    where: str = "<stdin>",
    lineno: int = 1,
) -> str:
    """Apply ``fn`` to the string value of top-level ``field`` and splice it back.

    Blank lines, records without the field and non-string values come back
    unchanged, line ending included. Only the characters ``fn`` changed (the part
    between the longest common prefix and suffix) are re-encoded, with
    ``json.dumps(..., ensure_ascii=False)`` rules. Errors as in
    :func:`string_field_span`.

    >>> transform_jsonl_line('{"text":"u.$.", "n":1.50}\\r\\n', "text", str.upper)
    '{"text":"U.$.", "n":1.50}\\r\\n'
    """
    span = string_field_span(line, field, where=where, lineno=lineno)
    if span is None:
        return line
    start, end = span
    raw = line[start:end]
    # Without a backslash the value is the raw text itself; skipping the offsets
    # table saves gigabytes on a huge record.
    value, offsets = _scan_literal(raw) if "\\" in raw else (raw[1:-1], None)
    new = fn(value)
    if new == value:
        return line
    prefix, suffix = _common_affixes(value, new)
    old_to = len(value) - suffix
    if offsets is None:
        middle = _encode_fragment(new[prefix : len(new) - suffix])
        return line[: start + prefix + 1] + middle + line[start + old_to + 1 :]
    # Escapes in the value: re-encode only the words that changed, so an escape
    # between two changes (caf\u00e9 between I$rael and womyn) stays as written.
    parts, pos = [line[: start + offsets[prefix]]], offsets[prefix]
    for a, b, replacement in _word_edits(value[prefix:old_to], new[prefix : len(new) - suffix]):
        parts.append(raw[pos : offsets[prefix + a]])
        parts.append(_encode_fragment(replacement))
        pos = offsets[prefix + b]
    parts.append(line[start + pos :])
    return "".join(parts)


_WORDS = re.compile(r"\s+|\S+")


def _word_edits(old: str, new: str) -> list[tuple[int, int, str]]:
    """(start, end, replacement) edits turning ``old`` into ``new``, word by word."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    starts = [0]
    for w in a:
        starts.append(starts[-1] + len(w))
    edits = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            edits.append((starts[i1], starts[i2], "".join(b[j1:j2])))
    return edits
