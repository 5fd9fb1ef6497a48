from __future__ import annotations

import pytest

from envdoctor.wheelcheck.names import (
    BadWheelName,
    describe_platform,
    impossible_abi,
    parse_wheel_name,
    python_tag_version,
    same_arch,
)


def test_parse_torch_name_keeps_parts() -> None:
    w = parse_wheel_name("/tmp/dl/torch-2.8.0+cu128-cp311-cp311-manylinux_2_28_x86_64.whl")
    assert (w.project, w.version, w.local) == ("torch", "2.8.0+cu128", "cu128")
    assert (w.python_part, w.abi_part, w.platform_part) == (
        "cp311",
        "cp311",
        "manylinux_2_28_x86_64",
    )
    assert w.render() == w.filename


def test_with_parts_rebuilds_a_name() -> None:
    w = parse_wheel_name("torch-2.8.0+cu128-cp310-cp310-manylinux_2_28_x86_64.whl")
    new = w.with_parts(python_part="cp311", abi_part="cp311", local="cu126")
    assert new.filename == "torch-2.8.0+cu126-cp311-cp311-manylinux_2_28_x86_64.whl"


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        pytest.param(
            "torch-2.8.0+cu128-cp311-cp311-win_amd64.whl.1", "renamed", id="browser-dot-1"
        ),
        pytest.param(
            "torch-2.8.0+cu128-cp311-cp311-win_amd64 (1).whl", "renamed", id="browser-paren"
        ),
        pytest.param("torch.zip", "not a wheel file name", id="zip"),
        pytest.param("torch-2.8.0.whl", "not a wheel file name", id="too-few-parts"),
        pytest.param(
            "torch-notaversion-cp311-cp311-linux_x86_64.whl",
            "not a wheel file name",
            id="bad-version",
        ),
    ],
)
def test_bad_names(name: str, hint: str) -> None:
    with pytest.raises(BadWheelName) as err:
        parse_wheel_name(name)
    assert hint in err.value.message


@pytest.mark.parametrize(
    ("tag", "os", "arch", "libc", "version"),
    [
        ("manylinux1_x86_64", "linux", "x86_64", "glibc", (2, 5)),
        ("manylinux2010_x86_64", "linux", "x86_64", "glibc", (2, 12)),
        ("manylinux2014_aarch64", "linux", "aarch64", "glibc", (2, 17)),
        ("manylinux_2_28_x86_64", "linux", "x86_64", "glibc", (2, 28)),
        ("musllinux_1_2_x86_64", "linux", "x86_64", "musl", (1, 2)),
        ("linux_aarch64", "linux", "aarch64", None, None),
        ("win_amd64", "windows", "x86_64", None, None),
        ("win32", "windows", "x86", None, None),
        ("macosx_11_0_arm64", "macos", "arm64", None, (11, 0)),
        ("macosx-10.9-universal2", "macos", "universal2", None, (10, 9)),
        ("any", "any", None, None, None),
    ],
)
def test_describe_platform(
    tag: str, os: str, arch: str | None, libc: str | None, version: tuple[int, int] | None
) -> None:
    info = describe_platform(tag)
    assert (info.os, info.arch, info.libc, info.version) == (os, arch, libc, version)


def test_python_tag_version() -> None:
    assert python_tag_version("cp311") == ("cp", (3, 11), False)
    assert python_tag_version("cp313t") == ("cp", (3, 13), True)
    assert python_tag_version("py3") == ("py", None, False)


def test_same_arch() -> None:
    assert same_arch("aarch64", "arm64") is True
    assert same_arch("x86_64", "aarch64") is False
    assert same_arch(None, "x86_64") is None


@pytest.mark.parametrize(
    ("name", "impossible"),
    [
        ("torch-1.5.1-cp39-cp39m-linux_x86_64.whl", True),
        ("torch-1.5.1-cp38-cp38m-linux_x86_64.whl", True),
        # Python 3.7 and older still had the flag: those tags are real.
        ("torch-1.5.1-cp37-cp37m-linux_x86_64.whl", False),
        ("torch-2.8.0-cp311-cp311-manylinux_2_28_x86_64.whl", False),
    ],
)
def test_an_abi_tag_no_python_has_is_named(name: str, impossible: bool) -> None:
    message = impossible_abi(parse_wheel_name(name))
    assert (message is not None) == impossible
    if message is not None:
        assert "'m' flag" in message


def test_the_pip_a_manylinux_tag_needs() -> None:
    from envdoctor.wheelcheck.names import parse_wheel_name, pip_needed

    def needs(name: str) -> tuple[str, tuple[int, int, int]] | None:
        return pip_needed(parse_wheel_name(name))

    assert needs("a-1.0-cp36-cp36m-manylinux2010_x86_64.whl") == ("manylinux2010", (19, 0, 0))
    assert needs("a-1.0-cp38-cp38-manylinux_2_28_x86_64.whl") == (
        "manylinux_2_28_x86_64",
        (20, 3, 0),
    )
    # Tagged for both: the older pip that knows either installs it.
    both = "a-1.0-cp38-cp38-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
    assert needs(both) == ("manylinux2014", (19, 3, 0))
    assert needs("a-1.0-cp38-cp38-win_amd64.whl") is None
