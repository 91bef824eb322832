"""The ``normspell`` command line: thin adapters over the library.

Each module of this package adds its commands to the :data:`cli` group; the
group loads them all, so a new command is a new module here.

Exit codes: 0 ok; 1 some input failed or ``--check`` found variants; 2 usage error.
"""

from __future__ import annotations

import importlib
import pkgutil

import click

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

__all__ = ["cli", "EXIT_OK", "EXIT_FAILED", "EXIT_USAGE"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="normspell")
def cli() -> None:
    """Find and normalize deliberate spellings (womyn, Amerikkka, u.$.) in archives.

    \b
    Exit codes: 0 ok; 1 some input failed or --check found variants; 2 usage error.
    Example: normspell normalize archive/ -o normalized/
    """


for _module in sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")):
    importlib.import_module(f"{__name__}.{_module}")
