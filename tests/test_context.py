"""The context readers take shortcuts for speed; they must agree with their plain definitions.

Each reference below is the straightforward reading the shortcut replaces: tokenize the
full stretch of ``REACH``-bounded text around the match. The shortcuts read a shorter
stretch cut at whitespace first, and test cheap necessary conditions before the full test.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from normspell import context, mentions
from normspell.lexicon import MentionRule, Protect, load_lexicon

MIM = load_lexicon("mim")
WORDS = ["the", "of", "women", "womyn", "a", "these", "is", "are", "und", "der", "das", "ist",
         "term", "spelled", "with", "k", "word", "philosopher", "Kafka's", "Kafka\u2019s", "isn\u2019t",
         "\u00df", "\u0130", "to", "into", "as", "has", "changed", "written", "spell", "it", "such",
         "spellings", "like", "words", "was", "is", "Kafka", "Ro\u00dfmann", "ROSSMANN", "verschollene",
         "U.S.", "u.$.", "--", "(", ")", "\"", "\u201c", ".", ",", ";", "42", "x" * 30]
SEPS = [" ", "  ", "\n", "\t", "", ", ", ". "]
texts = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPS)), max_size=60).map(
    lambda parts: "".join(w + s for w, s in parts))


def _collect_reference(tokens, n, stop):
    out = []
    for tok in tokens:
        if tok in stop:
            break
        if tok in context._CLAUSE_END:
            continue
        out.append(tok)
        if len(out) == n:
            break
    return out


def _words_before_reference(text, start, n, stop=context._CLAUSE_END):
    snippet = text[max(0, start - min(context.REACH, n * context._CHARS_PER_WORD)):start]
    return _collect_reference(reversed(context._tokens(snippet)), n, stop)


def _words_after_reference(text, end, n, stop=context._CLAUSE_END):
    snippet = text[end:end + min(context.REACH, n * context._CHARS_PER_WORD)]
    return _collect_reference(context._tokens(snippet), n, stop)


def _apostrophes(s):
    # the readers take a typographic apostrophe for a plain one (isn\u2019t, Kafka\u2019s)
    return s.replace("\u2019", "'")


def _protected_reference(text, start, end, protects):
    window = max(p.window for p in protects)
    span = min(context.REACH, window * context._CHARS_PER_WORD)
    before = context._WORD.findall(_apostrophes(text[max(0, start - span):start].lower()))[-window:]
    after = context._WORD.findall(_apostrophes(text[end:end + span].lower()))[:window]
    for p in protects:
        near, w = set(p.near), p.window
        if sum(x in near for x in before[-w:]) + sum(x in near for x in after[:w]) >= p.min_near:
            return True
    return False


@settings(max_examples=400, deadline=None)
@given(texts, st.integers(0, 400), st.integers(1, 8), st.data())
def test_words_around_equal_the_full_reading(text, at, n, data):
    at = min(at, len(text))
    for stop in (context._CLAUSE_END, mentions._SENTENCE_END):
        assert context.words_before(text, at, n, stop=stop) == _words_before_reference(text, at, n, stop)
        assert context.words_after(text, at, n, stop=stop) == _words_after_reference(text, at, n, stop)


GERMAN = next(p for p in MIM.protects if p.min_near > 1)
KAFKA = next(p for p in MIM.protects if "kafka" in p.near)
PROTECT_SETS = [(GERMAN,), (KAFKA,), (GERMAN, KAFKA),
                (Protect("x", "t", "t:1", near=("of", "the"), window=2, min_near=2),)]


@settings(max_examples=400, deadline=None)
@given(texts, st.integers(0, 400), st.sampled_from(PROTECT_SETS))
def test_protected_by_context_equals_the_full_reading(text, at, protects):
    at = min(at, len(text))
    end = min(len(text), at + 3)
    assert context.is_protected_by_context(text, at, end, protects) == _protected_reference(text, at, end, protects)


def test_long_words_send_the_reading_to_the_full_stretch():
    # Four 20-letter words fill the short stretch: the near words beyond it must still count.
    text = "und der " + " ".join(["Donaudampfschifffahrt"] * 4) + " Amerika"
    i = text.index("Amerika")
    assert context.is_protected_by_context(text, i, i + 7, (GERMAN,))
    assert context.words_before(text, i, 6)[-2:] == ["der", "und"]
    after = "Amerika " + " ".join(["Donaudampfschifffahrt"] * 4) + " ist das"
    assert context.is_protected_by_context(after, 0, 7, (GERMAN,))
    assert context.words_after(after, 7, 6)[-2:] == ["ist", "das"]


def test_a_long_german_passage_still_protects_and_english_does_not():
    german = "Das Buch ist nicht neu, und der Roman Amerika von Franz spielt in der neuen Welt."
    i = german.index("Amerika")
    assert context.is_protected_by_context(german, i, i + 7, (GERMAN,))
    english = "The long history of the United States and of Amerika as the empire named it here."
    i = english.index("Amerika")
    assert not context.is_protected_by_context(english, i, i + 7, (GERMAN,))


@settings(max_examples=400, deadline=None)
@given(texts, st.integers(0, 400))
def test_the_mention_gate_never_hides_a_mention(text, at):
    at = min(at, len(text))
    end = min(len(text), at + 5)
    for rule in (MIM.mentions, MentionRule(cues=("word",), before=("the term",), after=("with a k",))):
        gate = mentions.mention_gate(rule)
        if mentions.is_mention(text, at, end, rule):
            assert mentions.may_be_mention(text, at, end, gate)


def test_the_mention_gate_is_off_for_short_or_non_ascii_words():
    assert mentions.mention_gate(MentionRule(before=("a",)))[2] is False
    assert mentions.mention_gate(MentionRule(after=("\u00fcber alles",)))[2] is False
    assert mentions.mention_gate(MIM.mentions)[2] is True


@settings(max_examples=400, deadline=None)
@given(texts)
def test_tokens_equal_lowering_each_token(text):
    # _tokens lower-cases an ASCII stretch once; the definition lowers token by token.
    expected = [_apostrophes(t.lower().rstrip(".") if len(t) > 1 else t.lower()) for t in context._TOKEN.findall(text)]
    assert context._tokens(text) == expected


@settings(max_examples=400, deadline=None)
@given(texts)
def test_words_equal_the_regular_expression(text):
    assert context._words(text) == context._WORD.findall(_apostrophes(text.lower()))
