"""Discovering unlisted spellings: rules, filters, confidence, output, and the corpora."""

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from discover_corpus import (
    FROZEN_LEXICON,
    PLANTED,
    PLANTED_IF_UNLISTED,
    archive,
    documents,
    frozen_lexicon,
    standard_english,
)

import normspell
from normspell import _wordfreq
from normspell._rules import RULES, levenshtein, rewrites
from normspell._wordfreq import MissingExtraError, no_frequencies
from normspell.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, cli
from normspell.discovery import Candidate, Kwic, discover, score, to_lexicon, to_toml
from normspell.lexicon import Lexicon, parse_lexicon
from normspell.normalize import NormalizeConfig, Normalizer

ROOT = Path(__file__).resolve().parent.parent
HEADER = 'format = 1\n\n[lexicon]\nname = "mine"\n'

# A word list for tests that must not depend on wordfreq's numbers.
FAKE = {"squads": 3.54, "bums": 3.18, "maoists": 2.52, "capitalism": 3.97, "california": 4.9,
        "minority": 4.41, "womanhood": 2.9, "girls": 5.17, "years": 5.96, "folks": 4.59,
        "escape": 4.64, "funky": 3.63, "israel": 4.77, "folx": 1.51, "kafka": 2.97,
        "klan": 3.18, "kansas": 4.37, "books": 5.15, "kosta": 1.5, "costa": 4.15,
        "kumquats": 1.67, "human": 5.35, "state": 5.78}


def fake_zipf(word: str) -> float:
    return FAKE.get(word, 0.0)


# The tests discover against a lexicon frozen in discover_corpus.py, so that they
# keep their meaning as the bundled mim lexicon grows.
FROZEN = frozen_lexicon()


def found(text, **kw):
    kw.setdefault("zipf", fake_zipf)
    kw.setdefault("lexicons", FROZEN)
    return {c.variant: c for c in discover([text], **kw)}


# --- each rule ------------------------------------------------------------------

@pytest.mark.parametrize("text, variant, standard, rule", [
    ("the squad$ came", "squad$", "squads", "dollar-s"),
    ("the Isr@el lobby", "isr@el", "Israel", "at-a"),
    ("those m@oi$t$ again", "m@oi$t$", "maoists", "at-a+dollar-s"),
    ("against \u00a2apitalism", "\u00a2apitalism", "capitalism", "cent-c"),
    ("we live in KKKalifornia now", "kkkalifornia", "California", "kkk-c"),
    ("against kapitalism", "kapitalism", "capitalism", "k-c"),
    ("the mynority rules", "mynority", "minority", "yn-vowel"),
    ("on womynhood", "womynhood", "womanhood", "yn-vowel"),
    ("all the gyrls", "gyrls", "girls", "y-i"),
    ("twenty yearz", "yearz", "years", "z-s"),
    ("the Afrikanz", "afrikanz", "Africans", "k-c+z-s"),
    ("hello folx", "folx", "folks", "x-ks"),
    ("the xcape plan", "xcape", "escape", "x-ks"),
    ("a phunky tune", "phunky", "funky", "ph-f"),
    ("Amurika is a prison", "amurika", "America", "near-variant"),
])
def test_each_rule_finds_its_spelling(text, variant, standard, rule):
    c = found(text)[variant]
    assert (c.standard, c.rule) == (standard, rule)
    assert 0 < c.confidence <= min(RULES[r].prior for r in rule.split("+"))


def test_near_standard_needs_a_marker_the_standard_lacks():
    lex = parse_lexicon((HEADER + '[[entry]]\nvariants = ["humyn"]\nstandard = "human"\n'
                         'category = "gender"\n').encode())
    c = found("the humxn race", lexicons=lex)["humxn"]
    assert (c.standard, c.rule) == ("human", "near-standard")
    assert "humen" not in found("the humen race", lexicons=lex)  # a typo has no marker


@pytest.mark.parametrize("word, standard", [
    ("prisyners", "prisoners"), ("hystory", "history"), ("KKKolumbus", "Columbus"),
])
def test_what_mim_lists_is_found_by_rule_when_a_lexicon_does_not(word, standard):
    pytest.importorskip("wordfreq")
    assert found(f"we saw {word} there", zipf=None)[word.lower()].standard == standard
    assert word.lower() not in found(f"we saw {word} there", zipf=None, lexicons=["mim"])


