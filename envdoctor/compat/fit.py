"""Which torch builds of the matrix fit a driver, a GPU and a Python (for `envdoctor matrix`).

Every rule comes from the rest of `envdoctor.compat`; this module only walks the matrix,
applies them per build and combines the verdicts (no < unknown < caveat < ok). A fact
that was not given is not checked (its part of the verdict is left out), so a listing
for `--gpu` alone says which wheels carry code for that GPU whatever the driver.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from packaging.version import Version

from envdoctor.compat.arch import (
    ArchCheck,
    arch_entries_from_variant,
    gpu_supported_by_build,
    ptx_blocked,
)
from envdoctor.compat.arch_driver import driver_predates_arch
from envdoctor.compat.driver import DriverCheck, driver_beyond_limit, driver_supports_cuda
from envdoctor.compat.python import python_supported
from envdoctor.compat.versions import Verdict, cuda_tuple
from envdoctor.matrix.model import Matrix


@dataclass(frozen=True)
class BuildFit:
    release: str
    version: str  # the newest patch version that has this variant
    variant: str
    cuda: str | None
    is_default: bool  # what a plain `pip install torch==<version>` gives on this OS
    verdict: Verdict
    driver: DriverCheck | None
    arch: ArchCheck | None
    python: Verdict | None
    reasons: tuple[str, ...]  # machine-readable: "driver:minor-compat", "gpu:ptx-jit", ...


_ORDER = {Verdict.NO: 0, Verdict.UNKNOWN: 1, Verdict.CAVEAT: 2, Verdict.OK: 3}


def _combine(verdicts: list[Verdict]) -> Verdict:
    return min(verdicts, key=_ORDER.__getitem__) if verdicts else Verdict.OK


def fits(
    matrix: Matrix,
    *,
    os_name: str,
    driver_os: str | None = None,
    driver: str | None = None,
    driver_cuda: str | None = None,
    capability: str | None = None,
    python: str | None = None,
) -> list[BuildFit]:
    """Every CUDA build of every release for `os_name`, newest release first, with a verdict.

    `driver_os` is the OS whose driver floors apply when it is not `os_name` (WSL: the
    Linux wheels run on the Windows driver).
    """
    out: list[BuildFit] = []
    platform = "linux-x86_64" if os_name == "linux" else os_name
    for rel in sorted(matrix.torch.releases, key=lambda r: Version(r.release), reverse=True):
        py = python_supported(rel, python) if python is not None else None
        for var in rel.variants:
            if not var.is_cuda or not var.built_for(os_name):
                continue
            assert var.cuda is not None
            verdicts: list[Verdict] = []
            reasons: list[str] = []
            if py is not None:
                verdicts.append(py)
                reasons.append(f"python:{py.value}")
            drv = None
            if driver is not None or driver_cuda is not None:
                drv = driver_supports_cuda(
                    matrix,
                    driver=driver,
                    driver_cuda=driver_cuda,
                    os_name=driver_os or os_name,
                    cuda=var.cuda,
                )
                verdicts.append(drv.verdict)
                reasons.append(f"driver:{drv.reason}")
            if driver is not None and capability is not None:
                past = driver_beyond_limit(matrix, driver=driver, capability=capability)
                if past is not None:
                    # The driver does not drive the GPU at all, whatever the build.
                    verdicts.append(Verdict.NO)
                    reasons.append("driver:past-gpu-last-branch")
                early = driver_predates_arch(
                    matrix, driver=driver, capability=capability, os_name=driver_os or os_name
                )
                if early is not None:
                    # Older than the GPU's architecture: no build runs (documented), or
                    # probably none (inferred from the toolkit: unknown, never "fits").
                    verdicts.append(Verdict.NO if early.firm else Verdict.UNKNOWN)
                    reasons.append("driver:predates-gpu")
            arch = None
            if capability is not None:
                arch = gpu_supported_by_build(
                    matrix, capability, arch_entries_from_variant(var, os_name), var.cuda
                )
                verdicts.append(arch.verdict)
                reasons.append(f"gpu:{arch.reason}")
                if ptx_blocked((arch,), drv.verdict if drv else None):
                    verdicts.append(Verdict.NO)
                    reasons.append("gpu:ptx-needs-native-driver")
            out.append(
                BuildFit(
                    release=rel.release,
                    version=var.newest_version(rel),
                    variant=var.name,
                    cuda=var.cuda,
                    is_default=rel.default_variant.get(platform) == var.name,
                    verdict=_combine(verdicts),
                    driver=drv,
                    arch=arch,
                    python=py,
                    reasons=tuple(reasons),
                )
            )
    return out


def variants_for_driver(
    matrix: Matrix,
    *,
    os_name: str,
    driver: str | None = None,
    driver_cuda: str | None = None,
    capabilities: tuple[str, ...] = (),
    driver_os: str | None = None,
    only_release: str | None = None,
) -> tuple[BuildFit, ...]:
    """The CUDA builds to suggest for a driver (and GPUs), from the matrix.

    The fitting builds of the newest release that has one (or of `only_release`, "2.8"):
    fully fitting before caveats (minor-version compatibility, PTX JIT), newest CUDA
    first. Empty when none fits.
    """
    rows = fits(
        matrix, os_name=os_name, driver_os=driver_os, driver=driver, driver_cuda=driver_cuda
    )
    if only_release is not None:
        rows = [row for row in rows if row.release == only_release]
    good = {Verdict.OK, Verdict.CAVEAT}
    chosen: list[BuildFit] = []
    for row in rows:
        if chosen and row.release != chosen[0].release:
            break
        release = matrix.release(row.release)
        variant = release.variant(row.variant) if release is not None else None
        if variant is None or row.verdict not in good:
            continue
        entries = arch_entries_from_variant(variant, os_name)
        checks = [gpu_supported_by_build(matrix, cc, entries, variant.cuda) for cc in capabilities]
        arch = [c.verdict for c in checks]
        if any(v not in good for v in arch) or ptx_blocked(
            checks, row.driver.verdict if row.driver else None
        ):
            continue
        chosen.append(replace(row, verdict=_combine([row.verdict, *arch])))
    chosen.sort(key=lambda r: (r.verdict is not Verdict.OK, [-(x) for x in _cuda_key(r.cuda)]))
    return tuple(chosen)


def _cuda_key(cuda: str | None) -> tuple[int, int]:
    return cuda_tuple(cuda) or (0, 0)


__all__ = [
    "BuildFit",
    "fits",
    "variants_for_driver",
]
