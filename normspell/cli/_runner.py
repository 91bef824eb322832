"""Run the tasks of a command, one after another or in worker processes.

With ``jobs > 1`` a :class:`~concurrent.futures.ProcessPoolExecutor` processes the
files; what a worker would print (normalized text for stdout, records) goes to a
spool file that the parent copies out in input order, so the output is byte for
byte that of ``jobs == 1``. Files written under ``-o`` or in place are written by
the workers themselves. A few tasks are kept in flight per worker, so spools never
pile up for the whole run.

An interrupt leaves no half-written file: outputs are written with ``atomic_write``
and the signal is turned into an exception that removes the temporary file.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, BinaryIO

from normspell.cli._engine import RecordsError, Report, Settings, Task, process
from normspell.normalize import Normalizer

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = ["run", "signals_exit"]

_AHEAD = 4  # tasks queued per worker beyond the one it runs
_WORKER: dict = {}


def _exit_on_signal(signum: int, _frame: object) -> None:
    # SystemExit, unlike KeyboardInterrupt, ends a worker process without a traceback;
    # on its way out it runs atomic_write's clean-up.
    _WORKER["stopped"] = True
    raise SystemExit(128 + signum)


@contextlib.contextmanager
def signals_exit() -> Iterator[None]:
    """Turn SIGTERM into SystemExit for the duration, so ``kill`` cleans up like Ctrl-C."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.signal(signal.SIGTERM, _exit_on_signal)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def _init_worker(normalizer: Normalizer, settings: Settings) -> None:
    _WORKER.update(normalizer=normalizer, settings=settings, stopped=False)
    signal.signal(signal.SIGTERM, _exit_on_signal)
    signal.signal(signal.SIGINT, _exit_on_signal)


def _work(task: Task, spool: str, index: int, want_out: bool, want_rec: bool) -> tuple[Report, str | None, str | None]:
    if _WORKER["stopped"]:  # interrupted: do not start the queued files
        return Report(task.path, "failed", f"{task.path}: interrupted"), None, None
    out_path = os.path.join(spool, f"{index}.out") if want_out else None
    rec_path = os.path.join(spool, f"{index}.rec") if want_rec else None
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(open(out_path, "wb")) if out_path else None
        rec = stack.enter_context(open(rec_path, "wb")) if rec_path else None
        report = process(task, _WORKER["normalizer"], _WORKER["settings"], out, rec)
    return report, out_path, rec_path


def _drain(path: str | None, stream: BinaryIO | None, records: bool = False) -> None:
    if path is None:
        return
    if stream is not None:
        with open(path, "rb") as fh:
            try:
                shutil.copyfileobj(fh, stream, 1 << 20)
            except BrokenPipeError:
                raise
            except OSError as exc:
                if not records:
                    raise
                # An incomplete changes file must not be kept: the caller drops it.
                raise RecordsError(f"cannot write the changes: {exc.strerror or exc}") from exc
    os.unlink(path)


def run(tasks: Sequence[Task], normalizer: Normalizer, settings: Settings, *, jobs: int,
        out: BinaryIO | None, rec: BinaryIO | None, done: Callable[[Report], None]) -> None:
    """Process ``tasks`` in order; ``done`` is called with each report in input order.

    ``out`` receives the text of tasks without a target, ``rec`` the records.
    """
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            done(process(task, normalizer, settings, out, rec))
            if out is not None:
                out.flush()
        return
    want_out = out is not None and any(t.target is None for t in tasks)
    with tempfile.TemporaryDirectory(prefix="normspell-") as spool:
        # (imported here: multiprocessing costs a one-file run ~9 ms of start-up)
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(normalizer, settings))
        pending: deque[Future] = deque()
        try:
            for index, task in enumerate(tasks):
                pending.append(pool.submit(_work, task, spool, index, want_out, rec is not None))
                if len(pending) < jobs * (_AHEAD + 1):
                    continue
                _finish(pending.popleft(), out, rec, done)
            while pending:
                _finish(pending.popleft(), out, rec, done)
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown()


def _finish(future: Future, out: BinaryIO | None, rec: BinaryIO | None,
            done: Callable[[Report], None]) -> None:
    report, out_path, rec_path = future.result()
    _drain(out_path, out)
    _drain(rec_path, rec, records=True)
    done(report)
