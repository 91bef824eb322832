"""The SQLite FTS5 index: variants found by standard spelling, shown as written, kept up to date."""

import os
import shutil
from pathlib import Path

import pytest

from normspell import NormspellError
from normspell.index import Index
from normspell.passage import MAX, cuts

ARCHIVE = Path(__file__).parent / "data" / "archive"


@pytest.fixture
def archive(tmp_path):
    folder = tmp_path / "archive"
    shutil.copytree(ARCHIVE, folder)
    return folder


def files(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.rglob("*.*"))


@pytest.fixture
def index(tmp_path, archive):
    with Index(tmp_path / "a.sqlite") as ix:
        report = ix.update(files(archive))
        assert (report.added, report.failed) == (3, ())
        yield ix


def marked(hit):
    return [hit.snippet[s:e] for s, e in hit.marks]


def test_variants_are_found_by_their_standard_and_shown_as_written(index):
    hits = index.search("women prisoners")
    assert {Path(h.path).name: marked(h) for h in hits} == {
        "prisons-2010.html": ["Prisyners", "wimmin", "prisoners"],  # the title is text too
        "letters.jsonl": ["womyn", "prisoners"]}
    html = next(h for h in hits if h.path.endswith(".html"))
    assert html.snippet == "Prisyners of Amerika Under lock The wimmin prisoners of Amerikkka wrote to us."
    assert [(h.line, h.original, h.normalized, h.variant) for h in html.highlights] == [
        (2, "Prisyners", "Prisoners", True), (5, "wimmin", "women", True), (5, "prisoners", "prisoners", False),
        (6, "womyn", "women", True), (6, "prisoners", "prisoners", False)]
    assert html.line == 2
    jsonl = next(h for h in hits if h.path.endswith(".jsonl"))
    assert "café talk" in jsonl.snippet and jsonl.line == 2  # the decoded value, on its record's line


def test_highlights_point_at_the_original_variant_in_the_file(index, archive):
    for hit in index.search("United States") + index.search("Israel") + index.search("women"):
        raw = Path(hit.path).read_text(encoding="utf-8")
        for h in hit.highlights:
            if hit.path.endswith(".jsonl"):  # offsets into the raw line: escapes as written
                assert raw[h.start:h.end].replace("\\n", "\n") == h.original
            else:
                assert raw[h.start:h.end] == h.original
                assert raw.count("\n", 0, h.start) + 1 == h.line


def test_multiword_variants_match_a_phrase_across_a_line_break(index):
    hits = index.search('"United States"')
    assert sorted((Path(h.path).name, [(x.original, x.line) for x in h.highlights]) for h in hits) == [
        ("letters.jsonl", [("united\n$tates", 1)]),
        ("notes-1996.txt", [("united\n$tates", 3), ("United States", 9)])]
    notes = next(h for h in hits if h.path.endswith("notes-1996.txt"))
    assert marked(notes) == ["united $tates"]  # whitespace shown as one space
    assert notes.line == 3


def test_a_query_in_variant_spelling_finds_the_same(index):
    assert [(h.path, h.marks) for h in index.search("wimmin prisoners")] == \
        [(h.path, h.marks) for h in index.search("women prisoners")]
    assert [h.path for h in index.search("I$rael")] == [h.path for h in index.search("Israel")]


def test_a_query_only_standard_spellings_match(index):
    (hit,) = index.search("Israel last year")
    assert Path(hit.path).name == "notes-1996.txt"
    assert [(h.original, h.variant) for h in hit.highlights] == [
        ("I$rael", True), ("Israel", False), ("last", False), ("year", False)]
    (hit,) = index.search("prison history")
    assert [(h.original, h.variant) for h in hit.highlights] == [("prison", False), ("history", False)]


def test_all_words_must_occur_and_nothing_is_an_empty_list(index):
    assert index.search("women zebra") == []
    assert index.search("?!") == []


def test_bm25_ranks_the_passage_that_says_it_more_first(tmp_path):
    (tmp_path / "once.txt").write_text("The womyn marched. " + "Other words here. " * 20)
    (tmp_path / "often.txt").write_text("Womyn, womyn and women: womyn everywhere. " + "Other words. " * 5)
    with Index(tmp_path / "x.sqlite") as ix:
        ix.update([str(tmp_path / "once.txt"), str(tmp_path / "often.txt")])
        hits = ix.search("women")
    assert [Path(h.path).name for h in hits] == ["often.txt", "once.txt"]
    assert hits[0].score > hits[1].score
    assert marked(hits[0]) == ["Womyn", "womyn", "women", "womyn"]


