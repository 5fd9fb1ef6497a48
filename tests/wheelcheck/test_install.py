"""Table of real wheel names against target interpreters: installs or not, and why."""

from __future__ import annotations

import pytest

from envdoctor.wheelcheck.install import check_install
from envdoctor.wheelcheck.model import Status
from envdoctor.wheelcheck.names import parse_wheel_name
from envdoctor.wheelcheck.tags import supported_tags
from envdoctor.wheelcheck.target import Target


def linux(py: tuple[int, int], glibc: tuple[int, int] | None = (2, 35), **kw: object) -> Target:
    fields = {"free_threaded": False, "pointer_bits": 64, "platform": "linux_x86_64"}
    fields.update(kw)
    return Target(python_version=py, implementation="CPython", glibc=glibc, **fields)  # type: ignore[arg-type]


def windows(py: tuple[int, int], platform: str = "win_amd64", bits: int = 64) -> Target:
    return Target(py, "CPython", platform, None, False, bits)


def mac(py: tuple[int, int], platform: str, *, exact: bool = False) -> Target:
    return Target(py, "CPython", platform, None, False, 64, macos_version_exact=exact)


CASES = [
    # --- installs
    pytest.param(
        "torch-2.8.0+cu128-cp311-cp311-manylinux_2_28_x86_64.whl",
        linux((3, 11)),
        Status.OK,
        None,
        id="torch-cp311-ok",
    ),
    pytest.param(
        "torch-2.9.0-cp314-cp314-manylinux_2_28_x86_64.whl",
        linux((3, 14)),
        Status.OK,
        None,
        id="torch-cp314-ok",
    ),
    pytest.param(
        "torch-2.5.1-cp39-cp39-manylinux1_x86_64.whl",
        linux((3, 9), (2, 17)),
        Status.OK,
        None,
        id="manylinux1-on-2.17",
    ),
    pytest.param(
        "torch-2.5.1+cu121-cp311-cp311-linux_x86_64.whl",
        linux((3, 11)),
        Status.OK,
        None,
        id="linux-tag-same-arch",
    ),
    pytest.param(
        "numpy-2.1.3-cp313-cp313-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
        linux((3, 13), (2, 17)),
        Status.OK,
        None,
        id="numpy-2014-exact-glibc",
    ),
    pytest.param(
        "numpy-2.1.3-cp313-cp313t-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
        linux((3, 13), free_threaded=True),
        Status.OK,
        None,
        id="cp313t-on-free-threaded",
    ),
    pytest.param(
        "torch-2.8.0+cpu-cp312-cp312-win_amd64.whl",
        windows((3, 12)),
        Status.OK,
        None,
        id="win-amd64-ok",
    ),
    pytest.param(
        "numpy-1.26.4-cp311-cp311-win32.whl",
        windows((3, 11), "win32", 32),
        Status.OK,
        None,
        id="win32-on-32bit",
    ),
    pytest.param(
        "torch-2.8.0-cp311-none-macosx_11_0_arm64.whl",
        mac((3, 11), "macosx_14_0_arm64"),
        Status.OK,
        None,
        id="mac-none-abi",
    ),
    pytest.param(
        "requests-2.32.3-py3-none-any.whl", linux((3, 10)), Status.OK, None, id="pure-python"
    ),
    pytest.param(
        "cryptography-43.0.0-cp39-abi3-manylinux_2_28_x86_64.whl",
        linux((3, 12)),
        Status.OK,
        None,
        id="abi3-older-minor",
    ),
    pytest.param(
        "torch-2.4.1-cp312-cp312-manylinux2014_aarch64.whl",
        linux((3, 12), platform="linux_aarch64"),
        Status.OK,
        None,
        id="aarch64-2014",
    ),
    # --- Python version
    pytest.param(
        "torch-2.8.0+cu128-cp310-cp310-manylinux_2_28_x86_64.whl",
        linux((3, 11)),
        Status.NO,
        "python-version",
        id="cp310-on-311",
    ),
    pytest.param(
        "torch-2.9.0-cp314-cp314-manylinux_2_28_x86_64.whl",
        linux((3, 13)),
        Status.NO,
        "python-version",
        id="cp314-on-313",
    ),
    pytest.param(
        "numpy-1.26.4-cp39-cp39-win_amd64.whl",
        windows((3, 12)),
        Status.NO,
        "python-version",
        id="cp39-on-312-win",
    ),
    pytest.param(
        "cryptography-43.0.0-cp312-abi3-manylinux_2_28_x86_64.whl",
        linux((3, 11)),
        Status.NO,
        "python-too-old",
        id="abi3-newer-minor",
    ),
    # --- free-threading
    pytest.param(
        "torch-2.8.0+cu128-cp313-cp313t-manylinux_2_28_x86_64.whl",
        linux((3, 13)),
        Status.NO,
        "free-threaded-wheel",
        id="cp313t-on-gil",
    ),
    pytest.param(
        "torch-2.8.0+cu128-cp313-cp313-manylinux_2_28_x86_64.whl",
        linux((3, 13), free_threaded=True),
        Status.NO,
        "gil-wheel",
        id="cp313-on-free-threaded",
    ),
    pytest.param(
        "cryptography-43.0.0-cp39-abi3-manylinux_2_28_x86_64.whl",
        linux((3, 13), free_threaded=True),
        Status.NO,
        "abi3-free-threaded",
        id="abi3-on-free-threaded",
    ),
    # --- platform
    pytest.param(
        "torch-2.8.0+cu128-cp311-cp311-win_amd64.whl",
        linux((3, 11)),
        Status.NO,
        "platform-os",
        id="win-on-linux",
    ),
    pytest.param(
        "torch-2.8.0+cu128-cp311-cp311-manylinux_2_28_x86_64.whl",
        windows((3, 11)),
        Status.NO,
        "platform-os",
        id="linux-on-win",
    ),
    pytest.param(
        "torch-2.8.0-cp311-cp311-manylinux_2_28_aarch64.whl",
        linux((3, 11)),
        Status.NO,
        "platform-arch",
        id="aarch64-on-x86_64",
    ),
    pytest.param(
        "torch-2.8.0+cu128-cp311-cp311-manylinux_2_28_x86_64.whl",
        linux((3, 11), platform="linux_aarch64"),
        Status.NO,
        "platform-arch",
        id="x86_64-on-aarch64",
    ),
    pytest.param(
        "torch-2.8.0+cu128-cp311-cp311-win_amd64.whl",
        windows((3, 11), "win32", 32),
        Status.NO,
        "python-32bit",
        id="amd64-on-win32",
    ),
    pytest.param(
        "numpy-2.1.3-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
        linux((3, 11), pointer_bits=32),
        Status.NO,
        "python-32bit",
        id="x86_64-on-32bit-linux",
    ),
    # --- glibc
    pytest.param(
        "torch-2.8.0+cu128-cp311-cp311-manylinux_2_28_x86_64.whl",
        linux((3, 11), (2, 17)),
        Status.NO,
        "glibc-too-old",
        id="2_28-on-centos7",
    ),
    pytest.param(
        "torch-2.8.0+cu128-cp311-cp311-manylinux_2_28_x86_64.whl",
        linux((3, 11), (2, 27)),
        Status.NO,
        "glibc-too-old",
        id="2_28-one-below",
    ),
    pytest.param(
        "torch-2.8.0+cu128-cp311-cp311-manylinux_2_28_x86_64.whl",
        linux((3, 11), (2, 28)),
        Status.OK,
        None,
        id="2_28-exactly",
    ),
    pytest.param(
        "numpy-2.1.3-cp311-cp311-manylinux2014_x86_64.whl",
        linux((3, 11), (2, 12)),
        Status.NO,
        "glibc-too-old",
        id="2014-on-2.12",
    ),
    pytest.param(
        "torch-2.8.0+cu128-cp311-cp311-manylinux_2_28_x86_64.whl",
        linux((3, 11), None),
        Status.UNKNOWN,
        "glibc-unknown",
        id="glibc-unknown",
    ),
    pytest.param(
        "numpy-2.1.3-cp312-cp312-musllinux_1_2_x86_64.whl",
        linux((3, 12)),
        Status.NO,
        "musl-wheel",
        id="musl-on-glibc",
    ),
    # --- macOS
    pytest.param(
        "numpy-2.3.0-cp314-cp314-macosx_14_0_arm64.whl",
        mac((3, 14), "macosx_11_0_arm64"),
        Status.UNKNOWN,
        "macos-version-unknown",
        id="mac-newer-than-build-target",
    ),
    pytest.param(
        "numpy-2.3.0-cp314-cp314-macosx_14_0_arm64.whl",
        mac((3, 14), "macosx_13_0_arm64", exact=True),
        Status.NO,
        "macos-too-old",
        id="mac-too-old-exact",
    ),
    pytest.param(
        "numpy-2.3.0-cp314-cp314-macosx_14_0_arm64.whl",
        mac((3, 14), "macosx_14_0_x86_64", exact=True),
        Status.NO,
        "platform-arch",
        id="mac-arm-on-intel",
    ),
    # --- unknown facts
    pytest.param(
        "torch-2.8.0+cu128-cp311-cp311-manylinux_2_28_x86_64.whl",
        Target(platform="linux_x86_64"),
        Status.UNKNOWN,
        "python-unknown",
        id="python-unknown",
    ),
]


