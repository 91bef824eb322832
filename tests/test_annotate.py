"""Annotating the normalized text and projecting onto the original (offline pipelines only)."""

import numpy
import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.attrs import DEP, HEAD
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token
from spacy.training import Example
from spacy.util import fix_random_seed

from normspell import Lexicon, Normalizer, load_lexicon, normalize
from normspell.lexicon import parse_lexicon
from normspell.spacy.annotate import _cuts, annotate, wrap
from normspell.spacy.projection import project

ISSUE = "The united $nakes of ameriKKKa jailed a womyn from I$rael."
TEXTS = [
    ISSUE,
    "Wimmin of I$rael marched.\n\nThe hystory of Amerikkka is a hystory of prisyners.",
    "United\n$tates  troops and u.$.a. (Amerikkka's) wimmin\tmarched .",
    "no variants here",
    "",
    "  womyn  ",
]

# A variant of one word whose standard has two, and one of three words whose
# standard has one: the cases spaCy's alignment has to group.
GROUPS = b"""format = 1
[lexicon]
name = "groups"
description = "word counts that differ"
language = "en"
version = "1"
sources = ["tests"]

[[entry]]
variants = ["usamerikkka"]
standard = "United States"
category = "place"

[[entry]]
variants = ["yu es ay"]
standard = "USA"
category = "place"

[[entry]]
variants = ["wymyn's"]
standard = "women's"
category = "gender"
"""

# Generated training sentences: (words, tags), standard spellings only.
_PEOPLE = [("women", "NNS"), ("workers", "NNS"), ("prisoners", "NNS"), ("woman", "NN")]
_PLACES = ["Israel", "America", "Canada", "Africa"]
_VERBS = ["marched", "wrote", "fought"]
_NOUNS = ["history", "state", "war"]


def _sentences():
    for i, (who, tag) in enumerate(_PEOPLE * 3):
        place, verb, noun = _PLACES[i % 4], _VERBS[i % 3], _NOUNS[i % 3]
        yield (["The", who, "of", place, verb, "the", noun, "."],
               ["DT", tag, "IN", "NNP", "VBD", "DT", "NN", "."])
        yield (["A", noun, "of", place, verb, "."], ["DT", "NN", "IN", "NNP", "VBD", "."])


def _add_rules(nlp):
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"TEXT": "women"}]], {"TAG": "NNS", "POS": "NOUN"})
    ruler.add([[{"TEXT": "Israel"}]], {"TAG": "NNP", "POS": "PROPN"})
    ents = nlp.add_pipe("entity_ruler")
    ents.add_patterns([{"label": "GPE", "pattern": p} for p in
                       ("Israel", "United States of America", "United States", "America", "USA")])


@pytest.fixture(scope="module")
def nlp():
    """A small tagger trained here, then rules keyed on standard spellings."""
    fix_random_seed(0)
    nlp = spacy.blank("en")
    tok2vec = {"@architectures": "spacy.HashEmbedCNN.v2", "pretrained_vectors": None, "width": 32,
               "depth": 1, "embed_size": 500, "window_size": 1, "maxout_pieces": 2,
               "subword_features": True}
    nlp.add_pipe("tagger", config={"model": {"@architectures": "spacy.Tagger.v2", "tok2vec": tok2vec}})
    examples = [Example.from_dict(Doc(nlp.vocab, words=w), {"tags": t}) for w, t in _sentences()]
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(15):
        nlp.update(examples, sgd=optimizer)
    _add_rules(nlp)
    return nlp


# A parser stand-in keyed on norms: each word names the words it may attach to.
_ARCS = {"the": (("women", "states", "history", "woman"), "det"), "women": (("marched", "jailed"), "nsubj"),
         "woman": (("jailed", "marched"), "dobj"), "a": (("woman", "history"), "det"),
         "of": (("women", "states", "history"), "prep"), "israel": (("from", "of"), "pobj"),
         "america": (("of",), "pobj"), "united": (("states",), "compound"),
         "states": (("jailed", "marched", "jail"), "nsubj"), "from": (("woman",), "prep"),
         ".": (("jailed", "marched", "jail"), "punct")}


