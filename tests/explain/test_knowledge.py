"""explain's knowledge comes from the matrix and the core, the same as check's."""

from __future__ import annotations

import pytest

from envdoctor.analyse.check import analyse
from envdoctor.cli._options import mirror_index
from envdoctor.compat.fit import variants_for_driver
from envdoctor.explain import explain
from envdoctor.explain.decode import CudaVersion, parse_cuda_version
from envdoctor.explain.knowledge import (
    arch_covers,
    architecture,
    branch_of_cuda,
    driver_floor_step,
    driver_runs,
    native_cuda,
    suggest,
)
from envdoctor.explain.model import Gpu, Known
from envdoctor.explain.restore import reinstall_command
from envdoctor.matrix.load import load_matrix
from envdoctor.snapshot import (
    DriverFacts,
    DriverState,
    GpuFacts,
    PythonFacts,
    Snapshot,
    SystemFacts,
    TorchFacts,
    TorchState,
)

MATRIX = load_matrix()


def _cuda(text: str) -> CudaVersion:
    version = parse_cuda_version(text)
    assert version is not None
    return version


@pytest.mark.parametrize(
    ("cuda", "branch"),
    [
        ("11.4", 470),
        ("12.2", 535),
        ("11.0", 450),
        ("12.8", 570),
        ("13.0", 580),
        ("13.2", 595),
        ("13.3", 610),
        ("12.7", None),
        ("11.9", None),
    ],
)
def test_branch_of_cuda_from_the_matrix(cuda: str, branch: int | None) -> None:
    assert branch_of_cuda(MATRIX, _cuda(cuda)) == branch


@pytest.mark.parametrize(
    ("driver", "cuda"),
    [
        ("535.104.05", "12.2"),
        ("470.86", "11.4"),
        ("580.126.09", "13.0"),
        ("572.16", "12.8"),
        ("384.81", "9.0"),
        ("591.74", "13.1"),
        ("610.43", "13.3"),
    ],
)
def test_native_cuda_of_driver(driver: str, cuda: str) -> None:
    assert str(native_cuda(MATRIX, driver)) == cuda


def test_native_cuda_rejects_garbage() -> None:
    assert native_cuda(MATRIX, None) is None
    assert native_cuda(MATRIX, "latest") is None


def _snapshot(driver: str, torch: str = "2.5.1+cu121", torch_cuda: str = "12.1") -> Snapshot:
    return Snapshot(
        origin="file",
        system=SystemFacts(os="Linux", machine="x86_64"),
        python=PythonFacts(version="3.11.9", pointer_bits=64),
        driver=DriverFacts(state=DriverState.OK, version=driver, nvidia_pci_devices=1),
        gpus=(GpuFacts(index=0, name="NVIDIA GeForce RTX 3090", compute_capability="8.6"),),
        torch=TorchFacts(state=TorchState.OK, version=torch, cuda=torch_cuda),
    )


@pytest.mark.parametrize("branch", [b.branch for b in MATRIX.cuda.driver_branches])
def test_explain_and_check_derive_the_same_cuda_for_every_driver_branch(branch: int) -> None:
    driver = f"{branch}.10"
    report = analyse(_snapshot(driver), MATRIX)
    check_cuda = report.snapshot.driver.cuda_version
    results = explain(
        "CUDA driver version is insufficient for CUDA runtime version", _snapshot(driver)
    )
    explained = results[0].facts.get("driver_max_cuda")
    assert explained == str(native_cuda(MATRIX, driver))
    assert check_cuda is None or explained == check_cuda, (branch, check_cuda, explained)


def test_minor_version_compatibility_through_the_core() -> None:
    k = Known()

    def runs(driver_cuda: str, build: str) -> bool | None:
        return driver_runs(MATRIX, k, _cuda(build), driver_cuda=_cuda(driver_cuda))

    # Same major from 11 on runs through minor-version compatibility.
    assert runs("12.2", "12.8")
    assert runs("11.4", "11.8")
    # A newer major never does.
    assert runs("11.4", "12.1") is False
    assert runs("12.9", "13.0") is False
    # Before 11 there was no minor-version compatibility.
    assert runs("10.0", "10.2") is False
    assert runs("12.0", "11.8")


def test_arch_coverage_follows_pytorchs_rule() -> None:
    list_cu126 = ("sm_50", "sm_60", "sm_70", "sm_75", "sm_80", "sm_86", "sm_90")
    assert arch_covers(MATRIX, (8, 9), list_cu126, None)  # Ada runs sm_86 SASS
    assert arch_covers(MATRIX, (6, 1), list_cu126, None)  # GTX 10 runs sm_60 SASS
    assert not arch_covers(MATRIX, (12, 0), list_cu126, None)  # no same-major SASS, no PTX
    assert arch_covers(MATRIX, (8, 6), ("sm_80", "sm_90"), None)  # Ampere SASS 8.0 runs on 8.6
    assert arch_covers(MATRIX, (12, 0), ("sm_80", "compute_90"), None)  # PTX JIT from an older arch
    assert not arch_covers(MATRIX, (8, 0), ("sm_86",), None)  # SASS never runs on a lower minor
    # Arch-specific targets run only on that exact GPU; family targets on the family.
    assert arch_covers(MATRIX, (9, 0), ("sm_90a",), None)
    assert not arch_covers(MATRIX, (10, 3), ("sm_100a",), None)
    assert arch_covers(MATRIX, (10, 3), ("sm_100f",), None)
    # PTX from a build whose CUDA predates the GPU's architecture is no route (check's rule).
    assert not arch_covers(MATRIX, (12, 0), ("sm_80", "compute_90"), "11.8")


