"""normspell.dask on a real LocalCluster of two worker processes: same bytes as a local run."""

from pathlib import Path

import pytest

pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")
import dask.bag as db  # noqa: E402
from click.testing import CliRunner  # noqa: E402

import normspell  # noqa: E402
from normspell.batch import FileOptions, cached_normalizer, convert_file  # noqa: E402
from normspell.cli import cli  # noqa: E402
from normspell.dask import (  # noqa: E402
    normalize_bag,
    normalize_dataframe_column,
    normalize_files,
    normalize_series,
    run_batch,
)

ARCHIVE = Path(__file__).resolve().parent.parent / "examples" / "archive"
TEXTS = ["The womyn of Amerikkka and the u.$. state.", "", "no variants here",
         "United\n$tates of Amerika", "Wimmin's Day in I$rael; Kafka's novel Amerika.",
         'we write "womyn" for women'] + [p.read_text(encoding="utf-8") for p in sorted(ARCHIVE.glob("*.txt"))]


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=":0") as cluster, distributed.Client(cluster) as c:
        yield c


def test_bag_matches_local_and_builds_one_normalizer_per_worker(client):
    client.run(cached_normalizer.cache_clear)
    bag = db.from_sequence(TEXTS * 4, npartitions=8)
    assert normalize_bag(bag).compute() == [normspell.normalize(t).text for t in TEXTS * 4]
    info = client.run(lambda: cached_normalizer.cache_info())
    assert len(info) == 2
    # 8 partitions, one compile per worker process at most: the rest are cache hits.
    assert sum(i.misses for i in info.values()) <= 2
    assert sum(i.hits + i.misses for i in info.values()) == 8


def test_bag_with_changes_and_options(client):
    config = normspell.NormalizeConfig(skip={"gender"})
    got = normalize_bag(db.from_sequence(TEXTS, npartitions=3), ["mim"], config, changes=True).compute()
    n = normspell.Normalizer.from_lexicons(["mim"], skip={"gender"})
    assert got == [(n.normalize(t).text, n.normalize(t).changes) for t in TEXTS]
    assert got[0][0] == "The womyn of America and the U.S. state."


def test_dataframe_column_and_series(client):
    pd = pytest.importorskip("pandas")
    dd = pytest.importorskip("dask.dataframe")
    frame = pd.DataFrame({"id": range(len(TEXTS) + 1), "text": TEXTS + [None]})
    df = dd.from_pandas(frame, npartitions=3)
    expected = [normspell.normalize(t).text for t in TEXTS]

    out = normalize_dataframe_column(df, "text", into="norm").compute()
    assert out["norm"].tolist()[:-1] == expected and pd.isna(out["norm"].iloc[-1])
    assert out["text"].tolist()[:-1] == TEXTS  # the original column is kept
    assert list(out.columns) == ["id", "text", "norm"]

    in_place = normalize_dataframe_column(df, "text").compute()
    assert in_place["text"].tolist()[:-1] == expected
    assert normalize_series(df["text"]).compute().tolist()[:-1] == expected


def _tree(root: Path) -> list[str]:
    """Files covering every format path: BOM, CRLF, undecodable bytes, HTML, JSON Lines."""
    files = {
        "a/letter.txt": b"\xef\xbb\xbfThe womyn of Amerikkka\r\nand the u.$. \xff state.\r\n",
        "a/deep/notes.md": (ARCHIVE / "mim-notes-1998.txt").read_bytes(),
        "page.html": b'<p title="Amerika">Wimmin &amp; <b>Amerikkka</b></p><!-- u.$. -->\n'
                     b'<p>I&#36;rael; the spelling &quot;Amerikkka&quot;</p>\n',
        "records.jsonl": b'{"text": "I$rael \\u0026 Amerika", "n": 1.50}\r\n\n{"id": 2}\n'
                         b'{"text": "united $tates", "other": "Amerika"}\n',
        "empty.txt": b"",
        "image.txt": b"PK\x03\x04\x00\x00Amerika",
        "big.txt": ("womyn of Amerikkka are many. " * 3000).encode(),
    }
    paths = []
    for name, data in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
        paths.append(str(p))
    return paths


