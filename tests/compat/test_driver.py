"""Driver reach per OS, from the matrix's branch table and minor-version floors."""

from __future__ import annotations

import pytest

from envdoctor.compat.driver import cuda_reach, driver_supports_cuda, native_cuda_of_driver
from envdoctor.compat.fit import variants_for_driver
from envdoctor.compat.versions import Verdict
from envdoctor.matrix import load_matrix
from envdoctor.matrix.model import Matrix


@pytest.fixture(scope="module")
def matrix() -> Matrix:
    return load_matrix()


def test_reach_of_610(matrix: Matrix) -> None:
    reach = cuda_reach(matrix, driver="610.43", os_name="linux")
    assert reach.native == "13.3" and reach.compat_majors == (13,)
    assert reach.sources


def test_reach_never_crosses_a_major(matrix: Matrix) -> None:
    reach = cuda_reach(matrix, driver="535.104.05", os_name="linux")
    assert reach.native == "12.2" and reach.compat_majors == (12,)


def test_windows_floor_differs_from_linux(matrix: Matrix) -> None:
    # 527.41: CUDA 12.x minor-version compatibility on Linux (>= 525.60.13), not on Windows.
    assert cuda_reach(matrix, driver="527.41", os_name="linux").compat_majors == (12,)
    assert cuda_reach(matrix, driver="527.41", os_name="windows").compat_majors == ()


def test_every_branch_derives_one_cuda(matrix: Matrix) -> None:
    # The reach and the driver rule agree for every branch the matrix knows.
    for br in matrix.cuda.driver_branches:
        driver = str(br.branch)
        assert native_cuda_of_driver(matrix, driver) == br.native_cuda
        assert cuda_reach(matrix, driver=driver, os_name="linux").native == br.native_cuda
        check = driver_supports_cuda(
            matrix, driver=driver, driver_cuda=None, os_name="linux", cuda=br.native_cuda
        )
        assert check.verdict is Verdict.OK, (driver, check)


def test_bare_branch_runs_its_native_cuda(matrix: Matrix) -> None:
    check = driver_supports_cuda(
        matrix, driver="535", driver_cuda=None, os_name="linux", cuda="12.2"
    )
    assert check.verdict is Verdict.OK


def test_variants_for_driver_come_from_the_matrix(matrix: Matrix) -> None:
    names = [f.variant for f in variants_for_driver(matrix, os_name="linux", driver="610.43")]
    assert names and names[0] == "cu132"  # the newest CUDA the matrix has, where it fits
    pascal = variants_for_driver(matrix, os_name="linux", driver="580.95.05", capabilities=("6.1",))
    assert pascal and all((f.cuda or "").startswith("12.") for f in pascal)


def test_next_branch_after_is_the_first_with_a_newer_native_cuda() -> None:
    from envdoctor.compat.driver import next_branch_after
    from envdoctor.matrix import load_matrix

    matrix = load_matrix()
    assert next_branch_after(matrix, 418) == 440  # R418 to R435 all report CUDA 10.1
    assert next_branch_after(matrix, 560) == 570
    assert next_branch_after(matrix, 10_000) is None
