"""The bytes the matcher's automaton reads: a text folded as its expressions fold it.

The automaton (:mod:`normspell.matcher`) looks for lower-cased keys in bytes; the
expressions it is tested against match each letter of a form in both its cases
(``[éÉ]``, see :func:`normspell.expression._char`). A :class:`Folding` turns a text
into bytes where those two cases are one, and says where in the text a match lies.

When every key is Latin-1, a text is read one byte per character: Latin-1, with
``?`` (in no key) for every character beyond it. Byte offsets are then the text's
own, with no decoding back, and the text needs no UTF-8 encoding: texts with curly
quotes or dashes scan as fast as ASCII. Other keys are read in UTF-8, with each
letter of the keys' alphabet whose two cases are as long in UTF-8 folded by a
replacement (``Ś`` to ``ś``); a letter whose cases differ in length (``ı`` and ``I``)
is found in lower case only.

>>> f = Folding(["café", "womyn"])
>>> f.one_byte, f("Le CAFÉ — WOMYN")
(True, b'le caf\\xe9 ? womyn')
>>> f.spans([(0, 3, 7)], f("Le CAFÉ — WOMYN"), "Le CAFÉ — WOMYN")
[(0, 3, 7)]
"""

from __future__ import annotations

__all__ = ["Folding"]

# ASCII and Latin-1 capitals to their small letters (× and the three letters whose
# other case lies beyond Latin-1, ß ÿ µ, stay as they are).
_LATIN1_LOWER = bytes.maketrans(
    bytes([*range(0x41, 0x5B), *range(0xC0, 0xD7), *range(0xD8, 0xDF)]),
    bytes([*range(0x61, 0x7B), *range(0xE0, 0xF7), *range(0xF8, 0xFF)]))


def _pair(c: str) -> str | None:
    # The other case of a key's letter, when the expressions match it (expression._char).
    lo, up = c.lower(), c.upper()
    return up if lo != up and len(lo) == 1 and len(up) == 1 else None


class Folding:
    """How texts are read for one set of (lower-cased) keys."""

    __slots__ = ("one_byte", "_replace")

    def __init__(self, keys: list[str]):
        alphabet = {c for k in keys for c in k if not c.isascii()}
        others = {up for c in alphabet if (up := _pair(c))}
        self.one_byte = all(c <= "\xff" for c in alphabet | others) and not any("?" in k for k in keys)
        # UTF-8: the capitals of the keys' letters, as long as their small letters
        self._replace = tuple(sorted(
            (up.encode(), c.encode()) for c in alphabet if (up := _pair(c)) and len(up.encode()) == len(c.encode())))

    def key(self, key: str) -> bytes:
        """A key as the automaton holds it."""
        return key.encode("latin-1" if self.one_byte else "utf-8")

    def __call__(self, text: str) -> bytes:
        """The folded bytes of ``text``."""
        if self.one_byte or text.isascii():
            return text.encode("latin-1", "replace").translate(_LATIN1_LOWER)
        data = text.encode("utf-8", "surrogatepass").lower()
        for up, low in self._replace:
            if up in data:
                data = data.replace(up, low)
        return data

    def spans(self, found: list[tuple[int, int, int]], data: bytes, text: str) -> list[tuple[int, int, int]]:
        """Matches (key, byte start, byte end) of ``data`` as (key, start, end) in ``text``."""
        if self.one_byte or text.isascii():
            return found
        # Decode the stretches between matches once.
        out, pos_b, pos_c = [], 0, 0
        for k, s, e in found:
            pos_c += len(data[pos_b:s].decode("utf-8", "surrogatepass"))
            pos_b = s
            out.append((k, pos_c, pos_c + len(data[s:e].decode("utf-8", "surrogatepass"))))
        return out
