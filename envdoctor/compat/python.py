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


def python_platforms(release: Release, python: str | None) -> tuple[str, ...] | None:
    """The platforms ("linux-x86_64", "windows", ...) that have the release's wheels for
    this Python when the matrix records only some of them (torch 2.5: Python 3.13 on Linux
    x86_64 only); None when the Python has them everywhere or is unknown."""
    v = parse_version(python)
    if v is None:
        return None
    return release.python_platforms.get(f"{v.major}.{v.minor}")


def newest_python(release: Release, platform: str | None = None) -> str | None:
    """The newest Python minor ("3.10") the release publishes builds for; None if unknown.
    With `platform` (a python_platforms key), one whose wheels exist there; without it,
    one whose wheels exist on every platform."""
    supported = [
        f"3.{minor}"
        for minor in range(6, 30)
        if python_supported(release, f"3.{minor}") is Verdict.OK
        and platform in (python_platforms(release, f"3.{minor}") or (platform,))
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
    "python_platforms",
    "python_reason",
    "python_supported",
]
