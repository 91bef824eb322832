"""Lexicons: the data that says which spellings are variants of which standard.

A lexicon is a TOML file (format 1) with metadata, entries, protected phrases
and the context rules that entries may use. ``load_lexicon`` reads one by name
(bundled) or by path, validates it and returns an immutable :class:`Lexicon`;
every problem is reported as ``file:line: what: how to fix``.

>>> lex = load_lexicon("mim")
>>> lex.name, lex.entry("womyn").category
('mim', 'gender')
"""

from __future__ import annotations

from dataclasses import dataclass, field

from normspell.errors import LexiconFormatError

__all__ = [
    "FORMAT_VERSION",
    "Entry",
    "Protect",
    "Rule",
    "ChoiceRule",
    "MentionRule",
    "Lexicon",
    "load_lexicon",
    "available_lexicons",
    "parse_lexicon",
]

@dataclass(frozen=True, slots=True)
class Entry:
    """One variant family: spellings that all normalize to one standard.

    ``standards`` maps a choice name to a standard spelling; an entry with one
    standard has the single choice ``""``. ``endings`` are appended to every
    variant and to the standard alike (``"*"``: any run of letters), and
    ``compounds`` lets two or more letters precede a variant (``chairpersyn``, ``inhumyn``).
    ``document_default`` maps a choice to words that make it the default (no cue
    deciding) in a document that holds one of them (:mod:`normspell.document`): MIM
    wrote ``wimmin`` for the plural from 1997, and ``womyn`` then is a woman.
    """

    id: str
    variants: tuple[str, ...]
    standards: tuple[tuple[str, str], ...]
    category: str
    lexicon: str
    where: str
    note: str = ""
    endings: tuple[str, ...] = ("",)
    compounds: bool = False
    choose: str | None = None
    default: str = ""
    confidence: float = 1.0
    document_default: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def standard(self) -> str:
        """The default standard spelling."""
        return dict(self.standards)[self.default]


@dataclass(frozen=True, slots=True)
class Protect:
    """A phrase never normalized; with ``near`` only when ``min_near`` of those words are
    within ``window`` words; with ``document`` also (or only) in a whole document whose
    first :data:`normspell.document.SAMPLE` characters hold ``min_document`` of those
    words, more than of the ``against`` words (a page about Kafka's novel, a German page).
    """

    phrase: str
    lexicon: str
    where: str
    note: str = ""
    near: tuple[str, ...] = ()
    window: int = 8
    min_near: int = 1
    document: tuple[str, ...] = ()
    min_document: int = 1
    against: tuple[str, ...] = ()

    @property
    def contextual(self) -> bool:
        """Whether the phrase is protected only in some contexts (not wherever it stands)."""
        return bool(self.near or self.document)


@dataclass(frozen=True, slots=True)
class Rule:
    """A spelling pattern rather than a list: ``I$raeli``-like tokens nobody listed.

    Every match of ``pattern`` (a whole token; it must contain ``anchor``) is
    rewritten by replacing each ``substitute`` key with its value, e.g. ``$`` by
    ``s``: ``imperiali$t`` -> ``imperialist``.
    """

    id: str
    pattern: str
    anchor: str
    substitute: tuple[tuple[str, str], ...]
    category: str
    lexicon: str
    where: str
    note: str = ""
    confidence: float = 0.8


@dataclass(frozen=True, slots=True)
class ChoiceRule:
    """Context cues that pick one standard of an ambiguous entry.

    ``cues`` holds ``(choice, side, word, weight)``; a cue word at distance d
    (in words, within the clause) adds ``weight / d`` to its choice. A ``stop``
    word before the variant makes it the object of a phrase headed elsewhere:
    cues beyond the stop word belong to that head and are not read, nor, when
    the head counts (``each of the womyn was``), are the cues after the variant.
    A ``boundary`` word before the variant (``the``) begins its own noun phrase:
    cues farther back belong to another (``this year the Womyn's Centre``). A
    ``pair`` cue is the word a slash joins to the variant, which shares its
    number (``the man/womyn on the street``); it decides alone. After a stop word
    whose head counts (``thousands of womyn``, ``each of the womyn``), the choice
    is ``partitive`` when the rule names one.
    """

    name: str
    window: int
    cues: tuple[tuple[str, str, str, float], ...]
    stop: tuple[str, ...] = ()
    boundary: tuple[str, ...] = ()
    partitive: str = ""


@dataclass(frozen=True, slots=True)
class MentionRule:
    """When a variant is talked about rather than used.

    A quoted variant with one of ``cues`` within ``window`` words, or an
    unquoted one right after a phrase of ``before`` (``the term Amerikkka``) or
    right before a phrase of ``after`` (``Amerika with a k``), or one joined to
    its own standard spelling by at most two words, one of them in ``contrast``
    (``womyn, not women``), by a slash, or quoted beside it (``"Americans" and
    "Amerikkkans"``); an empty ``contrast`` turns that last test off. With
    ``alone``, a variant that its quotes hold alone (``reading "Amerikkka"``) is
    a mention whatever the words around it.
    """

    cues: tuple[str, ...] = ()
    window: int = 4
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    contrast: tuple[str, ...] = ()
    alone: bool = False


