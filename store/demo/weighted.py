"""Weighted draws with the cumulative weights computed once, since the seeder draws millions."""

from __future__ import annotations

import random
from collections.abc import Iterable
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")


class Weighted(Generic[T]):
    """A fixed set of values with relative weights, drawn from a given random stream."""

    __slots__ = ("_cumulative", "_values")

    def __init__(self, pairs: Iterable[tuple[T, float]]) -> None:
        values, weights = zip(*pairs, strict=True)
        self._values: tuple[T, ...] = values
        self._cumulative = list(accumulate(weights))

    def pick(self, rng: random.Random) -> T:
        """One value, drawn with its weight."""
        return rng.choices(self._values, cum_weights=self._cumulative)[0]
