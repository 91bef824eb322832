"""Loading, validating and composing lexicons."""

import textwrap

import pytest

import normspell
from normspell import LexiconFormatError, Normalizer, UnknownLexiconError, load_lexicon
from normspell.lexicon import expand_forms, parse_lexicon

HEAD = 'format = 1\n[lexicon]\nname = "t"\n'


def parse(body: str, path="t.toml"):
    return parse_lexicon((HEAD + textwrap.dedent(body)).encode(), path)


def test_bundled_mim_loads_with_metadata():
    lex = load_lexicon("mim")
    assert lex.name == "mim" and lex.language == "en" and lex.sources
    assert {"gender", "place"} <= set(lex.categories)
    assert "mim" in normspell.available_lexicons()


def test_endings_generate_forms_from_a_named_set():
    forms = {f for f, *_ in expand_forms(load_lexicon("mim").entry("kanada"))}
    assert {"kanada", "kanadian", "kanadians", "kkkanada"} <= forms
    assert "kanad" not in forms


def test_user_lexicon_by_path_overrides_bundled(tmp_path):
    p = tmp_path / "extra.toml"
    p.write_text(HEAD + textwrap.dedent('''
        [[entry]]
        variants = ["amerika"]
        standard = "the USA"
        category = "place"
        [[entry]]
        variants = ["folx"]
        standard = "folks"
        category = "slang"
    '''), encoding="utf-8")
    n = Normalizer.from_lexicons(["mim", p])
    assert n.normalize("Amerika and folx, Amerikkka").text == "the USA and folks, America"


@pytest.mark.parametrize(("body", "message"), [
    ('[[entry]]\nvariants = ["womyn"]\nstandard = "women"\ncategory = "g"\ncolour = "red"\n',
     "t.toml:8: unknown entry key 'colour'"),
    ('[[entry]]\nvariants = [""]\nstandard = "women"\ncategory = "g"\n',
     "t.toml:4: variants has an empty form"),
    ('[[entry]]\nvariants = ["womyn"]\nstandard = "women"\ncategory = "g"\n'
     '[[entry]]\nvariants = ["womyn"]\nstandard = "woman"\ncategory = "g"\n',
     "t.toml:8: entry 'womyn': variant already maps to 'women' at t.toml:4; keep one standard"),
    ('[[entry]]\nvariants = ["womyn"]\nstandard = "wimmin"\ncategory = "g"\n'
     '[[entry]]\nvariants = ["wimmin"]\nstandard = "women"\ncategory = "g"\n',
     "standard 'wimmin' is itself a variant"),
    ('[[entry]]\nvariants = ["Women"]\nstandard = "women"\ncategory = "g"\n',
     "differs from standard 'women' only in case"),
    ('[[entry]]\nvariants = ["womyn"]\nstandard = "women"\n',
     "t.toml:4: entry has no `category`"),
    ('colour = 1\n', "t.toml:4: unknown [lexicon] key 'colour'"),
    ('[[entry]]\nvariants = ["x"]\nstandard = "y"\ncategory = "g"\nendings = "nope"\n',
     "endings 'nope' names no [endings] set"),
    ('[mentions]\nalone = "yes"\n', "`alone` must be true or false, not 'yes'"),
    ('[choices.number]\nboundary = 3\n', "boundary must be a string or a list of strings"),
    ('[choices.number]\npartitive = "dual"\n[choices.number.plural.before]\n1 = ["many"]\n',
     "`partitive` must name one of the choices of [choices.number], not 'dual'"),
])
def test_loader_rejects_with_file_line_and_fix(body, message):
    with pytest.raises(LexiconFormatError) as err:
        parse(body)
    assert message in str(err.value)


def test_unknown_format_version_is_rejected():
    with pytest.raises(LexiconFormatError, match=r"t.toml:1: format version 2 is not supported"):
        parse_lexicon(b'format = 2\n', "t.toml")


def test_missing_format_version_is_rejected():
    with pytest.raises(LexiconFormatError, match="format version None"):
        parse_lexicon(b'[lexicon]\nname = "x"\n', "t.toml")


def test_invalid_toml_names_the_file():
    with pytest.raises(LexiconFormatError, match=r"^bad.toml: not valid TOML"):
        parse_lexicon(b'format = = 1', "bad.toml")


