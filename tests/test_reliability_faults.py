"""Faults: a full disk, a killed run, inputs that vanish or change, permissions.

Whatever happens to one file, the run reports it, goes on with the others and exits
1; no output is partial or corrupted and no temporary file is left. A killed run
continues with ``--resume``, which skips the files it finished and redoes the rest.
"""

import contextlib
import errno
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from test_cli import SCRIPT, invoke

import normspell
from normspell.cli import EXIT_FAILED, EXIT_OK, _engine, _per_format
from normspell.cli._manifest import MANIFEST
from normspell.formats import atomic

TEXT = "The womyn of Amerikkka and the u.$. state.\n"


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def archive(root: Path, n: int, size: int = 1) -> dict[str, str]:
    """``n`` files of ``size`` repeats of TEXT (numbered); returns relative path -> normalized text."""
    expected = {}
    for i in range(n):
        rel = f"d{i % 4}/f{i:04}.txt"
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        body = f"{i}: {TEXT}" * size
        path.write_text(body)
        expected[rel] = normspell.normalize(body).text
    return expected


def outputs(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text() for p in folder.rglob("*")
            if p.is_file() and p.name != MANIFEST}


def temporaries(folder: Path) -> list[Path]:
    return list(folder.rglob("*.normspell-tmp"))


def journal(folder: Path) -> list[str]:
    lines = (folder / MANIFEST).read_text().splitlines()
    return [json.loads(line)["output"] for line in lines[1:]]


def _failing_writes(monkeypatch, names: set[str], exc: OSError) -> None:
    """Writes to outputs named in ``names`` fail with ``exc`` after some bytes went out."""
    real = _engine.atomic_write

    class Failing:
        def __init__(self, fh):
            self.fh = fh

        def write(self, data):
            self.fh.write(data[:5])
            raise exc

    @contextlib.contextmanager
    def atomic_write(path, **kwargs):
        with real(path, **kwargs) as fh:
            yield Failing(fh) if Path(path).name in names else fh

    monkeypatch.setattr(_engine, "atomic_write", atomic_write)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_full_disk_fails_those_files_only_and_resume_redoes_them(here, monkeypatch, jobs):
    expected = archive(here / "arc", 12)
    (here / "out/d1").mkdir(parents=True)
    (here / "out/d1/f0001.txt").write_text("old output")
    _failing_writes(monkeypatch, {"f0001.txt", "f0006.txt"}, OSError(errno.ENOSPC, "No space left on device"))
    r = invoke("normalize", "arc", "-o", "out", "--jobs", jobs)
    assert r.code == EXIT_FAILED
    assert "error: out/d1/f0001.txt: cannot write: No space left on device" in r.err
    assert "error: out/d2/f0006.txt: cannot write: No space left on device" in r.err and "2 failed" in r.err
    assert (here / "out/d1/f0001.txt").read_text() == "old output"  # the old output, untouched
    got = outputs(here / "out")
    assert {k: v for k, v in got.items() if k not in ("d1/f0001.txt",)} == \
        {k: v for k, v in expected.items() if k not in ("d1/f0001.txt", "d2/f0006.txt")}
    assert temporaries(here) == []
    assert sorted(journal(here / "out")) == sorted(set(expected) - {"d1/f0001.txt", "d2/f0006.txt"})
    monkeypatch.undo()
    os.chdir(here)
    r = invoke("normalize", "arc", "-o", "out", "--resume")
    assert r.code == EXIT_OK, r.err
    assert "12 files" in r.err and "10 done before (--resume)" in r.err
    assert outputs(here / "out") == expected and not (here / "out" / MANIFEST).exists()


