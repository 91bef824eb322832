"""The ``normspell`` command line: thin adapters over the library.

Each module of this package adds its commands to the :data:`cli` group; a new
command is a new module here plus a line in :data:`COMMANDS`.

Exit codes: 0 ok; 1 some input failed or ``--check`` found variants; 2 usage error.
"""

from __future__ import annotations

import importlib

import click

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

__all__ = ["cli", "COMMANDS", "EXIT_OK", "EXIT_FAILED", "EXIT_USAGE", "load_all"]


# Which module defines each command, and its one-line help: the group imports a
# command's module only when that command runs, so `normspell --help` and a
# single command start fast (tests check these lines against the commands).
COMMANDS: dict[str, tuple[tuple[str, ...], str]] = {
    "normalize": (("convert",), "Normalize deliberate spellings in files, folders or stdin."),
    "detect": (("convert",), "List the deliberate spellings in files, folders or stdin."),
    "restore": (("restore",), "Restore the original of a normalized file from its changes."),
    "lexicon": (("lexicon_cmd", "export"), "List, show, validate and export lexicons."),
    "discover": (("discover",), "List candidate spellings that no loaded lexicon has yet."),
    "expand": (("search",), "Expand a query in standard spelling into every spelling."),
    "grep": (("search",), "Search files for a query in standard spelling."),
    "index": (("search",), "Build or update a full-text index of an archive."),
    "search": (("lookup",), "Search an index for a query in standard spelling."),
    "diff": (("compare",), "Show a file against its normalization."),
    "stats": (("compare",), "Count variant against standard spellings."),
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMANDS:
            for module in COMMANDS[name][0]:
                importlib.import_module(f"{__name__}.{module}")
        return self.commands.get(name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1] if name in COMMANDS else self.commands[name].get_short_help_str())
                for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="normspell")
def cli() -> None:
    """Find and normalize deliberate spellings (womyn, Amerikkka, u.$.) in archives.

    \b
    Exit codes: 0 ok; 1 some input failed or --check found variants; 2 usage error.
    Example: normspell normalize archive/ -o normalized/
    """


def load_all() -> None:
    """Import every command module (for documentation and tests)."""
    import pkgutil  # not on the path of a single command

    for module in sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")):
        importlib.import_module(f"{__name__}.{module}")
