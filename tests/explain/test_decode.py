from __future__ import annotations

import pytest

from envdoctor.explain.decode import (
    CudaVersion,
    decode_cuda_api_version,
    format_gib,
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


def test_cuda_parsing_rejects_garbage() -> None:
    assert parse_cuda_version("twelve") is None


def test_parse_cuda_version_forms() -> None:
    assert parse_cuda_version("cu128") == CudaVersion(12, 8)
    assert parse_cuda_version("cu92") == CudaVersion(9, 2)
    assert parse_cuda_version("12.4.1") == CudaVersion(12, 4)


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


def test_sizes() -> None:
    assert parse_size("2.26 GiB") == int(2.26 * 1024**3)
    assert parse_size("0 bytes") == 0
    assert parse_size("41.56 MiB") == int(41.56 * 1024**2)
    assert parse_size("lots") is None
    assert format_gib(12 * 1024**3) == "12.00 GiB"
    assert format_gib(512 * 1024**2) == "512.00 MiB"
