"""Behaviour of the core: cases as data, changes, choices, config, mentions."""

import json
import pickle
import re
import threading
from pathlib import Path

import pytest

import normspell
from normspell import NormalizeConfig, Normalizer

CASES = json.loads((Path(__file__).parent / "cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_cases(case):
    assert normspell.normalize(case["original"]).text == case["expected"]


def test_issue_example_changes_carry_offsets_into_the_original():
    text = "The womyn of Amerikkka and the u.$. state"
    r = normspell.normalize(text)
    assert r.text == "The women of America and the U.S. state"
    assert [(c.start, c.end, c.original, c.replacement) for c in r.changes] == [
        (4, 9, "womyn", "women"), (13, 22, "Amerikkka", "America"), (31, 35, "u.$.", "U.S.")]
    for c in r.changes:
        assert text[c.start:c.end] == c.original
    amerika = r.changes[1]
    assert (amerika.standard, amerika.category, amerika.rule, amerika.confidence) == (
        "America", "place", "mim:amerika", 1.0)


def test_detect_reports_without_rewriting():
    found = normspell.detect("A womyn in I$rael")
    assert [(c.original, c.replacement, c.kind) for c in found] == [
        ("womyn", "woman", "variant"), ("I$rael", "Israel", "variant")]


def test_offsets_index_the_original_when_case_mapping_changes_length():
    text = "\u0130\u0130\u0130 Amerika"  # 'İ'.lower() has two characters
    (c,) = normspell.detect(text)
    assert (c.start, c.end) == (4, 11) and text[c.start:c.end] == "Amerika"


def test_choice_confidence_is_lower_without_a_cue():
    decided = normspell.detect("a womyn")[0]
    undecided = normspell.detect("womyn and revolution")[0]
    assert decided.replacement == "woman" and decided.confidence > undecided.confidence
    assert "default" in undecided.reason and "'a' before" in decided.reason


def test_skip_and_only_categories():
    text = "Wimmin of Amerika"
    assert Normalizer.from_lexicons(["mim"], skip={"gender"}).normalize(text).text == "Wimmin of America"
    assert Normalizer.from_lexicons(["mim"], only={"gender"}).normalize(text).text == "Women of Amerika"


def test_min_confidence_drops_undecided_choices():
    n = Normalizer.from_lexicons(["mim"], min_confidence=0.7)
    assert n.normalize("womyn and a womyn").text == "womyn and a woman"


def test_mentions_are_reported_and_kept_or_normalized_on_request():
    text = 'MIM decided to spell "women" as "womyn".'
    r = normspell.normalize(text)
    assert r.text == text and [m.original for m in r.mentions] == ["womyn"]
    assert r.mentions[0].kind == "mention"
    n = Normalizer.from_lexicons(["mim"], mentions="normalize")
    assert n.normalize(text).text == 'MIM decided to spell "women" as "women".'


def test_protection_can_be_switched_off():
    n = Normalizer.from_lexicons(["mim"], protect=False)
    assert n.normalize("New Afrikan").text == "New African"


def test_config_rejects_unknown_mention_mode():
    with pytest.raises(ValueError, match="mentions must be"):
        NormalizeConfig(mentions="drop")


def test_explain_names_place_entry_and_reason():
    out = normspell.normalize("x\nA womyn").explain()
    assert out.startswith("2:3 'womyn' -> 'woman' [gender; mim:womyn; confidence 0.95;")


def test_explain_places_every_change_at_its_line_and_column():
    text = "Amerika\n\nx womyn and wimmin\n  u.$.\r\nI$rael, I$rael\n"
    r = normspell.normalize(text)
    places = [line.split(" ")[0] for line in r.explain().splitlines()]
    expected = []
    for c in r.changes + r.mentions:
        before = text[:c.start]
        expected.append((before.count("\n") + 1, c.start - (before.rfind("\n") + 1) + 1, c.start))
    assert places == [f"{line}:{col}" for line, col, _ in sorted(expected, key=lambda x: x[2])]
    assert places == ["1:1", "3:3", "3:13", "4:3", "5:1", "5:9"]


def test_normalizer_pickles_and_gives_the_same_results():
    n = Normalizer.from_lexicons(["mim"])
    text = "Wimmin of Amerikkka, u.$. and I$rael"
    clone = pickle.loads(pickle.dumps(n))
    assert clone.normalize(text) == n.normalize(text)


def test_one_normalizer_from_eight_threads_matches_sequential_use():
    n = Normalizer.from_lexicons(["mim"])
    texts = [f"{i} womyn of Amerika and u.$. persyns " * (i + 1) for i in range(40)]
    expected = [n.normalize(t) for t in texts]
    results = [None] * len(texts)

    def work(k):
        for i in range(k, len(texts), 8):
            results[i] = n.normalize(texts[i])

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == expected


def test_results_are_immutable():
    r = normspell.normalize("Amerika")
    with pytest.raises(AttributeError):
        r.text = "x"
    with pytest.raises(AttributeError):
        r.changes[0].start = 3


def test_dollar_rule_generalizes_to_unlisted_words_but_not_currency():
    r = normspell.normalize("Zioni$t imperiali$m, squad$, US$ 300, HK$5, R$ 20 and $5")
    assert r.text == "Zionist imperialism, squads, US$ 300, HK$5, R$ 20 and $5"
    assert {c.rule for c in r.changes} == {"mim:dollar-for-s"}
    assert all(c.confidence == 0.8 for c in r.changes)


def test_runaway_pattern_at_run_time_is_a_clear_error(monkeypatch):
    from normspell import PatternTimeoutError
    from normspell.lexicon import Lexicon, Rule

    monkeypatch.setattr("normspell.matcher.PATTERN_TIMEOUT", 0.001)
    rule = Rule("slow", r"(?:(?:a\$)+)+!", "$", (("$", "s"),), "c", "t", "t.toml:3")
    n = Normalizer(Lexicon("t", entries=(), rules=(rule,)))
    with pytest.raises(PatternTimeoutError, match=r"rule 'slow' at t.toml:3 took over"):
        n.normalize("a$" * 20000 + "?")
    # a chunk of at most 16 characters runs untimed (it cannot run away): same answer
    assert n.normalize("a$" * 7 + "?").text == "a$" * 7 + "?"
    assert n.normalize("a$" * 7 + "!").text == "as" * 7 + "!"


def test_dollar_rule_leaves_code_and_math_alone():
    text = 'x = r"oops$"; $\\theta$ and w$, arguments$, ^abc$, myBranch$, data$left, res$time'
    assert normspell.normalize(text).text == text


def test_no_common_english_word_is_changed_unless_it_is_a_listed_spelling():
    # Precision on ordinary words: the 300,000 commonest English words (wordfreq's
    # list, gathered from the web, so it holds a few of the archive's own spellings).
    # Any other change would be a real word broken by a stem, compound or rule.
    wordfreq = pytest.importorskip("wordfreq")
    from normspell.lexicon import expand_forms

    words = wordfreq.top_n_list("en", 300_000)
    n = Normalizer.from_lexicons(["mim"])
    listed = {form for e in n.lexicon.entries for form, _c, _s, is_open in expand_forms(e) if not is_open}
    changed = {c.original for c in n.normalize("\n".join(words)).changes}
    assert changed, "the list holds a few archive spellings (womyn, amerikkka)"
    assert changed <= listed, sorted(changed - listed)


def _typographic(s: str) -> str:
    """``s`` with curly quotes and apostrophes, as word processors and web pages write it."""
    s = re.sub(r'(^|[\s(\[])"', lambda m: m.group(1) + "\u201c", s).replace('"', "\u201d")
    return re.sub(r"(^|[\s(\[])'", lambda m: m.group(1) + "\u2018", s).replace("'", "\u2019")


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_every_case_reads_the_same_with_typographic_quotes(case):
    assert normspell.normalize(_typographic(case["original"])).text == _typographic(case["expected"])