def test_a_form_an_open_entry_covers_is_found_once_the_entry_is_gone():
    pytest.importorskip("wordfreq")
    assert found("on persynhood", zipf=None) == {}
    without = found("on persynhood", zipf=None, lexicons=frozen_lexicon(without=("persyn",)))
    assert without["persynhood"].standard == "personhood"


def test_rule_selection_and_unknown_rules():
    assert set(found("the squad$ and folx", rules=["x-ks"])) == {"folx"}
    with pytest.raises(ValueError, match="unknown discovery rule"):
        discover(["x"], rules=["nope"], zipf=fake_zipf, lexicons=FROZEN)


def test_rewrites_try_fewest_changes_first_and_leave_unexplained_symbols():
    changes = [n for _w, _r, n in rewrites("afrikanz")]
    assert changes == sorted(changes)
    assert list(rewrites("chican@")) == [] and list(rewrites("latin@s")) == []
    assert levenshtein("kolumbus", "columbus", 2) == 1


# --- the filters ------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Kafka and the Klan in Kansas", "books about Africa", "paid $5, $3-$5 and $2.02",
    "US$ 40 million and 5$", "see http://example.org/kapital and www.folx.org/squad$",
    "mail me@kapital.org", "#kapital @folx", "my_kapital getKapital2 x86_64 iPhone",
    "Room 42k", "U.$.-backed", "KKK and NYPD and KFC", "O'Kapital",
])
def test_words_currency_urls_numbers_and_code_are_never_candidates(text):
    assert found(text) == {}


def test_the_standard_must_be_frequent_enough():
    assert "yearz" in found("twenty yearz")
    assert "yearz" not in found("twenty yearz", min_standard_zipf=6.5)  # years: 5.96
    assert "kumquatz" not in found("the kumquatz")  # kumquats: 1.67, a rare word
    # symbol rules accept a rarer standard than letter rules
    assert "m@oi$t$" in found("the M@oi$t$", min_standard_zipf=3.5)  # maoists: 2.52 >= 3.5 - 1
    assert "womynhood" not in found("on womynhood", min_standard_zipf=3.5)  # 2.9 < 3.5 - 0.5
    assert "kapitalism" not in found("on kapitalism", min_standard_zipf=4.0)  # 3.97 < 4.0


def test_the_candidate_must_be_rare():
    assert "folx" in found("hello folx")  # 1.51 < 2.0
    assert "folx" not in found("hello folx", max_variant_zipf=1.5)


def test_a_capitalized_word_the_list_knows_is_a_name():
    assert "kosta" not in found("we met Kosta there")
    assert "kosta" in found("the kosta was there")


def test_spellings_the_lexicon_handles_or_protects_are_not_candidates():
    text = ("The womyn of Amerikkka, the New Afrikan nation, Kafka's Amerika, "
            '"Amerikkkan" as a word, and I$rael.')
    assert found(text) == {}


def test_lexicon_standard_keeps_its_case_and_a_proper_noun_is_capitalized():
    got = found("the Afrikanz and, in the west, KKKalifornia")
    assert got["afrikanz"].standard == "Africans"
    assert got["kkkalifornia"].standard == "California"
    # Capitals that begin a sentence or sit in a Title Case line say nothing.
    assert found("Kapitalism. Kapitalism!")["kapitalism"].standard == "capitalism"
    assert found("Kick Cracker Bum$ out")["bum$"].standard == "bums"
    assert found("the bum$ and the Bum$")["bum$"].standard == "bums"


def test_no_lexicon_and_a_standard_that_is_another_candidate():
    assert set(found("the squad$ and folx", lexicons=[])) == {"squad$", "folx"}
    # Thresholds that overlap let kasts be a variant (-> casts) and a standard
    # (ka$ts -> kasts): a lexicon of both would rewrite its own output.
    zipf = {"kasts": 2.5, "casts": 4.0}.get
    got = discover(["ka$ts and kasts"], zipf=lambda w: zipf(w, 0.0), max_variant_zipf=3.0, lexicons=[])
    assert [(c.variant, c.standard) for c in got] == [("kasts", "casts")]
    got = discover(["ka$ts and kasts"], zipf=lambda w: zipf(w, 0.0), max_variant_zipf=3.0, lexicons=[],
                   rules=["dollar-s"])
    assert [(c.variant, c.standard) for c in got] == [("ka$ts", "kasts")]


