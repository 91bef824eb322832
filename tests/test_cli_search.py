"""``normspell expand``, ``grep``, ``index``, ``search``, ``diff`` and ``stats`` on a small archive."""

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_cli import SCRIPT, Ran, invoke, spawn

from normspell.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE

ARCHIVE = Path(__file__).parent / "data" / "archive"
ROOT = Path(__file__).parent.parent
CHROMIUM = "/usr/bin/chromium"
RED = "\x1b[31m\x1b[1m"
RESET = "\x1b[0m"
NOTES, PAGE, LETTERS = "archive/notes-1996.txt", "archive/pages/prisons-2010.html", "archive/letters.jsonl"


@pytest.fixture(autouse=True)
def archive(tmp_path, monkeypatch):
    """A copy of the test archive in the current folder, so names print as archive/..."""
    shutil.copytree(ARCHIVE, tmp_path / "archive")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "archive"


@pytest.mark.parametrize("command", [("expand",), ("grep",), ("index",), ("search",), ("diff",), ("stats",),
                                     ("lexicon", "export")])
def test_every_command_has_help_with_an_example_and_exit_codes(command):
    r = invoke(*command, "--help")
    assert r.code == EXIT_OK
    assert "Example" in r.text and "Exit codes" in r.text


# ---- expand -------------------------------------------------------------------

def test_expand_prints_the_pattern_or_the_spellings():
    r = invoke("expand", "women of America")
    assert r.code == EXIT_OK
    pattern = re.compile(r.text.strip())
    assert pattern.search("the wimmin of\nAmerikkka") and not pattern.search("women of Amerikan")
    r = invoke("expand", "United States", "--list")
    assert r.text.splitlines() == ["United: United", "States: States, $tates, state$",
                                   "United States: united $nake$, united $nakes, united $tate$, united $tates, "
                                   "united snakes"]


def test_expand_refuses_an_empty_query():
    r = invoke("expand", "  ")
    assert r.code == EXIT_USAGE and "no words to search for" in r.err


# ---- grep ---------------------------------------------------------------------
def test_grep_reads_html_references_as_a_browser_shows_them(tmp_path):
    page = tmp_path / "refs.html"
    page.write_text("<p>hello</p>\n<p>The I&#36;raeli army; the spelling &quot;Amerikkka&quot;.</p>\n")
    r = invoke("grep", "--json", "Israeli army", str(page))
    [hit] = [json.loads(line) for line in r.text.splitlines()]
    assert (hit["line"], hit["original"]) == (2, "I&#36;raeli army")
    assert page.read_text()[hit["start"]:hit["end"]] == "I&#36;raeli army"
    assert invoke("grep", "America", str(page)).code == EXIT_FAILED  # a quoted mention is no use


def test_grep_prints_original_lines_of_every_format():
    r = invoke("grep", "women of America", "archive")
    assert r.code == EXIT_OK
    assert r.text.splitlines() == [
        LETTERS + ':{"id": 1, "date": "2003-05-01", "text": "Greetings from the wimmin of Amerika. The united\\n'
                  '$tates keeps us here."}',
        NOTES + ":The womyn of Amerikkka are told that the united",
        NOTES + ":Standard spellings appear too: the women of America read"]


def test_grep_line_numbers_and_a_phrase_across_lines():
    r = invoke("grep", "-n", "United States", NOTES)
    assert r.text.splitlines() == ["3:The womyn of Amerikkka are told that the united",
                                   "4:$tates is a land of freedom. Wimmin in I$rael and in the",
                                   "9:this, and the United States press ignored it. A ticket costs $5."]


def test_grep_highlights_the_variant_in_colour_only_when_asked_or_on_a_terminal():
    r = invoke("grep", "--color=always", "-i", "women in Israel", NOTES)
    assert r.text.splitlines() == [
        f"$tates is a land of freedom. {RED}Wimmin in I$rael{RESET} and in the",
        f"{RED}women in Israel{RESET} last year."]
    assert "\x1b" not in invoke("grep", "women in Israel", NOTES).text  # piped: plain


