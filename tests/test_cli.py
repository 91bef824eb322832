"""The command line as a whole: help, exit codes, usage errors, ``python -m``.

The other ``test_cli_*`` files run each scenario twice through the :func:`run`
fixture defined here: with click's CliRunner and as a real subprocess of the
installed ``normspell`` script.
"""

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from normspell.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, cli

SCRIPT = Path(sys.executable).with_name("normspell")


@dataclass
class Ran:
    code: int
    out: bytes
    err: str

    @property
    def text(self) -> str:
        return self.out.decode("utf-8", "surrogateescape")


def invoke(*args: str, input: bytes | str = b"") -> Ran:
    """Run the CLI in this process; any exception but an exit is a test failure."""
    r = CliRunner().invoke(cli, list(args), input=input)
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        raise r.exception
    return Ran(r.exit_code, r.stdout_bytes, r.stderr)


def spawn(*args: str, input: bytes | str = b"", cwd: Path | None = None) -> Ran:
    """Run the installed script as a subprocess."""
    if not SCRIPT.exists():
        pytest.skip("the normspell script is not installed beside this Python")
    data = input.encode() if isinstance(input, str) else input
    p = subprocess.run([str(SCRIPT), *args], input=data, capture_output=True, timeout=120, cwd=cwd)
    return Ran(p.returncode, p.stdout, p.stderr.decode("utf-8", "replace"))


def runner_for(how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A function running normspell in ``tmp_path`` through CliRunner or as a subprocess."""
    monkeypatch.chdir(tmp_path)
    if how == "runner":
        return invoke
    return lambda *args, input=b"": spawn(*args, input=input)  # in the current folder


@pytest.fixture(params=["runner", "script"])
def run(request, tmp_path, monkeypatch):
    return runner_for(request.param, tmp_path, monkeypatch)


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


OURS = {("normalize",), ("detect",), ("lexicon",), ("lexicon", "list"), ("lexicon", "show"),
        ("lexicon", "validate")}


@pytest.mark.parametrize("path", sorted(OURS))
def test_every_command_has_help_with_an_example_and_the_exit_codes(path):
    r = invoke(*path, "--help")
    assert r.code == EXIT_OK
    assert "Example" in r.text
    assert f"{EXIT_OK} ok" in r.text and f"{EXIT_FAILED} some input failed" in r.text
    assert f"{EXIT_USAGE} usage error" in r.text.replace("\n  ", " ")


def test_the_group_lists_our_commands():
    found = {path for path, _ in _commands(cli)}
    assert OURS <= found
    r = invoke("--help")
    assert all(f"  {name}" in r.text for name in ("normalize", "detect", "lexicon"))


def test_exit_codes_are_the_documented_constants():
    assert (EXIT_OK, EXIT_FAILED, EXIT_USAGE) == (0, 1, 2)


@pytest.mark.parametrize("args", [
    ("normalize", "--no-such-option"),
    ("normalize", "--only", "nonsense"),
    ("normalize", "--skip", "nonsense"),
    ("normalize", "--lexicon", "nosuchlexicon"),
    ("normalize", "--lexicon", "missing/file.toml"),
    ("normalize", "--in-place", "-o", "out", "x.txt"),
    ("normalize", "--backup", ".orig", "x.txt"),
    ("normalize", "--in-place"),
    ("normalize", "--in-place", "-"),
    ("normalize", "--chunk-size", "0"),
    ("normalize", "--chunk-size", "lots"),
    ("normalize", "--encoding", "klingon"),
    ("normalize", "--format", "pdf"),
    ("normalize", "--mark", "bold"),
    ("normalize", "--min-confidence", "2"),
    ("normalize", "--jobs", "-1"),
    ("normalize", "--changes", "-"),
    ("detect", "--only", "nonsense"),
    ("lexicon", "show"),
    ("lexicon", "validate"),
])
def test_usage_errors_exit_2_with_a_message_and_no_traceback(run, args):
    r = run(*args)
    assert r.code == EXIT_USAGE
    assert "Error:" in r.err and "Traceback" not in r.err
    assert r.out == b""


def test_usage_error_messages_say_what_to_do(run):
    r = run("normalize", "--only", "plaice")
    assert "no category 'plaice'" in r.err and "place" in r.err
    r = run("normalize", "--lexicon", "nosuchlexicon")
    assert "no bundled lexicon 'nosuchlexicon'" in r.err and "mim" in r.err
    r = run("normalize", "--in-place", "-o", "out", "x.txt")
    assert "--in-place and -o exclude each other" in r.err


def test_normalize_stdin_to_stdout(run):
    r = run("normalize", input="Wimmin of Amerikkka\n")
    assert r.code == EXIT_OK
    assert r.out == b"Women of America\n"


def test_dash_is_stdin(run):
    r = run("normalize", "-", input=b"u.$. and I$rael")
    assert (r.code, r.out) == (EXIT_OK, b"U.S. and Israel")


def test_python_dash_m_works_like_the_script(tmp_path):
    p = subprocess.run([sys.executable, "-m", "normspell", "normalize", "-"],
                       input=b"u.$. and I$rael", capture_output=True, timeout=120)
    assert p.returncode == 0 and p.stdout == b"U.S. and Israel"
    p = subprocess.run([sys.executable, "-m", "normspell", "detect", "--check", "-"],
                       input=b"I$rael", capture_output=True, timeout=120)
    assert p.returncode == EXIT_FAILED and b"I$rael" in p.stdout
    p = subprocess.run([sys.executable, "-m", "normspell", "--help"], capture_output=True, timeout=120)
    assert p.returncode == 0 and p.stdout.startswith(b"Usage: normspell")


def test_version(run):
    r = run("--version")
    assert r.code == 0 and "version" in r.text


def test_import_does_not_import_spacy():
    code = "import sys, normspell, normspell.cli; print('spacy' in sys.modules)"
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert p.stdout.strip() == "False"


def test_the_readme_batch_command_writes_the_normalized_archive(tmp_path):
    # The first set-up command of the README, pointed at a copy of examples/.
    examples = Path(__file__).resolve().parent.parent / "examples" / "archive"
    import shutil

    shutil.copytree(examples, tmp_path / "examples" / "archive")
    r = spawn("normalize", "examples/archive", "-o", "examples/normalized", cwd=tmp_path)
    assert r.code == EXIT_OK, r.err
    import normspell

    for src in sorted((tmp_path / "examples" / "archive").iterdir()):
        out = tmp_path / "examples" / "normalized" / src.name
        assert out.read_text(encoding="utf-8") == normspell.normalize(src.read_text(encoding="utf-8")).text
    assert "3 files" in r.err


def test_unexpected_stdin_with_folder_output_is_a_usage_error(run, tmp_path):
    os.mkdir(tmp_path / "out")
    r = run("normalize", "-", "-o", "out", input=b"womyn")
    assert r.code == EXIT_USAGE and "stdin cannot be mirrored" in r.err
