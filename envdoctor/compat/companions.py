"""torchvision and torchaudio that pair with a torch release (the matrix's `companions`).

Both carry C++/CUDA extensions linked against one torch release (until torchvision 0.29.1
and torchaudio 2.11, which are built on torch's stable ABI and declare a range instead), so
a companion from another release fails at import or in its first operator. A companion
release newer than every row of the table is unknown, never assumed to fit.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

from envdoctor.compat.versions import TorchVersion, parse_version
from envdoctor.matrix.model import CompanionPair, CompanionRow, Matrix, platform_key

PACKAGES = ("torchvision", "torchaudio")


class Companions(NamedTuple):
    """The versions to install with one torch version; None = none published or not known."""

    torchvision: str | None
    torchaudio: str | None

    def get(self, package: str) -> str | None:
        return self.torchvision if package == "torchvision" else self.torchaudio


def _torch(version: str | TorchVersion) -> TorchVersion | None:
    return version if isinstance(version, TorchVersion) else TorchVersion.parse(version)


def companion_row(matrix: Matrix, torch_version: str | TorchVersion) -> CompanionRow | None:
    """The table row (specifiers, pins, sources, confidence) of a torch version's release."""
    tv = _torch(torch_version)
    if tv is None:
        return None
    return next((r for r in matrix.companions if r.torch == tv.release), None)


def _pair(row: CompanionRow, tv: TorchVersion) -> CompanionPair | None:
    if not row.pairs:
        return None
    exact = tv.exact
    if exact is not None:
        found = next((p for p in row.pairs if p.torch == exact), None)
        if found is not None:
            return found
    # A release ("2.1") or a patch the sources do not list: the release's newest pair.
    return row.pairs[-1]


def newest_pair_before(matrix: Matrix, package: str, version: str) -> CompanionPair | None:
    """The newest (torch, torchvision, torchaudio) pair in the table whose `package` is older
    than `version` ("torchvision", "0.17" -> torch 2.1.2 with torchvision 0.16.2)."""
    limit = Version(version)
    best: CompanionPair | None = None
    for row in matrix.companions:
        for pair in row.pairs:
            mine = pair.torchvision if package == "torchvision" else pair.torchaudio
            if mine is None or Version(mine) >= limit:
                continue
            if best is None or Version(pair.torch) > Version(best.torch):
                best = pair
    return best


def companions(matrix: Matrix, torch_version: str | TorchVersion) -> Companions | None:
    """(torchvision, torchaudio) to install with `torch_version`; None when its release is
    not in the table. A patch version gets the sources' exact pair (2.1.2 -> 0.16.2, 2.1.2),
    a bare release or an unlisted patch the release's newest pair."""
    tv = _torch(torch_version)
    if tv is None or tv.version.is_prerelease:
        return None  # a nightly pairs with nightlies, which the table does not hold
    row = companion_row(matrix, tv)
    if row is None:
        return None
    pair = _pair(row, tv)
    if pair is None:
        return None
    return Companions(pair.torchvision, pair.torchaudio)


def _newest_known(matrix: Matrix, package: str) -> Version | None:
    pinned = [
        parse_version(v)
        for row in matrix.companions
        for v in (p.torchvision if package == "torchvision" else p.torchaudio for p in row.pairs)
        if v is not None
    ]
    return max((v for v in pinned if v is not None), default=None)


def companion_fits(
    matrix: Matrix, torch_version: str | TorchVersion, package: str, version: str
) -> bool | None:
    """Whether `package` ("torchvision" / "torchaudio") `version` fits `torch_version`.

    By release, as the sources' tables are (torch 2.1.2 with torchvision 0.16.0 fits);
    build labels are `variant_mismatch`'s. None when unknown: an unreadable version, a
    torch release or package the table lacks, or a companion newer than any it knows.
    """
    if package not in PACKAGES:
        return None
    tv = _torch(torch_version)
    comp = parse_version(version)
    if tv is None or comp is None:
        return None
    row = companion_row(matrix, tv)
    text = row.fits(package) if row is not None else None
    if text is None:
        return None
    try:
        spec = SpecifierSet(text)
    except InvalidSpecifier:
        return None
    # 0.4.1a0+d94043a (a source build of 0.4.1) counts as 0.4.1.
    base = Version(comp.base_version)
    if base in spec:
        return True
    newest = _newest_known(matrix, package)
    if newest is None or base > newest:
        return None
    return False


_POST = re.compile(r"\.post\d+$")


def _label(version: str | None) -> str | None:
    """The build label of a wheel version: 'cu121', 'cpu', 'rocm6.4' (None: no label)."""
    v = parse_version(version)
    if v is None or v.local is None:
        return None
    return _POST.sub("", v.local)


def _default_label(matrix: Matrix, release: str, key: str) -> str | None:
    rel = matrix.release(release)
    return rel.default_variant.get(key) if rel is not None else None


def _companion_default(matrix: Matrix, package: str, version: str, key: str) -> str | None:
    """The build a label-less companion wheel from PyPI is: the default variant of the torch
    release(s) it is pinned with, when they agree (0.29.2, pinned with 2.14 and 2.15, whose
    defaults differ, stays unknown)."""
    v = parse_version(version)
    if v is None:
        return None
    public = v.public
    labels = {
        _default_label(matrix, row.torch, key)
        for row in matrix.companions
        for p in row.pairs
        if (p.torchvision if package == "torchvision" else p.torchaudio) == public
    }
    return labels.pop() if len(labels) == 1 else None


def variant_mismatch(
    torch_version: str,
    companion_version: str,
    *,
    matrix: Matrix | None = None,
    os_name: str | None = None,
    machine: str | None = None,
    package: str | None = None,
) -> bool | None:
    """Whether the companion is a different build than torch ('+cu124' with '+cu121',
    '+cpu' with '+cu121'), even when the releases pair. None when a version has no label
    and the default build of its release on `os_name` is not known: a label-less wheel is
    PyPI's default variant of its OS, resolved from `matrix` when it, `os_name` and (for
    the companion) `package` are given."""
    torch_label = _label(torch_version)
    comp_label = _label(companion_version)
    if matrix is not None and os_name is not None:
        key = platform_key(os_name, machine)
        if torch_label is None:
            tv = TorchVersion.parse(torch_version)
            torch_label = _default_label(matrix, tv.release, key) if tv is not None else None
        if comp_label is None and package in PACKAGES:
            comp_label = _companion_default(matrix, package, companion_version, key)
    if torch_label is None or comp_label is None:
        return None
    return torch_label != comp_label


__all__ = [
    "PACKAGES",
    "Companions",
    "companion_fits",
    "companion_row",
    "companions",
    "newest_pair_before",
    "variant_mismatch",
]
