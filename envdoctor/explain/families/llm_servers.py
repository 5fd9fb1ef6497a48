"""LLM servers in their own words: Ollama and llama.cpp (ggml) carry their own CUDA build,
so PyTorch's builds and wheels are no part of the fix; vLLM's sizing of the GPU's memory
is the run's configuration, not the installation."""

from __future__ import annotations

import re

from envdoctor.explain.decode import parse_sm
from envdoctor.explain.knowledge import architecture
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import ErrorKind, Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("llm_servers")


@FAMILY.entry(
    code="llama-cpp-gpu-too-old",
    finding_code="gpu-arch-unsupported",
    keywords=("cuda gpu is too old",),
    title=N_("Ollama's CUDA build does not support this GPU (it runs on the CPU)"),
    patterns=(
        # ollama's gpu.go: the GPU's capability is below what its CUDA runners were built for.
        rx(
            r"CUDA GPU is too old\. Falling back to CPU mode\.(?: Compute Capability "
            r"detected: (?P<cc>\d{1,2}\.\d))?"
        ),
    ),
)
def _advise_too_old(m: re.Match[str], ctx: Context) -> Advice:
    facts: dict[str, object] = {}
    cc_text = m.groupdict().get("cc")
    cc = parse_sm(cc_text) if cc_text else None
    cause = _(
        "Ollama's bundled CUDA runners were built for newer GPUs than this one, so it "
        "ignores the GPU and runs the model on the CPU (slowly). The driver and PyTorch are "
        "not involved."
    )
    if cc is not None:
        facts["gpu_capability"] = cc_text
        name = architecture(ctx.matrix, cc)
        if name:
            facts["architecture"] = name
        cause += sep() + _("Your GPU has compute capability {cc}{arch}.").format(
            cc=cc_text, arch=f" ({name})" if name else ""
        )
    fix = (
        _(
            "Update Ollama: the compute capabilities its CUDA build supports change between "
            "releases (its GPU support page lists them); a release that supports this GPU "
            "uses it without other changes."
        ),
        _(
            "Otherwise build llama.cpp (or Ollama) from source for this GPU: "
            "-DCMAKE_CUDA_ARCHITECTURES=<capability without the dot, e.g. 52>."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=ctx.known.local)


@FAMILY.entry(
    code="vllm-kv-cache-too-small",
    kind=ErrorKind.RUNTIME,
    keywords=("stored in kv cache",),
    title=N_("vLLM: the model's context does not fit in the GPU memory left for the KV cache"),
    patterns=(
        rx(
            r"The model's max seq len \((?P<need>\d+)\) is larger than the maximum number of "
            r"tokens that can be stored in KV cache \((?P<fit>\d+)\)"
        ),
    ),
)
def _advise_kv_cache(m: re.Match[str], ctx: Context) -> Advice:
    need, fit = m.group("need"), m.group("fit")
    facts: dict[str, object] = {"max_seq_len": int(need), "kv_cache_tokens": int(fit)}
    cause = _(
        "vLLM reserves GPU memory for the KV cache of one full-length request at start-up. "
        "After the weights, the memory it may use holds {fit} tokens, and the model's "
        "context is {need}. The installation is fine: this is the server's sizing."
    ).format(fit=fit, need=need)
    fix = (
        _("Serve a shorter context: --max-model-len {fit} (or less).").format(fit=fit),
        _(
            "Or give vLLM more of the GPU: --gpu-memory-utilization 0.95 (the default is "
            "0.9), with no other process on the GPU."
        ),
        _(
            "Or spread the model over more GPUs (--tensor-parallel-size), or use a "
            "quantized model or --kv-cache-dtype fp8 to fit more tokens."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=ctx.known.local)


__all__ = ["FAMILY"]
