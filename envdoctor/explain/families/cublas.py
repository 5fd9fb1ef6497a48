"""cuBLAS's status errors: a bad input reported late, a cuBLAS of another CUDA loaded in
front of the build's own, a build older than the GPU, or memory."""

from __future__ import annotations

import re

from envdoctor.explain.families.runtime import ARCH_CHECK, gpu_predates_build, newer_gpu_kind
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import ErrorKind, Family, rx
from envdoctor.explain.steps import driver_facts
from envdoctor.i18n import N_, _

FAMILY = Family("cublas")


# The texts THCublasCheck printed for each status (PyTorch 1.x, THCGeneral.cpp).
_THC_CUBLAS_TEXTS = {
    "library not initialized": "CUBLAS_STATUS_NOT_INITIALIZED",
    "resource allocation failed": "CUBLAS_STATUS_ALLOC_FAILED",
    "an invalid numeric value was used as an argument": "CUBLAS_STATUS_INVALID_VALUE",
    "an absent device architectural feature is required": "CUBLAS_STATUS_ARCH_MISMATCH",
    "an access to gpu memory space failed": "CUBLAS_STATUS_MAPPING_ERROR",
    "the gpu program failed to execute": "CUBLAS_STATUS_EXECUTION_FAILED",
    "an internal operation failed": "CUBLAS_STATUS_INTERNAL_ERROR",
}


@FAMILY.entry(
    code="cublas-status-error",
    kind=ErrorKind.RUNTIME,
    keywords=("cublas_status", "cublas runtime error"),
    title=N_("cuBLAS error"),
    defers_to=frozenset({"device-side-assert", "index-out-of-range"}),
    patterns=(
        rx(
            r"\b(?P<status>CUBLAS_STATUS_(?!SUCCESS)[A-Z_]+)\b(?: when calling "
            r"`(?P<call>[A-Za-z_]\w*)"
            r"\()?"
        ),
        # PyTorch 1.x's THCublasCheck (THCGeneral): "cublas runtime error : <text>".
        rx(r"cublas runtime error : (?P<text>" + "|".join(_THC_CUBLAS_TEXTS) + ")"),
        # The same cut before its text (an issue title).
        rx(r"cublas runtime error(?P<cut>)(?!\s*:)"),
    ),
)
def _advise_cublas_status(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    text = m.groupdict().get("text")
    status = _THC_CUBLAS_TEXTS[text.lower()] if text else (m.groupdict().get("status") or "")
    facts: dict[str, object] = {"cublas_status": status.upper()} if status else {}
    status = status.upper() or _("status not shown")
    call = m.groupdict().get("call")
    if call:
        facts["cublas_call"] = call
    facts.update(driver_facts(k))
    if status == "CUBLAS_STATUS_NOT_INITIALIZED":
        cause = _(
            "cuBLAS could not create its handle. Most often the GPU was (nearly) out of "
            "memory at that moment, or an earlier asynchronous CUDA error broke the context: "
            "typically a token id beyond the embedding size (a tokenizer with added special "
            "tokens and a model without them). Less often the cuBLAS library loaded does not "
            "match PyTorch (LD_LIBRARY_PATH, a replaced nvidia-cublas package), or the "
            "program was built without code for this GPU's architecture (a build older than "
            "the GPU)."
        )
    elif status == "CUBLAS_STATUS_INVALID_VALUE":
        # errors_blind75: four threads (vLLM, TalkingGaussian, bevfusion, FastFold) ended
        # with LD_LIBRARY_PATH unset or the system CUDA matched to the build.
        cause = _(
            "A cuBLAS call rejected its arguments (CUBLAS_STATUS_INVALID_VALUE). Most often "
            "the cuBLAS that was loaded is not the one this PyTorch build was made with: a "
            "system CUDA toolkit or a conda cudatoolkit found first through LD_LIBRARY_PATH, "
            "or an nvidia-cublas package of another version than torch requires. Less often "
            "the inputs are at fault (shapes or dtypes the call does not take, an index out "
            "of range reported late)."
        )
    elif status == "CUBLAS_STATUS_ALLOC_FAILED":
        cause = _("cuBLAS could not allocate GPU memory: the GPU is out of memory.")
    else:
        cause = _(
            "A cuBLAS call failed on the GPU ({status}). Usual causes: a bad input reported "
            "late (an index out of range, wrong shapes), a PyTorch build whose CUDA is older "
            "than the GPU (an RTX 20 with a CUDA 9 build, an RTX 30 with CUDA 10), or out of "
            "memory."
        ).format(status=status)
    cause += gpu_predates_build(ctx)
    newer = newer_gpu_kind(ctx)
    mixed = (
        (
            _(
                "Run once with LD_LIBRARY_PATH unset (`env -u LD_LIBRARY_PATH python ...`): if "
                "it works, remove the CUDA toolkit folders from LD_LIBRARY_PATH for good."
            ),
            _(
                "Check the pip CUDA packages against torch: `python -m pip check` names an "
                "nvidia-cublas of another version than torch requires; reinstalling the same "
                "torch with --force-reinstall from the index it came from puts its own back."
            ),
        )
        if status == "CUBLAS_STATUS_INVALID_VALUE"
        else ()
    )
    fix = (
        *mixed,
        _(
            "Re-run with CUDA_LAUNCH_BLOCKING=1 so the traceback points at the failing "
            "operation, or run the same batch on the CPU for a readable error."
        ),
        _("Check free memory with `nvidia-smi` and try a smaller batch size."),
        _(
            "For language models: token ids must stay below the embedding size; after "
            "adding tokens call model.resize_token_embeddings(len(tokenizer))."
        ),
        _(
            'Check the versions: `python -c "import torch; print(torch.__version__, '
            'torch.version.cuda, torch.backends.cudnn.version())"`.'
        ),
        _(ARCH_CHECK),
        _("Remove other CUDA library folders from LD_LIBRARY_PATH (or PATH on Windows)."),
    )
    return Advice(cause, fix, facts, key=status, used_local_facts=k.local, kind=newer)


__all__ = ["FAMILY"]
