"""`ImportError: cannot import name 'X' from 'pkg'`: two installed packages out of step
(one imports a name the other's installed release lacks), a name a known release removed,
a misspelt import, and LLaVA's import that hides the real error."""

from __future__ import annotations

import re

from envdoctor.explain.families.package_modules import (
    PINNED_BY_TORCH,
    TORCH_OWN,
    pinned_fix,
    removal,
    removal_answer,
)
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.package_names import (
    KNOWN_EXPORTS,
    RemovedName,
    is_known_export,
    misspelt_export,
    removed_name,
)
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.explain.steps import WELL_KNOWN, distribution_of
from envdoctor.explain.tracebacks import SITE_PACKAGE, last_frame_package
from envdoctor.i18n import N_, _

FAMILY = Family("package_imports")


def _imported_from(m: re.Match[str], ctx: Context) -> str | None:
    """The module of the import statement quoted above the error: "from cumm.gemm.constants
    import NVRTCMode" (tracebacks print the failing line)."""
    name = re.escape(m.group("name"))
    wanted = re.compile(rf"from (?P<pkg>[\w.]{{1,80}}) import [\w ,()]{{0,200}}?\b{name}\b")
    found = list(wanted.finditer(ctx.text, max(0, m.start() - 400), m.start()))
    return found[-1].group("pkg") if found else None


@FAMILY.entry(
    code="package-versions-out-of-step",
    keywords=("cannot import name",),
    title=N_("Two installed packages are out of step (one imports a name the other lacks)"),
    patterns=(
        # Python 3.6 and older do not say where from: the import line above it does.
        # (Its "ImportError: " is often left out when the line is quoted: then the package
        # must be named.)
        rx(
            r"ImportError: cannot import name '(?P<name>\w{1,80})'(?: from "
            r"(?P<partial>partially initialized module )?'(?P<pkg>[\w.]{1,80})')?"
            r"(?: \((?P<path>[^)]{1,300})\))?"
        ),
        rx(
            # Not inside a note ("falling back (cannot import ...)") or a heading ("### ...").
            r"(?<![\w:(] )(?<![(#])(?<!# )(?<!Error: )\bcannot import name '(?P<name>\w{1,80})' from "
            r"(?P<partial>partially initialized module )?'(?P<pkg>[\w.]{1,80})'"
            r"(?: \((?P<path>[^)]{1,300})\))?"
        ),
    ),
    specificity=1,
    # LLaVA's package hides the real import error behind this one: its entry says so; a
    # package's own compiled module (BasicSR's deform_conv_ext) was not built.
    defers_to=frozenset({"llava-model-import-hidden", "extension-not-built"}),
)
def _advise_out_of_step(m: re.Match[str], ctx: Context) -> Advice | None:
    """An installed package importing from another one a name that its installed release does
    not have: their versions do not fit (spconv importing ConvFwdAndBwdInput from an older
    cumm). Only when the importing file is itself an installed package: a program's own
    import of a removed name is the code's to change."""
    module = m.group("pkg") or _imported_from(m, ctx) or ""
    pkg, name = module.split(".", 1)[0], m.group("name")
    path = m.group("path") or ""
    if not pkg or m.group("partial") or (path and not SITE_PACKAGE.search(path)):
        # A circular import, or a file of the project shadowing the package (numpy.py).
        return None
    # The last frame is the file that ran the import; only an installed package counts.
    importer = last_frame_package(ctx, m.start())
    if importer is not None and importer.lower() == pkg.lower():
        return None
    own_code = importer is None and _frames_before(m, ctx)
    typo = misspelt_export(module if module in KNOWN_EXPORTS else pkg, name)
    if typo is not None and importer is None:
        return _misspelt(module, name, typo, ctx)
    gone = removal(f"{module}.{name}")
    if gone is not None:
        # A module imported by name (from torchvision.transforms import functional_tensor).
        if own_code:
            return _own_code_removal(name, module, gone[1], gone[2], gone[3], ctx)
        cause, removal_fix = removal_answer(gone, ctx)
        return Advice(
            cause,
            tuple(removal_fix),
            {"module": gone[0], "package": gone[1], "removed_in": f"{gone[1]} {gone[2]}"},
            code="package-module-missing",
            title=_("The installed version of a package lacks a module the program imports"),
            key=gone[0],
            used_local_facts=ctx.known.local,
        )
    named = removed_name(module, name)
    if named is not None:
        if own_code:
            return _own_code_removal(name, module, named.dist, named.version, named.instead, ctx)
        return _removed_name(named, importer, ctx)
    if own_code or pkg in TORCH_OWN:
        # torch and its companions change as a release pair: never a lone reinstall.
        return None
    dist = distribution_of(pkg) or pkg
    if importer is None:
        if pkg not in WELL_KNOWN or pkg in PINNED_BY_TORCH:
            return None
        exported = is_known_export(module if module in KNOWN_EXPORTS else pkg, name)
        return (
            _current_export_missing(name, dist, pkg, ctx)
            if exported
            else (_bare_out_of_step(name, dist, ctx))
        )
    importer_dist = distribution_of(importer) or importer  # pip's name (cv2 -> opencv-python)
    facts: dict[str, object] = {"importer": importer, "package": pkg, "name": name}
    cause = _(
        "The installed {importer} imports {name} from {pkg}, and the installed {dist} has no "
        "such name: the two were installed at versions that do not go together ({dist} "
        "older or newer than the release {importer} was made for)."
    ).format(importer=importer_dist, name=name, pkg=module, dist=dist)
    if pkg in PINNED_BY_TORCH:
        # torch pins its triton: the importing package must follow torch, not the reverse.
        cause += sep() + _(
            "torch pins its own {dist} release, so {importer} was built for another torch."
        ).format(dist=dist, importer=importer_dist)
        return Advice(
            cause,
            pinned_fix(dist, pkg, ctx),
            facts,
            key=f"{importer}:{pkg}",
            used_local_facts=ctx.known.local,
        )
    fix = (
        _(
            "See what {importer} requires: `python -m pip show {importer_dist}` (Requires) and "
            "`python -m pip check`; `python -m pip list | grep -i {pkg}` shows the exact "
            "distribution that installed {pkg} (a CUDA build may carry its own name)."
        ).format(importer=importer, importer_dist=importer_dist, pkg=pkg),
        _(
            "Then make them fit: upgrade {importer} to a release made for the installed {pkg} "
            "(`python -m pip install -U {importer_dist}`), or install the {dist} release "
            "{importer} was made for (an older one when {pkg} has since removed {name}: "
            "its changelog says in which release)."
        ).format(importer=importer, importer_dist=importer_dist, pkg=pkg, dist=dist, name=name),
    )
    return Advice(cause, fix, facts, key=f"{importer}:{pkg}", used_local_facts=ctx.known.local)


