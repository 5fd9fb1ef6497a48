"""CUDA builds against drivers and GPUs; the verdicts come from envdoctor.compat and the matrix."""

from __future__ import annotations

import pytest

from envdoctor.matrix import load_matrix
from envdoctor.wheelcheck.model import Status
from envdoctor.wheelcheck.names import parse_wheel_name
from envdoctor.wheelcheck.target import GpuSide, Target, TargetGpu
from envdoctor.wheelcheck.torchfit import check_gpu_fit, cuda_of_local, index_url

LINUX = Target((3, 11), "CPython", "linux_x86_64", (2, 35), False, 64)
T28 = "torch-2.8.0+{v}-cp311-cp311-manylinux_2_28_x86_64.whl"


def side(driver: str | None, *gpus: str, state: str | None = "ok") -> GpuSide:
    return GpuSide(driver=driver, driver_state=state, gpus=tuple(TargetGpu(g) for g in gpus))


CASES = [
    pytest.param(
        T28.format(v="cu128"),
        side("570.86.10", "NVIDIA GeForce RTX 3060 Ti"),
        Status.OK,
        None,
        id="cu128-native-driver",
    ),
    pytest.param(
        T28.format(v="cu128"),
        side("525.60.13", "NVIDIA GeForce RTX 3060 Ti"),
        Status.CAVEAT,
        "driver-minor-compat",
        id="cu128-on-525-floor",
    ),
    pytest.param(
        T28.format(v="cu128"),
        side("520.61.05", "NVIDIA GeForce RTX 3060 Ti"),
        Status.NO,
        "driver-too-old",
        id="cu128-on-520",
    ),
    pytest.param(
        T28.format(v="cu128"),
        side("570.86.10", "NVIDIA GeForce GTX 1080"),
        Status.NO,
        "gpu-no-kernel",
        id="cu128-on-gtx1080",
    ),
    pytest.param(
        T28.format(v="cu126"),
        side("570.86.10", "NVIDIA GeForce GTX 1080"),
        Status.OK,
        None,
        id="cu126-on-gtx1080",
    ),
    pytest.param(
        T28.format(v="cu128"),
        side(None, "NVIDIA GeForce RTX 3060 Ti", state=None),
        Status.UNKNOWN,
        "driver-unknown",
        id="no-driver-info",
    ),
    pytest.param(
        T28.format(v="cu128"), side("570.86.10"), Status.UNKNOWN, "gpu-unknown", id="no-gpu-info"
    ),
    pytest.param(
        T28.format(v="cu128"),
        side(None, state="no-driver"),
        Status.UNKNOWN,
        "driver-not-working",
        id="no-driver-installed",
    ),
    pytest.param(
        T28.format(v="cpu"),
        side("570.86.10", "NVIDIA GeForce RTX 3060 Ti"),
        Status.CAVEAT,
        "cpu-build",
        id="cpu-with-gpu",
    ),
    pytest.param(
        T28.format(v="rocm6.4"),
        side("570.86.10", "NVIDIA GeForce RTX 3060 Ti"),
        Status.NO,
        "rocm-build",
        id="rocm-on-nvidia",
    ),
    pytest.param(
        "torch-2.8.0-cp311-cp311-manylinux_2_28_x86_64.whl",
        side("570.86.10", "NVIDIA GeForce GTX 1080"),
        Status.NO,
        "gpu-no-kernel",
        id="plain-index-is-default-cu128",
    ),
    pytest.param(
        "torch-9.9.0-cp311-cp311-manylinux_2_28_x86_64.whl",
        side("570.86.10"),
        Status.UNKNOWN,
        "release-unknown",
        id="release-not-in-matrix",
    ),
    pytest.param(
        "torchvision-0.23.0+cu128-cp311-cp311-manylinux_2_28_x86_64.whl",
        side("520.61.05"),
        Status.NO,
        "driver-too-old",
        id="torchvision-driver",
    ),
]


@pytest.mark.parametrize(("name", "gpu", "status", "code"), CASES)
def test_gpu_fit(name: str, gpu: GpuSide, status: Status, code: str | None) -> None:
    fit = check_gpu_fit(parse_wheel_name(name), LINUX, gpu, load_matrix())
    assert fit is not None
    assert fit.status is status, fit.problems
    codes = [p.code for p in fit.problems]
    if code is None:
        assert [c for c in codes if c != "gpu-follows-torch"] == []
    else:
        assert code in codes


