"""Bytes in, bytes out: decoding that round-trips, whole or in chunks.

Archives hold files with stray bytes, BOMs and ``\\r\\n`` line ends. Normalizing a
spelling must not change any of that, so :func:`decode` keeps the BOM aside,
decodes with ``errors="surrogateescape"`` (bytes that do not decode become lone
surrogates U+DC80..U+DCFF) and never translates newlines; :func:`encode` is its
exact inverse. :class:`ChunkReader` does the same for files too large to hold in
memory; :func:`~normspell.formats.atomic.atomic_write` replaces a file only once the
new content is safely on disk.

The encoding ``"auto"`` (:data:`AUTO`) reads what archives hold: a BOM's encoding, else
UTF-8, else, when no byte above ASCII reads as UTF-8, windows-1252, the encoding of
legacy Western pages and documents (their curly quotes and apostrophes are bytes
0x91-0x94, which as undecodable UTF-8 would hide mentions and protected names).
Either way every byte comes back as it was.

>>> d = decode(b"\\xef\\xbb\\xbfwomyn\\r\\n\\xff")
>>> d.bom, d.text, d.encoding
(b'\\xef\\xbb\\xbf', 'womyn\\r\\n\\udcff', 'utf-8')
>>> encode(d.text, d.bom, d.encoding)
b'\\xef\\xbb\\xbfwomyn\\r\\n\\xff'
"""

from __future__ import annotations

import codecs
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from normspell.errors import InputFormatError

__all__ = [
    "AUTO",
    "ChunkReader",
    "Decoded",
    "decode",
    "encode",
    "is_binary",
    "check_encoding",
    "is_wide",
    "iter_decoded_chunks",
    "split_lines",
]

AUTO = "auto"
_LEGACY = "cp1252"

_BINARY_SAMPLE = 8192
# Longest BOM (UTF-32) is 4 bytes; the chunk reader buffers this much before deciding.
_MAX_BOM = 4
_U8 = ((codecs.BOM_UTF8, "utf-8"),)
_U16LE, _U16BE = (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")
_U32LE, _U32BE = (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be")
# The BOMs a codec may start with, each with the byte-order-explicit codec for the
# rest. A BOM is set aside even for "utf-16-le" and the like, so the matcher never
# sees U+FEFF glued to the first word.
_BOMS = {
    "utf-8": _U8,
    "utf-8-sig": _U8,
    "utf-16": (_U16LE, _U16BE),
    "utf-16-le": (_U16LE,),
    "utf-16-be": (_U16BE,),
    "utf-32": (_U32LE, _U32BE),
    "utf-32-le": (_U32LE,),
    "utf-32-be": (_U32BE,),
}
# Python's BOM-less "utf-16"/"utf-32" decoders assume the machine's byte order.
_NATIVE = "le" if sys.byteorder == "little" else "be"
_WITHOUT_BOM = {
    "utf-8-sig": "utf-8",
    "utf-16": f"utf-16-{_NATIVE}",
    "utf-32": f"utf-32-{_NATIVE}",
}


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, with what is needed to get the same bytes back.

    ``text`` holds undecodable bytes as lone surrogates; ``bom`` is the byte order
    mark that was stripped (``b""`` if none); ``encoding`` is the codec that decoded
    the body, with the byte order spelled out (``"utf-16-le"``, not ``"utf-16"``).

    >>> decode(b"\\xff\\xfea\\x00", "utf-16")
    Decoded(text='a', bom=b'\\xff\\xfe', encoding='utf-16-le')
    """

    text: str
    bom: bytes
    encoding: str


def _split_bom(head: bytes, encoding: str) -> tuple[bytes, str]:
    """Return the BOM that ``head`` starts with and the codec for the rest
    (:data:`AUTO` when no BOM decides it: see :func:`_read_auto`)."""
    if encoding == AUTO:
        for bom, codec in (_U32LE, _U32BE, *_U8, _U16LE, _U16BE):  # UTF-32LE's BOM starts with UTF-16LE's
            if head.startswith(bom):
                return bom, codec
        return b"", AUTO
    name = codecs.lookup(encoding).name
    for bom, codec in _BOMS.get(name, ()):
        if head.startswith(bom):
            return bom, codec
    return b"", _WITHOUT_BOM.get(name, name)


def _read_auto(body: bytes, final: bool) -> tuple[str, codecs.IncrementalDecoder, str]:
    """(codec, a decoder that has read ``body``, the text it gave) for :data:`AUTO`.

    UTF-8 unless ``body`` has bytes above ASCII and none of them form a UTF-8
    character: then it is a legacy single-byte text, not UTF-8 with a stray byte.
    The common case costs one decode: its text is kept, and its decoder reads on.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()  # strict: one bad byte says it is not pure UTF-8
    try:
        text = decoder.decode(body, final=final)
    except UnicodeDecodeError:
        codec = "utf-8" if _UTF8_CHARACTER.search(body) else _LEGACY
        decoder = codecs.getincrementaldecoder(codec)("surrogateescape")
        return codec, decoder, decoder.decode(body, final=final)
    decoder.errors = "surrogateescape"  # a stray byte further on passes through
    return "utf-8", decoder, text


# One well-formed UTF-8 character above ASCII (RFC 3629's table).
_UTF8_CHARACTER = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}")


def is_wide(encoding: str) -> bool:
    """Whether ``encoding`` is UTF-16 or UTF-32, whose text is full of NUL bytes.

    >>> is_wide("UTF-16"), is_wide("auto"), is_wide("latin-1")
    (True, False, False)
    """
    return encoding != AUTO and codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))


