"""Tables of words that read in the language in use when they are read.

A module-level table of labels is built when the module loads, before the
user's language is chosen; a :class:`Translated` table builds its entries
each time it is read instead, so ``LABELS[key]`` is always in the current
language while callers keep using it as a plain mapping.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Translated(Mapping[K, V]):
    """A read-only mapping whose entries ``build`` makes afresh on every read."""

    def __init__(self, build: Callable[[], Mapping[K, V]]) -> None:
        self._build = build

    def __getitem__(self, key: K) -> V:
        return self._build()[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._build())

    def __len__(self) -> int:
        return len(self._build())

    def __repr__(self) -> str:
        return f"Translated({dict(self._build())!r})"
