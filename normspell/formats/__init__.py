"""Input and output formats: byte-exact decoding, atomic writes, HTML and JSON Lines."""

from normspell.formats.atomic import atomic_write
from normspell.formats.html import text_spans, transform_html
from normspell.formats.jsonl import (
    decode_string_literal,
    literal_offsets,
    string_field_span,
    transform_jsonl_line,
)
from normspell.formats.references import (
    ReferenceOffsets,
    changes_in_markup,
    decode_references,
    detect_in_markup,
    page_document,
)
from normspell.formats.textio import (
    AUTO,
    ChunkReader,
    Decoded,
    check_encoding,
    decode,
    encode,
    is_binary,
    is_wide,
    iter_decoded_chunks,
    split_lines,
)

__all__ = [
    "AUTO",
    "ChunkReader",
    "ReferenceOffsets",
    "Decoded",
    "atomic_write",
    "check_encoding",
    "changes_in_markup",
    "decode",
    "decode_references",
    "decode_string_literal",
    "detect_in_markup",
    "page_document",
    "encode",
    "is_binary",
    "is_wide",
    "iter_decoded_chunks",
    "literal_offsets",
    "split_lines",
    "string_field_span",
    "text_spans",
    "transform_html",
    "transform_jsonl_line",
]