def test_architecture_names_come_from_the_gpu_table() -> None:
    assert architecture(MATRIX, (12, 0)) == "Blackwell"
    assert architecture(MATRIX, (7, 0)) == "Volta"
    assert architecture(MATRIX, (7, 5)) == "Turing"
    assert architecture(MATRIX, (8, 9)) == "Ada"
    assert architecture(MATRIX, (2, 1)) is None


def test_suggested_variants_come_from_the_matrix_and_include_cu132() -> None:
    new_driver = Known(driver_version="610.43", driver_cuda=_cuda("13.3"), os="Linux")
    build = suggest(MATRIX, new_driver)
    assert build is not None
    expected = variants_for_driver(MATRIX, os_name="linux", driver="610.43")
    assert build.variant == expected[0].variant
    assert "cu132" in build.alternatives
    # Pinned: the PyPI default build by version, any other with its local label and index.
    assert f"torch=={build.version}" in build.command
    # A 12.2 driver never gets a CUDA 13 build.
    old = suggest(MATRIX, Known(driver_version="535.104.05", os="Linux"))
    assert old is not None
    assert all(v.startswith("cu1") and not v.startswith("cu13") for v in old.alternatives)


def test_suggestion_is_pinned_and_uses_the_interpreter_of_the_report() -> None:
    known = Known(
        driver_version="570.86.10",
        os="Linux",
        python_executable="/opt/venv/bin/python",
        gpus=(Gpu("NVIDIA GeForce RTX 5090", (12, 0), None),),
    )
    build = suggest(MATRIX, known)
    assert build is not None
    assert build.command.startswith("/opt/venv/bin/python -m pip install")
    assert f"torch=={build.version}" in build.command


def test_suggestion_follows_a_mirror() -> None:
    known = Known(driver_version="570.86.10", os="Linux")
    build = suggest(MATRIX, known, mirror=mirror_index("aliyun"))
    assert build is not None
    assert "download.pytorch.org" not in build.command or build.note


def test_driver_upgrade_is_never_advised_past_the_gpus_last_branch() -> None:
    # A K80 (Kepler, last branch R470) cannot run any driver that runs CUDA 12: explain
    # must not say "upgrade to 525.60.13", as check does not.
    k80 = Known(
        driver_version="470.239.06",
        driver_cuda=_cuda("11.4"),
        os="Linux",
        gpus=(Gpu("Tesla K80", (3, 7), None),),
    )
    assert driver_floor_step(MATRIX, _cuda("12.1"), k80) is None
    v100 = Known(driver_version="470.239.06", os="Linux", gpus=(Gpu("V100", (7, 0), None),))
    assert "525.60.13" in (driver_floor_step(MATRIX, _cuda("12.1"), v100) or "")


def test_a_gpu_named_in_a_report_gets_its_capability_from_the_gpu_table(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # collect_env names the GPU but not its capability; explain judges it as check does.
    report = tmp_path / "env.txt"
    report.write_text(
        "PyTorch version: 2.1.0+cu121\nCUDA used to build PyTorch: 12.1\n"
        "OS: Ubuntu 20.04.6 LTS (x86_64)\nPython version: 3.10.12 (main) (64-bit runtime)\n"
        "Is CUDA available: False\nGPU models and configuration: GPU 0: Tesla K80\n"
        "Nvidia driver version: 470.239.06\n"
    )
    from envdoctor.collect.from_file import load_facts

    snap = load_facts(str(report))
    out = explain(
        "The NVIDIA driver on your system is too old (found version 11040)", snap, matrix=MATRIX
    )
    text = " ".join(out[0].fix)
    assert "525.60.13" not in text
    # The installed 2.1 release stays, in the build the R470 driver runs.
    assert "R470" in text and "torch==2.1.2+cu118" in text


def test_a_restore_reinstalls_the_installed_build() -> None:
    # On Linux PyPI's torch 2.1.2 is the cu121 build; elsewhere the index must be named.
    on_linux = Known(torch_version="2.1.2+cu121", os="Linux")
    assert (
        reinstall_command(MATRIX, on_linux)
        == "python -m pip install --force-reinstall torch==2.1.2"
    )
    assert reinstall_command(MATRIX, Known(torch_version="2.1.2+cu121")) == (
        "python -m pip install --force-reinstall torch==2.1.2+cu121 "
        "--index-url https://download.pytorch.org/whl/cu121"
    )
    # Unknown build in a paste: say where the version comes from, never guess the newest.
    assert "pip show torch" in reinstall_command(MATRIX, Known())


def test_advice_for_a_paste_of_unknown_os_names_the_index() -> None:
    linux = suggest(MATRIX, Known(os="Linux", driver_version="580.95.05"), keep_release=False)
    unknown = suggest(MATRIX, Known(driver_version="580.95.05"), keep_release=False)
    assert linux is not None and unknown is not None
    assert unknown.variant == linux.variant
    assert f"--index-url https://download.pytorch.org/whl/{unknown.variant}" in unknown.command


def test_the_installed_release_is_kept_when_a_build_of_it_fits() -> None:
    cpu = Known(torch_version="2.5.1+cpu", os="Linux", driver_version="560.35.03")
    kept = suggest(MATRIX, cpu)
    newest = suggest(MATRIX, cpu, keep_release=False)
    assert kept is not None and kept.version.startswith("2.5.")
    assert newest is not None and not newest.version.startswith("2.5.")
