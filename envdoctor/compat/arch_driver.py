"""Does a driver drive a GPU's architecture at all? The first driver branch per capability.

The opposite end of a GPU's last branch (`driver.driver_limit`): a driver older than the
first branch that knows an architecture does not drive any GPU of it (an RTX 5090 on a 560
driver, an H100 on 470). A live machine cannot show that pair (NVML would not list the
GPU), but a paste or typed facts can. The rows are the matrix's `cuda.arch_min_driver`;
a capability without a row is unknown, never "driven".
"""

from __future__ import annotations

from dataclasses import dataclass

from envdoctor.compat.driver import branch_of
from envdoctor.compat.versions import ComputeCapability, DriverVersion, Verdict, os_key
from envdoctor.i18n import _
from envdoctor.matrix.model import ArchMinDriver, Matrix


@dataclass(frozen=True)
class ArchDriverCheck:
    """Whether `driver` drives GPUs of `capability`.

    NO only when the driver's branch is older than the capability's first branch; `firm`
    says whether that rests on a documented row (a failure) or on the CUDA-toolkit route
    alone (a warning). UNKNOWN when the driver, the capability or the row is unknown.
    """

    verdict: Verdict
    capability: str | None
    driver: str | None
    os: str
    row: ArchMinDriver | None = None

    @property
    def first_branch(self) -> int | None:
        return self.row.first_branch if self.row is not None else None

    @property
    def firm(self) -> bool:
        return self.row is not None and self.row.confidence == "documented"

    @property
    def first_driver(self) -> str | None:
        """The earliest driver of the branch the sources show on this OS, if recorded."""
        floor = self.row.first_driver if self.row is not None else None
        return floor.for_os(self.os) if floor is not None else None

    @property
    def sources(self) -> tuple[str, ...]:
        return self.row.sources if self.row is not None else ()


def arch_min_driver(matrix: Matrix, capability: str | None) -> ArchMinDriver | None:
    """The matrix row of exactly this compute capability (8.7 is not 8.6: Jetson has none)."""
    cc = ComputeCapability.parse(capability)
    if cc is None:
        return None
    for row in matrix.cuda.arch_min_driver:
        if ComputeCapability.parse(row.cc) == cc:
            return row
    return None


def driver_supports_arch(
    matrix: Matrix, driver: str | None, capability: str | None, os_name: str | None = None
) -> ArchDriverCheck:
    """Can `driver` drive a GPU of `capability` at all?

    Branches are numbered alike on Linux and Windows, but Windows numbers a branch's later
    drivers past it (572.16 is R570): the branch comes from the matrix's branch table.
    """
    key = os_key(os_name) or "linux"
    row = arch_min_driver(matrix, capability)
    given = DriverVersion.parse(driver)
    if row is None or given is None:
        return ArchDriverCheck(Verdict.UNKNOWN, capability, driver, key, row)
    verdict = Verdict.NO if branch_of(matrix, given) < row.first_branch else Verdict.OK
    return ArchDriverCheck(verdict, capability, driver, key, row)


def driver_predates_arch(
    matrix: Matrix, *, driver: str | None, capability: str | None, os_name: str | None = None
) -> ArchDriverCheck | None:
    """The check when `driver` is older than the GPU's architecture; None otherwise."""
    check = driver_supports_arch(matrix, driver, capability, os_name)
    return check if check.verdict is Verdict.NO else None


def predated_arch(
    matrix: Matrix,
    *,
    driver: str | None,
    capabilities: tuple[str | None, ...],
    os_name: str | None = None,
) -> ArchDriverCheck | None:
    """Of the GPUs a driver predates, the one whose first branch is newest (None: none)."""
    early = [
        check
        for cc in capabilities
        if (check := driver_predates_arch(matrix, driver=driver, capability=cc, os_name=os_name))
        is not None
    ]
    return max(early, key=lambda c: c.first_branch or 0) if early else None


def arch_driver_reason(check: ArchDriverCheck) -> str:
    """Why a driver older than the GPU's architecture does not drive it, firm or inferred."""
    row = check.row
    assert row is not None
    if check.firm:
        return _(
            "driver {driver} is older than R{branch}, the first driver branch for {family} GPUs "
            "(compute capability {cc}): it does not drive this GPU at all"
        ).format(driver=check.driver, branch=row.first_branch, family=row.family, cc=row.cc)
    return _(
        "driver {driver} is probably too old for {family} GPUs (compute capability {cc}): "
        "the first CUDA toolkit for them shipped with an R{branch} driver (inferred from the "
        "toolkit, not from NVIDIA's driver notes)"
    ).format(driver=check.driver, branch=row.first_branch, family=row.family, cc=row.cc)


def first_branch_for(matrix: Matrix, capabilities: tuple[str | None, ...]) -> int | None:
    """The oldest branch that drives every one of these GPUs (the newest first branch)."""
    rows = [r for r in (arch_min_driver(matrix, c) for c in capabilities) if r is not None]
    return max(r.first_branch for r in rows) if rows else None


__all__ = [
    "ArchDriverCheck",
    "arch_driver_reason",
    "arch_min_driver",
    "driver_predates_arch",
    "driver_supports_arch",
    "first_branch_for",
    "predated_arch",
]