def test_grep_json_offsets_point_at_the_original_variant():
    r = invoke("grep", "--json", "-i", "women", "archive")
    recs = [json.loads(line) for line in r.text.splitlines()]
    assert {(x["file"], x["original"]) for x in recs} >= {(NOTES, "womyn"), (NOTES, "Wimmin"), (PAGE, "wimmin"),
                                                           (PAGE, "womyn"), (LETTERS, "womyn"), (NOTES, "women")}
    for x in recs:
        text = Path(x["file"]).read_text(encoding="utf-8")
        assert text[x["start"]:x["end"]] == x["original"]
        assert text.splitlines()[x["line"] - 1][x["column"] - 1:].startswith(x["original"])
    # the attribute, comment and script of the page are not text
    assert sum(x["file"] == PAGE for x in recs) == 2


def test_grep_count_files_and_case():
    assert invoke("grep", "-c", "America", "archive").text.splitlines() == [
        f"{LETTERS}:1", f"{NOTES}:2", f"{PAGE}:2"]
    assert invoke("grep", "-c", "-i", "AMERICA", NOTES).text == "2\n"
    assert invoke("grep", "-c", "AMERICA", NOTES).text == "0\n"
    assert invoke("grep", "-l", "Israel", "archive").text.splitlines() == [LETTERS, NOTES]


def test_grep_context_lines_and_group_separators():
    r = invoke("grep", "-n", "-C", "1", "persynal", NOTES)
    assert r.text.splitlines() == ["4-$tates is a land of freedom. Wimmin in I$rael and in the",
                                   "5:u.$. know better. A persynal note: our chairpersyn spoke to",
                                   "6-women in Israel last year."]
    r = invoke("grep", "-n", "-C", "0", "-H", "America", NOTES)
    assert r.text.splitlines()[0].startswith(f"{NOTES}:3:")


def test_grep_a_query_only_standard_spellings_match():
    assert invoke("grep", "-n", "Israel last year", "archive").text == f"{NOTES}:6:women in Israel last year.\n"


def test_grep_exit_codes_and_stdin():
    assert invoke("grep", "zebra", "archive").code == EXIT_FAILED
    r = invoke("grep", "America", NOTES, "missing.txt")
    assert r.code == EXIT_USAGE and "missing.txt: no such file or folder" in r.err and r.text
    r = invoke("grep", "women", input="the wimmin\nmarch\n")
    assert (r.code, r.text) == (EXIT_OK, "the wimmin\n")
    assert invoke("grep", "-q", "women", NOTES).code == EXIT_OK


def test_grep_as_the_installed_script():
    r = spawn("grep", "-n", "women prisoners", PAGE)
    assert r.code == EXIT_OK
    assert r.text.startswith("5:<p>The <b>wimmin</b> prisoners")


# ---- index and search ------------------------------------------------------------

def test_index_and_search_with_updates():
    r = invoke("index", "archive", "--db", "a.sqlite")
    assert r.code == EXIT_OK and "3 added, 0 updated, 0 unchanged, 0 removed, 0 failed" in r.err
    r = invoke("search", "women prisoners", "--db", "a.sqlite")
    assert r.code == EXIT_OK
    assert r.text.splitlines() == [
        f"{PAGE}:2: Prisyners of Amerika Under lock The wimmin prisoners of Amerikkka wrote to us.",
        f"{LETTERS}:2: I$rael and the U.$. arm each other; café talk aside, womyn prisoners organize."]
    assert invoke("index", "archive", "--db", "a.sqlite").err.count("3 unchanged") == 1
    Path(NOTES).write_text("The Kanadian wimmin.\n")
    os.unlink(LETTERS)
    r = invoke("index", "archive", "--db", "a.sqlite")
    assert "0 added, 1 updated, 1 unchanged, 1 removed" in r.err
    assert invoke("search", "Canadian", "--db", "a.sqlite").text == f"{NOTES}:1: The Kanadian wimmin.\n"
    r = invoke("search", "women prisoners", "--db", "a.sqlite", "--color=always")
    assert r.text == f"{PAGE}:2: {RED}Prisyners{RESET} of Amerika Under lock The {RED}wimmin{RESET} " \
                     f"{RED}prisoners{RESET} of Amerikkka wrote to us.\n"


