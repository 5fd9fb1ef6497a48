from __future__ import annotations

import json
import math

import pytest

from envdoctor.bench.strict import scrub


def _reject(constant: str) -> None:
    raise ValueError(constant)


def test_non_finite_numbers_become_null_with_their_paths() -> None:
    data = {"a": 1.5, "b": [1.0, math.nan, {"c": math.inf}], "d": -math.inf, "e": "nan", "f": 3}
    clean, paths = scrub(data)
    assert clean == {"a": 1.5, "b": [1.0, None, {"c": None}], "d": None, "e": "nan", "f": 3}
    assert paths == ["b[1]", "b[2].c", "d"]
    json.loads(json.dumps(clean, allow_nan=False), parse_constant=_reject)


def test_finite_data_is_unchanged() -> None:
    data = {"x": [1, 2.5, None, True, "s"], "y": {"z": 0.0}}
    assert scrub(data) == (data, [])
    assert scrub(math.nan) == (None, ["$"])


def test_python_json_would_have_written_nan() -> None:
    text = json.dumps({"loss": math.nan})
    with pytest.raises(ValueError, match="NaN"):
        json.loads(text, parse_constant=_reject)