@Language.component("test_norm_parser")
def _norm_parser(doc):
    by_norm = {}
    for t in doc:
        by_norm.setdefault(t.norm_, t.i)
    root = next((t.i for t in doc if t.norm_ in ("jailed", "marched", "jail")), 0)
    heads, deps = [], []
    for t in doc:
        options, dep = _ARCS.get(t.norm_, ((), "dep"))
        head = next((by_norm[o] for o in options if o in by_norm), root)
        heads.append(t.i if t.i == root else head)
        deps.append("ROOT" if t.i == root else dep)
    rows = [[h - t.i, doc.vocab.strings.add(d)] for t, h, d in zip(doc, heads, deps)]
    return doc.from_array([HEAD, DEP], numpy.array(rows, dtype="int64").reshape((-1, 2)).view("uint64"))


@pytest.fixture(scope="module")
def parsed():
    nlp = spacy.blank("en")
    nlp.add_pipe("test_norm_parser")
    _add_rules(nlp)
    return nlp


def _assert_original(doc, text):
    assert doc.text == text
    for t in doc:
        assert text[t.idx:t.idx + len(t)] == t.text


def _aligned(doc, ndoc):
    """Pairs (original token, normalized token) that correspond one to one."""
    norm = normalize(doc.text)
    return [(t, u) for t in doc for u in ndoc
            if u.idx == norm.to_normalized(t.idx) and u.idx + len(u) == norm.to_normalized(t.idx + len(t), "right")]


def test_issue_example_entities_and_tags_land_on_original_tokens(nlp):
    doc = next(annotate(nlp, [ISSUE]))
    _assert_original(doc, ISSUE)
    assert [(e.text, e.label_, e.start_char) for e in doc.ents] == [
        ("united $nakes of ameriKKKa", "GPE", 4), ("I$rael", "GPE", 51)]
    israel = doc[-2]
    assert (israel.text, israel.tag_, israel.pos_, israel.ent_type_) == ("I$rael", "NNP", "PROPN", "GPE")
    assert [t.text for t in doc.ents[0]] == ["united", "$nakes", "of", "ameriKKKa"]
    assert doc._.normspell_text == "The United States of America jailed a woman from Israel."


def test_womyn_gets_the_tag_a_rule_gives_women(nlp):
    doc = wrap(nlp)("Thousands of womyn and wimmin marched.")
    tagged = {t.text: (t.tag_, t.pos_, t.norm_) for t in doc}
    assert tagged["womyn"] == ("NNS", "NOUN", "women")
    assert tagged["wimmin"] == ("NNS", "NOUN", "women")


def test_trained_tagger_tags_are_those_of_the_standard_spelling(nlp):
    text = "The prisyners of Amerikkka wrote the hystory ."
    doc = next(annotate(nlp, [text]))
    standard = nlp("The prisoners of America wrote the history .")
    assert [t.tag_ for t in doc] == [t.tag_ for t in standard]
    assert [t.text for t in doc] == text.split()
    assert doc[6].text == "hystory" and doc[6].lemma_ == standard[6].lemma_


@pytest.mark.parametrize("text", TEXTS + [" leading", "trailing \n", "a \n  b u.$.\t\n", "I$rael,I$rael"])
def test_every_token_matches_the_original_text(nlp, text):
    doc = next(annotate(nlp, [text]))
    _assert_original(doc, text)
    assert doc._.normspell_text == normalize(text).text


def test_one_to_one_tokens_carry_exactly_the_normalized_annotations(nlp):
    text = TEXTS[1]
    doc, ndoc = next(annotate(nlp, [text])), nlp(normalize(text).text)
    pairs = _aligned(doc, ndoc)
    assert len(pairs) == len(ndoc) == len(doc)
    for t, u in pairs:
        assert (t.tag_, t.pos_, t.lemma_, t.ent_iob_, t.ent_type_, t.norm_) == (
            u.tag_, u.pos_, u.lemma_, u.ent_iob_, u.ent_type_, u.norm_)


def test_norms_are_those_of_the_standard_so_norm_matchers_find_variants(nlp):
    doc = next(annotate(nlp, ["Some womyn of I$rael and women of Israel."]))
    matcher = PhraseMatcher(nlp.vocab, attr="NORM")
    matcher.add("x", [nlp.make_doc("women of Israel")])
    assert [doc[s:e].text for _, s, e in matcher(doc)] == ["womyn of I$rael", "women of Israel"]
    assert doc[1].norm_ == nlp.vocab["women"].norm_ == "women"


