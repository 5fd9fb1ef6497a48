"""A well-known package that the interpreter running the program does not have at all:
never installed there, or installed into another interpreter (another venv or conda env,
the system Python, a Jupyter kernel's). torch itself is python_env's torch-not-found; a
package that is there but lacks a submodule is package_modules'."""

from __future__ import annotations

import re

from envdoctor.explain.build_isolation import BUILD_WORDS
from envdoctor.explain.families.python_env import FIND_INTERPRETER
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.explain.steps import WELL_KNOWN
from envdoctor.i18n import N_, _

FAMILY = Family("package_installs")

_COMPANIONS = ("torchvision", "torchaudio", "torchtext")  # their entry may defer to this one
_NAMES = "|".join(sorted((name for name in WELL_KNOWN if name != "torch"), key=len, reverse=True))


@FAMILY.entry(
    code="package-not-installed",
    keywords=("no module named",),
    title=N_("A package is not installed in the Python that runs the program"),
    patterns=(
        # vLLM logs ModuleNotFoundError("No module named ...") as a warning and runs on.
        rx(r"(?<!Error\(\")No module named ['\"]?(?P<pkg>(?-i:" + _NAMES + r"))['\"]?(?![\w.])"),
    ),
    specificity=1,
    # Packages with an install of their own (apex, detectron2, mmcv's ops), torch's pair,
    # triton (torch pins it) have entries that say how.
    defers_to=frozenset(
        {"own-installer-package-missing", "torch-companion-missing", "triton-missing"}
    ),
)
def _advise_not_installed(m: re.Match[str], ctx: Context) -> Advice | None:
    pkg = m.group("pkg")
    if ctx.has(*BUILD_WORDS):
        # pip's isolated build environment: what the user's environment has is invisible
        # there, so "install it into that interpreter" would change nothing.
        return None
    before = ctx.text[max(0, m.start() - 3000) : m.start()]
    # The package's own frames above the error: it is installed, and one of its imports
    # failed inside it (a broken or partial install, another message).
    if re.search(r'File "[^"]{0,300}[\\/]' + re.escape(pkg) + r"[\\/]", before):
        return None
    dist = WELL_KNOWN[pkg]
    facts: dict[str, object] = {"package": dist}
    cause = _(
        "The Python interpreter that ran the program has no {dist}: it was never installed "
        "there, or it went into another interpreter (another venv or conda env, the system "
        "Python, or a `pip` that belongs to a different Python than `python`)."
    ).format(dist=dist)
    jupyter = ctx.has("ipython-input", "ipykernel", "jupyter")
    if jupyter:
        facts["jupyter"] = True
        cause += sep() + _(
            "Here it ran in Jupyter/IPython: the kernel uses its own interpreter, often not "
            "the environment where the package was installed."
        )
    install = (
        _(
            "Install into exactly that interpreter the {dist} release that pairs with its "
            "torch (the same index and CUDA build as torch): `envdoctor install` prints the "
            "torch, torchvision and torchaudio of one release."
        ).format(dist=dist)
        if pkg in _COMPANIONS
        else _(
            "Install into exactly that interpreter: `<that python> -m pip install {dist}` "
            "(never a bare `pip`, which may belong to another Python), or the project's "
            "requirements the same way."
        ).format(dist=dist)
    )
    fix = [_(FIND_INTERPRETER), install]
    if jupyter:
        fix.append(
            _(
                "In the notebook: `%pip install {dist}` installs into the kernel itself, or "
                "choose the kernel of the environment that has it (Kernel > Change kernel)."
            ).format(dist=dist)
        )
    fix.append(
        _(
            "`sudo python` runs the system Python, not your venv: run without sudo, or give "
            "the venv's python by its full path."
        )
    )
    return Advice(cause, tuple(fix), facts, key=dist, used_local_facts=ctx.known.local)
