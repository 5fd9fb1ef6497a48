"""Whole verdicts with the fix: the message the issue asks for, with the right file name."""

from __future__ import annotations

from envdoctor.matrix import load_matrix
from envdoctor.wheelcheck.check import check_wheel
from envdoctor.wheelcheck.model import Status
from envdoctor.wheelcheck.tags import supported_tags
from envdoctor.wheelcheck.target import GpuSide, Target, TargetGpu

LINUX311 = Target((3, 11), "CPython", "linux_x86_64", (2, 35), False, 64)
RTX = GpuSide(
    driver="570.86.10", driver_state="ok", gpus=(TargetGpu("NVIDIA GeForce RTX 3060 Ti"),)
)
GTX1080 = GpuSide(
    driver="570.86.10", driver_state="ok", gpus=(TargetGpu("NVIDIA GeForce GTX 1080"),)
)


def run(name: str, target: Target = LINUX311, gpu: GpuSide = RTX, exists: bool | None = None):  # type: ignore[no-untyped-def]
    return check_wheel(
        name,
        target=target,
        supported=supported_tags(target),
        gpu=gpu,
        matrix=load_matrix(),
        exists=exists,
    )


def test_cp310_on_311_names_the_cp311_file_and_index() -> None:
    r = run("torch-2.8.0+cu128-cp310-cp310-manylinux_2_28_x86_64.whl")
    assert r.status is Status.NO and r.installs is False
    assert r.problems[0].message == "this wheel is for Python 3.10; you have 3.11"
    assert r.fix is not None
    assert r.fix.file == "torch-2.8.0+cu128-cp311-cp311-manylinux_2_28_x86_64.whl"
    assert r.fix.index_url == "https://download.pytorch.org/whl/cu128/torch/"
    assert not r.fix.file_is_pattern


def test_fitting_wheel_has_no_fix() -> None:
    r = run("torch-2.8.0+cu128-cp311-cp311-manylinux_2_28_x86_64.whl")
    assert r.status is Status.OK and r.installs is True and r.gpu_fit is Status.OK
    assert r.fix is None


def test_gtx1080_cu128_suggests_cu126_of_the_same_release() -> None:
    r = run("torch-2.8.0+cu128-cp311-cp311-manylinux_2_28_x86_64.whl", gpu=GTX1080)
    assert r.installs is True and r.status is Status.NO
    assert (
        r.fix is not None
        and r.fix.file == "torch-2.8.0+cu126-cp311-cp311-manylinux_2_28_x86_64.whl"
    )
    assert r.fix.index_url == "https://download.pytorch.org/whl/cu126/torch/"


def test_python_outside_release_moves_to_a_release_that_has_it() -> None:
    target = Target((3, 14), "CPython", "linux_x86_64", (2, 35), False, 64)
    r = run("torch-2.8.0+cu128-cp313-cp313-manylinux_2_28_x86_64.whl", target=target)
    assert r.fix is not None
    assert "torch 2.8 has no wheels for Python 3.14" in r.fix.message
    assert r.fix.file is not None and r.fix.file.startswith("torch-2.15.0+")
    assert "-cp314-cp314-" in r.fix.file and r.fix.file_is_pattern


def test_windows_wheel_on_linux_gives_a_pattern() -> None:
    r = run("torch-2.8.0+cu128-cp311-cp311-win_amd64.whl")
    assert r.fix is not None and r.fix.file_is_pattern
    assert r.fix.file == "torch-2.8.0+cu128-cp311-cp311-manylinux*_x86_64.whl"


def test_missing_path_is_checked_by_name_with_a_warning() -> None:
    r = run("downloads/torch-2.8.0+cu128-cp311-cp311-manylinux_2_28_x86_64.whl", exists=False)
    assert r.problems[0].code == "file-missing"
    assert "downloads/torch-2.8.0" in r.problems[0].message
    assert r.status is Status.CAVEAT and r.installs is True


def test_missing_bare_name_is_checked_with_a_note() -> None:
    r = run("torch-2.8.0+cu128-cp311-cp311-manylinux_2_28_x86_64.whl", exists=False)
    assert r.problems[0].code == "name-only"
    assert r.status is Status.OK and r.installs is True


def test_invalid_name() -> None:
    r = run("torch-latest.whl")
    assert r.status is Status.INVALID and r.problems[0].code == "not-a-wheel-name"


def test_unknown_driver_is_never_ok() -> None:
    r = run("torch-2.8.0+cu128-cp311-cp311-manylinux_2_28_x86_64.whl", gpu=GpuSide())
    assert r.installs is True
    assert r.gpu_fit is Status.UNKNOWN and r.status is Status.UNKNOWN


def test_glibc_fix_is_worded_as_a_guess() -> None:
    target = Target((3, 11), "CPython", "linux_x86_64", (2, 17), False, 64)
    r = run("torch-2.8.0+cu128-cp311-cp311-manylinux_2_28_x86_64.whl", target=target)
    assert r.fix is not None
    assert r.fix.file == "torch-2.8.0+cu128-cp311-cp311-manylinux2014_x86_64.whl"
    assert "if it is published" in r.fix.message


def test_k80_on_r560_fix_names_the_last_branch_not_another_build() -> None:
    k80 = GpuSide(driver="560.35.03", driver_state="ok", gpus=(TargetGpu("Tesla K80"),))
    r = run("torch-2.7.1+cu118-cp311-cp311-manylinux_2_28_x86_64.whl", gpu=k80)
    assert r.status is Status.NO
    assert r.fix is not None and r.fix.file is None
    assert "R470" in r.fix.message


LINUX38 = Target((3, 8), "CPython", "linux_x86_64", (2, 35), False, 64)


def test_an_lts_wheels_fix_points_at_the_lts_index() -> None:
    r = run("torch-1.8.2+cu111-cp38-cp38-win_amd64.whl", target=LINUX38)
    assert r.fix is not None
    assert r.fix.index_url == "https://download.pytorch.org/whl/lts/1.8/cu111/torch/"


def test_a_macos_wheels_none_abi_is_not_kept_for_linux() -> None:
    r = run("torch-1.7.1-cp38-none-macosx_10_9_x86_64.whl", target=LINUX38)
    assert r.fix is not None and r.fix.file is not None
    assert "-cp38-cp38-" in r.fix.file
