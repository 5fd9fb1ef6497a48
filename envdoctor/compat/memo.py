"""Answers kept per matrix object: the rules are pure functions of the matrix and the
question, and some questions are asked hundreds of times in one run (fitting builds asks
the driver check once per variant of every release)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from envdoctor.matrix.model import Matrix

T = TypeVar("T")


class PerMatrix:
    """A bounded cache whose entries belong to one matrix object: a key made with another
    matrix (a test's, a --matrix file) never returns this one's answer."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._store: dict[tuple[object, ...], tuple[Matrix, object]] = {}

    def get(self, matrix: Matrix, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        full = (id(matrix), *key)
        hit = self._store.get(full)
        if hit is not None and hit[0] is matrix:
            return hit[1]  # type: ignore[return-value]
        if len(self._store) > self._limit:
            self._store.clear()
        value = compute()
        self._store[full] = (matrix, value)
        return value


__all__ = ["PerMatrix"]
