"""The xformers release that fits an installed torch, and what to say when xFormers' warning
names no torch: shared by the xformers-torch-mismatch entry's readings."""

from __future__ import annotations

import re

from envdoctor.explain.knowledge import index_url
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.restore import command_for_build
from envdoctor.explain.spec import sep
from envdoctor.i18n import _


def xformers_for_torch(ctx: Context, torch_version: str) -> str:
    """The step that installs the xformers release made for this torch, keeping torch.

    Every xformers release pins one torch release, so an unpinned `pip install xformers`
    pulls the newest torch; named next to the pinned torch, pip picks the xformers made
    for it instead.
    """
    cmd = command_for_build(
        ctx.matrix, ctx.known, torch_version, mirror=ctx.mirror, resolve_with=("xformers",)
    )
    if cmd is not None:
        return _(
            "Install the xformers release made for torch {have}, keeping this torch (every "
            "xformers release pins the torch it was built for, so pip picks the matching "
            "one): {cmd}"
        ).format(have=torch_version, cmd=cmd)
    label = torch_version.split("+", 1)[1] if "+" in torch_version else None
    index = f" --index-url {index_url(label)}" if label else ""
    python = ctx.known.python_executable or "python"
    return _(
        "Install xformers in the same command as torch pinned to the installed build, from "
        "the index that build came from, so pip picks the xformers release made for it "
        "instead of changing torch: {cmd}"
    ).format(cmd=f"{python} -m pip install torch=={torch_version} xformers{index}")


def xformers_unloadable(m: re.Match[str], ctx: Context) -> Advice:
    """xFormers' warning without the lines that name the torch it was built for."""
    k = ctx.known
    facts: dict[str, object] = {}
    cause = _(
        "xFormers' compiled kernels do not fit the installed torch: the xformers wheel was "
        "built for another torch release or CUDA variant (or torch is a CPU-only build), "
        "so xFormers runs without its CUDA kernels or fails."
    )
    if m.groupdict().get("not_built") is not None:
        cause = _(
            "xFormers has no compiled C++/CUDA extension it can load: it was installed from "
            "source without building its kernels (pip found no wheel for this torch, Python "
            "or platform and built the source package without CUDA), or its wheel was made "
            "for another torch. Memory-efficient attention and the other kernels are missing."
        )
    # xFormers' own encoding of the two CUDAs (1108 for 11.8): only their difference is sure.
    if m.groupdict().get("cut_built"):
        facts["xformers_torch"] = m.group("cut_built")
        cause += sep() + _("It was built for torch {built}.").format(built=m.group("cut_built"))
    groups = m.groupdict()
    if groups.get("xcuda") and groups.get("tcuda") and groups["xcuda"] != groups["tcuda"]:
        facts["xformers_cuda"], facts["torch_cuda"] = m.group("xcuda"), m.group("tcuda")
        cause += sep() + _(
            "Here the two CUDA numbers differ ({x} for xFormers, {t} for torch): they were "
            "built for different CUDA versions."
        ).format(x=m.group("xcuda"), t=m.group("tcuda"))
    if k.torch_version:
        first = xformers_for_torch(ctx, k.torch_version)
    elif m.groupdict().get("not_built") is not None:
        first = _(
            "Install a prebuilt xformers wheel in one command with torch pinned to the build "
            "you have (`python -m pip show torch` names it), from that build's index, e.g. "
            "`python -m pip install torch==2.1.2+cu121 xformers --index-url "
            "https://download.pytorch.org/whl/cu121`: every xformers release pins the torch "
            "it was built for, so pip picks the wheel made for yours."
        )
    else:
        first = _(
            'The lines after this warning name the torch xFormers was built for ("xFormers '
            'was built for: PyTorch X with CUDA N (you have Y)"). Install xformers in one '
            "command with torch pinned to the build you have (`python -m pip show torch` "
            "names it), from that build's index, e.g. `python -m pip install "
            "torch==2.1.2+cu121 xformers --index-url https://download.pytorch.org/whl/cu121` "
            "for torch 2.1.2+cu121: every xformers release pins the torch it was built for, "
            "so pip picks the one made for yours instead of changing torch."
        )
    fix = (
        first,
        _("Check with `python -m xformers.info`: it lists which kernels are available."),
    )
    return Advice(cause, fix, facts, key="bare", used_local_facts=k.local)


__all__ = ["xformers_for_torch", "xformers_unloadable"]
