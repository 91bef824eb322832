"""``normspell lexicon export``: a lexicon in the forms Solr, Elasticsearch, spreadsheets and spaCy load.

Search engines cut text into tokens before synonyms apply, and their standard
tokenizer splits ``I$rael`` into ``i`` + ``rael`` and drops the ``$`` of
``u.$.``: no synonym rule can survive that. So the rules are written for a
pattern tokenizer that keeps ``$ @ #`` and inner dots in words (:data:`TOKEN`),
and each rule term is written as that tokenizer and a lowercase filter leave it
(``u.$.`` becomes ``u.$``, ``U.S.`` becomes ``u.s``: the same on both sides, and
the same in queries). Open stems (``persyn*``) and pattern rules (``$`` for
``s``) are not lists; they become pattern-replace token filters.

>>> from normspell.lexicon import load_lexicon
>>> rules = synonym_rules(load_lexicon("mim"))
>>> rules[("i$rael",)], rules[("u.$",)], rules[("womyn",)]
(('israel',), ('u.s',), ('woman', 'women'))
>>> solr_line(("united $tates", "united $nakes"), ("united states",))
'united $nakes, united $tates => united states'
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys

import click

from normspell.cli._options import EXIT_HELP
from normspell.cli.lexicon_cmd import _load, lexicon
from normspell.lexicon import Lexicon, expand_forms

__all__ = ["TOKEN", "elasticsearch_settings", "solr_line", "synonym_rules", "token_filters"]

# The tokenizer to configure (Java regex, with UNICODE_CHARACTER_CLASS): runs of word
# characters and $ @ #, joined by single dots. Python's re reads it the same way.
TOKEN = r"[\w$@#]+(?:\.[\w$@#]+)*"
_TOKEN = re.compile(TOKEN)
_SOLR_SPECIAL = re.compile(r"([\\,=])")


def _terms(form: str) -> str:
    """A form as the recommended analyzer leaves it: tokens, lower-cased, joined by spaces."""
    return " ".join(_TOKEN.findall(form.lower()))


def synonym_rules(lex: Lexicon, *, keep: bool = False) -> dict[tuple[str, ...], tuple[str, ...]]:
    """{(variant terms...): (standard terms...)}: variants grouped by their standards.

    Open and compound forms are left to :func:`token_filters`; ``keep`` also maps
    each variant to itself, so both spellings stay searchable.
    """
    to: dict[str, set[str]] = {}
    for e in lex.entries:
        for form, _choice, std, is_open in expand_forms(e):
            variant, standard = _terms(form), _terms(std)
            if is_open or not variant or variant == standard:
                continue
            to.setdefault(variant, set()).add(standard)
            if keep:
                to[variant].add(variant)
    groups: dict[tuple[str, ...], list[str]] = {}
    for variant, standards in to.items():
        groups.setdefault(tuple(sorted(standards)), []).append(variant)
    return {tuple(sorted(v)): k for k, v in groups.items()}


def solr_line(variants: tuple[str, ...], standards: tuple[str, ...]) -> str:
    """One explicit mapping in Solr synonym syntax (``,`` ``=`` and ``\\`` escaped)."""
    def esc(term: str) -> str:
        return _SOLR_SPECIAL.sub(r"\\\1", term)

    return f"{', '.join(map(esc, sorted(variants)))} => {', '.join(map(esc, standards))}"


def token_filters(lex: Lexicon) -> tuple[list[dict], list[dict]]:
    """(before lower-casing, after synonyms): pattern-replace filters for rules and open stems.

    A pattern rule must see the original case (``US$`` is currency, ``squad$`` is
    not), so it runs first; ``\\G`` continues the replacement along a token that
    the rule's whole pattern matched.
    """
    rules = []
    for r in lex.rules:
        for old, new in r.substitute:
            o = re.escape(old)
            rules.append({"id": f"normspell_rule_{r.id}", "pattern": rf"(?U)(?:^(?=(?:{r.pattern})$)|(?!^)\G)((?:(?!{o}).)*?){o}",
                          "replacement": "$1" + new.replace("\\", "\\\\").replace("$", "\\$")})
    stems = []
    for e in lex.entries:
        for form, choice, std, is_open in expand_forms(e):
            if not (is_open or e.compounds) or " " in form:
                continue
            # the default standard, with this form's ending: what the normalizer writes
            standard = dict(e.standards)[e.default].lower() + std[len(dict(e.standards)[choice]):].lower()
            before, after = (r"(\p{L}*)", "$1") if e.compounds else ("", "")
            tail, tail_ref = (r"(\p{L}*)", "$" + str(1 + bool(e.compounds))) if is_open else ("", "")
            pattern = f"^{before}{re.escape(form.lower())}{tail}$"
            if all(f["pattern"] != pattern for f in stems):  # one per form, not per choice
                stems.append({"id": f"normspell_stem_{e.id}_{len(stems)}", "pattern": pattern,
                              "replacement": f"{after}{standard}{tail_ref}"})
    return rules, stems


def elasticsearch_settings(lex: Lexicon, *, keep: bool = False) -> dict:
    """Index settings and a ``text`` mapping using the ``normspell`` analyzer."""
    rules, stems = token_filters(lex)
    filters = {f["id"]: {"type": "pattern_replace", "pattern": f["pattern"], "replacement": f["replacement"],
                         "all": True} for f in rules + stems}
    filters["normspell_synonyms"] = {
        "type": "synonym", "lenient": False,
        "synonyms": [solr_line(v, s) for v, s in sorted(synonym_rules(lex, keep=keep).items())]}
    chain = [f["id"] for f in rules] + ["lowercase", "normspell_synonyms"] + [f["id"] for f in stems]
    return {"settings": {"analysis": {
        "tokenizer": {"normspell_tokens": {"type": "pattern", "pattern": TOKEN, "group": 0,
                                           "flags": "UNICODE_CHARACTER_CLASS"}},
        "filter": filters,
        "analyzer": {"normspell": {"type": "custom", "tokenizer": "normspell_tokens", "filter": chain}}}},
        "mappings": {"properties": {"text": {"type": "text", "analyzer": "normspell"}}}}


def _solr(lex: Lexicon, keep: bool) -> str:
    rules, stems = token_filters(lex)
    head = [f"# normspell lexicon {lex.name} {lex.version}: explicit synonyms for Solr's SynonymGraphFilterFactory.",
            "# Terms are written as this analyzer leaves them; use it for the field (index and query):",
            "#   <tokenizer class=\"solr.PatternTokenizerFactory\" group=\"0\"",
            f"#              pattern=\"(?U){TOKEN}\"/>"]
    head += [f"#   <filter class=\"solr.PatternReplaceFilterFactory\" replace=\"all\" pattern=\"{f['pattern']}\""
             f" replacement=\"{f['replacement']}\"/>" for f in rules]
    head += ["#   <filter class=\"solr.LowerCaseFilterFactory\"/>",
             "#   <filter class=\"solr.SynonymGraphFilterFactory\" synonyms=\"THIS FILE\"/>"]
    head += [f"#   <filter class=\"solr.PatternReplaceFilterFactory\" replace=\"all\" pattern=\"{f['pattern']}\""
             f" replacement=\"{f['replacement']}\"/>" for f in stems]
    head.append("# (add FlattenGraphFilterFactory after it at index time). Protected phrases cannot be expressed.")
    body = [solr_line(v, s) for v, s in sorted(synonym_rules(lex, keep=keep).items())]
    return "\n".join(head + body) + "\n"


def _csv(lex: Lexicon) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["variant", "standard", "choice", "category", "entry", "kind", "lexicon"])
    for e in lex.entries:
        for form, choice, std, is_open in expand_forms(e):
            kind = "open-stem" if is_open else "compound" if e.compounds else "form"
            w.writerow([form, std, choice, e.category, e.id, kind, e.lexicon])
    for r in lex.rules:
        w.writerow([r.pattern, " ".join(f"{a}->{b}" for a, b in r.substitute), "", r.category, r.id, "rule", r.lexicon])
    return buf.getvalue()


def _spacy(lex: Lexicon, label: str) -> str:
    import spacy  # only this format needs spaCy: patterns must follow its tokenizer

    nlp = spacy.blank(lex.language or "en")
    lines = []
    for e in lex.entries:
        for form, choice, std, is_open in expand_forms(e):
            if choice != e.default:
                continue  # one pattern per form; its id is the default standard
            if is_open or e.compounds:
                pre = r"[^\W\d_]*" if e.compounds else ""
                post = r"[^\W\d_]*" if is_open else ""
                pattern = [{"LOWER": {"REGEX": f"^{pre}{re.escape(form.lower())}{post}$"}}]
                lines.append({"label": label, "pattern": pattern, "id": std})
                continue
            # Tokenized mid-sentence, in each case: spaCy keeps U.$.A. whole but splits u.$.a.
            for cased in (form.lower(), form.title(), form.upper()):
                tokens = [t.lower_ for t in nlp.make_doc(f"x {cased} x")][1:-1]
                pattern = [{"LOWER": t} for t in tokens if not t.isspace()]
                lines.append({"label": label, "pattern": pattern, "id": std})
    for r in lex.rules:
        try:
            re.compile(r.pattern)
        except re.error:
            click.echo(f"normspell lexicon export: rule {r.id!r} skipped: its pattern needs the regex "
                       "module (spaCy's REGEX uses Python's re)", err=True)
            continue
        lines.append({"label": label, "pattern": [{"TEXT": {"REGEX": f"^(?:{r.pattern})$"}}], "id": r.id})
    unique = list(dict.fromkeys(json.dumps(x, ensure_ascii=False) for x in lines))
    return "".join(x + "\n" for x in unique)


@lexicon.command("export", epilog=EXIT_HELP)
@click.argument("source", metavar="[NAME|PATH]", default="mim")
@click.option("--format", "fmt", required=True, type=click.Choice(["solr", "elasticsearch", "csv", "spacy-patterns"]),
              help="solr: synonyms file; elasticsearch: index settings JSON; csv: one row per form; "
                   "spacy-patterns: EntityRuler JSON Lines on LOWER.")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8", atomic=True), default="-",
              help="Write here (default: stdout).")
@click.option("--keep", is_flag=True, help="solr/elasticsearch: map each variant to itself too (both searchable).")
@click.option("--label", default="NORMSPELL", show_default=True, help="spacy-patterns: the entity label.")
def export(source: str, fmt: str, output, keep: bool, label: str) -> None:
    """Write a lexicon (default mim) for Solr, Elasticsearch, a spreadsheet or spaCy.

    Solr and Elasticsearch get explicit rules `variant => standard`, written for
    a pattern tokenizer that keeps $ and . inside words (the standard tokenizer
    splits I$rael and drops the $ of u.$.); the Solr file's header and the
    Elasticsearch settings say how to set it up.

    \b
    Examples:
      normspell lexicon export mim --format solr -o synonyms.txt
      normspell lexicon export --format elasticsearch > settings.json
      normspell lexicon export house.toml --format spacy-patterns -o patterns.jsonl
    """
    lex = _load(source)
    if fmt == "solr":
        text = _solr(lex, keep)
    elif fmt == "elasticsearch":
        text = json.dumps(elasticsearch_settings(lex, keep=keep), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "csv":
        text = _csv(lex)
    else:
        text = _spacy(lex, label)
    output.write(text)
    if output is not sys.stdout:
        output.flush()
