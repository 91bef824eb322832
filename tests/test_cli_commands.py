"""The command registry: every command is listed, loads lazily and has help."""

import subprocess
import sys

import click
from click.testing import CliRunner

from normspell.cli import COMMANDS, cli, load_all


def test_registry_lists_exactly_the_commands_the_modules_define():
    load_all()
    assert set(cli.commands) == set(COMMANDS)


def test_every_command_has_help_with_an_example():
    runner = CliRunner()
    for name in COMMANDS:
        r = runner.invoke(cli, [name, "--help"])
        assert r.exit_code == 0, name
        assert "Example" in r.stdout or "example" in r.stdout, name


def test_group_help_shows_each_command_line_without_importing_them():
    code = ("import sys; from click.testing import CliRunner; from normspell.cli import cli; "
            "r = CliRunner().invoke(cli, ['--help']); print(r.stdout); "
            "print(sorted(m for m in sys.modules if m.startswith('normspell.cli.') and not m[14:].startswith('_')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120).stdout
    for name, (_modules, line) in COMMANDS.items():
        assert f"{name}" in out and line[:30] in out
    assert out.strip().splitlines()[-1] == "[]"


def test_unknown_command_is_a_usage_error():
    r = CliRunner().invoke(cli, ["nope"])
    assert r.exit_code == 2 and "No such command 'nope'" in r.stderr


def test_short_help_lines_fit_the_commands():
    load_all()
    for name, (_modules, line) in COMMANDS.items():
        assert isinstance(cli.commands[name], click.Command)
        assert line.endswith(".") and len(line) < 70