def test_search_json_highlights_point_at_the_original():
    invoke("index", "archive", "--db", "a.sqlite")
    r = invoke("search", '"United States"', "--db", "a.sqlite", "--json")
    recs = [json.loads(line) for line in r.text.splitlines()]
    assert [x["file"] for x in recs] == [LETTERS, NOTES]  # bm25: the short record says it more densely
    assert recs[0]["score"] > recs[1]["score"] > 0
    rec = recs[1]
    assert rec["line"] == 3
    assert [rec["snippet"][s:e] for s, e in rec["marks"]] == ["united $tates"]
    text = Path(NOTES).read_text()
    assert [(text[h["start"]:h["end"]], h["normalized"], h["variant"]) for h in rec["highlights"]] == [
        ("united\n$tates", "United States", True), ("United States", "United States", False)]


def test_search_exit_codes():
    invoke("index", "archive", "--db", "a.sqlite")
    r = invoke("search", "zebra", "--db", "a.sqlite")
    assert (r.code, r.text) == (EXIT_FAILED, "")
    assert invoke("search", "women", "--db", "none.sqlite").code == EXIT_USAGE
    Path("notes.sqlite").write_text("not an index " * 100)
    r = invoke("search", "women", "--db", "notes.sqlite")
    assert r.code == EXIT_USAGE and "not a normspell index" in r.err


HEAVY = {"regex", "ahocorasick_rs", "tomllib", "normspell.normalize", "normspell.matcher", "normspell.lexicon",
         "normspell.archive", "normspell.expansion"}


def imported(*args: str) -> tuple[Ran, set[str]]:
    """Run the installed script under ``-X importtime``: what it did, and every module it imported."""
    if not SCRIPT.exists():
        pytest.skip("the normspell script is not installed beside this Python")
    p = subprocess.run([sys.executable, "-X", "importtime", str(SCRIPT), *args], capture_output=True, timeout=120)
    lines = p.stderr.decode("utf-8", "replace").splitlines()
    timings = [x for x in lines if x.startswith("import time:")]
    err = "".join(x + "\n" for x in lines if x not in timings)
    return Ran(p.returncode, p.stdout, err), {x.rsplit("|", 1)[1].strip() for x in timings[1:]}  # [0]: header


def test_search_as_a_command_imports_no_core_and_compiles_no_lexicon():
    invoke("index", "archive", "--db", "a.sqlite")
    r, modules = imported("search", "wimmin in I$rael", "--db", "a.sqlite")
    assert (r.code, r.err) == (EXIT_OK, "")
    assert "sqlite3" in modules and not modules & HEAVY
    assert r.text == invoke("search", "women in Israel", "--db", "a.sqlite").text
    assert "I$rael" in r.text
    # Multiword variants too: the stored map holds what the core makes of them
    r, modules = imported("search", "wimmin of the United  $tates", "--db", "a.sqlite")
    assert (r.code, r.err) == (EXIT_OK, "") and not modules & HEAVY
    assert r.text == invoke("search", "women of the United States", "--db", "a.sqlite").text
    # And a word that chooses (woman or women) beside a cue: the map holds the cue words and weights
    r, modules = imported("search", "a womyn of Amerikkka", "--db", "a.sqlite")
    standard = invoke("search", "a woman of America", "--db", "a.sqlite")
    assert (r.code, r.text, r.err) == (standard.code, standard.text, standard.err) and not modules & HEAVY
    # A query the stored map cannot answer alone loads the core: the probe sees it.
    r, modules = imported("search", "the word womyn", "--db", "a.sqlite")
    assert "normspell.normalize" in modules
    _p, modules = imported("--help")
    assert not modules & HEAVY


