"""Where each input's output goes: mirrored into a folder, one file, stdout or in place.

``normspell normalize`` plans a :class:`~normspell.cli._engine.Task` per input before
any work starts, so that it can refuse at once to write onto an input (or onto the
output of another), and so that a symbolic link is not rewritten through unasked.
"""

from __future__ import annotations

import os

import click

from normspell.cli._engine import Report, Task
from normspell.cli._inputs import STDIN, Input, format_of, mirror_root, mirror_target
from normspell.cli._output import Tally

__all__ = ["into_folder", "plan"]


def into_folder(paths: tuple[str, ...], output: str | None) -> bool:
    """Whether the outputs mirror the inputs under the folder ``output``."""
    if output in (None, "-"):
        return False
    single = len(paths) == 1 and (paths[0] == STDIN or os.path.isfile(paths[0]))
    return not single or os.path.isdir(output) or output.endswith(("/", os.sep))


def _in_place(inputs: tuple[Input, ...], fmt: str, backup: str | None, follow: bool, tally: Tally) -> list[Task]:
    tasks = []
    for i in inputs:
        if os.path.islink(i.path) and not follow:
            # The link's target may lie outside the tree, or be another input: never rewrite it unasked.
            msg = (f"{i.path}: skipped: a symbolic link to {os.path.realpath(i.path)}; --in-place does not rewrite"
                   " through links: pass --follow-symlinks to rewrite that file")
            tally.add(Report(i.path, "skipped", msg))
            continue
        tasks.append(Task(i.path, format_of(i.path, fmt), i.path, True, backup))
    return tasks


def plan(inputs: tuple[Input, ...], paths: tuple[str, ...], output: str | None,
          in_place: bool, backup: str | None, fmt: str, follow: bool, tally: Tally) -> list[Task]:
    """A task per input, with the file it writes; refuse to write onto any input."""
    if in_place:
        return _in_place(inputs, fmt, backup, follow, tally)
    if output in (None, "-"):
        return [Task(i.path, format_of(i.path, fmt)) for i in inputs]
    if not into_folder(paths, output):
        targets = {i.path: output for i in inputs}
    else:
        if any(i.path == STDIN for i in inputs):
            raise click.UsageError("stdin cannot be mirrored into a folder: give -o a file name or -o -")
        root = mirror_root(paths)
        targets = {}
        for i in inputs:
            try:
                targets[i.path] = mirror_target(i.path, root, output)
            except ValueError as exc:
                tally.error(str(exc))
    reals = {os.path.realpath(i.path) for i in inputs if i.path != STDIN}
    for path, target in targets.items():
        if os.path.realpath(target) in reals:
            source = "" if os.path.realpath(path) == os.path.realpath(target) else f" (the output of {path})"
            raise click.UsageError(f"refusing to write onto input file {target}{source}: "
                                   "choose another -o, or rewrite inputs with --in-place")
    folder = into_folder(paths, output)
    return [Task(i.path, format_of(i.path, fmt), targets[i.path],
                 label=os.path.relpath(targets[i.path], output).replace(os.sep, "/") if folder else None)
            for i in inputs if i.path in targets]
