"""The options of a :class:`~normspell.normalize.Normalizer`.

>>> NormalizeConfig(skip={"gender"}).skip
frozenset({'gender'})
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["NormalizeConfig"]


@dataclass(frozen=True, slots=True)
class NormalizeConfig:
    """Options of a :class:`Normalizer`.

    - ``only``: categories to normalize (``None``: all). Default ``None``.
    - ``skip``: categories to leave alone. Default empty.
    - ``mentions``: ``"keep"`` leaves a quoted variant that is talked about
      ('the spelling "Amerikkka"') unchanged and reports it as a mention;
      ``"normalize"`` rewrites it like any other. Default ``"keep"``.
    - ``min_confidence``: changes below it are not made (context choices that
      no cue decided have confidence 0.6). Default 0.0.
    - ``protect``: honour the lexicon's protected phrases. Default True.
    """

    only: frozenset[str] | None = None
    skip: frozenset[str] = frozenset()
    mentions: Literal["keep", "normalize"] = "keep"
    min_confidence: float = 0.0
    protect: bool = True

    def __post_init__(self) -> None:
        if self.only is not None:
            object.__setattr__(self, "only", frozenset(self.only))
        object.__setattr__(self, "skip", frozenset(self.skip))
        if self.mentions not in ("keep", "normalize"):
            msg = f"mentions must be 'keep' or 'normalize', not {self.mentions!r}"
            raise ValueError(msg)
