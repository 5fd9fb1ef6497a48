"""What XLA's (JAX's, TensorFlow's) own messages tell about the driver: the PTX it compiles
at run time with a ptxas newer than the driver, and a libcuda of another driver than the
loaded kernel module (a forward-compatibility package, or an upgrade not finished)."""

from __future__ import annotations

import re

from envdoctor.explain.decode import parse_cuda_version
from envdoctor.explain.knowledge import (
    cuda_of_toolkit_driver,
    driver_of_cuda,
    minor_floor,
    native_cuda,
)
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import sep
from envdoctor.i18n import _
from envdoctor.values import DriverVersion

# Words only JAX's or XLA's output carries ("xla" alone is in "xlarge", an AWS machine).
XLA_WORDS = (
    "jax.",
    "jaxlib",
    "/jax/",
    "import jax",
    "xla_",
    "/xla/",
    "xlaruntimeerror",
    # XLA's status codes head its errors ("RuntimeError: Unknown: ...", jaxlib < 0.3).
    "unknown: no kernel image",
    "internal: no kernel image",
)
# xla/service/gpu/nvptx_compiler.cc warns when the driver is older than ptxas: "The NVIDIA
# driver's CUDA version is 12.2 which is older than the ptxas CUDA version (12.3.107)", in
# later releases "... older than the PTX compiler version (12.6.85)" (jax-ml/jax#25718).
PTXAS_NEWER_ANCHOR = "which is older than the pt"
_PTXAS_NEWER = re.compile(
    r"driver's CUDA version is (\d{1,2}\.\d{1,2}) which is older than the (?:ptxas CUDA|PTX "
    r"compiler) version \((\d{1,2}\.\d{1,2})",
    re.IGNORECASE,
)


def xla_paste(ctx: Context) -> bool:
    """The paste is JAX's or XLA's, not PyTorch's (whose answers stay its own)."""
    return ctx.has(*XLA_WORDS) and not ctx.has("/torch/", "\\torch\\", "import torch", "torch.cuda")


def xla_no_kernel(ctx: Context) -> Advice:
    """XLA turns its kernels' PTX into GPU code with the toolkit's ptxas while the program
    runs, and the driver loads the result; code from a ptxas newer than the driver's CUDA
    does not load: "no kernel image is available" (jax-ml/jax#5723, #11967: CUDA 11.6/11.7
    on driver 470, fixed by a toolkit of the driver's 11.4)."""
    k = ctx.known
    facts: dict[str, object] = {"runtime": "XLA"}
    warned = ctx.near(_PTXAS_NEWER, PTXAS_NEWER_ANCHOR, before=90)
    if warned is not None:
        driver_cuda = parse_cuda_version(warned.group(1))
        ptxas = parse_cuda_version(warned.group(2))
    else:
        driver_cuda = k.driver_cuda or native_cuda(ctx.matrix, k.driver_version)
        ptxas = k.nvcc
    cause = _(
        "XLA (the compiler of JAX, and of TensorFlow's XLA) compiles its GPU kernels while "
        "the program runs: the CUDA toolkit's ptxas turns them into GPU code that the driver "
        "then loads. A ptxas from a newer CUDA than the driver supports makes code this "
        "driver cannot load, so every kernel fails with 'no kernel image is available'. "
        "Less often the installed jaxlib has no code for this GPU (a very old GPU, or a "
        "Jetson board with a wheel not built for it)."
    )
    if driver_cuda is not None and ptxas is not None:
        facts.update({"driver_cuda": str(driver_cuda), "ptxas_cuda": str(ptxas)})
        if ptxas > driver_cuda:
            cause += sep() + _(
                "Here ptxas is from CUDA {ptxas} and the driver supports CUDA {driver}."
            ).format(ptxas=ptxas, driver=driver_cuda)
    driver = driver_of_cuda(ctx.matrix, ptxas) if ptxas is not None else None
    floor = minor_floor(ctx.matrix, 12, "linux")
    fix = [
        _(
            "Compare the two: `nvidia-smi` (its header's 'CUDA Version' is the newest CUDA "
            "the driver supports) and `which -a ptxas` with `ptxas --version` (the ptxas XLA "
            "uses: the first on PATH, or the one in the CUDA folder it finds)."
        ),
        _(
            "Upgrade the NVIDIA driver to {driver} or newer (the first to support CUDA "
            "{cuda}), then reboot."
        ).format(driver=driver, cuda=ptxas)
        if driver is not None and ptxas is not None
        else _(
            "Upgrade the NVIDIA driver to one whose 'CUDA Version' is at least the CUDA of "
            "ptxas, then reboot."
        ),
        _(
            "Or keep the driver and let XLA use a CUDA toolkit no newer than the driver's "
            "'CUDA Version': put that toolkit's bin folder first on PATH (or take the newer "
            "one off PATH). On old jaxlib releases XLA_FLAGS=--xla_gpu_force_compilation_"
            "parallelism=1 also works around it, with slower compilation."
        ),
        (
            _(
                "Or install JAX with its CUDA libraries from pip, `pip install -U "
                '"jax[cuda12]"`, with no local CUDA toolkit on PATH: its releases check the '
                "driver against ptxas and fall back when the driver is older (they need a "
                "driver of {floor} or newer)."
            ).format(floor=floor)
            if floor
            else _(
                "Or install JAX with its CUDA libraries from pip, `pip install -U "
                '"jax[cuda12]"`, with no local CUDA toolkit on PATH: its releases check the '
                "driver against ptxas and fall back when the driver is older."
            )
        ),
        _(
            "If ptxas is not newer than the driver's CUDA, the jaxlib build has no code for "
            "this GPU: install a release built for it (JAX's install page lists the "
            "supported GPUs; Jetson boards need NVIDIA's own JAX builds)."
        ),
    ]
    return Advice(cause, tuple(fix), facts, key="xla-ptxas", used_local_facts=k.local)


