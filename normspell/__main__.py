"""``python -m normspell`` runs the command-line interface."""

from normspell.cli import cli

if __name__ == "__main__":  # pragma: no branch
    cli(prog_name="normspell")