def test_update_reindexes_changed_files_only_and_drops_deleted_ones(tmp_path, archive):
    db = tmp_path / "a.sqlite"
    paths = files(archive)
    with Index(db) as ix:
        assert ix.update(paths).added == 3
    with Index(db) as ix:  # reopened: nothing changed
        r = ix.update(paths)
        assert (r.added, r.updated, r.unchanged, r.removed) == (0, 0, 3, 0)
        notes = archive / "notes-1996.txt"
        os.utime(notes, ns=(1, 1))  # touched, same content: the hash says unchanged
        assert ix.update(paths).unchanged == 3
        notes.write_text("Only the Kanadian wimmin now.\n")
        r = ix.update(paths)
        assert (r.updated, r.unchanged) == (1, 2)
        assert [Path(h.path).name for h in ix.search("Canadian women")] == ["notes-1996.txt"]
        assert all(not h.path.endswith("notes-1996.txt") for h in ix.search("Israel"))
        (archive / "letters.jsonl").unlink()
        r = ix.update([p for p in paths if not p.endswith(".jsonl")])
        assert r.removed == 1
        assert ix.search("women prisoners") and all(".jsonl" not in h.path for h in ix.search("women prisoners"))
        assert [Path(p).name for p in ix.files()] == ["notes-1996.txt", "prisons-2010.html"]


def test_other_lexicons_reindex_everything(tmp_path, archive):
    db = tmp_path / "a.sqlite"
    with Index(db) as ix:
        ix.update(files(archive))
    house = tmp_path / "house.toml"
    house.write_text('format = 1\n[lexicon]\nname = "house"\n[[entry]]\nvariants = ["freedumb"]\n'
                     'standard = "freedom"\ncategory = "k"\n')
    (archive / "notes-1996.txt").write_text("Land of freedumb.\n")
    with Index(db, ["mim", str(house)]) as ix:
        r = ix.update(files(archive))
        assert r.rebuilt and r.added == 3
        assert [h.highlights[0].original for h in ix.search("freedom")] == ["freedumb"]
    with Index(db) as ix:  # the lexicons are remembered
        assert ix.lexicons == ("mim", str(house))
        assert not ix.update(files(archive)).rebuilt


def test_bad_files_are_reported_and_the_rest_indexed(tmp_path, archive):
    (archive / "bad.jsonl").write_text('{"text": "womyn"}\nnot json\n')
    with Index(tmp_path / "a.sqlite") as ix:
        r = ix.update([*files(archive), str(archive / "missing.txt")])
        assert r.added == 3
        assert len(r.failed) == 2 and "bad.jsonl:2: not a JSON object" in r.failed[0] + r.failed[1]


def test_a_file_that_is_not_an_index_is_refused(tmp_path):
    (tmp_path / "x.sqlite").write_text("not a database at all, just text " * 100)
    with pytest.raises(NormspellError, match="not a normspell index"):
        Index(tmp_path / "x.sqlite")


def test_long_texts_are_cut_into_passages_never_inside_a_change(tmp_path):
    text = ("word " * 400 + "\n") * 10
    spans = [(i, i + 30) for i in range(1000, len(text), 2900)]
    ends = cuts(text, spans)
    assert ends[-1] == len(text) and len(ends) > 3
    assert all(e - s <= MAX + 30 for s, e in zip([0, *ends], ends))
    assert not any(s < e < t for e in ends for s, t in spans)
    (tmp_path / "long.txt").write_text(text.replace("word word", "womyn word", 3))
    with Index(tmp_path / "x.sqlite") as ix:
        ix.update([str(tmp_path / "long.txt")])
        assert ix.db.execute("SELECT count(*) FROM passages").fetchone()[0] == len(cuts(text, []))
        (hit,) = ix.search("women")
        assert hit.line == 1 and marked(hit) == ["womyn"] * 3


# ---- the query map: searching without compiling the lexicons ------------------------

