"""Package resolvers that cannot put a PyTorch install together: pip's and uv's conflicts,
and the uv / poetry / pip wordings of "no wheel for this Python or platform" (which
`pip-no-matching-torch` reports); conda's missing packages are conda_packages'."""

from __future__ import annotations

import re
from dataclasses import replace

from envdoctor.compat.companions import PACKAGES as COMPANION_PACKAGES
from envdoctor.compat.companions import companions as pair_of
from envdoctor.explain.knowledge import suggest
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.no_wheel import TORCH_PKG
from envdoctor.explain.restore import command_for_build
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("resolvers")


# pip's check after an install: "torchaudio 2.1.0+cu118 requires torch==2.1.0, but you
# have torch 2.2.0+cu118 which is incompatible" - one line per package left behind.
_LEFT_BEHIND = re.compile(
    r"(?P<dep>torchvision|torchaudio|torchtext|xformers) [\w.+]{1,40} requires torch=="
)


_PAIRED = ("torchvision", "torchaudio")


def _torch_replaced(m: re.Match[str], ctx: Context) -> Advice | None:
    """pip installed something that replaced torch and found the companions installed for
    the old torch left behind: put that torch back with them, then add the package that
    pulled torch without letting it change torch."""
    needs, have = m.group("needs"), m.group("have")
    if not needs.startswith("torch==") or not have.startswith("torch "):
        return None
    wanted = needs.removeprefix("torch==")
    label = have.partition("+")[2]
    target = f"{wanted}+{label}" if label and "+" not in wanted else wanted
    window = ctx.text[m.start() : m.start() + 1500]
    left = tuple(dict.fromkeys(x.group("dep") for x in _LEFT_BEHIND.finditer(window)))
    # Only the pairs the matrix pins go on the command; xformers unpinned would pull the
    # newer torch right back in.
    companions = tuple(p for p in left if p in COMPANION_PACKAGES)
    facts: dict[str, object] = {"requires": [f"{m.group('dep')} {m.group('depver')} -> {needs}"]}
    facts["installed_torch"] = have.removeprefix("torch ")
    cause = _(
        "pip finished installing and found packages that no longer fit: {dep} {depver} "
        "needs {needs}, but the torch now installed is {have}. A later install (an "
        "unpinned xformers, flash-attn or vLLM, a requirements file) replaced torch and "
        "left the packages built for the old one behind."
    ).format(
        dep=m.group("dep"), depver=m.group("depver"), needs=needs, have=have.removeprefix("torch ")
    )
    fix: list[str] = []
    cmd = command_for_build(
        ctx.matrix, ctx.known, target, mirror=ctx.mirror, with_packages=companions
    )
    if cmd is None:
        # The build's label unknown (a plain "torch 2.5.1"): the release kept, the build the
        # machine fits.
        build = suggest(
            ctx.matrix,
            replace(ctx.known, torch_version=wanted),
            mirror=ctx.mirror,
            with_packages=companions,
        )
        cmd = build.command if build is not None and build.version == wanted else None
    if cmd is not None and companions:
        fix.append(
            _("Put back the torch they were built for, with them, in one command: {cmd}").format(
                cmd=cmd
            )
        )
    elif cmd is not None:
        fix.append(_("Put back the torch it was built for: {cmd}").format(cmd=cmd))
    else:
        # A release the matrix does not hold (torch 1.3): the step in words.
        fix.append(
            _(
                "Put back torch {wanted}, the release {dep} {depver} was built for, from the "
                "index of your build (or reinstall both at releases that pair)."
            ).format(wanted=wanted, dep=m.group("dep"), depver=m.group("depver"))
        )
    dep = m.group("dep")
    if dep not in ("torchvision", "torchaudio", "torchtext"):
        # vLLM, sglang and the like pin one torch: reinstalling that release brings it back.
        fix.append(
            _(
                "Or keep {dep} {depver} and let pip bring back the torch it pins: "
                "`python -m pip install {dep}=={depver}`."
            ).format(dep=dep, depver=m.group("depver"))
        )
    fix.append(
        _(
            "Then install the package that pulled in the other torch without letting it "
            "change torch: the version of it built for this torch (xformers and flash-attn "
            "publish one per torch release), or `pip install --no-deps <package>`."
        )
    )
    kept = pair_of(ctx.matrix, have.removeprefix("torch ")) if dep in _PAIRED else None
    if kept is not None and kept.get(dep):
        # The torch now installed may be the one wanted (an older pin): its own pair.
        fix.append(
            _(
                "Or, to keep torch {have}, install the {dep} of its release: "
                "`python -m pip install {dep}=={pair}` (from the same index as that torch)."
            ).format(have=have.removeprefix("torch "), dep=dep, pair=kept.get(dep))
        )
    return Advice(cause, tuple(fix), facts, key="replaced", used_local_facts=ctx.known.local)