def _frames_before(m: re.Match[str], ctx: Context) -> bool:
    """Whether a traceback's frames precede the message (they name who imported)."""
    return ctx.text.rfind('File "', max(0, m.start() - 3000), m.start()) != -1


def _misspelt(module: str, name: str, known: str, ctx: Context) -> Advice:
    """The program's import misspells a name the package exports: the code's to correct."""
    cause = _(
        "{module} has no {name}, but it exports {known}: the import is misspelt (a typo in "
        "the program's import, not a version problem)."
    ).format(module=module, name=name, known=known)
    fix = (
        _("Correct the import: `from {module} import {known}`.").format(module=module, known=known),
    )
    facts = {"name": name, "did_you_mean": known}
    return Advice(
        cause,
        fix,
        facts,
        title=_("The import misspells a name the package exports"),
        key=f"typo:{name}",
        kind="code",
        used_local_facts=ctx.known.local,
    )


def _own_code_removal(
    name: str, module: str, dist: str, version: str, instead: str | None, ctx: Context
) -> Advice:
    """The program's own file imports what a release removed: the code's to change."""
    cause = _(
        "The program imports {name} from {module}, which {dist} {version} removed; the "
        "installed {dist} is that release or newer."
    ).format(name=name, module=module, dist=dist, version=version)
    if instead:
        fix = (_("Change the code to use {instead} instead.").format(instead=instead),)
    else:
        fix = (
            _("Change the code as {dist}'s release notes for {version} say.").format(
                dist=dist, version=version
            ),
        )
    facts = {"name": name, "package": dist, "removed_in": f"{dist} {version}"}
    return Advice(
        cause, fix, facts, key=f"own:{name}", kind="code", used_local_facts=ctx.known.local
    )


def _removed_name(named: RemovedName, importer: str | None, ctx: Context) -> Advice:
    """A name a known release removed, imported by an installed package or by a file the
    paste does not show."""
    dist, version = named.dist, named.version
    facts: dict[str, object] = {
        "package": named.module.split(".", 1)[0],
        "name": named.name,
        "removed_in": f"{dist} {version}",
    }
    cause = _(
        "{name} no longer exists in {module}: {dist} {version} removed it (use {instead}), "
        "and the installed {dist} is that release or newer."
    ).format(
        name=named.name, module=named.module, dist=dist, version=version, instead=named.instead
    )
    older = _('Or install an older {dist}: `python -m pip install "{dist}<{version}"`.').format(
        dist=dist, version=version
    )
    if importer is not None:
        importer_dist = distribution_of(importer) or importer
        facts["importer"] = importer
        cause += sep() + _("The installed {importer} was written for an older {dist}.").format(
            importer=importer_dist, dist=dist
        )
        fix: tuple[str, ...] = (
            _(
                "Upgrade {importer} to a release made for {dist} {version} or newer: "
                "`python -m pip install -U {importer}`."
            ).format(importer=importer_dist, dist=dist, version=version),
            older,
        )
    else:
        cause += sep() + _(
            "The program, or a package it uses, was written for an older {dist}."
        ).format(dist=dist)
        fix = (
            _(
                "If the traceback's last frame is inside an installed package (site-packages), "
                "upgrade that package to a release made for {dist} {version} or newer; if it "
                "is your own code, use {instead} there."
            ).format(dist=dist, version=version, instead=named.instead),
            older,
        )
    return Advice(cause, fix, facts, key=f"removed:{named.name}", used_local_facts=ctx.known.local)


