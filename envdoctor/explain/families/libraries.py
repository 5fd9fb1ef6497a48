"""Shared libraries that cannot be loaded: cuDNN, the CUDA libraries, PyTorch's own."""

from __future__ import annotations

import re

from envdoctor.explain.knowledge import cpu_build, index_url, reinstall_command
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("libraries")


def _lib_major(lib: str) -> int | None:
    m = re.search(r"\.so\.(\d+)", lib)
    if m:
        return int(m.group(1))
    m = re.search(r"64_(\d+)\.dll$", lib)
    return int(m.group(1)) if m else None


@FAMILY.entry(
    code="cudnn-library-missing",
    keywords=("cudnn",),
    title=N_("cuDNN library not found"),
    patterns=(
        rx(r"(?P<lib>libcudnn\w*\.so(?:\.\d+)*)\s*:\s*cannot open shared object file"),
        rx(r"Could not load library (?P<lib>libcudnn\w*\.so(?:\.\d+)*)"),
        rx(r"Unable to load any of \{(?P<lib>libcudnn\w*\.so(?:\.\d+)*)"),
        rx(r"Could not (?:locate|load library) (?P<lib>cudnn\w*64_\d+\.dll)"),
    ),
    specificity=3,
)
def _advise_cudnn_missing(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    lib = m.group("lib")
    major = _lib_major(lib)
    facts: dict[str, object] = {"library": lib}
    if major:
        facts["cudnn_major"] = major
    if k.torch_cudnn:
        facts["torch_cudnn"] = k.torch_cudnn
    cause = _(
        "A program could not load the cuDNN library {lib}. PyTorch wheels bring cuDNN as "
        "the pip package nvidia-cudnn-cu11/-cu12/-cu13; other programs (faster-whisper / "
        "CTranslate2, onnxruntime, TensorRT) load a cuDNN of the major version they were "
        "built for, from the library path."
    ).format(lib=lib)
    fix: list[str] = []
    if major == 8 and ("_infer" in lib or "_train" in lib or (k.torch_cudnn or "").startswith("9")):
        cause += sep() + _(
            "{lib} is a cuDNN 8 file name; cuDNN 9 (used by current PyTorch) renamed these "
            "libraries, so a program built for cuDNN 8 cannot use it."
        ).format(lib=lib)
        fix.append(
            _(
                "Prefer a release of that program built for cuDNN 9 (for faster-whisper: "
                "CTranslate2 4.5 or newer)."
            )
        )
        fix.append(
            _(
                "Or install cuDNN 8 next to it (the system package libcudnn8, or a separate "
                "venv with nvidia-cudnn-cu11/-cu12 8.x) and add its lib folder to "
                "LD_LIBRARY_PATH; do not downgrade the cuDNN that torch depends on."
            )
        )
    else:
        fix.append(
            _(
                "If `import torch` fails: reinstall torch from the index of its CUDA variant "
                "so the matching nvidia-cudnn package comes back: {cmd}"
            ).format(cmd=reinstall_command(ctx.matrix, k, mirror=ctx.mirror))
        )
        fix.append(
            _(
                "Check `pip show nvidia-cudnn-cu12` (or -cu11/-cu13) against "
                "`pip show torch`; another package may have replaced it with another major."
            )
        )
        fix.append(
            _(
                "Remove LD_LIBRARY_PATH entries that point at a system cuDNN of another "
                "version (`echo $LD_LIBRARY_PATH`)."
            )
        )
    return Advice(cause, tuple(fix), facts, key=lib, used_local_facts=k.local)


@FAMILY.entry(
    code="cuda-library-missing",
    keywords=("cannot open shared object", "libnvrtc-builtins"),
    title=N_("CUDA library not found"),
    patterns=(
        rx(
            r"(?P<lib>lib(?:cublasLt|cublas|cudart|nvrtc-builtins|nvrtc|cufft|curand|"
            r"cusparse|cusolver|nvJitLink|nccl|cupti|nvToolsExt)\w*\.so(?:\.\d+)*)"
            r"\s*:\s*cannot open shared object file"
        ),
        rx(r"failed to open (?P<lib>libnvrtc-builtins\.so(?:\.\d+)*)"),
    ),
    specificity=3,
)
def _advise_cuda_lib_missing(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    lib = m.group("lib")
    major = _lib_major(lib)
    facts: dict[str, object] = {"library": lib}
    if major:
        facts["library_cuda_major"] = major
    cause = _(
        "The CUDA library {lib} could not be loaded. PyTorch wheels install the CUDA "
        "libraries as pip packages (nvidia-cublas-cu12, nvidia-cuda-nvrtc-cu12, …); they "
        "are missing, have another major version, or another program looks for a system "
        "CUDA installation."
    ).format(lib=lib)
    fix: list[str] = []
    if major and k.torch_cuda and major != k.torch_cuda.major and major > 9:
        cause += sep() + _(
            "{lib} belongs to CUDA {major}, but your PyTorch uses CUDA {tcuda}: the program "
            "asking for it was built for a different CUDA."
        ).format(lib=lib, major=major, tcuda=k.torch_cuda)
        facts["torch_cuda"] = str(k.torch_cuda)
        fix.append(
            _(
                "Install the build of that program made for CUDA {tmajor}, or a PyTorch and "
                "program pair built for the same CUDA."
            ).format(tmajor=k.torch_cuda.major)
        )
    fix.append(
        _(
            "Reinstall torch from its CUDA index so its nvidia-* packages are complete: {cmd}"
        ).format(cmd=reinstall_command(ctx.matrix, k, mirror=ctx.mirror))
    )
    fix.append(_("Check `pip list | grep nvidia` for missing or mixed -cu11/-cu12 packages."))
    if "nvrtc" in lib:
        fix.append(
            _(
                "libnvrtc is needed for JIT compilation (torch.compile, fused kernels): "
                "install nvidia-cuda-nvrtc-cu{major} of the same CUDA version as torch."
            ).format(major=(k.torch_cuda.major if k.torch_cuda else major) or 12)
        )
    cpu = cpu_build(ctx.matrix, k, mirror=ctx.mirror)
    fix.append(
        _("On a machine without an NVIDIA GPU, install the CPU build instead: {cmd}").format(
            cmd=cpu.command if cpu else index_url("cpu")
        )
    )
    return Advice(cause, tuple(fix), facts, key=lib, used_local_facts=k.local)


@FAMILY.entry(
    code="torch-library-missing",
    keywords=("cannot open shared object",),
    title=N_("Extension built for another PyTorch (library not found)"),
    patterns=(
        rx(
            r"(?P<lib>lib(?:torch_cuda_cu|torch_cuda_cpp|torch_cuda|torch_cpu|torch|c10_cuda|"
            r"c10|caffe2_nvrtc)\.so)\s*:\s*cannot open shared object file"
        ),
    ),
    specificity=3,
)
def _advise_torch_lib_missing(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    lib = m.group("lib")
    facts: dict[str, object] = {"library": lib}
    if k.torch_version:
        facts["torch_version"] = k.torch_version
    cause = _(
        "A compiled extension (mmcv, pytorch3d, torch-scatter, a project's own CUDA ops) "
        "was built against a different PyTorch and now looks for {lib}, which your "
        "installed PyTorch does not provide or which is not on the loader path."
    ).format(lib=lib)
    if "torch_cuda_cu" in lib or "torch_cuda_cpp" in lib:
        cause += sep() + _(
            "Older PyTorch releases split libtorch_cuda into libtorch_cuda_cu and "
            "libtorch_cuda_cpp; current releases ship neither file."
        )
    fix = (
        _(
            "Reinstall the extension for your torch: a prebuilt wheel for your exact torch "
            "and CUDA version, or rebuild it with `pip install --no-build-isolation "
            "--no-cache-dir --force-reinstall <package>`."
        ),
        _("Import torch before the extension, so its libraries are already loaded."),
    )
    return Advice(cause, fix, facts, key=lib, used_local_facts=k.local)


__all__ = ["FAMILY"]
