"""A package whose setup.py imports torch, built where torch cannot be seen: pip's, uv's or
PDM's isolated build environment, or before torch was installed at all (`torch-not-found`'s
build cases, kept apart from its interpreter cases in `families/python_env`).

Sources: uv's build frontend (astral-sh/uv, crates/uv-build-frontend/src/error.rs: the
"doesn't declare it as a build dependency" hint naming `--no-build-isolation` and
`[tool.uv.extra-build-dependencies]`; crates/uv-cache: its build environments live under
`builds-v0`), uv's changelogs (`no-build-isolation-package` in 0.2.35,
`extra-build-dependencies` in 0.8.4, its `match-runtime = true` in 0.8.5 (changelogs/0.8.x.md,
astral-sh/uv#15036), stable in 0.10.0) and docs/concepts/projects/config.md (`match-runtime =
true` builds against the torch of the project environment; without isolation it installs
`torch setuptools` first: `uv venv` makes environments without setuptools, as does Python
3.12's venv, "What's New In Python 3.12", gh-95299, and a setup.py build without isolation
needs the environment's own setuptools); pip's isolated environments are its
`pip-build-env-*` folders ("overlay"); PDM's are `pdm-build-env-*`, and its BuildError
names the missing module and `--no-isolation` (pdm-project/pdm, pdm/builders/base.py). PyG's extensions (torch-scatter,
torch-sparse, torch-cluster, torch-spline-conv) import torch at the top of setup.py
(rusty1s/pytorch_scatter, setup.py); flash-attn, causal-conv1d and mamba-ssm import it too
(their setup.py) and download a prebuilt wheel only once torch is importable.
"""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.i18n import _

# Where a build runs in pip's or uv's isolated environment (which has no torch unless the
# package declares it): their build steps, their hints, the temporary environment's path.
BUILD_WORDS = (
    "doesn't declare it as a build dependency",
    "getting requirements to build wheel",
    "preparing metadata (pyproject.toml)",
    "pip-build-env-",
    "no-build-isolation",
    "builds-v0",
    "failed to determine extra requires",
    "get_requires_for_build_wheel",
    "the build backend returned an error",
)

# uv's own words: its build cache folder, its commands, its error chain.
_UV_WORDS = (
    "builds-v0",
    "uv pip",
    "uv sync",
    "uv add",
    "failed to determine extra requires",
    "the build backend returned an error",
)

# PDM's words: its exceptions, its build environments, its commands (pdm/builders).
_PDM_WORDS = (
    "pdm.exceptions",
    "pdm/builders",
    "pdm-build-env-",
    "pdm install",
    "pdm add",
    "is missing, please make sure it is specified in the 'build-system.requires'",
)

# PyG's compiled extensions: wheels per torch and CUDA on data.pyg.org (compiled_ops uses
# the same page).
_PYG = frozenset({"torch-scatter", "torch-sparse", "torch-cluster", "torch-spline-conv"})

# Packages whose setup.py imports torch at its top (see the module's sources): a build of
# one of them that fails while the backend reads its requirements, in uv's or pip's
# isolated environment, is torch missing there even when the traceback is cut before it.
SETUP_IMPORTS_TORCH = (
    r"torch[-_](?:scatter|sparse|cluster|spline[-_]conv)|flash[-_]attn|causal[-_]conv1d|"
    r"mamba[-_]ssm|xformers|detectron2|pytorch3d"
)

# pip's unpacked source of the package it builds: /tmp/pip-install-XXXX/flash-attn_<hash>.
_BUILT_PACKAGE = re.compile(r"pip-install-\w{1,20}[\\/](?P<pkg>[A-Za-z][\w.-]{0,60}?)_[0-9a-f]{32}")
# uv's name of the package it failed to build: "Failed to build `torch-scatter==2.1.2`".
_UV_BUILT = re.compile(
    r"Failed to (?:download and )?build:? `(?P<pkg>[A-Za-z][\w.-]{0,60}?)(?:==|`)"
)


def _package(ctx: Context) -> str | None:
    uv_built = ctx.near(_UV_BUILT, "failed to build", "failed to download and build", before=0)
    built = uv_built or ctx.near(_BUILT_PACKAGE, "pip-install-", before=0, reach=140)
    return built.group("pkg") if built else None


def _pyg_step(ctx: Context, package: str) -> str:
    k = ctx.known
    torch_v = k.torch_version.split("+")[0] if k.torch_version else None
    if torch_v and k.torch_cuda is not None:
        page = f"https://data.pyg.org/whl/torch-{torch_v}+cu{k.torch_cuda.major}{k.torch_cuda.minor}.html"
    else:
        page = "https://data.pyg.org/whl/torch-<torch version>+<cuXYZ or cpu>.html"
    return _(
        "Or skip the build: PyG publishes {package} wheels for each torch and CUDA; with torch "
        "installed, `python -m pip install {package} -f {page}` (the page of exactly your "
        'torch, `python -c "import torch; print(torch.__version__)"`).'
    ).format(package=package, page=page)


