"""envdoctor.serde: dataclasses <-> JSON data, and strict JSON for documents."""

from __future__ import annotations

import enum
import json
import math
from dataclasses import dataclass

import pytest

from envdoctor.serde import DecodeError, from_data, scrub_non_finite, to_data, to_json_data


class Kind(str, enum.Enum):
    A = "a"


@dataclass(frozen=True)
class Inner:
    rate: float
    kind: Kind


@dataclass(frozen=True)
class Outer:
    name: str
    parts: tuple[Inner, ...]
    extra: dict[str, int | None]


def test_round_trip() -> None:
    value = Outer("x", (Inner(1.5, Kind.A),), {"n": None})
    data = to_data(value)
    assert data == {"name": "x", "parts": [{"rate": 1.5, "kind": "a"}], "extra": {"n": None}}
    assert from_data(Outer, json.loads(json.dumps(data))) == value


def test_decode_errors_say_where() -> None:
    with pytest.raises(DecodeError, match=r"parts\[0\]\.kind: unknown value 'b'"):
        from_data(Outer, {"name": "x", "parts": [{"rate": 1, "kind": "b"}], "extra": {}})


def test_json_data_has_no_nan_or_infinity() -> None:
    value = Outer("x", (Inner(math.nan, Kind.A), Inner(-math.inf, Kind.A)), {})
    data = to_json_data({"result": value, "more": [math.inf, 2.0]})
    assert data["result"]["parts"] == [{"rate": None, "kind": "a"}, {"rate": None, "kind": "a"}]
    assert data["more"] == [None, 2.0]
    json.dumps(data, allow_nan=False)  # strict JSON


def _reject(constant: str) -> None:
    raise ValueError(constant)


def test_non_finite_numbers_become_null_with_their_paths() -> None:
    data = {"a": 1.5, "b": [1.0, math.nan, {"c": math.inf}], "d": -math.inf, "e": "nan", "f": 3}
    clean, paths = scrub_non_finite(data)
    assert clean == {"a": 1.5, "b": [1.0, None, {"c": None}], "d": None, "e": "nan", "f": 3}
    assert paths == ["b[1]", "b[2].c", "d"]
    json.loads(json.dumps(clean, allow_nan=False), parse_constant=_reject)


def test_finite_data_is_unchanged() -> None:
    data = {"x": [1, 2.5, None, True, "s"], "y": {"z": 0.0}}
    assert scrub_non_finite(data) == (data, [])
    assert scrub_non_finite(math.nan) == (None, ["$"])


def test_python_json_would_have_written_nan() -> None:
    text = json.dumps({"loss": math.nan})
    with pytest.raises(ValueError, match="NaN"):
        json.loads(text, parse_constant=_reject)
