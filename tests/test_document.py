"""What a whole document protects: the topic and the language of a page, far from its words."""

import pytest

import normspell
from normspell.document import SAMPLE, Reading, read
from normspell.lexicon import Protect, parse_lexicon
from normspell.normalize import Normalizer

N = Normalizer.from_lexicons(["mim"])
FILLER = "The plot moves from the ship to the hotel and then to the road west. " * 30  # ~2,000 characters


def norm(text: str) -> str:
    return N.normalize(text).text


@pytest.mark.parametrize("topic", [
    "Franz Kafka wrote the novel between 1911 and 1914; Karl Rossmann is its hero.",
    "A review of the Rammstein single, released in 2004.",
    "ABC aired the miniseries over seven nights in February 1987.",
])
def test_a_page_about_a_work_keeps_its_title_far_from_the_words_that_tell(topic):
    page = f"{topic}\n\n{FILLER}\n\nWhat stands out in Amerika is the naivety of its hero.\n"
    assert norm(page) == page
    # without the topic the same sentence is MIM's spelling, as before
    assert norm(FILLER + "What stands out in Amerika is its empire.") == FILLER + "What stands out in America is its empire."


def test_the_philosopher_kanada_on_a_page_about_his_school():
    page = f"The Vaisheshika school taught that matter is made of paramanu.\n\n{FILLER}\nKanada believed light and heat are one.\n"
    assert norm(page) == page
    assert norm(FILLER + "Kanada believed in its settlers.") == FILLER + "Canada believed in its settlers."


@pytest.mark.parametrize("page", [
    "Die USA und Kanada zu vereinen, was Kanada ausmache, ist nicht leicht. Das Land hat eine lange Grenze mit Amerika.",
    "Toch staat Amerika al jaren op de eerste plaats van het lijstje. Het is een land dat niet van Kanada houdt.",
    "Amerika Serikat adalah negara yang besar dan ini juga itu dari Amerika Utara.",
    "Resan till Afrika var lång och jag är glad att det inte regnade på vägen, som vanligt.",
])
def test_a_page_in_a_language_that_spells_them_with_k_keeps_them(page):
    assert norm(page) == page


def test_an_english_page_quoting_a_few_foreign_words_is_still_normalized():
    page = ("The settlers of Amerika took the land, and the state that they made is a prison house of nations. "
            "A German paper wrote: die Grenze mit Kanada ist offen. " + FILLER + "The workers of Kanada are bought off.")
    out = norm(page)
    assert "settlers of America" in out and "workers of Canada" in out
    assert "mit Kanada ist" in out  # (two German words right beside it keep the quoted one)


