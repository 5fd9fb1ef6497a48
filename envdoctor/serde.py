"""Plain dataclasses <-> JSON-compatible dicts, without a third-party schema library.

Snapshots and results are frozen dataclasses of str/int/float/bool/None, tuples,
string-keyed dicts, enums and nested dataclasses. `to_data` and `from_data` cover
exactly that; anything else is a programming error and raises TypeError.
"""

from __future__ import annotations

import dataclasses
import enum
import math
import types
import typing
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

T = TypeVar("T")


def to_data(value: Any) -> Any:
    """Convert a dataclass tree into JSON-compatible data (tuples become lists)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [to_data(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_data(v) for k, v in value.items()}
    return value


def to_json_data(value: Any) -> Any:
    """`to_data` for a JSON document: a float that is not a number (NaN, infinity) is
    unknown, so it becomes None (null) instead of the non-JSON `NaN` Python would write."""
    return scrub_non_finite(to_data(value))[0]


def scrub_non_finite(data: Any) -> tuple[Any, list[str]]:
    """(data with every non-finite float replaced by None, the JSON paths replaced).

    Strict parsers (jq, Go, JavaScript's JSON.parse) reject a whole document over one NaN,
    exactly on the run where it matters (a NaN loss is what a faulty GPU produces); the
    paths let a command keep the fact (bench lists them in `non_finite`).
    """
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


class DecodeError(ValueError):
    """The data does not have the shape the dataclass expects; `path` says where."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}" if path else problem)
        self.path = path
        self.problem = problem


def from_data(cls: type[T], data: Any, path: str = "") -> T:
    """Build `cls` from `data`, checking types; unknown keys are ignored (forward compatible)."""
    return typing.cast(T, _decode(cls, data, path))


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = get_type_hints(cls)
    return _HINTS[cls]


def _decode(tp: Any, data: Any, path: str) -> Any:  # noqa: PLR0915 - one branch per type form
    origin = get_origin(tp)
    if tp is Any:
        return data
    if origin in (Union, types.UnionType):
        args = get_args(tp)
        if data is None and type(None) in args:
            return None
        errors = []
        for arg in args:
            if arg is type(None):
                continue
            try:
                return _decode(arg, data, path)
            except DecodeError as exc:
                errors.append(exc.problem)
        raise DecodeError(path, "; ".join(errors) or "unexpected null")
    if origin is typing.Literal:
        if data not in get_args(tp):
            raise DecodeError(path, f"expected one of {get_args(tp)}, got {data!r}")
        return data
    if origin is tuple:
        if not isinstance(data, list | tuple):
            raise DecodeError(path, f"expected a list, got {type(data).__name__}")
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], v, f"{path}[{i}]") for i, v in enumerate(data))
        if len(args) != len(data):
            raise DecodeError(path, f"expected {len(args)} items, got {len(data)}")
        return tuple(
            _decode(a, v, f"{path}[{i}]") for i, (a, v) in enumerate(zip(args, data, strict=True))
        )
    if origin is dict:
        if not isinstance(data, dict):
            raise DecodeError(path, f"expected an object, got {type(data).__name__}")
        key_t, val_t = get_args(tp)
        return {_decode(key_t, k, path): _decode(val_t, v, f"{path}.{k}") for k, v in data.items()}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        try:
            return tp(data)
        except ValueError:
            raise DecodeError(path, f"unknown value {data!r}") from None
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if not isinstance(data, dict):
            raise DecodeError(path, f"expected an object, got {type(data).__name__}")
        hints = _hints(tp)
        kwargs: dict[str, Any] = {}
        for f in dataclasses.fields(tp):
            if not f.init:
                continue
            sub = f"{path}.{f.name}" if path else f.name
            if f.name in data:
                kwargs[f.name] = _decode(hints[f.name], data[f.name], sub)
            elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise DecodeError(sub, "missing")
        return tp(**kwargs)
    if tp is float:
        if isinstance(data, bool) or not isinstance(data, int | float):
            raise DecodeError(path, f"expected a number, got {data!r}")
        return float(data)
    if tp in (str, int, bool):
        # bool is an int in Python; keep them apart so `true` is not a count.
        if not isinstance(data, tp) or (tp is int and isinstance(data, bool)):
            raise DecodeError(path, f"expected {tp.__name__}, got {data!r}")
        return data
    if tp is type(None):
        if data is not None:
            raise DecodeError(path, f"expected null, got {data!r}")
        return None
    msg = f"cannot decode type {tp!r}"
    raise TypeError(msg)


__all__ = [
    "DecodeError",
    "from_data",
    "scrub_non_finite",
    "to_data",
    "to_json_data",
]