def _outputs(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_files_on_the_cluster_equal_a_local_run_and_the_cli(client, tmp_path):
    paths = _tree(tmp_path / "in")
    options = FileOptions(chunk_size=4096)  # several chunks per file: streaming is exercised
    local = normalize_files(paths, tmp_path / "local", options=options)
    remote = normalize_files(paths, tmp_path / "cluster", client=client, options=options)
    assert [(r.status, r.categories, r.size) for r in remote] == [(r.status, r.categories, r.size) for r in local]
    assert _outputs(tmp_path / "cluster") == _outputs(tmp_path / "local")
    assert {r.path.rsplit("/", 1)[-1]: r.status for r in local}["image.txt"] == "skipped"
    assert local[0].changes == 3 and local[0].target == str(tmp_path / "local" / "a" / "letter.txt")

    result = CliRunner().invoke(cli, ["normalize", str(tmp_path / "in"), "-o", str(tmp_path / "cli"), "-q",
                                      "--chunk-size", "4096"])
    assert result.exit_code in (0, 1), result.output  # 1: the binary file was skipped
    assert _outputs(tmp_path / "cli") == _outputs(tmp_path / "local")
    assert _outputs(tmp_path / "local")["page.html"].endswith(b'<p>Israel; the spelling &quot;Amerikkka&quot;</p>\n')
    assert _outputs(tmp_path / "local")["a/letter.txt"] == (
        b"\xef\xbb\xbfThe women of America\r\nand the U.S. \xff state.\r\n")


def test_run_batch_by_address_and_local(client, tmp_path):
    paths = _tree(tmp_path / "in")
    expected = normalize_files(paths, tmp_path / "local")
    by_address = run_batch(paths, tmp_path / "remote", address=client.scheduler_info()["address"])
    assert [(r.status, r.categories, r.size) for r in by_address] == [
        (r.status, r.categories, r.size) for r in expected]
    assert _outputs(tmp_path / "remote") == _outputs(tmp_path / "local")
    targets = [str(tmp_path / "named" / f"{i}.out") for i in range(2)]
    on_new_cluster = run_batch(paths[:2], address="local", n_workers=1, targets=targets)
    assert [r.status for r in on_new_cluster] == ["ok", "ok"]
    assert Path(targets[0]).read_bytes() == _outputs(tmp_path / "local")["a/letter.txt"]


def test_relative_lexicon_path_reaches_the_workers(client, tmp_path, monkeypatch):
    (tmp_path / "house.toml").write_text(
        'format = 1\n[lexicon]\nname = "house"\n[[entry]]\nvariants = ["herstory"]\n'
        'standard = "history"\ncategory = "gender"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    bag = db.from_sequence(["herstory of Amerika"], npartitions=1)
    assert normalize_bag(bag, ["mim", "house.toml"]).compute() == ["history of America"]


def test_fsspec_urls_and_failures(tmp_path):
    fsspec = pytest.importorskip("fsspec")
    fs = fsspec.filesystem("memory")
    fs.pipe("/in/x.txt", b"Wimmin of Amerika\n")
    fs.pipe("/in/bad.jsonl", b'{"text": "Amerika"\n')
    ok, bad = normalize_files(["memory://in/x.txt", "memory://in/bad.jsonl"], "memory://out")
    assert ok.status == "ok" and fs.cat("/out/x.txt") == b"Women of America\n"
    assert bad.status == "failed" and "bad.jsonl" in bad.message
    assert not fs.exists("/out/bad.jsonl")  # nothing half-written
    missing = convert_file(str(tmp_path / "nope.txt"), str(tmp_path / "out.txt"))
    assert missing.status == "failed" and "nope.txt" in missing.message
    with pytest.raises(ValueError, match="one target per path"):
        normalize_files(["a", "b"], targets=["c"])


def test_cli_dask_local_writes_the_same_tree_as_a_local_run(tmp_path):
    from click.testing import CliRunner

    from normspell.cli import cli

    src = tmp_path / "arc"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text("Wimmin of Amerikkka\n")
    (src / "sub" / "b.txt").write_text("u.$. and I$rael, $5\n")
    runner = CliRunner()
    local = runner.invoke(cli, ["normalize", str(src), "-o", str(tmp_path / "local")])
    dask = runner.invoke(cli, ["normalize", str(src), "-o", str(tmp_path / "dask"), "--dask", "local", "-j", "1"])
    assert local.exit_code == 0 and dask.exit_code == 0, dask.stderr
    for rel in ("a.txt", "sub/b.txt"):
        assert (tmp_path / "dask" / rel).read_bytes() == (tmp_path / "local" / rel).read_bytes()
    assert (tmp_path / "dask" / "a.txt").read_text() == "Women of America\n"


def test_cli_dask_needs_an_output_folder():
    from click.testing import CliRunner

    from normspell.cli import cli

    r = CliRunner().invoke(cli, ["normalize", "--dask", "local"], input="womyn")
    assert r.exit_code == 2 and "--dask writes plain output files under -o DIR" in r.stderr