def test_the_document_is_read_in_its_first_sample_characters():
    late = FILLER * (SAMPLE // len(FILLER) + 1) + "Franz Kafka and Karl Rossmann. " + FILLER
    assert len(late) > SAMPLE
    assert norm(late + "Amerika is the story.").endswith("America is the story.")
    assert norm("Franz Kafka and Karl Rossmann. " + late + "Amerika is the story.").endswith("Amerika is the story.")


def test_a_stream_of_pieces_reads_the_document_as_the_whole_text_does():
    page = "Franz Kafka, a review of his novel about Karl Rossmann.\n\n" + FILLER * 25 + (
        "\nAmerika is the story of a boy. The womyn of Amerikkka.\n")
    assert len(page) > SAMPLE  # the variants lie beyond what the document is read in
    whole = N.normalize(page)
    for size in (7, 1000, 40_000):
        pieces = list(N.normalize_stream(page[i:i + size] for i in range(0, len(page), size)))
        assert "".join(p.text for p in pieces) == whole.text
        assert sum(len(p.changes) for p in pieces) == len(whole.changes)
    assert whole.text.endswith("Amerika is the story of a boy. The women of America.\n")


def test_pieces_of_one_document_share_what_it_protects():
    page = N.document("Rammstein: the video was shot on the moon.")
    assert N.normalize("We're all living in Amerika", document=page).text == "We're all living in Amerika"
    assert [c.original for c in N.detect("in Amerika", document=page)] == []
    assert N.normalize("We're all living in Amerika").text == "We're all living in America"
    assert N.document("The womyn of Amerikkka") == Reading()


def test_a_protected_variant_still_begins_a_list_of_mentions():
    text = "Kafka aside, writing it as Amerika or Amerikkka is a choice."
    r = N.normalize(text)
    assert r.text == text and [m.original for m in r.mentions] == ["Amerikkka"]


def test_html_spans_share_their_pages_topic(tmp_path):
    from click.testing import CliRunner

    from normspell.cli import cli

    page = tmp_path / "song.html"
    page.write_text("<h1>Rammstein</h1><p>The single came out in 2004.</p><p>We live in <b>Amerika</b></p>"
                    "<p>Written by the womyn of Amerikkka</p>", encoding="utf-8")
    r = CliRunner().invoke(cli, ["normalize", str(page), "-q"])
    assert r.exit_code == 0
    assert "<b>Amerika</b>" in r.output and "women of America" in r.output


def test_the_lexicon_reads_document_words():
    lex = parse_lexicon(b'format = 1\n[[protect]]\nphrase = "Amerika"\ndocument = ["Rammstein"]\n'
                        b'[[protect]]\nphrase = "Kanada"\ndocument = ["und", "der"]\nmin_document = 3\n'
                        b'against = ["the"]\n', "t.toml")
    ram, ger = lex.protects
    assert (ram.document, ram.min_document, ram.contextual) == (("rammstein",), 1, True)
    assert (ger.min_document, ger.against) == (3, ("the",))
    assert read("und der und der", lex).protects == {ger}
    assert read("und der und the the the the", lex).protects == frozenset()
    with pytest.raises(normspell.LexiconFormatError, match="`against` counts words only beside `document`"):
        parse_lexicon(b'format = 1\n[[protect]]\nphrase = "Kanada"\nagainst = ["the"]\n', "t.toml")


def test_a_phrase_without_context_still_protects_everywhere():
    assert not Protect("New Afrika", "t", "t:1").contextual
    assert norm("the Republic of New Afrika") == "the Republic of New Afrika"


def test_a_page_that_writes_wimmin_makes_an_undecided_womyn_a_woman():
    # From 1997 MIM wrote wimmin for the plural and womyn for one woman ([[entry]] document_default).
    page = "Pornography that elevates the white womyn also allows men to see wimmin as objects. Wimmin fight."
    r = N.normalize(page)
    assert r.text == "Pornography that elevates the white woman also allows men to see women as objects. Women fight."
    assert r.changes[0].reason == "singular by default in a document that writes wimmin (no cue decided)"
    assert r.changes[0].confidence == 0.6
    # a cue still decides, and womyn's / womyn-led keep the plural default (women's liberation)
    assert norm("Many womyn are here; the wimmin, wimmin too.") == "Many women are here; the women, women too."
    assert norm("Womyn's liberation, the womyn-led march, wimmin, wimmin.") == (
        "Women's liberation, the women-led march, women, women.")
    assert norm("Letters from womyn prisoners and wimmin, wimmin.") == "Letters from women prisoners and women, women."
    # without wimmin, with it once (a quotation, a name), or only in a URL, the lexicon's default (plural) stands
    for other in ("", " See wimmin.", " See tumblr.com/search/wimmin and www.x.org/wimmin/wimmin."):
        assert norm("The white womyn also allows it." + other).startswith("The white women also")


def test_entries_read_their_document_default():
    bad = b"""format = 1
[choices.number.singular.before]
1 = ["a"]
[choices.number.plural.before]
1 = ["many"]
[[entry]]
variants = ["womyn"]
standard = { singular = "woman", plural = "women" }
choose = "number"
category = "g"
document_default = { dual = ["x"] }
"""
    with pytest.raises(normspell.LexiconFormatError, match="`document_default` must map choices"):
        parse_lexicon(bad, "t.toml")
    good = parse_lexicon(bad.replace(b"dual", b"singular"), "t.toml")
    assert good.entries[0].document_default == (("singular", ("x",)),)
