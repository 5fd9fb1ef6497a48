"""Triton compiling at run time: what the machine needs besides the GPU.

Triton (used by torch.compile / inductor, and directly by kernel libraries such as
Unsloth, SageAttention, Liger, FLA) builds a small C launcher module for each kernel
signature the first time it runs. python/triton/runtime/build.py looks for `$CC`, then
`gcc`, then `clang` on PATH, and raises "Failed to find C compiler. Please specify via CC
environment variable." (from 3.3 on: "... or set triton.knobs.build.impl.") when there is
none: slim and CUDA "runtime" container images ship no compiler.
"""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx
from envdoctor.i18n import N_, _

FAMILY = Family("triton_runtime")


@FAMILY.entry(
    code="triton-c-compiler-missing",
    keywords=("failed to find c compiler",),
    title=N_("Triton finds no C compiler to build its kernel launchers"),
    patterns=(rx(r"Failed to find C compiler\.? Please specify via CC environment variable"),),
    specificity=3,
)
def _advise_triton_cc(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    windows = k.os == "Windows" or ctx.has("triton-windows", "\\site-packages\\triton")
    facts: dict[str, object] = {"windows": True} if windows else {}
    cause = _(
        "Triton compiles a small C module for every kernel it launches the first time it "
        "runs (torch.compile, and libraries that ship Triton kernels), with the C compiler "
        "named by CC, else gcc or clang on PATH; this machine or container has none. The "
        "GPU, the driver and torch are fine."
    )
    if windows:
        # kijai/ComfyUI-MochiWrapper#91 (its maintainer): on Windows only the triton-windows
        # fork works, and it compiles with Visual Studio's compiler and the CUDA toolkit.
        fix = [
            _(
                "Windows: Triton itself publishes no Windows build; use the triton-windows "
                "fork (woct0rdho/triton-windows) and install what its README names for "
                "compiling (Visual Studio Build Tools with the C++ workload, the CUDA "
                "toolkit for older releases), then open a new terminal; or set CC to the "
                "compiler's full path."
            )
        ]
    else:
        fix = [
            _(
                "Install a C compiler: `sudo apt-get install -y gcc` (Debian/Ubuntu; "
                "build-essential brings the rest), `sudo dnf install gcc` (Fedora/RHEL); in a "
                "Docker image add it to the final stage (slim and CUDA runtime images have "
                "none) and set `ENV CC=gcc`."
            ),
            _(
                "Triton then also needs Python's headers for that module: python3-dev (or "
                "python3.X-dev for the Python that runs it)."
            ),
        ]
    fix.append(
        _(
            "Or avoid Triton here: run without torch.compile (or TORCHDYNAMO_DISABLE=1), or "
            "choose the library's non-Triton backend."
        )
    )
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


__all__ = ["FAMILY"]
