from __future__ import annotations

import sys

import pytest
from packaging.tags import Tag, sys_tags

from envdoctor.wheelcheck.tags import linux_archs, manylinux_platforms, supported_tags
from envdoctor.wheelcheck.target import Target


def test_manylinux_platforms_include_legacy_aliases_down_to_2_5_on_x86_64() -> None:
    plats = manylinux_platforms("x86_64", (2, 28))
    assert plats[0] == "manylinux_2_28_x86_64"
    assert "manylinux2014_x86_64" in plats
    assert "manylinux2010_x86_64" in plats
    assert plats[-2:] == ["manylinux_2_5_x86_64", "manylinux1_x86_64"]


def test_manylinux_platforms_stop_at_2_17_on_aarch64() -> None:
    plats = manylinux_platforms("aarch64", (2, 31))
    assert plats[-2:] == ["manylinux_2_17_aarch64", "manylinux2014_aarch64"]
    assert not any("manylinux1" in p for p in plats)


@pytest.mark.parametrize(
    ("arch", "bits", "expected"),
    [
        pytest.param("x86_64", 64, ["x86_64"], id="64"),
        pytest.param("x86_64", 32, ["i686"], id="32-on-x86_64"),
        pytest.param("aarch64", 32, ["armv8l", "armv7l"], id="32-on-aarch64"),
    ],
)
def test_linux_archs(arch: str, bits: int, expected: list[str]) -> None:
    assert linux_archs(arch, bits) == expected


def test_free_threaded_target_gets_t_abi_and_no_abi3() -> None:
    target = Target((3, 13), "CPython", "linux_x86_64", (2, 35), True, 64)
    tags = set(supported_tags(target).tags)
    assert Tag("cp313", "cp313t", "manylinux_2_28_x86_64") in tags
    assert Tag("cp313", "cp313", "manylinux_2_28_x86_64") not in tags
    assert not any(t.abi == "abi3" for t in tags)


def test_unknown_glibc_is_reported_missing() -> None:
    sup = supported_tags(Target((3, 11), "CPython", "linux_x86_64", None, False, 64))
    assert "glibc" in sup.missing
    assert not any(p.startswith("manylinux") for p in sup.platforms)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="compares with this Linux host")
def test_matches_packaging_for_this_interpreter() -> None:
    """For the running interpreter, our facts-based list must contain pip's own first choices."""
    import platform
    import struct
    import sysconfig

    libc, ver = platform.libc_ver()
    if libc != "glibc":
        pytest.skip("not a glibc host")
    major, minor = (int(x) for x in ver.split(".")[:2])
    target = Target(
        sys.version_info[:2],
        "CPython",
        sysconfig.get_platform().replace("-", "_"),
        (major, minor),
        bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
        struct.calcsize("P") * 8,
    )
    ours = set(supported_tags(target).tags)
    theirs = list(sys_tags())
    assert set(theirs) <= ours, set(theirs) - ours
