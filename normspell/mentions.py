"""Mentions: a variant that is talked about, not used, is left as it is.

'MIM spells it "Amerikkka"', 'the term Amerikan', 'Amerika, with a k,': the
spelling itself is the topic, and normalizing it would destroy the sentence.
A variant is a mention when its quotes hold it alone (with the lexicon's
``alone``; else when it is quoted near one of its cue words), right after one of
its ``before`` phrases, or right before one of its ``after`` phrases (also after a
comma, as an aside: *Amerika, spelled with a k*; quotes around a letter do not
count: *with a "k"*), or when it is listed after a mention (:func:`listed_after`). The phrases are the lexicon's
(``[mentions]``); like every context reader (:mod:`normspell.context`) these look
only a bounded stretch around the variant.

>>> from normspell.lexicon import load_lexicon
>>> rule = load_lexicon("mim").mentions
>>> text = 'They write Amerika, with a "k", on purpose.'
>>> is_mention(text, 11, 18, rule)
True
>>> is_mention("The war on Amerika, with a kick.", 11, 18, rule)
False
"""

from __future__ import annotations

import functools
import re

from normspell.context import _by_identity, words_after, words_before
from normspell.lexicon import MentionRule

__all__ = ["beside_its_standard", "is_mention", "listed_after", "mention_gate", "may_be_mention"]

_SENTENCE_END = frozenset(".;:!?")  # quotes do not end the stretch a mention is judged on
_OPEN_QUOTES = "\"'\u201c\u2018\u00ab\u2039"
_CLOSE_QUOTES = "\"'\u201d\u2019\u00bb\u203a"
_WS_AFTER = re.compile(r"\s")
_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n")
# Quote marks in the phrase after a variant (with a "k", with a 'k'), but not an
# apostrophe between letters (three k's).
_QUOTE_MARKS = re.compile(r"[\"\u201c\u201d]|(?<![^\W\d_])['\u2018\u2019]|['\u2018\u2019](?![^\W\d_])")
BESIDE = 24  # characters on each side where the standard spelling makes a variant a mention
# (two words and their spaces, one of them a contrast word, seldom take more)
# After-phrases that may follow the variant as an aside, after a comma: 'Amerika,
# with a k,' talks about the word, while 'Amerika, instead of reforming it' does not.
_ASIDE = ("with ", "spelled ")


@_by_identity
def _phrase_words(rule: MentionRule) -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """The ``before`` phrases by their last word, and the first word of each ``after`` phrase."""
    by_last: dict[str, tuple[str, ...]] = {}
    for b in rule.before:
        if b.split():
            by_last[b.split()[-1]] = (*by_last.get(b.split()[-1], ()), b)
    return by_last, frozenset(a.split()[0] for a in rule.after if a.split())


@_by_identity
def mention_gate(rule: MentionRule) -> tuple[frozenset[str], frozenset[str], bool]:
    """A cheap necessary condition for :func:`is_mention` on an unquoted variant.

    Returns (last three characters of each ``before`` word, first three of each
    ``after`` word, whether the gate is usable), a two-letter word counting a space
    on its far side (" to", "is "): an unquoted variant can only be a mention when
    the three characters before its preceding space, or after its following space
    (or comma and space), are one of these. Unusable (always run the full test) when
    a word is shorter than two letters or not ASCII, where slicing characters and
    lower-casing a whole word could disagree.
    """
    before, after = _phrase_words(rule)
    usable = all(len(w) >= 2 and w.isascii() for w in before.keys() | after)
    return frozenset((" " + w)[-3:] for w in before), frozenset((w + " ")[:3] for w in after), usable


def beside_its_standard(text: str, start: int, end: int, replacement: str, rule: MentionRule) -> bool:
    """True when the variant is joined to its own standard spelling by at most two
    words, one of them a ``contrast`` word ('womyn, not women'), by a slash
    ('womyn/women'), or quoted beside it ('"Americans" and "Amerikkkans"'): the
    two spellings are compared, and normalizing would make the sentence say the
    same word twice.

    >>> from normspell.lexicon import load_lexicon
    >>> rule = load_lexicon("mim").mentions
    >>> beside_its_standard("we write womyn, not women", 9, 14, "women", rule)
    True
    >>> beside_its_standard("Some womyn of I$rael and women of Israel", 5, 10, "women", rule)
    False
    """
    # A cheap necessary condition: the standard but its first letter (Women, women), in
    # the replacement's own case, anywhere in the window; no variant holds its own
    # standard's tail (Amerikkka: merica; womyn: omen), so this seldom finds anything.
    probe = replacement[1:]
    lo, hi = max(0, start - BESIDE), end + BESIDE
    if len(probe) < 2 or text.find(probe, lo, hi) < 0:
        return False
    contrast = _contrast_words(rule)
    if not contrast:
        return False
    pattern = _standard_word(replacement)
    quoted = start > 0 and text[start - 1] in _OPEN_QUOTES and text[end:end + 1] in _CLOSE_QUOTES
    gaps = [(text[m.end():start], m.start(), m.end()) for m in pattern.finditer(text, lo, start)][-1:]
    m = pattern.search(text, end, hi)
    if m:
        gaps.append((text[end:m.start()], m.start(), m.end()))
    for gap, s, e in gaps:
        words = _GAP_WORD.findall(gap.lower())
        if len(words) > 2:
            continue
        if gap.strip() == "/" or contrast.intersection(words):
            return True
        if quoted and s > 0 and text[s - 1] in _OPEN_QUOTES and text[e:e + 1] in _CLOSE_QUOTES:
            return True  # two spellings, each in its quotes
    return False


