"""The anchor prefilter finds exactly what a full scan finds, in linear time."""

import random
import time

import pytest

from normspell import Normalizer
from normspell.expression import _anchor
from normspell.lexicon import load_lexicon
from normspell.matcher import Matcher

PIECES = ["womyn", "Amerikkka", "u.$.", "I$rael/Amerika", "united\n\n$tates", "$5", "persynal",
          "the", "of", "New Afrikan", "Maoist Internationalist Party - Amerika", "Kafka",
          "spell", '"womyn"', "chairpersyn", "U.$.-backed", "kkkanada", "a", "are", "\u0130",
          "www.x.org/kanada", "Koncentration\nKamps", "é", "'s", "-", "—", "\u212a", "\u017f",
          "amer\u0130kkka", "\u212aanada", "wimmin\u017f", "_", "__", "#_", "x_"]


@pytest.fixture(scope="module")
def normalizer():
    return Normalizer.from_lexicons(["mim"])


@pytest.mark.parametrize("pieces", [PIECES, [p for p in PIECES if p.isascii()]], ids=["any", "ascii"])
def test_prefilter_equals_full_scan_on_random_archive_text(normalizer, pieces):
    # (ASCII texts take other expressions: see expression._WIDER)
    rng = random.Random(7)
    for _ in range(300):
        text = "".join(rng.choice(pieces) + rng.choice([" ", "  ", "\n", "", ",", ". "])
                       for _ in range(rng.randint(1, 40)))
        assert normalizer.detect(text) == normalizer._detect_reference(text), text


def test_anchor_is_inside_every_form():
    for entry in load_lexicon("mim").entries:
        for variant in entry.variants:
            for _choice, std in entry.standards:
                assert _anchor(variant, std) in variant.lower()


def test_scan_is_linear_on_text_without_whitespace():
    m = Matcher(load_lexicon("mim"))
    small, big = "$" * 20_000, "$" * 200_000
    t0 = time.perf_counter()
    m.find(small)
    t1 = time.perf_counter()
    m.find(big)
    t2 = time.perf_counter()
    # 10x the input must not cost anywhere near 100x (quadratic); generous for noisy machines
    assert (t2 - t1) < 40 * max(t1 - t0, 1e-3)


def test_multiword_form_is_read_back_from_its_anchor_over_words():
    m = Matcher(load_lexicon("mim"))
    hits = m.find("x y united\n   $tates z")
    assert [(h.start, h.end) for h in hits] == [(4, 20)]


@pytest.mark.parametrize("ascii_only", [True, False], ids=["ascii", "any"])
def test_every_multiword_form_is_found_as_a_full_scan_finds_it(normalizer, ascii_only):
    # Multiword forms are read from their anchors (one zero-width group per place the
    # anchor stands in a form): each listed one, in any casing and spacing, beside,
    # inside and overlapping others, glued to letters, must come out as the full scan has it.
    rng = random.Random(11)
    forms = sorted(normalizer._matcher._multi)
    assert len(forms) >= 5
    glue = ["", " ", "  ", "\n", "\t", "-", "'s ", "s ", "x", "$", ", ", '"', "(", ". ", "_", "_ ", " _"]
    others = [p for p in PIECES if p.isascii() or not ascii_only]

    def spaced(form: str) -> str:
        words = [w if rng.random() < 0.5 else rng.choice([w.upper(), w.title(), w.swapcase()]) for w in form.split()]
        return "".join(w + rng.choice([" ", "  ", "\n", " \n  ", "\t"]) for w in words[:-1]) + words[-1]

    checked = 0
    for _ in range(400):
        parts = [spaced(rng.choice(forms)) if rng.random() < 0.6 else rng.choice(others)
                 for _ in range(rng.randint(1, 8))]
        text = "".join(p + rng.choice(glue) for p in parts)
        if ascii_only:
            text = text.encode("ascii", "ignore").decode()
        assert normalizer.detect(text) == normalizer._detect_reference(text), text
        checked += any(" " in c.original or "\n" in c.original for c in normalizer.detect(text))
    assert checked > 100  # the texts did hold multiword variants


def test_protected_phrases_in_any_spacing_casing_and_dash_protect_as_a_full_scan_does(normalizer):
    # A form inside a protected phrase is tested from its neighbouring characters first
    # (Form.gate) and the phrase searched only as far as it can reach: every phrase of
    # the lexicon, spaced, dashed and cased in odd ways, beside other text, must protect
    # exactly what the full scan protects.
    rng = random.Random(5)
    phrases = [p.phrase for p in normalizer._matcher.lexicon.protects if not p.near]
    assert len(phrases) >= 5
    spaces = [" ", "  ", "\n", "\t", " \n ", "\x0b", "\u00a0", "\u2003"]
    dashes = ["-", " - ", "\u2013", " \u2014 ", "--", "- "]

    def odd(phrase: str) -> str:
        out = []
        for ch in phrase:
            if ch == " ":
                out.append(rng.choice(spaces))
            elif ch in "-\u2013\u2014":
                out.append(rng.choice(dashes))
            else:
                out.append(ch.upper() if rng.random() < 0.2 else ch)
        return "".join(out)

    protected = 0
    for _ in range(400):
        parts = [odd(rng.choice(phrases)) if rng.random() < 0.6 else rng.choice(PIECES)
                 for _ in range(rng.randint(1, 5))]
        text = "".join(p + rng.choice(["", " ", "\n", "-", "'s ", ", ", "x"]) for p in parts)
        found = normalizer.detect(text)
        assert found == normalizer._detect_reference(text), text
        protected += len(found) < sum(1 for p in parts if p not in PIECES)
    assert protected > 50  # the phrases did keep their variants


