"""Does the target's driver drive its GPUs at all? Both ends of a GPU's driver span.

A driver newer than a GPU's last branch (a K80 on R560) or older than the first branch of
its architecture (an RTX 5090 on R560) drives no GPU of it: no CUDA build fits, whatever
its arch list. The same rules as check's `driver-too-new` and `driver-predates-gpu`.
"""

from __future__ import annotations

from envdoctor.compat.arch_driver import ArchDriverCheck, driver_predates_arch
from envdoctor.compat.driver import driver_beyond_limit
from envdoctor.compat.gpus import gpu_capability
from envdoctor.i18n import _
from envdoctor.matrix.model import GpuDriverLimit, Matrix
from envdoctor.wheelcheck.model import Problem, Severity
from envdoctor.wheelcheck.target import GpuSide, TargetGpu


def resolve_capability(matrix: Matrix, name: str, capability: str | None) -> str | None:
    if capability:
        return capability
    match = gpu_capability(matrix, name)
    return match.capability if match else None


def limits_passed(matrix: Matrix, gpu: GpuSide) -> list[tuple[TargetGpu, GpuDriverLimit]]:
    """The GPUs whose last driver branch the driver is past, with that limit."""
    out = []
    for g in gpu.gpus:
        cc = resolve_capability(matrix, g.name, g.capability)
        limit = driver_beyond_limit(matrix, driver=gpu.driver, capability=cc)
        if limit is not None:
            out.append((g, limit))
    return out


def past_last_branch(matrix: Matrix, gpu: GpuSide) -> list[Problem]:
    """A driver newer than a GPU's last branch does not drive it (a K80 on R560)."""
    return [
        Problem(
            "driver-past-gpu-last-branch",
            Severity.ERROR,
            _(
                "driver {driver} is newer than R{branch}, the last driver branch for "
                "{family} GPUs: it does not drive {gpu} at all"
            ).format(driver=gpu.driver, branch=limit.last_branch, family=limit.family, gpu=g.name),
        )
        for g, limit in limits_passed(matrix, gpu)
    ]


def predated(matrix: Matrix, gpu: GpuSide, os_name: str) -> list[tuple[TargetGpu, ArchDriverCheck]]:
    """The GPUs whose architecture is newer than the driver, with the check that says so."""
    out = []
    for g in gpu.gpus:
        cc = resolve_capability(matrix, g.name, g.capability)
        check = driver_predates_arch(
            matrix, driver=gpu.driver, capability=cc, os_name=gpu.driver_os or os_name
        )
        if check is not None:
            out.append((g, check))
    return out


def firm_predates(matrix: Matrix, gpu: GpuSide, os_name: str) -> bool:
    """Whether a documented row says the driver drives one of the GPUs not at all."""
    return any(check.firm for _g, check in predated(matrix, gpu, os_name))


def predates_gpu(matrix: Matrix, gpu: GpuSide, os_name: str) -> list[Problem]:
    """A driver older than a GPU's architecture (an RTX 5090 on R560): an error on a
    documented row, a warning when the row is inferred from the CUDA toolkit only."""
    out = []
    for g, check in predated(matrix, gpu, os_name):
        row = check.row
        assert row is not None
        out.append(
            Problem(
                "driver-predates-gpu",
                Severity.ERROR if check.firm else Severity.WARNING,
                _(
                    "driver {driver} is older than R{branch}, the first driver branch for "
                    "{family} GPUs: it does not drive {gpu}; upgrade the driver to R{branch} "
                    "or newer"
                ).format(driver=gpu.driver, branch=row.first_branch, family=row.family, gpu=g.name)
                if check.firm
                else _(
                    "driver {driver} is probably older than {family} GPUs: the first CUDA "
                    "toolkit for them shipped with an R{branch} driver; upgrade the driver to "
                    "R{branch} or newer if {gpu} is not found"
                ).format(driver=gpu.driver, branch=row.first_branch, family=row.family, gpu=g.name),
            )
        )
    return out


__all__ = [
    "firm_predates",
    "limits_passed",
    "past_last_branch",
    "predated",
    "predates_gpu",
    "resolve_capability",
]