def check_encoding(encoding: str) -> str:
    """``encoding`` if Python knows it (or it is :data:`AUTO`); else :class:`LookupError`."""
    if encoding != AUTO:
        codecs.lookup(encoding)
    return encoding


def _decode_error(
    where: str, encoding: str, exc: UnicodeDecodeError
) -> InputFormatError:
    msg = (
        f"{where}: cannot decode as {encoding}: {exc.reason}; "
        "pass the file's real encoding with --encoding"
    )
    return InputFormatError(msg)


def decode(data: bytes, encoding: str = "utf-8", *, where: str = "<input>") -> Decoded:
    """Decode ``data`` so that :func:`encode` gives back exactly the same bytes.

    Never fails for UTF-8 or single-byte encodings. Multi-byte encodings such as
    UTF-16 cannot escape every bad byte; those raise :class:`InputFormatError`
    naming ``where``. An unknown encoding name raises :class:`LookupError`.

    >>> decode(b"u.$.\\r\\n")
    Decoded(text='u.$.\\r\\n', bom=b'', encoding='utf-8')
    """
    bom, codec = _split_bom(data[:_MAX_BOM], encoding)
    if codec == AUTO:
        codec, _decoder, text = _read_auto(data[len(bom) :], final=True)
        return Decoded(text, bom, codec)
    try:
        text = data[len(bom) :].decode(codec, "surrogateescape")
    except UnicodeDecodeError as exc:
        raise _decode_error(where, codec, exc) from exc
    return Decoded(text, bom, codec)


def encode(decoded_text: str, bom: bytes, encoding: str) -> bytes:
    """Turn text from :func:`decode` (possibly edited) back into bytes.

    Lone surrogates from undecodable bytes become those bytes again.

    >>> encode("Amerikkka\\udcff", b"", "utf-8")
    b'Amerikkka\\xff'
    """
    return bom + decoded_text.encode(encoding, "surrogateescape")


def is_binary(sample: bytes) -> bool:
    """Say whether ``sample`` looks like a binary file: a NUL in its first 8 KiB.

    UTF-16 and UTF-32 text is full of NULs, so only ask this of files read as
    UTF-8 or a single-byte encoding.

    >>> is_binary(b"womyn"), is_binary(b"PK\\x03\\x04\\x00")
    (False, True)
    """
    return b"\x00" in sample[:_BINARY_SAMPLE]


