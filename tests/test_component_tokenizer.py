"""The tokenizer wrapper the component adds: delegation, pickling, saving, and the same
results as the component without it."""

import inspect
import pickle
import re
from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")
from spacy.tokenizer import Tokenizer  # noqa: E402
from spacy.tokens import Doc  # noqa: E402
from spacy_pipelines import make  # noqa: E402

from normspell.spacy.tokenizer import TextKeepingTokenizer, doc_text  # noqa: E402

ARCHIVE = sorted((Path(__file__).parent.parent / "examples" / "archive").glob("*.txt"))
PARAGRAPHS = [p for path in ARCHIVE for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
TEXTS = PARAGRAPHS + [
    "The united $nakes of ameriKKKa jailed a womyn from I$rael.",
    "$nakes", "the united $nakes", "($nakes, $NAKES) U.$.A. the u.$.a.", "the u.$.a. today",
    "U.$.-led wars", "Euro-Amerikans", "ameriKKKa's jails",
    "a womyn", "these womyn", "Womyn of Amerika", "WIMMIN unite", "one womyn and two womyn",
    "Maoist Internationalist Party - Amerika", "the Republic of New Afrika", "Kafka's novel Amerika",
    'MIM decided to spell "women" as "womyn".',
    "the United\n$tates", "United\n$tates  troops and u.$.a. (Amerikkka's) wimmin\tmarched .",
    "", " ", "  womyn  ", "womyn\n", "\n\nI$rael\n\n", "nothing to see", "İstanbul womyn",
]


@pytest.fixture(scope="module")
def nlp():
    return make()


@pytest.fixture(scope="module")
def plain():
    return make(wrap_tokenizer=False)


def summary(doc):
    """Everything the component writes, in plain values."""
    return (doc.text, [(t.text, t.whitespace_, t.norm_, t._.normspell_standard) for t in doc],
            {key: [(s.start_char, s.end_char, s.label_) for s in group] for key, group in doc.spans.items()},
            doc._.normspell_changes, doc._.normspell_mentions, doc._.normspell_text)


# --- wrapping ---------------------------------------------------------------------

def test_the_component_wraps_the_tokenizer_once_and_the_switch_turns_it_off(nlp, plain):
    assert isinstance(nlp.tokenizer, TextKeepingTokenizer)
    assert type(nlp.tokenizer.__wrapped__) is Tokenizer
    assert inspect.unwrap(nlp.tokenizer) is nlp.tokenizer.__wrapped__
    assert type(plain.tokenizer) is Tokenizer
    two = make()
    two.add_pipe("normspell", name="second", config={"skip": ["gender"]})
    assert type(two.tokenizer.__wrapped__) is Tokenizer  # not a wrapper of a wrapper


def test_the_wrapper_keeps_the_text_it_was_given(nlp):
    text = "the u.$.a. and I$rael"
    doc = nlp.make_doc(text)
    assert doc_text(doc) is text  # not rebuilt from the tokens
    assert doc_text(nlp.tokenizer.__wrapped__(text)) == text  # rebuilt: no wrapper made it
    assert [doc_text(d) for d in nlp.tokenizer.pipe(iter(TEXTS[:5]))] == TEXTS[:5]


def test_nothing_is_stored_on_the_doc(nlp):
    text = "a womyn from I$rael"
    doc = nlp.make_doc(text)
    assert doc.user_data == {}
    assert doc.to_bytes() == nlp.tokenizer.__wrapped__(text).to_bytes()


def test_an_empty_doc_filled_later_is_read_again(nlp):
    empty = nlp.make_doc("")
    empty.from_bytes(nlp.make_doc("a womyn").to_bytes())
    assert doc_text(empty) == "a womyn"
    assert nlp(empty)._.normspell_text == "a woman"


# --- delegation -------------------------------------------------------------------

def test_attributes_special_cases_and_explain_are_the_wrapped_tokenizers():
    nlp = make()
    inner = nlp.tokenizer.__wrapped__
    assert nlp.tokenizer.rules is inner.rules and nlp.tokenizer.vocab is nlp.vocab
    # Customizing through nlp.tokenizer, as spaCy's docs show, customizes the tokenizer.
    nlp.tokenizer.infix_finditer = re.compile(r"[$]").finditer
    assert inner.infix_finditer == nlp.tokenizer.infix_finditer
    assert [t.text for t in nlp.make_doc("I$rael")] == ["I", "$", "rael"]
    assert nlp("I$rael")._.normspell_text == "Israel" and len(nlp("I$rael")) == 1  # merged back
    nlp.tokenizer.add_special_case("u.$.a.", [{"ORTH": "u.$.a."}])
    assert [t.text for t in inner("the u.$.a.")] == ["the", "u.$.a."]
    assert nlp.tokenizer.explain("the u.$.a.") == inner.explain("the u.$.a.")
    with pytest.raises(AttributeError):
        nlp.tokenizer.no_such_attribute  # noqa: B018


def test_bytes_and_disk_are_the_wrapped_tokenizers(tmp_path):
    nlp = make()
    nlp.tokenizer.add_special_case("$nakes", [{"ORTH": "$nakes"}])
    data = nlp.tokenizer.to_bytes()
    assert data == nlp.tokenizer.__wrapped__.to_bytes()
    other = make()
    assert other.tokenizer.from_bytes(data) is other.tokenizer
    assert [t.text for t in other.make_doc("$nakes")] == ["$nakes"]
    nlp.tokenizer.to_disk(tmp_path / "tokenizer")
    third = make()
    assert third.tokenizer.from_disk(tmp_path / "tokenizer") is third.tokenizer
    assert [t.text for t in third.make_doc("$nakes")] == ["$nakes"]


def test_the_wrapper_pickles_as_what_it_wraps(nlp):
    copy = pickle.loads(pickle.dumps(nlp.tokenizer))
    assert isinstance(copy, TextKeepingTokenizer) and type(copy.__wrapped__) is Tokenizer
    text = "the united $nakes"
    assert doc_text(copy(text)) is text
    assert [t.text for t in copy(text)] == [t.text for t in nlp.make_doc(text)]


def test_a_pickled_pipeline_keeps_its_wrapper_and_results(nlp):
    copy = pickle.loads(pickle.dumps(nlp))
    assert isinstance(copy.tokenizer, TextKeepingTokenizer)
    assert [summary(d) for d in copy.pipe(TEXTS)] == [summary(d) for d in nlp.pipe(TEXTS)]


def test_to_disk_and_spacy_load_wrap_the_ordinary_tokenizer_again(tmp_path):
    nlp = make()
    nlp.get_pipe("normspell").add_special_cases(nlp.tokenizer)
    nlp.to_disk(tmp_path / "p")
    assert spacy.util.load_config(tmp_path / "p" / "config.cfg")["nlp"]["tokenizer"] == {
        "@tokenizers": "spacy.Tokenizer.v1"}
    loaded = spacy.load(tmp_path / "p")
    assert isinstance(loaded.tokenizer, TextKeepingTokenizer)
    assert [t.text for t in loaded.make_doc("the u.$.a.")] == ["the", "u.$.a."]
    assert [summary(d) for d in loaded.pipe(TEXTS)] == [summary(d) for d in nlp.pipe(TEXTS)]
    nlp = make(wrap_tokenizer=False)
    nlp.to_disk(tmp_path / "off")
    assert type(spacy.load(tmp_path / "off").tokenizer) is Tokenizer


# --- the same results with and without the wrapper ----------------------------------

def test_with_and_without_the_wrapper_the_docs_are_the_same(nlp, plain):
    assert [summary(nlp(t)) for t in TEXTS] == [summary(plain(t)) for t in TEXTS]
    assert [summary(d) for d in nlp.pipe(TEXTS, batch_size=3)] == [summary(plain(t)) for t in TEXTS]


def test_docs_the_wrapper_did_not_make_give_the_same_results(nlp, plain):
    expected = [summary(plain(t)) for t in TEXTS]
    inner, component = nlp.tokenizer.__wrapped__, nlp.get_pipe("normspell")

    def rebuilt(text):  # a Doc made from words, as other tools make them
        words = inner(text)
        return Doc(nlp.vocab, words=[t.text for t in words], spaces=[bool(t.whitespace_) for t in words])

    assert [summary(component(rebuilt(t))) for t in TEXTS] == expected
    assert [summary(nlp(rebuilt(t))) for t in TEXTS] == expected
    assert [summary(d) for d in nlp.pipe(rebuilt(t) for t in TEXTS)] == expected
    assert [summary(nlp(nlp.make_doc(t))) for t in TEXTS] == expected
    assert [summary(component(nlp.make_doc(t))) for t in TEXTS] == expected


def test_a_tokenizer_set_after_the_component_gives_the_same_results(plain):
    nlp = make()
    nlp.tokenizer = Tokenizer(nlp.vocab)  # whitespace only: nothing is split
    base = make(wrap_tokenizer=False)
    base.tokenizer = Tokenizer(base.vocab)
    assert [summary(nlp(t)) for t in TEXTS] == [summary(base(t)) for t in TEXTS]


class SplitOnSpaces:
    """spaCy's documented custom tokenizer: every word gets a trailing space."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text):
        words = text.split(" ")
        return Doc(self.vocab, words=words, spaces=[True] * len(words))


def test_a_custom_tokenizer_is_not_wrapped_as_its_docs_need_not_keep_the_text():
    nlp = spacy.blank("en")
    nlp.tokenizer = SplitOnSpaces(nlp.vocab)
    nlp.add_pipe("normspell")
    assert type(nlp.tokenizer) is SplitOnSpaces
    doc = nlp("a womyn in I$rael")
    assert doc.text == "a womyn in I$rael " and doc._.normspell_text == "a woman in Israel "


def test_two_components_share_one_wrapper_and_give_the_same_results():
    def pipeline(wrap):
        nlp = make(wrap_tokenizer=wrap)
        nlp.add_pipe("normspell", name="places", config={"only": ["place"], "spans_key": "places",
                                                          "wrap_tokenizer": wrap})
        return nlp

    on, off = pipeline(True), pipeline(False)
    assert isinstance(on.tokenizer, TextKeepingTokenizer) and type(off.tokenizer) is Tokenizer
    docs = list(on.pipe(TEXTS))
    assert [summary(d) for d in docs] == [summary(d) for d in off.pipe(TEXTS)]
    assert [s.text for s in docs[TEXTS.index("the u.$.a. today")].spans["places"]] == ["u.$.a."]


def test_n_process_2_gives_the_same_docs_with_the_wrapper(nlp, plain):
    one = [summary(d) for d in plain.pipe(TEXTS)]
    assert [summary(d) for d in nlp.pipe(TEXTS, n_process=2, batch_size=4)] == one


# --- the component's batches ------------------------------------------------------------

def test_a_failing_doc_goes_to_the_error_handler_and_the_others_go_on():
    nlp = make()
    component = nlp.get_pipe("normspell")
    seen = []
    nlp.set_error_handler(lambda name, proc, docs, e: seen.append((name, [d.text for d in docs], type(e))))
    detect = component.normalizer.detect

    def failing(text):
        if "boom" in text:
            raise RuntimeError(text)
        return detect(text)

    component.normalizer.detect = failing
    docs = list(nlp.pipe(["a womyn", "boom", "I$rael"], batch_size=8))
    assert [d._.normspell_text for d in docs] == ["a woman", "Israel"]
    assert seen == [("normspell", ["boom"], RuntimeError)]
