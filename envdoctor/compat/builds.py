"""An installed torch (version, local label, torch.version.cuda) -> the matrix's release and variant."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from packaging.version import Version

from envdoctor.compat.versions import TorchVersion, cuda_tuple, os_key, parse_version
from envdoctor.i18n import _
from envdoctor.matrix.model import LtsBuilds, Matrix, Release, Variant
from envdoctor.values import os_display


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


def _cuda_label(label: str) -> tuple[int, int] | None:
    """(13, 1) for "cu131"; None for other labels (the core's CUDA parser reads labels)."""
    return cuda_tuple(label) if label.startswith("cu") else None


def index_label_exists(matrix: Matrix, label: str) -> bool | None:
    """Whether PyTorch's wheel index has a folder for this build label (whl/cu131).

    True when a release in the matrix was built as `label`. False only for a CUDA label
    that falls inside the span of labels the matrix knows and that no release has: a label
    older than the oldest release the matrix covers (cu100) or newer than its newest (a
    later release may add it) stays unknown (None), and so do ROCm labels, whose point
    releases the matrix does not list completely.
    """
    names = {v.name for r in matrix.torch.releases for v in r.variants}
    if label in names:
        return True
    version = _cuda_label(label)
    if version is None:
        return None

    def versions(labels: Iterable[str]) -> list[tuple[int, int]]:
        return [v for n in labels if (v := _cuda_label(n)) is not None]

    span = versions(names)
    oldest = min(matrix.torch.releases, key=lambda r: parse_version(r.versions[0]) or Version("0"))
    # Releases before the matrix's oldest used its labels or older ones (cu100 was 1.0-1.4).
    floor = versions(v.name for v in oldest.variants)
    if not span or not floor or not max(floor) < version < max(span):
        return None
    return False


def index_labels(release: Release) -> tuple[str, ...]:
    """The CUDA build labels of one release, oldest CUDA first (cu126, cu130, cu132)."""
    cuda = [v for v in release.variants if v.is_cuda]
    return tuple(v.name for v in sorted(cuda, key=lambda v: cuda_tuple(v.cuda) or (0, 0)))


def lts_builds(matrix: Matrix, version: str) -> LtsBuilds | None:
    """The long-term-support builds a torch version is published as (1.8.2: the 1.8 LTS
    index), else None: such versions are on no regular index."""
    parsed = TorchVersion.parse(version)
    release = matrix.release(parsed.release) if parsed is not None else None
    if release is None or release.lts is None or parsed is None:
        return None
    return release.lts if parsed.exact in release.lts.versions else None


def lts_reason(lts: LtsBuilds, version: str, os_name: str | None = None) -> str:
    """Why no regular build is chosen for an LTS version, and where it is (translated)."""
    if lts.lacks_os(os_name):
        return _(
            "torch {version} is a long-term-support release built for {platforms} only: "
            "there is no build of it for {os}; the closest regular release is {prev}"
        ).format(
            version=version,
            platforms=", ".join(map(os_display, lts.platforms)),
            os=os_display(os_name),
            prev=previous_patch(version),
        )
    return _(
        "torch {version} is a long-term-support release, published only on {index}/<build> "
        "(builds {builds}; Python {python}); install it with pip's --extra-index-url "
        "{index}/<build>"
    ).format(version=version, index=lts.index, builds=", ".join(lts.variants), python=lts.python)


def previous_patch(version: str) -> str:
    """1.8.2 -> 1.8.1: the regular release before an LTS patch."""
    major, minor, patch = [*version.split("."), "0", "0"][:3]
    return f"{major}.{minor}.{max(int(patch) - 1, 0)}" if patch.isdigit() else version


__all__ = [
    "TorchBuild",
    "identify_torch",
    "index_label_exists",
    "index_labels",
    "lts_builds",
    "lts_reason",
    "previous_patch",
]
