"""GPU architecture rules: does a build's arch list serve a GPU of a compute capability?"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from envdoctor.compat.versions import Verdict, cc_tuple, os_key, parse_arch_entry
from envdoctor.matrix.model import Variant


@dataclass(frozen=True)
class ArchCheck:
    verdict: Verdict
    capability: str
    reason: (
        str  # "sass-exact", "sass-same-major", "ptx-jit", "no-kernel", "unknown-cc", "unknown-arch"
    )
    served_by: str | None = None  # the arch entry that serves it, "sm_86"


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


__all__ = [
    "ArchCheck",
    "arch_entries_from_variant",
    "gpu_supported",
    "ptx_blocked",
]
