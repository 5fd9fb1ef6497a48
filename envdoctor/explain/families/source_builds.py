"""Building a package from source because no wheel fits: the C compiler it needs, and
the distutils module Python 3.12 no longer has.

Sources: Python 3.12's "What's New" (distutils removed, PEP 632; setuptools provides a
replacement), uv's build-failure troubleshooting page (astral-sh/uv,
docs/reference/troubleshooting/build-failures.md: a missing `gcc`, old releases needing
distutils on new Pythons).
"""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx
from envdoctor.i18n import N_, _
from envdoctor.values import PythonVersion

FAMILY = Family("source_builds")

# The package being built, as pip and uv name it ("Failed to build `numpy==1.19.5`",
# "Building wheel for numpy (pyproject.toml)").
_BUILDING = re.compile(
    r"Failed to build `(?P<uv>[\w.-]{1,80})==(?P<version>[\w.+-]{1,40})`|"
    r"Building wheels? for (?P<pip>[\w.-]{1,80}) \((?:setup\.py|pyproject\.toml)\)|"
    r"Failed building wheel for (?P<failed>[\w.-]{1,80})"
)


def _building(ctx: Context) -> str | None:
    found = ctx.near(
        _BUILDING, "failed to build", "building wheel", "failed building wheel", before=0
    )
    if found is None:
        return None
    if found.group("uv"):
        return f"{found.group('uv')}=={found.group('version')}"
    return found.group("pip") or found.group("failed")


