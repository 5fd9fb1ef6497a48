"""Checks of the matrix's driver-floor rows, and the small checks every row shares.

`cuda.arch_min_driver` (the first driver of a compute capability) and `nvenc_api` (the
first driver of an NVENC API version) both state drivers per OS; a floor that does not
parse, or names no source, would silently become "unknown" everywhere.
"""

from __future__ import annotations

from packaging.version import InvalidVersion, Version

from envdoctor.matrix.model import CONFIDENCE, Matrix
from envdoctor.values import ComputeCapability


def bad_version(text: str | None) -> bool:
    if text is None:
        return False
    try:
        Version(text)
    except InvalidVersion:
        return True
    return False


def is_cc(text: str) -> bool:
    """A compute capability written "X.Y", as the one parser reads it (data it could not
    read would silently become "unknown" everywhere)."""
    return text[:1].isdigit() and "." in text and ComputeCapability.parse(text) is not None


def check_refs(where: str, sources: tuple[str, ...], known: set[str]) -> list[str]:
    if not sources:
        return [f"{where}: no source"]
    return [f"{where}: unknown source {s!r}" for s in sources if s not in known]


def validate_arch_min_driver(m: Matrix, known: set[str]) -> list[str]:
    """One row per compute capability, each with sources, a real branch and parsable drivers
    of that branch (a driver of another branch would make the floor say two things)."""
    problems: list[str] = []
    seen: set[str] = set()
    for row in m.cuda.arch_min_driver:
        where = f"cuda.arch_min_driver[{row.cc}]"
        problems.extend(check_refs(where, row.sources, known))
        if row.confidence not in CONFIDENCE:
            problems.append(f"{where}: confidence {row.confidence!r} not one of {CONFIDENCE}")
        if not is_cc(row.cc):
            problems.append(f"{where}: bad compute capability {row.cc!r}")
        elif row.cc in seen:
            problems.append(f"{where}: duplicate row")
        seen.add(row.cc)
        if row.first_branch <= 0:
            problems.append(f"{where}: bad driver branch {row.first_branch!r}")
        floor = row.first_driver
        for version in (floor.linux, floor.windows) if floor is not None else ():
            if bad_version(version):
                problems.append(f"{where}: bad driver version {version!r}")
            elif version is not None and int(version.split(".")[0]) < row.first_branch:
                problems.append(f"{where}: driver {version} is older than R{row.first_branch}")
    return problems


def validate_nvenc_api(m: Matrix, known: set[str]) -> list[str]:
    """One row per NVENC API version "major.minor", each with sources and both floors, the
    floors never falling as the API rises (a newer API on an older driver is impossible)."""
    problems: list[str] = []
    seen: set[tuple[int, int]] = set()
    previous: dict[str, Version] = {}
    for row in m.nvenc_api:
        where = f"nvenc_api[{row.api}]"
        problems.extend(check_refs(where, row.sources, known))
        if row.confidence not in CONFIDENCE:
            problems.append(f"{where}: confidence {row.confidence!r} not one of {CONFIDENCE}")
        major, _, minor = row.api.partition(".")
        if not (major.isdigit() and minor.isdigit()):
            problems.append(f"{where}: bad API version {row.api!r}")
            continue
        key = (int(major), int(minor))
        if seen and key <= max(seen):
            problems.append(f"{where}: rows must be unique and in ascending API order")
        seen.add(key)
        for os_name in ("linux", "windows"):
            version = row.min_driver.for_os(os_name)
            if version is None or bad_version(version):
                problems.append(f"{where}: bad {os_name} driver version {version!r}")
                continue
            if os_name in previous and Version(version) < previous[os_name]:
                problems.append(f"{where}: {os_name} driver {version} is older than the row before")
            previous[os_name] = Version(version)
    return problems


__all__ = [
    "bad_version",
    "check_refs",
    "is_cc",
    "validate_arch_min_driver",
    "validate_nvenc_api",
]
