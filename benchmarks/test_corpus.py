"""Self-checks for the benchmark corpus generator (run: pytest benchmarks -q)."""

import os
import re
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus  # noqa: E402
from corpus import CONTEXT_WORDS, ENTRIES, PROTECTED_PHRASES, STANDARD_FORMS, URLS, VOCABULARY, generate  # noqa: E402

# Every variant form the generator writes, as an independent scanner: case-insensitive,
# boundaries like the normalizer's, multiword forms across any whitespace.
_FORMS = sorted({e[0] for e in ENTRIES} | {"womyn", "transwomyn"}, key=len, reverse=True)
SCAN = re.compile(
    r"(?<![\w$@])(?:" + "|".join(r"\s+".join(map(re.escape, f.split())) for f in _FORMS)
    + r")(?![\w$@])", re.IGNORECASE)
# Protected phrases need boundaries too: "the KKKolumbus" holds a variant, not "the KKK".
_PROTECTED_RX = re.compile(r"(?<![\w$@])(?:" + "|".join(
    map(re.escape, sorted(PROTECTED_PHRASES, key=len, reverse=True))) + r")(?![\w$@])")
_URL_RX = re.compile("|".join(map(re.escape, sorted(URLS, key=len, reverse=True))))


def _blank_out(s):
    """Remove protected phrases and URLs (the only places variants may stay)."""
    return _URL_RX.sub(" ", _PROTECTED_RX.sub(" ", s))


@pytest.fixture(scope="module")
def big():
    return generate(400_000, seed=11)


def test_deterministic():
    a = generate(60_000, seed=5)
    b = generate(60_000, seed=5)
    assert a.text == b.text and a.gold == b.gold and a.changes == b.changes
    assert a == b
    assert generate(60_000, seed=6).text != a.text


@pytest.mark.parametrize("size", [4_000, 50_000, 1_000_000])
def test_size_within_5_percent(size):
    c = generate(size, seed=2)
    assert abs(len(c.text.encode("utf-8")) - size) <= 0.05 * size
    assert c.size == len(c.text)


def test_typography_beyond_ascii_changes_nothing_else():
    typeset, plain = generate(300_000, seed=4), generate(300_000, seed=4, typography=False)
    assert plain.text.isascii() and not typeset.text.isascii()
    beyond = [ch for ch in typeset.text if not ch.isascii()]
    assert {"\u2014", "\u201c", "\u201d"} <= set(beyond) and any(ch.isalpha() for ch in beyond)
    # the same variants, standards and kept spans, in the same order; only offsets move
    # (and the typeset text, longer by its dashes and quotes, reaches the size sooner)
    for a, b in ((typeset.changes, plain.changes), (typeset.keep, plain.keep)):
        n = len(a)
        assert len(b) - 5 <= n <= len(b)
        assert [(typeset.text[s:e], x) for s, e, x in a] == [(plain.text[s:e], x) for s, e, x in b[:n]]


def test_empty():
    c = generate(0)
    assert c.text == c.gold == "" and c.expected_changes == 0


def test_gold_differs_exactly_at_changes(big):
    c = big
    assert c.expected_changes == len(c.changes) > 300
    # Rebuild the gold from the recorded spans.
    parts, prev = [], 0
    for s, e, std in c.changes:
        assert prev <= s < e
        parts += [c.text[prev:s], std]
        prev = e
    parts.append(c.text[prev:])
    assert "".join(parts) == c.gold
    # Token view: the gold has the same tokens except inside the spans.
    t, g = c.text.split(), c.gold.split()
    assert len(t) == len(g)
    differing = sum(a != b for a, b in zip(t, g))
    expected = 0
    for s, e, std in c.changes:
        words = c.text[s:e].split()
        assert len(words) == len(std.split())
        n = sum(a != b for a, b in zip(words, std.split()))
        assert n >= 1, (c.text[s:e], std)
        expected += n
    assert differing == expected


