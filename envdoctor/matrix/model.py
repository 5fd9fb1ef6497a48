"""Typed view of compat_matrix.json. Every rule row names its sources and a confidence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

# normalise_name is re-exported: the matrix keys its GPU table by it.
from envdoctor.values import normalise_name, os_key, parse_version

CONFIDENCE = ("documented", "observed", "corroborated", "inferred", "unknown")


@dataclass(frozen=True)
class Source:
    title: str
    url: str
    note: str | None = None


@dataclass(frozen=True)
class DriverFloor:
    """Inclusive minimum driver per OS; None = not known (never treated as satisfied)."""

    linux: str | None = None
    windows: str | None = None

    def for_os(self, os_name: str) -> str | None:
        return self.windows if os_name == "windows" else self.linux


@dataclass(frozen=True)
class MinorCompat:
    major: int
    min_driver: DriverFloor
    applies_to: str
    sources: tuple[str, ...]
    confidence: str
    note: str | None = None


@dataclass(frozen=True)
class Toolkit:
    cuda: str  # "12.8"
    min_driver: DriverFloor  # the driver the toolkit's first release of this minor shipped with
    release: str
    sources: tuple[str, ...]
    confidence: str
    note: str | None = None


@dataclass(frozen=True)
class DriverBranch:
    branch: int  # 535
    native_cuda: str  # newest CUDA the branch supports natively, "12.2"
    sources: tuple[str, ...]
    confidence: str


@dataclass(frozen=True)
class GpuDriverLimit:
    family: str
    cc_max: str  # GPUs up to this compute capability ...
    last_branch: int  # ... are supported by no driver branch newer than this
    sources: tuple[str, ...]
    confidence: str
    note: str | None = None


@dataclass(frozen=True)
class ArchMinDriver:
    """The first driver branch that drives any GPU of one compute capability.

    Older branches drive none of them (a later SKU of the capability can need a later
    driver): the opposite end of `GpuDriverLimit`.
    """

    cc: str  # "12.0"
    family: str
    first_branch: int  # 570
    sources: tuple[str, ...]
    confidence: str
    first_driver: DriverFloor | None = None  # the earliest driver the sources show, per OS
    note: str | None = None


@dataclass(frozen=True)
class ArchCuda:
    """The CUDA toolkits that build code for one compute-capability major (an architecture)."""

    major: int  # 12 = sm_12x
    family: str
    sources: tuple[str, ...]
    confidence: str
    first_cuda: str | None = None  # the first toolkit with code for it; None = not recorded
    last_cuda: str | None = None  # the last toolkit with code for it; None = still supported
    # Members newer than the family's first: the first toolkit that compiles native code for
    # them ("8.6": "11.1"). Running needs only first_cuda (an sm_80 cubin runs on 8.6);
    # compiling for the member itself needs this one.
    member_first_cuda: dict[str, str] = field(default_factory=dict)
    # Members dropped before the family's last toolkit: the last toolkit with code for them
    # ("3.0": "10.2": CUDA 11.0 dropped sm_30 and sm_32, CUDA 12.0 the rest of Kepler).
    member_last_cuda: dict[str, str] = field(default_factory=dict)
    note: str | None = None


@dataclass(frozen=True)
class NvencApi:
    """The first driver whose NVENC library offers one NVENC API version "major.minor".

    A program built with the headers of that API (FFmpeg with nv-codec-headers of the same
    number) refuses every older driver: "Driver does not support the required nvenc API
    version".
    """

    api: str  # "12.2"
    min_driver: DriverFloor
    headers: str  # the first nv-codec-headers release with this API, "n12.2.72.0"
    sources: tuple[str, ...]
    confidence: str
    note: str | None = None


@dataclass(frozen=True)
class CudaData:
    minor_version_compat: tuple[MinorCompat, ...]
    toolkits: tuple[Toolkit, ...]
    driver_branches: tuple[DriverBranch, ...]
    gpu_driver_limits: tuple[GpuDriverLimit, ...] = ()
    arch_min_driver: tuple[ArchMinDriver, ...] = ()
    arch_cuda: tuple[ArchCuda, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Variant:
    """One wheel flavour of a release: cu126, cpu, rocm6.4, ..."""

    name: str
    cuda: str | None = None
    rocm: str | None = None
    cudnn: str | None = None
    sass: tuple[str, ...] | None = None  # capabilities with native code; None = unknown
    ptx: tuple[str, ...] | None = None  # capabilities shipped as PTX
    ptx_os: tuple[str, ...] | None = None  # PTX present only on these OSes (None = all)
    arch_sources: tuple[str, ...] = ()
    arch_confidence: str | None = None
    arch_note: str | None = None
    note: str | None = None
    # Optional, added later: the patch versions that have this variant (None = every
    # version of the release) and the OSes it is built for (None = linux and windows
    # for CUDA/CPU wheels; ROCm wheels say ("linux",)).
    versions: tuple[str, ...] | None = None
    os: tuple[str, ...] | None = None
    # Windows wheels were built from separate scripts; when these are set they replace
    # sass/ptx on Windows (e.g. 1.x-2.7 Windows lists add 6.1 and compute_37 PTX).
    sass_windows: tuple[str, ...] | None = None
    ptx_windows: tuple[str, ...] | None = None
    arch_windows_sources: tuple[str, ...] = ()
    arch_windows_confidence: str | None = None

    @property
    def is_cuda(self) -> bool:
        return self.cuda is not None

    def built_for(self, os_name: str) -> bool:
        """Whether a wheel of this variant exists for `os_name` ("linux", "windows", "macos")."""
        if os_name == "macos":
            return self.name == "cpu"
        return self.os is None or os_name in self.os

    def arch_lists(self, os_name: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
        """(SASS, PTX) capabilities of this variant's wheel for `os_name`; None when unknown."""
        if os_name == "windows" and self.sass_windows is not None:
            return self.sass_windows, self.ptx_windows or ()
        if self.sass is None:
            return None
        ptx_here = self.ptx_os is None or os_name in self.ptx_os
        return self.sass, (self.ptx or ()) if ptx_here else ()

    def newest_version(self, release: Release) -> str:
        """The newest patch version of `release` that ships this variant."""
        return (self.versions or release.versions)[-1]


