"""A driver older than the GPU's architecture (matrix `arch_min_driver`), everywhere.

The opposite end of `test_last_branch.py`: an RTX 5090 on R560, an RTX 4090 on R515, an
H100 on R470. A live machine cannot show that pair; pasted or typed facts can.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from factories import make_snapshot
from typer.testing import CliRunner

from envdoctor.analyse.check import analyse
from envdoctor.cli import app
from envdoctor.compat.advice import Target, advise, plan_install
from envdoctor.compat.arch_driver import (
    arch_min_driver,
    driver_predates_arch,
    driver_supports_arch,
    first_branch_for,
)
from envdoctor.compat.commands import driver_install
from envdoctor.compat.fit import fits
from envdoctor.compat.versions import Verdict
from envdoctor.matrix import load_matrix
from envdoctor.matrix.model import Matrix
from envdoctor.snapshot import TorchState


@pytest.fixture(scope="module")
def matrix() -> Matrix:
    return load_matrix()


@pytest.mark.parametrize(
    ("driver", "cc", "os_name", "verdict"),
    [
        ("560.35.03", "12.0", "linux", Verdict.NO),  # RTX 5090 on R560
        ("565.77", "12.0", "linux", Verdict.NO),
        ("570.86.16", "12.0", "linux", Verdict.OK),
        ("570", "12.0", "linux", Verdict.OK),  # a bare branch
        ("566.36", "12.0", "windows", Verdict.NO),  # a Windows R565 driver
        ("572.16", "12.0", "windows", Verdict.OK),  # Windows numbers R570 drivers 572.xx
        ("515.65.01", "8.9", "linux", Verdict.NO),  # RTX 4090 on R515
        ("517.48", "8.9", "windows", Verdict.NO),  # Windows R515
        ("522.25", "8.9", "windows", Verdict.OK),  # Windows R520
        ("470.256.02", "9.0", "linux", Verdict.NO),  # H100 on R470
        ("535.104.05", "9.0", "linux", Verdict.OK),
        ("575.64", "10.3", "linux", Verdict.NO),  # B300 before R580
        ("580.95.05", "12.1", "linux", Verdict.OK),
        ("396.54", "7.5", "linux", Verdict.NO),  # Turing before R410
        ("411.63", "7.5", "windows", Verdict.OK),
        ("361.93", "6.1", "linux", Verdict.NO),
        ("375.26", "6.0", "linux", Verdict.OK),
        # Unknown stays unknown: no row (Jetson's driver comes with JetPack), an unreadable
        # capability, no driver.
        ("470.256.02", "8.7", "linux", Verdict.UNKNOWN),
        ("470.256.02", "11.0", "linux", Verdict.UNKNOWN),
        ("470.256.02", "13.0", "linux", Verdict.UNKNOWN),
        ("560.35.03", "12.0x", "linux", Verdict.UNKNOWN),
        (None, "12.0", "linux", Verdict.UNKNOWN),
    ],
)
def test_driver_supports_arch(
    matrix: Matrix, driver: str | None, cc: str, os_name: str, verdict: Verdict
) -> None:
    assert driver_supports_arch(matrix, driver, cc, os_name).verdict is verdict


def test_rows_are_documented_only_where_a_driver_source_says_so(matrix: Matrix) -> None:
    firm = {r.cc for r in matrix.cuda.arch_min_driver if r.confidence == "documented"}
    assert firm == {"8.9", "9.0", "10.0", "10.3", "12.0", "12.1"}
    inferred = {r.cc for r in matrix.cuda.arch_min_driver if r.confidence == "inferred"}
    assert inferred == {"6.0", "6.1", "7.0", "7.5", "8.0", "8.6"}
    for row in matrix.cuda.arch_min_driver:
        assert row.sources and all(s in matrix.sources for s in row.sources)
        if row.confidence == "inferred":
            assert row.note and "toolkit" in row.note.lower()


def test_first_branches(matrix: Matrix) -> None:
    got = {r.cc: r.first_branch for r in matrix.cuda.arch_min_driver}
    assert got == {
        "6.0": 367,
        "6.1": 367,
        "7.0": 384,
        "7.5": 410,
        "8.0": 450,
        "8.6": 455,
        "8.9": 520,
        "9.0": 520,
        "10.0": 570,
        "10.3": 580,
        "12.0": 570,
        "12.1": 580,
    }
    assert arch_min_driver(matrix, "8.7") is None  # Jetson Orin: no branch applies
    assert first_branch_for(matrix, ("8.6", "12.0", "8.7")) == 570


def test_firm_and_inferred_checks(matrix: Matrix) -> None:
    firm = driver_predates_arch(matrix, driver="560.35.03", capability="12.0")
    assert firm is not None and firm.firm and firm.first_branch == 570
    assert firm.first_driver == "570.86.16"
    soft = driver_predates_arch(matrix, driver="450.80.02", capability="8.6", os_name="windows")
    assert soft is not None and not soft.firm and soft.first_driver == "456.38"
    assert driver_predates_arch(matrix, driver="580.95.05", capability="12.0") is None


def test_driver_install_names_the_branch_or_newer() -> None:
    ubuntu = make_snapshot(os_release="Ubuntu 22.04.4 LTS")
    assert driver_install(ubuntu, None, at_least=570).startswith(
        "sudo apt install nvidia-driver-570"
    )
    arch = make_snapshot(os_release="Arch Linux")
    text = driver_install(arch, None, at_least=570)
    assert "R570" in text and "or newer" in text


def test_check_fails_an_rtx_5090_on_r560(matrix: Matrix) -> None:
    snap = make_snapshot(
        gpus=(("NVIDIA GeForce RTX 5090", "12.0"),),
        driver="560.35.03",
        driver_cuda="12.6",
        torch="2.5.1+cu124",
        torch_cuda="12.4",
        os_release="Ubuntu 22.04.4 LTS",
    )
    report = analyse(snap, matrix)
    early = [f for f in report.findings if f.code == "driver-predates-gpu"]
    assert len(early) == 1 and early[0].status.value == "fail"
    assert "nvidia-driver-570" in (early[0].fix or "")
    assert "NV_OPEN_GPU_KMOD_README" in early[0].sources
    assert early[0].facts["first_branch"] == "570"


def test_check_only_warns_on_an_inferred_row(matrix: Matrix) -> None:
    snap = make_snapshot(
        gpus=(("NVIDIA GeForce RTX 3090", "8.6"),),
        driver="450.80.02",
        driver_cuda="11.0",
        torch_state=TorchState.MISSING,
    )
    report = analyse(snap, matrix)
    early = [f for f in report.findings if f.code == "driver-predates-gpu"]
    assert len(early) == 1 and early[0].status.value == "warn"


def test_check_stays_silent_for_an_unknown_architecture(matrix: Matrix) -> None:
    # Jetson Orin (8.7) has no row: no finding, never a guess.
    snap = make_snapshot(gpus=(("Orin", "8.7"),), driver="470.256.02", driver_cuda="11.4")
    report = analyse(snap, matrix)
    assert not [f for f in report.findings if f.code == "driver-predates-gpu"]


def _target(driver: str, cc: str) -> Target:
    return Target(
        os="linux",
        machine="x86_64",
        python="3.12",
        nvidia_gpu=True,
        driver=driver,
        capabilities=(cc,),
    )


def test_install_for_an_rtx_5090_on_r560_says_upgrade_first(matrix: Matrix) -> None:
    advice = advise(_target("560.35.03", "12.0"), matrix)
    assert advice.choice is None and advice.blocker == "driver"
    assert advice.arch_driver is not None and advice.arch_driver.first_branch == 570
    assert advice.driver_needed == "570.86.16"
    up = advice.with_driver_upgrade
    assert up is not None and up.variant.cuda is not None
    assert "12.0" in (up.variant.sass or ())  # a build with Blackwell code
    assert any("R570" in r for r in advice.reasons)
    plan = plan_install(_target("560.35.03", "12.0"), matrix)
    assert plan.choice is None or plan.choice.variant.cuda is None  # never a CUDA build


@pytest.mark.parametrize(("driver", "cc"), [("515.65.01", "8.9"), ("470.256.02", "9.0")])
def test_install_for_ada_and_hopper_on_older_branches(matrix: Matrix, driver: str, cc: str) -> None:
    advice = advise(_target(driver, cc), matrix)
    assert advice.choice is None and advice.blocker == "driver"
    assert advice.arch_driver is not None and advice.arch_driver.first_branch == 520


def test_install_on_an_inferred_row_keeps_the_build_with_the_doubt(matrix: Matrix) -> None:
    advice = advise(_target("450.80.02", "8.6"), matrix)
    assert advice.choice is not None and advice.arch_driver is not None
    assert "R455" in advice.reasons[0]


def test_install_for_an_unknown_architecture_is_not_blocked(matrix: Matrix) -> None:
    advice = advise(_target("580.95.05", "13.0"), matrix)
    assert advice.arch_driver is None


def test_install_cli_on_typed_facts(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "install",
            "--driver",
            "560.35.03",
            "--gpu",
            "RTX 5090",
            "--python-version",
            "3.12",
            "--json",
        ],
    )
    doc = json.loads(result.stdout)
    assert doc["blocker"] == "driver" or doc["variant"] == "cpu"
    assert doc["driver_upgrade"]["driver"] == "570.86.16"
    assert any("R570" in r for r in doc["reasons"])


def test_matrix_lists_nothing_for_an_rtx_5090_on_r560(matrix: Matrix) -> None:
    rows = fits(matrix, os_name="linux", driver="560.35.03", capability="12.0")
    assert rows and all(r.verdict is Verdict.NO for r in rows)
    assert all("driver:predates-gpu" in r.reasons for r in rows)
    result = CliRunner().invoke(
        app, ["matrix", "--driver", "560.35.03", "--gpu", "RTX 5090", "--json"]
    )
    doc = json.loads(result.stdout)
    assert doc["query"]["driver_first_branch"]["first_branch"] == 570


def test_wheel_names_the_branch(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "wheel",
            "torch-2.5.1+cu124-cp312-cp312-linux_x86_64.whl",
            "--driver",
            "560.35.03",
            "--gpu",
            "RTX 5090",
            "--python-version",
            "3.12",
            "--os",
            "linux",
            "--json",
        ],
    )
    assert "driver-predates-gpu" in result.stdout
    assert "R570" in result.stdout


def test_a_gpu_past_its_last_branch_next_to_a_newer_one_ends(matrix: Matrix) -> None:
    # A K80 (last branch R470) and an RTX 5090 (first branch R570) on R560: no driver drives
    # both. Each end of the span is judged once, so the advice ends instead of recursing.
    target = Target(
        os="linux",
        machine="x86_64",
        python="3.12",
        nvidia_gpu=True,
        driver="560.35.03",
        capabilities=("3.7", "12.0"),
    )
    advice = advise(target, matrix)
    assert advice.choice is None and advice.blocker is not None
