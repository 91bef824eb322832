"""normspell: find and normalize deliberate idiosyncratic spellings."""

__version__ = "0.1.0"
