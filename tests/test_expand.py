"""Query expansion: every lexicon spelling of each word, as a list and as one pattern."""

import dataclasses
import re
from pathlib import Path

import pytest
import regex

import normspell
from normspell import Normalizer, expand, load_lexicon
from normspell.archive import normalize_document, read_document
from normspell.expansion import LEFT, RIGHT, standard_words
from normspell.lexicon import expand_forms

ARCHIVE = Path(__file__).parent / "data" / "archive"
MIM = load_lexicon("mim")


def found(query: str, text: str) -> list[str]:
    return [m.group() for m in expand(query).compiled.finditer(text)]


def test_is_exported_and_frozen():
    x = normspell.expand("women")
    assert "expand" in normspell.__all__
    with pytest.raises(dataclasses.FrozenInstanceError):
        x.pattern = ""


def test_each_word_lists_the_standard_first_then_every_listed_variant():
    x = expand("women of America")
    assert x.words == ("women", "of", "America")
    assert x.spellings[0] == ("women", "wimmin", "wimyn", "womyn", "womyns", "wymyn")
    assert x.spellings[1] == ("of",)
    assert set(x.spellings[2]) == {"America", "amerika", "amerikka", "amerikkka", "amerikkkka", "ameriklan"}


@pytest.mark.parametrize("entry", list(MIM.entries), ids=lambda e: e.id)
def test_every_literal_form_of_the_lexicon_is_a_spelling_of_its_standard(entry):
    for form, _choice, std, _open in expand_forms(entry):
        x = expand(std)
        if " " in std:  # a multiword standard: its variants are phrases of the query
            assert any(form in variants for _p, variants in x.phrases), (form, std)
        else:
            assert form.lower() in [s.lower() for s in x.spellings[0]], (form, std)
        assert x.compiled.fullmatch(form.upper()), (form, x.pattern)


def test_every_generated_spelling_normalizes_back_to_the_word():
    n = Normalizer.from_lexicons()
    for word in ["women", "woman", "America", "Americans", "person", "personal", "chairperson", "humanity",
                 "congresswomen", "imperialist", "squads", "Israelis", "U.S.", "states", "Canadian"]:
        (spellings,) = expand(word).spellings
        for s in spellings[1:]:
            out = n.normalize(s).text.lower()
            # womyn is woman or women by context; alone it reads as its default, women
            assert out == word.lower() or (s.endswith("womyn") and out == word.lower().replace("woman", "women")), s


def test_a_query_in_variant_spelling_expands_like_the_standard_one():
    assert expand("wimmin of Amerikkka").pattern == expand("women of America").pattern
    assert standard_words("Wimmin of Amerikkka!", Normalizer.from_lexicons()) == ("Women", "of", "America")


def test_words_match_across_any_whitespace_and_in_any_case():
    text = "the WIMMIN of\n  AmeriKKKa and women of America, womyn\tof Amerika's"
    assert found("women of America", text) == ["WIMMIN of\n  AmeriKKKa", "women of America", "womyn\tof Amerika"]


def test_multiword_variants_match_a_multiword_query():
    text = "the united $tates, the United\n$tates, the united $nakes of ameriKKKa, the United States"
    assert found("United States", text) == ["united $tates", "United\n$tates", "united $nakes", "United States"]
    assert found("United States of America", text) == ["united $nakes of ameriKKKa"]
    # snakes is a spelling of States only inside the name
    assert found("states", "the snakes and the $tates") == ["$tates"]


def test_token_boundaries_are_the_cores():
    assert found("U.S.", "the u.$. and the U.S. army; U.S.A. and xu.$. do not count") == ["u.$.", "U.S."]
    assert found("Israel", "I$rael's army (I$rael) I$raeli I$raelite #I$rael @I$rael I$rael$") == ["I$rael", "I$rael"]
    assert found("America", "Euro-Amerikan Amerika-backed") == ["Amerika"]
    assert found("Euro-American", "Euro-Amerikan") == ["Euro-Amerikan"]


def test_open_stems_compounds_and_pattern_rules_are_covered():
    assert "persynal" in expand("personal").spellings[0]
    assert "chairpersyn" in expand("chairperson").spellings[0]
    assert "congresswimmin" in expand("congresswomen").spellings[0]
    assert "imperiali$t" in expand("imperialist").spellings[0]
    assert found("chairperson", "our CHAIRPERSYN and chairperson") == ["CHAIRPERSYN", "chairperson"]
    assert found("imperialist", "imperiali$t imperiali$$t $imperialist") == ["imperiali$t"]


def test_the_pattern_is_portable_and_compiles_as_stored():
    x = expand("women of the United States")
    assert x.pattern.startswith("(?i)" + LEFT) and x.pattern.endswith(RIGHT)
    assert x.compiled.pattern == x.pattern
    assert regex.compile(x.pattern).search("wimmin of the united $tates")


def test_categories_left_out_are_not_expanded():
    n = Normalizer.from_lexicons(skip={"gender"})
    assert expand("women of America", n).spellings[0] == ("women",)
    assert "amerika" in expand("women of America", n).spellings[2]


def test_bad_queries_and_lexicons_fail_clearly():
    with pytest.raises(ValueError, match="no words to search for"):
        expand("  ?! ")
    with pytest.raises(normspell.UnknownLexiconError):
        expand("women", ["no-such-lexicon"])


@pytest.mark.parametrize("query", ["women of America", "United States", "Israel", "U.S.", "women prisoners",
                                   "prisoners", "person"])
def test_on_the_archive_the_pattern_finds_what_searching_the_normalized_text_finds(query):
    """Matching the original with the pattern and the normalized text with the words agree."""
    n = Normalizer.from_lexicons()
    words = standard_words(query, n)
    plain = re.compile(LEFT + r"\s+".join(map(re.escape, words)) + RIGHT, re.IGNORECASE)
    for path in sorted(ARCHIVE.rglob("*.*")):
        doc = read_document(str(path))
        for piece in normalize_document(doc, n):
            by_norm = [piece.to_file(m.start(), m.end()) for m in plain.finditer(piece.norm.text)]
            by_pattern = [(piece.segment.to_file(m.start()), piece.segment.to_file(m.end()))
                          for m in expand(query).compiled.finditer(piece.segment.text)]
            assert by_pattern == by_norm, (path, query)