def test_scanner_finds_exactly_the_changes(big):
    c = big
    kept = [(s, e) for s, e, k in c.keep if k in ("protected", "url")]
    inside = lambda a, b: any(s <= a and b <= e for s, e in kept)  # noqa: E731
    hits = [(m.start(), m.end()) for m in SCAN.finditer(c.text)
            if not inside(m.start(), m.end())]
    assert hits == [(s, e) for s, e, _ in c.changes]
    assert len(SCAN.findall(_blank_out(c.text))) == c.expected_changes
    assert SCAN.search(_blank_out(c.gold)) is None


def test_case_rules(big):
    c = big
    seen_upper = seen_lower_proper = seen_cap = 0
    for s, e, std in c.changes:
        v = c.text[s:e]
        letters = re.sub(r"[^A-Za-z]", "", v)
        if len(letters) > 1 and letters.isupper() and v not in ("U$", "U$A", "U.$."):
            assert std == std.upper(), (v, std)
            seen_upper += 1
        if v in ("amerikkka", "u.$.", "kkkanada", "united $tates", "amerikan"):
            assert std[0].isupper(), (v, std)
            seen_lower_proper += 1
        if v == "Wimmin" or v == "Humyn" or v == "Persynal":
            assert std[0].isupper()
            seen_cap += 1
        if v in ("wimmin", "humyn", "persyn", "prisonkrats"):
            assert std.islower()
    assert seen_upper and seen_lower_proper and seen_cap


def test_multiword_spans_cross_line_breaks(big):
    c = big
    broken = [(s, e, std) for s, e, std in c.changes if "\n" in c.text[s:e]]
    assert broken
    for _s, _e, std in broken:
        assert " " in std and "\n" not in std


def test_hyphen_and_possessive_forms(big):
    c = big
    text = c.text
    assert any(text[s - 5:s] in ("Euro-", "EURO-") or text[s - 5:s].lower() == "anti-"
               for s, _, _ in c.changes)
    assert any(text[e:e + 2] in ("'s", "'S") for _, e, _ in c.changes)
    assert any(text[e:e + 1] == "-" for _, e, _ in c.changes)


def test_womyn_only_with_number_cues(big):
    c = big
    n = 0
    for s, e, std in c.changes:
        if c.text[s:e].lower() in ("womyn", "transwomyn"):
            n += 1
            before = c.text[max(0, s - 6):s].split()[-1].lower()
            assert before in ("a", "one", "these", "many"), c.text[s - 10:e + 10]
            assert std.lower() in ({"woman"} if before in ("a", "one")
                                   else {"women", "transwomen"})
    assert n


def test_currency_and_protected_occur(big):
    c = big
    assert c.currency_tokens > 50
    assert c.protected_phrases > 10 and c.urls > 0
    url_dollars = sum(c.text[s:e].count("$") for s, e, k in c.keep if k == "url")
    var_dollars = sum(c.text[s:e].count("$") for s, e, _ in c.changes)
    assert c.text.count("$") == c.currency_tokens + url_dollars + var_dollars
    assert c.gold.count("$") == c.currency_tokens + url_dollars
    for s, e, k in c.keep:
        if k == "currency":
            assert re.fullmatch(r"(US)?\$ ?\d.*", c.text[s:e])
    for phrase in PROTECTED_PHRASES:
        assert phrase in c.text and phrase in c.gold
    for text in (c.text, c.gold):
        assert len(_PROTECTED_RX.findall(text)) == c.protected_phrases
        assert len(_URL_RX.findall(text)) == c.urls
    assert {"America", "U.S.", "women", "Israel"} <= set(re.findall(r"[\w.$]+\.?", c.text)) | {
        w for w in STANDARD_FORMS if w in c.text}


def test_vocabulary_has_no_variants():
    assert len(VOCABULARY) >= 2000
    assert all(w.isascii() and w == w.lower() for w in VOCABULARY)
    vocab = set(VOCABULARY)
    for variant, *_ in ENTRIES + [("womyn",), ("transwomyn",)]:
        words = variant.lower().split()
        if len(words) == 1:
            assert not any(words[0] in w for w in VOCABULARY), variant
        else:
            assert not all(w in vocab for w in words), variant
    for w in VOCABULARY + STANDARD_FORMS:
        assert SCAN.search(w) is None, w