def test_a_real_full_disk_on_a_small_tmpfs(here):
    disk = here / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(disk)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        expected = archive(here / "arc", 16, size=400)  # 16 files of 18 kB: about 290 kB
        r = invoke("normalize", "arc", "-o", "disk/out", "--jobs", "1")
        assert r.code == EXIT_FAILED
        assert "No space left on device" in r.err and "Traceback" not in r.err
        got = outputs(disk / "out")
        assert 0 < len(got) < len(expected)
        assert all(got[k] == expected[k] for k in got)  # every output there is complete
        assert temporaries(disk) == []
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_a_full_disk_while_writing_the_changes_drops_the_changes_file(here, monkeypatch):
    archive(here / "arc", 3)
    real = atomic.atomic_write

    class Full:
        def __init__(self, fh):
            self.fh = fh

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    @contextlib.contextmanager
    def changes_write(path, **kwargs):
        with real(path, **kwargs) as fh:
            yield Full(fh)

    import normspell.cli.convert as convert

    monkeypatch.setattr(convert, "atomic_write", changes_write)
    r = invoke("normalize", "arc", "-o", "out", "--changes", "ch.jsonl")
    assert r.code == EXIT_FAILED
    assert "error: ch.jsonl: cannot write the changes: No space left on device: the run stopped" in r.err
    assert not (here / "ch.jsonl").exists() and temporaries(here) == []