def test_without_wordfreq_only_lexicon_standards_count():
    got = found("the Amerikkkanz and the squad$", zipf=no_frequencies)
    assert got["amerikkkanz"].standard == "Americans" and "squad$" not in got


def test_the_adapter_agrees_with_zipf_frequency_but_never_strips_symbols():
    wordfreq = pytest.importorskip("wordfreq")
    zipf = _wordfreq.wordfreq_zipf("en")
    for word in ("history", "squads", "maoists", "folx", "kafka", "hystory"):
        assert zipf(word) == wordfreq.zipf_frequency(word, "en")
    assert wordfreq.zipf_frequency("squad$", "en") > 4 and zipf("squad$") == 0.0


def test_missing_wordfreq_says_how_to_install_it(monkeypatch):
    _wordfreq._frequency_dict.cache_clear()
    monkeypatch.setitem(sys.modules, "wordfreq", None)
    try:
        with pytest.raises(MissingExtraError, match=r"pip install 'normspell\[discover\]'"):
            discover(["the squad$"])
        r = CliRunner().invoke(cli, ["discover", "-"], input="the squad$")
        assert r.exit_code == EXIT_USAGE and "--lexicon-only" in r.stderr
    finally:
        _wordfreq._frequency_dict.cache_clear()


# --- counts, confidence, examples -----------------------------------------------

def test_counts_documents_forms_and_examples():
    docs = [("a.txt", "the squad$ and the Squad$ again"), ("b.txt", "one squad$"), "no match"]
    (c,) = discover(docs, zipf=fake_zipf, lexicons=FROZEN, max_examples=2)
    assert (c.count, c.documents, c.forms) == (3, 2, ("squad$", "Squad$"))
    assert [k.source for k in c.examples] == ["a.txt", "b.txt"]  # other documents first
    assert c.examples[0] == Kwic("a.txt", "the ", "squad$", " and the Squad$ again")
    (c,) = discover(docs, zipf=fake_zipf, lexicons=FROZEN, max_examples=3)
    assert [(k.source, k.keyword) for k in c.examples] == [
        ("a.txt", "squad$"), ("b.txt", "squad$"), ("a.txt", "Squad$")]
    assert discover(docs, zipf=fake_zipf, lexicons=FROZEN, max_examples=0)[0].examples == ()
    assert discover(docs, zipf=fake_zipf, lexicons=FROZEN, min_count=4) == []


def test_confidence_grows_with_support_frequency_and_rarity_and_orders_the_list():
    assert score(0.9, 3.5, 0, 1, 1) < score(0.9, 3.5, 0, 4, 1) < score(0.9, 3.5, 0, 4, 4)
    assert score(0.9, 3.0, 0, 1, 1) < score(0.9, 5.0, 0, 1, 1)
    assert score(0.9, 3.5, 1.9, 1, 1) < score(0.9, 3.5, 0.0, 1, 1) <= 0.9
    assert score(0.9, 8, 0, 100, 100) <= 0.9
    docs = ["the folx", "yearz and squad$", "squad$", "squad$ and yearz"]
    got = discover(docs, zipf=fake_zipf, lexicons=FROZEN)
    assert [c.variant for c in got] == ["squad$", "yearz", "folx"]
    assert [c.confidence for c in got] == sorted((c.confidence for c in got), reverse=True)
    assert discover(docs, zipf=fake_zipf, lexicons=FROZEN, min_confidence=got[1].confidence) == got[:2]


# --- output: lexicon, TOML ---------------------------------------------------------

