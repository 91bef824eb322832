"""HTML character references: the text a browser shows, and where each character came from."""

import html as std_html
import io
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normspell.alignment import Change
from normspell.batch import FileOptions, convert_stream
from normspell.formats.references import changes_in_markup, decode_references


@pytest.mark.parametrize(
    ("raw", "decoded"),
    [
        ("I&#36;rael", "I$rael"),
        ("I&#36rael", "I$rael"),  # a numeric reference needs no semicolon
        ("u.&#x24;.", "u.$."),
        ("&ldquo;womyn&rdquo; &quot;Amerika&quot; &#39;x&#8217;", "\u201cwomyn\u201d \"Amerika\" 'x\u2019"),
        ("united&nbsp;$nakes", "united\u00a0$nakes"),
        ("AT&amp;T &lt;b&gt;", "AT&T <b>"),
        ("&bogus; &amp &copy2 & alone", "&bogus; &amp &copy2 & alone"),  # unknown or unterminated names stay
        ("&#128;", "\u20ac"),  # as HTML reads the C1 range (windows-1252)
    ],
)
def test_decode_references(raw, decoded):
    text, offsets = decode_references(raw)
    assert text == decoded
    if raw == decoded:
        assert offsets is None
    else:
        assert len(offsets) == len(text) + 1 and offsets[0] == 0 and offsets[-1] == len(raw)


@given(st.lists(st.one_of(st.text(alphabet="ab $&;#x0123456789"), st.sampled_from(
    ["&#36;", "&#x24", "&amp;", "&quot;", "&nbsp;", "&NotEqualTilde;", "&bogus;", "&#0;", "&#99999999;"])))
    .map("".join))
def test_reference_offsets_point_at_what_each_character_was_read_from(raw):
    text, offsets = decode_references(raw)
    if offsets is None:
        assert text == raw
        return
    assert list(offsets) == sorted(offsets) and offsets[0] == 0 and offsets[-1] == len(raw)
    # the characters read from one place are what the markup from there to the next place says
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and offsets[j] == offsets[i]:
            j += 1
        assert std_html.unescape(raw[offsets[i]:offsets[j]]) == text[i:j]
        i = j


def test_changes_map_back_onto_the_markup_and_never_split_a_reference():
    def change(s, e, text):
        return Change(s, e, text[s:e], "X", "X", "c", "r", 1.0, "")
    raw = "a &NotEqualTilde; I&#36;rael"
    text, offsets = decode_references(raw)  # '\u2242\u0338' stands for one reference
    i = text.index("I$rael")
    inside = change(text.index("\u0338"), text.index("\u0338") + 1, text)
    whole = change(text.index("\u2242"), text.index("\u2242") + 2, text)
    mapped = changes_in_markup(raw, offsets, [inside, whole, change(i, i + 6, text)])
    assert [(c.start, c.end, c.original) for c in mapped] == [(2, 17, "&NotEqualTilde;"), (18, 28, "I&#36;rael")]


def test_offsets_are_kept_per_reference_and_read_like_a_list():
    raw = "x" * 100_000 + "&#36;" + "y" * 100_000
    text, offsets = decode_references(raw)
    assert text == "x" * 100_000 + "$" + "y" * 100_000
    assert len(offsets) == len(text) + 1 and offsets[-1] == len(raw) and offsets[-2] == len(raw) - 1
    assert offsets[99_999:100_003] == [99_999, 100_000, 100_005, 100_006]
    assert offsets[100_000] == 100_000 and offsets[100_001] == 100_005
    assert len(offsets._decoded) == 1  # one reference, one entry: not one per character
    with pytest.raises(IndexError):
        offsets[len(text) + 1]


def _as_html(s: str) -> str:
    s = std_html.escape(s, quote=False).replace("$", "&#36;").replace("\u2014", "&mdash;")
    s = re.sub(r'(^|[\s(\[])"', lambda m: m.group(1) + "&ldquo;", s).replace('"', "&rdquo;")
    return "<p>" + re.sub(r"(^|[\s(\[])'", lambda m: m.group(1) + "&lsquo;", s).replace("'", "&#39;") + "</p>"


CASES = json.loads((Path(__file__).parent / "cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_every_case_reads_the_same_written_with_character_references(case):
    # What a browser shows of the output is the expected text, whatever was written as a reference.
    out = io.BytesIO()
    convert_stream(io.BytesIO(_as_html(case["original"]).encode()), out, "page.html", options=FileOptions(fmt="html"))
    assert std_html.unescape(out.getvalue().decode()) == std_html.unescape(_as_html(case["expected"]))