def forward_compat_libcuda(facts: dict[str, object], ctx: Context) -> Advice | None:
    """XLA's and TensorFlow's cuda_diagnostics ("kernel version A does not match DSO version
    B -- cannot find working devices") with a libcuda (the DSO) of a newer branch than the
    kernel module, whose number is the driver a CUDA toolkit shipped with: NVIDIA builds
    each cuda-compat-X-Y package from that driver (docs.nvidia.com/deploy/cuda-compatibility,
    "Forward Compatibility"), and forward compatibility works only on data-center GPUs,
    select NGC-ready RTX cards and Jetson boards. An upgrade to that driver without a reboot
    looks the same, so it comes second. None for any other pair of numbers."""
    kmod = DriverVersion.parse(str(facts.get("kernel_module_version", "")))
    lib_text = str(facts.get("nvml_library_version", ""))
    lib = DriverVersion.parse(lib_text)
    if kmod is None or lib is None or lib.branch <= kmod.branch:
        return None
    cuda = cuda_of_toolkit_driver(ctx.matrix, lib_text)
    if cuda is None:
        return None
    facts = {**facts, "forward_compat_cuda": str(cuda)}
    values = {"lib": lib_text, "kmod": str(kmod), "cuda": cuda}
    cause = _(
        "The CUDA driver library found (libcuda, the 'DSO') is version {lib}, the driver CUDA "
        "{cuda} ships with, while the loaded kernel module is {kmod}. That is what NVIDIA's "
        "CUDA forward-compatibility package installs (cuda-compat-* from NVIDIA's repository "
        "or conda, /usr/local/cuda/compat in CUDA container images) to run CUDA {cuda} "
        "programs on an older driver; it works only on data-center GPUs (and a few NGC-ready "
        "RTX cards and Jetson boards), elsewhere CUDA finds no working device. Less often the "
        "driver was upgraded to {lib} and the machine not rebooted."
    ).format(**values)
    fix = (
        _(
            "See which libcuda is found: `ldconfig -p | grep libcuda`, `echo "
            "$LD_LIBRARY_PATH`, `conda list cuda-compat`; a path with compat in it is the "
            "forward-compatibility package."
        ),
        _(
            "On a GPU without forward-compatibility support (GeForce, most RTX): remove that "
            "package (`sudo apt remove 'cuda-compat-*'`, `conda remove cuda-compat "
            "cuda-compat-impl`) or take its folder off LD_LIBRARY_PATH, and upgrade the driver "
            "to {lib} or newer instead: CUDA {cuda} programs need it."
        ).format(**values),
        _(
            "If you upgraded the driver to {lib} yourself, reboot so its kernel module loads: "
            "`cat /proc/driver/nvidia/version` then shows {lib}."
        ).format(**values),
    )
    return Advice(
        cause,
        fix,
        facts,
        code="cuda-forward-compat-unsupported",
        title=_("CUDA forward compatibility not supported on this GPU"),
        finding_code="cuda-forward-compat-unsupported",
        key="forward-compat",
        used_local_facts=ctx.known.local,
        specificity=3,
    )
