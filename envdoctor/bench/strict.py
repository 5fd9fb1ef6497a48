"""Strict JSON for bench results: no NaN or Infinity, which JSON does not have.

Python's json module writes NaN / Infinity by default, and strict parsers (jq, Go,
JavaScript's JSON.parse, json.loads with parse_constant) reject the whole document -
exactly on the run where it matters: a NaN loss or an infinite error is what a faulty
GPU produces. Each non-finite number becomes null and its path is listed in
`non_finite`, so the fact is kept and the document stays parseable.
"""

from __future__ import annotations

import math
from typing import Any


def scrub(data: Any) -> tuple[Any, list[str]]:
    """(data with every non-finite float replaced by None, the JSON paths replaced)."""
    paths: list[str] = []

    def walk(value: Any, path: str) -> Any:
        if isinstance(value, float) and not math.isfinite(value):
            paths.append(path or "$")
            return None
        if isinstance(value, dict):
            return {k: walk(v, f"{path}.{k}" if path else str(k)) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [walk(v, f"{path}[{i}]") for i, v in enumerate(value)]
        return value

    return walk(data, ""), paths


__all__ = ["scrub"]
