"""Hugging Face libraries that refuse the versions installed next to them: a transformers too
old for a model, a dependency outside transformers' pins, a torch too old for transformers.

Each is the library's own version check (transformers' configuration_auto, utils/versions
and utils/import_utils), so the fix is a version change, never the user's code.
"""

from __future__ import annotations

import re

from packaging.version import InvalidVersion, Version

from envdoctor.explain.knowledge import suggest
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("library_versions")

PIP_INTO_INTERPRETER = N_(
    "Run pip with the interpreter that runs the program (`python -m pip`, in Jupyter "
    "`%pip`, then restart the kernel): a pip of another environment changes nothing."
)


@FAMILY.entry(
    code="transformers-too-old-for-model",
    keywords=("does not recognize this architecture", "but transformers does not recognize"),
    title=N_("The installed transformers does not know this model type"),
    patterns=(
        rx(
            r"has model type [`'\"]?(?P<model>[\w.\-]{1,60})[`'\"]? but Transformers does not "
            r"recognize"
        ),
        # The same sentence cut before or without the model type.
        rx(r"Transformers does not recognize this architecture"),
    ),
)
def _advise_model_type(m: re.Match[str], ctx: Context) -> Advice:
    model = m.groupdict().get("model")
    facts: dict[str, object] = {"model_type": model} if model else {}
    cause = _(
        "The checkpoint's config.json names a model type ({model}) that the installed "
        "transformers has no class for: the model was added in a later transformers release "
        "than the one installed. Less often the config itself is wrong (a typo in model_type, "
        "or a custom model that ships its own code)."
    ).format(model=model or "?")
    fix = (
        _("Upgrade transformers: `python -m pip install -U transformers`."),
        _(PIP_INTO_INTERPRETER),
        _(
            "A model newer than the latest release needs transformers from source: "
            "`python -m pip install git+https://github.com/huggingface/transformers.git`; the "
            "model card usually names the version it needs."
        ),
        _(
            "If another package pins transformers (vLLM, a project's requirements), upgrade "
            "that package too, or pip puts the old transformers back."
        ),
        _(
            "A model that ships its own modelling code (the model card says so) loads with "
            "trust_remote_code=True instead."
        ),
    )
    return Advice(cause, fix, facts, key=model or "", used_local_facts=ctx.known.local)


# A requirement as pip writes it: a name, optional extras, one to four version clauses.
_REQUIREMENT = (
    r"[A-Za-z][\w.\-]{0,60}(?:\[[\w,\-]{1,60}\])?(?:\s*(?:[<>=!~]=?|===)\s*[\w.*+\-]{1,30},?){1,4}"
)


@FAMILY.entry(
    code="package-version-required",
    keywords=("is required for a normal functioning",),
    title=N_("A dependency's version is outside what transformers requires"),
    patterns=(
        rx(
            r"(?P<req>" + _REQUIREMENT + r") is required for a normal functioning"
            r"(?: of this module, but found (?P<pkg>[A-Za-z][\w.\-]{0,60})==(?P<got>[\w.+\-]{1,40}))?"
        ),
    ),
    specificity=3,
)
def _advise_requirement(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    req = m.group("req").strip().rstrip(",")
    # The line cut before "but found": the package is the requirement's name.
    pkg = m.group("pkg") or re.split(r"[\[<>=!~\s]", req, maxsplit=1)[0]
    got = (m.group("got") or "?").rstrip(".")
    facts: dict[str, object] = {"requirement": req, "package": pkg}
    if m.group("got"):
        facts["found"] = got
    if m.group("got"):
        cause = _(
            "transformers (or a library that uses its dependency check) checks the versions of "
            "the packages it needs on import and found {pkg} {got}, which is outside {req}. "
            "Usually another install step (a requirements file, another library) put a "
            "different {pkg} in the environment."
        ).format(pkg=pkg, got=got, req=req)
    else:
        cause = _(
            "transformers (or a library that uses its dependency check) checks the versions of "
            "the packages it needs on import and found a {pkg} outside {req}, or none."
        ).format(pkg=pkg, req=req)
    fix: list[str] = []
    if pkg.lower() == "torch":
        fix.append(
            _(
                "Install a torch that satisfies {req} and fits this machine's driver: "
                "`envdoctor install` prints the command."
            ).format(req=req)
        )
        # The installed torch is the problem: the newest fitting build, not its release.
        build = suggest(ctx.matrix, k, mirror=ctx.mirror, keep_release=False)
        if build is not None:
            fix.append(build.command)
    else:
        fix.append(
            _('Install a version inside the range: `python -m pip install "{req}"`.').format(
                req=req
            )
        )
    fix.append(_(PIP_INTO_INTERPRETER))
    fix.append(
        _(
            "If pip then reports a conflict, another package pins {pkg}: install the "
            "transformers release your project names instead (its requirements file), whose "
            "range includes the {pkg} that package needs."
        ).format(pkg=pkg)
    )
    return Advice(cause, tuple(fix), facts, key=pkg, used_local_facts=k.local)


@FAMILY.entry(
    code="transformers-needs-newer-torch",
    keywords=("disabling pytorch because pytorch",),
    title=N_("transformers ignores the installed torch: it is too old"),
    patterns=(
        rx(
            r"Disabling PyTorch because PyTorch >= ?(?P<min>\d+\.\d+(?:\.\d+)?) is required but "
            r"found (?P<found>\d+\.\d+(?:\.\d+)?)"
        ),
    ),
    specificity=3,
)
def _advise_old_torch(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    minimum, found = m.group("min"), m.group("found")
    facts: dict[str, object] = {"torch_minimum": minimum, "torch_found": found}
    cause = _(
        "This transformers release needs torch {minimum} or newer and found torch {found}, so "
        "it acts as if PyTorch were not installed: the errors that follow (a model class "
        "that 'requires the PyTorch library', a missing AutoModel) come from this."
    ).format(minimum=minimum, found=found)
    fix = [
        _(
            "Install torch {minimum} or newer for this machine's driver: `envdoctor install "
            "--torch {minimum}` prints the command."
        ).format(minimum=minimum)
    ]
    # The installed torch is the problem: the newest fitting build, not its release.
    build = suggest(ctx.matrix, k, mirror=ctx.mirror, keep_release=False)
    if build is not None and _at_least(build.version, minimum):
        fix.append(build.command)
    fix.append(
        _(
            "Or keep torch {found} and install an older transformers that still supports it "
            "(the transformers release notes name each release's minimum torch)."
        ).format(found=found)
    )
    cause += sep() + _("Nothing in the program needs changing.")
    return Advice(cause, tuple(fix), facts, key=minimum, used_local_facts=k.local)


def _at_least(version: str, minimum: str) -> bool:
    try:
        return Version(version.split("+", maxsplit=1)[0]) >= Version(minimum)
    except InvalidVersion:
        return False


__all__ = ["FAMILY"]
