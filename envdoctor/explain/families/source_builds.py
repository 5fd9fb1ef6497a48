"""Building a package from source because no wheel fits: the C compiler it needs, the
distutils module Python 3.12 no longer has, what newer setuptools releases refuse in old
packages, and the C file Cython should have generated.

Sources: Python 3.12's "What's New" (distutils removed, PEP 632; setuptools provides a
replacement), uv's build-failure troubleshooting page (astral-sh/uv,
docs/reference/troubleshooting/build-failures.md: a missing `gcc`, old releases needing
distutils on new Pythons), setuptools' NEWS.rst (pypa/setuptools: v58.0.0 removed 2to3
support, #2086, and v58.0.2 fails fast on `use_2to3`, raising "<attr> is invalid." from
setuptools/dist.py; v66.0.0 removed support for non-PEP 440 versions, #2497, and
pkg_resources appends "(package: <name>)" to packaging's InvalidVersion; v67.5.1 made
pkg_resources fall back with a warning for an installed package's such version, #3839),
pip's NEWS.rst (25.3: build constraints `--build-constraint` / PIP_BUILD_CONSTRAINT added,
PIP_CONSTRAINT deprecated for them, every build in isolation, --use-pep517 always on; 26.2,
pypa/pip#14094: "Constraints files, including PIP_CONSTRAINT, no longer affect isolated
build environments") and uv's `--build-constraints` (crates/uv-cli).
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


def _build_facts(ctx: Context) -> tuple[dict[str, object], str | None]:
    """The facts every source-build answer starts from: the package being built and the
    Python minor version, where the paste shows them."""
    facts: dict[str, object] = {}
    package = _building(ctx)
    if package:
        facts["package"] = package
    minor = _python_minor(ctx)
    if minor is not None:
        facts["python_version"] = f"3.{minor}"
    return facts, package


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
    facts, package = _build_facts(ctx)
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
    facts, package = _build_facts(ctx)
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


def _pin_setuptools_steps(below: str, package: str) -> tuple[str, str]:
    """Build `package` with a setuptools older than `below`, in or out of build isolation."""
    return (
        _(
            "Build it with an older setuptools: put `setuptools<{below}` in a file (c.txt) and "
            "install with `python -m pip install --build-constraint c.txt {package}` (pip "
            "25.3 and newer; or `PIP_BUILD_CONSTRAINT=c.txt`; uv: `--build-constraints "
            "c.txt`), so the isolated build environment gets it. Only a pip older than 25.3 "
            "needs `PIP_CONSTRAINT=c.txt` instead; since pip 26.2 constraints files no longer "
            "reach build environments."
        ).format(below=below, package=package),
        _(
            'Or without build isolation: `python -m pip install "setuptools<{below}"` then '
            "`python -m pip install --no-build-isolation {package}`."
        ).format(below=below, package=package),
    )


@FAMILY.entry(
    code="setuptools-use-2to3-removed",
    keywords=("use_2to3 is invalid",),
    title=N_("setuptools 58 and newer no longer build packages that use 2to3"),
    patterns=(rx(r"error in (?P<pkg>[\w.-]{1,80}) setup command: use_2to3 is invalid"),),
    specificity=3,
)
def _advise_use_2to3(m: re.Match[str], ctx: Context) -> Advice:
    package = m.group("pkg")
    cause = _(
        "{package} is an old release whose setup.py still asks setuptools to convert its "
        "Python 2 code with 2to3 (use_2to3=True). setuptools 58.0.0 removed 2to3 support, "
        "and since 58.0.2 the build stops on it: whatever setuptools the build gets (pip's "
        "isolated build takes the newest) is too new for it."
    ).format(package=package)
    fix = (
        _(
            "Use a newer release of {package} (or a maintained replacement) that no longer "
            "needs 2to3: relax the old pin in the requirements."
        ).format(package=package),
        *_pin_setuptools_steps("58", package),
    )
    return Advice(cause, fix, {"package": package}, used_local_facts=ctx.known.local)


@FAMILY.entry(
    code="setuptools-invalid-version",
    keywords=("invalid version: '",),
    title=N_("setuptools 66 and newer reject an installed package's non-PEP 440 version"),
    # pkg_resources' parsed_version (setuptools >= 66, and pip's vendored copy) appends the
    # package; a bare InvalidVersion can be the program's own version parsing, left alone.
    patterns=(
        # The match starts at the class name, so an issue title cut to 80 characters keeps
        # the package; the module path before it says whose copy raised it.
        rx(
            r"InvalidVersion: Invalid version: '(?P<version>[^'\s]{1,60})'\s{0,4}"
            r"\(package: (?P<pkg>[\w.-]{1,80})\)"
        ),
    ),
    specificity=3,
)
def _advise_invalid_version(m: re.Match[str], ctx: Context) -> Advice:
    package, version = m.group("pkg"), m.group("version")
    facts: dict[str, object] = {"package": package, "version": version}
    vendored = "pip._vendor." in ctx.text[max(0, m.start() - 40) : m.start()]
    cause = _(
        "An installed package, {package} {version}, has a version that does not follow PEP "
        "440, and {reader} refuses it: setuptools 66.0.0 dropped support for such versions. "
        "It is typically a Debian/Ubuntu system package (Ubuntu's distro-info is the usual "
        "one) that a pip running in the system Python sees next to a setuptools upgraded by "
        "pip."
    ).format(
        package=package,
        version=version,
        reader=_("pip's own copy of pkg_resources") if vendored else "setuptools' pkg_resources",
    )
    fix: list[str] = [
        _(
            "Install into a virtual environment, which does not see the system's packages: "
            "`python3 -m venv ~/venvs/app`, then `~/venvs/app/bin/python -m pip install ...`."
        )
    ]
    if not vendored:
        fix.append(
            _(
                "Or, in that Python, pin setuptools below 66 (`python -m pip install "
                '"setuptools<66"`), or upgrade it to 67.5.1 or newer, which only warns '
                "about an installed package's non-PEP 440 version."
            )
        )
    title = _("pip's own pkg_resources rejects an installed package's non-PEP 440 version")
    return Advice(
        cause,
        tuple(fix),
        facts,
        title=title if vendored else None,
        used_local_facts=ctx.known.local,
    )


# gcc's (cc's, clang's) line for a source file that is not there, in a Python extension's
# build: "x86_64-linux-gnu-gcc: error: pycocotools/_mask.c: No such file or directory".
_CYTHON_WORDS = ("cython", ".pyx", "cythoniz")


@FAMILY.entry(
    code="cython-source-not-generated",
    keywords=(
        ".c: no such file or directory",
        ".cpp: no such file or directory",
        ".c: 没有那个文件或目录",
        "no such file or directory: '",
    ),
    title=N_("The C file Cython should have generated is missing: Cython is not installed"),
    patterns=(
        rx(
            r"(?:[\w-]{1,30}-)?(?:gcc|g\+\+|cc|c\+\+)(?:-\d{1,2})?: (?:error: )?"
            r"(?P<file>[\w./\\-]{1,200}?\.c(?:pp)?): (?:No such file or directory|没有那个文件或目录)"
        ),
        # clang's order (macOS): "clang: error: no such file or directory: 'pycocotools/_mask.c'".
        rx(r"clang: error: no such file or directory: '(?P<file>[\w./\\-]{1,200}?\.c(?:pp)?)'"),
    ),
    specificity=2,
)
def _advise_cython_source(m: re.Match[str], ctx: Context) -> Advice | None:
    path = m.group("file").replace("\\", "/")
    cocoapi = "pycocotools/" in path
    # Only where the paste shows Cython at work (or cocoapi's well-known generated file):
    # a missing .c elsewhere is a path or checkout problem, not this.
    if not cocoapi and not ctx.has(*_CYTHON_WORDS):
        return None
    facts: dict[str, object] = {"source": path}
    cause = _(
        "The build compiles {file}, a C file that Cython generates from the .pyx source of "
        "the same name; it was never generated, because Cython is not installed for the "
        "Python that runs the build (a Makefile or script that calls `python` may start "
        "another Python than yours, e.g. Python 2), or cythonizing failed earlier in the log."
    ).format(file=path)
    fix: list[str] = [
        _(
            "Install Cython (and NumPy, which such extensions compile against) into the Python "
            "that runs the build: `<that python> -m pip install cython numpy`; run the build "
            "with that same interpreter (`python3 setup.py build_ext --inplace`), after removing "
            "the build/ folder."
        )
    ]
    if cocoapi:
        fix.append(
            _(
                "Or skip building cocoapi by hand: install the packaged pycocotools with "
                "`python -m pip install pycocotools`."
            )
        )
    return Advice(cause, tuple(fix), facts, used_local_facts=ctx.known.local)


__all__ = ["FAMILY"]
