"""Which torch builds of the matrix fit a driver, a GPU and a Python (for `envdoctor matrix`).

Every rule comes from `envdoctor.analyse.compat`; this module only walks the matrix,
applies them per build and combines the verdicts (no < unknown < caveat < ok). A fact
that was not given is not checked (its part of the verdict is left out), so a listing
for `--gpu` alone says which wheels carry code for that GPU whatever the driver.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from packaging.version import Version

from envdoctor.analyse.compat import (
    ArchCheck,
    DriverCheck,
    Verdict,
    arch_entries_from_variant,
    driver_supports_cuda,
    gpu_capability,
    gpu_supported,
    python_supported,
)
from envdoctor.matrix.gpus import ambiguous_gpu
from envdoctor.matrix.model import AmbiguousGpu, GpuDriverLimit, GpuEntry, Matrix

_CC_TEXT = re.compile(r"^\s*(?:sm_?)?(\d{1,2})\.?(\d)\s*$", re.IGNORECASE)
_DRIVER = re.compile(r"^\d{3}(\.\d{1,3}){0,2}$")
_PYTHON = re.compile(r"^(\d)\.(\d{1,2})(\.\d{1,2})?$")
# Prefixes people leave out when they type a GPU name ("RTX 3060", "T4", "P2000").
_PREFIXES = ("", "GeForce ", "Tesla ", "Quadro ")


@dataclass(frozen=True)
class GpuQuery:
    """What a --gpu text resolved to."""

    text: str
    capability: str | None
    entry: GpuEntry | None = None  # None when the capability was given directly
    ambiguous: AmbiguousGpu | None = None


def resolve_gpu(matrix: Matrix, text: str) -> GpuQuery:
    """A GPU name as NVML prints or a person types it, or a capability ('8.6', 'sm_86')."""
    m = _CC_TEXT.match(text)
    if m is not None and ("." in text or text.strip().lower().startswith("sm")):
        return GpuQuery(text, f"{int(m.group(1))}.{m.group(2)}")
    # The name as given first: a bare "RTX 6000" is ambiguous even though "Quadro RTX 6000"
    # is a known card.
    for prefix in _PREFIXES:
        match = gpu_capability(matrix, prefix + text)
        if match is not None:
            return GpuQuery(text, match.capability, match.entry)
        amb = ambiguous_gpu(matrix, prefix + text)
        if amb is not None:
            return GpuQuery(text, None, None, amb)
    return GpuQuery(text, None)


def valid_driver(text: str) -> bool:
    """'535.104.05', '580.65', or a bare branch '535'."""
    return bool(_DRIVER.match(text.strip()))


def valid_python(text: str) -> bool:
    """'3.11' or '3.11.4' with a plausible major (2 or 3)."""
    m = _PYTHON.match(text.strip())
    return bool(m) and m is not None and m.group(1) in {"2", "3"}


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


def driver_limit(matrix: Matrix, capability: str | None) -> GpuDriverLimit | None:
    """The newest driver branch a GPU of `capability` can run, when NVIDIA ended its support."""
    if capability is None:
        return None
    cc = tuple(int(x) for x in capability.split("."))
    best = None
    for lim in matrix.cuda.gpu_driver_limits:
        if cc <= tuple(int(x) for x in lim.cc_max.split(".")) and (
            best is None or lim.last_branch < best.last_branch
        ):
            best = lim
    return best


def fits(
    matrix: Matrix,
    *,
    os_name: str,
    driver: str | None = None,
    capability: str | None = None,
    python: str | None = None,
) -> list[BuildFit]:
    """Every CUDA build of every release for `os_name`, newest release first, with a verdict."""
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
            if driver is not None:
                drv = driver_supports_cuda(
                    matrix, driver=driver, driver_cuda=None, os_name=os_name, cuda=var.cuda
                )
                verdicts.append(drv.verdict)
                reasons.append(f"driver:{drv.reason}")
            arch = None
            if capability is not None:
                arch = gpu_supported(capability, arch_entries_from_variant(var, os_name))
                verdicts.append(arch.verdict)
                reasons.append(f"gpu:{arch.reason}")
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


__all__ = [
    "BuildFit",
    "GpuQuery",
    "driver_limit",
    "fits",
    "resolve_gpu",
    "valid_driver",
    "valid_python",
]
