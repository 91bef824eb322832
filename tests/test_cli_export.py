"""``normspell lexicon export``: files Solr, Elasticsearch, spreadsheets and spaCy load.

The synonym files are checked with a parser written here for the Solr synonym
format (the one Elasticsearch reads too), and the analyzer they are written for
is simulated: its tokenizer and pattern filters are run with the ``regex``
module (Java regex syntax differs only in ``(?U)``, which ``regex`` needs not),
so a variant must come out as the tokens of its standard.
"""

import csv
import io
import json

import pytest
import regex
from test_cli import invoke

from normspell.cli import EXIT_OK, EXIT_USAGE
from normspell.lexicon import expand_forms, load_lexicon

SAMPLE = ("The united $tates and I$rael, the U.$. and the U.S., Amerikkka's wimmin, a chairpersyn, "
          "persynal humynity, squad$ of imperiali$t cops; US$ 40 and $5 stay.")
EXPECTED = ["the", "united", "states", "and", "israel", "the", "u.s", "and", "the", "u.s", "america", "s",
            "women", "a", "chairperson", "personal", "humanity", "squads", "of", "imperialist", "cops",
            "us$", "40", "and", "$5", "stay"]


def split_unescaped(text: str, sep: str) -> list[str]:
    """Split at ``sep`` where it is not escaped by a backslash (as Lucene's SolrSynonymParser)."""
    parts, buf, i = [], [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            buf.append(text[i:i + 2])
            i += 2
        elif text.startswith(sep, i):
            parts.append("".join(buf))
            buf, i = [], i + len(sep)
        else:
            buf.append(text[i])
            i += 1
    return parts + ["".join(buf)]


def unescape(term: str) -> str:
    return regex.sub(r"\\(.)", r"\1", term)


def parse_solr(text: str) -> list[tuple[list[str], list[str]]]:
    """Rules of a Solr synonym file: (left terms, right terms); raise on any syntax error."""
    rules = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        sides = split_unescaped(line, "=>")
        if len(sides) > 2:
            raise ValueError(f"line {lineno}: more than one =>")
        groups = [[unescape(t).strip() for t in split_unescaped(side, ",")] for side in sides]
        if any(not t for g in groups for t in g):
            raise ValueError(f"line {lineno}: empty term")
        rules.append((groups[0], groups[-1]))
    return rules


def test_the_parser_rejects_broken_lines():
    with pytest.raises(ValueError, match="line 1: more than one"):
        parse_solr("a => b => c")
    with pytest.raises(ValueError, match="line 2: empty term"):
        parse_solr("# comment\na, , b => c")
    assert parse_solr(r"a\,b, c => d") == [(["a,b", "c"], ["d"])]


class Analyzer:
    """The exported analysis chain, run in Python."""

    def __init__(self, tokenizer: str, before: list[dict], rules: list[tuple[list[str], list[str]]],
                 after: list[dict]):
        self.tokenizer = regex.compile(tokenizer.replace("(?U)", ""))
        self.before, self.after = [self._filter(f) for f in before], [self._filter(f) for f in after]
        self.rules = {tuple(t.split()): [r.split() for r in right] for left, right in rules for t in left}
        self.longest = max(len(k) for k in self.rules)

    @staticmethod
    def _filter(f: dict):
        pattern = regex.compile(f["pattern"].replace("(?U)", ""))
        replacement = regex.sub(r"\$(\d)", r"\\g<\1>", f["replacement"].replace("\\$", "\x00")).replace("\x00", "$")
        return lambda token: pattern.sub(replacement, token)

    def tokens(self, text: str) -> list[str]:
        out = []
        for token in self.tokenizer.findall(text):
            for f in self.before:
                token = f(token)
            out.append(token.lower())
        synonyms, i = [], 0
        while i < len(out):  # explicit rules, longest left side first
            for n in range(min(self.longest, len(out) - i), 0, -1):
                right = self.rules.get(tuple(out[i:i + n]))
                if right:
                    synonyms += right[-1]  # several standards stack; the test looks at the last
                    i += n
                    break
            else:
                synonyms.append(out[i])
                i += 1
        for f in self.after:
            synonyms = [f(t) for t in synonyms]
        return synonyms


def test_solr_synonyms_parse_and_survive_the_analyzer_they_are_written_for():
    r = invoke("lexicon", "export", "mim", "--format", "solr")
    assert r.code == EXIT_OK
    rules = parse_solr(r.text)
    assert (["i$rael"], ["israel"]) in rules and (["u.$"], ["u.s"]) in rules
    assert (["womyn"], ["woman", "women"]) in rules
    header = [x for x in r.text.splitlines() if x.startswith("#")]
    tokenizer = regex.search(r'pattern="([^"]+)"/>', header[3]).group(1)
    filters = [dict(zip(("pattern", "replacement"), regex.search(r'pattern="(.*)" replacement="([^"]*)"', x).groups()))
               for x in header if "PatternReplaceFilterFactory" in x]
    before = [f for f in filters if "\\G" in f["pattern"]]
    analyzer = Analyzer(tokenizer, before, rules, [f for f in filters if f not in before])
    assert analyzer.tokens(SAMPLE) == EXPECTED
    # every term is already as the analyzer leaves it
    assert all(analyzer.tokenizer.findall(t) == t.split() for left, right in rules for t in left + right)


def test_elasticsearch_settings_define_what_they_use_and_analyze_the_same():
    r = invoke("lexicon", "export", "--format", "elasticsearch")
    settings = json.loads(r.text)
    analysis = settings["settings"]["analysis"]
    analyzer = analysis["analyzer"]["normspell"]
    assert analyzer["tokenizer"] in analysis["tokenizer"]
    assert settings["mappings"]["properties"]["text"]["analyzer"] == "normspell"
    chain = analyzer["filter"]
    assert all(f in analysis["filter"] or f == "lowercase" for f in chain)
    k = chain.index("normspell_synonyms")
    rules = parse_solr("\n".join(analysis["filter"]["normspell_synonyms"]["synonyms"]))
    sim = Analyzer(analysis["tokenizer"]["normspell_tokens"]["pattern"],
                   [analysis["filter"][f] for f in chain[:k] if f != "lowercase"], rules,
                   [analysis["filter"][f] for f in chain[k + 1:]])
    assert sim.tokens(SAMPLE) == EXPECTED


def test_keep_maps_each_variant_to_itself_too():
    rules = parse_solr(invoke("lexicon", "export", "--format", "solr", "--keep").text)
    assert (["i$rael"], ["i$rael", "israel"]) in rules


def test_csv_has_a_row_per_generated_form_and_rule():
    r = invoke("lexicon", "export", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    lex = load_lexicon("mim")
    assert len(rows) == sum(len(expand_forms(e)) for e in lex.entries) + len(lex.rules)
    assert {"variant": "i$rael", "standard": "Israel", "choice": "", "category": "place", "entry": "israel",
            "kind": "form", "lexicon": "mim"} in rows
    assert any(x["kind"] == "open-stem" and x["variant"] == "persyn" for x in rows)
    assert any(x["kind"] == "rule" for x in rows)


def test_spacy_patterns_find_the_variants_with_a_blank_pipeline(tmp_path):
    spacy = pytest.importorskip("spacy")
    out = tmp_path / "patterns.jsonl"
    r = invoke("lexicon", "export", "--format", "spacy-patterns", "-o", str(out))
    assert r.code == EXIT_OK and "rule 'dollar-for-s' skipped" in r.err
    patterns = [json.loads(x) for x in out.read_text().splitlines()]
    assert all(set(p) == {"label", "pattern", "id"} and p["label"] == "NORMSPELL" for p in patterns)
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns(patterns)
    doc = nlp("The U.$.A. and the u.$.a. armed I$rael; the united $tates, a chairpersyn, womyn and AmeriKKKa.")
    assert [(e.text, e.ent_id_) for e in doc.ents] == [
        ("U.$.A.", "U.S.A."), ("u.$.a.", "U.S.A."), ("I$rael", "Israel"), ("united $tates", "United States"),
        ("chairpersyn", "person"), ("womyn", "women"), ("AmeriKKKa", "America")]


def test_export_refuses_unknown_lexicons_and_formats():
    assert invoke("lexicon", "export", "nope", "--format", "csv").code == EXIT_USAGE
    assert invoke("lexicon", "export", "--format", "xml").code == EXIT_USAGE