def test_lines_wrapped(big):
    lines = big.text.split("\n")
    assert max(map(len, lines)) <= corpus.WRAP_WIDTH
    assert "\n\n" in big.text and big.text.endswith("\n")


def test_density():
    for d in (0.005, 0.01, 0.05):
        c = generate(300_000, seed=3, density=d)
        rate = c.expected_changes / len(c.text.split())
        assert 0.6 * d < rate < 1.5 * d, (d, rate)
    c = generate(100_000, seed=3, density=0)
    assert c.expected_changes == 0 and c.gold == c.text and c.currency_tokens > 0


def test_parse_size():
    assert corpus.parse_size("50MB") == 50_000_000
    assert corpus.parse_size("1MiB") == 1 << 20
    assert corpus.parse_size("1200") == 1200
    assert corpus.parse_size("1.5kb") == 1500


def test_cli(tmp_path, capsys):
    out, gold = tmp_path / "t.txt", tmp_path / "g.txt"
    assert corpus.main(["--size", "20KB", "--seed", "4", "-o", str(out),
                        "--gold", str(gold)]) == 0
    c = generate(20_000, seed=4)
    assert out.read_bytes() == c.text.encode() and gold.read_bytes() == c.gold.encode()
    err = capsys.readouterr().err
    assert f"{c.expected_changes:,} expected changes" in err and err.count("\n") == 1


def test_no_protecting_context_words_in_vocabulary():
    assert not CONTEXT_WORDS & set(VOCABULARY)
    normspell = pytest.importorskip("normspell")
    protects = normspell.load_lexicon("mim").protects
    near = {w for p in protects for w in p.near}
    # Every ASCII word of the lexicon's `near` lists, and of the `document` lists that one
    # word turns on (a page's topic), is known to the generator.
    assert {w for w in near if w.isascii()} <= CONTEXT_WORDS
    topic = {w for p in protects if p.min_document == 1 for w in p.document}
    assert {w for w in topic if w.isascii()} <= CONTEXT_WORDS


def test_mention_phrases_known_to_the_generator():
    normspell = pytest.importorskip("normspell")
    rule = normspell.load_lexicon("mim").mentions
    assert set(getattr(rule, "before", ())) <= set(corpus.MENTION_BEFORE)
    assert set(getattr(rule, "after", ())) <= set(corpus.MENTION_AFTER)
    assert set(getattr(rule, "contrast", ())) <= set(corpus.MENTION_CONTRAST)
    number = normspell.load_lexicon("mim").choice("number")
    assert {w for _c, side, w, _weight in number.cues if side != "pair" and not w.startswith("<")} <= corpus.NUMBER_CUES


def test_no_america_variant_near_kafka(big):
    c = big
    words = [(m.start(), m.group()) for m in re.finditer(r"\S+", c.text)]
    starts = [s for s, _ in words]
    kafka = [i for i, (_, w) in enumerate(words) if w == "Kafka's"]
    assert kafka
    import bisect
    for s, _e, std in c.changes:
        if std.lower().startswith("americ"):
            i = bisect.bisect_right(starts, s) - 1
            assert all(abs(i - k) > 4 + 2 for k in kafka), c.text[s - 80:s + 20]


def test_normspell_reproduces_the_gold():
    # The gold is what the bundled lexicon must produce: any difference is a generator
    # bug (a variant placed where the lexicon protects it) or a normspell bug.
    normspell = pytest.importorskip("normspell")
    for seed in (0, 4):
        c = generate(300_000, seed=seed)
        r = normspell.normalize(c.text)
        assert [(x.start, x.end, x.replacement) for x in r.changes] == list(c.changes)
        assert r.text == c.gold


def test_the_generator_reads_documents_as_normspell_does():
    document = pytest.importorskip("normspell.document")
    assert corpus.DOCUMENT_SAMPLE == document.SAMPLE
    c = corpus.generate(1_000_000, seed=3)
    found = [m.start() for m in re.finditer("Kafka", c.text)]
    assert found and found[0] >= corpus.DOCUMENT_SAMPLE  # none where a text is read for its topic,
    assert all(b - a >= corpus.DOCUMENT_SAMPLE for a, b in zip(found, found[1:]))  # nor two in any file's
