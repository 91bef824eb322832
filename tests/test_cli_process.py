"""The installed script as a process: a progress bar on a real terminal, interrupts, kill."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_cli import SCRIPT

pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ptys, FIFOs and signals as on Linux"),
    pytest.mark.skipif(not SCRIPT.exists(), reason="the normspell script is not installed beside this Python"),
]


def _read_all(fd: int) -> bytes:
    chunks = []
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:  # EIO once the other side is closed
            break
        if not data:
            break
        chunks.append(data)
    return b"".join(chunks)


def test_progress_bar_appears_on_a_terminal_and_never_on_stdout(tmp_path):
    import pty

    for i in range(3):
        (tmp_path / "arc").mkdir(exist_ok=True)
        (tmp_path / "arc" / f"{i}.txt").write_text("the womyn of Amerika " * 2000)
    master, slave = pty.openpty()
    p = subprocess.Popen([str(SCRIPT), "normalize", "arc"], stdout=subprocess.PIPE, stderr=slave, cwd=tmp_path)
    os.close(slave)
    out = p.stdout.read()
    err = _read_all(master).decode()
    os.close(master)
    assert p.wait(timeout=120) == 0
    assert "3/3 files" in err and "kB/s" in err and "#" in err
    assert out == (tmp_path / "arc/0.txt").read_bytes().replace(b"womyn", b"women").replace(b"Amerika", b"America") * 3


def _wait_for(predicate, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.02)


def _temps(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob("*.normspell-tmp")]


def _finish(p: subprocess.Popen, timeout: float = 60.0) -> tuple[int, str]:
    """Exit code and stderr of ``p``; a child that hangs is killed and its stderr shown."""
    try:
        code = p.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        raise AssertionError(f"normspell did not stop: {p.stderr.read().decode()}") from None
    return code, p.stderr.read().decode()


def _as_from_a_terminal() -> None:
    # A command started in the background by a shell inherits SIGINT ignored, and
    # Python then keeps ignoring it (as it should): these tests run under such a shell
    # too, but are about Ctrl-C at a terminal, where SIGINT is the default.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 1), (signal.SIGTERM, 128 + signal.SIGTERM)])
def test_an_interrupted_run_leaves_no_half_written_file(tmp_path, sig, code):
    target = tmp_path / "out.txt"
    target.write_text("old output")
    p = subprocess.Popen([str(SCRIPT), "normalize", "-", "-o", "out.txt", "--chunk-size", "1000"],
                         stdin=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path,
                         preexec_fn=_as_from_a_terminal)
    try:
        p.stdin.write(b"womyn of Amerika " * 2000)  # part of the input; the rest never comes
        p.stdin.flush()
        _wait_for(lambda: any(f.stat().st_size > 0 for f in tmp_path.glob(".out.txt.*.normspell-tmp")))
        p.send_signal(sig)
        assert _finish(p) == (code, "\nAborted!\n" if sig == signal.SIGINT else "")
    finally:
        p.kill()
        p.stdin.close()
    assert target.read_text() == "old output"
    assert _temps(tmp_path) == []


def test_ctrl_c_on_parallel_workers_leaves_no_temporary_files(tmp_path):
    writers, p = [], None
    for name in ("a.txt", "b.txt"):
        os.mkfifo(tmp_path / name)
        # O_RDWR opens a FIFO without waiting for a reader, and keeps it from ever ending.
        fd = os.open(tmp_path / name, os.O_RDWR)
        os.write(fd, b"womyn of Amerika " * 2000)
        writers.append(fd)
    try:
        p = subprocess.Popen([str(SCRIPT), "normalize", "a.txt", "b.txt", "-o", "out", "--jobs", "2",
                              "--chunk-size", "1000"], stderr=subprocess.PIPE, cwd=tmp_path,
                             start_new_session=True, preexec_fn=_as_from_a_terminal)
        _wait_for(lambda: len(_temps(tmp_path / "out")) == 2 if (tmp_path / "out").exists() else False)
        os.killpg(p.pid, signal.SIGINT)  # what Ctrl-C does: the whole process group
        code, err = _finish(p)
        assert code != 0
    finally:
        if p is not None:
            p.kill()
        for fd in writers:
            os.close(fd)
    assert "Traceback" not in err
    assert _temps(tmp_path) == []
    assert list((tmp_path / "out").iterdir()) == []
