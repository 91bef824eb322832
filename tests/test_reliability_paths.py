"""Paths: outputs stay inside -o DIR, link loops end, --in-place does not write through links unasked."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_cli import SCRIPT, invoke

from normspell.cli import EXIT_FAILED, EXIT_OK


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path, text: str = "womyn") -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def files(folder) -> list[str]:
    folder = Path(folder)
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def test_dotdot_inputs_are_written_inside_the_output_folder(here, monkeypatch):
    write("a/x.txt")
    write("b/c/y.txt")
    os.makedirs("work")
    monkeypatch.chdir(here / "work")
    r = invoke("normalize", "../a/x.txt", "../b/c/../c/y.txt", "-o", "../out")
    assert r.code == EXIT_OK, r.err
    assert files(here / "out") == ["a/x.txt", "b/c/y.txt"]


def test_absolute_inputs_are_written_inside_the_output_folder(here):
    write("deep/a/x.txt")
    r = invoke("normalize", str(here / "deep/a/x.txt"), str(here / "deep"), "-o", "out")
    assert r.code == EXIT_OK, r.err
    assert files("out") == ["a/x.txt"]


@pytest.mark.parametrize("link", ["folder", "file"])
def test_a_link_planted_in_the_output_folder_is_never_written_through(here, link):
    write("in/sub/a.txt")
    write("in/b.txt")
    outside = here / "outside"
    outside.mkdir()
    os.makedirs("out")
    if link == "folder":
        os.symlink(outside, "out/sub")
    else:
        os.symlink(outside / "b.txt", "out/b.txt")
    r = invoke("normalize", "in", "-o", "out")
    assert r.code == EXIT_FAILED and "would lie outside out: remove the symbolic link there" in r.err
    assert list(outside.iterdir()) == []


def test_a_link_to_a_folder_outside_the_tree_is_not_followed_unless_asked(here):
    write("outside/secret.txt")
    write("in/a.txt")
    os.symlink(here / "outside", "in/linked")
    assert invoke("normalize", "in", "-o", "out").code == EXIT_OK
    assert files("out") == ["a.txt"]
    r = invoke("normalize", "in", "-o", "out2", "--follow-symlinks")
    assert r.code == EXIT_OK
    assert files("out2") == ["a.txt", "linked/secret.txt"]  # read through the link, written inside out2
    assert (here / "outside/secret.txt").read_text() == "womyn"


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The installed script with a timeout: a walk that loops must fail this test, not hang it."""
    if not SCRIPT.exists():
        pytest.skip("the normspell script is not installed beside this Python")
    return subprocess.run([str(SCRIPT), *args], cwd=cwd, capture_output=True, text=True, timeout=60)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="symbolic links as on Linux")
@pytest.mark.parametrize("follow", [[], ["--follow-symlinks"]])
def test_link_loops_in_an_input_tree_end(here, follow):
    write("in/a.txt")
    write("in/sub/b.txt")
    os.symlink("..", "in/sub/up")  # a loop back to an ancestor
    os.symlink(".", "in/self")  # a loop onto itself
    os.symlink("../in", "in/sub/again")  # a second way into the tree
    os.symlink("loop.txt", "in/loop.txt")  # a file link loop
    p = _run("normalize", "in", "-o", "out", *follow, cwd=here)
    assert p.returncode == EXIT_FAILED
    assert "in/loop.txt: cannot read: Too many levels of symbolic links" in p.stderr
    assert files("out") == [".normspell-manifest.jsonl", "a.txt", "sub/b.txt"]  # each file once


def test_in_place_does_not_rewrite_through_a_link_unless_asked(here):
    outside = write(here / "outside/target.txt")
    write("site/a.txt")
    write("site/same.txt")
    os.symlink(outside, "site/link.txt")
    os.symlink("same.txt", "site/inner.txt")
    r = invoke("normalize", "--in-place", "site")
    assert r.code == EXIT_OK
    assert f"warning: site/link.txt: skipped: a symbolic link to {outside}" in r.err
    assert "pass --follow-symlinks to rewrite that file" in r.err
    assert "warning: site/inner.txt: skipped: a symbolic link" in r.err
    assert outside.read_text() == "womyn"  # untouched
    assert (here / "site/a.txt").read_text() == "women" and (here / "site/same.txt").read_text() == "women"
    r = invoke("normalize", "--in-place", "--follow-symlinks", "site/link.txt")
    assert r.code == EXIT_OK and "warning" not in r.err
    assert outside.read_text() == "women" and os.path.islink("site/link.txt")  # the link stays a link


def test_a_link_named_on_the_command_line_is_refused_in_place_too(here):
    outside = write(here / "outside/t.txt")
    os.symlink(outside, "link.txt")
    r = invoke("normalize", "--in-place", "link.txt")
    assert r.code == EXIT_OK and "skipped: a symbolic link" in r.err and outside.read_text() == "womyn"


def test_restore_never_writes_outside_its_output_folder(here):
    write("arc/a.txt")
    write("arc/sub/b.txt")
    assert invoke("normalize", "arc", "-o", "norm", "--changes", "ch.jsonl").code == EXIT_OK
    outside = here / "outside"
    outside.mkdir()
    os.makedirs("back")
    os.symlink(outside, "back/sub")
    r = invoke("restore", "norm", "--changes", "ch.jsonl", "-o", "back")
    assert r.code == EXIT_FAILED and "would lie outside back" in r.err
    assert list(outside.iterdir()) == [] and (here / "back/a.txt").read_text() == "womyn"
