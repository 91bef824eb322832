"""The spaCy component: registration, norms, merging, config, serialization, matching."""

import subprocess
import sys
import textwrap
from importlib.metadata import entry_points
from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")
from spacy.matcher import Matcher, PhraseMatcher  # noqa: E402
from spacy.tokens import Doc, DocBin  # noqa: E402
from spacy_pipelines import make  # noqa: E402

import normspell  # noqa: E402
from normspell.errors import UnknownLexiconError  # noqa: E402
from normspell.spacy.component import NormspellComponent  # noqa: E402

ARCHIVE = sorted((Path(__file__).parent.parent / "examples" / "archive").glob("*.txt"))
ISSUE = "The united $nakes of ameriKKKa jailed a womyn from I$rael."

HOUSE = """\
format = 1
[lexicon]
name = "house"

[[entry]]
variants = ["gulag"]
standard = "prison"
category = "house"

[[entry]]
variants = ["klan nation"]
standard = "America"
category = "house"
"""


@pytest.fixture(scope="module")
def nlp():
    # Without the default special cases, so that the tokenizer splits variants
    # and the merging below is exercised (the default gives the same results:
    # test_special_cases_by_default_change_nothing_but_the_splitting).
    return make(special_cases=False)


def norms(doc):
    return [(t.text, t.norm_) for t in doc]


def summary(doc):
    """Everything the component writes, in plain values."""
    return (doc.text, [(t.text, t.norm_, t._.normspell_standard) for t in doc],
            [(s.start_char, s.end_char, s.label_) for s in doc.spans["normspell"]],
            doc._.normspell_changes, doc._.normspell_mentions, doc._.normspell_text)


# --- registration -------------------------------------------------------------

def test_entry_point_names_the_factory_module():
    (ep,) = [e for e in entry_points(group="spacy_factories") if e.name == "normspell"]
    assert ep.value == "normspell.spacy.component:make_normspell"


