"""NVENC API versions and the drivers that offer them (the matrix's `nvenc_api`).

A program built with the NVENC headers of API X.Y (FFmpeg with nv-codec-headers X.Y)
asks the driver's NVENC library for the newest API it offers and refuses a driver whose
answer is older. The rows say, per API, the first driver per OS that offers it; an API
newer than every row is unknown, never assumed to run.
"""

from __future__ import annotations

from envdoctor.compat.versions import DriverVersion
from envdoctor.matrix.model import Matrix, NvencApi


def parse_api(text: str | None) -> tuple[int, int] | None:
    """An NVENC API version as written in messages and rows: "12.2" -> (12, 2)."""
    if not text:
        return None
    major, dot, minor = text.strip().partition(".")
    if not (dot and major.isdigit() and minor.isdigit() and len(major) <= 3 and len(minor) <= 3):
        return None
    return int(major), int(minor)


def _key(row: NvencApi) -> tuple[int, int]:
    api = parse_api(row.api)
    return api if api is not None else (0, 0)


def nvenc_row(matrix: Matrix, api: tuple[int, int]) -> NvencApi | None:
    """The row of exactly this API version, or None."""
    return next((row for row in matrix.nvenc_api if _key(row) == api), None)


def first_row_above(matrix: Matrix, api: tuple[int, int]) -> NvencApi | None:
    """The first API after `api`: a driver that offers only `api` is older than its floor."""
    return next((row for row in matrix.nvenc_api if _key(row) > api), None)


def newest_api_of_driver(matrix: Matrix, driver: str | None, os_name: str) -> NvencApi | None:
    """The newest API whose floor `driver` meets on `os_name` ("linux"/"windows"), or None
    when the driver does not parse or is older than every row."""
    version = DriverVersion.parse(driver)
    if version is None:
        return None
    best: NvencApi | None = None
    for row in matrix.nvenc_api:
        floor = DriverVersion.parse(row.min_driver.for_os(os_name))
        if floor is not None and floor.parts <= version.parts:
            best = row
    return best


def newest_known_api(matrix: Matrix) -> tuple[int, int] | None:
    return _key(matrix.nvenc_api[-1]) if matrix.nvenc_api else None


__all__ = [
    "first_row_above",
    "newest_api_of_driver",
    "newest_known_api",
    "nvenc_row",
    "parse_api",
]
