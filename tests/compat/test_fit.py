"""Which builds fit: composition of the envdoctor.compat rules over the matrix."""

from __future__ import annotations

import pytest

from envdoctor.compat.driver import driver_limit
from envdoctor.compat.fit import fits, variants_for_driver
from envdoctor.compat.gpus import resolve_gpu
from envdoctor.compat.versions import Verdict
from envdoctor.matrix import load_matrix
from envdoctor.matrix.model import Matrix


@pytest.fixture(scope="module")
def matrix() -> Matrix:
    return load_matrix()


def _row(rows, release: str, variant: str):  # type: ignore[no-untyped-def]
    return next(r for r in rows if r.release == release and r.variant == variant)


@pytest.mark.parametrize(
    ("text", "cc", "entry"),
    [
        ("RTX 3060", "8.6", "GeForce RTX 3060"),
        ("NVIDIA GeForce RTX 3060", "8.6", "GeForce RTX 3060"),
        ("T4", "7.5", "Tesla T4"),
        ("P2000", "6.1", "Quadro P2000"),
        ("H800", "9.0", "H800 (China market)"),
        ("8.6", "8.6", None),
        ("sm_120", "12.0", None),
        ("sm89", "8.9", None),
    ],
)
def test_resolve_gpu(matrix: Matrix, text: str, cc: str, entry: str | None) -> None:
    q = resolve_gpu(matrix, text)
    assert q.capability == cc
    assert (q.entry.name if q.entry else None) == entry


@pytest.mark.parametrize("text", ["RTX 6000", "GT 730", "TITAN X"])
def test_resolve_gpu_ambiguous(matrix: Matrix, text: str) -> None:
    q = resolve_gpu(matrix, text)
    assert q.capability is None and q.ambiguous is not None


@pytest.mark.parametrize("text", ["RTX 9999", "3060", "Radeon RX 7900"])
def test_resolve_gpu_unknown(matrix: Matrix, text: str) -> None:
    q = resolve_gpu(matrix, text)
    assert q.capability is None and q.ambiguous is None


def test_rtx3060_driver_535_python_311(matrix: Matrix) -> None:
    rows = fits(matrix, os_name="linux", driver="535.104.05", capability="8.6", python="3.11")
    # newest release first
    releases = [r.release for r in rows]
    assert releases[0] == "2.15"
    assert releases.index("2.14") < releases.index("2.0")
    # CUDA 13 needs a 580 driver: no
    assert _row(rows, "2.14", "cu130").verdict is Verdict.NO
    # CUDA 12.6 on 535 is minor-version compatibility: caveat
    cu126 = _row(rows, "2.14", "cu126")
    assert cu126.verdict is Verdict.CAVEAT
    assert "driver:minor-compat" in cu126.reasons
    # CUDA 11.8 runs natively on 535
    assert _row(rows, "2.7", "cu118").verdict is Verdict.OK
    # 1.12 has no cp311 wheels; 1.13.0's cp311 wheels are not confirmed
    assert _row(rows, "1.12", "cu116").verdict is Verdict.NO
    assert _row(rows, "1.13", "cu117").verdict is Verdict.UNKNOWN
    assert _row(rows, "1.13", "cu117").version == "1.13.1"


def test_only_given_facts_are_checked(matrix: Matrix) -> None:
    rows = fits(matrix, os_name="linux", capability="12.0")
    assert all(r.driver is None and r.python is None for r in rows)
    assert _row(rows, "2.6", "cu126").verdict is Verdict.NO  # no Blackwell code before cu128
    assert _row(rows, "2.7", "cu128").verdict is Verdict.OK


def test_pascal_on_cuda13_wheels(matrix: Matrix) -> None:
    rows = fits(matrix, os_name="linux", capability="6.1", driver="580.95.05")
    assert _row(rows, "2.13", "cu130").verdict is Verdict.NO
    assert _row(rows, "2.14", "cu126").verdict is Verdict.OK  # sm_60 SASS serves 6.1
    assert not any(r.release == "2.15" and r.verdict is not Verdict.NO for r in rows)


def test_windows_skips_linux_only_builds_and_ptx(matrix: Matrix) -> None:
    rows = fits(matrix, os_name="windows", capability="12.1")
    assert not any(r.release == "1.12" and r.variant == "cu102" for r in rows)
    linux = fits(matrix, os_name="linux", capability="12.1")
    # sm_121 (GB10) runs sm_120 SASS either way
    assert _row(rows, "2.13", "cu130").verdict is Verdict.OK
    assert _row(linux, "2.13", "cu130").verdict is Verdict.OK


def test_defaults_are_marked(matrix: Matrix) -> None:
    rows = fits(matrix, os_name="linux")
    assert _row(rows, "2.14", "cu130").is_default
    assert not _row(rows, "2.14", "cu132").is_default
    win = fits(matrix, os_name="windows")
    assert not any(r.is_default for r in win)  # Windows plain pip is CPU-only


def test_driver_limit(matrix: Matrix) -> None:
    assert driver_limit(matrix, "3.7").last_branch == 470  # type: ignore[union-attr]
    assert driver_limit(matrix, "6.1").last_branch == 580  # type: ignore[union-attr]
    assert driver_limit(matrix, "7.5") is None
    assert driver_limit(matrix, None) is None


def test_matrix_applies_the_no_ptx_jit_under_minor_compat_rule() -> None:
    # Driver 470 (CUDA 11.4) runs cu118 only through minor-version compatibility, which
    # cannot JIT-compile PTX: a GPU served only by the Windows wheel's compute_37 PTX gets
    # no kernels. install said so (Choice.verdict); matrix said "caveat".
    from envdoctor.compat.fit import fits
    from envdoctor.compat.versions import Verdict
    from envdoctor.matrix import load_matrix

    rows = fits(
        load_matrix(), os_name="windows", driver="470.239.06", capability="12.0", python="3.12"
    )
    row = next(r for r in rows if r.release == "2.7" and r.variant == "cu118")
    assert row.verdict is Verdict.NO


def test_variants_of_one_release_only() -> None:
    matrix = load_matrix()
    found = variants_for_driver(
        matrix, os_name="linux", driver="580.95.05", capabilities=("8.6",), only_release="2.7"
    )
    assert found and {f.release for f in found} == {"2.7"}
    assert {f.variant for f in found} == {"cu118", "cu126", "cu128"}
    assert variants_for_driver(matrix, os_name="linux", only_release="0.4") == ()
