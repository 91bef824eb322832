"""Counting spellings: per word, category, file and year."""

from pathlib import Path

import pytest

from normspell import Normalizer
from normspell.archive import read_document
from normspell.stats import Counts, count, year_of

ARCHIVE = Path(__file__).parent / "data" / "archive"


def table(stats, standard):
    return {(r.spelling, r.variant): (r.count, round(r.share, 3)) for r in stats.spellings if r.standard == standard}


@pytest.mark.parametrize(("path", "record", "year"), [
    ("mim/notes-1998-03.txt", None, 1998),
    ("archive/1984/x.txt", None, 1984),
    ("archive/2030.html", None, 2030),
    ("archive/1983/2031/x.txt", None, None),   # outside 1984-2030
    ("page-12345.txt", None, None),            # part of a longer number
    ("1990/2004-review.txt", None, 2004),      # the last one, nearest the file
    ("1999.jsonl", {"date": "2003-05-01"}, 2003),
    ("1999.jsonl", {"year": 2011}, 2011),
    ("1999.jsonl", {"year": "2012"}, 2012),
    ("1999.jsonl", {"year": True}, 1999),      # not a number: the path decides
    ("x.jsonl", {"date": "May 2004"}, None),
])
def test_year_of(path, record, year):
    assert year_of(path, record) == year


def test_share_of_each_spelling_of_a_word():
    s = count([("a.txt", "Amerika, AMERIKA and America. Amerikkka's army; America's too.")])
    assert table(s, "America") == {("Amerika", True): (2, 0.4), ("America", False): (2, 0.4),
                                   ("Amerikkka", True): (1, 0.2)}


def test_standards_are_counted_outside_changes_at_token_boundaries():
    s = count([("a.txt", "Amerikan Americans SouthAmerica America2 Americana U.S. U.S.A. the United\nStates")])
    assert table(s, "America") == {}
    assert table(s, "American") == {("Amerikan", True): (1, 1.0)}
    assert table(s, "Americans") == {("Americans", False): (1, 1.0)}
    assert table(s, "Americana") == {("Americana", False): (1, 1.0)}
    assert table(s, "U.S.") == {("U.S.", False): (1, 1.0)}
    assert table(s, "U.S.A.") == {("U.S.A.", False): (1, 1.0)}
    assert table(s, "United States") == {("United States", False): (1, 1.0)}


def test_multiword_open_compound_and_rule_spellings():
    s = count([("a.txt", "the united $tates and the United States; persynal and personal; chairpersyn;"
                         " imperiali$t, imperialist, imperialist")])
    assert table(s, "United States") == {("united $tates", True): (1, 0.5), ("United States", False): (1, 0.5)}
    assert table(s, "personal") == {("persynal", True): (1, 0.5), ("personal", False): (1, 0.5)}
    assert table(s, "chairperson") == {("chairpersyn", True): (1, 1.0)}
    assert table(s, "imperialist") == {("imperiali$t", True): (1, 0.333), ("imperialist", False): (2, 0.667)}
    by_cat = {c.key: (c.variants, c.standards) for c in s.categories}
    # rule-made words count as standards only in the word table
    assert by_cat == {"place": (1, 1), "gender": (2, 1), "dollar-for-s": (1, 1)}


def test_mentions_count_neither_way():
    s = count([("a.txt", 'MIM wrote "Amerikkka" instead of America.')])
    assert table(s, "America") == {("America", False): (1, 1.0)}


def test_files_years_and_categories():
    s = count([("mim/1996/a.txt", "The womyn of Amerika, the women of America."),
               ("ulk/b-2010.txt", "Wimmin prisoners in Amerikkka."),
               ("c.txt", "womyn", 2010)])
    assert [(f.key, f.variants, f.standards) for f in s.files if not f.category] == [
        ("c.txt", 1, 0), ("mim/1996/a.txt", 2, 2), ("ulk/b-2010.txt", 2, 1)]  # prisoners: prisyners
    assert [(y.key, y.category, y.variants, y.standards) for y in s.years] == [
        ("1996", "", 2, 2), ("1996", "gender", 1, 1), ("1996", "place", 1, 1),
        ("2010", "", 3, 1), ("2010", "gender", 2, 1), ("2010", "place", 1, 0)]
    cats = {c.key: round(c.share, 3) for c in s.categories}
    assert cats == {"gender": 0.6, "place": 0.667}


def test_categories_left_out_are_not_counted():
    s = count([("a.txt", "womyn of Amerika")], Normalizer.from_lexicons(only={"place"}))
    assert [c.key for c in s.categories] == ["place"]
    assert table(s, "women") == {}


def test_archive_files_of_every_format():
    counts = Counts(Normalizer.from_lexicons())
    for path in sorted(ARCHIVE.rglob("*.*")):
        doc = read_document(str(path))
        for seg in doc.segments:
            counts.add(path.name, seg.text, seg.year)
    s = counts.result()
    totals = {f.key: (f.variants, f.standards) for f in s.files if not f.category}
    # the HTML file's attribute, comment and script are not text
    assert totals["prisons-2010.html"] == (6, 4)
    assert sorted({y.key for y in s.years}) == ["1996", "2003", "2010", "2011"]
    assert table(s, "Israel") == {("I$rael", True): (2, 0.667), ("Israel", False): (1, 0.333)}
