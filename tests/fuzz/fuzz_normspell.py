"""Fuzz normspell with atheris (libFuzzer): normalize, the lexicon loader, the HTML and JSONL readers.

The first byte of an input picks the target, the rest is its data:

- ``normalize``: the bytes decoded as a file would be (UTF-8, surrogateescape);
  nothing may raise; the changes replay and undo exactly and normalizing is idempotent.
- ``lexicon``: ``parse_lexicon`` on the bytes; only ``LexiconFormatError`` may escape.
  A lexicon that loads is compiled and run on a sample text (``PatternTimeoutError``
  is the one error a pattern rule may raise there).
- ``html`` / ``jsonl``: the format layer's invariants, then the CLI engine writes the
  file with its ``--changes`` records and ``normspell restore`` must give the bytes back.

Run it (``pip install atheris``) from the repository root::

    mkdir -p fuzz-corpus && python tests/fuzz/fuzz_normspell.py -max_total_time=3600 -timeout=20 fuzz-corpus

An empty corpus folder is first filled with :func:`seeds`; it keeps what libFuzzer
found interesting between runs. A crash is written
to ``crash-<sha1>``; replay one with ``python tests/fuzz/fuzz_normspell.py crash-<sha1>``.
A core bug already pinned by a strict xfail test is tolerated unless ``NORMSPELL_FUZZ_STRICT=1``,
so a run keeps looking for new ones. The same :func:`TestOneInput` runs under
hypothesis in ``tests/test_reliability_fuzz.py`` when atheris is not installed.
"""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile

TARGETS = ("normalize", "lexicon", "html", "jsonl")
SAMPLE = 'The womyn of Amerikkka, "womyn" spelled so, u.$. $5 I$rael united\n$tates imperiali$t New Afrika'
_state: dict = {}


def _setup() -> dict:
    """Import normspell (instrumented under atheris) and build what every input reuses."""
    if not _state:
        import normspell
        from normspell.cli._engine import Settings, Task, process
        from normspell.cli.restore import restore_file
        from normspell.formats import string_field_span, text_spans, transform_html, transform_jsonl_line
        from normspell.lexicon_file import parse_lexicon

        _state.update(
            normspell=normspell, normalizer=normspell.Normalizer.from_lexicons(["mim"]),
            Settings=Settings, Task=Task, process=process, restore_file=restore_file,
            string_field_span=string_field_span, text_spans=text_spans, transform_html=transform_html,
            transform_jsonl_line=transform_jsonl_line, parse_lexicon=parse_lexicon,
            folder=tempfile.mkdtemp(prefix="normspell-fuzz-"),
            strict=os.environ.get("NORMSPELL_FUZZ_STRICT") == "1")
    return _state


def fuzz_normalize(data: bytes) -> None:
    s = _setup()
    n, text = s["normalizer"], data.decode("utf-8", "surrogateescape")
    r = n.normalize(text)
    assert s["normspell"].apply(text, r.changes) == r.text
    assert s["normspell"].restore(r.text, r.changes) == text
    assert n.normalize(r.text).text == r.text, "normalizing twice changed the text again"
    assert all(text[c.start:c.end] == c.original for c in (*r.changes, *r.mentions))


def _known_loader_bug(exc: BaseException) -> bool:
    # Every loader bug fuzzing and the tests found is fixed: any exception fails the run.
    return False


def fuzz_lexicon(data: bytes) -> None:
    s = _setup()
    ns = s["normspell"]
    try:
        lexicon = s["parse_lexicon"](data, "fuzz.toml")
        normalizer = ns.Normalizer(lexicon)
    except ns.LexiconFormatError:
        return
    except Exception as exc:
        if s["strict"] or not _known_loader_bug(exc):
            raise
        return
    try:
        r = normalizer.normalize(SAMPLE)
    except ns.PatternTimeoutError:
        return
    assert ns.restore(r.text, r.changes) == SAMPLE


