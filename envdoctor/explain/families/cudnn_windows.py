"""cuDNN 8 on Windows and the zlib library it loads.

NVIDIA's cuDNN 8 installation guide for Windows has a step of its own ("Installing
Zlib"): cuDNN 8 releases load zlibwapi.dll, which neither the driver nor the CUDA toolkit
installs. cuDNN's loader says "Could not locate zlibwapi.dll. Please make sure it is in
your library path!" when it is missing, and "Could not load library zlibwapi.dll. Error
code 193" when the copy found is of another architecture (Windows' error 193: not a valid
application for this machine, i.e. a 32-bit DLL in a 64-bit process).
"""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("cudnn_windows")


@FAMILY.entry(
    code="cudnn-zlib-missing",
    keywords=("zlibwapi.dll",),
    title=N_("cuDNN 8 cannot load zlibwapi.dll (Windows)"),
    patterns=(
        rx(r"Could not (?:locate|load library) zlibwapi\.dll(?:\. Error code (?P<code>\d{1,5}))?"),
    ),
    specificity=3,
)
def _advise_zlib(m: re.Match[str], ctx: Context) -> Advice:
    facts: dict[str, object] = {"library": "zlibwapi.dll"}
    cause = _(
        "cuDNN 8 on Windows loads zlibwapi.dll (zlib), which neither the NVIDIA driver nor "
        "the CUDA toolkit installs: NVIDIA's cuDNN 8 installation guide has a step of its own "
        "for it, and the DLL must be in a folder on PATH."
    )
    if m.group("code") == "193":
        facts["error_code"] = 193
        cause += sep() + _(
            "Error code 193 means the zlibwapi.dll it found is built for another architecture: "
            "a 32-bit copy, where the 64-bit one is needed."
        )
    fix = (
        _(
            "Get the 64-bit zlibwapi.dll that the cuDNN 8 installation guide links, and put it "
            "in the CUDA toolkit's bin folder (or the program's own folder); then open a new "
            "terminal."
        ),
        _(
            "Remove other zlibwapi.dll copies earlier on PATH (`where zlibwapi.dll` lists "
            "them), a 32-bit one in particular."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=ctx.known.local)


__all__ = ["FAMILY"]
