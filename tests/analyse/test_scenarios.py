"""Table-driven verdicts: driver x torch build x GPU x Python x OS.

Expected values come from NVIDIA's tables (CUDA toolkit driver versions, minor-version
compatibility floors: 11.x >= 450.80.02 / 452.39, 12.x >= 525.60.13 / 528.33,
13.x >= 580) and PyTorch's per-release build settings (arch lists per CUDA variant).
Each case lists exactly which codes must FAIL and which must WARN: a missing FAIL is
a false "compatible", the worst bug this tool can have.
"""

from __future__ import annotations

from typing import Any

import pytest
from factories import make_snapshot

from envdoctor.analyse.check import analyse
from envdoctor.matrix import load_matrix
from envdoctor.snapshot import DriverState, TorchState

RTX3060 = (("NVIDIA GeForce RTX 3060", "8.6"),)
RTX4090 = (("NVIDIA GeForce RTX 4090", "8.9"),)
RTX5090 = (("NVIDIA GeForce RTX 5090", "12.0"),)
GTX1080 = (("NVIDIA GeForce GTX 1080", "6.1"),)
V100 = (("Tesla V100-SXM2-16GB", "7.0"),)
T4 = (("Tesla T4", "7.5"),)
H100 = (("NVIDIA H100 80GB HBM3", "9.0"),)
A100 = (("NVIDIA A100-SXM4-80GB", "8.0"),)
B200 = (("NVIDIA B200", "10.0"),)
K80 = (("Tesla K80", "3.7"),)
GB10 = (("NVIDIA GB10", "12.1"),)
L4 = (("NVIDIA L4", "8.9"),)
TWO_4090 = (*RTX4090, ("NVIDIA GeForce RTX 4090", "8.9"))


def case(id: str, fails: set[str], warns: set[str] = frozenset(), **kw: Any) -> Any:  # type: ignore[assignment]
    return pytest.param(kw, set(fails), set(warns), id=id)


