"""apply / restore / Alignment."""

import pytest

import normspell
from normspell import Alignment, Change, apply, restore


def test_apply_replays_and_restore_undoes():
    text = "The womyn of Amerikkka and the u.$. state"
    r = normspell.normalize(text)
    assert apply(text, r.changes) == r.text
    assert restore(r.text, r.changes) == text


def test_offsets_map_both_ways_and_are_monotone():
    text = "xx Amerikkka yy womyn zz"
    r = normspell.normalize(text)
    a = r.alignment()
    forward = [a.to_normalized(i) for i in range(len(text) + 1)]
    back = [a.to_original(i) for i in range(len(r.text) + 1)]
    assert forward == sorted(forward) and back == sorted(back)
    start = text.index("yy")
    assert r.text[a.to_normalized(start):a.to_normalized(start) + 2] == "yy"
    hit = r.text.index("America")
    assert (a.to_original(hit), a.to_original(hit + 7, "right")) == (3, 12)
    assert a.to_original(hit + 2, "left") == 3 and a.to_original(hit + 2, "right") == 12


def test_apply_refuses_changes_that_do_not_belong():
    c = Change(0, 5, "womyn", "women", "women", "g", "r", 1.0, "")
    with pytest.raises(ValueError, match="expects 'womyn'"):
        apply("hello", [c])
    with pytest.raises(ValueError, match="overlap"):
        apply("womyn", [c, c])


def test_empty_alignment_is_identity():
    a = Alignment.from_changes([])
    assert a.to_normalized(5) == 5 and a.to_original(5) == 5


def test_change_init_writes_every_field_as_the_dataclass_declares_them():
    # Change's __init__ writes its slots directly (speed): it must keep the dataclass's
    # fields, order and defaults, set each from its own argument, and stay frozen.
    import dataclasses
    import inspect
    import pickle

    fields = dataclasses.fields(Change)
    params = list(inspect.signature(Change).parameters.values())
    assert [p.name for p in params] == [f.name for f in fields]
    assert [p.default for p in params] == [
        inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default for f in fields]
    values = [10, 20, "orig", "repl", "std", "cat", "lex:rule", 0.5, "why", "mention"]
    c = Change(*values)
    assert [getattr(c, f.name) for f in fields] == values
    assert Change(**dict(zip([f.name for f in fields], values))) == c
    assert Change(*values[:-1]).kind == "variant"
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.start = 0
    assert dataclasses.replace(c, start=11).start == 11 and c.start == 10
    assert pickle.loads(pickle.dumps(c)) == c and hash(pickle.loads(pickle.dumps(c))) == hash(c)
    with pytest.raises(TypeError):
        Change(*values[:8])  # reason is required
