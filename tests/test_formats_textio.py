import codecs
import io
import os
import stat

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normspell.errors import InputFormatError
from normspell.formats.atomic import atomic_write
from normspell.formats.textio import (
    AUTO,
    ChunkReader,
    Decoded,
    decode,
    encode,
    is_binary,
    iter_decoded_chunks,
)

# Bytes that a UTF-8 decoder rejects in different ways: lone continuation, overlong,
# encoded surrogate, truncated sequence, bytes never valid in UTF-8.
NASTY = [
    b"\x80",
    b"\xc0\xaf",
    b"\xed\xa0\x80",
    b"\xe2\x82",
    b"\xff\xfe",
    b"\xf4\x90\x80\x80",
]
maybe_bom = st.sampled_from([b"", codecs.BOM_UTF8])
documents = st.builds(
    lambda bom, parts: bom + b"".join(parts),
    maybe_bom,
    st.lists(st.binary() | st.sampled_from([*NASTY, "é€😀".encode(), b"\r\n"])),
)


def test_decode_strips_utf8_bom_and_keeps_crlf():
    assert decode(b"\xef\xbb\xbfwomyn\r\nmen\r") == Decoded(
        "womyn\r\nmen\r", codecs.BOM_UTF8, "utf-8"
    )


def test_decode_keeps_only_a_leading_bom():
    d = decode(b"a\xef\xbb\xbf")
    assert d.bom == b""
    assert d.text == "a\ufeff"


def test_undecodable_bytes_become_lone_surrogates():
    assert decode(b"u.\xff.").text == "u.\udcff."


def test_utf8_sig_is_read_like_utf8():
    assert decode(codecs.BOM_UTF8 + b"x", "utf-8-sig") == Decoded(
        "x", codecs.BOM_UTF8, "utf-8"
    )


@given(documents)
def test_utf8_round_trip_is_byte_exact(data):
    d = decode(data)
    assert encode(d.text, d.bom, d.encoding) == data


@given(st.binary())
def test_arbitrary_bytes_round_trip(data):
    d = decode(data)
    assert encode(d.text, d.bom, d.encoding) == data


@given(st.binary())
def test_single_byte_encodings_round_trip(data):
    for encoding in ("latin-1", "cp1252", "ascii"):
        d = decode(data, encoding)
        assert encode(d.text, d.bom, d.encoding) == data


