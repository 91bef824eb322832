"""Hostile lexicons: huge, nested, code-looking or catastrophic ones are bounded, rejected, never run.

A lexicon is untrusted data. Loading one must take bounded time and memory, fail
only with ``LexiconFormatError`` (the CLI: exit 2, no traceback), never execute
anything, and a pattern rule that runs away is stopped with ``PatternTimeoutError``.
Loader bugs found while writing these were fixed; their tests stay as regressions.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_cli import invoke

from normspell import LexiconFormatError, Normalizer
from normspell.cli import EXIT_FAILED, EXIT_USAGE
from normspell.lexicon_file import MAX_LEXICON_BYTES, parse_lexicon

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from bench_reliability import huge_lexicon, measure  # noqa: E402

ENTRY = '[[entry]]\nvariants = ["womyn"]\nstandard = "women"\ncategory = "g"\n'
DEEP = 100_000


def load(src: str):
    return Normalizer(parse_lexicon(src.encode(), "hostile.toml"))


@pytest.mark.slow
def test_a_lexicon_of_100000_entries_loads_and_compiles_in_bounded_time_and_memory(tmp_path):
    path = tmp_path / "huge.toml"
    path.write_text(huge_lexicon(100_000))
    code = ("import sys; from normspell import Normalizer, load_lexicon;"
            "n = Normalizer(load_lexicon(sys.argv[1])); assert n.normalize('the qak').text == 'the qac'")
    m = measure("100k entries", [sys.executable, "-c", code, str(path)])
    assert m.code == 0, m.detail
    # Measured: about 15 s and 500 MiB on a shared 2-core machine; the bounds are generous.
    assert m.seconds < 180 and m.peak_mib < 2048, m


def test_a_lexicon_over_the_size_limit_is_refused_before_parsing():
    started = time.monotonic()
    with pytest.raises(LexiconFormatError, match="over the 67108864-byte limit for a lexicon: split it"):
        parse_lexicon(b"#" * (MAX_LEXICON_BYTES + 1), "big.toml")
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("src", [
    "x = " + "[" * DEEP + "]" * DEEP,
    "x = " + "{a = " * DEEP + "1" + "}" * DEEP,
    "[lexicon]\nsources = " + "[" * DEEP + "]" * DEEP,
    '[[entry]]\nvariants = ' + "[" * 5000 + '"a"' + "]" * 5000 + '\nstandard = "b"\ncategory = "c"',
], ids=["arrays", "inline-tables", "in-sources", "in-variants"])
def test_deeply_nested_data_is_rejected_with_a_clear_error(src):
    with pytest.raises(LexiconFormatError, match="hostile.toml: nesting too deep: a lexicon has at most two levels"):
        load("format = 1\n" + src + "\n")


@pytest.mark.parametrize("src, message", [
    ("[lexicon]\n" + "".join(f"k{i} = 1\n" for i in range(100_000)), "unknown [lexicon] key 'k0'"),
    ("[[entry]]\n" * 100_000, "an [[entry]] needs `variants` and `standard`"),
    ("[" + ".".join(["a"] * 20_000) + "]", "a dotted key or table name of over 32 parts"),
], ids=["wide-table", "many-empty-entries", "deep-table-header"])
def test_wide_and_long_structures_fail_fast(src, message):
    started = time.monotonic()
    with pytest.raises(LexiconFormatError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load("format = 1\n" + src + "\n")
    assert time.monotonic() - started < 30


# tomllib keeps, for each prefix of a dotted key, the whole key path: memory grows with
# the square of the depth (10,000 parts: 400 MiB; 100,000 parts, a 200 kB file: over 24 GB).
_DOTTED = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from normspell import LexiconFormatError
from normspell.lexicon_file import parse_lexicon
try:
    parse_lexicon(("format = 1\\n" + ".".join(["a"] * 30_000) + " = 1\\n").encode(), "bomb.toml")
except LexiconFormatError:
    sys.exit(0)
except MemoryError:
    sys.exit(3)
"""


def test_a_dotted_key_bomb_is_refused_in_bounded_memory():
    p = subprocess.run([sys.executable, "-c", _DOTTED], capture_output=True, timeout=300)
    assert p.returncode == 0, p.stderr.decode()[-300:]