def _round_trip(data: bytes, fmt: str) -> None:
    """The CLI engine writes ``data`` normalized with records; restore must give ``data`` back."""
    s = _setup()
    path = os.path.join(s["folder"], "input")
    with open(path, "wb") as fh:
        fh.write(data)
    out, rec = io.BytesIO(), io.BytesIO()
    settings = s["Settings"]("normalize", "plain", "json", "utf-8", "text", 64, restorable=True)
    report = s["process"](s["Task"](path, fmt), s["normalizer"], settings, out, rec)
    if report.status != "ok":
        assert report.message, "a failed file must say why"
        assert rec.getvalue() == b"", "a failed file must leave no records"
        return
    norm = os.path.join(s["folder"], "normalized")
    with open(norm, "wb") as fh:
        fh.write(out.getvalue())
    back = io.BytesIO()
    records = (json.loads(line) for line in rec.getvalue().splitlines())
    s["restore_file"](norm, records, back, "fuzz")
    assert back.getvalue() == data, "restore did not give the input back"


def fuzz_html(data: bytes) -> None:
    s = _setup()
    html = data.decode("utf-8", "surrogateescape")
    spans = s["text_spans"](html)
    assert all(0 <= a < b <= len(html) for a, b in spans)
    assert all(b1 <= a2 for (_a1, b1), (a2, _b2) in zip(spans, spans[1:]))
    assert s["transform_html"](html, lambda t: t) == html
    _round_trip(data, "html")


def fuzz_jsonl(data: bytes) -> None:
    s = _setup()
    from normspell.errors import InputFormatError

    for lineno, line in enumerate(data.decode("utf-8", "surrogateescape").splitlines(keepends=True), 1):
        try:
            s["string_field_span"](line, "text", lineno=lineno)
            assert s["transform_jsonl_line"](line, "text", lambda v: v, lineno=lineno) == line
        except InputFormatError:
            pass
    _round_trip(data, "jsonl")


_FUZZERS = (fuzz_normalize, fuzz_lexicon, fuzz_html, fuzz_jsonl)


def TestOneInput(data: bytes) -> None:  # noqa: N802 - the name atheris and libFuzzer expect
    """Run the target the first byte picks on the rest of ``data``."""
    if data:
        _FUZZERS[data[0] % len(_FUZZERS)](data[1:])


def seeds() -> dict[str, bytes]:
    """Starting inputs for every target: a variant-rich text, a lexicon with a rule, HTML, JSONL."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    lexicon = (root / "lexicons" / "mim.toml").read_bytes()
    return {
        "normalize": b"\x00" + SAMPLE.encode() + b" \xff\xfe caf\xc3\xa9 \xc4\xb0 stra\xc3\x9fe womyn\xcc\x81",
        "lexicon-mim": b"\x01" + lexicon[:6000],
        "lexicon-rule": b"\x01" + b'format = 1\n[[entry]]\nvariants = ["folx"]\nstandard = "folks"\ncategory = "c"\n'
                        b'[[rule]]\nid = "r"\nanchor = "$"\npattern = \'[a-z]+\\$[a-z]+\'\nsubstitute = { "$" = "s" }\n'
                        b'category = "d"\n[[protect]]\nphrase = "New Afrika"\n',
        "html": b"\x02" + b'<!DOCTYPE html><p class="womyn">womyn &amp; Amerika</p><script>"u.$."</script>'
                b"<!-- I$rael --><textarea>womyn</textarea><title>Amerika",
        "jsonl": b"\x03" + b'{"id": 1, "text": "w\\u006fmyn \\u00e9 Amerika\\nunited\\n$tates"}\r\n\n{"text": 5}\n'
                 b'{"text": "\\ud83d\\ude00 I$rael"}\n[1]\n{"text": "\xff womyn"}',
    }


def main() -> None:
    import atheris

    for arg in sys.argv[1:]:  # an empty corpus folder starts from the seeds
        if not arg.startswith("-") and os.path.isdir(arg) and not os.listdir(arg):
            for name, data in seeds().items():
                with open(os.path.join(arg, f"seed-{name}"), "wb") as fh:
                    fh.write(data)
    with atheris.instrument_imports(include=["normspell"]):
        _setup()
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
