"""The one error hierarchy of normspell.

Every error raised on purpose is a :class:`NormspellError`; each subclass also
inherits the built-in exception that fits, so ``except ValueError`` keeps working.
Messages name the input, the place and the fix.
"""

from __future__ import annotations

__all__ = [
    "NormspellError",
    "LexiconFormatError",
    "UnknownLexiconError",
    "InputFormatError",
    "PatternTimeoutError",
]


class NormspellError(Exception):
    """Base class of every error normspell raises on purpose."""


class LexiconFormatError(NormspellError, ValueError):
    """A lexicon file is malformed: the message names file, line and fix."""


class UnknownLexiconError(NormspellError, LookupError):
    """No bundled lexicon has that name and no file exists at that path."""


class InputFormatError(NormspellError, ValueError):
    """An input document cannot be read in the format asked for (file:line: why)."""


class PatternTimeoutError(NormspellError, TimeoutError):
    """A pattern rule of a lexicon ran too long on some input (catastrophic backtracking)."""