CODE_LOOKING = ["__import__('os').system('touch {marker}')", "!!python/object/apply:os.system ['touch {marker}']",
                "{{{{ ''.__class__.__mro__[1].__subclasses__() }}}}", "${{jndi:ldap://x/{marker}}}", "$(touch {marker})",
                "`touch {marker}`", "exec(open('{marker}','w'))", "<script>alert(1)</script>"]
_AUDIT = """
import sys
events = []
sys.addaudithook(lambda event, args: events.append(event))
from normspell import Normalizer, load_lexicon
loaded = len(events)
n = Normalizer(load_lexicon(sys.argv[1]))
text = n.normalize(open(sys.argv[2], encoding="utf-8").read()).text
bad = {"exec", "compile", "os.system", "subprocess.Popen", "os.posix_spawn", "os.exec", "os.fork", "ctypes.dlopen",
       "pickle.find_class", "marshal.loads", "builtins.input", "socket.connect", "urllib.Request", "import"}
print(sorted({e for e in events[loaded:] if e in bad or e.startswith("os.exec")}))
print(text, end="")
"""


def test_loading_a_lexicon_never_executes_what_it_holds(tmp_path):
    marker = tmp_path / "pwned"
    strings = [s.format(marker=marker) for s in CODE_LOOKING]
    body = "".join(f'[[entry]]\nvariants = ["v{i}x"]\nstandard = {s!r}\ncategory = {s!r}\nnote = {s!r}\n'
                   for i, s in enumerate(strings))
    (tmp_path / "evil.toml").write_text(f"format = 1\n[lexicon]\nname = 'evil'\ndescription = {strings[0]!r}\n"
                                        f"sources = {strings!r}\n{body}", encoding="utf-8")
    (tmp_path / "in.txt").write_text(" ".join(f"v{i}x" for i in range(len(strings))), encoding="utf-8")
    p = subprocess.run([sys.executable, "-c", _AUDIT, str(tmp_path / "evil.toml"), str(tmp_path / "in.txt")],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    events, text = p.stdout.split("\n", 1)
    assert events == "[]"  # no code run, no process, no import while loading and normalizing
    assert text == " ".join(strings)  # the strings came back as data, character for character
    assert not marker.exists()


def test_a_pattern_that_backtracks_on_probes_is_refused_through_the_cli(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("evil.toml").write_text("format = 1\n[[rule]]\nid = 'evil'\nanchor = '$'\npattern = '(?:(?:a[$])+)+!'\n"
                                 "substitute = { '$' = 's' }\ncategory = 'c'\n")
    r = invoke("normalize", "--lexicon", "evil.toml", input="a$b")
    assert r.code == EXIT_USAGE and "evil.toml:5: rule 'evil': pattern backtracks catastrophically" in r.err


def test_a_runaway_pattern_that_evades_the_probes_fails_only_its_file(tmp_path, monkeypatch):
    # Exponential alternation on "xq$" repeats, which no load-time probe contains.
    monkeypatch.chdir(tmp_path)
    Path("evil.toml").write_text("format = 1\n[[rule]]\nid = 'evil'\nanchor = '$'\n"
                                 "pattern = '(?:xq\\$|xq\\$(?=xq\\$))+!'\nsubstitute = { '$' = 's' }\ncategory = 'c'\n")
    Path("arc").mkdir()
    Path("arc/slow.txt").write_text("xq$" * 3000 + "?")
    Path("arc/fine.txt").write_text("a$b")
    started = time.monotonic()
    r = invoke("normalize", "--lexicon", "evil.toml", "arc", "-o", "out")
    assert time.monotonic() - started < 30
    assert r.code == EXIT_FAILED
    assert "arc/slow.txt: rule 'evil' at evil.toml:2 took over 1.0s" in r.err
    assert sorted(os.listdir("out")) == [".normspell-manifest.jsonl", "fine.txt"]


# Values of the wrong type (found while writing these tests, now fixed in the loader):
# each must be a LexiconFormatError naming the file, and a usage error in the CLI.
LOADER_BUGS = {
    "mentions-window": ('[mentions]\ncues = ["spelled"]\nwindow = "x"', ValueError),
    "protect-window": ('[[protect]]\nphrase = "New Afrika"\nwindow = "x"', ValueError),
    "protect-min-near": ('[[protect]]\nphrase = "x"\nnear = ["a"]\nmin_near = "x"', ValueError),
    "choices-window": ('[choices.number]\nwindow = "x"\n[choices.number.plural.before]\n1 = ["many"]', ValueError),
    "endings-not-a-table": ("endings = 5", AttributeError),
    "choices-not-a-table": ("choices = [1]", AttributeError),
    "entry-not-an-array": ("entry = 5", TypeError),
    "standard-choice-list": ('[choices.number.plural.before]\n1 = ["many"]\n[[entry]]\nvariants = ["womyn"]\n'
                             'standard = { plural = ["women", "wimmen"] }\nchoose = "number"\ncategory = "g"', AttributeError),
    "choose-list": ('[[entry]]\nvariants = ["womyn"]\nstandard = { a = "b" }\nchoose = ["x"]\ncategory = "g"', TypeError),
    "variant-double-space": ('[[entry]]\nvariants = ["a  b"]\nstandard = "ab"\ncategory = "g"', ValueError),
    "variant-of-500-letters": ('[[entry]]\nvariants = ["' + "q" * 500 + 'k"]\nstandard = "b"\ncategory = "c"', RecursionError),
}


@pytest.mark.parametrize("name", sorted(LOADER_BUGS))
def test_values_of_the_wrong_type_are_lexicon_format_errors(name):
    src, _raised = LOADER_BUGS[name]
    with pytest.raises(LexiconFormatError, match=r"^hostile.toml(:\d+)?: "):
        load("format = 1\n" + src + "\n")


@pytest.mark.parametrize("name", sorted(LOADER_BUGS))
def test_the_cli_reports_them_as_usage_errors_without_a_traceback(tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    Path("bad.toml").write_text("format = 1\n" + LOADER_BUGS[name][0] + "\n")
    r = invoke("normalize", "--lexicon", "bad.toml", input="womyn")
    assert r.code == EXIT_USAGE and "bad.toml" in r.err and "Traceback" not in r.err


def test_a_list_as_default_is_a_lexicon_format_error():
    with pytest.raises(LexiconFormatError, match=r"^hostile.toml(:\d+)?: "):
        load('format = 1\n[choices.number.plural.before]\n1 = ["many"]\n[[entry]]\nvariants = ["womyn"]\n'
             'standard = { plural = "women" }\nchoose = "number"\ndefault = ["x"]\ncategory = "g"\n')


@pytest.mark.parametrize("variant, standard", [("a b", "ab"), ("wo myn", "women"), ("f lx", "folks")])
def test_a_multiword_variant_close_to_its_standard_compiles(variant, standard):
    n = load(f'format = 1\n[[entry]]\nvariants = ["{variant}"]\nstandard = "{standard}"\ncategory = "c"\n')
    assert n.normalize(f"the {variant} here").text == f"the {standard} here"


RECURSING = ("format = 1\n[[rule]]\nid = 'r'\nanchor = '$'\npattern = '[a-z]+\\$[a-z]+'\n"
             "substitute = { 'x' = 's' }\ncategory = 'd'\n")


def test_a_rule_that_changes_nothing_does_not_recurse():
    assert load(RECURSING).normalize("a$b").text == "a$b"


def test_a_file_that_hits_a_core_error_fails_alone(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    def breaking(real):
        def broken(self, text, *args):
            if "boom" in text:
                raise RecursionError("simulated core failure")
            return real(self, text, *args)
        return broken

    monkeypatch.setattr(Normalizer, "detect", breaking(Normalizer.detect))
    monkeypatch.setattr(Normalizer, "_scan", breaking(Normalizer._scan))
    Path("arc").mkdir()
    Path("arc/a.txt").write_text("boom womyn")
    Path("arc/b.txt").write_text("nothing here")
    r = invoke("normalize", "arc", "-o", "out")
    assert r.code == EXIT_FAILED
    assert "arc/a.txt: internal error (RecursionError" in r.err and "Traceback" not in r.err
    assert (tmp_path / "out/b.txt").read_text() == "nothing here" and not (tmp_path / "out/a.txt").exists()