@pytest.mark.parametrize(("name", "target", "status", "code"), CASES)
def test_install_verdict(name: str, target: Target, status: Status, code: str | None) -> None:
    check = check_install(parse_wheel_name(name), target, supported_tags(target))
    assert check.status is status, check.problems
    codes = [p.code for p in check.problems]
    if code is None:
        assert codes == []
    else:
        assert code in codes


def test_python_fix_names_the_cp311_file() -> None:
    wheel = parse_wheel_name("torch-2.8.0+cu128-cp310-cp310-manylinux_2_28_x86_64.whl")
    check = check_install(wheel, linux((3, 11)), supported_tags(linux((3, 11))))
    assert check.problems[0].message == "this wheel is for Python 3.10; you have 3.11"
    assert (check.python_part, check.abi_part) == ("cp311", "cp311")


def test_free_threaded_fix_drops_the_t() -> None:
    wheel = parse_wheel_name("torch-2.8.0-cp313-cp313t-manylinux_2_28_x86_64.whl")
    check = check_install(wheel, linux((3, 13)), supported_tags(linux((3, 13))))
    assert (check.python_part, check.abi_part) == ("cp313", "cp313")


def test_glibc_fix_points_at_an_older_manylinux() -> None:
    wheel = parse_wheel_name("torch-2.8.0+cu128-cp311-cp311-manylinux_2_28_x86_64.whl")
    target = linux((3, 11), (2, 17))
    check = check_install(wheel, target, supported_tags(target))
    assert check.platform_part == "manylinux2014_x86_64"
    assert "glibc 2.28" in check.problems[0].message
    assert "glibc 2.17" in check.problems[0].message


def test_32bit_python_is_the_blocker() -> None:
    wheel = parse_wheel_name("torch-2.8.0+cu128-cp311-cp311-win_amd64.whl")
    target = windows((3, 11), "win32", 32)
    assert check_install(wheel, target, supported_tags(target)).python_blocker


def test_unknown_platform_never_blames_the_python_tags() -> None:
    # A report with the Python version but no platform line (a trimmed collect_env):
    # cp310 on Python 3.10 matches; only the platform is unknown, so the verdict is unknown.
    target = Target((3, 10), "CPython", None, None, False, 64)
    wheel = parse_wheel_name("torch-2.7.1+cu118-cp310-cp310-manylinux_2_28_x86_64.whl")
    check = check_install(wheel, target, supported_tags(target))
    codes = [p.code for p in check.problems]
    assert "abi" not in codes and "python-version" not in codes, check.problems
    assert check.status is Status.UNKNOWN
    other = parse_wheel_name("torch-2.7.1+cu118-cp311-cp311-manylinux_2_28_x86_64.whl")
    wrong = check_install(other, target, supported_tags(target))
    assert wrong.status is Status.NO
    assert any(p.code == "python-version" for p in wrong.problems)