def test_add_pipe_works_without_importing_normspell():
    # A fresh interpreter that never imports normspell: spaCy finds the factory
    # through the entry point.
    script = textwrap.dedent("""
        import spacy
        nlp = spacy.blank("en")
        nlp.add_pipe("normspell")
        print([t.norm_ for t in nlp("a womyn from I$rael")])
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['a', 'woman', 'from', 'israel']"


# --- the issue's examples -------------------------------------------------------

def test_blank_tokenizer_splits_the_variants_the_issue_names(nlp):
    # The premise of merging: if spaCy stops splitting these, the merge tests
    # below would pass vacuously.
    assert [t.text for t in nlp.make_doc("$nakes u.$.a. I$rael")] == ["$", "nakes", "u.$.a", ".", "I$rael"]


def test_issue_example_norms_spans_and_text(nlp):
    doc = nlp(ISSUE)
    assert norms(doc) == [
        ("The", "the"), ("united", "united"), ("$nakes", "states"), ("of", "of"), ("ameriKKKa", "america"),
        ("jailed", "jailed"), ("a", "a"), ("womyn", "woman"), ("from", "from"), ("I$rael", "israel"),
        (".", ".")]
    assert [t._.normspell_standard for t in doc[1:5]] == ["United", "States", "of", "America"]
    assert [(s.text, s.label_) for s in doc.spans["normspell"]] == [
        ("united $nakes of ameriKKKa", "place"), ("womyn", "gender"), ("I$rael", "place")]
    assert doc._.normspell_text == "The United States of America jailed a woman from Israel."
    assert doc.text == ISSUE


@pytest.mark.parametrize("text, expected", [
    ("$nakes", None),  # not a variant on its own
    ("the united $nakes", [("the", "the"), ("united", "united"), ("$nakes", "states")]),
    ("the u.$.a. today", [("the", "the"), ("u.$.a.", "u.s.a."), ("today", "today")]),
    ("in I$rael", [("in", "in"), ("I$rael", "israel")]),
    ("ameriKKKa's jails", [("ameriKKKa", "america"), ("'s", "'s"), ("jails", "jails")]),
    ("U.$.-led wars", [("U.$.-led", "u.s.-led"), ("wars", "wars")]),
    ("Euro-Amerikans", [("Euro", "euro"), ("-", "-"), ("Amerikans", "americans")]),
    ("a womyn", [("a", "a"), ("womyn", "woman")]),
    ("these womyn", [("these", "these"), ("womyn", "women")]),
    ("WIMMIN unite", [("WIMMIN", "women"), ("unite", "unite")]),
])
def test_split_variants_are_merged_into_one_token(nlp, text, expected):
    doc = nlp(text)
    assert doc.text == text
    if expected is None:
        assert len(doc.spans["normspell"]) == 0 and doc._.normspell_changes == ()
    else:
        assert norms(doc) == expected


def test_merge_false_keeps_the_tokenizers_tokens_and_spreads_the_standard():
    doc = make(merge=False)("the u.$.a. and the united $nakes")
    assert norms(doc) == [("the", "the"), ("u.$.a", "u.s.a"), (".", "."), ("and", "and"), ("the", "the"),
                          ("united", "united"), ("$", "s"), ("nakes", "tates")]
    assert [s.text for s in doc.spans["normspell"]] == ["u.$.a.", "united $nakes"]
    assert doc._.normspell_text == "the U.S.A. and the United States"


def test_multiword_across_a_line_break_keeps_the_space_token(nlp):
    doc = nlp("the United\n$tates")
    assert norms(doc) == [("the", "the"), ("United", "united"), ("\n", "\n"), ("$tates", "states")]
    assert doc._.normspell_text == "the United States"


def test_multiword_with_another_word_count_is_merged_into_one_token(tmp_path):
    (tmp_path / "house.toml").write_text(HOUSE, encoding="utf-8")
    lexicons = [str(tmp_path / "house.toml")]
    doc = make(lexicons=lexicons)("the klan nation jails")
    assert norms(doc) == [("the", "the"), ("klan nation", "america"), ("jails", "jails")]
    assert doc[1]._.normspell_standard == "America"
    doc = make(lexicons=lexicons, merge=False)("the klan nation jails")
    # spaCy cannot store an empty norm: the second word keeps its own.
    assert norms(doc) == [("the", "the"), ("klan", "america"), ("nation", "nation"), ("jails", "jails")]
    assert [t._.normspell_standard for t in doc] == [None, "America", "", None]


def test_matches_on_norm_find_the_variants(nlp):
    doc = nlp("Many womyn of I$rael fight the united $nakes.")
    phrases = PhraseMatcher(nlp.vocab, attr="NORM")
    phrases.add("P", [nlp.make_doc("women of Israel"), nlp.make_doc("United States")])
    assert [doc[s:e].text for _id, s, e in phrases(doc)] == ["womyn of I$rael", "united $nakes"]
    matcher = Matcher(nlp.vocab)
    matcher.add("M", [[{"NORM": "women"}, {"NORM": "of"}, {"NORM": "israel"}]])
    assert [doc[s:e].text for _id, s, e in matcher(doc)] == ["womyn of I$rael"]


def test_the_shared_vocabulary_keeps_its_norms(nlp):
    nlp("a womyn from I$rael")
    assert nlp.vocab["womyn"].norm_ == "womyn"
    assert norms(nlp.make_doc("womyn I$rael")) == [("womyn", "womyn"), ("I$rael", "i$rael")]


# --- the core's rules, unchanged ------------------------------------------------

@pytest.mark.parametrize("path", ARCHIVE, ids=[p.name for p in ARCHIVE])
def test_changes_are_exactly_the_cores(nlp, path):
    text = path.read_text(encoding="utf-8")
    doc = nlp(text)
    core = normspell.normalize(text)
    assert doc._.normspell_changes == core.changes
    assert doc._.normspell_mentions == core.mentions
    assert doc._.normspell_text == core.text
    assert doc.text == text
    assert [(s.label_, s.text) for s in doc.spans["normspell"]] == [
        (c.category, doc.char_span(c.start, c.end, alignment_mode="expand").text) for c in core.changes]


@pytest.mark.parametrize("text", [
    "Maoist Internationalist Party - Amerika",
    "the Republic of New Afrika",
    "Kafka's novel Amerika",
])
def test_protected_phrases_keep_their_norms(nlp, text):
    doc = nlp(text)
    assert doc._.normspell_changes == () and len(doc.spans["normspell"]) == 0
    assert norms(doc) == norms(nlp.make_doc(text))


def test_mentions_are_kept_unless_configured(nlp):
    text = 'MIM decided to spell "women" as "womyn".'
    doc = nlp(text)
    assert doc[9].text == "womyn" and doc[9].norm_ == "womyn"
    assert [c.original for c in doc._.normspell_mentions] == ["womyn"]
    assert doc._.normspell_changes == () and doc[9]._.normspell_change.kind == "mention"
    doc = make(mentions="normalize")(text)
    assert doc[9].norm_ == "women" and doc._.normspell_mentions == ()


def test_only_skip_and_min_confidence_filter_like_the_core():
    text = "Womyn of Amerika"  # no number cue: womyn gets the default at confidence 0.6
    assert [t.norm_ for t in make(skip=["gender"])(text)] == ["womyn", "of", "america"]
    assert [t.norm_ for t in make(only=["gender"])(text)] == ["women", "of", "amerika"]
    assert [t.norm_ for t in make(min_confidence=0.7)(text)] == ["womyn", "of", "america"]


def test_overwrite_norm_false_leaves_norms_and_sets_the_extension():
    doc = make(overwrite_norm=False)("a womyn from I$rael")
    assert [t.norm_ for t in doc] == ["a", "womyn", "from", "i$rael"]
    assert [t._.normspell_standard for t in doc] == [None, "woman", None, "Israel"]


def test_extensions_name_the_change(nlp):
    doc = nlp("the U.$.-led war on Afrika")
    span = doc.spans["normspell"][0]
    assert span._.normspell_change.original == "U.$." and span._.normspell_change.rule == "mim:us"
    assert doc[1]._.normspell_change.replacement == "U.S." and doc[0]._.normspell_change is None


def test_spans_key_config(nlp):
    doc = make(spans_key="variants")("womyn")
    assert "normspell" not in doc.spans and [s.text for s in doc.spans["variants"]] == ["womyn"]


def test_running_twice_gives_the_same_doc(nlp):
    doc = nlp("a womyn in Amerika")
    assert summary(nlp.get_pipe("normspell")(doc)) == summary(nlp("a womyn in Amerika"))


def test_unknown_lexicon_fails_with_the_cores_message():
    nlp = make(lexicons=["nosuch"])
    with pytest.raises(UnknownLexiconError, match="no bundled lexicon 'nosuch'"):
        nlp("text")


# --- processes and serialization ------------------------------------------------

def test_n_process_2_gives_the_same_docs(nlp):
    texts = [p.read_text(encoding="utf-8") for p in ARCHIVE] * 2 + [ISSUE, "", "nothing to see"]
    one = [summary(d) for d in nlp.pipe(texts)]
    two = [summary(d) for d in nlp.pipe(texts, n_process=2, batch_size=2)]
    assert two == one


def test_doc_data_survives_doc_bytes_docbin_and_from_docs(nlp):
    docs = [nlp(ISSUE), nlp("a womyn")]
    again = Doc(nlp.vocab).from_bytes(docs[0].to_bytes())
    assert summary(again) == summary(docs[0])
    box = DocBin(store_user_data=True, docs=docs)
    assert [summary(d) for d in box.get_docs(nlp.vocab)] == [summary(d) for d in docs]
    joined = Doc.from_docs(docs)
    assert joined._.normspell_text == ISSUE.replace("united $nakes of ameriKKKa", "United States of America") \
        .replace("womyn from I$rael", "woman from Israel") + " a woman"


def test_to_disk_and_spacy_load_carry_a_user_lexicon(tmp_path):
    house = tmp_path / "house.toml"
    house.write_text(HOUSE, encoding="utf-8")
    nlp = make(lexicons=["mim", str(house)], merge=False, spans_key="found")
    nlp.to_disk(tmp_path / "pipeline")
    house.unlink()  # the pipeline folder must hold its own copy
    loaded = spacy.load(tmp_path / "pipeline")
    doc = loaded("a gulag in the u.$.a.")
    assert norms(doc) == [("a", "a"), ("gulag", "prison"), ("in", "in"), ("the", "the"),
                          ("u.$.a", "u.s.a"), (".", ".")]
    assert [s.label_ for s in doc.spans["found"]] == ["house", "place"]
    saved = sorted(p.name for p in (tmp_path / "pipeline" / "normspell").iterdir())
    assert saved == ["00-mim.toml", "01-house.toml", "lexicons.json"]


def test_to_bytes_and_from_bytes_carry_the_lexicons(tmp_path):
    house = tmp_path / "house.toml"
    house.write_text(HOUSE, encoding="utf-8")
    data = make(lexicons=[str(house)]).get_pipe("normspell").to_bytes()
    house.unlink()
    nlp = make(lexicons=[str(house)])  # the config still names the missing file
    nlp.get_pipe("normspell").from_bytes(data)
    assert nlp("a gulag")._.normspell_text == "a prison"


def test_pipeline_from_a_config_file():
    config = spacy.util.load_config_from_str(textwrap.dedent("""
        [nlp]
        lang = "en"
        pipeline = ["normspell"]

        [components]

        [components.normspell]
        factory = "normspell"
        lexicons = ["mim"]
        skip = ["gender"]
        merge = false
    """))
    nlp = spacy.util.load_model_from_config(config, auto_fill=True)
    assert [t.norm_ for t in nlp("womyn of the u.$.a.")] == ["womyn", "of", "the", "u.s.a", "."]


def test_special_cases_keep_variants_whole_and_travel_with_the_tokenizer(tmp_path):
    nlp = make(special_cases=False)
    added = nlp.get_pipe("normspell").add_special_cases(nlp.tokenizer)
    assert added > 0
    text = "($nakes, $NAKES) U.$.A. the u.$.a."
    assert [t.text for t in nlp.make_doc(text)] == ["(", "$nakes", ",", "$NAKES", ")", "U.$.A.", "the", "u.$.a."]
    nlp.to_disk(tmp_path / "p")
    assert [t.text for t in spacy.load(tmp_path / "p").make_doc("$Nakes")] == ["$Nakes"]


def test_special_cases_are_added_by_default_with_merge():
    text = "($nakes, $NAKES) U.$.A. the u.$.a. $tates"
    whole = ["(", "$nakes", ",", "$NAKES", ")", "U.$.A.", "the", "u.$.a.", "$tates"]
    nlp = make()
    assert [t.text for t in nlp.make_doc(text)] == whole  # before any doc went through the component
    assert nlp.get_pipe("normspell").add_special_cases(nlp.tokenizer) == 0  # nothing left to add
    # merge = false keeps spaCy's tokens, so no special cases either
    assert [t.text for t in make(merge=False).make_doc("$nakes")] == ["$", "nakes"]


def test_special_cases_by_default_change_nothing_but_the_splitting(nlp):
    texts = [ISSUE, "(united $nakes, UNITED $NAKES) U.$.A. the u.$.a. and united $tates' $Tates"] + [
        p.read_text(encoding="utf-8") for p in ARCHIVE]
    default = make()
    assert [summary(d) for d in default.pipe(texts)] == [summary(d) for d in nlp.pipe(texts)]
    # The one difference: a word of a multiword form stays whole where it stands alone
    # and is no variant ($nakes alone is not united $nakes), as with add_special_cases.
    alone = "the $nakes"
    assert [t.text for t in default(alone)] == ["the", "$nakes"]
    assert [t.text for t in nlp(alone)] == ["the", "$", "nakes"]


def test_special_cases_of_a_lexicon_file_come_with_its_first_use(tmp_path):
    path = tmp_path / "house.toml"
    path.write_text(HOUSE.replace('"gulag"', '"$kool"'), encoding="utf-8")
    nlp = make(lexicons=[str(path)])
    assert [t.text for t in nlp.make_doc("a $kool")] == ["a", "$", "kool"]  # not loaded yet
    assert [(t.text, t.norm_) for t in nlp("the $kool")] == [("the", "the"), ("$kool", "prison")]
    assert [t.text for t in nlp.make_doc("a $kool")] == ["a", "$kool"]


def test_component_pickles_with_its_lexicons():
    import pickle

    comp = make().get_pipe("normspell")
    assert isinstance(comp, NormspellComponent)
    copy = pickle.loads(pickle.dumps(comp))
    assert copy.normalizer.normalize("womyn").text == "women"