@dataclass(frozen=True, slots=True)
class Lexicon:
    """An immutable, validated lexicon (or the composition of several)."""

    name: str
    entries: tuple[Entry, ...]
    protects: tuple[Protect, ...] = ()
    rules: tuple[Rule, ...] = ()
    choices: tuple[ChoiceRule, ...] = ()
    mentions: MentionRule = MentionRule()
    description: str = ""
    language: str = "en"
    version: str = ""
    sources: tuple[str, ...] = ()
    path: str = ""
    _by_id: dict[str, Entry] = field(default_factory=dict, compare=False, repr=False)

    def entry(self, entry_id: str) -> Entry:
        """The entry with this id (``KeyError`` if none)."""
        if not self._by_id:
            object.__setattr__(self, "_by_id", {e.id: e for e in self.entries})
        return self._by_id[entry_id]

    def choice(self, name: str) -> ChoiceRule:
        """The context rule called ``name``."""
        for rule in self.choices:
            if rule.name == name:
                return rule
        raise KeyError(name)

    @property
    def categories(self) -> tuple[str, ...]:
        """The categories used by the entries, sorted."""
        return tuple(sorted({e.category for e in self.entries}))

    @classmethod
    def compose(cls, lexicons: list[Lexicon]) -> Lexicon:
        """Merge lexicons in order; a later entry's variants override earlier ones."""
        if len(lexicons) == 1:
            return lexicons[0]
        entries: list[Entry] = []
        for lex in lexicons:
            taken = {_key(v) for e in lex.entries for v in e.variants}
            for i, e in enumerate(entries):
                kept = tuple(v for v in e.variants if _key(v) not in taken)
                if kept != e.variants:
                    entries[i] = _replace_variants(e, kept)
            entries = [e for e in entries if e.variants] + list(lex.entries)
        mentions = MentionRule(
            tuple(dict.fromkeys(c for lx in lexicons for c in lx.mentions.cues)),
            max(lx.mentions.window for lx in lexicons),
            tuple(dict.fromkeys(c for lx in lexicons for c in lx.mentions.before)),
            tuple(dict.fromkeys(c for lx in lexicons for c in lx.mentions.after)),
            tuple(dict.fromkeys(c for lx in lexicons for c in lx.mentions.contrast)),
            any(lx.mentions.alone for lx in lexicons))
        choices = {rule.name: rule for lx in lexicons for rule in lx.choices}
        return cls(
            name="+".join(lx.name for lx in lexicons),
            entries=tuple(entries),
            protects=tuple(p for lx in lexicons for p in lx.protects),
            rules=tuple(r for lx in lexicons for r in lx.rules),
            choices=tuple(choices.values()),
            mentions=mentions,
            description="; ".join(lx.description for lx in lexicons if lx.description),
            language=lexicons[-1].language,
            sources=tuple(s for lx in lexicons for s in lx.sources),
        )


def _replace_variants(entry: Entry, variants: tuple[str, ...]) -> Entry:
    import dataclasses

    return dataclasses.replace(entry, variants=variants)


def _key(form: str) -> str:
    """The case- and whitespace-insensitive identity of a form."""
    return " ".join(form.lower().replace("\u2019", "'").split())


def expand_forms(entry: Entry) -> list[tuple[str, str, str, bool]]:
    """Every (variant form, choice, standard form, open) an entry generates.

    ``open`` marks an ending of ``"*"``: the form is a stem that any letters may
    follow.
    """
    out = []
    for v in entry.variants:
        for end in entry.endings:
            for choice, std in entry.standards:
                if end == "*":
                    out.append((v, choice, std, True))
                else:
                    out.append((v + end, choice, std + end, False))
    return out


def check_consistency(lex: Lexicon) -> None:
    """Reject duplicate variants with different standards and standards that are variants.

    Either would break idempotence or make results depend on entry order.
    """
    seen: dict[str, tuple[str, Entry]] = {}
    for e in lex.entries:
        for form, _choice, std, _open in expand_forms(e):
            key = _key(form)
            prev = seen.get(key)
            if prev and prev[1] is not e and _key(prev[0]) != _key(std):
                _fail(e.where, f"entry {form!r}: variant already maps to {prev[0]!r} at {prev[1].where}; keep one standard")
            seen.setdefault(key, (std, e))
    open_cores = [(_key(v), e) for e in lex.entries for v, _c, _s, o in expand_forms(e) if o or e.compounds]
    for e in lex.entries:
        for _form, _choice, std, _open in expand_forms(e):
            k = _key(std)
            if k in seen:
                _fail(e.where, f"entry {e.id!r}: standard {std!r} is itself a variant (entry at {seen[k][1].where}): normalizing twice would change it again")
            for core, owner in open_cores:
                if core in k:
                    _fail(e.where, f"entry {e.id!r}: standard {std!r} contains the variant {core!r} (entry at {owner.where}): normalizing twice would change it again")


def _fail(where: str, what: str) -> None:
    msg = f"{where}: {what}"
    raise LexiconFormatError(msg)


# Reading lexicon files lives in its own module; its names are part of this one's API.
from normspell.lexicon_file import (  # noqa: E402
    FORMAT_VERSION,
    available_lexicons,
    load_lexicon,
    parse_lexicon,
)
