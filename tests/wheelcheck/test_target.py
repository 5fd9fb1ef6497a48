from __future__ import annotations

import pytest

from envdoctor.errors import UsageError
from envdoctor.snapshot import DriverFacts, DriverState, GpuFacts, PythonFacts
from envdoctor.wheelcheck.target import (
    gpu_side_from_facts,
    parse_glibc,
    parse_platform,
    target_from_python_facts,
)


def test_target_from_probe_facts() -> None:
    facts = PythonFacts(
        executable="/usr/bin/python3",
        version="3.11.7",
        implementation="CPython",
        platform_tag="linux-x86_64",
        glibc="2.31",
        free_threaded=False,
        pointer_bits=64,
    )
    t = target_from_python_facts(facts, source="probe")
    assert (t.python_version, t.platform, t.glibc, t.os) == (
        (3, 11),
        "linux_x86_64",
        (2, 31),
        "linux",
    )


def test_gpu_side_from_facts() -> None:
    side = gpu_side_from_facts(
        DriverFacts(state=DriverState.OK, version="535.104.05", cuda_version="12.2"),
        (GpuFacts(index=0, name="NVIDIA GeForce RTX 3060", compute_capability="8.6"),),
        source="nvml",
    )
    assert (side.driver, side.driver_cuda, side.driver_state) == ("535.104.05", "12.2", "ok")
    assert side.gpus[0].capability == "8.6"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("linux_x86_64", ("linux_x86_64", None)),
        ("linux-aarch64", ("linux_aarch64", None)),
        ("manylinux_2_31_x86_64", ("linux_x86_64", (2, 31))),
        ("manylinux2014_x86_64", ("linux_x86_64", (2, 17))),
        ("win_amd64", ("win_amd64", None)),
        ("macosx-14.0-arm64", ("macosx_14_0_arm64", None)),
    ],
)
def test_parse_platform(text: str, expected: tuple[str, tuple[int, int] | None]) -> None:
    assert parse_platform(text) == expected


@pytest.mark.parametrize(
    ("func", "text"),
    [
        (parse_platform, "solaris"),
        (parse_platform, "musllinux_1_2_x86_64"),
        (parse_glibc, "2"),
    ],
)
def test_bad_overrides_are_usage_errors(func: object, text: str) -> None:
    with pytest.raises(UsageError):
        func(text)  # type: ignore[operator]


def test_parse_glibc_and_driver() -> None:
    assert parse_glibc("2.17") == (2, 17)
