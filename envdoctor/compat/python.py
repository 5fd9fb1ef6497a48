"""Python rules: does a PyTorch release publish wheels for a Python version?"""

from __future__ import annotations

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from envdoctor.compat.versions import Verdict, parse_version
from envdoctor.matrix.model import Release


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


__all__ = [
    "python_supported",
]
