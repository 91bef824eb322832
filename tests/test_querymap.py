"""The query map gives the core's normalization of a query, or says it cannot."""

import itertools
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normspell.normalize import Normalizer
from normspell.querymap import QueryMap

N = Normalizer.from_lexicons(["mim"])
QM = QueryMap.from_normalizer(N)
EXAMPLES = Path(__file__).parent.parent / "examples" / "archive"
PLAIN = ["women", "of", "the", "in", "prisoners", "America", "Israel", "history", "U.S."]
# Words that change how the core reads a spelling beside them, or may.
AROUND = ["a", "these", "two", "1984", "is",
          "word", "with", "spelled", "instead", "term", "called", "use", "united", "states", "new", "Kafka",
          "und", "der", "sage", "most", "wanted", "born", "music", "snakes", "'", "\u2019", "\u201c", "(", ",", "."]
MULTI = sorted(k for k in QM.spelled if " " in k)  # listed multiword variants as a query may type them
ODD = ["imperiali$t", "squad$", "US$", "$5", "chairpersyn", "persynal", "transwomyn", "ameriKKKa", "wo myn",
       "http://amerika.com", "a@b.org", "u.s.", "womyn-born-womyn", "New Afrika", "Amerika\tnow", "Kanada"]


def core(text: str) -> str:
    return N.normalize(text).text


def test_a_query_in_variant_spelling_reads_as_the_core_reads_it():
    assert QM.normalize("wimmin in I$rael") == "women in Israel" == core("wimmin in I$rael")
    assert QM.normalize("WIMMIN of Amerikkka's U.$.") == core("WIMMIN of Amerikkka's U.$.")
    assert QM.normalize("  women prisoners ") == "  women prisoners "  # no spelling: as it is


@pytest.mark.parametrize("query", ["each of the womyn was", "one of these womyn", "the life of a womyn is",
                                   "one of a womyn", "rights of womyn are", "a womyn of color is"])
def test_a_choice_after_of_reads_as_the_core_reads_it(query):
    # After "of" the cues before it and the verb after it belong to the phrase's head.
    # (None: the map leaves the query to the core, as it does near "was" or "is".)
    assert QM.normalize(query) in (None, core(query))


def test_a_cue_before_the_variants_own_article_is_not_read_by_either():
    # "the" begins the variant's noun phrase ([choices.number] boundary): "this" and "a"
    # belong to other nouns, so no cue decides and the default (plural) stands.
    for query in ("this year the womyn", "a space called the womyn"):
        assert QM.normalize(query) == core(query) == query.replace("womyn", "women")
    assert QM.normalize("a womyn") == core("a womyn") == "a woman"


def test_a_word_paired_by_a_slash_is_left_to_the_core():
    assert QM.normalize("the man/womyn") is None
    assert core("the man/womyn") == "the man/woman"


def test_a_choice_after_of_is_answered_by_the_map():
    assert QM.normalize("one of these womyn") == "one of these women" == core("one of these womyn")
    assert QM.normalize("one of a womyn") == "one of a woman" == core("one of a womyn")
    assert QM.normalize("each of the womyn") == "each of the women" == core("each of the womyn")


def test_a_typographic_apostrophe_in_a_cue_reads_as_the_core_reads_it():
    for query in ("the womyn isn\u2019t", "the womyn doesn\u2019t", "those womyn aren\u2019t"):
        assert QM.normalize(query) in (None, core(query))
    assert core("the womyn doesn\u2019t") == "the woman doesn\u2019t"


def test_every_listed_spelling_alone_is_answered_as_the_core_does():
    for token in QM.spelled:
        assert QM.normalize(token) == core(token), token
    assert len(QM.spelled) > 1000  # lower, Capitalized, CAPITALS, possessives


@pytest.mark.parametrize("query", [
    "the word womyn",        # a mention: left as written
    "Amerika with a k",
    "these womyn's",         # a choice cue beside a possessive: the map has no table for it
    "the term united $tates",  # a multiword variant after a mention word
    "xunited $tates",        # a multiword variant glued to a word
    "united $tatesman",
    "united $tates.com",     # maybe part of an address
    "New Afrika",            # a protected phrase
    "Kafka Amerika",         # a protect near its cue word
    "persynal",              # an open stem: not listed
    "womyn\tprisoners",      # whitespace the map does not split on
    "womyn " + "prisoners " * 12,  # longer than the core's context reach
    "women " * 200,          # too long to look up
])
def test_what_depends_on_the_words_around_is_left_to_the_core(query):
    assert QM.normalize(query) is None


def test_every_multiword_variant_in_every_casing_is_answered_as_the_core_does():
    assert {"united $tates", "United $tates", "United $Tates", "UNITED $TATES", "United Snakes of Amerikkka",
            "koncentration kamps", "Koncentration Kamps"} <= set(MULTI)
    for key in MULTI:
        for q in (key, key.replace(" ", "   "), f"  {key} ", f"({key}),", f"{key}'s", f"{key}."):
            assert QM.normalize(q) == core(q), q


def test_multiword_variants_among_other_words_are_answered_as_the_core_does():
    rng = random.Random(11)
    pool = PLAIN + sorted(QM.spelled)[::7] + MULTI
    answered = short = 0
    for key in MULTI:
        for _ in range(12):
            before = [rng.choice(pool) for _ in range(rng.randint(0, 3))]
            after = [rng.choice(pool) for _ in range(rng.randint(0, 3))]
            q = rng.choice([" ", "  "]).join([*before, key.replace(" ", rng.choice([" ", "  "])), *after])
            got = QM.normalize(q)
            short += len(q) <= QM.reach  # longer ones are left to the core
            if got is not None:
                answered += 1
                assert got == core(q), q
    assert answered == short > 1000