def split_lines(chunks: Iterable[str]) -> Iterator[str]:
    """The lines of text arriving in chunks, each with its ``"\\n"``.

    A line longer than a chunk is joined once, not re-copied chunk by chunk.

    >>> list(split_lines(["a\\nb", "c\\n", "d"]))
    ['a\\n', 'bc\\n', 'd']
    """
    parts: list[str] = []
    for chunk in chunks:
        start = 0
        while (nl := chunk.find("\n", start)) >= 0:
            parts.append(chunk[start:nl + 1])
            yield "".join(parts)
            parts, start = [], nl + 1
        if start < len(chunk):
            parts.append(chunk[start:])
    if parts:
        yield "".join(parts)


class ChunkReader:
    """Decode a binary stream piece by piece, never holding the whole file.

    Iterating yields non-empty strings of at most about ``chunk_size`` characters;
    their concatenation equals ``decode(whole).text``. A chunk never splits a
    character, but it can split a word or a ``\\r\\n``: callers that match across
    chunk boundaries must carry the tail of one chunk into the next. ``bom`` and
    ``encoding`` are ``None`` until the first chunk has been produced. The reader
    makes one pass over the stream.

    >>> import io
    >>> reader = ChunkReader(io.BytesIO(b"\\xef\\xbb\\xbfw\\xc3\\xa9"), chunk_size=2)
    >>> list(reader), reader.bom
    (['w', 'é'], b'\\xef\\xbb\\xbf')
    """

    __slots__ = ("_chunk_size", "_encoding", "_stream", "_where", "bom", "encoding")

    def __init__(
        self,
        stream: BinaryIO,
        encoding: str = "utf-8",
        chunk_size: int = 1 << 20,
        *,
        where: str = "<input>",
    ) -> None:
        if chunk_size < 1:
            msg = f"chunk_size must be at least 1, got {chunk_size}"
            raise ValueError(msg)
        check_encoding(encoding)  # an unknown name fails here, not mid-iteration
        self._stream = stream
        self._encoding = encoding
        self._chunk_size = chunk_size
        self._where = where
        self.bom: bytes | None = None
        self.encoding: str | None = None

    def __iter__(self) -> Iterator[str]:
        head = b""
        # read() may return less than asked (pipes), so loop until the BOM is decidable
        # (with AUTO, until a whole chunk decides between UTF-8 and windows-1252).
        want = max(self._chunk_size, _MAX_BOM) if self._encoding == AUTO else _MAX_BOM
        ended = False
        while len(head) < want:
            data = self._stream.read(max(self._chunk_size, _MAX_BOM) - len(head))
            if not data:
                ended = True
                break
            head += data
        self.bom, codec = _split_bom(head, self._encoding)
        pending = head[len(self.bom) :]
        if codec == AUTO:
            # (a whole input is read to its end: a last byte such as cp1252's é, which
            # could begin a UTF-8 character, is then no cut character)
            self.encoding, decoder, text = _read_auto(pending, final=ended)
            if text:
                yield text
            pending = b""
        else:
            self.encoding = codec
            decoder = codecs.getincrementaldecoder(codec)("surrogateescape")
        while True:
            # An empty ``pending`` (say, a head that was all BOM) is not EOF; only
            # an empty read is.
            data, pending = pending or self._stream.read(self._chunk_size), b""
            final = not data
            try:
                text = decoder.decode(data, final=final)
            except UnicodeDecodeError as exc:
                raise _decode_error(self._where, self.encoding, exc) from exc
            if text:
                yield text
            if final:
                return


def iter_decoded_chunks(
    stream: BinaryIO,
    encoding: str = "utf-8",
    chunk_size: int = 1 << 20,
    *,
    where: str = "<input>",
) -> Iterator[str]:
    """Yield the decoded text of ``stream`` in chunks; see :class:`ChunkReader`.

    Use a :class:`ChunkReader` directly when the BOM is needed for writing back.

    >>> import io
    >>> "".join(iter_decoded_chunks(io.BytesIO(b"womyn \\xff"), chunk_size=3))
    'womyn \\udcff'
    """
    return iter(ChunkReader(stream, encoding, chunk_size, where=where))
