"""One diagnosis from pasted evidence: real pastes, strongest evidence, quotes, conflicts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from envdoctor.analyse.evidence import diagnose, evidence_lines
from envdoctor.analyse.findings import Status
from envdoctor.collect.from_file import load_evidence
from envdoctor.matrix import load_matrix
from envdoctor.matrix.model import Matrix

PASTES = Path(__file__).resolve().parent.parent / "fixtures" / "pastes"


def cases(kind: str) -> list[tuple[str, str | None]]:
    """The pastes of a set with the cause their thread confirmed; "open" ones (a known miss,
    with the reason) are listed in the set but not asserted here."""
    data = json.loads((PASTES / f"{kind}.json").read_text(encoding="utf-8"))
    return [(name, entry["cause"]) for name, entry in data.items() if "open" not in entry]


@pytest.fixture(scope="module")
def matrix() -> Matrix:
    return load_matrix()


def diagnose_files(matrix: Matrix, *paths: Path | str) -> object:
    return diagnose(load_evidence([str(p) for p in paths]), matrix)


def test_the_fixture_sets_are_big_and_balanced() -> None:
    every = cases("dev") + cases("heldout") + cases("heldout2")
    assert len(every) >= 40
    healthy = sum(1 for _name, cause in every if cause is None)
    assert len(every) // 4 <= healthy <= len(every) // 2
    for name, _cause in every:
        assert (PASTES / name).is_file()
        assert name in (PASTES / "SOURCES.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("kind", "size", "healthy"),
    [
        ("blind", 25, 7),
        ("blind2", 11, 2),
        ("blind3", 6, 4),
        ("blind4", 4, 3),
        ("blind5", 37, 11),
        ("blind6", 22, 6),
    ],
)
def test_the_blind_sets_name_every_paste_and_its_source(kind: str, size: int, healthy: int) -> None:
    data = json.loads((PASTES / f"{kind}.json").read_text(encoding="utf-8"))
    on_disk = {f"{kind}/{p.name}" for p in (PASTES / kind).glob("*.txt")}
    assert set(data) == on_disk
    table = (PASTES / kind / "SOURCES.md").read_text(encoding="utf-8")
    for name, entry in data.items():
        assert f"| {name.removeprefix(kind + '/')} | {entry['source']} |" in table, name
    assert len(data) >= size
    assert sum(1 for entry in data.values() if entry["cause"] is None) >= healthy
    # Known misses are listed with their reason, and stay few.
    assert sum(1 for entry in data.values() if "open" in entry) <= 2


@pytest.mark.parametrize(
    ("name", "cause"),
    cases("dev")
    + cases("heldout")
    + cases("heldout2")
    + cases("blind")
    + cases("blind2")
    + cases("blind3")
    + cases("blind4")
    + cases("blind5")
    + cases("blind6"),
)
def test_real_paste_root_cause(matrix: Matrix, name: str, cause: str | None) -> None:
    report = diagnose_files(matrix, PASTES / name)
    # A recognised error without a check code of its own is named by explain's code.
    fails = {
        f.facts.get("explained_as", f.code) if f.code == "error-recognised" else f.code
        for f in report.findings  # type: ignore[attr-defined]
        if f.status is Status.FAIL
    }
    if cause is None:
        assert not fails, f"healthy machine judged broken: {fails}"
    else:
        assert cause in fails
        # Every failure quotes at least one line of the paste.
        for f in report.findings:  # type: ignore[attr-defined]
            if f.status is Status.FAIL:
                assert f.facts.get("evidence"), f.code


def test_driver_too_old_without_a_driver_line_fails(matrix: Matrix, tmp_path: Path) -> None:
    report_text = (PASTES / "vllm3360_v100_collect_env_healthy.txt").read_text(encoding="utf-8")
    report_text = report_text.replace("Nvidia driver version: 545.23.08\n", "")
    log = "RuntimeError: The NVIDIA driver on your system is too old (found version 11040).\n"
    (tmp_path / "report.txt").write_text(report_text, encoding="utf-8")
    (tmp_path / "log.txt").write_text(log, encoding="utf-8")
    report = diagnose_files(matrix, tmp_path / "report.txt", tmp_path / "log.txt")
    assert report.status is Status.FAIL  # type: ignore[attr-defined]
    codes = [f.code for f in report.findings]  # type: ignore[attr-defined]
    assert "driver-too-old" in codes and "driver-unknown" not in codes
    assert any("log.txt:1:" in line for line in evidence_lines(report.findings))  # type: ignore[attr-defined]


def test_harmless_arch_warning_does_not_fail(matrix: Matrix, tmp_path: Path) -> None:
    path = tmp_path / "w.txt"
    path.write_text(
        "NVIDIA GeForce RTX 3060 with CUDA capability sm_86 is not compatible with the current "
        "PyTorch installation.\nThe current PyTorch install supports CUDA capabilities sm_50 "
        "sm_60 sm_70 sm_75 sm_80 sm_90.\n",
        encoding="utf-8",
    )
    report = diagnose_files(matrix, path)
    assert report.status is not Status.FAIL  # type: ignore[attr-defined]
    assert any(f.code == "gpu-ok" for f in report.findings)  # type: ignore[attr-defined]


def test_old_ptx_in_a_pasted_warning_does_not_serve_a_newer_architecture(
    matrix: Matrix, tmp_path: Path
) -> None:
    # No torch version in the paste: compute_37 alone says the build is CUDA 11.x or older,
    # and Blackwell needs CUDA 12.8, so the PTX route is no route (pytorch/pytorch#153944).
    path = tmp_path / "w.txt"
    path.write_text(
        "NVIDIA GeForce RTX 5080 with CUDA capability sm_120 is not compatible with the current "
        "PyTorch installation.\nThe current PyTorch install supports CUDA capabilities sm_37 "
        "sm_50 sm_60 sm_70 sm_75 sm_80 sm_86 sm_90 compute_37.\n",
        encoding="utf-8",
    )
    report = diagnose_files(matrix, path)
    assert report.status is Status.FAIL  # type: ignore[attr-defined]
    fail = [f for f in report.findings if f.code == "gpu-arch-unsupported"]  # type: ignore[attr-defined]
    assert fail and "12.8" in fail[0].detail and fail[0].sources
    assert not any(f.code == "gpu-arch-ptx-jit" for f in report.findings)  # type: ignore[attr-defined]


def test_contradicting_inputs_are_named(matrix: Matrix, tmp_path: Path) -> None:
    (tmp_path / "host.txt").write_text(
        "| NVIDIA-SMI 550.54.14   Driver Version: 550.54.14   CUDA Version: 12.4 |\n",
        encoding="utf-8",
    )
    (tmp_path / "container.log").write_text(
        "app-1  | RuntimeError: The NVIDIA driver on your system is too old (found version 11040)\n",
        encoding="utf-8",
    )
    report = diagnose_files(matrix, tmp_path / "host.txt", tmp_path / "container.log")
    conflict = [f for f in report.findings if f.code == "evidence-conflict"]  # type: ignore[attr-defined]
    assert (
        conflict and "host.txt:1" in conflict[0].detail and "container.log:1" in conflict[0].detail
    )
    assert report.status is Status.FAIL  # type: ignore[attr-defined]


def test_replaced_bytes_are_reported(matrix: Matrix, tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(b"Found no NVIDIA driver on your system.\n\xff\n")
    report = diagnose_files(matrix, path)
    notes = [f for f in report.findings if f.code == "input-note"]  # type: ignore[attr-defined]
    assert notes and "line 2" in notes[0].title


def test_pip_from_versions_names_the_releases_pythons(matrix: Matrix, tmp_path: Path) -> None:
    path = tmp_path / "pip.txt"
    path.write_text(
        "ERROR: Could not find a version that satisfies the requirement torch==1.13.1 "
        "(from versions: 2.2.0, 2.3.0)\nERROR: No matching distribution found for torch==1.13.1\n",
        encoding="utf-8",
    )
    report = diagnose_files(matrix, path)
    pip = [f for f in report.findings if f.code == "pip-no-matching-torch"]  # type: ignore[attr-defined]
    assert pip and pip[0].status is Status.FAIL
    release = matrix.release("1.13")
    assert release is not None and release.python in pip[0].detail
    assert pip[0].sources == release.sources


def test_cpu_error_against_a_cuda_report_is_a_conflict(matrix: Matrix, tmp_path: Path) -> None:
    report = PASTES / "vllm3360_v100_collect_env_healthy.txt"
    log = tmp_path / "container.log"
    log.write_text(
        'File "/usr/local/lib/python3.10/dist-packages/torch/cuda/__init__.py", line 284\n'
        "AssertionError: Torch not compiled with CUDA enabled\n",
        encoding="utf-8",
    )
    result = diagnose_files(matrix, report, log)
    codes = {f.code: f for f in result.findings}  # type: ignore[attr-defined]
    assert codes["torch-cpu-only"].status is Status.FAIL
    conflict = codes["evidence-conflict"]
    assert "12.1" in conflict.detail and "container.log:2" in conflict.detail


def test_a_report_without_its_gpu_line_still_has_the_gpu_its_driver_implies(
    matrix: Matrix, tmp_path: Path
) -> None:
    # collect_env prints a driver version only when nvidia-smi's table printed, which needs a
    # GPU: a damaged or missing GPU line must not turn a CPU-only torch into "ok".
    text = (PASTES / "pytorch51858c_win_cpu_build_collect_env.txt").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if not ln.startswith("GPU models and configuration")]
    path = tmp_path / "report.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = diagnose_files(matrix, path)
    fails = {f.code for f in report.findings if f.status is Status.FAIL}  # type: ignore[attr-defined]
    assert "torch-cpu-only" in fails
