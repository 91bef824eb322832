"""Carrying the case of a found spelling over to its standard.

ALL-CAPS stays all caps; a standard with capitals (a proper noun, an
abbreviation) keeps its own case; otherwise a capitalized word stays
capitalized and the rest is lower case.

>>> transfer_case("WIMMIN", "women"), transfer_case("ameriKKKa", "America")
('WOMEN', 'America')
>>> transfer_case("Womyn", "women"), transfer_case("u.$.", "U.S.")
('Women', 'U.S.')
"""

from __future__ import annotations

__all__ = ["transfer_case"]


def transfer_case(found: str, standard: str, parts: tuple[str, ...] = ("", "")) -> str:
    """The replacement for ``found``: ``standard`` joined by ``parts``, in the right case.

    ``parts`` are the letters of ``found`` around each occurrence of the
    variant stem (``chair``-persyn-``al``); the result is
    ``parts[0] + standard + parts[1] + ...``. They keep their case unless the
    whole word is in capitals.
    """
    letters = [c for c in found if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return standard.join(parts).upper()
    if any(c.isupper() for c in standard):
        return standard.join(parts)
    word = standard.join(p.lower() for p in parts)
    found_words, std_words = found.split(), word.split()
    if len(found_words) > 1 and len(found_words) == len(std_words) and all(
            _first_letter_upper(w) for w in found_words):
        return " ".join(w[:1].upper() + w[1:] for w in std_words)  # Title Case Stays
    if letters and letters[0].isupper():
        return word[:1].upper() + word[1:]
    return word


def _first_letter_upper(word: str) -> bool:
    return next((c.isupper() for c in word if c.isalpha()), False)
