"""AMD GPUs under ROCm: a GPU whose gfx target the ROCm build has no code for.

HIP's "invalid device function" is ROCm's "no kernel image": the build (PyTorch's ROCm
wheel, rocBLAS, a ROCm library) carries code objects for a list of gfx targets, and AMD's
list leaves out many consumer GPUs. The usual way round, as Ollama's GPU guide
(docs/gpu.mdx, "Overrides on Linux") describes it, is HSA_OVERRIDE_GFX_VERSION set to the
closest supported target in x.y.z form (gfx1034 runs as gfx1030 with 10.3.0).
"""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx
from envdoctor.i18n import N_, _

FAMILY = Family("rocm")

# The GPU's own gfx target where tools name it: rocminfo's "Name: gfx1031", torch's
# gcnArchName, Ollama's gpu_type= (a build's target list names other GPUs' targets).
_TARGET = r"(?P<gfx>gfx(?P<major>1[0-2]|9)(?P<minor>[0-9a-f])(?P<step>[0-9a-f]))\b"
# In that order of trust: the driver's agent list first.
_GFX = tuple(
    re.compile(prefix + _TARGET)
    for prefix in (r"\bName:\s{0,30}", r"gcnArchName[=:]\s?'?", r"gpu_type=")
)

# Supported targets that a family's other members run as (Ollama's list: gfx1030 for
# RDNA 2, gfx1100 for RDNA 3).
_CLOSEST = {("10", "3"): "10.3.0", ("11", "0"): "11.0.0"}


def gpu_gfx_target(ctx: Context) -> re.Match[str] | None:
    """The GPU's own gfx target where a tool names it (groups gfx, major, minor)."""
    return next((found for found in (ctx.near(p, "gfx", before=40) for p in _GFX) if found), None)


def override_for(major: str, minor: str, gfx: str) -> str | None:
    """HSA_OVERRIDE_GFX_VERSION's value that runs `gfx` as its family's supported target;
    None for a family without one, and for that target itself (nothing to override)."""
    override = _CLOSEST.get((major, minor))
    if override is None or override.replace(".", "") == gfx[3:]:
        return None
    return override


@FAMILY.entry(
    code="rocm-gfx-not-in-build",
    finding_code="gpu-arch-unsupported",
    # "gfx" too: advice reads the GPU's target from the paste.
    keywords=("hip error: invalid device function", "hiperrornobinaryforgpu", "gfx"),
    title=N_("The ROCm build has no code for this AMD GPU (gfx target)"),
    patterns=(
        rx(r"HIP error: invalid device function"),
        rx(r"hipErrorNoBinaryForGpu: Unable to find code object for all current devices"),
    ),
    specificity=3,
)
def _advise_gfx(_m: re.Match[str], ctx: Context) -> Advice:
    facts: dict[str, object] = {}
    gfx = gpu_gfx_target(ctx)
    cause = _(
        "A HIP kernel has no code object for this AMD GPU's gfx target: the ROCm build (of "
        "PyTorch or of a ROCm library) was compiled for other targets, and AMD's ROCm "
        "releases support only some consumer GPUs."
    )
    fix = [_("See the GPU's target: `rocminfo | grep gfx`.")]
    override = None
    if gfx is not None:
        facts["gfx_target"] = gfx.group("gfx")
        override = override_for(gfx.group("major"), gfx.group("minor"), gfx.group("gfx"))
        if override is None and (gfx.group("major"), gfx.group("minor")) in _CLOSEST:
            # The GPU is the family's supported target itself: no override helps, the
            # build (or library) was made without it.
            fix.append(
                _(
                    "{gfx} is a target ROCm supports, but this build was made without it: "
                    "check the build's targets (`python -c \"import torch; "
                    'print(torch.cuda.get_arch_list())"` for PyTorch).'
                ).format(gfx=gfx.group("gfx"))
            )
            override = None
            gfx = None
    if override is not None:
        fix.append(
            _(
                "Run it as the closest supported target of its family: `export "
                "HSA_OVERRIDE_GFX_VERSION={version}` in the shell (or the service's "
                "environment) that starts the program."
            ).format(version=override)
        )
    elif "gfx_target" not in facts:
        fix.append(
            _(
                "Run it as the closest supported target of its family with "
                "HSA_OVERRIDE_GFX_VERSION in x.y.z form (10.3.0 for an RDNA 2 card, gfx103x; "
                "11.0.0 for RDNA 3, gfx110x), set in the environment that starts the program."
            )
        )
    fix.append(
        _(
            "Or install a ROCm build (PyTorch's rocm wheels, the library's release) whose "
            "target list includes this GPU."
        )
    )
    return Advice(cause, tuple(fix), facts, used_local_facts=ctx.known.local)


__all__ = ["FAMILY", "gpu_gfx_target", "override_for"]