def test_toml_output_is_accepted_by_the_loader_after_a_header_and_after_mim():
    docs = ['the squad$ "quoted" \\ back', "Amurika, KKKalifornia and folx", "yearz"]
    got = discover(docs, zipf=fake_zipf, lexicons=FROZEN)
    assert len(got) == 5
    lex = parse_lexicon((HEADER + "\n" + to_toml(got)).encode(), "mine.toml")
    assert [(e.variants, e.standard, e.category) for e in lex.entries] == [
        ((c.variant,), c.standard, "discovered") for c in got]
    assert [e.confidence for e in lex.entries] == [c.confidence for c in got]
    both = parse_lexicon((FROZEN_LEXICON + "\n" + to_toml(got)).encode(), "frozen+.toml")
    assert Normalizer(both).normalize("Amurika's squad$").text == "America's squads"
    # and the bundled lexicon takes what was discovered against it
    mim = (ROOT / "lexicons" / "mim.toml").read_text(encoding="utf-8")
    got = discover(docs, zipf=fake_zipf, lexicons=["mim"])
    both = parse_lexicon((mim + "\n" + to_toml(got)).encode(), "mim+.toml")
    assert Normalizer(both).normalize("Amurika and folx").text == "America and folks"


def test_to_lexicon_composes_and_changes_carry_rule_and_confidence():
    got = discover(["the squad$ and the folx"], zipf=fake_zipf, lexicons=FROZEN)
    conf = {c.variant: c.confidence for c in got}
    lex = Lexicon.compose([FROZEN, to_lexicon(got)])
    changes = Normalizer(lex).detect("Wimmin, the squad$ and the folx")
    assert [(c.replacement, c.rule, c.category, c.confidence) for c in changes] == [
        ("Women", "frozen:women", "gender", 1.0),
        ("squads", "discovered:dollar-s:squad$", "discovered", conf["squad$"]),
        ("folks", "discovered:x-ks:folx", "discovered", conf["folx"])]
    strict = Normalizer(lex, NormalizeConfig(min_confidence=conf["squad$"]))
    assert strict.normalize("the squad$ and the folx").text == "the squads and the folx"
    assert [e.variants for e in to_lexicon(got, min_confidence=conf["squad$"]).entries] == [("squad$",)]


def test_public_api():
    assert normspell.discover is discover and normspell.Candidate is Candidate
    assert normspell.to_lexicon is to_lexicon


# --- the corpora --------------------------------------------------------------------

def test_standard_english_gives_next_to_no_candidates():
    pytest.importorskip("wordfreq")
    text = standard_english(300_000, seed=11)
    got = discover(documents(text, 30_000))
    # sphynx (a cat breed) and cyder (old spelling of cider) are real variant
    # spellings of the vocabulary's rare words; nothing else may appear.
    assert {c.variant for c in got} <= {"sphynx", "cyder"}


def test_planted_variants_are_all_found_in_archive_text():
    pytest.importorskip("wordfreq")
    docs, used = archive(40, seed=5)
    got = {c.variant: c for c in discover(docs, lexicons=FROZEN)}
    assert set(used) == set(PLANTED)
    for word, n in used.items():
        c = got[word.lower()]
        assert (c.standard.lower(), c.count) == (PLANTED[word].lower(), n)
    assert set(got) == {w.lower() for w in used}  # and nothing else


def test_planted_listed_spellings_are_found_against_a_lexicon_without_them():
    pytest.importorskip("wordfreq")
    docs, used = archive(20, seed=6, planted=PLANTED_IF_UNLISTED)
    got = {c.variant: c.standard for c in discover(docs, lexicons=frozen_lexicon(without=("persyn",)))}
    # persyn itself, a listed spelling the archive uses, is unlisted here too
    assert got == {w.lower(): s for w, s in PLANTED_IF_UNLISTED.items()} | {"persyn": "person"}


def test_against_the_bundled_lexicon_every_planted_spelling_it_does_not_list_is_found():
    pytest.importorskip("wordfreq")
    docs, used = archive(40, seed=5)
    known = Normalizer.from_lexicons(["mim"])
    unknown = {w.lower() for w in used if not known.detect(w)}
    assert {c.variant for c in discover(docs, lexicons=["mim"])} == unknown


def test_the_example_archive_holds_only_listed_spellings():
    pytest.importorskip("wordfreq")
    files = sorted((ROOT / "examples" / "archive").glob("*.txt"))
    assert discover([(f.name, f.read_text(encoding="utf-8")) for f in files]) == []


# --- the command ----------------------------------------------------------------------

