"""What pip's list of torch versions says: none at all for this interpreter (the Python,
its bits, a GPU index on a Mac), or versions that all begin after the one asked for."""

from __future__ import annotations

import re

from envdoctor.compat.versions import TorchVersion
from envdoctor.explain.model import Context
from envdoctor.explain.spec import sep, stop
from envdoctor.i18n import _
from envdoctor.values import parse_version


def pin_of(req: str) -> str | None:
    """The exact version a requirement pins ("torch==2.1.0+cu121" -> "2.1.0+cu121")."""
    return req.partition("==")[2] or None


def all_newer(req: str, listed: list[str]) -> str | None:
    """The oldest listed version when every listed one is newer than the pinned request:
    wheels for this Python begin after that release."""
    pin = TorchVersion.parse(pin_of(req))
    wanted = parse_version(pin.exact) if pin is not None else None
    parsed = [
        (version, tv.exact)
        for text in listed
        if (tv := TorchVersion.parse(text)) is not None
        and tv.exact is not None
        and (version := parse_version(tv.exact)) is not None
    ]
    if wanted is None or not parsed:
        return None
    oldest, exact = min(parsed)
    return exact if oldest > wanted else None


def newest_listed(newest: str, ctx: Context, fix: list[str], oldest: str | None = None) -> str:
    """pip listed versions, none the one asked for: an Intel Mac when the list ends where
    the matrix says Intel Mac wheels end; every listed version newer than the one asked
    for (this Python is newer than that release); else a version this Python has no
    wheel of."""
    intel_mac = ctx.matrix.torch.last_for("macos-x86_64")
    if intel_mac is not None and newest == intel_mac.last and ctx.known.os in (None, "Darwin"):
        fix.append(
            _("Use torch {last} on this Mac, or an Apple silicon / Linux machine.").format(
                last=intel_mac.last
            )
        )
        return _(
            "The newest torch pip can see here is {last}: this looks like an Intel "
            "(x86_64) Mac, for which PyTorch stopped publishing wheels after {last}."
        ).format(last=intel_mac.last)
    if oldest is not None:
        fix.append(
            _(
                "Use a Python of the requested release's time in a new environment, or "
                "install torch {oldest} or newer (with the versions of torchvision and "
                "torchaudio made for it)."
            ).format(oldest=oldest)
        )
        cause = _(
            "Every version pip can see for this Python and platform is newer than the one "
            "requested: the oldest is {oldest}. Wheels for this Python begin there, so this "
            "Python is newer than the requested release was built for (each release gets "
            "wheels only for the Python versions of its time)."
        ).format(oldest=oldest)
        if ctx.known.python_version:
            cause += sep() + _("Your Python is {version}.").format(version=ctx.known.python_version)
        return cause
    fix.append(_("Pick a listed version, or a Python version that the requested release supports."))
    return _(
        "The requested version is not among the versions that have a wheel for this "
        "Python and platform (newest here: {newest}). Either it does not exist, or "
        "it has no wheel for your Python version."
    ).format(newest=newest)


# pip's "Looking in indexes:" line naming a GPU index of PyTorch.
_GPU_INDEX = re.compile(
    r"Looking in indexes: [^\n]{0,200}?download\.pytorch\.org/whl/(?:nightly/)?"
    r"(?P<variant>cu\d{2,3}|rocm[\d.]{1,6})"
)


def no_wheel_at_all(
    req: str, versions: list[str], ctx: Context, facts: dict[str, object], fix: list[str]
) -> str:
    """pip saw no torch wheel for this interpreter at all (only 0.1.2 placeholders, or
    "none"): the interpreter, and the Pythons of a pinned release. Adds the steps."""
    k = ctx.known
    cause = _(
        "pip found no PyTorch wheel at all for this interpreter. PyTorch publishes "
        "wheels only for 64-bit CPython of the versions each release supports; a "
        "too-new or 32-bit Python, or an unsupported platform (Alpine/musl, 32-bit "
        "ARM), sees nothing"
    )
    cause += _(" (only the 2017 placeholder releases 0.1.2 are visible).") if versions else stop()
    if k.pointer_bits == 32:
        cause += sep() + _("Your Python is 32-bit.")
    if k.python_version:
        cause += sep() + _("Your Python is {version}.").format(version=k.python_version)
    gpu_index = ctx.near(_GPU_INDEX, "looking in indexes", before=0, reach=260)
    if gpu_index is not None:
        # A CUDA/ROCm index has wheels for Linux (and Windows for CUDA) only: on a Mac it
        # lists nothing, whatever the Python.
        variant = gpu_index.group("variant")
        facts["index_variant"] = variant
        cause += sep() + (
            _(
                "pip searched PyTorch's {variant} index, whose builds exist for Linux only: "
                "on Windows and macOS it offers nothing, whatever the Python."
            )
            if variant.startswith("rocm")
            else _(
                "pip searched PyTorch's {variant} index, whose builds exist for Linux and "
                "Windows only: on macOS it offers nothing, whatever the Python (a Mac "
                "installs the plain `python -m pip install torch` from PyPI)."
            )
        ).format(variant=variant)
    wanted = TorchVersion.parse(pin_of(req))
    pinned = ctx.matrix.release(wanted.release) if wanted is not None else None
    if pinned is not None:
        facts["release_python"] = pinned.python
        cause += sep() + _("torch {release} was built for Python {spec} only.").format(
            release=pinned.release, spec=pinned.python
        )
    fix.append(
        _(
            "Use 64-bit CPython of a version the torch release supports (the Python "
            "versions of each release are on pypi.org/project/torch), e.g. in a new venv "
            "or conda environment."
        )
    )
    fix.append(
        _(
            "Check the interpreter: "
            'python -c "import sys, platform; print(sys.version, platform.machine())"'
        )
    )
    return cause


__all__ = ["all_newer", "newest_listed", "no_wheel_at_all", "pin_of"]
