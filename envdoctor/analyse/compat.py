"""The compatibility rules, as small pure functions over versions and the matrix.

Each verdict says which matrix rows it used (`sources`) so a finding can cite them.
When a fact or a rule is missing the verdict is UNKNOWN: unknown is never "compatible".
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

from envdoctor.matrix.gpus import normalise_name
from envdoctor.matrix.model import GpuEntry, Matrix, Release, Variant


# Whether one thing fits another (driver / CUDA, arch / GPU, Python / release): a domain
# verdict inside results, not a command's status (that is envdoctor.result.Outcome).
class Verdict(str, enum.Enum):
    OK = "ok"  # fully compatible
    CAVEAT = "caveat"  # works under a documented condition (minor-version compat, PTX JIT)
    NO = "no"  # incompatible
    UNKNOWN = "unknown"  # a fact or a rule is missing


# ---------------------------------------------------------------- versions


def parse_version(text: str | None) -> Version | None:
    if not text:
        return None
    try:
        return Version(text.strip())
    except InvalidVersion:
        return None


def os_key(os_name: str | None) -> str | None:
    """Normalise platform.system()-style names to the matrix's keys."""
    if not os_name:
        return None
    low = os_name.lower()
    if low.startswith("win"):
        return "windows"
    if low in {"darwin", "macos", "mac"}:
        return "macos"
    if low == "linux":
        return "linux"
    return None


def cuda_tuple(text: str | None) -> tuple[int, int] | None:
    """'12.8' / '12.8.1' / 12080 (NVML int) -> (12, 8)."""
    if text is None:
        return None
    m = re.match(r"^\s*(\d+)\.(\d+)", str(text))
    if m:
        return int(m.group(1)), int(m.group(2))
    return None


def cuda_from_int(value: int) -> str:
    """NVML/CUDA encode versions as 1000*major + 10*minor: 12020 -> '12.2'."""
    return f"{value // 1000}.{(value % 1000) // 10}"


# ---------------------------------------------------------------- driver vs CUDA


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


# ---------------------------------------------------------------- GPU arch vs wheel


@dataclass(frozen=True)
class ArchCheck:
    verdict: Verdict
    capability: str
    reason: (
        str  # "sass-exact", "sass-same-major", "ptx-jit", "no-kernel", "unknown-cc", "unknown-arch"
    )
    served_by: str | None = None  # the arch entry that serves it, "sm_86"


_ARCH = re.compile(r"^(sm|compute)_(\d+?)(\d)([a-z]?)$")


def parse_arch_entry(entry: str) -> tuple[str, int, int, bool] | None:
    """'sm_86' -> ('sm', 8, 6, False); 'compute_120' -> ('compute', 12, 0, False); 'sm_90a' -> arch-specific (True)."""
    m = _ARCH.match(entry.strip())
    if not m:
        return None
    # "a" targets (sm_90a) run only on that exact GPU; "f" targets (sm_100f, CUDA 12.9+)
    # run on the whole family, like plain SASS.
    return m.group(1), int(m.group(2)), int(m.group(3)), m.group(4) == "a"


def cc_tuple(cc: str | None) -> tuple[int, int] | None:
    if not cc:
        return None
    m = re.match(r"^\s*(\d+)\.(\d+)\s*$", cc)
    return (int(m.group(1)), int(m.group(2))) if m else None


def arch_entries_from_variant(variant: Variant, os_name: str) -> tuple[str, ...] | None:
    """The variant's arch list in get_arch_list() form for `os_name`, or None when unknown."""
    lists = variant.arch_lists(os_key(os_name) or "linux")
    if lists is None:
        return None
    sass, ptx = lists
    return tuple(f"sm_{cc.replace('.', '')}" for cc in sass) + tuple(
        f"compute_{cc.replace('.', '')}" for cc in ptx
    )


def gpu_supported(capability: str | None, arch_list: tuple[str, ...] | None) -> ArchCheck:
    """Does a wheel with `arch_list` (get_arch_list() form) run on a GPU of `capability`?

    CUDA's rule, which PyTorch follows: native code (SASS) for sm_X.Z runs on a GPU X.Y when
    the major matches and Z <= Y; arch-specific targets (sm_90a) run only on that exact
    GPU; otherwise PTX for compute_A.B with A.B <= X.Y can be JIT-compiled by the driver
    (slow first start, and only if the driver understands that PTX version).
    """
    cc = cc_tuple(capability)
    if cc is None:
        return ArchCheck(Verdict.UNKNOWN, capability or "?", "unknown-cc")
    if arch_list is None:
        return ArchCheck(Verdict.UNKNOWN, capability or "?", "unknown-arch")
    parsed = [(e, parse_arch_entry(e)) for e in arch_list]
    best_same_major = None
    for entry, p in parsed:
        if p is None or p[0] != "sm":
            continue
        _, major, minor, specific = p
        if (major, minor) == cc:
            return ArchCheck(Verdict.OK, capability or "?", "sass-exact", entry)
        if specific:
            continue
        if (
            major == cc[0]
            and minor <= cc[1]
            and (best_same_major is None or minor > best_same_major[1])
        ):
            best_same_major = (entry, minor)
    if best_same_major is not None:
        return ArchCheck(Verdict.OK, capability or "?", "sass-same-major", best_same_major[0])
    ptx = [
        (e, p)
        for e, p in parsed
        if p is not None and p[0] == "compute" and (p[1], p[2]) <= cc and not p[3]
    ]
    if ptx:
        entry = max(ptx, key=lambda ep: (ep[1][1], ep[1][2]))[0]
        return ArchCheck(Verdict.CAVEAT, capability or "?", "ptx-jit", entry)
    return ArchCheck(Verdict.NO, capability or "?", "no-kernel")