_GAP_WORD = re.compile(r"[^\W_]+\.?")


@_by_identity
def _contrast_words(rule: MentionRule) -> frozenset[str]:
    return frozenset(rule.contrast)


@functools.lru_cache(maxsize=1024)
def _standard_word(replacement: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w$@#])" + re.escape(replacement) + r"(?![\w$@])", re.IGNORECASE)


def may_be_mention(text: str, start: int, end: int, gate: tuple[frozenset[str], frozenset[str], bool]) -> bool:
    """False only when :func:`is_mention` is certainly False (see :func:`mention_gate`)."""
    if not gate[2] or (start and text[start - 1] in _OPEN_QUOTES):
        return True
    if start > 2 and text[start - 1].isspace():
        w = text[start - 4:start - 1] if start > 3 else " " + text[:start - 1]
        if w[0].isspace():
            w = " " + w[1:]  # a two-letter word after any whitespace
        if w.lower() in gate[0]:
            return True
    if text[end:end + 1] == ",":
        end += 1
    if not text[end:end + 1].isspace():
        return False
    w = text[end + 1:end + 4]
    if len(w) < 3 or w[2].isspace():
        w = w[:2] + " "  # a two-letter word before whitespace or the end
    return w.lower() in gate[1]


def is_mention(text: str, start: int, end: int, rule: MentionRule) -> bool:
    """True when the variant is talked about: quoted near a cue word (spell, word,
    say, ...), or right after a word like *term* or before a phrase like *with a k*."""
    if start == 0 or text[start - 1] not in _OPEN_QUOTES:
        before, after = _phrase_words(rule)
        if before and text[start - 1:start].isspace():
            # cheap test on the previous word before building the preceding phrase
            # (never further back than 24 characters: a longer word is no cue, and a
            # slice back to the text's start would cost its whole length)
            floor = max(0, start - 24)
            j = max(text.rfind(" ", floor, start - 1), text.rfind("\n", floor, start - 1), floor - 1)
            phrases = before.get(text[j + 1:start - 1].lower())
            if phrases:
                # (only the phrases that end in that word: "to" is common, "changed to" is not)
                back = text[max(0, start - 40):start]
                if "\n" in back:  # a phrase does not reach back over a paragraph break ("...TO\n\nWrite X")
                    back = _PARAGRAPH.split(back)[-1]
                preceding = " " + " ".join(back.lower().replace("\u2019", "'").split())
                if any(preceding.endswith(" " + b) for b in phrases):
                    return True
        aside = text[end:end + 1] == ","
        at = end + 1 if aside else end
        if after and text[at:at + 1].isspace():
            k = _WS_AFTER.search(text, at + 1, at + 24)
            if text[at + 1:k.start() if k else at + 24].lower() in after:
                following = " ".join(_QUOTE_MARKS.sub("", text[at:at + 40].lower()).replace("\u2019", "'").split())
                return any(following.startswith(a) and following[len(a):len(a) + 1] in ("", " ", ",", ".", ";", ":", ")")
                           and (not aside or a.startswith(_ASIDE)) for a in rule.after)
        return False
    after = text[end:end + 2]
    if not after or (after[0] not in _CLOSE_QUOTES and not (
            len(after) == 2 and after[0] in ".,;:!?" and after[1] in _CLOSE_QUOTES)):
        return False
    if rule.alone:
        # the quotes hold the variant alone, as prose quotes: not an apostrophe (a letter
        # after the closing one: 'Amerikkka's prisons'), nor a value (title="Amerika")
        q = end if after[0] in _CLOSE_QUOTES else end + 1
        return not text[q + 1:q + 2].isalpha() and (start < 2 or not (text[start - 2].isalnum() or text[start - 2] in "=:_$@#"))
    if not rule.cues:
        return False
    near = (words_before(text, start - 1, rule.window, stop=_SENTENCE_END)
            + words_after(text, end + 1, rule.window, stop=_SENTENCE_END))
    cues = set(rule.cues)
    return any(w.strip("'\u2019\"") in cues for w in near)


def listed_after(text: str, prev_end: int, start: int) -> bool:
    """Whether the variant at ``start`` is listed after the one ending at ``prev_end``:
    only a comma, "or", "and", "nor" or a slash between them, with quotes around the
    items ("wimmin", "womyn"), an article before one ("or the United $nakes"), and at
    most two other one-word items (wimmin, wombyn, or womyn). The items of a list
    that a mention begins are mentioned too.

    >>> text = "spellings such as wimmin, wombyn, or womyn"
    >>> listed_after(text, text.index("wimmin") + 6, text.index("womyn"))
    True
    >>> listed_after("the word wimmin. Womyn", 15, 17)
    False
    """
    return _LISTED.fullmatch(text, prev_end, start) is not None


_SEP = r"""["'\u201d\u2019]?(?:\s*,\s*(?:(?:or|and|nor)\s+)?|\s+(?:or|and|nor)\s+|\s*/\s*)(?:(?:the|a|an)\s+)?["'\u201c\u2018]?"""
_LISTED = re.compile(rf"(?:{_SEP}[\w$@][\w$@'\u2019\-]*){{0,2}}{_SEP}", re.IGNORECASE)
