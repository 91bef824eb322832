"""Word frequencies for ``discover``: the optional ``wordfreq`` adapter and a fallback.

Discovery asks two questions of a frequency list: is the rewritten form a real,
reasonably frequent word (``squad$`` -> ``squads``), and is the candidate itself
rare (``Klan``, ``Kansas`` and ``books`` are common words, never variants)? Both are
answered with the Zipf scale of ``wordfreq``: log10 of occurrences per billion
words, so 6 is "the", 3 is "squads", 0 is a word the list does not know.

``wordfreq`` ships its word lists inside the package and reads them from disk: no
network is used at any time. It is an optional dependency (the ``discover``
extra); :func:`wordfreq_zipf` says how to install it when it is missing.

:func:`no_frequencies` is the fallback when ``wordfreq`` is not installed: every
word has Zipf 0, so only the standards of the loaded lexicons count as real words
and no candidate can be ruled out as common. Discovery then finds only new
spellings of words the lexicon already knows (``Amerikkan`` -> ``American``),
which is narrow but still precise.

>>> no_frequencies("history")
0.0
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable

from normspell.errors import NormspellError

__all__ = ["MissingExtraError", "ZipfFunction", "no_frequencies", "wordfreq_zipf"]

ZipfFunction = Callable[[str], float]


class MissingExtraError(NormspellError, ImportError):
    """An optional dependency is not installed: the message names the extra to install."""


def no_frequencies(word: str) -> float:
    """The fallback list: knows no word (Zipf 0 for everything)."""
    return 0.0


@functools.cache
def _frequency_dict(lang: str) -> dict[str, float]:
    try:
        import wordfreq
    except ImportError as exc:
        msg = ("discovering spellings needs the word lists of `wordfreq`, which is not installed: "
               "pip install 'normspell[discover]' (or pass zipf=no_frequencies to use only the "
               "lexicon's own standards)")
        raise MissingExtraError(msg) from exc
    # One dict lookup per word instead of zipf_frequency(), which tokenizes its
    # argument: "squad$" would be looked up as "squad" and look common.
    return wordfreq.get_frequency_dict(lang, wordlist="best")


def wordfreq_zipf(lang: str = "en") -> ZipfFunction:
    """A function giving the Zipf frequency (0-8, two decimals) of one lower-case word.

    Raises :class:`MissingExtraError` when ``wordfreq`` is not installed.

    >>> try:
    ...     zipf = wordfreq_zipf("en")
    ... except MissingExtraError:  # without the extra, stand in for it
    ...     zipf = {"history": 5.39}.get
    >>> zipf("history") > 5 > (zipf("hystory") or 0.0) == 0.0
    True
    """
    freqs = _frequency_dict(lang)

    def zipf(word: str) -> float:
        f = freqs.get(word)
        return round(math.log10(f) + 9, 2) if f else 0.0

    return zipf
