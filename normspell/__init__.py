"""normspell: find and normalize deliberate idiosyncratic spellings.

>>> import normspell
>>> normspell.normalize("Wimmin of Amerikkka").text
'Women of America'
"""

from normspell.alignment import Alignment, Change, apply, restore
from normspell.discover import Candidate, discover, to_lexicon
from normspell.errors import (
    InputFormatError,
    LexiconFormatError,
    NormspellError,
    PatternTimeoutError,
    UnknownLexiconError,
)
from normspell.expand import expand
from normspell.hf import hf_map
from normspell.lexicon import Entry, Lexicon, Protect, Rule, available_lexicons, load_lexicon
from normspell.normalize import (
    Normalization,
    NormalizeConfig,
    Normalizer,
    detect,
    normalize,
)

__version__ = "0.1.0"

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
