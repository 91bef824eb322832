"""Writing a file that cannot half-fail: readers see the old content or the whole new one.

:func:`atomic_write` writes to a temporary file beside the target, fsyncs it and
renames it over the target; an exception (KeyboardInterrupt included) removes the
temporary file and leaves the target as it was. Used for every output file and for
``--in-place`` (with an optional backup of the old content).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import stat
from collections.abc import Iterator
from typing import BinaryIO

__all__ = ["atomic_write"]

_TMP_SUFFIX = ".normspell-tmp"


def _fsync_dir(folder: str) -> None:
    # Makes the rename itself durable; some systems cannot open a folder: no harm.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _temp_path(folder: str, name: str) -> str:
    return os.path.join(folder, f".{name}.{secrets.token_hex(4)}{_TMP_SUFFIX}")


def _open_temp(folder: str, name: str) -> tuple[str, int]:
    while True:
        tmp = _temp_path(folder, name)
        with contextlib.suppress(FileExistsError):
            # 0o666 lets the umask decide a new file's mode, as a plain open() would.
            return tmp, os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)


def _backup(target: str, backup: str, folder: str, name: str) -> None:
    # A hard link keeps the old bytes without copying gigabytes; link to a temp name
    # first so an existing backup is swapped, never left missing.
    tmp = _temp_path(folder, name)
    try:
        os.link(target, tmp)
    except OSError:
        shutil.copy2(target, tmp)
    try:
        os.replace(tmp, backup)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def atomic_write(
    path: str | os.PathLike[str], *, backup_suffix: str | None = None
) -> Iterator[BinaryIO]:
    """Write a file so that readers see either the old or the complete new content.

    Yields a binary file object on a temporary file ``.NAME.XXXXXXXX.normspell-tmp``
    in the target's folder (so the final :func:`os.replace` stays on one
    filesystem). On a clean exit the data is flushed, fsynced and moved onto
    ``path``; on any exception, KeyboardInterrupt included, the temporary file is
    removed and ``path`` is untouched. An existing target keeps its permission
    bits; with ``backup_suffix`` its old content is kept at ``path + suffix``. A
    symlink is followed: the file it points to is replaced (and backed up beside
    itself) and the link stays.
    Do not close the yielded file yourself.

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     target = pathlib.Path(folder, "zine.txt")
    ...     _ = target.write_bytes(b"womyn")
    ...     with atomic_write(target, backup_suffix=".orig") as out:
    ...         _ = out.write(b"women")
    ...     target.read_bytes(), pathlib.Path(folder, "zine.txt.orig").read_bytes()
    (b'women', b'womyn')
    """
    target = os.path.realpath(os.fspath(path))
    folder, name = os.path.split(target)
    try:
        mode: int | None = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = None
    tmp, fd = _open_temp(folder, name)
    try:
        with os.fdopen(fd, "wb") as out:
            if mode is not None:
                os.chmod(tmp, mode)
            yield out
            out.flush()
            os.fsync(out.fileno())
        if backup_suffix and mode is not None:
            _backup(target, target + backup_suffix, folder, name)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(folder)