@dataclass(frozen=True)
class LtsBuilds:
    """A long-term-support release served from an index of its own (torch 1.8.2 from
    download.pytorch.org/whl/lts/1.8/<build>), not from PyPI or whl/<build>."""

    versions: tuple[str, ...]
    index: str  # the folder holding one sub-index per build: <index>/<variant>
    variants: tuple[str, ...]
    python: str  # PEP 440 specifier of Pythons with wheels
    sources: tuple[str, ...]
    companions: dict[str, str] = field(default_factory=dict)  # torchvision / torchaudio pins
    note: str | None = None
    # The matrix's OS keys ("linux", "windows", "macos") with wheels; empty: not recorded.
    platforms: tuple[str, ...] = ()

    def index_url(self, variant: str) -> str:
        return f"{self.index}/{variant}"

    def lacks_os(self, os_name: str | None) -> bool:
        """Whether this OS is known to have no builds (unknown OS or record: False)."""
        key = os_key(os_name)
        return bool(self.platforms) and key is not None and key not in self.platforms

    def problems(self, release: Release) -> list[str]:
        """What does not fit in this record: versions outside the release, builds the
        release does not have, an unreadable Python range."""
        out = [
            f"version {v!r} is not a {release.release}.x version"
            for v in self.versions
            if not v.startswith(release.release + ".") or parse_version(v) is None
        ]
        names = {v.name for v in release.variants}
        out += [f"build {v!r} is not one of the release's" for v in self.variants if v not in names]
        out += [
            f"platform {p!r} is not linux, windows or macos"
            for p in self.platforms
            if p not in ("linux", "windows", "macos")
        ]
        try:
            SpecifierSet(self.python)
        except InvalidSpecifier:
            out.append(f"python {self.python!r} is not a version specifier")
        return out


@dataclass(frozen=True)
class Release:
    release: str  # "2.13"
    versions: tuple[str, ...]  # ("2.13.0",) oldest first
    released: str
    python: str  # PEP 440 specifier of Pythons with wheels
    variants: tuple[Variant, ...]
    sources: tuple[str, ...]
    default_variant: dict[str, str | None] = field(default_factory=dict)
    python_unverified: str | None = None
    python_note: str | None = None
    # A Python minor ("3.13") whose wheels exist for some platforms only (keys of
    # default_variant: "linux-x86_64", "linux-aarch64", "windows", "macos"); a Python not
    # listed has wheels on every platform the release has.
    python_platforms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    lts: LtsBuilds | None = None

    @property
    def newest(self) -> str:
        return self.versions[-1]

    def python_platform_problems(self) -> list[str]:
        """python_platforms entries that are not a Python minor with known platform keys."""
        known = {"linux-x86_64", "linux-aarch64", "windows", "macos"}
        return [
            f"bad python_platforms entry {python!r}"
            for python, platforms in self.python_platforms.items()
            if re.fullmatch(r"3\.\d{1,2}", python) is None or set(platforms) - known
        ]

    def variant(self, name: str) -> Variant | None:
        for v in self.variants:
            if v.name == name:
                return v
        return None

    def default_for(self, os_name: str, machine: str | None = None) -> str | None:
        """The variant a plain `pip install torch==X` gets on `os_name` ("linux",
        "windows", "macos") and `machine`, when the matrix records it."""
        return self.default_variant.get(platform_key(os_name, machine))


