"""Properties over hostile text (hypothesis): nothing raises, nothing outside a change moves.

The texts mix arbitrary Unicode with what breaks naive normalizers: bytes that did not
decode (lone surrogates U+DC80..U+DCFF), combining marks, right-to-left text and
controls, characters whose case mapping changes length (İ, ß, ŉ, ﬁ), very long
tokens and long runs of ``$``, ``.`` and ``k``, glued to variants and currency. The
same texts, as bytes with a BOM and CRLF, go through the CLI engine and
``normspell restore`` and must come back byte for byte.

Runs stay under a thousand characters to keep the suite fast; long glued runs of
variants and tokens longer than the stream's context have their own tests below.
"""

import io
import json
import os
import re
import signal
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from normspell import Normalizer, apply, restore
from normspell.cli._engine import Settings, Task, process
from normspell.cli.restore import restore_file
from normspell.stream import TAIL

N = Normalizer.from_lexicons(["mim"])
VARIANTS = ["womyn", "Womyn", "WIMMIN", "Amerikkka", "ameriKKKa", "Amerika's", "u.$.", "U.$.-backed", "I$rael",
            "united $tates", "united\n$nakes of ameriKKKa", "persynal", "chairpersyn", "Euro-Amerikan", "imperiali$t",
            "squad$", '"womyn"', "spelled \"womyn\"", "New Afrika", "Kafka's Amerika", "http://amerika.org/womyn",
            "@womyn", "#amerikkka", "womyn@example.org"]
CURRENCY = ["$5", "$3-$5", "US$ 300 million", "HK$5", "$1,000.50", "$.99", "$5.-"]
ODD = ["\u0130", "\u0131", "\u00df", "\u1e9e", "\u0149", "\ufb01", "\u03a3", "\u03c2", "\u0301", "\u0308",
       "\u05d0\u05de\u05e8\u05d9\u05e7\u05d4", "\u0623\u0645\u0631\u064a\u0643\u0627", "\u200f", "\u200e", "\u202e",
       "\u2066", "\u200d", "\ufeff", "\u00a0", "\u2028", "\r\n", "\r", "\t", "\x00", "'s", "\u2019s", "-", "\u2014"]
SURROGATE = st.integers(0xDC80, 0xDCFF).map(chr)
RUN = st.tuples(st.sampled_from(["$", ".", "k", "K", "kkk", "$.", "u.$.", "womyn", "a"]),
                st.integers(1, 150)).map(lambda t: t[0] * t[1])
PIECE = st.one_of(st.text(max_size=12), st.sampled_from(VARIANTS), st.sampled_from(ODD), SURROGATE, RUN,
                  st.text(alphabet=st.characters(categories=["Mn", "Me"]), max_size=4),
                  st.text(alphabet=st.characters(min_codepoint=0x590, max_codepoint=0x6FF), max_size=8),
                  st.sampled_from([" ", "  ", "\n", "\n\n"]))