# ---------------------------------------------------------------- Python vs release


def python_supported(release: Release, python: str | None) -> Verdict:
    v = parse_version(python)
    if v is None:
        return Verdict.UNKNOWN
    short = Version(f"{v.major}.{v.minor}")
    if short in SpecifierSet(release.python) or v in SpecifierSet(release.python):
        return Verdict.OK
    if release.python_unverified and (
        short in SpecifierSet(release.python_unverified)
        or v in SpecifierSet(release.python_unverified)
    ):
        return Verdict.UNKNOWN
    return Verdict.NO


# ---------------------------------------------------------------- installed torch -> matrix rows


@dataclass(frozen=True)
class TorchBuild:
    release: Release | None  # None: newer or older than the matrix knows
    version: Version | None
    local: str | None  # "cu126", "cpu", "rocm6.4" or None (plain PyPI wheel)
    variant: Variant | None


def identify_torch(
    matrix: Matrix, version: str | None, cuda: str | None, os_name: str | None
) -> TorchBuild:
    """Map an installed torch (`2.4.1+cu121`, or `2.8.0` with torch.version.cuda '12.8') to a matrix row."""
    v = parse_version(version)
    if v is None:
        return TorchBuild(None, None, None, None)
    local = v.local
    release = matrix.release(f"{v.major}.{v.minor}")
    variant = None
    known_label = (
        local is None or re.match(r"^(cu\d+|cpu|rocm[\d.]+)$", local.split(".")[0]) is not None
    )
    if v.is_prerelease or v.is_devrelease or not known_label:
        # A source build (2.8.0a0+git...), an NGC build (+nv25.06) or a nightly: its arch
        # list is whatever it was built with, not a published wheel's.
        return TorchBuild(release, v, local, None)
    if release is not None:
        if local:
            variant = release.variant(local) or release.variant(local.split(".")[0])
        if variant is None and cuda:
            ct = cuda_tuple(cuda)
            for var in release.variants:
                if var.cuda and cuda_tuple(var.cuda) == ct:
                    variant = var
                    break
        if variant is None and not local and not cuda:
            key = os_key(os_name) or "linux"
            default = release.default_variant.get("linux-x86_64" if key == "linux" else key)
            # A plain build that reports no CUDA is a CPU build whatever the platform default.
            variant = (
                release.variant("cpu")
                if default is None or cuda is None
                else release.variant(default)
            )
    return TorchBuild(release, v, local, variant)


# ---------------------------------------------------------------- GPU names -> capability


@dataclass(frozen=True)
class GpuMatch:
    capability: str
    entry: GpuEntry
    how: str  # "name" or "pattern"


def normalise_gpu_name(name: str) -> str:
    return normalise_name(name)


def gpu_capability(matrix: Matrix, name: str | None) -> GpuMatch | None:
    """Look up a GPU name as NVML / nvidia-smi / collect_env print it; None when not known."""
    if not name:
        return None
    norm = normalise_gpu_name(name)
    for entry in matrix.gpus:
        for n in entry.names:
            if normalise_gpu_name(n) == norm:
                return GpuMatch(entry.cc, entry, "name")
    full = re.sub(r"\s+", " ", name.strip().lower())
    for entry in matrix.gpus:
        for pattern in entry.patterns:
            if re.search(pattern, full) or re.search(pattern, norm):
                return GpuMatch(entry.cc, entry, "pattern")
    return None


__all__ = [
    "ArchCheck",
    "DriverCheck",
    "GpuMatch",
    "TorchBuild",
    "Verdict",
    "arch_entries_from_variant",
    "cc_tuple",
    "cuda_from_int",
    "cuda_tuple",
    "driver_supports_cuda",
    "gpu_capability",
    "gpu_supported",
    "identify_torch",
    "min_driver_branch_for",
    "native_cuda_of_driver",
    "normalise_gpu_name",
    "os_key",
    "parse_arch_entry",
    "parse_version",
    "python_supported",
]