def test_search_warns_when_the_lexicon_changed_since_indexing(tmp_path):
    house = tmp_path / "house.toml"
    house.write_text('format = 1\n[lexicon]\nname = "house"\n[[entry]]\nvariants = ["freedumb"]\n'
                     'standard = "freedom"\ncategory = "k"\n')
    Path(NOTES).write_text("Land of freedumb.\n")
    invoke("index", "archive", "--db", "a.sqlite", "--lexicon", "mim", "--lexicon", str(house))
    assert invoke("search", "freedom", "--db", "a.sqlite").err == ""
    house.write_text(house.read_text().replace('standard = "freedom"', 'standard = "liberty"'))
    r = invoke("search", "liberty", "--db", "a.sqlite")
    assert r.code == EXIT_FAILED  # the index still reads freedom
    assert "warning: a.sqlite: lexicon house" in r.err and "has changed since it was indexed" in r.err
    assert f"run `normspell index {Path('archive').resolve()} --db a.sqlite`" in r.err
    invoke("index", "archive", "--db", "a.sqlite")  # the lexicons it was built with
    r = invoke("search", "liberty", "--db", "a.sqlite")
    assert (r.code, r.err) == (EXIT_OK, "")
    assert r.text == f"{NOTES}:1: Land of freedumb.\n"


def test_index_refuses_a_database_it_cannot_open():
    r = invoke("index", "archive", "--db", "no/such/folder/a.sqlite")
    assert r.code == EXIT_USAGE and "cannot open" in r.err


def test_index_reports_bad_inputs():
    Path("archive/bad.jsonl").write_text("{not json\n")
    r = invoke("index", "archive", "nope", "--db", "a.sqlite")
    assert r.code == EXIT_FAILED
    assert "nope: no such file or folder" in r.err and "bad.jsonl:1: not a JSON object" in r.err


# ---- diff ------------------------------------------------------------------------

def test_diff_word_level_on_the_terminal():
    r = invoke("diff", NOTES)
    assert r.code == EXIT_FAILED  # as diff: 1 means there are differences
    assert r.text.splitlines()[:2] == [
        "1: ON THE [-WOMYN-]{+WOMEN+}'S QUESTION (1996)",
        "3: The [-womyn-]{+women+} of [-Amerikkka-]{+America+} are told that the "
        "[-united $tates-]{+United States+} is a land of freedom. [-Wimmin-]{+Women+} in [-I$rael-]{+Israel+} "
        "and in the"]
    colored = invoke("diff", "--color=always", NOTES).text
    assert "\x1b[31m\x1b[9mwomyn\x1b[0m\x1b[32mwomen\x1b[0m" in colored
    Path("plain.txt").write_text("Nothing to change here.\n")
    assert invoke("diff", "plain.txt").code == EXIT_OK


@pytest.mark.parametrize("path", [NOTES, PAGE, LETTERS])
def test_diff_unified_gives_what_normalize_writes(path):
    r = invoke("diff", "--unified", path)
    assert r.code == EXIT_FAILED
    lines = r.text.splitlines(keepends=True)
    assert lines[0] == f"--- a/{path}\n" and lines[1] == f"+++ b/{path}\n"
    patched = _patch(Path(path).read_text(encoding="utf-8"), lines[2:])
    normalized = invoke("normalize", path).text
    if path.endswith(".jsonl"):  # the same records (normalize may write an escape between changes as is)
        assert [json.loads(x) for x in patched.splitlines()] == [json.loads(x) for x in normalized.splitlines()]
        assert "caf\\u00e9" in patched  # diff re-encodes only the variants
    else:
        assert patched == normalized


def _patch(text: str, hunks: list[str]) -> str:
    """Apply a unified diff (every line of context included) to text."""
    old, out, i = text.splitlines(keepends=True), [], 0
    for line in hunks:
        if line.startswith("@@"):
            start = int(re.match(r"@@ -(\d+)", line).group(1)) - 1
            out += old[i:start]
            i = start
        elif line.startswith("-"):
            i += 1
        elif line.startswith("+"):
            out.append(line[1:])
        elif line.startswith(" "):
            out.append(old[i])
            i += 1
    return "".join(out + old[i:])


def _chromium(*args: str, user_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                           "--disable-component-update", "--disable-sync", "--no-first-run",
                           f"--user-data-dir={user_dir}", *args], capture_output=True, text=True, timeout=120)


