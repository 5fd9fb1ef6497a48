"""Compiled extensions and the PyTorch they were built against."""

from __future__ import annotations

import re

from envdoctor.explain.decode import (
    parse_cuda_version,
)
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("extensions")


@FAMILY.entry(
    code="cuda-version-mismatch-build",
    keywords=("detected cuda version",),
    title=N_("System CUDA differs from PyTorch's CUDA (building an extension)"),
    patterns=(
        rx(
            r"The detected CUDA version \((?P<sys>\d+\.\d+)\) mismatches the version that "
            r"was used to compile PyTorch \((?P<torch>\d+\.\d+)\)"
        ),
    ),
    specificity=3,
)
def _advise_build_mismatch(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    system, built = m.group("sys"), m.group("torch")
    facts: dict[str, object] = {"system_cuda": system, "torch_cuda": built}
    sys_v, torch_v = parse_cuda_version(system), parse_cuda_version(built)
    cause = _(
        "You are compiling a CUDA extension. The CUDA toolkit it found (nvcc {system}, "
        "from CUDA_HOME or /usr/local/cuda) has a different major version than the CUDA "
        "PyTorch was built with ({built}), and the two cannot be mixed in one extension."
    ).format(system=system, built=built)
    fix = [
        _(
            "Install the CUDA {built} toolkit (toolkit only, no driver) and point the build "
            "at it: export CUDA_HOME=/usr/local/cuda-{built} PATH=/usr/local/cuda-{built}/bin:$PATH"
        ).format(built=built),
    ]
    if sys_v is not None and torch_v is not None:
        fix.append(
            _(
                "Or install a PyTorch build for CUDA {system} (variant cu{nodot}) if one exists."
            ).format(system=sys_v, nodot=f"{sys_v.major}{sys_v.minor}")
        )
    fix.append(_("With conda: `conda install -c nvidia cuda-toolkit={built}`.").format(built=built))
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


@FAMILY.entry(
    code="torch-extension-abi-mismatch",
    keywords=("undefined symbol",),
    title=N_("Extension built for another PyTorch (undefined symbol)"),
    patterns=(rx(r"undefined symbol: (?P<sym>_ZN\w{0,40}?(?:3c10|2at|5torch)\w{0,300})"),),
)
def _advise_undefined_symbol(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    symbol = m.group("sym")
    facts: dict[str, object] = {"symbol": symbol}
    so = re.search(r"([\w.+-]{1,120}\.so): $", ctx.text[max(0, m.start() - 130) : m.start()])
    if so:
        facts["extension"] = so.group(1)
    if k.torch_version:
        facts["torch_version"] = k.torch_version
    cause = _(
        "A compiled extension refers to a PyTorch C++ function that your installed "
        "PyTorch does not have: it was built against another torch version (a prebuilt "
        "wheel for a different torch, or torch was upgraded after building)."
    )
    fix = [
        _(
            "Reinstall the extension for your torch: a prebuilt wheel for your exact torch "
            "and CUDA version, or rebuild it with `pip install --no-build-isolation "
            "--no-cache-dir --force-reinstall <package>`."
        ),
        _("Or install the torch version the extension was built for."),
    ]
    if "cxx11" in symbol or "basic_string" in symbol:
        cause += sep() + _(
            "The symbol uses std::string, so the C++ ABI may also differ: prebuilt wheels "
            "come as cxx11abiTRUE and cxx11abiFALSE builds."
        )
        fix.append(
            _(
                'Pick the wheel whose cxx11abi matches `python -c "import torch; '
                'print(torch._C._GLIBCXX_USE_CXX11_ABI)"`.'
            )
        )
    return Advice(cause, tuple(fix), facts, key=symbol, used_local_facts=k.local)


__all__ = ["FAMILY"]