def _interrupted_run(here: Path) -> tuple[list[str], list[Path]]:
    """Start normalizing ``arc`` with --jobs 1 and SIGKILL it once ten files are done."""
    p = subprocess.Popen([str(SCRIPT), "normalize", "arc", "-o", "out", "--jobs", "1", "--chunk-size", "4KiB"],
                         cwd=here, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    try:
        while len(_lines(here / "out" / MANIFEST)) <= 10:
            assert p.poll() is None, f"normspell ended before it was killed: {p.stderr.read()}"
            assert time.monotonic() < deadline, "normspell wrote no journal"
            time.sleep(0.005)
        os.kill(p.pid, signal.SIGKILL)
        assert p.wait(timeout=60) == -signal.SIGKILL
    finally:
        p.kill()
        p.stderr.close()
    return journal(here / "out"), temporaries(here / "out")


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text().splitlines()
    except FileNotFoundError:
        return []


@pytest.mark.slow
@pytest.mark.skipif(not SCRIPT.exists(), reason="the normspell script is not installed beside this Python")
def test_a_killed_batch_resumes_where_it_stopped_and_ends_as_a_clean_run(here):
    expected = archive(here / "arc", 120, size=300)  # 120 files of 13 kB, slowed by a small chunk size
    done, temps = _interrupted_run(here)
    assert 10 <= len(done) < 120, "the kill came too late to test anything"
    unfinished = sorted(set(expected) - set(done))
    # What the journal names is complete; the file being written has at most a temporary file.
    assert all((here / "out" / rel).read_text() == expected[rel] for rel in done)
    assert all(t.name.startswith(f".{Path(unfinished[0]).name}.") for t in temps)
    r = subprocess.run([str(SCRIPT), "normalize", "arc", "-o", "out", "--resume"], cwd=here,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == EXIT_OK, r.stderr
    assert f"{len(done)} done before (--resume)" in r.stderr
    assert f"{len(unfinished)} changes" not in r.stderr  # it counts the changes of the redone files only
    clean = subprocess.run([str(SCRIPT), "normalize", "arc", "-o", "clean", "-q"], cwd=here, timeout=300)
    assert clean.returncode == EXIT_OK
    assert outputs(here / "out") == outputs(here / "clean") == expected
    assert sorted(os.listdir(here / "out")) == sorted(os.listdir(here / "clean"))  # no journal, no temporaries


def test_resume_redoes_files_changed_since_and_outputs_that_were_damaged(here, monkeypatch):
    expected = archive(here / "arc", 4)
    _failing_writes(monkeypatch, {"f0003.txt"}, OSError(errno.EIO, "Input/output error"))
    assert invoke("normalize", "arc", "-o", "out").code == EXIT_FAILED
    monkeypatch.undo()
    os.chdir(here)
    (here / "arc/d0/f0000.txt").write_text("womyn again")  # changed since: redone
    expected["d0/f0000.txt"] = "women again"
    (here / "out/d1/f0001.txt").write_text("damaged")  # damaged output: redone
    r = invoke("normalize", "arc", "-o", "out", "--resume")
    assert r.code == EXIT_OK and "1 done before (--resume)" in r.err
    assert outputs(here / "out") == expected


def test_resume_refuses_a_journal_of_other_settings_and_other_combinations(here):
    archive(here / "arc", 2)
    (here / "out").mkdir()
    (here / "out" / MANIFEST).write_text('{"normspell_manifest": 1, "fingerprint": "other"}\n')
    r = invoke("normalize", "arc", "-o", "out", "--resume")
    assert r.code == 2 and "other lexicons, options or normspell version" in r.err
    assert invoke("normalize", "arc", "--in-place", "--resume").code == 2
    r = invoke("normalize", "arc", "-o", "out2", "--resume", "--changes", "c.jsonl")
    assert r.code == 2 and "--resume cannot write --changes" in r.err


def test_a_file_that_disappears_after_listing_is_reported(here, monkeypatch):
    expected = archive(here / "arc", 3)
    import normspell.cli.convert as convert

    real = convert.collect

    def collect_then_delete(*args, **kwargs):
        walk = real(*args, **kwargs)
        (here / "arc/d1/f0001.txt").unlink()
        return walk

    monkeypatch.setattr(convert, "collect", collect_then_delete)
    r = invoke("normalize", "arc", "-o", "out")
    assert r.code == EXIT_FAILED and "arc/d1/f0001.txt: cannot read: No such file or directory" in r.err
    del expected["d1/f0001.txt"]
    assert outputs(here / "out") == expected


@pytest.mark.parametrize("how", ["append", "replace", "delete"])
@pytest.mark.parametrize("where", ["out", "in-place"])
def test_a_file_that_changes_while_it_is_read_writes_nothing(here, monkeypatch, how, where):
    archive(here / "arc", 2, size=200)
    victim = here / "arc/d1/f0001.txt"
    real_text = _per_format.Sink.text

    def meddle(self, s):
        if self.name.endswith("f0001.txt") and victim.exists() and victim.read_text().startswith("1:"):
            if how == "append":
                with open(victim, "a") as fh:
                    fh.write("womyn written meanwhile\n")
            elif how == "replace":
                (here / "new.txt").write_text("a new version")
                os.replace(here / "new.txt", victim)
            else:
                victim.unlink()
        real_text(self, s)

    monkeypatch.setattr(_per_format.Sink, "text", meddle)
    args = ("--in-place", "arc") if where == "in-place" else ("arc", "-o", "out", "--chunk-size", "1KiB")
    r = invoke("normalize", *args)
    assert r.code == EXIT_FAILED
    verb = {"append": "changed", "replace": "was replaced", "delete": "disappeared"}[how]
    assert f"arc/d1/f0001.txt: {verb} while it was read: nothing written" in r.err
    if where == "out":
        assert not (here / "out/d1/f0001.txt").exists() and (here / "out/d0/f0000.txt").exists()
    elif how != "delete":
        assert "written meanwhile" in victim.read_text() or victim.read_text() == "a new version"  # kept
    assert temporaries(here) == []


def test_permission_errors_reading_and_writing_are_reported_and_the_run_goes_on(here, monkeypatch):
    expected = archive(here / "arc", 6)
    real_opened, real_temp = _engine._opened, atomic._open_temp

    def opened(path):
        if path.endswith("f0002.txt"):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_opened(path)

    def open_temp(folder, name):
        if name == "f0003.txt":
            raise PermissionError(errno.EACCES, "Permission denied", os.path.join(folder, name))
        return real_temp(folder, name)

    monkeypatch.setattr(_engine, "_opened", opened)
    monkeypatch.setattr(atomic, "_open_temp", open_temp)
    r = invoke("normalize", "arc", "-o", "out")
    assert r.code == EXIT_FAILED
    assert "error: arc/d2/f0002.txt: cannot read: Permission denied" in r.err
    assert "error: out/d3/f0003.txt: cannot write: Permission denied" in r.err and "2 failed" in r.err
    assert outputs(here / "out") == {k: v for k, v in expected.items() if k not in ("d2/f0002.txt", "d3/f0003.txt")}
    assert temporaries(here) == []
