"""The value types every command parses its input with, and their refusals."""

from __future__ import annotations

import contextlib
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from envdoctor.cli._options import (
    parse_driver_option,
    parse_python_version_option,
    parse_timeout_option,
    parse_torch_option,
)
from envdoctor.compat.versions import (
    ArchTarget,
    ComputeCapability,
    CudaVersion,
    DriverVersion,
    PythonVersion,
    TorchVersion,
    cc_tuple,
    cuda_tuple,
    parse_version,
)
from envdoctor.errors import UsageError


def test_driver_version() -> None:
    v = DriverVersion.parse(" 535.104.05 ")
    assert v is not None and v.branch == 535 and str(v) == "535.104.05"
    assert DriverVersion.parse("535") == DriverVersion((535,), "535")
    assert DriverVersion.parse("580.65") > DriverVersion.parse("535.104.05")  # type: ignore[operator]
    for bad in ("1050.1", "53.5", "latest", "535.x", "", None, "5" * 100):
        assert DriverVersion.parse(bad) is None, bad


def test_cuda_version() -> None:
    assert CudaVersion.parse("12.4") == CudaVersion(12, 4)
    assert CudaVersion.parse("12.4.1") == CudaVersion(12, 4)
    assert CudaVersion.parse("cu124") == CudaVersion(12, 4)
    assert CudaVersion.parse("cu92") == CudaVersion(9, 2)
    assert CudaVersion.from_int(12020) == CudaVersion(12, 2)
    assert CudaVersion.from_int(0) is None and CudaVersion.from_int(10**9) is None
    assert CudaVersion(12, 8).label == "cu128" and str(CudaVersion(13, 0)) == "13.0"
    assert CudaVersion.parse("12") is None
    assert cuda_tuple("12.8") == (12, 8) and cuda_tuple("x") is None


@pytest.mark.parametrize(
    ("text", "cc"),
    [("8.6", (8, 6)), ("sm_86", (8, 6)), ("86", (8, 6)), ("120", (12, 0)), ("12.0", (12, 0))],
)
def test_compute_capability(text: str, cc: tuple[int, int]) -> None:
    v = ComputeCapability.parse(text)
    assert v is not None and (v.major, v.minor) == cc
    assert v.sm == f"sm_{cc[0]}{cc[1]}"


@pytest.mark.parametrize("text", ["8.6x", "x.y", "12.x", "", "0.0", "1" * 5000])
def test_unreadable_compute_capability_is_none(text: str) -> None:
    # Issue 11.3: parsed at the boundary, unknown is None, never an exception.
    assert ComputeCapability.parse(text) is None
    assert cc_tuple(text) is None


def test_arch_targets() -> None:
    a = ArchTarget.parse("sm_90a")
    assert a is not None and a.exact_only and a.capability == ComputeCapability(9, 0)
    f = ArchTarget.parse("sm_100f")
    assert f is not None and f.suffix == "f" and not f.exact_only
    p = ArchTarget.parse("compute_120")
    assert p is not None and p.kind == "compute" and str(p) == "compute_120"
    assert ArchTarget.parse("gfx90a") is None


def test_torch_version() -> None:
    v = TorchVersion.parse("2.13.0+cu118")
    assert v is not None
    assert (v.release, v.exact, v.label) == ("2.13", "2.13.0", "cu118")
    r = TorchVersion.parse("2.13")
    assert r is not None and r.exact is None and r.label is None
    for bad in ("latest", "", "2", None):
        assert TorchVersion.parse(bad) is None


def test_python_version() -> None:
    assert PythonVersion.parse("3.13t") == PythonVersion(3, 13, None, True)
    assert PythonVersion.parse("cp312") == PythonVersion(3, 12)
    v = PythonVersion.parse("3.11.7")
    assert v is not None and v.short == "3.11" and v.number == "3.11.7"


def test_huge_numbers_are_not_versions() -> None:
    # Issue 11.9: a 100,000-digit number in a report must not reach int().
    assert parse_version("1" * 100_000) is None


@given(st.text(max_size=40))
def test_option_parsers_refuse_with_usage_errors_only(text: str) -> None:
    # Property: any text is either a value or a UsageError (exit 2), never another error.
    for parse in (parse_driver_option, parse_python_version_option, parse_torch_option):
        with contextlib.suppress(UsageError):
            parse(text)


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_timeout_parser_accepts_only_finite_positive_bounded(value: float) -> None:
    try:
        got = parse_timeout_option(value)
    except UsageError:
        assert not (math.isfinite(value) and 0 < value <= 3600)
    else:
        assert got == value and 0 < value <= 3600
