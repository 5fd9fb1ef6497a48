"""Python rules: does a PyTorch release publish wheels for a Python version?"""

from __future__ import annotations

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from envdoctor.compat.versions import Verdict, parse_version
from envdoctor.i18n import _
from envdoctor.matrix.model import Release


def python_in_spec(spec: str, python: str | None) -> Verdict:
    """Whether a Python ("3.8.10" or "3.8") falls in a release's PEP 440 range of Pythons."""
    v = parse_version(python)
    if v is None:
        return Verdict.UNKNOWN
    short = Version(f"{v.major}.{v.minor}")
    return Verdict.OK if short in SpecifierSet(spec) or v in SpecifierSet(spec) else Verdict.NO


def python_supported(release: Release, python: str | None) -> Verdict:
    v = parse_version(python)
    if v is None:
        return Verdict.UNKNOWN
    short = Version(f"{v.major}.{v.minor}")
    if python_in_spec(release.python, python) is Verdict.OK:
        return Verdict.OK
    if release.python_unverified and (
        short in SpecifierSet(release.python_unverified)
        or v in SpecifierSet(release.python_unverified)
    ):
        return Verdict.UNKNOWN
    return Verdict.NO


def newest_python(release: Release) -> str | None:
    """The newest Python minor ("3.10") the release publishes builds for; None if unknown."""
    supported = [
        f"3.{minor}"
        for minor in range(6, 30)
        if python_supported(release, f"3.{minor}") is Verdict.OK
    ]
    return supported[-1] if supported else None


def oldest_python(release: Release) -> str | None:
    """The oldest Python minor ("3.11") the release publishes builds for; None if unknown."""
    for minor in range(6, 30):
        if python_supported(release, f"3.{minor}") is Verdict.OK:
            return f"3.{minor}"
    return None


def python_reason(
    python: str | None, bits: int | None, releases: list[Release], torch: str | None = None
) -> str:
    """Why no release fits this Python: 32-bit, the one `--torch` release, or every release."""
    if bits is not None and bits != 64:
        return _("PyTorch publishes 64-bit wheels only; this Python is {bits}-bit").format(
            bits=bits
        )
    if torch is not None and len(releases) == 1:
        # --torch narrowed the releases to one: speak of it, not of every release.
        return _("torch {release} has no wheels for Python {python} (it supports {spec})").format(
            release=releases[0].release,
            python=python or _("(version unknown)"),
            spec=releases[0].python,
        )
    ranges = ", ".join(f"{r.release}: {r.python}" for r in releases[:3])
    return _(
        "no PyTorch release has wheels for Python {python} (newest releases: {ranges})"
    ).format(python=python or _("(version unknown)"), ranges=ranges)


__all__ = [
    "newest_python",
    "oldest_python",
    "python_in_spec",
    "python_reason",
    "python_supported",
]