TEXTS = st.lists(PIECE, max_size=40).map("".join)
SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(TEXTS)
def test_normalize_never_raises_is_idempotent_and_keeps_everything_else(text):
    r = N.normalize(text)
    assert N.normalize(r.text).text == r.text
    assert apply(text, r.changes) == r.text
    assert restore(r.text, r.changes) == text
    # Outside the changes the text is identical, and the alignment maps it exactly.
    pos = 0
    for c in (*r.changes, None):
        start = len(text) if c is None else c.start
        at = r.to_normalized(pos)
        assert r.text[at:at + start - pos] == text[pos:start]
        for i in range(pos, start + 1, max(1, (start - pos) // 7)):
            assert r.to_original(r.to_normalized(i)) == i
        if c is not None:
            assert text[c.start:c.end] == c.original
            new = r.to_normalized(c.start)
            assert r.text[new:new + len(c.replacement)] == c.replacement
            assert r.to_normalized(c.end, side="right") == new + len(c.replacement)
            pos = c.end


@SETTINGS
@given(st.lists(st.one_of(PIECE, st.sampled_from(CURRENCY).map(lambda a: f" {a} ")), max_size=30))
def test_currency_is_never_touched(pieces):
    text = "".join(pieces)
    r = N.normalize(text)
    pos = 0
    for piece in pieces:
        if piece.strip() in CURRENCY:
            span = range(pos + 1, pos + len(piece) - 1)
            assert not any(c.start < span.stop and span.start < c.end for c in r.changes), (piece, r.changes)
        pos += len(piece)


def _short_tokens(text: str) -> bool:
    return max(map(len, re.split(r"[ \n\t\r]", text))) < TAIL


@SETTINGS
@given(TEXTS.filter(_short_tokens), st.integers(1, 64), st.randoms(use_true_random=False))
def test_streaming_in_any_pieces_equals_the_whole_text(text, size, rnd):
    cuts = sorted(rnd.sample(range(1, len(text)), min(size, max(len(text) - 1, 0)))) if len(text) > 1 else []
    chunks = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]
    pieces = list(N.normalize_stream(chunks))
    assert "".join(p.text for p in pieces) == N.normalize(text).text
    assert "".join(p.source for p in pieces) == text


_FOLDER = tempfile.TemporaryDirectory(prefix="normspell-props-")  # removed when the tests end


def _file(name: str, data: bytes) -> str:
    path = os.path.join(_FOLDER.name, name)
    with open(path, "wb") as fh:
        fh.write(data)
    return path


def test_streaming_equals_the_whole_text_after_a_very_long_token():
    text = "a" * 1000 + "womyn"
    assert N.normalize(text).text.endswith("women")
    assert "".join(p.text for p in N.normalize_stream([text[i:i + 100] for i in range(0, 1005, 100)])) == \
        N.normalize(text).text


@pytest.mark.parametrize("unit", ["womyn", "womyn\u0301", "$nake$"])
def test_a_long_token_of_glued_variants_takes_linear_time(unit):
    signal.signal(signal.SIGALRM, _timeout)
    signal.setitimer(signal.ITIMER_REAL, 2.0)  # linear work would take ~0.2 s
    try:
        N.normalize(unit * (200_000 // len(unit)))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _timeout(_signum, _frame):
    raise TimeoutError("normalize took over 2 s")


def _restored(data: bytes, fmt: str, chunk: int, encoding: str = "utf-8") -> bytes:
    """``data`` through the CLI engine (normalize --changes) and back through restore."""
    out, rec = io.BytesIO(), io.BytesIO()
    s = Settings("normalize", "plain", "json", encoding, "text", chunk, restorable=True)
    report = process(Task(_file("input", data), fmt), N, s, out, rec)
    assert report.status == "ok", report.message
    records = [json.loads(line) for line in rec.getvalue().splitlines()]
    back = io.BytesIO()
    restore_file(_file("normalized", out.getvalue()), iter(records), back, "<test>")
    return back.getvalue()


def _bytes(text: str, bom: bool, crlf: bool) -> bytes:
    data = text.replace("\n", "\r\n") if crlf else text
    return (b"\xef\xbb\xbf" if bom else b"") + data.encode("utf-8", "surrogateescape")


@SETTINGS
@given(TEXTS.filter(lambda t: "\x00" not in t), st.booleans(), st.booleans(), st.integers(1, 300))
def test_text_files_round_trip_through_normalize_and_restore(text, bom, crlf, chunk):
    data = _bytes(text, bom, crlf)
    assert _restored(data, "text", chunk) == data


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(TEXTS.filter(lambda t: "\x00" not in t), st.booleans()), max_size=6), st.booleans())
def test_jsonl_files_round_trip(records, bom):
    lines = [json.dumps({"id": i, "text": t, "n": 1.50}, ensure_ascii=ascii) for i, (t, ascii) in enumerate(records)]
    data = _bytes("\n".join(lines), bom, False)
    assert _restored(data, "jsonl", 97) == data


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(TEXTS, st.sampled_from(["<p>", "</p>", '<a title="womyn">', "<!-- womyn -->",
                                                  "<script>u.$.</script>", "&amp;", "&lt;", "<br/>", "<", ">",
                                                  "I&#36;rael", "&quot;", "&nbsp;", "&#x24", "&NotEqualTilde;"])),
                max_size=12).map("".join).filter(lambda t: "\x00" not in t))
def test_html_files_round_trip(html):
    data = html.encode("utf-8", "surrogateescape")
    assert _restored(data, "html", 1 << 20) == data
