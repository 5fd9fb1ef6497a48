"""PaddlePaddle's own loader messages: a CUDA, cuDNN, TensorRT or MKL library that Paddle
opens at run time could not be loaded (paddle/phi/backends/dynload/dynamic_loader.cc, and
paddle/fluid/platform/dynload before it)."""

from __future__ import annotations

import re

from envdoctor.explain.decode import library_major
from envdoctor.explain.driver_steps import wsl_steps
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("paddle")


@FAMILY.entry(
    code="paddle-library-missing",
    keywords=(
        "that paddle depends on is not configured",
        "cannot load cudnn shared library",
        "_dso_handle should not be null",
    ),
    title=N_("PaddlePaddle cannot load a library it needs (CUDA, cuDNN, TensorRT)"),
    patterns=(
        # "The third-party dynamic library (cudnn64_7.dll) that Paddle depends on is not
        # configured correctly. (error code is 126)"; TensorRT's: "TensorRT dynamic library
        # (libnvinfer.so) that Paddle depends on ...".
        rx(
            r"(?:third-party|TensorRT) dynamic library \((?P<lib>[\w.+-]{1,60})\) that Paddle "
            # (an issue title may end before "correctly": PaddleOCR#10210)
            r"depends on is not configured(?: correctly\.?(?: \(error code is "
            r"(?P<why>[^)\n]{0,200})\))?)?"
        ),
        # dynload/cudnn.cc: "Cannot load cudnn shared library. Cannot invoke method
        # cudnnGetVersion."
        rx(r"Cannot load (?P<what>cudnn|cublas|cudart|curand|cusolver) shared library"),
        # The same failure's hint line alone (dynload/cudnn.cc's PADDLE_ENFORCE).
        rx(r"(?P<what>cudnn|cublas|cudart|curand|cusolver)_dso_handle should not be null"),
    ),
    specificity=3,
)
def _advise_paddle_library(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    groups = m.groupdict()
    # "Cannot load cudnn shared library" names no file: the library by its name only.
    lib = groups.get("lib") or str(groups.get("what"))
    name = lib.lower()
    facts: dict[str, object] = {"library": lib, "runtime": "PaddlePaddle"}
    major = library_major(lib)
    if major:
        facts["library_major"] = major
    if name.startswith("libcuda.so") or name == "nvcuda.dll":
        cause = _(
            "PaddlePaddle could not load the NVIDIA driver's library {lib}: no driver, or "
            "(WSL 2) its folder /usr/lib/wsl/lib is not on the loader path."
        ).format(lib=lib)
        driver = [
            _("Run `nvidia-smi`: it must work before any CUDA program can."),
            *(wsl_steps(k) if k.wsl or ctx.has("/usr/lib/wsl") else ()),
            _(
                "If the driver works, put the folder holding libcuda.so on LD_LIBRARY_PATH "
                "(`ldconfig -p | grep libcuda` shows it; WSL 2: /usr/lib/wsl/lib)."
            ),
        ]
        return Advice(cause, tuple(driver), facts, key=lib, used_local_facts=k.local)
    if name.startswith(("mklml", "mkldnn", "libiomp", "libblas", "openblas")):
        cause = _(
            "PaddlePaddle could not load its own library {lib}, which it ships in the "
            "paddle/libs folder: the folder is not on PATH (a program frozen with "
            "PyInstaller, or an application that loads Paddle from another directory)."
        ).format(lib=lib)
        own = (
            _(
                "Put the paddle/libs folder of the installed package on PATH (Windows) or "
                "LD_LIBRARY_PATH, or bundle its DLLs with the application."
            ),
            _("Or reinstall paddlepaddle in a fresh virtual environment."),
        )
        return Advice(cause, own, facts, key=lib, used_local_facts=k.local)
    if name.startswith(("libnvinfer", "nvinfer")):
        cause = _(
            "This PaddlePaddle build supports TensorRT and did not find it ({lib}). Only "
            "inference with TensorRT needs it; otherwise the message is only a warning."
        ).format(lib=lib)
        trt = (
            _(
                "To use TensorRT: install the TensorRT version this Paddle release was built "
                "with (Paddle's install page lists it) and put its lib folder on "
                "LD_LIBRARY_PATH (PATH on Windows)."
            ),
        )
        return Advice(cause, trt, facts, key=lib, used_local_facts=k.local)
    cause = _(
        "PaddlePaddle loads the CUDA and cuDNN libraries of the versions its build was "
        "made for at run time (from the system's CUDA/cuDNN, or the nvidia-* pip packages "
        "a recent release depends on), and could not load {lib}: that version is not "
        "installed, not on the library path, or only another version is there."
    ).format(lib=lib)
    if major and "cudnn" in name:
        cause += sep() + _("{lib} is cuDNN {major}.").format(lib=lib, major=major)
    elif re.fullmatch(r"lib\w+\.so", name):
        cause += sep() + _(
            "Paddle opens the unversioned name {lib}, which only the development package "
            "(or a symlink to the versioned file) provides."
        ).format(lib=lib)
    fix = [
        _(
            'See which CUDA and cuDNN your paddlepaddle-gpu build needs: `python -c "import '
            'paddle; print(paddle.version.cuda(), paddle.version.cudnn())"`, and install '
            "that paddlepaddle-gpu build for the CUDA you have if they differ (Paddle's "
            "install page gives the command per CUDA version)."
        ),
        _(
            "Install those CUDA/cuDNN libraries and put their folder on LD_LIBRARY_PATH "
            "(Linux) or PATH (Windows: the CUDA bin folder, with cuDNN's DLLs copied into it "
            "or its bin folder added)."
        ),
    ]
    if re.fullmatch(r"lib\w+\.so", name):
        fix.append(
            _(
                "Paddle opens the plain name {lib}: where only a versioned file exists "
                "(`ldconfig -p | grep {lib}` lists them), install the library's -dev package, "
                "which adds the plain-name link, or create that link next to the versioned "
                "file yourself."
            ).format(lib=lib)
        )
    return Advice(cause, tuple(fix), facts, key=lib, used_local_facts=k.local)


@FAMILY.entry(
    code="paddle-gpu-arch-unsupported",
    finding_code="gpu-arch-unsupported",
    keywords=("the gpu architecture in your current machine is",),
    title=N_("The installed PaddlePaddle build has no code for this GPU's architecture"),
    patterns=(
        # paddle/fluid/platform/device/gpu (CheckArch): the GPU's generation against the
        # architectures the wheel was built for.
        rx(
            r"The GPU architecture in your current machine is (?P<gpu_arch>\w{1,20}), which is "
            r"not compatible(?: with Paddle installation with arch: (?P<built>[\d ]{1,60}?) ?,)?"
        ),
    ),
)
def _advise_paddle_arch(m: re.Match[str], ctx: Context) -> Advice:
    built = " ".join((m.group("built") or "").split())
    facts: dict[str, object] = {"gpu_architecture": m.group("gpu_arch")}
    if built:
        facts["paddle_arch"] = built
    cause = (
        _(
            "This paddlepaddle-gpu wheel was built only for GPU architectures {built} "
            "(sm_XY), and this GPU is a {gpu} one, which it has no code for: its kernels "
            "cannot run. PyTorch is not involved."
        )
        if built
        else _(
            "This paddlepaddle-gpu wheel was built for newer GPU architectures than this "
            "{gpu} GPU: its kernels cannot run here. PyTorch is not involved."
        )
    ).format(built=built, gpu=m.group("gpu_arch"))
    fix = (
        _(
            "Install the paddlepaddle-gpu build that supports this GPU (Paddle's install page "
            "lists the builds per CUDA version; one made for an older CUDA usually still "
            "includes older GPUs), or run Paddle on the CPU."
        ),
        _(
            "Check the GPU's compute capability: `nvidia-smi --query-gpu=name,compute_cap --format=csv`."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=ctx.known.local)
