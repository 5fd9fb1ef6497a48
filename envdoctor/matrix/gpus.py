"""GPU names the matrix cannot map to one compute capability on their own.

`analyse.compat.gpu_capability()` answers for the names the matrix knows; for a name
it does not know, `ambiguous_gpu()` says whether that is because the name stands for
several chips (GeForce GT 730: Kepler 3.5 or Fermi 2.1) rather than because it is
missing. Both compare names the same way: case, runs of spaces and an "NVIDIA "
prefix are ignored, because drivers before about 2021 printed "GeForce RTX 2080 Ti"
where newer ones print "NVIDIA GeForce RTX 2080 Ti".
"""

from __future__ import annotations

import re

from envdoctor.matrix.model import AmbiguousGpu, Matrix


def normalise_name(name: str) -> str:
    """The comparison key of a GPU name (the same key analyse.compat uses)."""
    return re.sub(r"\s+", " ", name.strip().lower()).removeprefix("nvidia ")


def ambiguous_gpu(matrix: Matrix, name: str | None) -> AmbiguousGpu | None:
    """The ambiguity entry a GPU name falls under, or None when the name is not ambiguous."""
    if not name or not name.strip():
        return None
    key = normalise_name(name)
    full = re.sub(r"\s+", " ", name.strip().lower())
    for entry in matrix.gpus_ambiguous:
        if any(normalise_name(n) == key for n in entry.names):
            return entry
        if any(re.search(p, key) or re.search(p, full) for p in entry.patterns):
            return entry
    return None


__all__ = ["ambiguous_gpu", "normalise_name"]