@FAMILY.entry(
    code="c-compiler-missing",
    keywords=("failed: no such file or directory", "unable to execute"),
    title=N_("No C compiler to build a package from source"),
    patterns=(
        rx(
            r"command '(?P<cc>(?:/usr/bin/)?(?:x86_64-linux-gnu-|aarch64-linux-gnu-)?"
            r"(?:gcc|g\+\+|cc|c\+\+))' failed: No such file or directory"
        ),
        rx(
            r"unable to execute '(?P<cc>(?:x86_64-linux-gnu-|aarch64-linux-gnu-)?"
            r"(?:gcc|g\+\+|cc|c\+\+))': No such file or directory"
        ),
    ),
    specificity=3,
)
def _advise_no_compiler(m: re.Match[str], ctx: Context) -> Advice:
    facts: dict[str, object] = {"compiler": m.group("cc")}
    package = _building(ctx)
    if package:
        facts["package"] = package
    cause = _(
        "pip (or uv) is building {what} from source, because no wheel fits this Python and "
        "platform, and the build needs a C/C++ compiler ({cc}) that this system does not have."
    ).format(what=package or _("a package"), cc=m.group("cc"))
    fix = (
        _(
            "Install the compilers: `sudo apt install build-essential` (Debian/Ubuntu), "
            "`sudo dnf install gcc gcc-c++` (Fedora/RHEL); in a slim Docker image add them "
            "to the image; in a conda environment `conda install -c conda-forge compilers`."
        ),
        _(
            "Or avoid the build: a newer release of the package, or a Python version it "
            "publishes wheels for, installs without a compiler."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=ctx.known.local)


def _python_minor(ctx: Context) -> int | None:
    """The Python 3 minor version the facts (or the paste's paths, through the clues) show."""
    version = PythonVersion.parse(ctx.known.python_version)
    return version.minor if version is not None and version.major == 3 else None


@FAMILY.entry(
    code="distutils-removed",
    keywords=("no module named 'distutils", "distutils` was removed"),
    title=N_("distutils is gone from Python 3.12 and newer"),
    patterns=(
        # Not other submodules (distutils._msvccompiler): those are setuptools' own.
        rx(r"No module named '(?P<mod>distutils(?:\.(?:core|util|sysconfig|spawn|cmd))?)'"),
        # uv's own hint.
        rx(r"`distutils` was removed from the standard library in Python 3\.12(?P<hint>)"),
    ),
    specificity=3,
)
def _advise_distutils(_m: re.Match[str], ctx: Context) -> Advice:
    facts: dict[str, object] = {}
    package = _building(ctx)
    if package:
        facts["package"] = package
    minor = _python_minor(ctx)
    k = ctx.known
    debian = k.os in (None, "Linux") and not ctx.has("fedora", "rhel", "centos", "dnf ")
    if minor is not None and minor < 12 and not debian:
        facts["python_version"] = f"3.{minor}"
        cause = _(
            "This Python 3.{minor} has no distutils although its standard library should: "
            "the Python installation is incomplete (a trimmed or broken build)."
        ).format(minor=minor)
        return Advice(
            cause,
            (_("Reinstall that Python (python.org, conda or the system's package)."),),
            facts,
            title=_("This Python's distutils is missing"),
            key="incomplete",
            used_local_facts=k.local,
        )
    if minor is not None and minor < 12:
        # Debian and Ubuntu ship distutils apart from their system Python 3 before 3.12.
        facts["python_version"] = f"3.{minor}"
        cause = _(
            "This Python 3.{minor} has no distutils although its standard library should: "
            "Debian and Ubuntu split it from their system Python into the python3-distutils "
            "package, which is not installed."
        ).format(minor=minor)
        fix_debian = (
            _(
                "Install it: `sudo apt install python3-distutils` (for a deadsnakes "
                "Python 3.{minor}: python3.{minor}-distutils)."
            ).format(minor=minor),
            _(
                "Or use a Python whose standard library is complete (conda's, pyenv's): a venv "
                "of the system Python lacks it too."
            ),
        )
        return Advice(
            cause,
            fix_debian,
            facts,
            title=_("Debian/Ubuntu's python3-distutils package is not installed"),
            key="debian",
            used_local_facts=ctx.known.local,
        )
    cause = _(
        "Python 3.12 removed the distutils module from the standard library (PEP 632). "
        "Code written before that still imports it: most often the build of an old release "
        "of a package{what} that has no wheel for this Python, or an old package at run time."
    ).format(what=f" ({package})" if package else "")
    if minor is None:
        cause += " " + _(
            "(On Debian/Ubuntu with an older Python 3, the python3-distutils package is "
            "missing instead.)"
        )
    fix = (
        _(
            "Use a release of the package that supports this Python (it has a wheel for it, "
            "so nothing is built): allow a newer version in the requirements."
        ),
        _(
            "At run time, installing setuptools brings a replacement distutils: "
            "`python -m pip install setuptools`."
        ),
        _("Or use Python 3.11, the last with distutils, for this project."),
    )
    return Advice(cause, fix, facts, used_local_facts=ctx.known.local)


@FAMILY.entry(
    code="rust-compiler-missing",
    keywords=("can't find rust compiler",),
    title=N_("No Rust compiler to build a package from source"),
    # setuptools-rust's message (tokenizers, orjson, safetensors and other Rust-backed
    # packages, when pip falls back to their source release).
    patterns=(rx(r"error: can't find Rust compiler"),),
    specificity=3,
)
def _advise_no_rust(_m: re.Match[str], ctx: Context) -> Advice:
    facts: dict[str, object] = {}
    package = _building(ctx)
    if package:
        facts["package"] = package
    minor = _python_minor(ctx)
    if minor is not None:
        facts["python_version"] = f"3.{minor}"
    cause = _(
        "pip is building {what} from source because it found no wheel it can use: an old "
        "pip that cannot read the wheels' platform tags, or a Python version or platform "
        "(a new Python, Linux on ARM, Alpine/musl, 32-bit) that release publishes no wheel "
        "for. The source build needs a Rust compiler, and there is none on PATH."
    ).format(what=package or _("a Rust-backed package"))
    fix = (
        _("Upgrade pip first and retry: `python -m pip install --upgrade pip`."),
        _(
            "Or use a Python version (or a newer release of the package) that has wheels "
            "for this platform, so nothing is built."
        ),
        _(
            "Or install Rust and retry: rustup (https://rustup.rs) or the system's package "
            "manager, with cargo on PATH during the install."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=ctx.known.local)


@FAMILY.entry(
    code="pkgutil-impimporter-removed",
    keywords=("impimporter",),
    title=N_("An old setuptools/pkg_resources on Python 3.12 or newer"),
    # pkg_resources' register_finder(pkgutil.ImpImporter, ...) of old setuptools; Python
    # 3.12 removed pkgutil.ImpImporter (What's New in Python 3.12; pypa/pip#12358).
    patterns=(rx(r"module 'pkgutil' has no attribute 'ImpImporter'"),),
    specificity=3,
)
def _advise_impimporter(_m: re.Match[str], ctx: Context) -> Advice:
    facts: dict[str, object] = {}
    package = _building(ctx)
    if package:
        facts["package"] = package
    minor = _python_minor(ctx)
    if minor is not None:
        facts["python_version"] = f"3.{minor}"
    if ctx.has("pip-build-env-", "getting requirements to build wheel", "building wheel"):
        cause = _(
            "pip is building {what} from source in an isolated build environment, because "
            "the pinned release has no wheel for this Python; its build pins an old "
            "setuptools whose pkg_resources uses pkgutil.ImpImporter, which Python 3.12 "
            "removed. Same family as distutils' removal: an old release that predates this "
            "Python."
        ).format(what=package or _("an old release of a package"))
        fix: tuple[str, ...] = (
            _(
                "Allow a newer release of that package (one with wheels for this Python): "
                "relax the old pin in the requirements."
            ),
            _("Or use Python 3.11 for this project, which the old release supports."),
            _(
                "Or, when the package must stay, build without isolation against a current "
                "setuptools: `python -m pip install --upgrade setuptools` then `pip install "
                "--no-build-isolation <package>`."
            ),
        )
    else:
        cause = _(
            "An old setuptools (its pkg_resources) or an old pip is installed in this "
            "Python 3.12-or-newer environment: it uses pkgutil.ImpImporter, which Python 3.12 "
            "removed."
        )
        fix = (
            _(
                "Upgrade them in this environment: `python -m ensurepip --upgrade`, then "
                "`python -m pip install --upgrade pip setuptools`."
            ),
            _("Or use Python 3.11 for the old code that needs them."),
        )
    return Advice(cause, fix, facts, used_local_facts=ctx.known.local)


__all__ = ["FAMILY"]
