"""Every bundled lexicon loads, from a source checkout and from an installed wheel."""

import subprocess
import sys
from pathlib import Path

import pytest

import normspell
from normspell.lexicon import available_lexicons, load_lexicon

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", available_lexicons())
def test_every_bundled_lexicon_loads(name):
    lex = load_lexicon(name)
    assert lex.entries and lex.name == name


def test_source_checkout_finds_top_level_lexicons():
    # pip install -e . (and a plain checkout) read lexicons/ beside the package
    if Path(normspell.__file__).resolve().parent.parent != ROOT:
        pytest.skip("normspell is not imported from this checkout")
    assert Path(load_lexicon("mim").path).resolve() == ROOT / "lexicons" / "mim.toml"


def test_wheel_install_finds_lexicons_inside_the_package(tmp_path):
    pytest.importorskip("hatchling")
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(wheels), str(ROOT)], capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    (wheel,) = wheels.glob("normspell-*.whl")
    target = tmp_path / "site"
    inst = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        capture_output=True, text=True, timeout=300)
    assert inst.returncode == 0, inst.stderr
    code = ("import normspell, sys; from normspell.lexicon import load_lexicon; "
            "print(load_lexicon('mim').path); print(normspell.__file__)")
    run = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(target)!r}); {code}"],
                         capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    lexicon_path, module_path = run.stdout.split()
    assert lexicon_path.startswith(str(target)) and module_path.startswith(str(target))
    assert lexicon_path.endswith("normspell/lexicons/mim.toml")


def test_package_is_typed():
    assert (ROOT / "normspell" / "py.typed").exists()
