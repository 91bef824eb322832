"""Whether a lexicon rule's pattern is safe to run on untrusted text.

A ``[[rule]]`` pattern runs on every text normspell reads, so a pattern that
backtracks catastrophically would hang a run. At load a pattern must compile,
must not match the empty string, and must get through probes of 3,000
characters, as the matcher runs it, within :data:`PATTERN_TIMEOUT`; at run time
the matcher still times every search of a stretch long enough to run away.

>>> pattern_problem("[a-z]+[$][a-z]+", "$", "r") is None
True
>>> pattern_problem("(?:(?:a[$])+)+!", "$", "r")[0]
'pattern'
"""

from __future__ import annotations

__all__ = ["PATTERN_TIMEOUT", "pattern_problem"]

PATTERN_TIMEOUT = 0.25  # seconds a probe (or a match at run time) may take
_PATTERN_PROBES = tuple(unit * (3000 // len(unit)) + tail
                        for unit in ("a", "$", "a$", "$a", "ab", "a.", "a-", "a ")
                        for tail in ("!", "?", "1"))
# (pattern, anchor) of the rules that passed the checks (compiled with regex's default
# syntax, VERSION0; no empty match; the probes): the bundled lexicons' rules, whose checks
# cost every process ~9 ms to load them (tests/test_lexicon.py checks each pair here and
# that every bundled rule is here), and each rule checked in this process.
_CHECKED: set[tuple[str, str]] = {
    (r"""(?<=^|[\s(\[\u2014-])(?:\p{Lu}?\p{Ll}{2,}(?:\$\p{Ll}{1,3})+\$?|\p{Lu}{3,}(?:\$\p{Lu}{1,3})+\$?"""
     r"""|\p{Lu}?\p{Ll}+[a-rt-z]\$|\p{Lu}{2,}[A-RT-Z]\$)(?=$|[\s.,;:!?)\]\u2014-])""", "$"),
}


def pattern_problem(pattern: str, anchor: str, rule_id: str) -> tuple[str, str] | None:
    """None when the rule's pattern is safe to run; else (``"pattern"`` when the
    message is about the pattern's own line, ``""`` for the rule's, the message)."""
    import regex

    if (pattern, anchor) in _CHECKED and regex.DEFAULT_VERSION == regex.VERSION0:
        return None
    try:
        compiled = regex.compile(pattern)
    except regex.error as exc:
        return "pattern", f"rule {rule_id!r}: pattern does not compile ({exc}): fix the expression"
    if compiled.fullmatch(""):
        return "", f"rule {rule_id!r}: pattern matches the empty string: require at least the anchor"
    slow = _slow_probe(pattern, anchor)
    if slow is not None:
        return "pattern", (f"rule {rule_id!r}: pattern backtracks catastrophically (over {PATTERN_TIMEOUT}s "
                           f"on a {len(slow)}-character probe): avoid nested repeats like (a+)+")
    if regex.DEFAULT_VERSION == regex.VERSION0:
        _CHECKED.add((pattern, anchor))
    return None


def _slow_probe(pattern: str, anchor: str) -> str | None:
    """The first probe on which the rule pattern, as the matcher runs it, times out; None if none."""
    import regex

    bounded = regex.compile(r"(?<![\w$@#])(?:" + pattern + r")(?![\w$@])")
    probes = _PATTERN_PROBES + tuple(u * (3000 // len(u)) + t for u in (anchor + "a", "a" + anchor)
                                     for t in ("!", "?"))
    for probe in probes:
        try:
            bounded.search(probe, timeout=PATTERN_TIMEOUT)
        except TimeoutError:
            return probe
    return None
