"""Driver rules: which CUDA a driver runs (natively or through NVIDIA's minor-version
compatibility, per OS), the driver a CUDA version needs, and a GPU's last driver branch.

Each verdict says which matrix rows it used (`sources`) so a finding can cite them.
When a fact or a rule is missing the verdict is UNKNOWN: unknown is never "compatible".
"""

from __future__ import annotations

from dataclasses import dataclass

from envdoctor.compat.memo import PerMatrix
from envdoctor.compat.versions import (
    ComputeCapability,
    DriverVersion,
    Verdict,
    cuda_tuple,
    os_key,
    parse_version,
)
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


# The same question is asked hundreds of times while builds are fitted (every variant of
# every release, per driver): answers are kept per matrix object.
_CHECKS = PerMatrix(4096)


def driver_supports_cuda(
    matrix: Matrix,
    *,
    driver: str | None,
    driver_cuda: str | None,
    os_name: str,
    cuda: str,
) -> DriverCheck:
    """Can a driver run code built with CUDA `cuda`? (`_driver_supports_cuda`, cached.)"""
    return _CHECKS.get(
        matrix,
        (driver, driver_cuda, os_name, cuda),
        lambda: _driver_supports_cuda(
            matrix, driver=driver, driver_cuda=driver_cuda, os_name=os_name, cuda=cuda
        ),
    )


def _driver_supports_cuda(
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
    if driver_cuda is None:
        # A bare branch ("535") runs what its branch runs natively: the branch table knows.
        given = DriverVersion.parse(driver)
        if given is not None and len(given.parts) == 1:
            driver_cuda = native_cuda_of_driver(matrix, driver)
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


def branch_of(matrix: Matrix, driver: DriverVersion) -> int:
    """The driver branch a version belongs to: the newest branch of the matrix at or below it.

    Windows numbers a branch's later drivers past the branch number (473.47 and 474.44 are
    R470 drivers, 581.57 an R580 one), so the first three digits are not the branch. A
    version older than every branch in the table keeps its own number.
    """
    known = [br.branch for br in matrix.cuda.driver_branches if br.branch <= driver.branch]
    return max(known, default=driver.branch)


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


def next_branch_after(matrix: Matrix, branch: int) -> int | None:
    """The first branch after `branch` in the branch table whose native CUDA is newer: every
    branch before it reports the same CUDA number (R418 up to R440 all say 10.1)."""
    native = {row.branch: row.native_cuda for row in matrix.cuda.driver_branches}
    later = sorted(b for b, cuda in native.items() if b > branch and cuda != native.get(branch))
    return later[0] if later else None


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
    """The newest driver branch a GPU of `capability` can run, when NVIDIA ended its support.

    From the matrix's `gpu_driver_limits` (each with NVIDIA's notes as sources). An
    unreadable capability ('8.6x') has no known limit: None, never a crash.
    """
    cc = ComputeCapability.parse(capability)
    if cc is None:
        return None
    best = None
    for lim in matrix.cuda.gpu_driver_limits:
        cc_max = ComputeCapability.parse(lim.cc_max)
        if (
            cc_max is not None
            and cc <= cc_max
            and (best is None or lim.last_branch < best.last_branch)
        ):
            best = lim
    return best


def driver_beyond_limit(
    matrix: Matrix, *, driver: str | None, capability: str | None
) -> GpuDriverLimit | None:
    """The limit a driver is past: a driver newer than the GPU's last branch does not drive it.

    A 560 driver and a Tesla K80 (Kepler, last branch R470): the K80 is not usable at all.
    None when the driver is within the limit, the GPU has none, or a fact is unknown.
    """
    given = DriverVersion.parse(driver)
    limit = driver_limit(matrix, capability)
    if given is None or limit is None:
        return None
    return limit if branch_of(matrix, given) > limit.last_branch else None


def limit_passed(
    matrix: Matrix, *, driver: str | None, capabilities: tuple[str | None, ...]
) -> GpuDriverLimit | None:
    """Of the GPUs' last-branch limits the driver is past, the oldest (None: none)."""
    limits = [
        lim
        for cc in capabilities
        if (lim := driver_beyond_limit(matrix, driver=driver, capability=cc)) is not None
    ]
    return min(limits, key=lambda lim: lim.last_branch) if limits else None


def next_branch_drops(
    matrix: Matrix, *, capability: str | None, driver: str | None
) -> GpuDriverLimit | None:
    """The limit that makes `driver`'s branch the GPU's last one (Maxwell-Volta on R580).

    A driver upgrade past it would lose the GPU: a caveat whenever an upgrade is advised.
    """
    given = DriverVersion.parse(driver)
    limit = driver_limit(matrix, capability)
    if limit is None or (given is not None and branch_of(matrix, given) > limit.last_branch):
        return None
    return limit


def recommended_branch(matrix: Matrix, capabilities: tuple[str | None, ...]) -> int | None:
    """The driver branch to install for these GPUs: the oldest GPU's last branch, if it has one.

    None when every GPU runs current drivers (install the newest) or nothing is known.
    """
    limits = [lim for lim in (driver_limit(matrix, c) for c in capabilities) if lim is not None]
    return min(lim.last_branch for lim in limits) if limits else None


@dataclass(frozen=True)
class CudaReach:
    """What a driver runs: CUDA up to `native` natively, and any minor version of the majors
    in `compat_majors` through NVIDIA's minor-version compatibility (when the driver is at
    or above that major's floor on the given OS)."""

    driver: str | None
    os: str
    native: str | None
    compat_majors: tuple[int, ...]
    sources: tuple[str, ...]


def cuda_reach(
    matrix: Matrix, *, driver: str | None, driver_cuda: str | None = None, os_name: str
) -> CudaReach:
    """Driver -> the newest CUDA it runs, per OS (WSL: pass "windows", the driver's OS)."""
    key = os_key(os_name) or "linux"
    native = driver_cuda or native_cuda_of_driver(matrix, driver)
    have = parse_version(driver)
    native_t = cuda_tuple(native)
    majors: list[int] = []
    sources: list[str] = [
        s
        for br in matrix.cuda.driver_branches
        if native is not None and br.native_cuda == native
        for s in br.sources
    ]
    for rule in matrix.cuda.minor_version_compat:
        floor = parse_version(rule.min_driver.for_os(key))
        # Never across a major: a 12.x driver runs no 13.x code, whatever its number.
        same_major = native_t is not None and native_t[0] == rule.major
        if have is not None and floor is not None and have >= floor and same_major:
            majors.append(rule.major)
            sources += rule.sources
    return CudaReach(driver, key, native, tuple(majors), tuple(dict.fromkeys(sources)))


__all__ = [
    "CudaReach",
    "DriverCheck",
    "branch_of",
    "cuda_reach",
    "driver_beyond_limit",
    "driver_limit",
    "driver_supports_cuda",
    "limit_passed",
    "min_driver_branch_for",
    "native_cuda_of_driver",
    "next_branch_after",
    "next_branch_drops",
    "recommended_branch",
]
