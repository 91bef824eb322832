"""Properties over arbitrary text (hypothesis)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from normspell import Normalizer, apply, restore

N = Normalizer.from_lexicons(["mim"])
VARIANTS = ["womyn", "Amerikkka", "u.$.", "I$rael", "united $tates", "persynal", "WIMMIN",
            "$5", "New Afrika", "'s", "-", "\u0130", "\u00df", "\u0301", "\u05d0", "kkk", "$$$", "...", "_"]
texts = st.lists(st.one_of(st.text(max_size=12), st.sampled_from(VARIANTS),
                           st.sampled_from([" ", "\n", "\t", "\r\n"])), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_normalize_properties(text):
    r = N.normalize(text)
    # idempotent
    assert N.normalize(r.text).text == r.text
    assert N.detect(r.text) == () or all(c.kind == "mention" for c in N.detect(r.text))
    # offsets index the original; replay and undo are exact
    for c in r.changes:
        assert text[c.start:c.end] == c.original
    assert apply(text, r.changes) == r.text
    assert restore(r.text, r.changes) == text
    # outside the changes the text is byte-identical
    pos = 0
    for c in r.changes:
        assert r.to_normalized(c.start) - r.to_normalized(pos) == c.start - pos
        pos = c.end
    # alignment is monotone
    mapped = [r.to_normalized(i) for i in range(len(text) + 1)]
    assert mapped == sorted(mapped)
    # the fast path equals the reference scan
    assert N.detect(text) == N._detect_reference(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_characters="$"), max_size=200))
def test_text_without_variants_comes_back_identical(text):
    r = N.normalize(text)
    if not r.changes:
        assert r.text == text


@given(st.from_regex(r"\$[0-9][0-9,.]{0,8}( (million|billion))?", fullmatch=True))
def test_currency_is_never_touched(amount):
    for text in (amount, f"u.$. paid {amount} to I$rael", f"US{amount}"):
        r = N.normalize(text)
        assert amount in r.text
