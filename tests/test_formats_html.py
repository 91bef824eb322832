import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normspell.formats.html import text_spans, transform_html


def texts(html):
    return [html[s:e] for s, e in text_spans(html)]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("plain womyn", ["plain womyn"]),
        ("", []),
        ("<p>womyn</p>", ["womyn"]),
        ('<a href="x>womyn">men</a>', ["men"]),
        ("<a title='a > b' data-x=y>t</a>", ["t"]),
        ("<a x=>t</a>", ["t"]),
        ("<img src=a.png alt=womyn>after", ["after"]),
        ("<br/>a<br />b", ["a", "b"]),
        ("a<!-- womyn -->b", ["a", "b"]),
        ("a<!-- x -- y --!>b", ["a", "b"]),
        ("a<!-->b<!--->c", ["a", "b", "c"]),
        ("<!DOCTYPE html>\n<html>x", ["\n", "x"]),
        ("a<![CDATA[ womyn > ]]>b", ["a", "b"]),
        ('<?xml version="1.0"?>a', ["a"]),
        ("a</>b", ["a", "b"]),
        ("a</ womyn>b", ["a", "b"]),
        ("<script>if (a<b) womyn()</script>x", ["x"]),
        ("<SCRIPT type=x>a</script >b", ["b"]),
        ("<script>a</scripts>b</script>c", ["c"]),
        ("<style>p{}</style>s", ["s"]),
        ("<textarea><b>womyn</b></textarea>x", ["<b>womyn</b>", "x"]),
        ("<title>a &amp; b</TITLE>", ["a &amp; b"]),
        ("1 < 2 and 3 <4 <", ["1 < 2 and 3 <4 <"]),
        ("a <3 b </", ["a <3 b </"]),
        ("&lt;womyn&gt; &#x41;", ["&lt;womyn&gt; &#x41;"]),
        ("<plaintext><b>x</b>", ["<b>x</b>"]),
        ("<p\nclass=a\n>x", ["x"]),
        ('<p a="1"b="2">x', ["x"]),
    ],
)
def test_text_spans(html, expected):
    assert texts(html) == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("a<p class=", ["a"]),
        ('a<p title="never closed>b', ["a"]),
        ("a<!-- never closed", ["a"]),
        ("a<![CDATA[ never closed", ["a"]),
        ("a<!DOCTYPE", ["a"]),
        ("a<script>never closed", ["a"]),
        ("a<script>x</script", ["a"]),
        ("a<textarea>never closed", ["a", "never closed"]),
        ("a<b", ["a"]),
    ],
)
def test_unterminated_markup_takes_the_rest(html, expected):
    assert texts(html) == expected


def test_spans_are_offsets_into_the_input():
    html = '<p id="1">Amerikkka</p>\n<p>u.$.</p>'
    assert text_spans(html) == [(10, 19), (23, 24), (27, 31)]


def test_transform_only_touches_text():
    html = '<p title="womyn">womyn<!-- womyn --></p><script>womyn</script>womyn &amp;'
    out = transform_html(html, lambda s: s.replace("womyn", "women"))
    assert (
        out
        == '<p title="womyn">women<!-- womyn --></p><script>womyn</script>women &amp;'
    )


def test_transform_may_change_length():
    assert (
        transform_html("<b>u.$.</b>!", lambda s: s.replace("u.$.", "U.S.A."))
        == "<b>U.S.A.</b>!"
    )


def test_transform_is_called_once_per_span():
    seen = []
    transform_html("a<b>c</b>d", lambda s: seen.append(s) or s)
    assert seen == ["a", "c", "d"]


# Pieces that are text wherever they stand, and pieces that are markup.
TEXT_PIECES = [
    "womyn",
    " ",
    "\n",
    "&amp;",
    "a < b",
    ">",
    "'",
    '"',
    "=",
    "é😀",
    "-->",
    "]]>",
]
MARKUP_PIECES = [
    "<p>",
    "</p>",
    "<a href=\"x>y\" title='<b>'>",
    "<br/>",
    "<img src=a alt=womyn>",
    "<!-- <p>womyn -->",
    "<!DOCTYPE html>",
    "<![CDATA[<p>]]>",
    "<?php echo 1 ?>",
    "<script>if (a<b) {x('</p>')}</script>",
    "<style>a>b{}</style >",
    "</>",
]
labelled = st.lists(
    st.tuples(st.sampled_from(TEXT_PIECES), st.just(True))
    | st.tuples(st.sampled_from(MARKUP_PIECES), st.just(False))
)


@given(labelled)
def test_spans_cover_exactly_the_text_pieces(pieces):
    html = "".join(p for p, _ in pieces)
    expected = [is_text for piece, is_text in pieces for _ in piece]
    covered = [False] * len(html)
    for start, end in text_spans(html):
        covered[start:end] = [True] * (end - start)
    assert covered == expected


ANY_HTML = (
    st.lists(
        st.sampled_from(
            [
                *TEXT_PIECES,
                *MARKUP_PIECES,
                "<",
                "</",
                "<!",
                "<!--",
                "<script>",
                "</script",
                '"',
                "'",
                "a",
                "b",
            ]
        )
    ).map("".join)
    | st.text()
)


@given(ANY_HTML)
def test_spans_are_sorted_disjoint_and_in_bounds(html):
    spans = text_spans(html)
    assert all(0 <= s < e <= len(html) for s, e in spans)
    assert all(e1 < s2 for (_, e1), (s2, _) in itertools.pairwise(spans))


@given(ANY_HTML)
def test_identity_transform_returns_input(html):
    assert transform_html(html, lambda s: s) == html


@given(ANY_HTML)
def test_upper_changes_nothing_outside_spans(html):
    # Map one char to one char so positions line up between input and output.
    out = transform_html(html, lambda s: s.translate({ord("a"): "A", ord("b"): "B"}))
    assert len(out) == len(html)
    inside = set()
    for start, end in text_spans(html):
        inside.update(range(start, end))
    for i, (before, after) in enumerate(zip(html, out)):
        if i not in inside:
            assert before == after
        elif before in "ab":
            assert after == before.upper()


@given(
    st.lists(st.sampled_from(["<", "<!--", "<script>", "<p a='", "x", ">", "-->"])).map(
        "".join
    )
)
def test_broken_markup_never_raises(html):
    assert transform_html(html, str.upper).lower() == html.lower()

