"""normspell: find and normalize deliberate idiosyncratic spellings.

>>> import normspell
>>> normspell.normalize("Wimmin of Amerikkka").text
'Women of America'
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING

from normspell.errors import (
    InputFormatError,
    LexiconFormatError,
    NormspellError,
    PatternTimeoutError,
    UnknownLexiconError,
)

__version__ = "0.1.0"

# Every other name loads with its module on first use: the core (regex, the
# Aho-Corasick automaton, TOML lexicons) takes tens of milliseconds to import,
# which `normspell search` and `normspell --help` must not spend.
_LAZY = {
    **dict.fromkeys(("Alignment", "Change", "apply", "restore"), "normspell.alignment"),
    **dict.fromkeys(("Entry", "Lexicon", "Protect", "Rule", "available_lexicons", "load_lexicon"), "normspell.lexicon"),
    **dict.fromkeys(("Normalization", "NormalizeConfig", "Normalizer", "detect", "normalize"), "normspell.normalize"),
    **dict.fromkeys(("Candidate", "discover", "to_lexicon"), "normspell.discovery"),
    "expand": "normspell.expansion",
    "hf_map": "normspell.hf",
}

if TYPE_CHECKING:
    from normspell.alignment import Alignment, Change, apply, restore
    from normspell.discovery import Candidate, discover, to_lexicon
    from normspell.expansion import expand
    from normspell.hf import hf_map
    from normspell.lexicon import Entry, Lexicon, Protect, Rule, available_lexicons, load_lexicon
    from normspell.normalize import Normalization, NormalizeConfig, Normalizer, detect, normalize


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'normspell' has no attribute {name!r}"
        raise AttributeError(msg)
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


class _Package(types.ModuleType):
    def __setattr__(self, name: str, value: object) -> None:
        # Importing the submodule normspell.normalize binds it here, over the
        # function of the same name, whenever that import comes first.
        if name == "normalize" and isinstance(value, types.ModuleType):
            value = value.normalize
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

__all__ = [
    "Alignment",
    "Candidate",
    "Change",
    "Entry",
    "InputFormatError",
    "Lexicon",
    "LexiconFormatError",
    "NormalizeConfig",
    "Normalization",
    "Normalizer",
    "NormspellError",
    "PatternTimeoutError",
    "Protect",
    "Rule",
    "UnknownLexiconError",
    "apply",
    "available_lexicons",
    "detect",
    "discover",
    "expand",
    "hf_map",
    "load_lexicon",
    "normalize",
    "restore",
    "to_lexicon",
]