def test_the_stored_query_map_normalizes_queries_as_the_core_does(index):
    import itertools
    import random

    from normspell import querystore
    from normspell.normalize import Normalizer

    core = Normalizer.from_lexicons(["mim"])
    qm, why = querystore.load(index.db, ("mim",))
    assert why is None
    spelled = [t for (t,) in index.db.execute("SELECT token FROM query_spellings")]
    words = ["women", "of", "the", "in", "prisoners", "Israel", "a", "these", "word", "united", "New", "2", "(", "'"]
    rng = random.Random(3)
    queries = [" ".join(p) for p in itertools.product(rng.sample(spelled, 60), words)]
    queries += [" ".join(rng.choice(spelled + words * 10) for _ in range(rng.randint(1, 5))) for _ in range(2000)]
    multi = [t for t in spelled if " " in t]  # multiword variants as typed: read from the same table
    assert "United $tates" in multi
    queries += [f"{w} {m.replace(' ', '  ')} {v}" for m in multi for w, v in [rng.sample(words, 2)]]
    answered = 0
    for q in queries:
        from_map = querystore.normalize(index.db, qm, q)  # the rows this query needs, read from the index
        if from_map is not None:
            answered += 1
            assert from_map == core.normalize(q).text, q
        assert index._normalize_query(q) == core.normalize(q).text, q
    assert answered > len(queries) // 2


def test_a_search_compiles_no_lexicon_and_finds_what_the_standard_query_finds(tmp_path, archive):
    db = tmp_path / "a.sqlite"
    with Index(db) as ix:
        ix.update(files(archive))
    with Index(db) as ix:
        assert ix.query_map_problem() is None
        variant = [(h.path, h.marks, h.highlights) for h in ix.search("wimmin in I$rael")]
        standard = [(h.path, h.marks, h.highlights) for h in ix.search("women in Israel")]
        assert variant == standard and variant
        assert [h.snippet for h in ix.search("WOMYN prisoners")] == [h.snippet for h in ix.search("women prisoners")]
        # The archive's own spellings of open stems are in the map too: chairpersyn, persynal
        assert [h.highlights for h in ix.search("CHAIRPERSYN persynal")] == \
            [h.highlights for h in ix.search("chairperson personal")]
        assert ix._normalizer is None
        assert ix.search("humynity") == ix.search("humanity")  # a spelling no list or file has: the core
        assert ix._normalizer is not None


def test_a_changed_lexicon_file_is_detected_and_the_index_says_how_to_update(tmp_path, archive):
    house = tmp_path / "house.toml"
    house.write_text('format = 1\n[lexicon]\nname = "house"\nversion = "1"\n[[entry]]\nvariants = ["freedumb"]\n'
                     'standard = "freedom"\ncategory = "k"\n')
    (archive / "notes-1996.txt").write_text("Land of freedumb and of the free.\n")
    db = tmp_path / "a.sqlite"
    with Index(db, ["mim", str(house)]) as ix:
        ix.update(files(archive))
    os.utime(house, ns=(10**18, 10**18))  # touched, same content: still the map's lexicon
    with Index(db) as ix:
        assert ix.query_map_problem() is None
        assert [h.highlights[0].original for h in ix.search("freedumb")] == ["freedumb"]
    house.write_text(house.read_text().replace('"freedumb"]', '"freedumb", "free"]'))
    with Index(db) as ix:
        problem = ix.query_map_problem()
        assert f"lexicon house 1 ({house}) has changed since it was indexed" in problem
        assert f"run `normspell index {archive} --db {db}`" in problem
        assert ix.search("freedumb")  # still answered, with the lexicon as it is now
        assert ix.update(files(archive)).rebuilt
        assert ix.query_map_problem() is None
    house.unlink()
    with Index(db) as ix:
        assert f"lexicon house 1 ({house}) is gone" in ix.query_map_problem()


def test_an_index_without_a_query_map_gets_one_on_the_next_update(tmp_path, archive):
    db = tmp_path / "a.sqlite"
    with Index(db) as ix:
        ix.update(files(archive))
        ix.db.execute("DELETE FROM meta WHERE key = 'query_map'")  # as an older normspell left it
        ix.db.commit()
    with Index(db) as ix:
        assert "holds no query map for these lexicons" in ix.query_map_problem()
        assert [h.path for h in ix.search("I$rael")] == [h.path for h in ix.search("Israel")]
        r = ix.update(files(archive))
        assert (r.unchanged, r.rebuilt) == (3, False)  # no file is read again
    with Index(db) as ix:
        assert ix.query_map_problem() is None