def platform_key(os_name: str, machine: str | None = None) -> str:
    """The key of `Release.default_variant`: "linux-x86_64" / "linux-aarch64", else the OS."""
    if os_name == "linux":
        arm = (machine or "").lower() in {"aarch64", "arm64"}
        return "linux-aarch64" if arm else "linux-x86_64"
    return os_name


@dataclass(frozen=True)
class PlatformEnd:
    """The last torch version published for a platform or channel (Intel Macs, conda)."""

    platform: str  # "macos-x86_64", "conda"
    last: str  # "2.2.2"
    sources: tuple[str, ...]
    note: str | None = None


@dataclass(frozen=True)
class TorchData:
    releases: tuple[Release, ...]
    platform_ends: tuple[PlatformEnd, ...] = ()

    def last_for(self, platform: str) -> PlatformEnd | None:
        return next((e for e in self.platform_ends if e.platform == platform), None)

    def newest_release(self) -> Release:
        """The release with the newest version (the matrix always holds one)."""
        return max(self.releases, key=lambda r: Version(r.newest))


@dataclass(frozen=True)
class GpuEntry:
    name: str
    cc: str
    architecture: str
    sources: tuple[str, ...]
    confidence: str
    names: tuple[str, ...] = ()  # exact names as NVML / nvidia-smi / collect_env print them
    patterns: tuple[str, ...] = ()  # regexes over the normalised name (lower case)
    kind: str = "model"  # "model" (exact names) or "family" (patterns)
    note: str | None = None


@dataclass(frozen=True)
class AmbiguousGpu:
    """A GPU name that does not tell the compute capability on its own (two chips, one name)."""

    name: str
    candidates: tuple[str, ...]  # the compute capabilities the name can stand for
    sources: tuple[str, ...]
    confidence: str
    names: tuple[str, ...] = ()  # exact names (compared like GpuEntry.names)
    patterns: tuple[str, ...] = ()  # regexes over the lower-case name
    note: str | None = None


@dataclass(frozen=True)
class CompanionPair:
    """The companion versions to install with one torch version (None = none published)."""

    torch: str  # "2.1.2"
    torchvision: str | None = None  # "0.16.2"
    torchaudio: str | None = None  # "2.1.2"


@dataclass(frozen=True)
class CompanionRow:
    """torchvision / torchaudio for one torch release: what fits it, and what to pin."""

    torch: str  # release "2.1"
    sources: tuple[str, ...]
    confidence: str
    # PEP 440 specifiers of the companion versions that fit this release; None = not known.
    torchvision: str | None = None
    torchaudio: str | None = None
    pairs: tuple[CompanionPair, ...] = ()  # per torch patch version, oldest first
    note: str | None = None

    def fits(self, package: str) -> str | None:
        """The specifier of `package` ("torchvision", "torchaudio") versions that fit."""
        if package == "torchvision":
            return self.torchvision
        if package == "torchaudio":
            return self.torchaudio
        return None


@dataclass(frozen=True)
class Matrix:
    schema: str
    data_version: str
    reviewed: str
    newest_torch_on_index: str
    sources: dict[str, Source]
    cuda: CudaData
    torch: TorchData
    gpus: tuple[GpuEntry, ...]
    conventions: dict[str, str] = field(default_factory=dict)
    gpus_ambiguous: tuple[AmbiguousGpu, ...] = ()
    # General rules the analysis applies (same-major SASS, PTX JIT, ...) -> the sources behind them.
    rule_sources: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # torchvision / torchaudio per torch release (the section "companions").
    companions: tuple[CompanionRow, ...] = ()
    # The first driver per NVENC API version (the section "nvenc_api"), ascending.
    nvenc_api: tuple[NvencApi, ...] = ()
    path: str | None = None  # where it was loaded from (not in the file)

    def release(self, release: str) -> Release | None:
        for r in self.torch.releases:
            if r.release == release:
                return r
        return None


__all__ = [
    "CONFIDENCE",
    "AmbiguousGpu",
    "ArchCuda",
    "ArchMinDriver",
    "CompanionPair",
    "CompanionRow",
    "CudaData",
    "DriverBranch",
    "DriverFloor",
    "GpuDriverLimit",
    "GpuEntry",
    "Matrix",
    "MinorCompat",
    "NvencApi",
    "PlatformEnd",
    "Release",
    "Source",
    "Toolkit",
    "TorchData",
    "Variant",
    "normalise_name",
    "platform_key",
]