def test_heads_and_labels_map_through_the_alignment(parsed):
    doc = next(annotate(parsed, [ISSUE]))
    _assert_original(doc, ISSUE)
    arcs = {t.text: (t.head.text, t.dep_) for t in doc}
    assert arcs["womyn"] == ("jailed", "dobj")
    assert arcs["I$rael"] == ("from", "pobj")
    assert arcs["united"] == ("$nakes", "compound")
    assert arcs["$nakes"] == ("jailed", "nsubj")
    assert arcs["ameriKKKa"] == ("of", "pobj")
    assert arcs["jailed"] == ("jailed", "ROOT")
    ndoc = parsed(doc._.normspell_text)
    assert [(t.head.i, t.dep_) for t in doc] == [(t.head.i, t.dep_) for t in ndoc]
    assert [t.is_sent_start for t in doc] == [t.is_sent_start for t in ndoc]


def test_groups_are_carried_by_their_root(parsed):
    n = Normalizer(parse_lexicon(GROUPS, "groups.toml"))
    text = "The usamerikkka jailed yu es ay ."
    doc = next(annotate(parsed, [text], normalizer=n))
    _assert_original(doc, text)
    assert [t.text for t in doc] == ["The", "usamerikkka", "jailed", "yu es ay", "."]
    assert doc._.normspell_text == "The United States jailed USA ."
    usa = doc[1]  # stands for "United States": the root "States" carries the arcs
    assert (usa.dep_, usa.head.text, usa.norm_) == ("nsubj", "jailed", "united states")
    assert doc[0].head == usa
    assert [(e.text, e.label_) for e in doc.ents] == [("usamerikkka", "GPE"), ("yu es ay", "GPE")]
    assert doc[3].norm_ == "usa"


def test_a_variant_is_cut_where_its_standard_is_within_their_common_prefix_or_suffix(nlp):
    n = Normalizer(parse_lexicon(GROUPS, "groups.toml"))
    doc = next(annotate(nlp, ["Our wymyn's march"], normalizer=n))
    assert [t.text for t in doc] == ["Our", "wymyn", "'s", "march"]
    assert [t.norm_ for t in doc][1:3] == ["women", "'s"]
    assert doc[1].tag_ == "NNS"
    whole = next(annotate(nlp, ["the u.$.a. and united $nakes"]))
    assert [t.text for t in whole] == ["the", "u.$.a.", "and", "united", "$nakes"]


def test_whitespace_inside_a_variant_is_a_space_token(nlp, parsed):
    text = "The United\n$tates jail women."
    doc = next(annotate(nlp, [text]))
    assert [t.text for t in doc] == ["The", "United", "\n", "$tates", "jail", "women", "."]
    assert (doc[2].tag_, doc[2].pos_) == ("_SP", "SPACE")
    assert [(e.text, e.label_) for e in doc.ents] == [("United\n$tates", "GPE")]
    arcs = next(annotate(parsed, [text]))
    assert (arcs[2].head.text, arcs[2].dep_) == ("United", "dep")
    assert (arcs[3].head.text, arcs[3].dep_) == ("jail", "nsubj")


def test_sentence_starts_and_span_groups_are_projected():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("span_ruler", config={"spans_key": "places"})
    ruler.add_patterns([{"label": "PLACE", "pattern": "United States"}, {"label": "PLACE", "pattern": "Israel"}])
    text = "Free I$rael! The united $tates jail wimmin. End"
    doc = next(annotate(nlp, [text]))
    assert [t.text for t in doc if t.is_sent_start] == ["Free", "The", "End"]
    assert [(s.text, s.label_) for s in doc.spans["places"]] == [("I$rael", "PLACE"), ("united $tates", "PLACE")]


def test_cats_tensor_and_extension_values_are_carried():
    if not Token.has_extension("test_mark"):
        Token.set_extension("test_mark", default=None)

    @Language.component("test_extras")
    def extras(doc):
        doc.cats = {"ARCHIVE": 1.0}
        doc.tensor = numpy.arange(len(doc) * 2, dtype="f").reshape((len(doc), 2))
        for t in doc:
            if t.text == "Israel":
                t._.test_mark = "seen"
        return doc

    nlp = spacy.blank("en")
    nlp.add_pipe("test_extras")
    doc = next(annotate(nlp, ["From I$rael"]))
    assert doc.cats == {"ARCHIVE": 1.0}
    assert doc[1]._.test_mark == "seen"
    assert doc.tensor.tolist() == [[0, 1], [2, 3]]


def test_changes_are_stored_where_the_component_reads_them(nlp):
    doc = next(annotate(nlp, [ISSUE]))
    assert doc._.normspell_text == normalize(ISSUE).text
    if Doc.has_extension("normspell_changes"):
        assert doc._.normspell_changes == normalize(ISSUE).changes