def _bare_out_of_step(name: str, dist: str, ctx: Context) -> Advice:
    """The message alone, from a well-known package: a misspelt import, or whoever imports
    the name was written for another release of it."""
    cause = _(
        "The installed {dist} has no {name}: either a typo in the program's import, or "
        "versions out of step (whatever imports it, another installed package or the "
        "program, was written for another {dist} release, a newer one that added the name "
        "or an older one before it was removed)."
    ).format(dist=dist, name=name)
    fix = (
        _(
            "Check the spelling of {name} against {dist}'s documentation for the installed "
            "release: `python -m pip show {dist}` prints it."
        ).format(dist=dist, name=name),
        _(
            "If it is spelt right, compare that version with the one the project that "
            "imports it requires (its requirements, or `python -m pip check`); the "
            "traceback's last frames name the importer: if it is an installed package, "
            "upgrade it or install the {dist} it was made for."
        ).format(dist=dist),
    )
    return Advice(
        cause,
        fix,
        {"package": dist, "name": name},
        key=f"bare:{dist}",
        used_local_facts=ctx.known.local,
    )


def _current_export_missing(name: str, dist: str, pkg: str, ctx: Context) -> Advice:
    """A name current releases export (AutoImageProcessor, BitsAndBytesConfig, imread) that
    the installed package lacks: a release from before it, or a broken/shadowed install."""
    cause = _(
        "{name} is in current {dist} releases, and the installed {dist} does not have it: "
        "it is a release from before {name} was added, or the install is broken or "
        "shadowed (a file or folder named {pkg} in the working directory, two "
        "distributions of it installed over each other)."
    ).format(name=name, dist=dist, pkg=pkg)
    fix = (
        _(
            "See the installed release: `python -m pip show {dist}`; upgrade it to the "
            "release the project requires (`python -m pip install -U {dist}`)."
        ).format(dist=dist),
        _(
            'If it is current already: `python -c "import {pkg}; print({pkg}.__file__)"` '
            "shows which copy is imported; remove a shadowing file, or reinstall {dist} with "
            "--force-reinstall."
        ).format(pkg=pkg, dist=dist),
    )
    return Advice(
        cause,
        fix,
        {"package": dist, "name": name},
        key=f"current:{dist}",
        used_local_facts=ctx.known.local,
    )


@FAMILY.entry(
    code="llava-model-import-hidden",
    keywords=("from 'llava.model'",),
    title=N_("LLaVA's model import failed; its package hides the real error"),
    patterns=(rx(r"cannot import name '(?P<name>Llava\w{0,40})' from 'llava\.model'"),),
)
def _advise_llava(m: re.Match[str], ctx: Context) -> Advice:
    # llava/model/__init__.py imports its model files inside `try: ... except: pass`, so any
    # error there (flash-attn built for another torch, other transformers) becomes this one.
    cause = _(
        "LLaVA's llava/model/__init__.py imports its model files inside a try/except that "
        "swallows every error, so this ImportError hides the real one. In LLaVA's issues it "
        "is most often flash-attn built for another torch (an undefined symbol when "
        "flash_attn loads), or a transformers or torch release other than the one LLaVA pins."
    )
    fix = (
        _(
            'See the real error: `python -c "from llava.model.language_model.llava_llama '
            'import {name}"`.'
        ).format(name=m.group("name")),
        _(
            "If it names flash_attn (undefined symbol): rebuild flash-attn for the installed "
            "torch: `python -m pip install --no-build-isolation --no-cache-dir --force-reinstall "
            "--no-deps flash-attn`."
        ),
        _(
            "Otherwise reinstall LLaVA's pinned versions from its checkout: `python -m pip "
            "install -e .` in the LLaVA folder (in a fresh environment if other projects "
            "changed torch or transformers)."
        ),
    )
    return Advice(cause, fix, {"class": m.group("name")}, used_local_facts=ctx.known.local)


__all__ = ["FAMILY"]
