"""Peer implementations that normspell is compared against for speed (and correctness).

Each peer is ``peer(text, pairs) -> (output_text, number_of_replacements)`` where ``pairs``
is a list of ``(variant_form, standard_form)`` strings, e.g. ``corpus.PAIRS``.  None of them
transfers case (the standard form is written as given), none knows about protected phrases
or URLs, and none is expected to be correct on every corpus form: they are the baselines.

* ``naive_resub``       one compiled ``re.sub`` per pair.
* ``flashtext_replace`` flashtext's KeywordProcessor; returns None if flashtext is missing.
* ``sed_replace``       GNU sed, one ``s///gI`` per pair, via subprocess; returns None if
                        GNU sed is missing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile

__all__ = ["naive_resub", "flashtext_replace", "sed_replace", "PEERS"]

# A variant starts/ends where the neighbouring character is not a word character, "$" or
# "@" (so "U$" does not match inside "U$A" and "I$rael" not inside "xI$rael").
_LEFT = r"(?<![\w$@])"
_RIGHT = r"(?![\w$@])"


def _pattern(variant: str) -> str:
    # Multiword forms match across any whitespace, line breaks included.
    return _LEFT + r"\s+".join(re.escape(w) for w in variant.split()) + _RIGHT


def naive_resub(text: str, pairs) -> tuple[str, int]:
    """One case-insensitive ``re.subn`` per pair, in the given order."""
    total = 0
    for variant, standard in pairs:
        rx = re.compile(_pattern(variant), re.IGNORECASE)
        # A function replacement sidesteps escaping of backslashes/group references.
        text, n = rx.subn(lambda _m, s=standard: s, text)
        total += n
    return text, total


def flashtext_replace(text: str, pairs, count: bool = True):
    r"""flashtext ``replace_keywords`` with ``case_sensitive=False``.

    flashtext starts a keyword only at a word start and ends it only before a non-word
    character, "word characters" being its ``non_word_boundaries`` set (default: letters,
    digits, ``_``).  Non-word characters *inside* a keyword are still walked through the
    trie, so ``u.$.``, ``I$rael``, ``U$`` (not inside ``U$A``) and ``united $tates`` are
    found with the default set.  We add ``$`` and ``@`` to the word characters so the
    boundary matches the other peers' ``(?<![\w$@])``/``(?![\w$@])`` (without it
    ``$Amerika`` would be rewritten); inner ``$`` still works.  ``.``, ``-`` and ``'`` stay
    boundaries: adding ``.`` would glue sentence periods to words ("Amerika." is then
    missed), adding ``-``/``'`` would miss ``Euro-Amerikan``/``Amerika's``.

    Multiword keywords match a single space only ("United\n$tates" is missed).

    The replacement count costs a second pass (``extract_keywords``); pass
    ``count=False`` to time the replacement alone (the count is then None).
    Returns None if flashtext is not importable.
    """
    try:
        from flashtext import KeywordProcessor
    except ImportError:
        return None
    kp = KeywordProcessor(case_sensitive=False)
    kp.add_non_word_boundary("$")
    kp.add_non_word_boundary("@")
    for variant, standard in pairs:
        kp.add_keyword(variant, standard)
    # replace_keywords builds its result with repeated string concatenation, which is
    # quadratic on one 50 MB string (0.25 MB/s on 1 MB, worse beyond); fed line by line
    # it is linear and gives the same output, since no keyword contains a newline.
    out = "".join(map(kp.replace_keywords, text.splitlines(keepends=True)))
    n = len(kp.extract_keywords(text)) if count else None
    return out, n


# GNU sed: ERE, case-insensitive "I" flag, POSIX classes.  The boundary is emulated by
# capturing the neighbouring character (or line start/end) and writing it back.
_SED_LEFT = r"(^|[^[:alnum:]_$@])"
_SED_RIGHT = r"([^[:alnum:]_$@]|$)"
_SED_SPECIAL = re.compile(r"([.\[\]\\*+?(){}|^$/])")


def _sed_escape_regex(s: str) -> str:
    return _SED_SPECIAL.sub(r"\\\1", s)


def _sed_escape_repl(s: str) -> str:
    return s.replace("\\", "\\\\").replace("&", "\\&").replace("/", "\\/")


def _sed_binary():
    sed = shutil.which("gsed") or shutil.which("sed")
    if not sed:
        return None
    try:
        v = subprocess.run([sed, "--version"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return sed if "GNU sed" in v.stdout else None


def sed_replace(text: str, pairs, marker: str | None = None):
    """GNU ``sed -E -f script`` with one ``s/…/…/gI`` per pair (each written twice, see
    below), run on a temporary file.

    Counting: every replacement writes a marker character (a control character absent
    from the text) in front of the standard form; afterwards Python counts the markers and
    deletes them.  That is exact (one marker per substitution sed performed) and costs two
    C-speed passes over the output, unlike ``grep -o -i -E`` per pair (one more full pass
    of the file per pair, and grep -o has the same boundary-overlap blind spot as below) or
    diffing (adjacent replacements merge into one hunk).

    Why each command appears twice: the emulated boundary consumes the neighbouring
    character, so in "u.$. u.$." the second match has lost its left boundary to the first;
    a second identical command catches it (runs of any length need at most two passes).

    sed works line by line, so a multiword variant broken across lines ("United\\n$tates")
    is not replaced.  Returns None if GNU sed is unavailable.
    """
    sed = _sed_binary()
    if sed is None:
        return None
    if marker is None:
        marker = next(c for c in "\x01\x02\x03\x04\x05\x06\x07\x0e\x0f\x10" if c not in text)
    lines = []
    for variant, standard in pairs:
        body = "[[:space:]]+".join(_sed_escape_regex(w) for w in variant.split())
        cmd = f"s/{_SED_LEFT}{body}{_SED_RIGHT}/\\1{marker}{_sed_escape_repl(standard)}\\2/gI"
        lines.append(cmd)
        lines.append(cmd)
    with tempfile.TemporaryDirectory(prefix="normspell-sed-") as d:
        script = os.path.join(d, "script.sed")
        src = os.path.join(d, "input.txt")
        with open(script, "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lines) + "\n")
        with open(src, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        # Byte-wise (the C locale) whenever the pairs are ASCII: sed's fastest setting, and
        # the same answer, as an ASCII pattern cannot match inside a UTF-8 sequence.
        ascii_pairs = all(v.isascii() and s.isascii() for v, s in pairs)
        env = dict(os.environ, LC_ALL="C" if ascii_pairs or text.isascii() else "C.UTF-8")
        proc = subprocess.run([sed, "-E", "-f", script, src], capture_output=True, env=env)
    if proc.returncode != 0:
        raise RuntimeError("sed failed: " + proc.stderr.decode("utf-8", "replace"))
    out = proc.stdout.decode("utf-8")
    n = out.count(marker)
    return out.replace(marker, ""), n


PEERS = {
    "naive_resub": naive_resub,
    "flashtext_replace": flashtext_replace,
    "sed_replace": sed_replace,
}