@FAMILY.entry(
    code="pip-dependency-conflict",
    keywords=(
        "conflict is caused by",
        ", but you have",
        ", but you'll have",
        "requirements are unsatisfiable",
    ),
    title=N_("torch, torchvision and torchaudio pins that no release satisfies together"),
    patterns=(
        # pip's resolver (20.3+): the pins it could not combine, one per line.
        rx(
            r"The conflict is caused by:(?=.{0,600}?\b" + TORCH_PKG + r"\b)"
            r"(?P<body>.{1,600}?)(?= To fix this| ERROR:|$)"
        ),
        # pip after installing: what it left broken (pip 19-20.2: "torchvision 0.4.2 has
        # requirement torch==1.3.1, but you'll have torch 1.2.0 which is incompatible").
        rx(
            r"(?P<dep>[\w.-]{1,60}) (?P<depver>[\w.+!]{1,40}) (?:requires|has requirement) "
            r"(?P<needs>"
            + TORCH_PKG
            + r"[=<>!~]=?[\w.+*]{1,30}), but you(?: have|'ll have) (?P<have>"
            + TORCH_PKG
            + r" [\w.+]{1,40}?)(?: which is incompatible|(?= which)|$)"
        ),
        # uv: a package that depends on another torch than the one asked for.
        rx(
            r"Because (?P<dep>[\w.-]{1,60})[=\s](?:=)?(?P<depver>[\w.+*]{1,40}) depends on "
            r"(?P<needs>" + TORCH_PKG + r"[=<>!~]=?[\w.+*]{1,30}) and (?:you require|your "
            r"project depends on) (?P<have>" + TORCH_PKG + r"[=<>!~]=?[\w.+*]{1,30})"
        ),
    ),
)
def _advise_conflict(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    groups = m.groupdict()
    facts: dict[str, object] = {}
    if groups.get("body"):
        body = groups["body"]
        requested = re.findall(r"The user requested (\S+)", body)
        needs = re.findall(r"([\w.-]+ [\w.+!]+) depends on (\S+)", body)
        if requested:
            facts["requested"] = requested
        if needs:
            facts["requires"] = [f"{who} -> {what}" for who, what in needs]
    else:
        facts["requires"] = [f"{groups['dep']} {groups['depver']} -> {groups['needs']}"]
        facts["requested"] = [groups["have"]]
        replaced = _torch_replaced(m, ctx)
        if replaced is not None:
            return replaced
    cause = _(
        "The resolver cannot satisfy every pin at once. Each torchvision, torchaudio (and "
        "xformers, flash-attn, vLLM) release is built for exactly one torch release, so a "
        "pin of torch next to a pin of a companion from another release can never be "
        "installed together."
    )
    if groups.get("have"):
        cause += sep() + _("Here {dep} {depver} needs {needs}, but {have} was asked for.").format(
            dep=groups["dep"], depver=groups["depver"], needs=groups["needs"], have=groups["have"]
        )
    fix = [
        _(
            "Pin the companions of the same release as torch (torchvision's README lists the "
            "pairs), or leave them unpinned in the same command so the resolver picks them."
        ),
        _(
            "Install torch, torchvision and torchaudio in one command from one index; a "
            "later `pip install -r requirements.txt` must not pin another torch."
        ),
    ]
    build = suggest(ctx.matrix, k, mirror=ctx.mirror)
    if build is not None:
        fix.append(_("For this machine: {cmd}").format(cmd=build.command))
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


# Any package's conflict (the PyTorch trio's is pip-dependency-conflict above): pip names
# what was asked for and what each candidate needs (DeepLabCut#2448, modelscope in
# FunASR#224), or after an install what it left broken (torch's triton pin, slora#8).
@FAMILY.entry(
    code="pip-requirements-conflict",
    keywords=("conflict is caused by", ", but you have"),
    title=N_("pip cannot satisfy the packages' version requirements together"),
    patterns=(
        rx(r"The conflict is caused by:(?P<body>.{1,1500}?)(?= To fix this| ERROR:|$)"),
        rx(
            r"(?P<dep>[\w.-]{1,60}) (?P<depver>[\w.+!]{1,40}) requires (?P<needs>(?P<need_pkg>"
            r"[\w.-]{1,60})[=<>!~]=?[\w.+*]{1,30}(?:,[=<>!~]=?[\w.+*]{1,30}){0,4})"
            r"(?:; [^,]{0,160})?, but you have (?P<have>"
            r"(?P=need_pkg) [\w.+]{1,40}?) which is incompatible"
        ),
    ),
    specificity=1,
    defers_to=frozenset({"pip-dependency-conflict"}),
)
def _advise_requirements_conflict(m: re.Match[str], ctx: Context) -> Advice:
    groups = m.groupdict()
    if groups.get("body") is None:
        return _left_broken(m, ctx)
    body = groups["body"]
    requested = re.findall(r"The user requested (\S+)", body)
    needs = re.findall(r"([\w.\[\]-]+) ([\w.+!]+) depends on ([\w.-]+)([^;\s]*)", body)
    facts: dict[str, object] = {}
    if requested:
        facts["requested"] = requested
    if needs:
        facts["requires"] = [f"{who} {ver} -> {dep}{spec}" for who, ver, dep, spec in needs]
    targets = {dep.lower() for _who, _ver, dep, _spec in needs}
    asked = {re.split(r"[=<>!~\[]", r, maxsplit=1)[0].lower() for r in requested}
    if len(targets) == 1 and not targets & asked:
        (target,) = targets
        cause = _(
            "Every release of {who} pip tried needs {target}, and pip found no {target} it "
            "can install here: the package has no file for this Python or platform (often "
            "an ARM or 32-bit machine, or a too new Python), or the index does not carry it."
        ).format(who=needs[0][0], target=target)
        fix = (
            _(
                "See why: `python -m pip install -v {target}` lists the files it skipped and "
                "their tags; `python -m pip index versions {target}`."
            ).format(target=target),
            _(
                "Install the project the way its documentation gives for this platform, or "
                "leave out the extra or feature that needs {target}."
            ).format(target=target),
        )
        return Advice(cause, fix, facts, key="missing-dependency", used_local_facts=ctx.known.local)
    names = [re.split(r"[=<>!~\[]", r, maxsplit=1)[0].lower() for r in requested]
    twice = next((n for n in names if names.count(n) > 1), None)
    if twice and not needs:
        cause = _(
            "{name} is asked for twice, at versions no release satisfies together ({pins}): "
            "two requirement lines or files pin it differently."
        ).format(
            name=twice,
            pins=", ".join(r for r, n in zip(requested, names, strict=True) if n == twice),
        )
        one = (
            _(
                "Keep one pin of {name}: search the requirements files and the command for "
                "every line that names it."
            ).format(name=twice),
        )
        return Advice(cause, one, facts, key="twice", used_local_facts=ctx.known.local)
    cause = _(
        "The versions asked for cannot go together: one requirement pins a package to a "
        "version that another package's requirement excludes, so pip installs nothing."
    )
    if requested and needs:
        who, ver, dep, spec = needs[0]
        cause += sep() + _("Here {req} was asked for, and {who} {ver} needs {dep}{spec}.").format(
            req=requested[0], who=who, ver=ver, dep=dep, spec=spec
        )
    fix = (
        _(
            "Drop or loosen your own pin of the package named on both sides, so pip can pick "
            "a version every requirement accepts."
        ),
        _(
            "Or pick a release of the package that depends on it whose requirement includes "
            "the version you need (its changelog or `pip index versions`)."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=ctx.known.local)


def _left_broken(m: re.Match[str], ctx: Context) -> Advice:
    """pip's warning after an install: it installed what was asked and left a package
    whose requirement the new version breaks (torch 2.11 pins triton 3.6.0)."""
    dep, depver, needs, have = m.group("dep", "depver", "needs", "have")
    cause = _(
        "After this install {dep} {depver} requires {needs}, but {have} is installed (the "
        "install put it there, or left an older one). pip only warns and carries on, so "
        "{dep} may fail when it uses {have_pkg}."
    ).format(have_pkg=m.group("need_pkg"), dep=dep, depver=depver, needs=needs, have=have)
    fix = (
        _('Install the version it requires: `python -m pip install "{needs}"`.').format(
            needs=needs
        ),
        _(
            "Or find what installed {have} (an installer script or requirements file pinning "
            "it) and make it pin the version {dep} {depver} needs."
        ).format(have=have, dep=dep, depver=depver),
    )
    facts = {"requires": [f"{dep} {depver} -> {needs}"], "installed": have}
    title = _("pip installed a version that another package does not accept")
    return Advice(
        cause, fix, facts, title=title, key="left-broken", used_local_facts=ctx.known.local
    )


__all__ = ["FAMILY"]