def test_gtx1080_gets_the_cu126_build_suggested() -> None:
    fit = check_gpu_fit(
        parse_wheel_name(T28.format(v="cu128")),
        LINUX,
        side("570.86.10", "NVIDIA GeForce GTX 1080"),
        load_matrix(),
    )
    assert fit is not None
    assert fit.better_variant == "cu126"


def test_capability_given_beats_the_name_table() -> None:
    gpu = GpuSide(
        driver="570.86.10", driver_state="ok", gpus=(TargetGpu("Some future GPU", "6.1"),)
    )
    fit = check_gpu_fit(parse_wheel_name(T28.format(v="cu128")), LINUX, gpu, load_matrix())
    assert fit is not None and fit.status is Status.NO


def test_numpy_is_not_a_gpu_wheel() -> None:
    wheel = parse_wheel_name("numpy-2.1.3-cp311-cp311-manylinux_2_17_x86_64.whl")
    assert check_gpu_fit(wheel, LINUX, side("570.86.10"), load_matrix()) is None


def test_helpers() -> None:
    assert cuda_of_local("cu128") == "12.8"
    assert cuda_of_local("cu118") == "11.8"
    assert cuda_of_local("cpu") is None
    assert index_url("cu126") == "https://download.pytorch.org/whl/cu126/torch/"


@pytest.mark.parametrize(
    ("name", "gpu", "branch"),
    [
        pytest.param(
            "torch-2.7.1+cu118-cp311-cp311-manylinux_2_28_x86_64.whl",
            side("560.35.03", "Tesla K80"),
            470,
            id="k80-on-r560",
        ),
        pytest.param(
            T28.format(v="cu126"),
            side("590.44.01", "NVIDIA GeForce GTX 1080"),
            580,
            id="gtx1080-on-r590",
        ),
    ],
)
def test_driver_past_the_gpus_last_branch_never_fits(name: str, gpu: GpuSide, branch: int) -> None:
    # A driver newer than the GPU's last branch does not drive the GPU at all (check,
    # install and matrix say so); a wheel whose arch list covers the GPU must not "fit".
    fit = check_gpu_fit(parse_wheel_name(name), LINUX, gpu, load_matrix())
    assert fit is not None
    assert fit.status is Status.NO, fit.problems
    past = [p for p in fit.problems if p.code == "driver-past-gpu-last-branch"]
    assert past and f"R{branch}" in past[0].message
    assert fit.better_variant is None  # no other build of the release helps either


def test_cpu_wheel_on_a_gpu_past_its_last_branch_suggests_no_cuda_build() -> None:
    fit = check_gpu_fit(
        parse_wheel_name("torch-2.7.1+cpu-cp311-cp311-manylinux_2_28_x86_64.whl"),
        LINUX,
        side("560.35.03", "Tesla K80"),
        load_matrix(),
    )
    assert fit is not None and fit.better_variant is None


def test_no_cuda_build_is_suggested_where_none_is_built() -> None:
    # A macOS CPU wheel with --driver/--gpu given: there is no CUDA build for macOS, so the
    # suggestion 'torch-2.3.0+cu121-...-macosx_11_0_arm64.whl' named a file that does not exist.
    mac = Target((3, 11), "CPython", "macosx_11_0_arm64", None, False, 64)
    fit = check_gpu_fit(
        parse_wheel_name("torch-2.3.0-cp311-none-macosx_11_0_arm64.whl"),
        mac,
        side("535.104.05", "NVIDIA GeForce RTX 3060"),
        load_matrix(),
    )
    assert fit is not None and fit.better_variant is None
    # Windows: 1.11's cu102 build exists for Linux only.
    win = Target((3, 9), "CPython", "win_amd64", None, False, 64)
    fit = check_gpu_fit(
        parse_wheel_name("torch-1.11.0+cpu-cp39-cp39-win_amd64.whl"),
        win,
        side("442.92", "NVIDIA TITAN RTX"),
        load_matrix(),
    )
    assert fit is not None and fit.better_variant != "cu102"


def test_ptx_cannot_be_jit_compiled_under_minor_version_compatibility() -> None:
    win = Target((3, 12), "CPython", "win_amd64", None, False, 64)
    fit = check_gpu_fit(
        parse_wheel_name("torch-2.7.1+cu118-cp312-cp312-win_amd64.whl"),
        win,
        GpuSide(driver="470.239.06", driver_state="ok", gpus=(TargetGpu("x", "12.0"),)),
        load_matrix(),
    )
    assert fit is not None and fit.status is Status.NO, fit.problems