CASES = [
    # --- healthy machines
    case(
        "h100-580-cu130-healthy",
        set(),
        gpus=H100,
        driver="580.95.05",
        driver_cuda="13.0",
        torch="2.13.0+cu130",
        torch_cuda="13.0",
    ),
    case(
        "4090-windows-581-cu130",
        set(),
        os="Windows",
        os_release=None,
        gpus=RTX4090,
        driver="581.57",
        driver_cuda="13.0",
        torch="2.13.0+cu130",
        torch_cuda="13.0",
    ),
    case(
        "a100-595-cu132",
        set(),
        gpus=A100,
        driver="595.45.04",
        driver_cuda="13.2",
        torch="2.14.1+cu132",
        torch_cuda="13.2",
    ),
    case(
        "3060-560-cu126",
        set(),
        gpus=RTX3060,
        driver="560.35.03",
        driver_cuda="12.6",
        torch="2.7.1+cu126",
        torch_cuda="12.6",
    ),
    case(
        "t4-580-plain-2.13",
        set(),
        gpus=T4,
        driver="580.65.06",
        driver_cuda="13.0",
        torch="2.13.0",
        torch_cuda="13.0",
    ),
    case(
        "two-4090-healthy",
        set(),
        gpus=TWO_4090,
        driver="580.95.05",
        driver_cuda="13.0",
        torch="2.13.0+cu130",
        torch_cuda="13.0",
    ),
    case(
        "l4-sm89-on-sm86-sass",
        set(),
        gpus=L4,
        driver="570.124.06",
        driver_cuda="12.8",
        torch="2.8.0",
        torch_cuda="12.8",
    ),
    # --- Linux 12.x minor-version floor 525.60.13
    case(
        "525.60.13-cu121-at-floor",
        set(),
        {"driver-minor-compat"},
        gpus=RTX3060,
        driver="525.60.13",
        driver_cuda="12.0",
        torch="2.4.1+cu121",
        torch_cuda="12.1",
    ),
    case(
        "525.60.12-cu121-below-floor",
        {"driver-too-old"},
        gpus=RTX3060,
        driver="525.60.12",
        driver_cuda=None,
        torch="2.4.1+cu121",
        torch_cuda="12.1",
        available=False,
    ),
    case(
        "525.60.13-no-nvml-cuda-cu121",
        set(),
        {"driver-minor-compat"},
        gpus=RTX3060,
        driver="525.60.13",
        driver_cuda=None,
        torch="2.4.1+cu121",
        torch_cuda="12.1",
    ),
    case(
        "525.60.13-cu118-native",
        set(),
        gpus=RTX3060,
        driver="525.60.13",
        driver_cuda="12.0",
        torch="2.4.1+cu118",
        torch_cuda="11.8",
    ),
    case(
        "535-cu126-minor-compat",
        set(),
        {"driver-minor-compat"},
        gpus=RTX3060,
        driver="535.104.05",
        driver_cuda="12.2",
        torch="2.8.0+cu126",
        torch_cuda="12.6",
    ),
    case(
        "535-plain-2.8-cu128",
        set(),
        {"driver-minor-compat"},
        gpus=RTX3060,
        driver="535.104.05",
        driver_cuda="12.2",
        torch="2.8.0",
        torch_cuda="12.8",
    ),
    case(
        "535-plain-2.11-cu130",
        {"driver-too-old"},
        gpus=RTX3060,
        driver="535.104.05",
        driver_cuda="12.2",
        torch="2.11.0",
        torch_cuda="13.0",
        available=False,
        warnings=(
            "CUDA initialization: The NVIDIA driver on your system is too old (found version 12020).",
        ),
    ),
    case(
        "575-cu130-needs-580",
        {"driver-too-old"},
        gpus=RTX4090,
        driver="575.57.08",
        driver_cuda="12.9",
        torch="2.13.0+cu130",
        torch_cuda="13.0",
        available=False,
    ),
    case(
        # vllm-project/vllm#7943: 4x A10 on driver 470 ran a cu121 torch (CUDA available):
        # forward compatibility on a data-center GPU; a warning, not a broken machine.
        "a10-470-cu121-forward-compat-works",
        set(),
        {"driver-forward-compat"},
        gpus=(("NVIDIA A10", "8.6"),),
        driver="470.129.06",
        driver_cuda="11.4",
        torch="2.4.0+cu121",
        torch_cuda="12.1",
    ),
    case(
        # the same on a GeForce: no forward compatibility there, so "available" cannot save it
        "3060-470-cu121-no-forward-compat",
        {"driver-too-old"},
        gpus=RTX3060,
        driver="470.129.06",
        driver_cuda="11.4",
        torch="2.4.0+cu121",
        torch_cuda="12.1",
    ),
    case(
        "580-cu132-minor-compat",
        set(),
        {"driver-minor-compat"},
        gpus=RTX4090,
        driver="580.65.06",
        driver_cuda="13.0",
        torch="2.13.0+cu132",
        torch_cuda="13.2",
    ),
    case(
        "595-cu132-native",
        set(),
        gpus=RTX4090,
        driver="595.45.04",
        driver_cuda="13.2",
        torch="2.13.0+cu132",
        torch_cuda="13.2",
    ),
    case(
        "470-cu117-minor-compat",
        set(),
        {"driver-minor-compat"},
        gpus=RTX3060,
        driver="470.82.01",
        driver_cuda="11.4",
        torch="2.0.1+cu117",
        torch_cuda="11.7",
    ),
    case(
        "470-cu121-too-old",
        {"driver-too-old"},
        gpus=RTX3060,
        driver="470.82.01",
        driver_cuda="11.4",
        torch="2.1.2+cu121",
        torch_cuda="12.1",
        available=False,
    ),
    case(
        "450.80.02-cu118-at-11x-floor",
        set(),
        {"driver-minor-compat"},
        gpus=A100,
        driver="450.80.02",
        driver_cuda="11.0",
        torch="2.0.1+cu118",
        torch_cuda="11.8",
    ),
    case(
        "450.80.01-cu118-below-11x-floor",
        {"driver-too-old"},
        gpus=A100,
        driver="450.80.01",
        driver_cuda="11.0",
        torch="2.0.1+cu118",
        torch_cuda="11.8",
        available=False,
    ),
    # --- Windows floors differ from Linux
    case(
        "win-528.33-cu121-at-floor",
        set(),
        {"driver-minor-compat"},
        os="Windows",
        os_release=None,
        gpus=RTX3060,
        driver="528.33",
        driver_cuda="12.0",
        torch="2.4.1+cu121",
        torch_cuda="12.1",
    ),
    case(
        "win-528.32-cu121-below",
        {"driver-too-old"},
        os="Windows",
        os_release=None,
        gpus=RTX3060,
        driver="528.32",
        driver_cuda=None,
        torch="2.4.1+cu121",
        torch_cuda="12.1",
        available=False,
    ),
    case(
        "linux-527.50-cu121-ok-by-linux-floor",
        set(),
        {"driver-minor-compat"},
        gpus=RTX3060,
        driver="527.50",
        driver_cuda=None,
        torch="2.4.1+cu121",
        torch_cuda="12.1",
    ),
    case(
        "win-527.50-cu121-too-old",
        {"driver-too-old"},
        os="Windows",
        os_release=None,
        gpus=RTX3060,
        driver="527.50",
        driver_cuda=None,
        torch="2.4.1+cu121",
        torch_cuda="12.1",
        available=False,
    ),
    case(
        "win-452.39-cu118-at-floor",
        set(),
        # R450 predates GA10x (8.6) by the toolkit route (CUDA 11.1 shipped with R455):
        # a warning, since that row is inferred.
        {"driver-minor-compat", "driver-predates-gpu"},
        os="Windows",
        os_release=None,
        gpus=RTX3060,
        driver="452.39",
        driver_cuda=None,
        torch="2.0.1+cu118",
        torch_cuda="11.8",
    ),
    case(
        "win-452.38-cu118-below",
        {"driver-too-old"},
        {"driver-predates-gpu"},  # R450 and GA10x, as above
        os="Windows",
        os_release=None,
        gpus=RTX3060,
        driver="452.38",
        driver_cuda=None,
        torch="2.0.1+cu118",
        torch_cuda="11.8",
        available=False,
    ),
    # --- a driver older than the GPU's architecture (typed or pasted facts only)
    case(
        "rtx5090-on-r560",
        {"driver-predates-gpu", "gpu-arch-unsupported"},
        gpus=(("NVIDIA GeForce RTX 5090", "12.0"),),
        driver="560.35.03",
        driver_cuda="12.6",
        torch="2.5.1+cu124",
        torch_cuda="12.4",
    ),
    case(
        "h100-on-r470",
        {"driver-predates-gpu", "torch-missing"},
        gpus=(("NVIDIA H100 PCIe", "9.0"),),
        driver="470.256.02",
        driver_cuda="11.4",
        torch_state=TorchState.MISSING,
    ),
    case(
        "orin-no-row-stays-unknown",
        {"torch-missing"},
        gpus=(("Orin", "8.7"),),
        driver="470.256.02",
        driver_cuda="11.4",
        torch_state=TorchState.MISSING,
    ),
    # --- GPU architecture vs wheel arch list
    case(
        "4090-sm89-cu117-same-major",
        set(),
        set(),
        gpus=RTX4090,
        driver="525.85.12",
        driver_cuda="12.0",
        torch="2.0.1+cu117",
        torch_cuda="11.7",
    ),
    case(
        "5090-2.6-cu126-no-sm120",
        {"gpu-arch-unsupported"},
        gpus=RTX5090,
        driver="570.124.06",
        driver_cuda="12.8",
        torch="2.6.0+cu126",
        torch_cuda="12.6",
    ),
    case(
        "5090-2.6-cu124-no-sm120",
        {"gpu-arch-unsupported"},
        gpus=RTX5090,
        driver="570.124.06",
        driver_cuda="12.8",
        torch="2.6.0+cu124",
        torch_cuda="12.4",
    ),
    case(
        "5090-2.7-cu128-ok",
        set(),
        gpus=RTX5090,
        driver="570.124.06",
        driver_cuda="12.8",
        torch="2.7.1+cu128",
        torch_cuda="12.8",
    ),
    case(
        "5090-2.7-cu126-no-sm120",
        {"gpu-arch-unsupported"},
        gpus=RTX5090,
        driver="570.124.06",
        driver_cuda="12.8",
        torch="2.7.1+cu126",
        torch_cuda="12.6",
    ),
    case(
        "5090-2.0-cu118-real-arch-list",
        {"gpu-arch-unsupported"},
        gpus=RTX5090,
        driver="570.124.06",
        driver_cuda="12.8",
        torch="2.0.1+cu118",
        torch_cuda="11.8",
        arch_list=("sm_37", "sm_50", "sm_60", "sm_70", "sm_75", "sm_80", "sm_86", "sm_90"),
    ),
    case(
        # pytorch/pytorch#153944: compute_37 PTX from CUDA 11.8 cannot serve Blackwell (CUDA
        # 12.8+): the libraries the build bundles have no sm_120 code, PTX JIT or not.
        "5080-2.7-cu118-only-old-ptx",
        {"gpu-arch-unsupported"},
        gpus=(("NVIDIA GeForce RTX 5080", "12.0"),),
        driver="576.02",
        driver_cuda="12.9",
        torch="2.7.0+cu118",
        torch_cuda="11.8",
        arch_list=(
            "sm_37",
            "sm_50",
            "sm_60",
            "sm_61",
            "sm_70",
            "sm_75",
            "sm_80",
            "sm_86",
            "sm_90",
            "compute_37",
        ),
    ),
    case(
        "b200-2.7-cu128-ok",
        set(),
        gpus=B200,
        driver="570.124.06",
        driver_cuda="12.8",
        torch="2.7.0+cu128",
        torch_cuda="12.8",
    ),
    case(
        "b200-2.6-cu124",
        {"gpu-arch-unsupported"},
        gpus=B200,
        driver="570.124.06",
        driver_cuda="12.8",
        torch="2.6.0+cu124",
        torch_cuda="12.4",
    ),
    case(
        "gtx1080-2.8-plain-cu128",
        {"gpu-arch-unsupported"},
        gpus=GTX1080,
        driver="575.57.08",
        driver_cuda="12.9",
        torch="2.8.0",
        torch_cuda="12.8",
    ),
    case(
        "gtx1080-2.8-cu126",
        set(),
        gpus=GTX1080,
        driver="575.57.08",
        driver_cuda="12.9",
        torch="2.8.0+cu126",
        torch_cuda="12.6",
    ),
    case(
        "gtx1080-2.13-cu130",
        {"gpu-arch-unsupported"},
        gpus=GTX1080,
        driver="580.95.05",
        driver_cuda="13.0",
        torch="2.13.0+cu130",
        torch_cuda="13.0",
    ),
    case(
        "gtx1080-2.14-cu126",
        set(),
        gpus=GTX1080,
        driver="580.95.05",
        driver_cuda="13.0",
        torch="2.14.1+cu126",
        torch_cuda="12.6",
    ),
    case(
        "v100-2.10-cu128-observed-sm70",
        set(),
        gpus=V100,
        driver="570.124.06",
        driver_cuda="12.8",
        torch="2.10.0+cu128",
        torch_cuda="12.8",
    ),
    case(
        "v100-2.11-cu128-dropped",
        {"gpu-arch-unsupported"},
        gpus=V100,
        driver="570.124.06",
        driver_cuda="12.8",
        torch="2.11.0+cu128",
        torch_cuda="12.8",
    ),
    case(
        "v100-2.11-cu126",
        set(),
        gpus=V100,
        driver="570.124.06",
        driver_cuda="12.8",
        torch="2.11.0+cu126",
        torch_cuda="12.6",
    ),
    case(
        "v100-2.7-cu128-no-sm70",
        {"gpu-arch-unsupported"},
        gpus=V100,
        driver="570.124.06",
        driver_cuda="12.8",
        torch="2.7.1+cu128",
        torch_cuda="12.8",
    ),
    case(
        "v100-2.13-plain-cu130",
        {"gpu-arch-unsupported"},
        gpus=V100,
        driver="580.95.05",
        driver_cuda="13.0",
        torch="2.13.0",
        torch_cuda="13.0",
    ),
    case(
        "h100-2.0-cu117-no-sm90",
        {"gpu-arch-unsupported"},
        gpus=H100,
        driver="535.104.05",
        driver_cuda="12.2",
        torch="2.0.1+cu117",
        torch_cuda="11.7",
    ),
    case(
        "h100-2.0-cu118-sm90",
        set(),
        gpus=H100,
        driver="535.104.05",
        driver_cuda="12.2",
        torch="2.0.1+cu118",
        torch_cuda="11.8",
    ),
    case(
        "k80-2.1-cu121-no-kepler",
        {"gpu-arch-unsupported", "driver-too-old"},
        gpus=K80,
        driver="470.239.06",
        driver_cuda="11.4",
        torch="2.1.2+cu121",
        torch_cuda="12.1",
        available=False,
    ),
    case(
        "k80-2.1-cu118-sm37",
        set(),
        {"driver-minor-compat"},
        gpus=K80,
        driver="470.239.06",
        driver_cuda="11.4",
        torch="2.1.2+cu118",
        torch_cuda="11.8",
    ),
    case(
        "gb10-sm121-on-sm120",
        set(),
        gpus=GB10,
        driver="580.95.05",
        driver_cuda="13.0",
        torch="2.9.0+cu130",
        torch_cuda="13.0",
    ),
    case(
        "ptx-only-jit-caveat",
        set(),
        {"gpu-arch-ptx-jit"},
        gpus=RTX3060,
        driver="580.95.05",
        driver_cuda="13.0",
        torch="2.13.0+cu130",
        torch_cuda="13.0",
        arch_list=("sm_75", "compute_75"),
    ),
    case(
        "arch-specific-sm90a-only",
        {"gpu-arch-unsupported"},
        gpus=(("NVIDIA H200", "9.0"), *RTX4090),
        driver="580.95.05",
        driver_cuda="13.0",
        torch="2.13.0+cu130",
        torch_cuda="13.0",
        arch_list=("sm_90a",),
    ),
    case(
        "mixed-gpus-one-unsupported",
        {"gpu-arch-unsupported"},
        gpus=RTX4090 + GTX1080,
        driver="580.95.05",
        driver_cuda="13.0",
        torch="2.13.0+cu130",
        torch_cuda="13.0",
    ),
    # --- CPU-only builds
    case(
        "cpu-build-with-3060",
        {"torch-cpu-only"},
        gpus=RTX3060,
        driver="535.104.05",
        driver_cuda="12.2",
        torch="2.13.0+cpu",
        torch_cuda=None,
        available=False,
    ),
    case(
        "windows-plain-pypi-cpu-with-4090",
        {"torch-cpu-only"},
        os="Windows",
        os_release=None,
        gpus=RTX4090,
        driver="581.57",
        driver_cuda="13.0",
        torch="2.13.0",
        torch_cuda=None,
        available=False,
    ),
    case(
        "cpu-build-no-gpu",
        set(),
        {"no-gpu"},
        gpus=(),
        driver_state=DriverState.NO_DRIVER,
        pci=0,
        torch="2.13.0+cpu",
        torch_cuda=None,
        available=False,
    ),
    case(
        "macos-cpu",
        set(),
        set(),
        os="Darwin",
        os_release=None,
        machine="arm64",
        gpus=(),
        driver_state=DriverState.NO_DRIVER,
        torch="2.13.0",
        torch_cuda=None,
        available=False,
    ),
    # --- Python
    case(
        "python-3.5-no-torch",
        {"torch-missing", "python-unsupported"},
        gpus=RTX3060,
        python="3.5.10",
        torch_state=TorchState.MISSING,
    ),
    # Python 3.7 still has a fitting build: torch 1.13.1+cu117 (3.7-3.10, sm_86).
    case(
        "python-3.7-gets-1.13",
        {"torch-missing"},
        gpus=RTX3060,
        python="3.7.9",
        torch_state=TorchState.MISSING,
    ),
    case(
        "python-3.13-no-torch",
        {"torch-missing"},
        gpus=RTX3060,
        python="3.13.1",
        driver="535.104.05",
        driver_cuda="12.2",
        torch_state=TorchState.MISSING,
    ),
    case(
        "python-32bit-no-torch",
        {"torch-missing", "python-unsupported"},
        gpus=RTX3060,
        bits=32,
        torch_state=TorchState.MISSING,
    ),
    case(
        "python-3.9-with-2.13-imports",
        set(),
        {"python-unsupported"},
        gpus=RTX3060,
        python="3.9.18",
        torch="2.13.0+cu130",
        torch_cuda="13.0",
    ),
    case(
        "python-3.12-2.1-outside",
        set(),
        {"python-unsupported"},
        gpus=RTX3060,
        python="3.12.1",
        driver="535.104.05",
        driver_cuda="12.2",
        torch="2.1.2+cu121",
        torch_cuda="12.1",
    ),
    # --- driver states
    case(
        "no-driver-gpu-on-pci",
        {"no-driver"},
        gpus=RTX3060,
        driver_state=DriverState.NO_DRIVER,
        pci=1,
        torch="2.13.0+cu130",
        torch_cuda="13.0",
        available=False,
    ),
    case(
        "no-driver-unknown-pci",
        {"no-driver", "torch-missing"},
        gpus=(),
        driver_state=DriverState.NO_DRIVER,
        pci=None,
        torch_state=TorchState.MISSING,
    ),
    case(
        "driver-not-loaded",
        {"driver-not-loaded"},
        driver_state=DriverState.NOT_LOADED,
        torch="2.13.0+cu130",
        available=False,
    ),
    case(
        "driver-library-mismatch",
        {"driver-library-mismatch"},
        driver_state=DriverState.LIBRARY_MISMATCH,
        torch="2.13.0+cu130",
        available=False,
    ),
    case(
        "driver-module-differs",
        {"driver-library-mismatch"},
        driver="580.95.05",
        kernel_module="575.57.08",
        torch="2.13.0+cu130",
    ),
    case(
        "driver-no-permission",
        {"driver-no-permission"},
        driver_state=DriverState.NO_PERMISSION,
        torch="2.13.0+cu130",
        available=False,
    ),
    case(
        "wsl2-no-driver",
        {"no-driver"},
        wsl=2,
        gpus=(),
        driver_state=DriverState.NO_DRIVER,
        pci=0,
        torch="2.13.0+cu130",
        available=False,
    ),
    case(
        "report-driver-unknown",
        set(),
        {"driver-unknown"},
        origin="collect_env",
        driver_state=DriverState.UNKNOWN,
        gpus=(),
        torch="2.4.1+cu121",
        torch_cuda="12.1",
        available=True,
    ),
    # --- visibility
    case(
        "cvd-empty-hides-all",
        {"gpus-hidden"},
        gpus=TWO_4090,
        environment={"CUDA_VISIBLE_DEVICES": ""},
        available=False,
    ),
    case(
        "cvd-minus-one",
        {"gpus-hidden"},
        gpus=RTX4090,
        environment={"CUDA_VISIBLE_DEVICES": "-1"},
        available=False,
    ),
    case(
        "cvd-nonexistent-index",
        {"gpus-hidden"},
        gpus=TWO_4090,
        environment={"CUDA_VISIBLE_DEVICES": "3"},
        available=False,
    ),
    case(
        "cvd-partly-invalid",
        set(),
        {"gpus-hidden"},
        gpus=TWO_4090,
        environment={"CUDA_VISIBLE_DEVICES": "0,5"},
    ),
    case(
        "cvd-uuid-prefix-ok",
        set(),
        gpus=TWO_4090,
        environment={"CUDA_VISIBLE_DEVICES": "GPU-00000001"},
    ),
    case("cvd-valid-index", set(), gpus=TWO_4090, environment={"CUDA_VISIBLE_DEVICES": "1"}),
    case(
        "cvd-index-on-mixed-gpus",
        set(),
        {"gpus-order"},
        gpus=RTX4090 + RTX3060,
        environment={"CUDA_VISIBLE_DEVICES": "1"},
    ),
    case(
        "cvd-index-mixed-gpus-pci-order",
        set(),
        gpus=RTX4090 + RTX3060,
        environment={"CUDA_VISIBLE_DEVICES": "1", "CUDA_DEVICE_ORDER": "PCI_BUS_ID"},
    ),
    # --- broken torch
    case(
        "torch-shadowed",
        {"torch-broken"},
        torch_state=TorchState.BROKEN,
        error="ModuleNotFoundError: No module named 'torch._C'",
        error_kind="shadowed-torch",
    ),
    case(
        "torch-libcudnn-missing",
        {"torch-broken"},
        torch_state=TorchState.BROKEN,
        error="OSError: libcudnn.so.9: cannot open shared object file: No such file or directory",
        error_kind="missing-library",
        environment={"LD_LIBRARY_PATH": "/usr/local/cuda-11.8/lib64"},
    ),
    case(
        "torch-segfault",
        {"torch-broken"},
        torch_state=TorchState.CRASHED,
        error="killed by SIGSEGV while importing torch",
        error_kind="segfault",
    ),
    case(
        "torch-hang",
        {"torch-broken"},
        torch_state=TorchState.TIMEOUT,
        error="no answer after 45 s",
        error_kind="hang",
    ),
    case("torch-missing-gpu", {"torch-missing"}, gpus=RTX4090, torch_state=TorchState.MISSING),
    # --- availability and unknowns
    case(
        "unavailable-fabric-manager",
        {"cuda-unavailable"},
        gpus=(("NVIDIA H100 80GB HBM3", "9.0"),) * 8,
        available=False,
        warnings=(
            "CUDA initialization: Unexpected error from cudaGetDeviceCount(). Did you run some cuda functions before calling NumCudaDevices() that might have already set an error? Error 802: system not yet initialized",
        ),
    ),
    case(
        "unknown-newer-torch",
        set(),
        {"torch-unknown-release"},
        gpus=RTX4090,
        torch="2.16.0+cu132",
        torch_cuda="13.2",
        driver="595.45.04",
        driver_cuda="13.2",
        arch_list=("sm_75", "sm_80", "sm_86", "sm_90", "sm_100", "sm_120", "compute_120"),
    ),
    case(
        "unknown-gpu-name-from-report",
        set(),
        {"gpu-unknown", "gpu-arch-unknown"},
        gpus=(("NVIDIA Mystery 9000", None),),
        gpu_cc_from_nvml=False,
        available=True,
        torch="2.13.0+cu130",
        torch_cuda="13.0",
    ),
    case(
        "gpu-cc-from-table",
        set(),
        gpus=(("NVIDIA GeForce RTX 3060", None),),
        gpu_cc_from_nvml=False,
        torch="2.13.0+cu130",
        torch_cuda="13.0",
    ),
]


