"""What a paste's own sentences say about the machine ("no GPU really to speak of"), as
opposed to what its program printed."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from envdoctor.i18n import N_

if TYPE_CHECKING:
    from envdoctor.explain.model import Context


# First-person or descriptive forms only: a program's "No CUDA GPUs are available" or
# "no GPU found" is an error message, not a statement about the hardware.
# "has no GPU support" is said of a torch build, "no GPU problem" of nothing: the words
# after "GPU" must not make it a property of something else.
_NOT_HARDWARE = (
    r"(?! ?(?:found|detected|available|support|acceleration|access|build|version|memory|"
    r"problem|issue|error|usage|driver|is used|used|visible|in (?!it\b)|enabled|"
    r"utili[sz]ation|load))"
)
# The words for the hardware: "NVIDIA card" names one, a bare "card" does not.
_GPU_NOUN = r"(?:gpu|graphics card|video card|(?<=nvidia )card)s?\b"
_NO_GPU = re.compile(
    r"(?i)\b(?:but|and|with|has|have|there(?:'s| is)) no (?:nvidia |dedicated |discrete |"
    r"cuda[- ]capable )?" + _GPU_NOUN + _NOT_HARDWARE + r"|\b(?:don'?t|do not|doesn'?t|does "
    r"not) have (?:a |an |any )?(?:nvidia |dedicated |discrete |cuda[- ]capable )?"
    + _GPU_NOUN
    + _NOT_HARDWARE
    + r"|没有(?:独立|英伟达|N卡)?(?:显卡|GPU|gpu)(?!驱动|内存|显存|支持|占用|使用)"
)
# The literal starts of those forms, for the engine's one pass over the text.
NO_GPU_ANCHORS = (
    " no gpu",
    " no nvidia",
    " no dedicated",
    " no discrete",
    " no graphics card",
    "have a gpu",
    "have any gpu",
    "have gpu",
    "have an nvidia",
    "have a nvidia",
    "have any nvidia",
    "have nvidia",
    "have a dedicated",
    "没有",
)


def says_no_gpu(ctx: Context) -> bool:
    """Whether the paste's prose says the machine has no (NVIDIA) GPU, and nothing in it
    names one (a GPU named elsewhere in the paste makes "no GPU" mean something else)."""
    if ctx.known.gpus or ctx.known.prose_gpus or ctx.has("nvidia-smi"):
        return False
    return ctx.near(_NO_GPU, *NO_GPU_ANCHORS, before=20, reach=40) is not None


# An AMD graphics card, by the words people and tools use for it ("amd64" and "AMD Ryzen"
# name CPUs, so plain "amd" is not one of them).
AMD_GPU_WORDS = (
    "radeon",
    "rocm",
    "amd card",
    "amd gpu",
    "amd graphics",
    "gfx90",
    "gfx110",
    # Chinese ("AMD显卡") and Radeon models written without the brand ("AMD 6600XT").
    "amd显卡",
    "amd 显卡",
    "6600xt",
    "6700xt",
    "6800xt",
    "6900xt",
    "7800xt",
    "7900xt",
    "7900 xt",
)
# A bare "AMD" names a GPU only next to a GPU word ("AMD Rx 6600", "AMD GPU"): "AMD EPYC",
# "AMD Ryzen" and "AMD Threadripper" are CPUs in NVIDIA machines. "A卡" (AMD card) is
# slang, not part of "cuda卡住" or "NVIDIA卡".
_AMD_GPU = re.compile(
    r"(?<![A-Za-z])(?:AMD[\s-]{0,3}(?:Radeon|RX\b|GPU|graphics|card|显卡|卡|Instinct|MI\d{2,3}|"
    r"\d{4}\s?XTX?\b)|A卡)",
    re.IGNORECASE,
)
# What an AMD GPU owner can do instead of a CUDA build (torch.cuda drives ROCm's HIP).
AMD_ROCM_STEP = N_(
    "On Linux, install a ROCm build of PyTorch (pytorch.org's selector gives the "
    "command for each ROCm version; check that ROCm supports your GPU); "
    "torch.cuda then drives the AMD GPU. PyTorch's ROCm builds are Linux-only."
)
AMD_GPU_CAUSE = N_("The paste names an AMD GPU: CUDA builds cannot use it at all.")


# The same words as whole words ("rocm" is not part of "procmon"), and not a Ryzen's
# graphics named as part of its CPU ("AMD Ryzen 7 5800H with Radeon Graphics", common in
# laptops with an NVIDIA GPU).
_AMD_WORDS = ("directml", "zluda", *AMD_GPU_WORDS, "amdgpu")
_AMD_WORD = re.compile(
    # Only "Radeon (780M) Graphics" after "with" is a CPU's: "with Radeon RX 6800" is not.
    r"(?<![A-Za-z])(?!(?<=with )radeon(?: \d{3,4}m)? graphics)"
    r"(?!(?<=w/ )radeon(?: \d{3,4}m)? graphics)(?:"
    + "|".join(re.escape(w) for w in sorted(_AMD_WORDS, key=len, reverse=True))
    # gfx targets go on in hex digits (gfx90a, gfx1100).
    + r")(?:(?<=gfx90)a|(?<=gfx110)[0-3])?(?![a-z])",
    re.IGNORECASE,
)


def amd_word_named(ctx: Context) -> bool:
    """Whether one of AMD's GPU words is in the paste as a word of its own."""
    # (reach: the lookaheads read the words after it, "radeon graphics".)
    return ctx.near(_AMD_WORD, *_AMD_WORDS, before=5, reach=22) is not None


def amd_gpu_named(ctx: Context) -> bool:
    """Whether the paste names an AMD GPU: by its own words, or "AMD" next to a GPU word;
    not when it names an NVIDIA GPU too (a Ryzen's Radeon graphics beside a GeForce)."""
    if ctx.known.gpus or ctx.known.prose_gpus:
        return False
    return amd_word_named(ctx) or (ctx.near(_AMD_GPU, "amd", "a卡", before=1) is not None)


__all__ = [
    "AMD_GPU_CAUSE",
    "AMD_GPU_WORDS",
    "AMD_ROCM_STEP",
    "NO_GPU_ANCHORS",
    "amd_gpu_named",
    "amd_word_named",
    "says_no_gpu",
]