def isolated_build(ctx: Context, package: str | None = None) -> Advice:
    """A package's build imported torch inside the isolated build environment."""
    package = package or _package(ctx)
    name = package.replace("_", "-").lower() if package else None
    shown = name or "<package>"
    uv = ctx.has(*_UV_WORDS)
    pdm = not uv and ctx.has(*_PDM_WORDS)
    cause = _(
        "A package being built ({package}) imports torch in its setup.py, and {tool} builds "
        "it in an isolated, temporary environment that has only the build requirements the "
        "package declares, no torch. torch in your own environment is not visible there: "
        "installing it again does not help."
    ).format(
        package=package or _("for example an extension with CUDA code, such as flash-attn"),
        tool="uv" if uv else "PDM" if pdm else "pip",
    )
    fix: list[str] = []
    if pdm:
        fix.append(
            _(
                "With PDM: add torch to the project first (`pdm add torch`), then install "
                "with the build isolation off, so the build sees that torch: `pdm install "
                "--no-isolation` (or `pdm add --no-isolation {package}`)."
            ).format(package=shown)
        )
    elif uv:
        fix.append(
            _(
                "With uv: install torch and the build tools into the environment first "
                "(`uv pip install torch setuptools wheel`: uv's environments have no "
                "setuptools, and a build without isolation uses the environment's own), then "
                "build against it: `uv pip install --no-build-isolation {package}`."
            ).format(package=shown)
        )
        fix.append(
            _(
                "In a uv project (pyproject.toml): `[tool.uv] no-build-isolation-package = "
                '["{package}"]` (uv 0.2.35 or newer; torch and setuptools must be synced '
                "first), or, uv 0.8.5 or newer, give the isolated build the project's own "
                "torch: "
                '`[tool.uv.extra-build-dependencies] {package} = [{{ requirement = "torch", '
                "match-runtime = true }}]`."
            ).format(package=shown)
        )
    else:
        fix.append(
            _(
                "Install torch first, into the environment that will run the program, with "
                "the build tools the isolated environment used to provide: `python -m pip "
                "install torch setuptools wheel` (a venv of Python 3.12 or newer, or one made "
                "by uv, has no setuptools)."
            )
        )
        fix.append(
            _(
                "Then build the package against it: `python -m pip install "
                "--no-build-isolation {package}` (uv: `uv pip install torch setuptools wheel`, "
                "then `uv pip install --no-build-isolation {package}`)."
            ).format(package=shown)
        )
    if name in _PYG:
        fix.append(_pyg_step(ctx, name))
    facts: dict[str, object] = {"isolated_build": True}
    if package:
        facts["package"] = package
    if uv or pdm:
        facts["installer"] = "uv" if uv else "pdm"
    return Advice(
        cause,
        tuple(fix),
        facts,
        title=_("torch is missing in the isolated environment that builds a package"),
        key="build",
        used_local_facts=ctx.known.local,
    )


# The traceback's frame of a package's setup.py (pip running it to read the package's
# metadata; `}` where a retyped quote lost the closing quote).
SETUP_FRAME = re.compile(r"""File "(?P<path>[^"\n]{0,300}?)[\\/]setup\.py["}]?, line \d+""")
# pip's unpacked copy of a package: <temp>/pip-install-XXXX/<name>_<hash>/setup.py.
UNPACKED = re.compile(r"-install-\w{1,20}[\\/](?P<pkg>[A-Za-z][\w.-]{0,60}?)_[^\\/]{0,200}$")


def setup_imports_torch(ctx: Context, package: str | None) -> Advice:
    """A package's setup.py imports torch before torch is installed; `package`: the one
    pip unpacked to build, when its folder names it."""
    cause = _(
        "A package being installed runs its setup.py, and that setup.py imports torch: "
        "torch must be installed before pip can even read the package's metadata. pip "
        "prepares every requirement before it installs any, so a torch listed in the same "
        "requirements file or pip command is not there yet."
    )
    fix = (
        _(
            "Install torch on its own first, into the environment that will run the program "
            "(`envdoctor install` prints the command for this machine's GPU)."
        ),
        _(
            "Then install {package} (or the requirements file) again in a second command; if "
            "it still cannot see torch, pip builds it in an isolated environment: `python -m "
            "pip install setuptools wheel`, then `python -m pip install --no-build-isolation "
            "{package}`."
        ).format(package=package)
        if package
        else _(
            "Then install the package (or the requirements file) again in a second command; "
            "if it still cannot see torch, pip builds it in an isolated environment: install "
            "setuptools and wheel, then add `--no-build-isolation` to that command."
        ),
    )
    facts: dict[str, object] = {"setup_imports_torch": True}
    if package:
        facts["package"] = package
    return Advice(cause, fix, facts, key="setup", used_local_facts=ctx.known.local)


__all__ = [
    "BUILD_WORDS",
    "SETUP_FRAME",
    "SETUP_IMPORTS_TORCH",
    "UNPACKED",
    "isolated_build",
    "setup_imports_torch",
]