@pytest.mark.parametrize(("facts", "fails", "warns"), CASES)
def test_scenario(facts: dict[str, Any], fails: set[str], warns: set[str]) -> None:
    report = analyse(make_snapshot(**facts), load_matrix())
    got_fail = {f.code for f in report.findings if f.status.value == "fail"}
    got_warn = {f.code for f in report.findings if f.status.value == "warn"}
    assert got_fail == fails, [(f.code, f.title) for f in report.findings]
    assert got_warn == warns, [(f.code, f.title) for f in report.findings]
    expected = "fail" if fails else "warn" if warns else "ok"
    assert report.status.value == expected


def test_there_are_at_least_60_scenarios() -> None:
    assert len(CASES) >= 60


def test_kernel_module_only_driver_is_judged_and_flagged() -> None:
    from dataclasses import replace

    from envdoctor.snapshot import DriverFacts

    snap = make_snapshot(gpus=(), torch="2.13.0+cu130", torch_cuda="13.0", available=False)
    snap = replace(
        snap,
        driver=DriverFacts(
            state=DriverState.OK,
            version="535.104.05",
            source="proc",
            error="NVML Shared Library Not Found",
            nvidia_pci_devices=1,
        ),
    )
    report = analyse(snap, load_matrix())
    codes = {(f.code, f.status.value) for f in report.findings}
    assert ("driver-error", "warn") in codes
    # The kernel module's version still decides: 535 cannot run a CUDA 13 build.
    assert ("driver-too-old", "fail") in codes


@pytest.mark.parametrize(
    ("driver", "fails", "warns"),
    [
        # WSL 2: Linux wheels, Windows driver: the Windows floor (528.33) applies, not Linux's.
        ("527.50", {"driver-too-old"}, set()),
        ("528.33", set(), {"driver-minor-compat"}),
    ],
)
def test_wsl_uses_the_windows_driver_floor(driver: str, fails: set[str], warns: set[str]) -> None:
    snap = make_snapshot(
        wsl=2,
        driver=driver,
        driver_cuda=None,
        torch="2.4.1+cu121",
        torch_cuda="12.1",
        available=not fails,
    )
    report = analyse(snap, load_matrix())
    assert {f.code for f in report.findings if f.status.value == "fail"} == fails
    assert {f.code for f in report.findings if f.status.value == "warn"} == warns