def test_a_text_without_variants_is_the_pipeline_doc(nlp):
    doc = next(annotate(nlp, ["The women of Israel."]))
    assert [t.tag_ for t in doc] == [t.tag_ for t in nlp("The women of Israel.")]
    assert doc._.normspell_text == "The women of Israel."


def test_project_refuses_a_doc_of_another_text(nlp):
    norm = normalize("womyn")
    with pytest.raises(ValueError, match="is not the normalized text 'women'"):
        project(norm, nlp.make_doc("womyn"))


def test_wrap_call_pipe_and_tuples_agree(nlp):
    wrapped = wrap(nlp)
    single = [wrapped(t) for t in TEXTS]
    piped = list(wrapped.pipe(TEXTS, batch_size=2))
    tupled = list(annotate(nlp, [(t, i) for i, t in enumerate(TEXTS)], as_tuples=True))
    assert [_summary(d) for d in single] == [_summary(d) for d in piped] == [_summary(d) for d, _ in tupled]
    assert [i for _, i in tupled] == list(range(len(TEXTS)))


def _summary(doc):
    return ([(t.text, t.idx, t.tag_, t.pos_, t.lemma_, t.norm_, t.dep_, t.head.i, t.is_sent_start,
              t.ent_iob_, t.ent_type_) for t in doc], doc._.normspell_text)


def test_n_process_2_gives_the_same_docs(nlp, parsed):
    texts = TEXTS * 3
    for pipeline in (nlp, parsed):
        one = [_summary(d) for d in annotate(pipeline, texts, batch_size=2)]
        two = [_summary(d) for d in annotate(pipeline, texts, batch_size=2, n_process=2)]
        assert one == two


def test_texts_longer_than_max_length_are_cut_between_paragraphs_and_sentences(nlp):
    text = "\n\n".join([TEXTS[1], ISSUE, "The womyn of I$rael wrote the hystory. " * 4])
    whole = next(annotate(nlp, [text]))
    nlp.max_length = 70
    try:
        with pytest.raises(ValueError):
            nlp(text)
        doc = next(annotate(nlp, [text]))
    finally:
        nlp.max_length = 10**6
    _assert_original(doc, text)
    # the same annotations, except that each piece starts a sentence
    assert [t[:8] + t[9:] for t in _summary(doc)[0]] == [t[:8] + t[9:] for t in _summary(whole)[0]]
    assert [e.text for e in doc.ents] == [e.text for e in whole.ents]
    assert {t.text for t in doc if t.is_sent_start} == {"Wimmin", "The"}
    assert sum(t.is_sent_start is True for t in doc) == 7


def test_cuts_fall_back_to_any_whitespace_then_anywhere_outside_variants():
    norm = normalize("x" * 30 + " united $tates " + "y" * 30)
    cuts = _cuts(norm, 20)
    pieces = [norm.text[a:b] for a, b in zip(cuts, cuts[1:])]
    assert "".join(pieces) == norm.text and max(map(len, pieces)) <= 20
    assert any(p.startswith("United States") for p in pieces)
    assert _cuts(normalize(""), 5) == [0, 0]


_WORDS = ["womyn", "I$rael", "u.$.a.", "u.$.", "united $nakes of ameriKKKa", "United\n$tates", "Amerikkka's",
          "the", "(", ")", ".", ",", "wimmin", "hystory", "women", "Israel", '"Amerikkka"', "usamerikkka",
          "yu es ay", "wymyn's", "jailed", "u.$.-backed", "anti-Amerikkkan"]
_GAPS = ["", " ", "  ", "\n", " \n ", "\t"]
_MIXED = Normalizer(Lexicon.compose([load_lexicon("mim"), parse_lexicon(GROUPS, "groups.toml")]))


@settings(max_examples=150, deadline=None)
@given(parts=st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_GAPS)), max_size=12))
def test_any_mix_of_variants_and_whitespace_keeps_the_text_and_a_tree(parsed, parts):
    text = "".join(w + s for w, s in parts)
    doc = next(annotate(parsed, [text], normalizer=_MIXED))
    _assert_original(doc, text)
    assert doc._.normspell_text == _MIXED.normalize(text).text
    for t in doc:  # every token reaches a root: the projected arcs form trees
        seen, h = set(), t
        while h.head != h:
            assert h.i not in seen
            seen.add(h.i)
            h = h.head
