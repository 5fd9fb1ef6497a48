"""Driver rules: which CUDA a driver runs (natively or through NVIDIA's minor-version
compatibility, per OS), the driver a CUDA version needs, and a GPU's last driver branch.

Each verdict says which matrix rows it used (`sources`) so a finding can cite them.
When a fact or a rule is missing the verdict is UNKNOWN: unknown is never "compatible".
"""

from __future__ import annotations

from dataclasses import dataclass

from envdoctor.compat.versions import Verdict, cuda_tuple, os_key, parse_version
from envdoctor.matrix.model import GpuDriverLimit, Matrix


@dataclass(frozen=True)
class DriverCheck:
    verdict: Verdict
    cuda: str  # the CUDA version that was checked
    os: str
    direct_min: str | None  # driver that supports this CUDA natively
    minor_min: str | None  # minor-version-compatibility floor of this CUDA major
    sources: tuple[str, ...]
    reason: str  # machine-readable reason: "native", "driver-cuda", "minor-compat", "too-old", ...


def _toolkit(matrix: Matrix, cuda: str) -> tuple[str | None, tuple[str, ...]]:
    want = cuda_tuple(cuda)
    for tk in matrix.cuda.toolkits:
        if cuda_tuple(tk.cuda) == want:
            return tk.cuda, tk.sources
    return None, ()


def driver_supports_cuda(
    matrix: Matrix,
    *,
    driver: str | None,
    driver_cuda: str | None,
    os_name: str,
    cuda: str,
) -> DriverCheck:
    """Can a driver run code built with CUDA `cuda`? Applies NVIDIA's minor-version compatibility.

    `driver_cuda` is what the driver itself reports (NVML's CUDA driver version); it is the
    most precise fact and wins when present. Otherwise the driver version is compared with
    the toolkit table. Minor-version compatibility means: any driver at or above the floor
    of that CUDA major runs it, with a limited feature set (PTX JIT of newer PTX can fail).
    """
    key = os_key(os_name) or "linux"
    want = cuda_tuple(cuda)
    if want is None:
        return DriverCheck(Verdict.UNKNOWN, cuda, key, None, None, (), "bad-cuda-version")
    tk_name, tk_sources = _toolkit(matrix, cuda)
    direct_min = None
    if tk_name is not None:
        for tk in matrix.cuda.toolkits:
            if tk.cuda == tk_name:
                direct_min = tk.min_driver.for_os(key)
    mvc = next((r for r in matrix.cuda.minor_version_compat if r.major == want[0]), None)
    minor_min = mvc.min_driver.for_os(key) if mvc else None
    sources = tk_sources + (mvc.sources if mvc else ())
    have_cuda = cuda_tuple(driver_cuda)
    if have_cuda is not None and have_cuda >= want:
        return DriverCheck(Verdict.OK, cuda, key, direct_min, minor_min, sources, "driver-cuda")
    if have_cuda is not None and have_cuda[0] < want[0]:
        # Minor-version compatibility never crosses a major version.
        return DriverCheck(Verdict.NO, cuda, key, direct_min, minor_min, sources, "too-old")
    have = parse_version(driver)
    if have is None:
        return DriverCheck(
            Verdict.UNKNOWN, cuda, key, direct_min, minor_min, sources, "no-driver-version"
        )
    dmin = parse_version(direct_min)
    if have_cuda is None and dmin is not None and have >= dmin:
        return DriverCheck(Verdict.OK, cuda, key, direct_min, minor_min, sources, "native")
    # Below native support: only minor-version compatibility can help (CUDA >= 11).
    mmin = parse_version(minor_min)
    if want[0] < 11 or mvc is None:
        if dmin is None:
            return DriverCheck(
                Verdict.UNKNOWN, cuda, key, direct_min, minor_min, sources, "no-rule"
            )
        return DriverCheck(Verdict.NO, cuda, key, direct_min, minor_min, sources, "too-old")
    if mmin is None:
        return DriverCheck(Verdict.UNKNOWN, cuda, key, direct_min, minor_min, sources, "no-rule")
    if have >= mmin:
        # The driver's own CUDA version (when known) must be of the same major: a 12.x driver
        # never runs 13.x code, whatever its version number.
        if have_cuda is not None and have_cuda[0] < want[0]:
            return DriverCheck(Verdict.NO, cuda, key, direct_min, minor_min, sources, "too-old")
        if dmin is None and have_cuda is None:
            # Above the floor, but whether it is natively new enough is unknown: still a caveat.
            return DriverCheck(
                Verdict.CAVEAT, cuda, key, direct_min, minor_min, sources, "minor-compat"
            )
        return DriverCheck(
            Verdict.CAVEAT, cuda, key, direct_min, minor_min, sources, "minor-compat"
        )
    return DriverCheck(Verdict.NO, cuda, key, direct_min, minor_min, sources, "too-old")


def native_cuda_of_driver(matrix: Matrix, driver: str | None) -> str | None:
    """The CUDA version a driver branch supports natively (535.x -> 12.2), from the branch table."""
    v = parse_version(driver)
    if v is None:
        return None
    branch = v.release[0]
    best = None
    for br in matrix.cuda.driver_branches:
        if br.branch <= branch and (best is None or br.branch > best.branch):
            best = br
    return best.native_cuda if best else None


def min_driver_branch_for(matrix: Matrix, cuda: str, os_name: str) -> str | None:
    """The driver a user should install to run `cuda` natively (for fix texts)."""
    name, _ = _toolkit(matrix, cuda)
    if name is None:
        return None
    for tk in matrix.cuda.toolkits:
        if tk.cuda == name:
            return tk.min_driver.for_os(os_key(os_name) or "linux")
    return None


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


def recommended_branch(capabilities: tuple[str | None, ...]) -> int | None:
    """Old GPUs stop at a legacy branch: Kepler on R470, Maxwell to Volta on R580."""
    ccs = [c for c in capabilities if c]
    if not ccs:
        return None
    lowest = min(tuple(int(x) for x in c.split(".")) for c in ccs)
    if lowest < (5, 0):
        return 470
    if lowest < (7, 5):
        return 580
    return None


__all__ = [
    "DriverCheck",
    "driver_limit",
    "driver_supports_cuda",
    "min_driver_branch_for",
    "native_cuda_of_driver",
    "recommended_branch",
]
