"""GPU architecture rules: does a build's arch list serve a GPU of a compute capability?"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from packaging.version import Version

from envdoctor.compat.versions import (
    Verdict,
    cc_tuple,
    cuda_tuple,
    os_key,
    parse_arch_entry,
)
from envdoctor.i18n import _
from envdoctor.matrix.model import ArchCuda, Matrix, Variant


@dataclass(frozen=True)
class ArchCheck:
    verdict: Verdict
    capability: str
    reason: (
        str  # "sass-exact", "sass-same-major", "ptx-jit", "ptx-predates-arch", "no-kernel",
        # "unknown-cc", "unknown-arch"
    )
    served_by: str | None = None  # the arch entry that serves it, "sm_86"
    needs_cuda: str | None = None  # "ptx-predates-arch": the first CUDA with code for the GPU
    sources: tuple[str, ...] = ()  # the matrix rows the verdict rests on, beyond the arch list


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


def ptx_blocked(arch: Iterable[ArchCheck], driver: Verdict | None) -> bool:
    """NVIDIA: a driver that runs a build's CUDA only through minor-version compatibility
    cannot JIT-compile the build's PTX, so a GPU served only by PTX gets no kernels."""
    return driver is Verdict.CAVEAT and any(a.reason == "ptx-jit" for a in arch)


def arch_cuda(matrix: Matrix, major: int) -> ArchCuda | None:
    """The matrix's row for one compute-capability major (its first / last CUDA toolkit)."""
    return next((row for row in matrix.cuda.arch_cuda if row.major == major), None)


def last_cuda_for(matrix: Matrix, major: int, minor: int) -> str | None:
    """The last CUDA toolkit that builds code for compute capability major.minor: the
    member's own where it was dropped before its family (sm_30 after CUDA 10.2), else the
    family's; None while toolkits still build it or when the matrix has no row."""
    row = arch_cuda(matrix, major)
    if row is None:
        return None
    return row.member_last_cuda.get(f"{major}.{minor}", row.last_cuda)


def build_cuda_ceiling(matrix: Matrix, arch_list: tuple[str, ...]) -> tuple[int, int] | None:
    """The newest CUDA a build with `arch_list` can have been made with, or None.

    A toolkit builds no code for an architecture after its last one (CUDA 12 has no Kepler
    target), so an arch list that names sm_37 or compute_37 comes from CUDA 11.8 or older.
    """
    ceiling = None
    for entry in arch_list:
        parsed = parse_arch_entry(entry)
        last_cuda = last_cuda_for(matrix, parsed[1], parsed[2]) if parsed is not None else None
        last = cuda_tuple(last_cuda) if last_cuda is not None else None
        if last is not None and (ceiling is None or last < ceiling):
            ceiling = last
    return ceiling


def gpu_supported_by_build(
    matrix: Matrix,
    capability: str | None,
    arch_list: tuple[str, ...] | None,
    build_cuda: str | None,
) -> ArchCheck:
    """`gpu_supported`, plus the one rule PTX cannot get around: a build whose CUDA predates
    the GPU's architecture does not run on it, even through PTX JIT, because the CUDA
    libraries it bundles (cuBLAS, cuDNN) have no code for that architecture.

    The build's CUDA is `build_cuda` when known, else the ceiling its arch list implies;
    neither known means the PTX caveat stands (unknown stays unknown).
    """
    check = gpu_supported(capability, arch_list)
    cc = cc_tuple(capability)
    if check.reason != "ptx-jit" or cc is None or arch_list is None:
        return check
    row = arch_cuda(matrix, cc[0])
    need = cuda_tuple(row.first_cuda) if row is not None else None
    if row is None or need is None:
        return check
    have = cuda_tuple(build_cuda)
    sources = row.sources
    if have is None:
        have = build_cuda_ceiling(matrix, arch_list)
        majors = {p[1] for p in map(parse_arch_entry, arch_list) if p is not None}
        sources += tuple(
            src
            for r in matrix.cuda.arch_cuda
            if r.major in majors and r.last_cuda is not None and cuda_tuple(r.last_cuda) == have
            for src in r.sources
        )
    if have is None or have >= need:
        return check
    return ArchCheck(
        Verdict.NO,
        check.capability,
        "ptx-predates-arch",
        check.served_by,
        needs_cuda=row.first_cuda,
        sources=sources,
    )