@pytest.mark.parametrize(
    ("encoding", "bom", "codec"),
    [
        ("utf-16", codecs.BOM_UTF16_LE, "utf-16-le"),
        ("utf-16", codecs.BOM_UTF16_BE, "utf-16-be"),
        ("utf-32", codecs.BOM_UTF32_LE, "utf-32-le"),
        ("utf-32", codecs.BOM_UTF32_BE, "utf-32-be"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16-le"),
    ],
)
def test_utf16_and_utf32_boms_pick_the_byte_order(encoding, bom, codec):
    data = bom + "womyn é😀\r\n".encode(codec)
    d = decode(data, encoding)
    assert (d.text, d.bom, d.encoding) == ("womyn é😀\r\n", bom, codec)
    assert encode(d.text, d.bom, d.encoding) == data


def test_utf16_edit_round_trip_keeps_bom():
    data = codecs.BOM_UTF16_BE + "womyn".encode("utf-16-be")
    d = decode(data, "utf-16")
    assert encode(
        d.text.replace("y", "e"), d.bom, d.encoding
    ) == codecs.BOM_UTF16_BE + "women".encode("utf-16-be")


def test_undecodable_utf16_raises_input_format_error():
    with pytest.raises(
        InputFormatError, match=r"^zine\.txt: cannot decode as utf-16-le: .*--encoding"
    ):
        decode(b"\xff\xfea\x00b", "utf-16", where="zine.txt")


def test_unknown_encoding_is_a_lookup_error():
    with pytest.raises(LookupError):
        decode(b"x", "no-such-codec")


def test_is_binary():
    assert not is_binary(b"womyn\r\n\xff")
    assert is_binary(b"GIF89a\x00")
    assert not is_binary(b"a" * 8192 + b"\x00")
    assert is_binary(b"a" * 8191 + b"\x00")


@given(documents, st.integers(min_value=1, max_value=9))
def test_chunks_concatenate_to_whole_decode(data, chunk_size):
    reader = ChunkReader(io.BytesIO(data), chunk_size=chunk_size)
    chunks = list(reader)
    whole = decode(data)
    assert "".join(chunks) == whole.text
    assert reader.bom == whole.bom
    assert all(chunks)


class _Trickle(io.RawIOBase):
    """A stream that returns at most two bytes per read, like a slow pipe."""

    def __init__(self, data: bytes):
        self._data = data
        self.biggest_read = 0

    def readable(self):
        return True

    def read(self, size=-1):
        self.biggest_read = max(self.biggest_read, size)
        piece, self._data = self._data[: min(size, 2)], self._data[min(size, 2) :]
        return piece


@given(documents, st.integers(min_value=1, max_value=9))
def test_short_reads_still_find_the_bom_and_every_byte(data, chunk_size):
    stream = _Trickle(data)
    reader = ChunkReader(stream, chunk_size=chunk_size)
    assert "".join(reader) == decode(data).text
    assert reader.bom == decode(data).bom


def test_reader_never_asks_for_more_than_a_chunk():
    stream = _Trickle(b"x" * 10_000)
    assert sum(map(len, ChunkReader(stream, chunk_size=64))) == 10_000
    assert stream.biggest_read == 64


def test_bom_only_head_of_utf32_is_not_mistaken_for_eof():
    data = codecs.BOM_UTF32_LE + "womyn".encode("utf-32-le")
    reader = ChunkReader(io.BytesIO(data), "utf-32", chunk_size=4)
    assert "".join(reader) == "womyn"
    assert (reader.bom, reader.encoding) == (codecs.BOM_UTF32_LE, "utf-32-le")


def test_bom_is_unknown_before_reading():
    reader = ChunkReader(io.BytesIO(b"\xef\xbb\xbfx"))
    assert reader.bom is None
    assert list(reader) == ["x"]
    assert reader.bom == codecs.BOM_UTF8


def test_chunks_never_split_a_character():
    chunks = list(iter_decoded_chunks(io.BytesIO("😀é".encode() * 3), chunk_size=1))
    assert "".join(chunks) == "😀é" * 3
    assert all(len(c) == 1 for c in chunks)


def test_empty_stream_yields_nothing():
    reader = ChunkReader(io.BytesIO(b""))
    assert list(reader) == []
    assert reader.bom == b""


def test_bad_chunk_size_and_bad_encoding_fail_early():
    with pytest.raises(ValueError, match="chunk_size must be at least 1"):
        ChunkReader(io.BytesIO(b""), chunk_size=0)
    with pytest.raises(LookupError):
        ChunkReader(io.BytesIO(b""), "no-such-codec")


def test_chunked_utf16_error_names_the_input():
    reader = ChunkReader(
        io.BytesIO(b"a\x00\x00\xd8"), "utf-16-le", chunk_size=2, where="in.txt"
    )
    with pytest.raises(InputFormatError, match=r"^in\.txt: cannot decode as utf-16-le"):
        list(reader)


def _leftovers(folder):
    return [name for name in os.listdir(folder) if name.endswith(".normspell-tmp")]


# --- encoding "auto": UTF-8, else windows-1252 for a legacy file ----------------

LEGACY = "MIM spells \u201cAmerikkka\u201d; the Michigan Womyn\u2019s Music Festival \u2014 caf\u00e9".encode("cp1252")


@pytest.mark.parametrize(
    ("data", "encoding", "bom"),
    [
        ("caf\u00e9 \u201cwomyn\u201d".encode(), "utf-8", b""),
        (b"plain ascii", "utf-8", b""),
        (LEGACY, "cp1252", b""),
        (b"ascii and one stray \xff", "cp1252", b""),  # no byte above ASCII reads as UTF-8
        ("caf\u00e9".encode() + b" and a stray \xff", "utf-8", b""),  # UTF-8 with one bad byte stays UTF-8
        (codecs.BOM_UTF8 + b"\x93x\x94", "utf-8", codecs.BOM_UTF8),  # a BOM says so, whatever follows
        (codecs.BOM_UTF16_LE + "womyn".encode("utf-16-le"), "utf-16-le", codecs.BOM_UTF16_LE),
        (codecs.BOM_UTF32_LE + "womyn".encode("utf-32-le"), "utf-32-le", codecs.BOM_UTF32_LE),
    ],
)
def test_auto_reads_utf8_or_a_legacy_single_byte_file(data, encoding, bom):
    d = decode(data, AUTO)
    assert (d.encoding, d.bom) == (encoding, bom)
    assert encode(d.text, d.bom, d.encoding) == data  # every byte comes back
    reader = ChunkReader(io.BytesIO(data), AUTO, chunk_size=1 << 20)
    assert "".join(reader) == d.text and (reader.encoding, reader.bom) == (encoding, bom)


def test_auto_reads_the_legacy_text_a_reader_sees():
    assert decode(LEGACY, AUTO).text == LEGACY.decode("cp1252")
    assert "\u201cAmerikkka\u201d" in decode(LEGACY, AUTO).text


def test_auto_decides_on_a_whole_chunk_even_from_short_reads():
    # A pipe that hands out two bytes at a time: the ASCII start alone would say UTF-8.
    data = b"x" * 100 + LEGACY
    reader = ChunkReader(_Trickle(data), AUTO, chunk_size=4096)
    assert "".join(reader) == data.decode("cp1252") and reader.encoding == "cp1252"


def test_auto_reads_a_small_legacy_file_that_ends_in_a_letter_above_ascii():
    data = "Caf\u00e9".encode("cp1252")  # 0xe9 could begin a UTF-8 character, but the file ends
    reader = ChunkReader(io.BytesIO(data), AUTO)
    assert "".join(reader) == "Caf\u00e9" and reader.encoding == "cp1252"


def test_auto_does_not_count_a_character_cut_at_the_chunk_end_as_a_stray_byte():
    data = b"x" * 63 + "\u00e9".encode() + b" womyn"  # the chunk ends inside the \u00e9
    reader = ChunkReader(io.BytesIO(data), AUTO, chunk_size=64)
    assert "".join(reader) == data.decode() and reader.encoding == "utf-8"


def test_atomic_write_replaces_content(tmp_path):
    target = tmp_path / "zine.txt"
    target.write_bytes(b"womyn")
    with atomic_write(target) as out:
        out.write(b"women")
        # Until the block ends readers still see the old file.
        assert target.read_bytes() == b"womyn"
    assert target.read_bytes() == b"women"
    assert _leftovers(tmp_path) == []


def test_atomic_write_temp_file_is_hidden_beside_target(tmp_path):
    target = tmp_path / "zine.txt"
    with atomic_write(target):
        (temp,) = _leftovers(tmp_path)
    assert temp.startswith(".zine.txt.")


@pytest.mark.parametrize("error", [RuntimeError("boom"), KeyboardInterrupt()])
def test_atomic_write_failure_keeps_old_content(tmp_path, error):
    target = tmp_path / "zine.txt"
    target.write_bytes(b"womyn")
    with pytest.raises(type(error)), atomic_write(target, backup_suffix=".bak") as out:
        out.write(b"half of the new")
        raise error
    assert target.read_bytes() == b"womyn"
    assert _leftovers(tmp_path) == []
    assert not (tmp_path / "zine.txt.bak").exists()


def test_atomic_write_failure_on_new_file_creates_nothing(tmp_path):
    with pytest.raises(RuntimeError), atomic_write(tmp_path / "new.txt") as out:
        out.write(b"x")
        raise RuntimeError
    assert os.listdir(tmp_path) == []


def test_atomic_write_backup_keeps_old_content(tmp_path):
    target = tmp_path / "zine.txt"
    target.write_bytes(b"womyn")
    (tmp_path / "zine.txt.orig").write_bytes(b"older backup")
    with atomic_write(target, backup_suffix=".orig") as out:
        out.write(b"women")
    assert target.read_bytes() == b"women"
    assert (tmp_path / "zine.txt.orig").read_bytes() == b"womyn"
    assert _leftovers(tmp_path) == []


def test_atomic_write_backup_of_missing_file_is_skipped(tmp_path):
    with atomic_write(tmp_path / "new.txt", backup_suffix=".orig") as out:
        out.write(b"x")
    assert sorted(os.listdir(tmp_path)) == ["new.txt"]


def test_atomic_write_keeps_permission_bits(tmp_path):
    target = tmp_path / "zine.txt"
    target.write_bytes(b"womyn")
    target.chmod(0o640)
    with atomic_write(target) as out:
        out.write(b"women")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_atomic_write_new_file_follows_umask(tmp_path):
    old = os.umask(0o027)
    try:
        with atomic_write(tmp_path / "new.txt") as out:
            out.write(b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640


def test_atomic_write_through_symlink_keeps_the_link(tmp_path):
    real = tmp_path / "real.txt"
    real.write_bytes(b"womyn")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    with atomic_write(link) as out:
        out.write(b"women")
    assert link.is_symlink()
    assert real.read_bytes() == b"women"


def test_atomic_write_failed_backup_aborts_the_write(tmp_path):
    target = tmp_path / "zine.txt"
    target.write_bytes(b"womyn")
    blocker = tmp_path / "zine.txt.orig"
    blocker.mkdir()
    (blocker / "keep").write_bytes(b"")
    with pytest.raises(OSError), atomic_write(target, backup_suffix=".orig") as out:
        out.write(b"women")
    assert target.read_bytes() == b"womyn"
    assert _leftovers(tmp_path) == []
