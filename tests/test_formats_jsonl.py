import itertools
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normspell.errors import InputFormatError
from normspell.formats.jsonl import (
    decode_string_literal,
    literal_offsets,
    string_field_span,
    transform_jsonl_line,
)


def fix(s):
    return s.replace("womyn", "women")


def test_span_is_the_raw_literal_with_quotes():
    line = '{"id": 1, "text": "wom\\u0079n"}\n'
    start, end = string_field_span(line, "text")
    assert line[start:end] == '"wom\\u0079n"'


@pytest.mark.parametrize(
    "line",
    [
        '{"id": 1}',
        '{"text": 5}',
        '{"text": null}',
        '{"text": ["womyn"]}',
        '{"meta": {"text": "womyn"}}',
        '{"Text": "womyn"}',
        "",
        "   \r\n",
    ],
)
def test_no_span_for_missing_or_non_string(line):
    assert string_field_span(line, "text") is None


def test_escaped_key_matches():
    line = '{"t\\u0065xt": "womyn"}'
    assert string_field_span(line, "text") == (14, 21)


def test_duplicate_key_last_one_wins_like_json_loads():
    line = '{"text": "womyn", "text": "womyn too"}'
    assert (
        transform_jsonl_line(line, "text", fix)
        == '{"text": "womyn", "text": "women too"}'
    )
    assert string_field_span('{"text": "a", "text": 1}', "text") is None


def test_same_text_in_other_fields_is_untouched():
    line = '{"title":"womyn","text" :  "womyn",   "n":1.50e0,"x":"\\u00e9"}\r\n'
    out = transform_jsonl_line(line, "text", fix)
    assert out == '{"title":"womyn","text" :  "women",   "n":1.50e0,"x":"\\u00e9"}\r\n'


def test_key_containing_the_field_text_inside_a_value_is_not_matched():
    line = '{"note": "\\"text\\": \\"womyn\\"", "text": "ok"}'
    start, end = string_field_span(line, "text")
    assert line[start:end] == '"ok"'


def test_escapes_in_unchanged_parts_of_the_value_are_kept():
    line = '{"text": "caf\\u00e9 womyn \\/ \\"q\\""}'
    assert (
        transform_jsonl_line(line, "text", fix)
        == '{"text": "caf\\u00e9 women \\/ \\"q\\""}'
    )


def test_changed_part_is_encoded_like_json_dumps_without_ascii():
    out = transform_jsonl_line('{"text": "x"}', "text", lambda s: 'é "quoted"\n\\')
    assert out == '{"text": "é \\"quoted\\"\\n\\\\"}'
    assert json.loads(out)["text"] == 'é "quoted"\n\\'


def test_unchanged_value_returns_the_line_itself():
    line = '{"text": "\\ud800 lone surrogate"}\n'
    assert transform_jsonl_line(line, "text", lambda s: s) is line


def test_lone_surrogate_from_an_escape_is_written_back_escaped():
    line = '{"text": "\\ud800 womyn"}'
    out = transform_jsonl_line(line, "text", lambda s: s.replace(" womyn", "X"))
    assert out == '{"text": "\\ud800X"}'
    out = transform_jsonl_line(line, "text", lambda s: "\ud800" + s)
    assert out.encode("utf-8", "surrogateescape")  # still writable
    assert json.loads(out)["text"] == "\ud800\ud800 womyn"


def test_undecodable_bytes_inside_the_value_survive():
    line = '{"text": "\udcff womyn"}\n'
    out = transform_jsonl_line(line, "text", fix)
    assert out.encode("utf-8", "surrogateescape") == b'{"text": "\xff women"}\n'


def test_blank_lines_pass_through():
    for line in ["", "\n", "  \r\n"]:
        assert transform_jsonl_line(line, "text", str.upper) is line


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('["womyn"]\n', "found a JSON list"),
        ('"womyn"', "found a JSON str"),
        ("womyn", "Expecting value at column 1"),
        ('{"text": "womyn"', "Expecting ',' delimiter at column 17"),
        ('{"text": "womyn"} x', "Extra data at column 19"),
        ("[" * 100_000, "nested too deeply"),
    ],
)
def test_not_an_object_names_place_reason_and_fix(line, reason):
    with pytest.raises(InputFormatError) as info:
        transform_jsonl_line(line, "text", str.upper, where="a.jsonl", lineno=12)
    assert (
        str(info.value)
        == f"a.jsonl:12: not a JSON object: {reason}; fix the line or use --format text"
    )
    assert isinstance(info.value, ValueError)


def test_default_place_is_stdin_line_1():
    with pytest.raises(InputFormatError, match=r"^<stdin>:1: not a JSON object"):
        string_field_span("nope", "text")


def test_literal_offsets_map_escapes():
    raw = '"a\\u00e9\\"\\ud83d\\ude00b"'
    assert decode_string_literal(raw) == 'aé"😀b'
    assert literal_offsets(raw) == [1, 2, 8, 10, 22, 23]


