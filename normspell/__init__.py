"""normspell: find and normalize deliberate idiosyncratic spellings.

>>> import normspell
>>> normspell.normalize("Wimmin of Amerikkka").text
'Women of America'
"""

from normspell.alignment import Alignment, Change, apply, restore
from normspell.errors import (
    InputFormatError,
    LexiconFormatError,
    NormspellError,
    PatternTimeoutError,
    UnknownLexiconError,
)
from normspell.lexicon import Entry, Lexicon, Protect, Rule, available_lexicons, load_lexicon
from normspell.normalize import (
    Normalization,
    NormalizeConfig,
    Normalizer,
    detect,
    normalize,
)

__version__ = "0.1.0"

# Discovery, query expansion and the datasets helper load on first use: most
# users only normalize, and `import normspell` must stay fast.
_LAZY = {"Candidate": "normspell.discovery", "discover": "normspell.discovery",
         "to_lexicon": "normspell.discovery", "expand": "normspell.expansion", "hf_map": "normspell.hf"}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'normspell' has no attribute {name!r}"
        raise AttributeError(msg)
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value

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
