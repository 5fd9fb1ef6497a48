"""Triton compiling at run time: what the machine needs besides the GPU.

Triton (used by torch.compile / inductor, and directly by kernel libraries such as
Unsloth, SageAttention, Liger, FLA) builds a small C launcher module for each kernel
signature the first time it runs. python/triton/runtime/build.py looks for `$CC`, then
`gcc`, then `clang` on PATH, and raises "Failed to find C compiler. Please specify via CC
environment variable." (from 3.3 on: "... or set triton.knobs.build.impl.") when there is
none: slim and CUDA "runtime" container images ship no compiler.

On Windows, triton-windows' README (woct0rdho/triton-windows, "5. C compiler"): "Since
triton-windows 3.2.0.post13, TinyCC is bundled in the Triton wheels, so you don't need to
manually install a C compiler"; the bundled TinyCC does not work on free-threaded Python
(3.13t/3.14t), and "Instructions for older or custom wheels without bundled TinyCC" name MSVC
(cl.exe on PATH). Its "7. Triton" section: uninstall an old `triton` first, then
`pip install -U "triton-windows<3.N"` (the bound matching the installed torch).
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
        # triton-windows bundles TinyCC since 3.2.0.post13 (its README, see the module's
        # sources): the error there means an old or broken triton-windows, or a free-threaded
        # Python; Triton itself publishes no Windows build (kijai/ComfyUI-MochiWrapper#91).
        cause = _(
            "Triton compiles a small C module for every kernel it launches the first time it "
            "runs, and found no C compiler. On Windows, triton-windows 3.2.0.post13 and newer "
            "bring their own (TinyCC, inside the wheel), so this means an older triton-windows, "
            "an old unofficial `triton` wheel, a broken install, or a free-threaded Python "
            "(3.13t/3.14t), where the bundled compiler does not work. The GPU, the driver and "
            "torch are fine."
        )
        fix = [
            _(
                "Windows: upgrade or reinstall the triton-windows fork first (Triton itself "
                "publishes no Windows build): `python -m pip uninstall triton` if an old "
                "`triton` wheel is installed, then `python -m pip install -U --force-reinstall "
                '--no-deps "triton-windows<3.N"` with the bound its README gives for your torch '
                "(ComfyUI portable: run it with python_embeded\\python.exe -m pip)."
            ),
            _(
                "If it still fails (a free-threaded Python, or a custom wheel without TinyCC): "
                "install Visual Studio Build Tools with the C++ workload, put the folder of "
                "cl.exe on PATH (or set CC to the compiler's full path), and open a new terminal."
            ),
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
