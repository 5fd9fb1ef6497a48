from __future__ import annotations

import pytest

from envdoctor.explain.decode import (
    CudaVersion,
    arch_list_covers,
    architecture_name,
    branch_for_cuda,
    branch_of_driver,
    decode_cuda_api_version,
    driver_runs_cuda,
    format_gib,
    native_cuda_of_driver,
    parse_cuda_version,
    parse_size,
    parse_sm,
)


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (11040, "11.4"),
        (12020, "12.2"),
        (11000, "11.0"),
        (9000, "9.0"),
        (10010, "10.1"),
        (6050, "6.5"),
        (13000, "13.0"),
        (12090, "12.9"),
    ],
)
def test_decode_cuda_api_version(number: int, expected: str) -> None:
    assert str(decode_cuda_api_version(number)) == expected


@pytest.mark.parametrize("number", [0, -1, 999, 100_000])
def test_decode_cuda_api_version_rejects_nonsense(number: int) -> None:
    assert decode_cuda_api_version(number) is None


@pytest.mark.parametrize(
    ("cuda", "branch"),
    [
        ("11.4", 470),
        ("12.2", 535),
        ("11.0", 450),
        ("12.8", 570),
        ("13.0", 580),
        ("13.2", 595),
        ("12.7", None),
        ("11.9", None),
    ],
)
def test_branch_for_cuda(cuda: str, branch: int | None) -> None:
    version = parse_cuda_version(cuda)
    assert version is not None
    assert branch_for_cuda(version) == branch


@pytest.mark.parametrize(
    ("driver", "cuda"),
    [
        ("535.104.05", "12.2"),
        ("470.86", "11.4"),
        ("580.126.09", "13.0"),
        ("572.16", "12.8"),
        ("384.81", "9.0"),
        ("591.74", "13.1"),
    ],
)
def test_native_cuda_of_driver(driver: str, cuda: str) -> None:
    assert str(native_cuda_of_driver(driver)) == cuda


def test_driver_parsing_rejects_garbage() -> None:
    assert branch_of_driver("latest") is None
    assert native_cuda_of_driver(None) is None
    assert native_cuda_of_driver("12") is None
    assert parse_cuda_version("twelve") is None


def test_parse_cuda_version_forms() -> None:
    assert parse_cuda_version("cu128") == CudaVersion(12, 8)
    assert parse_cuda_version("cu92") == CudaVersion(9, 2)
    assert parse_cuda_version("12.4.1") == CudaVersion(12, 4)


def test_minor_version_compatibility() -> None:
    # Same major from 11 on runs through minor-version compatibility.
    assert driver_runs_cuda(CudaVersion(12, 2), CudaVersion(12, 8))
    assert driver_runs_cuda(CudaVersion(11, 4), CudaVersion(11, 8))
    # A newer major never does.
    assert not driver_runs_cuda(CudaVersion(11, 4), CudaVersion(12, 1))
    assert not driver_runs_cuda(CudaVersion(12, 9), CudaVersion(13, 0))
    # Before 11 there was no minor-version compatibility.
    assert not driver_runs_cuda(CudaVersion(10, 0), CudaVersion(10, 2))
    assert driver_runs_cuda(CudaVersion(12, 0), CudaVersion(11, 8))


@pytest.mark.parametrize(
    ("token", "cc"),
    [
        ("sm_86", (8, 6)),
        ("sm_120", (12, 0)),
        ("compute_90", (9, 0)),
        ("8.9", (8, 9)),
        ("sm_90a", (9, 0)),
        ("sm_37", (3, 7)),
    ],
)
def test_parse_sm(token: str, cc: tuple[int, int]) -> None:
    assert parse_sm(token) == cc


def test_parse_sm_rejects_garbage() -> None:
    assert parse_sm("gfx90a") is None
    assert parse_sm("sm_") is None


def test_arch_list_covers() -> None:
    list_cu126 = ["sm_50", "sm_60", "sm_70", "sm_75", "sm_80", "sm_86", "sm_90"]
    assert arch_list_covers((8, 9), list_cu126)  # Ada runs sm_86 SASS
    assert arch_list_covers((6, 1), list_cu126)  # GTX 10 runs sm_60 SASS
    assert not arch_list_covers((12, 0), list_cu126)  # no same-major SASS, no PTX
    assert arch_list_covers((8, 6), ["sm_80", "sm_90"])  # Ampere SASS 8.0 runs on 8.6
    assert arch_list_covers((12, 0), ["sm_80", "compute_90"])  # PTX JIT from an older arch
    assert not arch_list_covers((8, 0), ["sm_86"])  # SASS never runs on a lower minor


def test_architecture_names() -> None:
    assert architecture_name((12, 0)) == "Blackwell"
    assert architecture_name((7, 0)) == "Volta"
    assert architecture_name((7, 5)) == "Turing"
    assert architecture_name((8, 9)) == "Ada Lovelace"
    assert architecture_name((2, 1)) is None


def test_sizes() -> None:
    assert parse_size("2.26 GiB") == int(2.26 * 1024**3)
    assert parse_size("0 bytes") == 0
    assert parse_size("41.56 MiB") == int(41.56 * 1024**2)
    assert parse_size("lots") is None
    assert format_gib(12 * 1024**3) == "12.00 GiB"
    assert format_gib(512 * 1024**2) == "512.00 MiB"
