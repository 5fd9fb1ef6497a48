"""torch's scaled_dot_product_attention with no backend left that can run the call: the
code (or a library such as SAM 2) allowed only fused kernels that this GPU, dtype or build
cannot run, and switched the math fallback off."""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx
from envdoctor.i18n import N_, _

FAMILY = Family("attention_kernels")


# aten/src/ATen/native/transformers/cuda/sdp_utils.cpp (pytorch 21c3369): after warning why
# each allowed backend is not used ("Flash attention kernel not used because:", ...), it
# stops with "No available kernel. Aborting execution." (facebookresearch/sam2#48: SAM 2
# forcing flash attention on a GPU before Ampere; hustvl/EVF-SAM#17).
@FAMILY.entry(
    code="sdpa-no-kernel",
    keywords=("no available kernel. aborting execution",),
    title=N_("No attention kernel can run this call (scaled_dot_product_attention)"),
    patterns=(rx(r"No available kernel\. Aborting execution"),),
)
def _advise_sdpa(_m: re.Match[str], ctx: Context) -> Advice:
    cause = _(
        "scaled_dot_product_attention was allowed only some of its fused kernels (flash, "
        "memory-efficient, cuDNN) and the math fallback was switched off, and none of the "
        "allowed ones can run here: flash attention needs an Ampere or newer GPU (sm_80+) and "
        "float16/bfloat16 inputs, and a build or platform may lack a kernel. The warnings "
        "printed just before this line give each kernel's reason."
    )
    fix = (
        _(
            "Allow the math fallback where the backends are chosen (`torch.nn.attention."
            "sdpa_kernel([SDPBackend.FLASH_ATTENTION, SDPBackend.EFFICIENT_ATTENTION, "
            "SDPBackend.MATH])`, or `enable_math=True` in older code); SAM 2's own switch "
            "for older GPUs is OLD_GPU / MATH_KERNEL_ON in sam2/modeling/sam/transformer.py."
        ),
        _(
            "Or give the kernel what it needs: float16/bfloat16 inputs (autocast), and for "
            "flash attention a GPU of compute capability 8.0 or newer."
        ),
    )
    return Advice(cause, fix, {}, used_local_facts=ctx.known.local)


__all__ = ["FAMILY"]