@pytest.fixture
def corpus(tmp_path):
    (tmp_path / "frozen.toml").write_text(FROZEN_LEXICON, encoding="utf-8")  # not read: not text
    (tmp_path / "a.txt").write_text("The squad$ of folx. The squad$ again.\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text('<p title="yearz">Twenty <b>yearz</b></p>', encoding="utf-8")
    (tmp_path / "c.bin").write_bytes(b"folx \xff")
    return tmp_path


def invoke(*args, input=None, lexicon=None):
    extra = ["--lexicon", str(lexicon / "frozen.toml")] if lexicon else []
    return CliRunner().invoke(cli, ["discover", *extra, *map(str, args)], input=input)


def test_cli_table_with_summary_on_stderr(corpus):
    pytest.importorskip("wordfreq")
    r = invoke(corpus, lexicon=corpus)
    assert r.exit_code == EXIT_OK
    lines = r.stdout.splitlines()
    assert lines[0].split() == ["confidence", "count", "docs", "variant", "standard", "rule", "example"]
    assert [line.split()[3] for line in lines[1:]] == ["squad$", "yearz", "folx"]
    assert "3 candidates in 2 files" in r.stderr
    assert invoke(corpus, "-q", lexicon=corpus).stderr == ""


def test_cli_json_lines(corpus):
    pytest.importorskip("wordfreq")
    r = invoke(corpus, "--json", "--limit", "2", lexicon=corpus)
    records = [json.loads(line) for line in r.stdout.splitlines()]
    assert [(x["variant"], x["standard"], x["count"], x["documents"]) for x in records] == [
        ("squad$", "squads", 2, 1), ("yearz", "years", 1, 1)]
    assert records[1]["examples"][0]["keyword"] == "yearz"  # the title attribute is markup


def test_cli_toml_appends_to_a_lexicon(corpus):
    pytest.importorskip("wordfreq")
    r = invoke(corpus, "--toml", "-q", lexicon=corpus)
    lex = parse_lexicon((HEADER + r.stdout).encode(), "mine.toml")
    assert [e.variants[0] for e in lex.entries] == ["squad$", "yearz", "folx"]


def test_cli_stdin_lexicon_only_rules_and_errors(corpus):
    r = invoke("--lexicon-only", "--json", input="the Amerikkkanz and the squad$", lexicon=corpus)
    assert [json.loads(x)["variant"] for x in r.stdout.splitlines()] == ["amerikkkanz"]
    r = invoke(corpus / "missing.txt", "--lexicon-only")
    assert r.exit_code == EXIT_FAILED and "missing.txt: no such file or folder" in r.stderr
    assert invoke("--json", "--toml").exit_code == EXIT_USAGE
    assert invoke("--rule", "nope").exit_code == EXIT_USAGE
    assert invoke("--lexicon", "nosuch", input="x").exit_code == EXIT_USAGE


def test_cli_help_has_an_example_and_the_exit_codes():
    r = invoke("--help")
    assert r.exit_code == EXIT_OK and "Example" in r.stdout
    assert f"{EXIT_OK} ok" in r.stdout and f"{EXIT_FAILED} some input failed" in r.stdout
    assert f"{EXIT_USAGE} usage error" in r.stdout


def test_toml_strings_escape_quotes_backslashes_and_controls():
    c = Candidate("x$", "xs", "dollar-s", 1, 1, 0.5, ("x$",),
                  (Kwic("s", 'a "q" \\ \x07', "x$", "\x7f"),), 3.0, 0.0)
    lex = parse_lexicon((HEADER + to_toml([c])).encode())
    assert lex.entries[0].note.endswith('\'a "q" \\ \x07x$\x7f\'')


def test_cli_reads_html_references_and_legacy_files_as_a_reader_sees_them(tmp_path):
    # squad&#36; in a page is squad$; a windows-1252 file's curly quotes are quotes
    pytest.importorskip("wordfreq")
    (tmp_path / "frozen.toml").write_text(FROZEN_LEXICON, encoding="utf-8")
    (tmp_path / "a.html").write_text("<p>The squad&#36; marched; the squad&#36; sang.</p>", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes("The \u201csquad$\u201d again.\n".encode("cp1252"))
    r = invoke(tmp_path / "a.html", tmp_path / "b.txt", "--json", lexicon=tmp_path)
    assert r.exit_code == EXIT_OK, r.output
    found = {x["variant"]: (x["count"], x["documents"]) for x in map(json.loads, r.stdout.splitlines())}
    assert found["squad$"] == (3, 2)