def test_diff_html_page_is_self_contained_and_marks_every_change(tmp_path):
    r = invoke("diff", NOTES, "--html", "notes.html")
    assert r.code == EXIT_FAILED and "9 changes marked in notes.html" in r.err
    page = Path("notes.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=|@import|url\(""", page)  # nothing external to load
    marks = re.findall(r'<mark class="ns-change ns-cat-(\w[\w-]*)" title="([^"]*)"[^>]*>(.*?)<span', page, re.S)
    assert len(marks) == 9
    assert ("place", "Israel · place · 1.00", "I$rael") in marks
    assert ("place", "United States · place · 1.00", "united\n$tates") in marks


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Chromium is not installed: apt-get install -y chromium")
def test_diff_html_page_in_a_real_browser(tmp_path):
    invoke("diff", NOTES, "--html", "notes.html")
    url = Path("notes.html").resolve().as_uri()
    dom = _chromium("--dump-dom", url, user_dir=tmp_path / "profile")
    assert dom.returncode == 0, dom.stderr
    marks = re.findall(r'<mark class="ns-change[^"]*" title="([^"]*)"[^>]*>([^<]*)<span class="ns-std"[^>]*>([^<]*)',
                       dom.stdout)
    assert len(marks) == 9
    assert ("America · place · 1.00", "Amerikkka", "America") in marks
    assert ("women · gender · 0.60", "WOMYN", "WOMEN") in marks  # no context cue: the default, less sure
    assert ("women · gender · 0.95", "womyn", "women") in marks  # "are" after it says plural
    shot = tmp_path / "notes.png"
    r = _chromium(f"--screenshot={shot}", "--window-size=1200,800", url, user_dir=tmp_path / "profile")
    assert r.returncode == 0 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 10_000
    if os.environ.get("NORMSPELL_KEEP_SCREENSHOT"):
        shutil.copy(shot, os.environ["NORMSPELL_KEEP_SCREENSHOT"])


# ---- stats -------------------------------------------------------------------------

def test_stats_table():
    r = invoke("stats", "archive")
    assert r.code == EXIT_OK
    lines = r.text.splitlines()
    assert re.match(r"standard\s+spelling\s+category\s+count\s+share", lines[0])
    assert any(re.fullmatch(r"Israel\s+I\$rael\s+place\s+2\s+67%", x) for x in lines)
    assert any(re.fullmatch(r"Israel\s+Israel \(standard\)\s+place\s+1\s+33%", x) for x in lines)
    assert any(re.fullmatch(r"archive/pages/prisons-2010.html\s+6\s+4\s+60%", x) for x in lines)
    assert "3 files, 21 variant spellings" in r.err


def test_stats_csv_json_and_years():
    r = invoke("stats", "archive", "--csv", "--by-year")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    years = {(x["key"], x["variants"], x["standards"]) for x in rows if x["table"] == "year" and not x["category"]}
    assert years == {("1996", "9", "6"), ("2003", "3", "1"), ("2010", "6", "4"), ("2011", "3", "3")}
    as_json = [json.loads(x) for x in invoke("stats", "archive", "--json", "--by-year").text.splitlines()]
    assert [(x["table"], str(x["key"])) for x in as_json] == [(x["table"], x["key"]) for x in rows]
    assert not any(x["table"] == "year" for x in csv.DictReader(io.StringIO(invoke("stats", "archive", "--csv").text)))
    assert invoke("stats", "archive", "--csv", "--json").code == EXIT_USAGE


def test_stats_plot():
    pytest.importorskip("matplotlib", reason="the plot extra is not installed: pip install 'normspell[plot]'")
    r = invoke("stats", "archive", "--by-year", "--plot", "shares.png", "-q")
    assert r.code == EXIT_OK
    assert Path("shares.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# ---- the README ---------------------------------------------------------------------

def test_the_readme_example_runs(tmp_path, monkeypatch):
    """Every command of the README's "Searching an archive" block, as written there."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Searching an archive"):]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    commands = [x.split("  #")[0].strip() for x in block.splitlines() if x.startswith("normspell ")]
    assert len(commands) >= 6
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    for command in commands:
        args = [a.strip("'\"") for a in re.findall(r"'[^']*'|\"[^\"]*\"|\S+", command)][1:]
        args = args[:args.index(">")] if ">" in args else args
        r = invoke(*args)
        assert r.code in (EXIT_OK, EXIT_FAILED), (command, r.err)
        assert r.text or r.err or "-o" in args, command
    assert all(Path(x).stat().st_size > 1000 for x in ("archive.sqlite", "review.html", "synonyms.txt"))