def test_offsets_map_a_change_back_to_the_line():
    line = '{"n": 0, "text": "\\u00e9 womyn!"}'
    start, end = string_field_span(line, "text")
    value = decode_string_literal(line[start:end])
    offs = literal_offsets(line[start:end])
    s = value.index("womyn")
    e = s + len("womyn")
    assert line[start + offs[s] : start + offs[e]] == "womyn"


@pytest.mark.parametrize(
    "raw",
    ["", '"', "'a'", '"a', '"a"b"', '"\\"', '"\\x41"', '"\\u12"', '"\\u0x12"', '"\t"'],
)
def test_decode_string_literal_rejects_non_literals(raw):
    with pytest.raises(ValueError):
        decode_string_literal(raw)


json_text = st.text(st.characters(exclude_categories=["Cs"]))


@given(json_text, st.booleans())
def test_literal_decoding_matches_json_loads(value, ascii_only):
    raw = json.dumps(value, ensure_ascii=ascii_only)
    assert decode_string_literal(raw) == value
    offs = literal_offsets(raw)
    assert len(offs) == len(value) + 1
    assert offs[0] == 1
    assert offs[-1] == len(raw) - 1
    assert offs == sorted(set(offs))
    # Each decoded char comes from exactly the raw stretch between its offsets.
    assert all(
        json.loads(f'"{raw[a:b]}"') == value[i]
        for i, (a, b) in enumerate(itertools.pairwise(offs))
    )


@given(
    st.dictionaries(
        st.text(max_size=5), st.integers() | json_text | st.none(), max_size=5
    ),
    json_text,
    json_text,
    st.booleans(),
    st.sampled_from(["", "\n", "\r\n"]),
)
def test_splice_changes_only_the_field(others, value, new_value, ascii_only, ending):
    record = {k: v for k, v in others.items() if k != "text"}
    record["text"] = value
    line = (
        json.dumps(
            record, ensure_ascii=ascii_only, indent=None, separators=(", ", ": ")
        )
        + ending
    )
    start, end = string_field_span(line, "text")
    out = transform_jsonl_line(line, "text", lambda s: new_value)
    assert json.loads(out) == {**record, "text": new_value}
    # Everything before the literal is identical, and so is everything after it.
    new_end = len(out) - (len(line) - end)
    assert out[:start] == line[:start]
    assert out[new_end:] == line[end:]
    assert out.endswith(ending)


@given(json_text.filter(lambda t: "womyn" not in t), json_text, json_text)
def test_splice_keeps_unchanged_prefix_and_suffix_escapes(head, middle, tail):
    raw_value = (
        json.dumps(head, ensure_ascii=True)[1:-1]
        + "womyn"
        + json.dumps(tail, ensure_ascii=True)[1:-1]
    )
    line = '{"text": "' + raw_value + '"}'
    out = transform_jsonl_line(line, "text", lambda s: s.replace("womyn", middle, 1))
    assert json.loads(out)["text"] == json.loads(line)["text"].replace(
        "womyn", middle, 1
    )
    assert out.startswith('{"text": "' + json.dumps(head, ensure_ascii=True)[1:-1])
    assert out.endswith(json.dumps(tail, ensure_ascii=True)[1:-1] + '"}')


@pytest.mark.parametrize(
    ("line", "new", "expected"),
    [
        ('{"text":"aaaa"}', "aa", '{"text":"aa"}'),
        ('{"text":"\\u0061aaa"}', "aa", '{"text":"\\u0061a"}'),
        ('{"text":"ab"}', "aXb", '{"text":"aXb"}'),
        ('{"text":"a\\nb"}', "a\nb\n", '{"text":"a\\nb\\n"}'),
        ('{"text":"womyn"}', "", '{"text":""}'),
    ],
)
def test_splice_of_overlapping_prefix_and_suffix(line, new, expected):
    assert transform_jsonl_line(line, "text", lambda s: new) == expected


@pytest.mark.parametrize("escaped", [False, True])
def test_long_values_keep_bytes_across_comparison_blocks(escaped):
    head = ("\\u00e9" if escaped else "é") * 5000 + "x" * 4093
    tail = "y" * 4099 + ("\\/" if escaped else "/") * 5000
    line = '{"text": "' + head + " womyn " + tail + '", "n": 1}\n'
    out = transform_jsonl_line(line, "text", fix)
    assert out == '{"text": "' + head + " women " + tail + '", "n": 1}\n'


def test_escape_between_two_changes_is_kept_as_written():
    import normspell

    line = '{"text": "I$rael caf\\u00e9 womyn", "n": 1}\n'
    out = transform_jsonl_line(line, "text", lambda v: normspell.normalize(v).text)
    assert out == '{"text": "Israel caf\\u00e9 women", "n": 1}\n'