__all__ = [
    "ArchCheck",
    "arch_cuda",
    "arch_entries_from_variant",
    "build_cuda_ceiling",
    "gpu_supported",
    "gpu_supported_by_build",
    "ptx_blocked",
]


@dataclass(frozen=True)
class SourceBuild:
    """Whether PyTorch can still be built from source for a GPU no release ships code for."""

    family: str | None  # "Fermi"
    last_cuda: str | None  # the last toolkit that compiles for the architecture
    possible: bool | None  # False: that toolkit predates every PyTorch release in the matrix
    sources: tuple[str, ...] = ()


def source_build_for(matrix: Matrix, capability: str | None) -> SourceBuild:
    """Can a source build of any PyTorch release in the matrix target `capability`?

    A build needs a toolkit that still compiles for the GPU (≤ the arch's last CUDA) and
    that the release supports (≥ the oldest CUDA any of its wheels was built with). When the
    architecture's last toolkit predates every release's oldest CUDA (Fermi: CUDA 8.0, the
    matrix's oldest wheel CUDA 9.2) there is no such build; unknown rows stay unknown.
    """
    cc = cc_tuple(capability)
    row = arch_cuda(matrix, cc[0]) if cc is not None else None
    if row is None or cc is None:
        return SourceBuild(None, None, None)
    row = replace(row, last_cuda=last_cuda_for(matrix, *cc))
    last = cuda_tuple(row.last_cuda)
    wheel_cudas = [
        t
        for r in matrix.torch.releases
        for v in r.variants
        if (t := cuda_tuple(v.cuda)) is not None
    ]
    if last is None or not wheel_cudas:
        return SourceBuild(
            row.family, row.last_cuda, None if last is not None else True, row.sources
        )
    return SourceBuild(row.family, row.last_cuda, last >= min(wheel_cudas), row.sources)


def source_build_reason(matrix: Matrix, capability: str) -> str | None:
    """The sentence that follows "no release ships kernels for it": whether a source build
    can still serve the GPU (and with which toolkit), or nothing can. None when unknown."""
    source = source_build_for(matrix, capability)
    if source.possible is False:
        return _(
            "{family} GPUs (compute capability {cc}) cannot run any PyTorch release, not even "
            "one built from source: CUDA {last} is the last toolkit that compiles for them, "
            "and every release envdoctor knows needs a newer one; use the CPU build or a "
            "newer GPU"
        ).format(family=source.family, cc=capability, last=source.last_cuda)
    if source.last_cuda is not None:
        return _(
            "PyTorch built from source can still serve it: set TORCH_CUDA_ARCH_LIST={cc} and "
            "use a CUDA toolkit no newer than {last}, the last that compiles for {family} GPUs"
        ).format(cc=capability, last=source.last_cuda, family=source.family)
    return None


def first_release_with_code(
    matrix: Matrix, capability: str, os_name: str
) -> tuple[str, str] | None:
    """(release, variant) of the oldest release with native code (SASS) for `capability`
    on `os_name` ("2.7", "cu128"): the torch an application that pins its torch must be
    built on at least."""
    for release in sorted(matrix.torch.releases, key=lambda r: Version(r.versions[0])):
        for variant in release.variants:
            if not variant.is_cuda or not variant.built_for(os_key(os_name) or "linux"):
                continue
            check = gpu_supported(capability, arch_entries_from_variant(variant, os_name))
            if check.reason in ("sass-exact", "sass-same-major"):
                return release.release, variant.name
    return None
