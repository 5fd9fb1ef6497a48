"""Which onnxruntime package a session's provider needs, for other_runtimes' answer to a
provider that the imported onnxruntime does not offer: the build the offered providers (and
the machine) show, and the package that brings a provider other than CUDA's.

Sources: Hugging Face optimum's ONNX Runtime guides (843bd5d0, docs/source/onnxruntime/
usage_guides/gpu.mdx and amdgpu.mdx: "Asked to use {provider} as an ONNX Runtime execution
provider, but the available execution providers are [...]" means the CUDA (or ROCm) or ONNX
Runtime installation is wrong; the ROCm provider comes from a build of onnxruntime with
--use_rocm, installed after `pip uninstall onnxruntime`); PyPI's project list
(onnxruntime-gpu, -rocm "ROCm build", -migraphx, -directml, -openvino, -qnn).
"""

from __future__ import annotations

from envdoctor.explain.model import Context
from envdoctor.explain.prose import amd_gpu_named
from envdoctor.explain.steps import JETSON_ORT_STEP
from envdoctor.i18n import _

# Providers whose package is not onnxruntime-gpu (the CUDA and TensorRT providers' one).
_PROVIDER_PACKAGES = {
    "DmlExecutionProvider": "onnxruntime-directml",
    "OpenVINOExecutionProvider": "onnxruntime-openvino",
    "QNNExecutionProvider": "onnxruntime-qnn",
}
_AMD_PROVIDERS = ("ROCMExecutionProvider", "MIGraphXExecutionProvider")
# The providers onnxruntime-gpu brings.
NVIDIA_PROVIDERS = ("CUDAExecutionProvider", "TensorrtExecutionProvider")


def ort_build(available: str, ctx: Context) -> str:
    """Which onnxruntime the providers it offers (and the machine) show: the CUDA package
    is the answer only where one exists (PyPI's onnxruntime-gpu: Linux x86_64, Windows)."""
    k = ctx.known
    if "CoreMLExecutionProvider" in available or k.os == "Darwin":
        return "macos"
    if "DmlExecutionProvider" in available:
        return "directml"
    if "ROCMExecutionProvider" in available or "MIGraphXExecutionProvider" in available:
        return "rocm"
    if amd_gpu_named(ctx):
        return "amd"
    # Only Jetson's own words: an aarch64 server (GH200, SBSA) takes PyPI's wheels.
    if ctx.has("jetson", "tegra", "jetpack", "l4t"):
        return "jetson"
    return "cpu"


def ort_other_build(build: str, available: str) -> tuple[str, tuple[str, ...]]:
    """A session that asks for CUDA where this onnxruntime (or machine) has none."""
    ask = _(
        "Ask for a provider that is listed: `ort.InferenceSession(path, providers="
        "ort.get_available_providers())`, or name it first in `providers=`."
    )
    if build == "macos":
        cause = _(
            "This is onnxruntime on macOS, which offers {available}: macOS has no CUDA, and "
            "PyPI has no onnxruntime-gpu for it. CUDAExecutionProvider cannot be had there."
        ).format(available=available)
        return cause, (
            _("Use CoreMLExecutionProvider (Apple's GPU and Neural Engine) or the CPU."),
            ask,
        )
    if build == "directml":
        cause = _(
            "The onnxruntime here is onnxruntime-directml (Windows, DirectML: {available}); "
            "it has no CUDA provider. `onnxruntime-directml` and `onnxruntime-gpu` install "
            "the same module."
        ).format(available=available)
        return cause, (
            _("Keep DirectML and ask for DmlExecutionProvider instead of CUDAExecutionProvider."),
            _(
                "Or, for CUDA on an NVIDIA GPU: `python -m pip uninstall -y onnxruntime "
                "onnxruntime-directml onnxruntime-gpu` then `python -m pip install "
                "onnxruntime-gpu`."
            ),
        )
    if build in ("rocm", "amd"):
        cause = _(
            "The GPU here is an AMD one: CUDAExecutionProvider is for NVIDIA GPUs only, and "
            "no onnxruntime package gives it one. This onnxruntime offers {available}."
        ).format(available=available)
        return cause, (
            _(
                "Ask for the AMD provider your onnxruntime build has (MIGraphXExecutionProvider "
                "or ROCMExecutionProvider) instead of CUDAExecutionProvider."
            ),
            ask,
        )
    cause = _(
        "This is a Jetson, and its onnxruntime offers only {available}: onnxruntime-gpu "
        "from PyPI is not built for JetPack's CUDA, so on a Jetson the GPU build comes from "
        "wheels made for its JetPack release."
    ).format(available=available)
    return cause, (
        _(JETSON_ORT_STEP),
        _(
            "Remove the CPU package first: `python -m pip uninstall -y onnxruntime "
            "onnxruntime-gpu`."
        ),
    )


def asked_other_answer(asked: str, available: str) -> tuple[str, tuple[str, ...]]:
    """A provider other than CUDA's or TensorRT's that the imported onnxruntime lacks."""
    ask = _(
        "Or ask for a provider that is listed: `ort.InferenceSession(path, providers="
        "ort.get_available_providers())`."
    )
    if asked in _AMD_PROVIDERS:
        cause = _(
            "The program asks onnxruntime for {asked}, and the onnxruntime that Python "
            "imports offers only {available}: it is not a ROCm build. The plain `onnxruntime` "
            "package has no AMD GPU provider; the ROCm provider comes from a build of "
            "onnxruntime made with ROCm (--use_rocm) for the installed ROCm, on Linux with a "
            "supported AMD GPU. `onnxruntime` and its GPU builds install the same module, so "
            "the one installed last wins."
        ).format(asked=asked, available=available)
        return cause, (
            _(
                "Remove the CPU package first: `python -m pip uninstall -y onnxruntime`, then "
                "install the ROCm build made for your ROCm (the onnxruntime-rocm package, or "
                "build it from source with `./build.sh --use_rocm --rocm_home=/opt/rocm "
                "--build_wheel` as optimum's AMD GPU guide shows; onnxruntime-migraphx for "
                "MIGraphXExecutionProvider)."
            ),
            _(
                "Check ROCm itself first: `rocminfo` must list the GPU; without it no build "
                "of onnxruntime can use it."
            ),
            ask,
        )
    package = _PROVIDER_PACKAGES.get(asked, "")
    cause = _(
        "The program asks onnxruntime for {asked}, and the onnxruntime that Python imports "
        "offers only {available}: that provider comes with another onnxruntime package, "
        "and all of them install the same module, so the one installed last wins."
    ).format(asked=asked, available=available)
    install = (
        _(
            "Remove the others and install the package that brings it alone: `python -m pip "
            "uninstall -y onnxruntime onnxruntime-gpu {package}` then `python -m pip install "
            "{package}`."
        ).format(package=package)
        if package
        else _(
            "Install the onnxruntime package (or build) that brings {asked} alone, after "
            "`python -m pip uninstall -y onnxruntime onnxruntime-gpu`."
        ).format(asked=asked)
    )
    return cause, (install, ask)


__all__ = ["NVIDIA_PROVIDERS", "asked_other_answer", "ort_build", "ort_other_build"]