def test_a_multiword_variant_overlapping_another_is_read_as_the_core_reads_it():
    for q in ("koncentration koncentration kamps", "united united $tates", "united $tates of amerikkka of amerika",
              "united snakes united $tates", "Koncentration Kamp kamps", "united $tates $tates"):
        assert QM.normalize(q) == core(q), q


def test_a_word_that_chooses_is_read_with_the_cues_around_it_as_the_core_reads_it():
    assert QM.normalize("these womyn") == "these women" and QM.normalize("a Womyn") == "a Woman"
    assert QM.normalize("2 WOMYN are") == "2 WOMEN are" and QM.normalize("every womyn and those womyn") == \
        "every woman and those women"
    cues = sorted({w for rule in N.lexicon.choices for _c, _side, w, _w in rule.cues} - {"<number>"})
    words = ["womyn", "Womyn", "WOMYN", "wimmin", "of", "the", "2", "1", "(", ",", ";", "United $tates", *cues]
    rng = random.Random(13)
    answered = 0
    for _ in range(4000):
        q = rng.choice([" ", "  "]).join(rng.choice(words) for _ in range(rng.randint(2, 7)))
        got = QM.normalize(q)
        if got is not None:
            answered += 1
            assert got == core(q), q
    assert answered > 2000


def test_a_spelling_among_ordinary_words_is_answered_as_the_core_does():
    for token, word in itertools.product(sorted(QM.spelled), PLAIN):
        for q in (f"{token} {word}", f"{word} {token}"):
            assert QM.normalize(q) == core(q), q


def test_many_queries_read_as_the_core_reads_them():
    rng = random.Random(5)
    spellings = sorted(QM.spelled)
    pool = spellings + MULTI * 3 + (PLAIN + AROUND + ODD) * 20
    queries = [rng.choice(["", " ", "  "]).join(rng.choice(pool) for _ in range(rng.randint(1, 6)))
               for _ in range(5000)]
    answered = 0
    for q in queries:
        got = QM.normalize(q)
        if got is not None:
            answered += 1
            assert got == core(q), q
    assert answered > len(queries) * 0.3  # glued or unlisted tokens are left to the core


def test_windows_of_archive_text_read_as_the_core_reads_them():
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.rglob("*.txt")))
    rng = random.Random(7)
    answered_changed = 0
    for _ in range(3000):
        s = rng.randrange(len(text))
        q = text[s:s + rng.randint(1, 100)].replace("\n", " ")
        got = QM.normalize(q)
        if got is not None:
            assert got == core(q), q
            answered_changed += got != q
    assert answered_changed > 50


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=6), st.sampled_from(sorted(QM.spelled)), st.sampled_from(MULTI),
                          st.sampled_from(PLAIN + AROUND + ODD),
                          st.just(" ")), max_size=8).map("".join))
def test_the_map_never_contradicts_the_core(text):
    got = QM.normalize(text)
    assert got is None or got == core(text)


def test_another_lexicon_with_choices_mentions_and_protects(tmp_path):
    house = tmp_path / "house.toml"
    house.write_text(
        'format = 1\n[lexicon]\nname = "house"\n'
        '[choices.gender]\nwindow = 2\n[choices.gender.she.before]\n1 = ["she", "her"]\n'
        '[choices.gender.he.before]\n1 = ["he", "his"]\n'
        '[mentions]\ncues = ["spelled"]\nbefore = ["we say"]\nafter = ["for short"]\n'
        '[[entry]]\nid = "x"\nvariants = ["thon"]\nstandard = { she = "she", he = "he" }\nchoose = "gender"\n'
        'default = "she"\ncategory = "pronoun"\n'
        '[[entry]]\nid = "freedumb"\nvariants = ["freedumb", "free dumb"]\nstandard = "freedom"\ncategory = "k"\n'
        '[[protect]]\nphrase = "Freedumb Fries"\n', encoding="utf-8")
    n = Normalizer.from_lexicons(["mim", str(house)])
    qm = QueryMap.from_normalizer(n)
    words = ["thon", "Thon", "freedumb", "FREEDUMB", "free", "dumb", "fries", "her", "his", "say", "we",
             "for", "short", "spelled", "'", "wimmin", "I$rael", "today"]
    answered = 0
    for k in range(1, 4):
        for combo in itertools.product(words, repeat=k):
            q = " ".join(combo)
            got = qm.normalize(q)
            if got is not None:
                answered += 1
                assert got == n.normalize(q).text, q
    assert qm.normalize("thon today") == "she today" and qm.normalize("his thon") == "his he" == n.normalize("his thon").text
    assert answered > 2000


def test_the_reading_rules_the_map_copies_are_the_cores():
    # querymap keeps its own copies (importing the core would cost every search ~30 ms);
    # if the core reads text differently, these copies must follow.
    from normspell import context, querymap

    assert querymap._TOKEN.pattern == context._TOKEN.pattern
    assert querymap._CLAUSE_END == context._CLAUSE_END
    assert querymap._PLAIN_BEFORE == context._PLAIN_BEFORE
    assert querymap._PLAIN_AFTER == context._PLAIN_AFTER