def test_standard_inside_an_open_variant_is_rejected():
    with pytest.raises(LexiconFormatError, match="contains the variant 'persyn'"):
        parse('[[entry]]\nvariants = ["persyn"]\nstandard = "person"\nendings = ["*"]\ncategory = "g"\n'
              '[[entry]]\nvariants = ["x"]\nstandard = "chairpersyn"\ncategory = "g"\n')


def test_unknown_lexicon_name_lists_the_available_ones():
    with pytest.raises(UnknownLexiconError, match=r"no bundled lexicon 'nope' \(available: .*mim"):
        load_lexicon("nope")
    with pytest.raises(UnknownLexiconError, match="no lexicon file at"):
        load_lexicon("missing/file.toml")


def test_errors_are_also_builtin_exceptions():
    assert issubclass(LexiconFormatError, ValueError)
    assert issubclass(UnknownLexiconError, LookupError)


def test_choice_rule_must_exist():
    with pytest.raises(LexiconFormatError, match="names no \\[choices\\] rule"):
        parse('[[entry]]\nvariants = ["womyn"]\nstandard = { singular = "woman", plural = "women" }\n'
              'category = "g"\n')


def test_huge_lexicon_file_is_refused_before_parsing(monkeypatch):
    monkeypatch.setattr("normspell.lexicon_file.MAX_LEXICON_BYTES", 100)
    with pytest.raises(LexiconFormatError, match="over the 100-byte limit"):
        parse_lexicon(b"#" * 200, "big.toml")


RULE = '[[rule]]\nid = "r"\nanchor = "$"\npattern = {pattern!r}\nsubstitute = {{ "$" = "s" }}\ncategory = "c"\n'


def test_rule_with_bad_pattern_is_rejected_with_its_line():
    with pytest.raises(LexiconFormatError, match=r"t.toml:\d+: rule 'r': pattern does not compile"):
        parse(RULE.format(pattern="[a-z"))


def test_rule_that_backtracks_catastrophically_is_rejected_at_load():
    with pytest.raises(LexiconFormatError, match="backtracks catastrophically"):
        parse(RULE.format(pattern="(?:(?:a[$])+)+!"))


def test_bundled_rules_are_known_to_pass_the_checks(monkeypatch):
    import regex

    from normspell import lexicon_file, rule_safety

    for pattern, anchor in sorted(rule_safety._CHECKED):
        assert not regex.compile(pattern).fullmatch(""), pattern
        assert rule_safety._slow_probe(pattern, anchor) is None, pattern

    def refuse(pattern, anchor):
        raise AssertionError(f"bundled rule {pattern!r} was checked again: add it to _CHECKED")

    monkeypatch.setattr(rule_safety, "_slow_probe", refuse)
    for name in normspell.available_lexicons():
        path = lexicon_file._resolve(name)
        with open(path, "rb") as fh:
            assert parse_lexicon(fh.read(), path).name == name


def test_a_checked_rule_is_not_checked_again(monkeypatch):
    parse(RULE.format(pattern="[a-z]+[$][a-z]+"))
    monkeypatch.setattr("normspell.rule_safety._slow_probe", None)  # calling it would fail
    assert parse(RULE.format(pattern="[a-z]+[$][a-z]+")).rules[0].pattern == "[a-z]+[$][a-z]+"


def test_rule_matching_empty_string_is_rejected():
    with pytest.raises(LexiconFormatError, match="matches the empty string"):
        parse(RULE.format(pattern="[$]?"))


def test_user_rule_rewrites_unlisted_tokens(tmp_path):
    p = tmp_path / "r.toml"
    p.write_text(HEAD + '[[rule]]\nid = "at-for-a"\nanchor = "@"\npattern = \'[^\\W\\d_]+@[^\\W\\d_]+\'\n'
                 'substitute = { "@" = "a" }\ncategory = "at"\n', encoding="utf-8")
    n = Normalizer.from_lexicons([p])
    r = n.normalize("M@oist comrades, mail x@y.org")
    assert r.text == "Maoist comrades, mail x@y.org"
    assert r.changes[0].rule == "t:at-for-a" and r.changes[0].confidence == 0.8


def test_duplicate_ids_are_rejected():
    body = '[[entry]]\nid = "x"\nvariants = ["womyn"]\nstandard = "women"\ncategory = "g"\n'
    with pytest.raises(LexiconFormatError, match=r"t.toml:9: id 'x' is already used at t.toml:4"):
        parse(body + body.replace("womyn", "wimmin"))
