"""normspell.hf_map with Hugging Face datasets: batched, in two worker processes."""

import pickle

import pytest

import normspell
from normspell.hf import HFMap, hf_map

TEXTS = ["The womyn of Amerikkka and the u.$. state.", "", "no variants here",
         "United\n$tates of Amerika", "Wimmin's Day in I$rael; Kafka's novel Amerika.",
         'we write "womyn" for women', "a womyn is here", "many womyn are here"] * 5


def test_map_function_alone_is_picklable_and_keeps_other_values():
    f = hf_map(["mim"], config=normspell.NormalizeConfig(skip={"gender"}), changes_column="n")
    assert pickle.loads(pickle.dumps(f)) == f
    out = f({"text": ["womyn of Amerika", None], "other": [1, 2]})
    assert out == {"text": ["womyn of America", None], "n": [1, 0]}
    assert isinstance(normspell.hf_map(), HFMap)


def test_dataset_map_two_processes():
    datasets = pytest.importorskip("datasets")
    ds = datasets.Dataset.from_dict({"id": list(range(len(TEXTS))), "text": TEXTS})
    out = ds.map(hf_map(output_column="norm", changes_column="n_changes"), batched=True, batch_size=4,
                 num_proc=2)
    assert out["text"] == TEXTS and out["id"] == list(range(len(TEXTS)))
    expected = [normspell.normalize(t) for t in TEXTS]
    assert out["norm"] == [r.text for r in expected]
    assert out["n_changes"] == [len(r.changes) for r in expected]
    assert out["norm"][6:8] == ["a woman is here", "many women are here"]
    # In place, the default:
    assert ds.map(hf_map(), batched=True, num_proc=2)["text"] == [r.text for r in expected]
