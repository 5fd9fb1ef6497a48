"""Issue 12.1: a GPU's last driver branch (matrix `gpu_driver_limits`), everywhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from factories import make_snapshot
from typer.testing import CliRunner

from envdoctor.analyse.check import analyse
from envdoctor.cli import app
from envdoctor.compat.advice import Target, advise, upgrade_caveat
from envdoctor.compat.driver import driver_beyond_limit, next_branch_drops, recommended_branch
from envdoctor.compat.fit import fits
from envdoctor.compat.versions import Verdict
from envdoctor.matrix import load_matrix
from envdoctor.matrix.model import Matrix
from envdoctor.snapshot import TorchState


@pytest.fixture(scope="module")
def matrix() -> Matrix:
    return load_matrix()


def test_every_limit_cites_its_sources(matrix: Matrix) -> None:
    assert matrix.cuda.gpu_driver_limits
    for lim in matrix.cuda.gpu_driver_limits:
        assert lim.sources and all(s in matrix.sources for s in lim.sources)


@pytest.mark.parametrize(
    ("driver", "cc", "past"),
    [
        ("560.35.03", "3.7", 470),  # Tesla K80 on R560
        ("470.239.06", "3.7", None),
        ("590.44.01", "5.2", 580),  # GTX 970 on R590
        ("580.95.05", "6.1", None),
        ("610.43", "7.5", None),  # Turing is not affected
        ("560.35.03", "8.6x", None),  # unreadable: no limit known, no crash
        ("470.239.06", "2.1", 390),  # a Fermi GPU on Kepler's last branch
        ("390.157", "2.0", None),
        # Windows numbers a branch's later drivers past the branch number: 473.47 and
        # 474.44 are R470 security drivers for Kepler, 581.57 is an R580 driver that
        # still drives Pascal. The branch is the matrix's, not the first three digits.
        ("474.44", "3.7", None),
        ("581.57", "6.1", None),
        ("590.44", "6.1", 580),
        ("595.71.05", "3.7", 470),
    ],
)
def test_driver_beyond_limit(matrix: Matrix, driver: str, cc: str, past: int | None) -> None:
    lim = driver_beyond_limit(matrix, driver=driver, capability=cc)
    assert (lim.last_branch if lim else None) == past


def test_windows_r580_driver_is_not_past_pascals_last_branch() -> None:
    result = CliRunner().invoke(
        app,
        [
            "install",
            "--driver",
            "581.57",
            "--gpu",
            "GTX 1080",
            "--python-version",
            "3.11",
            "--os",
            "windows",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "cu126" in result.output
    assert "does not drive" not in result.output


def test_next_branch_drops_on_a_windows_r580_driver(matrix: Matrix) -> None:
    lim = next_branch_drops(matrix, capability="6.1", driver="581.57")
    assert lim is not None and lim.last_branch == 580


def test_recommended_branch_comes_from_the_matrix(matrix: Matrix) -> None:
    assert recommended_branch(matrix, ("3.7",)) == 470
    assert recommended_branch(matrix, ("2.1", "3.7")) == 390  # the oldest GPU decides
    assert recommended_branch(matrix, ("8.6", "6.1")) == 580
    assert recommended_branch(matrix, ("8.6",)) is None
    assert recommended_branch(matrix, ("x.y", None)) is None


def test_k80_on_r560_install_does_not_say_it_fits() -> None:
    # The command, verbatim.
    result = CliRunner().invoke(
        app,
        [
            "install",
            "--driver",
            "560.35.03",
            "--gpu",
            "Tesla K80",
            "--python-version",
            "3.10",
            "--json",
        ],
    )
    assert result.exit_code == 1, result.output
    doc = json.loads(result.stdout)
    assert doc["variant"] in {None, "cpu"}  # never a CUDA build "that fits"
    assert doc["blocker"] == "driver"
    assert doc["driver_last_branch"]["driver"] == "470"
    assert doc["driver_last_branch"]["variant"].startswith("cu11")
    assert "R470" in " ".join(doc["reasons"])


def test_a_fermi_gpu_is_called_fermi_with_its_own_last_branch(matrix: Matrix) -> None:
    # Before the Fermi row, a 2.x GPU fell under Kepler's limit and was called "Kepler".
    lim = driver_beyond_limit(matrix, driver="560.35.03", capability="2.0")
    assert lim is not None and lim.family == "Fermi" and lim.last_branch == 390
    assert "NV_LEGACY_GPUS" in lim.sources
    result = CliRunner().invoke(
        app, ["install", "--driver", "560.35.03", "--gpu", "2.1", "--python-version", "3.10"]
    )
    assert "R390" in result.output and "Fermi" in result.output
    assert "Kepler" not in result.output


def test_k80_on_r560_matrix_fits_nothing(matrix: Matrix) -> None:
    rows = fits(matrix, os_name="linux", driver="560.35.03", capability="3.7")
    assert rows and all(r.verdict is Verdict.NO for r in rows)
    assert all("driver:past-gpu-last-branch" in r.reasons for r in rows)
    result = CliRunner().invoke(app, ["matrix", "--driver", "560.35.03", "--gpu", "Tesla K80"])
    assert result.exit_code == 1


def test_maxwell_on_r590(matrix: Matrix) -> None:
    target = Target(
        os="linux",
        machine="x86_64",
        python="3.11",
        nvidia_gpu=True,
        driver="590.44.01",
        capabilities=("5.2",),
    )
    advice = advise(target, matrix)
    assert advice.choice is None and advice.blocker == "driver"
    assert advice.driver_limit is not None and advice.driver_limit.last_branch == 580
    up = advice.with_driver_upgrade
    assert up is not None and up.variant.cuda is not None
    assert up.variant.cuda.startswith("12.")  # CUDA 13 builds have no Maxwell code


def test_check_fails_a_driver_past_the_gpus_last_branch(matrix: Matrix) -> None:
    snap = make_snapshot(
        gpus=(("NVIDIA GeForce GTX 970", "5.2"),),
        driver="590.44.01",
        driver_cuda="13.1",
        torch_state=TorchState.MISSING,
    )
    report = analyse(snap, matrix)
    too_new = [f for f in report.findings if f.code == "driver-too-new"]
    assert len(too_new) == 1 and too_new[0].status.value == "fail"
    assert "580" in (too_new[0].fix or "")
    assert "NV_UNIX_DEPRECATION_580" in too_new[0].sources


def test_upgrade_advice_warns_that_pascal_stops_at_r580(matrix: Matrix) -> None:
    target = Target(
        os="linux",
        machine="x86_64",
        python="3.11",
        nvidia_gpu=True,
        driver="535.104.05",
        capabilities=("6.1",),
    )
    assert next_branch_drops(matrix, capability="6.1", driver="535.104.05") is not None
    caveat = upgrade_caveat(target, matrix)
    assert caveat is not None and "R580" in caveat
    turing = Target(os="linux", machine="x86_64", python="3.11", capabilities=("7.5",))
    assert upgrade_caveat(turing, matrix) is None


def test_install_for_pascal_names_the_caveat_with_a_driver_upgrade(tmp_path: Path) -> None:
    snap = make_snapshot(
        gpus=(("NVIDIA GeForce GTX 1080", "6.1"),),
        driver="470.256.02",
        driver_cuda="11.4",
        torch_state=TorchState.MISSING,
    )
    path = tmp_path / "s.json"
    path.write_text(json.dumps(snap.to_dict()))
    doc = json.loads(CliRunner().invoke(app, ["install", "--from", str(path), "--json"]).stdout)
    assert doc["driver_upgrade"] is not None
    assert any("R580" in r for r in doc["reasons"])


@pytest.mark.parametrize("os_release", ["Ubuntu 20.04.6 LTS", "Arch Linux", None])
def test_driver_too_old_never_advises_a_driver_the_gpu_cannot_run(
    matrix: Matrix, os_release: str | None
) -> None:
    # A K80 on R470 with a cu121 torch: CUDA 12 needs >= 525.60.13, which no longer drives a
    # Kepler GPU. Upgrading the driver would lose the GPU; only another torch build helps.
    snap = make_snapshot(
        gpus=(("Tesla K80", "3.7"),),
        driver="470.239.06",
        driver_cuda="11.4",
        torch="2.1.0+cu121",
        torch_cuda="12.1",
        # CUDA cannot start on a driver too old for the build (torch says so); True would
        # mean a forward-compatibility libcuda serves it, another finding.
        available=False,
        os_release=os_release,
    )
    report = analyse(snap, matrix)
    too_old = [f for f in report.findings if f.code == "driver-too-old"]
    assert len(too_old) == 1
    fix = too_old[0].fix or ""
    assert "525.60.13 or newer" not in fix
    assert "ubuntu-drivers install" not in fix and "nvidia-open" not in fix
    assert "R470" in fix
    assert "torch==2.7.1+cu118" in fix  # the build that still serves the K80 on R470


def test_driver_too_old_upgrade_for_volta_stops_at_its_last_branch(matrix: Matrix) -> None:
    # A V100 on R470 with a cu121 torch: 525.60.13 or newer fixes it, but only up to R580.
    snap = make_snapshot(
        gpus=(("Tesla V100-SXM2-16GB", "7.0"),),
        driver="470.239.06",
        driver_cuda="11.4",
        torch="2.1.0+cu121",
        torch_cuda="12.1",
        available=False,  # the driver is too old for the build: CUDA does not start
        os_release="Arch Linux",
    )
    report = analyse(snap, matrix)
    fix = next(f.fix for f in report.findings if f.code == "driver-too-old") or ""
    assert "nvidia-open" not in fix  # the open modules do not drive pre-Turing GPUs
    assert "R580" in fix


def test_v100s_on_r590_fails_even_when_the_capability_comes_from_the_name(
    matrix: Matrix,
) -> None:
    # A report names the GPU without its capability; "Tesla V100S-PCIE-32GB" was unknown to
    # the GPU table, so the last-branch rule never fired and the machine was only 'warn'.
    snap = make_snapshot(
        gpus=(("Tesla V100S-PCIE-32GB", None),),
        driver="590.44.01",
        driver_cuda="13.1",
        torch="2.7.1+cu126",
        torch_cuda="12.6",
    )
    report = analyse(snap, matrix)
    assert any(f.code == "driver-too-new" and f.status.value == "fail" for f in report.findings)
