"""Normalize corpora on a Dask cluster: bags of texts, dataframe columns and batches of files.

Install with ``pip install 'normspell[dask]'``. Every helper ships only the lexicon
sources and a :class:`~normspell.NormalizeConfig` to the workers; each worker process
compiles the normalizer once (:func:`normspell.batch.cached_normalizer`) and reuses it
for every partition and file it is given, never one per text. Results are identical to
a local run: the same core does the work.

For a bag of strings, a dask dataframe column, or files on a shared filesystem or an
object store (any fsspec URL)::

    from distributed import Client
    import dask.bag as db
    import dask.dataframe as dd
    from normspell.dask import normalize_bag, normalize_dataframe_column, normalize_files

    client = Client("tcp://scheduler:8786")        # or Client(LocalCluster())
    texts = normalize_bag(db.read_text("s3://archive/*.txt", linedelimiter="\\n\\n")).compute()
    df = normalize_dataframe_column(dd.read_parquet("s3://archive/pages"), "body", into="body_norm")
    results = normalize_files(["s3://archive/a.txt", "s3://archive/b.html"], "s3://clean/", client=client)

:func:`run_batch` is what ``normspell normalize --dask ADDRESS|local`` runs.

The per-partition functions need no Dask and show what a worker does:

>>> normalize_texts(["Wimmin of Amerika", "u.$. troops"])
['Women of America', 'U.S. troops']
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from normspell.batch import FileOptions, FileResult, cached_normalizer, convert_file, local_paths, mirror_targets
from normspell.normalize import NormalizeConfig

__all__ = ["normalize_bag", "normalize_dataframe_column", "normalize_files", "normalize_series",
           "normalize_texts", "run_batch"]


def _sources(lexicons: Iterable[str | Path]) -> tuple[str, ...]:
    # Strings, so the per-process cache key is the same whatever the caller passed; a
    # lexicon file by absolute path, since workers may run in another folder.
    return tuple(os.path.abspath(s) if str(s).endswith(".toml") and os.path.isfile(s) else str(s)
                 for s in lexicons)


def normalize_texts(texts: Iterable[Any], lexicons: tuple[str, ...] = ("mim",),
                    config: NormalizeConfig | None = None, changes: bool = False) -> list:
    """One partition's work: each string normalized (other values pass through).

    With ``changes``, each item is ``(text, changes)`` instead of the text.
    """
    n = cached_normalizer(_sources(lexicons), config)
    out = []
    for t in texts:
        if not isinstance(t, str):
            out.append((t, ()) if changes else t)
            continue
        r = n.normalize(t)
        out.append((r.text, r.changes) if changes else r.text)
    return out


def normalize_bag(bag: Any, lexicons: Iterable[str | Path] = ("mim",), config: NormalizeConfig | None = None,
                  *, changes: bool = False) -> Any:
    """A ``dask.bag.Bag`` of the normalized texts of ``bag`` (lazy, like any bag operation).

    With ``changes=True`` each item is ``(text, changes)``, the changes being
    :class:`~normspell.Change` tuples with offsets into the original item.
    """
    return bag.map_partitions(normalize_texts, _sources(lexicons), config, changes)


def _normalize_pandas(series: Any, lexicons: tuple[str, ...], config: NormalizeConfig | None) -> Any:
    import pandas as pd

    # Missing values (None, NaN, pd.NA) stay as they are; the dtype is kept.
    values = normalize_texts(series.tolist(), lexicons, config)
    return pd.Series(values, index=series.index, name=series.name, dtype=series.dtype)


def normalize_series(series: Any, lexicons: Iterable[str | Path] = ("mim",),
                     config: NormalizeConfig | None = None) -> Any:
    """A dask dataframe ``Series`` of strings, normalized partition by partition."""
    return series.map_partitions(_normalize_pandas, _sources(lexicons), config, meta=series._meta)


def _normalize_frame(frame: Any, column: str, into: str, lexicons: tuple[str, ...],
                     config: NormalizeConfig | None) -> Any:
    out = frame.copy()
    out[into] = _normalize_pandas(frame[column], lexicons, config)
    return out


def normalize_dataframe_column(df: Any, column: str, lexicons: Iterable[str | Path] = ("mim",),
                               config: NormalizeConfig | None = None, *, into: str | None = None) -> Any:
    """``df`` with ``column`` normalized, in place of it or as the new column ``into``."""
    into = into or column
    meta = df._meta.copy()
    meta[into] = df._meta[column]
    return df.map_partitions(_normalize_frame, column, into, _sources(lexicons), config, meta=meta)


def normalize_files(paths: Sequence[str | Path], out_dir: str | Path | None = None, *, client: Any = None,
                    lexicons: Iterable[str | Path] = ("mim",), config: NormalizeConfig | None = None,
                    options: FileOptions | None = None,
                    targets: Sequence[str | Path] | None = None) -> list[FileResult]:
    """Normalize files into ``out_dir`` (mirroring their layout) or into ``targets``.

    Paths and targets are local paths (on a filesystem every worker sees) or fsspec
    URLs. With a ``distributed.Client``, the workers convert the files, one task per
    file; without one, this process does, one file after the other (a local run).
    The outputs are the same either way. Returns one :class:`FileResult` per input,
    in input order; a file that fails does not stop the others.
    """
    sources = local_paths(paths)
    if targets is None:
        if out_dir is None:
            raise ValueError("normalize_files needs out_dir or targets")
        targets = mirror_targets(sources, local_paths([out_dir])[0])
    targets = local_paths(targets)
    if len(targets) != len(sources):
        msg = f"{len(sources)} paths but {len(targets)} targets: give one target per path"
        raise ValueError(msg)
    lex = _sources(lexicons)
    if client is None:
        return [convert_file(p, t, lex, config, options) for p, t in zip(sources, targets)]
    # pure=False: two runs over the same paths must both write their outputs.
    futures = client.map(convert_file, sources, targets, lexicons=lex, config=config, options=options, pure=False)
    return client.gather(futures)


def run_batch(paths: Sequence[str | Path], out_dir: str | Path | None = None, *, address: str,
              lexicons: Iterable[str | Path] = ("mim",), config: NormalizeConfig | None = None,
              options: FileOptions | None = None, targets: Sequence[str | Path] | None = None,
              n_workers: int | None = None) -> list[FileResult]:
    """Convert files on the Dask cluster at ``address``, or on a new local one for ``"local"``.

    ``"local"`` starts a ``distributed.LocalCluster`` of ``n_workers`` single-threaded
    worker processes (default: one per core) for the duration of the call. Otherwise
    ``address`` is a scheduler address (``tcp://host:8786``) or a scheduler file path
    (``*.json``). See :func:`normalize_files` for the rest.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        msg = "running on Dask needs the dask extra: pip install 'normspell[dask]'"
        raise ImportError(msg) from exc
    kwargs = dict(lexicons=lexicons, config=config, options=options, targets=targets)
    if address == "local":
        with LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                          dashboard_address=":0") as cluster, Client(cluster) as client:
            return normalize_files(paths, out_dir, client=client, **kwargs)
    where = {"scheduler_file": address} if address.endswith(".json") else {"address": address}
    with Client(**where) as client:
        return normalize_files(paths, out_dir, client=client, **kwargs)
