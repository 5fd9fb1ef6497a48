"""LLM servers and trainers in their own words: Ollama and llama.cpp (ggml) carry their own
CUDA build, so PyTorch's builds and wheels are no part of the fix; vLLM's sizing of the GPU's
memory is the run's configuration, not the installation; Unsloth's own CUDA link check;
lmdeploy's TurboMind engine missing."""

from __future__ import annotations

import re

from envdoctor.explain.decode import parse_sm
from envdoctor.explain.knowledge import architecture
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import ErrorKind, Family, rx, sep
from envdoctor.explain.steps import CHECK_DRIVER
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


@FAMILY.entry(
    code="unsloth-cuda-not-linked",
    keywords=("cuda is not linked properly",),
    title=N_("Unsloth: bitsandbytes or Triton cannot find CUDA (CUDA is not linked properly)"),
    patterns=(
        rx(r"Unsloth: CUDA is not linked properly"),
        # Releases before the "Unsloth:" prefix: the same message with its own next line.
        rx(
            r"CUDA is not linked properly\.?\s{0,4}(?:Try running `python -m bitsandbytes`|"
            r"We tried running `ldconfig)"
        ),
    ),
)
def _advise_unsloth_link(_m: re.Match[str], ctx: Context) -> Advice:
    # unsloth/__init__.py: after running ldconfig itself it checks that bitsandbytes' CUDA
    # library loaded (cdequantize_blockwise_fp32) and that Triton's libcuda_dirs() finds the
    # driver's libcuda.so; either failing gives this message.
    cause = _(
        "Unsloth checks at import that bitsandbytes loaded its CUDA library and that Triton "
        "finds the driver's libcuda.so (through the ldconfig cache); one of them failed. "
        "Usually libcuda.so's folder is not in the loader's cache (Colab's /usr/lib64-nvidia, "
        "WSL's /usr/lib/wsl/lib, a container without the driver's libraries), or the "
        "environment mixes a pip torch into conda so bitsandbytes finds no CUDA runtime."
    )
    fix = (
        _(
            "Run `python -m bitsandbytes` (and `python -m xformers.info`): they say whether "
            "their CUDA libraries load and which CUDA they found."
        ),
        _(
            "Check that the loader finds libcuda.so: `ldconfig -p | grep libcuda`. If not, add "
            "its folder to the cache: `sudo ldconfig /usr/lib64-nvidia` (Colab) or the folder "
            "that holds libcuda.so (WSL: /usr/lib/wsl/lib), then import Unsloth again."
        ),
        _(
            "In a conda environment, do not mix conda's CUDA packages with a pip torch: "
            "install torch (and bitsandbytes, xformers) with pip from the PyTorch index. "
            "The route Unsloth's maintainers gave for this message, torch with pytorch-cuda "
            "from the pytorch and nvidia channels, works only up to torch {last}: that "
            "channel has no later packages."
        ).format(last=_conda_last(ctx)),
        _(CHECK_DRIVER),
    )
    return Advice(cause, fix, {}, used_local_facts=ctx.known.local)


def _conda_last(ctx: Context) -> str:
    """The last torch on the pytorch conda channel, from the matrix."""
    end = ctx.matrix.torch.last_for("conda")
    return end.last if end is not None else "?"


# lmdeploy's archs.py (InternLM/lmdeploy 1263d5c): `from lmdeploy.turbomind.supported_models
# import is_supported` raising ImportError makes it warn and run the PyTorch engine
# (InternLM/lmdeploy#2069: a source checkout next to a stray `turbomind` 0.0.0 package).
@FAMILY.entry(
    code="lmdeploy-turbomind-unavailable",
    keywords=("turbomind engine is not installed correctly",),
    title=N_("lmdeploy's TurboMind engine cannot be imported (it falls back to PyTorch)"),
    patterns=(
        rx(r"Fallback to pytorch engine because turbomind engine is not installed correctly"),
    ),
)
def _advise_turbomind(_m: re.Match[str], ctx: Context) -> Advice:
    cause = _(
        "lmdeploy could not import its TurboMind engine, whose core is a compiled extension "
        "shipped in lmdeploy's wheels, so it runs the slower PyTorch engine. Usual reasons: "
        "lmdeploy was installed from a source checkout without building the extension, a "
        "separately installed `turbomind` package or the checkout's folder shadows it, or the "
        "wheel was made for another CUDA or Python."
    )
    fix = (
        _(
            'See the real import error: `python -c "from lmdeploy.turbomind.supported_models '
            'import is_supported"` in the same Python, started outside the source checkout.'
        ),
        _(
            "Install lmdeploy from PyPI, whose wheels include TurboMind: `python -m pip "
            "uninstall -y turbomind lmdeploy && python -m pip install lmdeploy`; or build it "
            "from source as lmdeploy's installation guide says."
        ),
    )
    return Advice(cause, fix, {}, used_local_facts=ctx.known.local)


# A model server that cannot listen on its port. TorchServe's ModelServer.java (pytorch/serve
# 62c4d6a) "Failed to bind to address: <connector>", whose Troubleshooting.md names the cause:
# 8080/8081 already used by another application, seen with `ss -ntl | grep 8080`, fixed by
# ending it or running TorchServe on other ports (docs/configuration.md: inference_address,
# management_address, metrics_address in config.properties, defaults 8080/8081/8082).
# CPython's asyncio create_server (base_events.py, 3.11), which uvicorn-based servers use:
# "[Errno 98] error while attempting to bind on address ('0.0.0.0', 8000): address already in
# use" (98 on Linux, 48 on macOS). torch.distributed's rendezvous port has its own entry.
@FAMILY.entry(
    code="server-port-in-use",
    kind=ErrorKind.RUNTIME,
    keywords=("failed to bind to address", "address already in use"),
    title=N_("The server's port is already in use by another program"),
    patterns=(
        rx(r"Failed to bind to address: `?(?P<addr>\w+://[\w.\[\]:-]{1,80}?):(?P<port>\d{1,5})"),
        rx(
            r"\[Errno (?:98|48)\] (?:error while attempting to bind on address "
            r"\('(?P<host>[\w.:-]{0,60})', (?P<port>\d{1,5})\): )?address already in use"
        ),
    ),
    defers_to=frozenset({"distributed-port-in-use"}),
)
def _advise_server_port(m: re.Match[str], _ctx: Context) -> Advice:
    port = m.group("port")
    facts: dict[str, object] = {"port": int(port)} if port else {}
    torchserve = m.groupdict().get("addr") is not None
    cause = _(
        "The server could not listen on its port because another program already does: an "
        "earlier instance of the same server that is still running, or another service on "
        "that port."
    )
    shown = port or "<port>"
    fix = [
        _(
            "Find what holds port {port}: `ss -ltnp | grep :{port}` or `lsof -i :{port}`; stop "
            "it if it is a leftover instance."
        ).format(port=shown),
    ]
    if torchserve:
        facts["server"] = "TorchServe"
        fix.append(
            _(
                "Or run TorchServe on other ports: inference_address, management_address and "
                "metrics_address in config.properties (defaults http://127.0.0.1:8080, 8081, "
                "8082), started with `torchserve --ts-config config.properties`."
            )
        )
    else:
        fix.append(_("Or start the server on another port (its --port option or setting)."))
    return Advice(cause, tuple(fix), facts, key="torchserve" if torchserve else "server")


__all__ = ["FAMILY"]