def test_folded_atoms_match_what_their_sets_match_but_three_characters():
    # The window expression folds atoms to compile faster (see expression._WIDER): folded,
    # an atom must match exactly what it matches as written, but for _WIDER's characters.
    import regex

    from normspell.expression import _FOLDED, _WIDER

    every = "\x00".join(map(chr, range(0x110000)))  # \x00: no atom matches it
    wider = set(_WIDER.pattern[1:-1])
    for atom, folded in _FOLDED.items():
        exact = set(regex.findall(atom, every))
        fast = set(regex.findall(f"(?i:{folded})", every))
        assert exact <= fast and fast - exact <= wider, (atom, sorted(fast - exact))
    assert wider == {"\u0130", "\u212a", "\u017f"} == set(_WIDER.pattern) - set("[]")


@pytest.mark.parametrize("text", [
    "united $tates of amer\u0130kkka", "united $tates of Amerikkka and \u212aanada", "\u212aanada united $tates",
    "wimmin\u017f of united $tates", "united $tate\u017f", "the U.$. \u0130srael united snakes",
])
def test_windows_holding_a_wider_folding_character_match_as_written(normalizer, text):
    assert normalizer.detect(text) == normalizer._detect_reference(text)


def test_folded_expressions_keep_letters_that_do_not_fold_exactly():
    # Forms with letters outside ASCII keep their sets inside the folded expressions.
    from normspell.lexicon import parse_lexicon

    lex = parse_lexicon("""format = 1
[[entry]]
variants = ["stra\u00dfe nord", "gro\u00dfe st\u00e4dt"]
standard = "strasse nord"
category = "c"
[[entry]]
variants = ["\u00e9kole"]
standard = "ecole"
category = "c"
endings = ["", "*"]
compounds = true
[[entry]]
variants = ["ki\u0307sk ist"]
standard = "kiosk ist"
category = "c"
""".encode(), "t.toml")
    n = Normalizer(lex)
    pieces = ["stra\u00dfe", "Stra\u00dfe", "STRASSE", "stra\u1e9ee", "nord", "NORD", "gro\u00dfe", "st\u00e4dt",
              "\u00e9kole", "x\u00e9kole", "ki\u0307sk", "K\u0130SK", "\u212ai\u0307sk", "ist", "\u017f"]
    rng = random.Random(3)
    for _ in range(1000):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
        assert n.detect(text) == n._detect_reference(text), text


def test_threads_racing_to_compile_the_expressions_agree(normalizer):
    # Expressions compile on first use: threads sharing a fresh matcher race to it.
    import threading

    texts = ["united\n$tates of Amerikkka", "chairpersyn of New Afrikan", "I$raeli imperiali$t womyn",
             "Maoist Internationalist Party - Amerika", "Amerika by Kafka", "the word \u201cwomyn\u201d"] * 4
    fresh = Normalizer.from_lexicons(["mim"])
    barrier = threading.Barrier(len(texts))
    results = [None] * len(texts)

    def work(i):
        barrier.wait()
        results[i] = fresh.detect(texts[i])

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(texts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [normalizer.detect(t) for t in texts]


@pytest.mark.parametrize("variant, one_byte", [("caf\u00e9z", True), ("wh?t", False), ("\u015bakti", False)],
                         ids=["latin-1 key", "key with ?", "key beyond latin-1"])
def test_text_beyond_ascii_is_scanned_as_the_full_scan_reads_it(variant, one_byte):
    # Texts beyond ASCII are scanned one byte per character (Latin-1, "?" for the
    # rest) unless a key needs UTF-8: either way the offsets are the text's own.
    from normspell.lexicon import parse_lexicon

    lex = parse_lexicon(f"""format = 1
[[entry]]
variants = ["{variant}", "womyn"]
standard = "standard"
category = "c"
""".encode(), "t.toml")
    n = Normalizer(lex)
    assert n._matcher._folding.one_byte is one_byte
    pieces = [variant, variant.upper(), "womyn", "W\u00d6MYN", "\u2014", "\u00e9", "\u2019", "?", "\U0001f600",
              "\ud800", "caf\u00c9z", "\u015b", "x"]
    rng = random.Random(11)
    for _ in range(500):
        text = "".join(rng.choice(pieces) + rng.choice([" ", "", "\n"]) for _ in range(rng.randint(1, 12)))
        found = n.detect(text)
        assert found == n._detect_reference(text), text
        assert all(text[c.start:c.end] == c.original for c in found)
    assert [c.original for c in n.detect(f"\u2014\U0001f600 {variant} \u00e9 womyn")] == [variant, "womyn"]


def test_mention_test_after_long_words_stays_linear(normalizer):
    # A variant after a long word ending like a cue word ("...term womyn"): the
    # test of the previous word once sliced the text back to its start, so
    # normalizing took time quadratic in the length of the text.
    unit = "\u2014" + "y" * 30 + "term womyn "
    small, big = unit * 1_000, unit * 10_000
    t0 = time.perf_counter()
    assert len(normalizer.normalize(small).changes) == 1_000
    t1 = time.perf_counter()
    assert len(normalizer.normalize(big).changes) == 10_000
    t2 = time.perf_counter()
    # 10x the input must not cost anywhere near 100x; generous for noisy machines
    assert (t2 - t1) < 40 * max(t1 - t0, 1e-3)
    assert normalizer.normalize("term womyn, the term womyn").changes[0].start == 5  # the cue still works
    assert [c.kind for c in normalizer.detect("term womyn, the term womyn")] == ["variant", "mention"]
