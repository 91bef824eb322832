"""The command line (CliRunner and a real subprocess)."""

import subprocess
import sys

from click.testing import CliRunner

from normspell.cli import cli


def test_normalize_stdin_to_stdout():
    r = CliRunner().invoke(cli, ["normalize"], input="Wimmin of Amerikkka\n")
    assert r.exit_code == 0
    assert r.stdout == "Women of America\n"


def test_python_dash_m_works_like_the_script():
    p = subprocess.run([sys.executable, "-m", "normspell", "normalize", "-"],
                       input=b"u.$. and I$rael", capture_output=True, timeout=120)
    assert p.returncode == 0 and p.stdout == b"U.S. and Israel"


def test_import_does_not_import_spacy():
    code = "import sys, normspell; print('spacy' in sys.modules)"
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert p.stdout.strip() == "False"
