"""spconv and cumm (its tensorview core): a build without CUDA asked for GPU memory.

spconv 2.x comes as one PyPI package per CUDA version (spconv-cu118, spconv-cu120, ...),
each with a cumm-cuXXX of the same CUDA; plain `spconv` / `cumm` are the CPU builds.
"""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("spconv")


@FAMILY.entry(
    code="spconv-cpu-build",
    keywords=("don't compiled with cuda", "not implemented for cpu only build"),
    title=N_("spconv/cumm installed without CUDA (don't compiled with cuda)"),
    patterns=(
        # tensorview/tensor.h (cumm; spconv 1.x had its own copy): TV_THROW_INVALID_ARG when
        # a tensor is put on the GPU by a build without TV_CUDA.
        rx(r"(?:tensorview[\\/]tensor\.h\(\d+\)\s{0,4})?don't compiled with cuda"),
        # spconv 2.x's generated ops (SpconvOps_get_indice_pairs.cc and others) in the CPU
        # package: "... not implemented for CPU ONLY build." (mmdetection3d#2061).
        rx(r"(?:spconv|cumm)\S{0,200}?\(\d+\) not implemented for CPU ONLY build"),
    ),
    specificity=3,
)
def _advise_spconv_cpu(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    facts: dict[str, object] = {}
    cause = _(
        "spconv's core (cumm's tensorview) was built without CUDA, so it cannot put tensors "
        "on the GPU: the CPU packages `spconv` / `cumm` are installed (alone, or next to a "
        "spconv-cuXXX / cumm-cuXXX: both install the same module, so the last one installed "
        "is the one imported), or spconv 1.x was compiled without CUDA."
    )
    variant = k.torch_cuda.label if k.torch_cuda else None
    if variant:
        facts["torch_cuda"] = str(k.torch_cuda)
        cause += sep() + _(
            "Your torch uses CUDA {cuda}: spconv must be the build for that CUDA (or the "
            "nearest older one spconv publishes), not the system toolkit's."
        ).format(cuda=k.torch_cuda)
    fix = (
        _(
            "Remove every copy first: `python -m pip uninstall -y spconv cumm` and any "
            "spconv-cuXXX / cumm-cuXXX (`python -m pip list | grep -i -e spconv -e cumm`)."
        ),
        _(
            "Then install the spconv-cuXXX package for the CUDA your torch was built with "
            '(`python -c "import torch; print(torch.version.cuda)"`), e.g. spconv-cu118 for '
            "CUDA 11.8; it brings the cumm-cuXXX of the same CUDA. spconv's README lists the "
            "CUDA versions published."
        ),
        _(
            "spconv 1.x (the old `import spconv` API): rebuild it from source with CUDA "
            "visible (nvcc on PATH, CUDA_HOME set), or move the project to spconv 2.x."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=k.local)


__all__ = ["FAMILY"]
