"""A batched map function for Hugging Face ``datasets``: ``dataset.map(hf_map(), batched=True)``.

``hf_map`` returns a small picklable callable that holds only the lexicon sources and
options. ``datasets`` pickles it to each ``num_proc`` worker (and hashes it for its cache
fingerprint, which therefore stays the same from run to run); each worker process
compiles the normalizer once, on its first batch (:func:`normspell.batch.cached_normalizer`).
Nothing here imports ``datasets``: ``pip install 'normspell[hf]'`` installs it.

    from datasets import load_dataset
    import normspell
    ds = load_dataset("text", data_files="archive/*.txt", split="train")
    ds = ds.map(normspell.hf_map(column="text", changes_column="n_changes"), batched=True, num_proc=2)

A batch is a dict of columns; the function returns the columns it writes:

>>> f = hf_map(column="body", output_column="body_norm", changes_column="n_changes")
>>> f({"body": ["Wimmin of Amerika", None, "plain"], "id": [1, 2, 3]})
{'body_norm': ['Women of America', None, 'plain'], 'n_changes': [2, 0, 0]}
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from normspell.normalize import NormalizeConfig

__all__ = ["HFMap", "hf_map"]


@dataclass(frozen=True)
class HFMap:
    """The map function :func:`hf_map` returns; call it with a batch (a dict of columns)."""

    lexicons: tuple[str, ...] = ("mim",)
    config: NormalizeConfig | None = None
    column: str = "text"
    output_column: str | None = None
    changes_column: str | None = None

    def __call__(self, batch: dict[str, list[Any]]) -> dict[str, list[Any]]:
        # Imported here so that `import normspell` (which exports hf_map) stays light.
        from normspell.batch import cached_normalizer

        n = cached_normalizer(self.lexicons, self.config)
        texts, counts = [], []
        for value in batch[self.column]:
            if isinstance(value, str):
                r = n.normalize(value)
                texts.append(r.text)
                counts.append(len(r.changes))
            else:  # None and other non-strings pass through
                texts.append(value)
                counts.append(0)
        out = {self.output_column or self.column: texts}
        if self.changes_column:
            out[self.changes_column] = counts
        return out


def hf_map(lexicons: Iterable[str | Path] = ("mim",), column: str = "text", *,
           config: NormalizeConfig | None = None, output_column: str | None = None,
           changes_column: str | None = None) -> HFMap:
    """A function for ``Dataset.map(..., batched=True)`` normalizing the string ``column``.

    The normalized text replaces ``column``, or goes to ``output_column``;
    ``changes_column``, if given, receives the number of changes in each text.
    """
    return HFMap(tuple(str(s) for s in lexicons), config, column, output_column, changes_column)
