"""The entry point `analyse()`: the boundary parsing of facts and the shared install plan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from factories import make_snapshot
from typer.testing import CliRunner

from envdoctor.analyse.check import analyse, enrich
from envdoctor.cli import app
from envdoctor.matrix import load_matrix
from envdoctor.matrix.model import Matrix
from envdoctor.snapshot import DriverState, TorchState


@pytest.fixture(scope="module")
def matrix() -> Matrix:
    return load_matrix()


@pytest.mark.parametrize("cc", ["8.6x", "x.y", "12.x", "1" * 5000])
def test_unreadable_capability_of_an_unknown_gpu_warns_and_never_crashes(
    matrix: Matrix, cc: str
) -> None:
    # Issue 11.3: nvidia-smi or a damaged report gives a non-numeric compute capability.
    snap = make_snapshot(gpus=(("NVIDIA Mystery Accelerator", cc),), available=True)
    report = analyse(snap, matrix)
    codes = {f.code for f in report.findings}
    assert "gpu-arch-unknown" in codes
    assert "gpu-ok" not in codes  # never shown as a known capability
    assert report.status.value == "warn"


def test_unreadable_capability_of_a_known_gpu_comes_from_the_table(matrix: Matrix) -> None:
    snap = make_snapshot(gpus=(("NVIDIA GeForce RTX 3060", "8.6x"),), gpu_cc_from_nvml=True)
    gpu = enrich(snap, matrix).gpus[0]
    assert gpu.compute_capability == "8.6"
    assert (gpu.compute_capability_source or "").startswith("table:")


def test_unreadable_capability_on_an_old_driver_does_not_crash(matrix: Matrix) -> None:
    # The driver-branch advice used to int() every capability (analyse/fixes.py).
    from envdoctor.snapshot import DriverState

    snap = make_snapshot(driver=None, driver_state=DriverState.NO_DRIVER, gpus=(("X", "x.y"),))
    assert analyse(snap, matrix).status.value == "fail"


# ---- check and install decide the GPU -> CPU fallback in one place


def _blackwell_on_an_old_driver(tmp_path: Path) -> str:
    # An RTX 5090 needs a CUDA 12.8+ build; driver 470 runs CUDA 11.x only: no GPU build fits.
    snap = make_snapshot(
        gpus=(("NVIDIA GeForce RTX 5090", "12.0"),),
        driver="470.256.02",
        driver_cuda="11.4",
        torch_state=TorchState.MISSING,
    )
    path = tmp_path / "rtx5090.json"
    path.write_text(json.dumps(snap.to_dict()))
    return str(path)


def test_check_and_install_agree_on_the_cpu_fallback(tmp_path: Path) -> None:
    path = _blackwell_on_an_old_driver(tmp_path)
    install = json.loads(CliRunner().invoke(app, ["install", "--from", path, "--json"]).stdout)
    check = json.loads(CliRunner().invoke(app, ["check", "--from", path, "--json"]).stdout)
    assert install["variant"] == "cpu"
    missing = next(f for f in check["findings"] if f["code"] == "torch-missing")
    # The same command install prints is the fix check gives.
    assert install["command"] in missing["fix"]
    assert "CPU build" in missing["fix"]


def test_check_and_install_agree_when_a_gpu_build_fits(tmp_path: Path) -> None:
    snap = make_snapshot(torch_state=TorchState.MISSING)
    path = tmp_path / "s.json"
    path.write_text(json.dumps(snap.to_dict()))
    install = json.loads(CliRunner().invoke(app, ["install", "--from", str(path), "--json"]).stdout)
    check = json.loads(CliRunner().invoke(app, ["check", "--from", str(path), "--json"]).stdout)
    missing = next(f for f in check["findings"] if f["code"] == "torch-missing")
    assert install["variant"] != "cpu"
    assert install["command"] in missing["fix"]


def test_wsl_1_with_a_cuda_build_that_sees_no_gpu_fails(matrix: Matrix) -> None:
    # A pasted `diffusers-cli env` from WSL 1: nothing is known about the driver.
    snap = make_snapshot(
        wsl=1,
        driver=None,
        driver_cuda=None,
        driver_state=DriverState.UNKNOWN,
        gpus=(),
        torch="1.12.1+cu116",
        torch_cuda="11.6",
        available=False,
        origin="collect_env",
    )
    report = analyse(snap, matrix)
    unavailable = [f for f in report.findings if f.code == "cuda-unavailable"]
    assert unavailable and unavailable[0].status.value == "fail"
    assert "wsl --set-version" in (unavailable[0].fix or "")
    # WSL 2 is not WSL 1: no such verdict without a reason.
    snap2 = make_snapshot(
        wsl=2,
        driver=None,
        driver_cuda=None,
        driver_state=DriverState.UNKNOWN,
        gpus=(),
        torch="1.12.1+cu116",
        torch_cuda="11.6",
        available=False,
        origin="collect_env",
    )
    assert not [f for f in analyse(snap2, matrix).findings if "WSL 1" in f.title]
