"""GPUs too old for a feature the program asks for: bf16, TF32, FlashAttention, Triton."""

from __future__ import annotations

import re

from envdoctor.explain.decode import parse_sm
from envdoctor.explain.families.arch import clean_gpu_name
from envdoctor.explain.knowledge import architecture, capability_of
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("gpu_features")


# What each message asks of the GPU: (feature, minimum capability) when the text does not say.
_FEATURE_RULES = (
    ("bf16", ("bf16", "bfloat16"), (8, 0)),
    ("tf32", ("tf32",), (8, 0)),
    ("flash-attention", ("flashattention", "flash attention"), (8, 0)),
    ("torch.compile (triton)", ("triton",), (7, 0)),
)


@FAMILY.entry(
    code="gpu-too-old-for-feature",
    keywords=(
        "doesn't support bf16",
        "bf16 mixed precision requires pytorch",
        "tf32 requires ampere",
        "only supports ampere gpus",
        "only supports turing gpus",
        "bfloat16 is only supported on gpus",
        "too old to be supported by the triton",
        "triton ptx codegen error",
        "compute capability below",
    ),
    title=N_("GPU too old for a feature the program uses (bf16, FlashAttention, Triton)"),
    patterns=(
        # transformers TrainingArguments (bf16=True / tf32=True).
        rx(
            r"Your setup doesn't support bf16/gpu\.?(?: You need (?:torch>=1\.10, using "
            r"Ampere GPU|Ampere\+ GPU) with cuda>=11\.0)?"
        ),
        # Accelerate: a CUDA device without bf16 (a CPU device never gets here).
        rx(r"bf16 mixed precision requires PyTorch >= 1\.10 and a supported device"),
        rx(r"--tf32 requires Ampere or a newer GPU arch, cuda>=11 and torch>=1\.7"),
        # flash-attn's own check (2.x: Ampere; 1.x: Turing).
        rx(r"FlashAttention only supports (?:Ampere|Turing) GPUs or newer"),
        # vLLM's dtype check.
        rx(
            r"Bfloat16 is only supported on GPUs with compute capability of at least "
            r"(?P<min>\d+\.\d)(?:\.? Your (?P<gpu>[^\n]{1,80}?) GPU (?:has compute capability "
            r"(?P<cc>\d+\.\d)|does not have a compute capability))?"
        ),
        rx(r"GPUs with compute capability below (?P<min>\d+\.\d) are not supported"),
        # torch.compile's inductor, before Triton compiles anything.
        rx(
            r"Found (?P<gpu>[^\n]{1,80}?) which is too old to be supported by the triton(?: GPU "
            r"compiler)?(?:, which is used as the backend\. Triton only supports devices of CUDA "
            r"Capability >= (?P<min>\d+\.\d), but your device is of CUDA capability "
            r"(?P<cc>\d+\.\d))?"
        ),
        # ptxas refusing bf16 instructions for the pre-Ampere GPU Triton compiles for (not
        # an extension's build, where the arch list, not the GPU, chose the target).
        rx(
            r"Internal Triton PTX codegen error:? .{0,300}?Feature '(?P<feature>[^'\n]{0,30}"
            r"bf16[^'\n]{0,20})' requires \.target sm_80 or higher"
        ),
    ),
    specificity=3,
)
def _advise_feature(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    groups = m.groupdict()
    text = m.group(0).lower()
    feature, needed = next(
        ((name, cc) for name, words, cc in _FEATURE_RULES if any(w in text for w in words)),
        ("bf16", (8, 0)),
    )
    if "compute capability below" in text:
        feature = "vLLM"
    if "turing gpus or newer" in text:
        needed = (7, 5)  # flash-attn 1.x: Turing; 2.x: Ampere
    if groups.get("min"):
        needed = parse_sm(groups["min"]) or needed
    gpu_name = clean_gpu_name(groups["gpu"]) if groups.get("gpu") else None
    cc = parse_sm(groups["cc"]) if groups.get("cc") else None
    if cc is None and gpu_name:
        cc = capability_of(ctx.matrix, gpu_name)
    if cc is None:
        local = next((g for g in k.gpus if g.capability), None)
        if local is not None:
            gpu_name, cc = gpu_name or local.name, local.capability
    facts: dict[str, object] = {
        "feature": feature,
        "required_capability": f"{needed[0]}.{needed[1]}",
    }
    if gpu_name:
        facts["gpu"] = gpu_name
    need_arch = architecture(ctx.matrix, needed)
    cause = _(
        "{feature} needs a GPU of compute capability {need} ({arch}) or newer; older "
        "GPUs do not have the instructions for it. No driver or package version changes "
        "that."
    ).format(feature=feature, need=f"{needed[0]}.{needed[1]}", arch=need_arch or "?")
    fix: list[str] = []
    if cc is not None:
        facts["gpu_capability"] = f"{cc[0]}.{cc[1]}"
        arch = architecture(ctx.matrix, cc)
        if arch:
            facts["architecture"] = arch
        if cc >= needed and feature == "flash-attention" and cc >= (10, 0):
            # flash-attn 2's check accepts Ampere, Ada and Hopper (8.x, 9.0); a build
            # without Blackwell kernels says "Ampere or newer" on newer GPUs too.
            cause = _(
                "Your {gpu} (compute capability {cap}) is newer than this flash-attn build "
                "knows: its check accepts the 8.x and 9.0 GPUs it has kernels for, and says "
                "'Ampere or newer' for any other."
            ).format(gpu=gpu_name or "GPU", cap=f"{cc[0]}.{cc[1]}")
            fix = [
                _(
                    "Use PyTorch's attention instead: attn_implementation='sdpa' in "
                    "transformers, or the project's flash_attn option set to false."
                ),
                _("Or install a flash-attn release whose notes list your GPU's architecture."),
            ]
            return Advice(cause, tuple(fix), facts, key=feature, used_local_facts=k.local)
        if cc >= needed:
            cause += sep() + _(
                "Your {gpu} has compute capability {cap}, which is enough: the program did not "
                "see it, so torch is probably a CPU-only build or CUDA is unavailable here."
            ).format(gpu=gpu_name or "GPU", cap=f"{cc[0]}.{cc[1]}")
            fix.append(
                _(
                    'Check `python -c "import torch; print(torch.__version__, '
                    'torch.cuda.is_available(), torch.cuda.get_device_capability())"`.'
                )
            )
            return Advice(cause, tuple(fix), facts, key=feature, used_local_facts=k.local)
        cause += sep() + _("Your {gpu} has compute capability {cap} ({arch}).").format(
            gpu=gpu_name or "GPU", cap=f"{cc[0]}.{cc[1]}", arch=arch or "?"
        )
    if feature in ("bf16", "tf32") or "bfloat16" in text:
        fix.append(
            _(
                "Use float16 instead of bfloat16: --fp16 / fp16=True instead of bf16=True "
                "(transformers), dtype='half' / --dtype half (vLLM), torch_dtype=torch.float16; "
                "turn tf32 off (tf32=False)."
            )
        )
    if feature == "flash-attention":
        fix.append(
            _(
                "Turn FlashAttention off: attn_implementation='sdpa' (or 'eager') in "
                "transformers, the project's use_flash_attn / flash_attn option set to false, "
                "or another attention backend (e.g. xformers)."
            )
        )
    if feature == "torch.compile (triton)" or ctx.has("triton"):
        fix.append(
            _(
                "Run without torch.compile on this GPU: remove the compile step or its option, "
                "or set TORCHDYNAMO_DISABLE=1."
            )
        )
    last = (
        _("Or run on a GPU of compute capability {need} or newer.")
        if fix
        else _("Run it on a GPU of compute capability {need} or newer.")
    )
    fix.append(last.format(need=f"{needed[0]}.{needed[1]}"))
    return Advice(cause, tuple(fix), facts, key=feature, used_local_facts=k.local)


__all__ = ["FAMILY"]
