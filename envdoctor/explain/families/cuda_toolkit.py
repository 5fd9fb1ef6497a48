"""No CUDA toolkit (nvcc, its headers, CUDA_HOME) where a build of CUDA code looks for one:
setup.py/pip builds, JIT extensions and CMake builds against torch."""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("cuda_toolkit")


def toolkit_step(ctx: Context) -> str:
    tcuda = ctx.known.torch_cuda
    if tcuda is None:
        return _(
            "Install the CUDA toolkit (toolkit only, no driver) of the same version as "
            '`python -c "import torch; print(torch.version.cuda)"` and set CUDA_HOME to it.'
        )
    return _(
        "Install the CUDA {tcuda} toolkit (toolkit only, no driver; or `conda install -c "
        "nvidia cuda-toolkit={tcuda}`) and set CUDA_HOME to it, e.g. export "
        "CUDA_HOME=/usr/local/cuda-{tcuda}."
    ).format(tcuda=tcuda)


@FAMILY.entry(
    code="cuda-home-missing",
    keywords=(
        "cuda_home",
        "cuda_runtime",
        "cuda.h",
        "cublas_v2.h",
        "cusparse.h",
        "curand.h",
        "cuda_fp16.h",
        "cannot find the cuda",
        "cuda was not found on the system",
        "name 'bare_metal_version' is not defined",
    ),
    title=N_("No CUDA toolkit found to build an extension (CUDA_HOME)"),
    patterns=(
        rx(r"CUDA_HOME environment variable is not set"),
        # torch 2.x's cpp_extension (CUDA_NOT_FOUND_MESSAGE), before it compiles anything.
        rx(r"CUDA was not found on the system, please set the CUDA_HOME or the CUDA_PATH"),
        # A traceback cut before that message: its last frame is cpp_extension calling
        # _join_cuda_home, which raises nothing else (quoted as an issue's body).
        rx(
            r"cpp_extension\.py\"?, line \d+, in \w{1,40} [^\n]{0,160}?_join_cuda_home\([^)]{0,40}\)"
            r"[^\n]{0,40}?(?= *\^*\s*$)"
        ),
        # The setup.py of flash-attn, mamba-ssm and causal-conv1d reads nvcc's version only
        # when CUDA_HOME is found, then uses it (state-spaces/mamba#104).
        rx(r"NameError: name 'bare_metal_version' is not defined"),
        # DeepSpeed's op builder, when it finds no toolkit to JIT-compile its ops.
        rx(r"CUDA_HOME does not exist, unable to compile CUDA op"),
        # torch's CMake config (Caffe2Config.cmake) for a CMake build against a CUDA torch.
        rx(
            r"Your installed Caffe2 version uses CUDA but I cannot find the CUDA\s+libraries(?P<cmake>)"
        ),
        # The compiler found no toolkit headers: no toolkit, or CUDA_HOME without include/.
        rx(
            r"fatal error: (?P<header>cuda_runtime(?:_api)?\.h|cuda\.h|cublas_v2\.h|"
            r"cusparse\.h|curand\.h|cuda_fp16\.h): No such file or directory"
        ),
    ),
)
def _advise_cuda_home(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    facts: dict[str, object] = {}
    cause = _(
        "A package is compiling CUDA code (setup.py / pip building from source, or a JIT "
        "extension), which needs a CUDA toolkit with nvcc. The PyTorch wheel brings the "
        "CUDA runtime libraries but no compiler, and conda's cudatoolkit has no nvcc "
        "either, so torch found no toolkit."
    )
    header = m.groupdict().get("header")
    if header:
        facts["header"] = header
        cause += sep() + _(
            "Here the compiler could not find {header}, a header of the CUDA toolkit: no "
            "toolkit is installed, or CUDA_HOME points at a folder without include/ (a "
            "conda cuda-nvcc package without the cuda-cudart-dev headers)."
        ).format(header=header)
    if m.groupdict().get("cmake") is not None:
        cause += sep() + _(
            "Here it is a CMake build (torch's TorchConfig.cmake): CMake looks for the toolkit "
            "through CUDA_HOME/CUDA_PATH, nvcc on PATH or -DCUDAToolkit_ROOT, and found none "
            "of the version this torch was built with."
        )
    if k.torch_is_cpu_only:
        facts["torch_version"] = k.torch_version
        cause += sep() + _(
            "Also, your torch ({version}) is a CPU-only build: CUDA extensions need a "
            "CUDA build of torch first."
        ).format(version=k.torch_version)
    fix = [
        _("Prefer a prebuilt wheel of the package for your torch and CUDA (no compiler needed)."),
        toolkit_step(ctx),
    ]
    if k.os == "Windows":
        fix.append(_("On Windows the CUDA installer sets CUDA_PATH; open a new terminal after it."))
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


@FAMILY.entry(
    code="nvcc-missing",
    keywords=("nvcc",),
    title=N_("nvcc not found (building an extension)"),
    patterns=(
        rx(r"No such file or directory: ['\"](?P<path>[^'\"]{0,200}nvcc(?:\.exe)?)['\"]"),
        rx(r"unable to execute ['\"]?(?P<path>[^'\"]{0,200}nvcc)['\"]?: No such file or directory"),
        rx(r"(?P<path>\S{0,200}/nvcc): not found"),
        # A shell running a bare `nvcc` that is not on PATH (sh, bash, make).
        rx(r"(?<![\w/])(?P<path>nvcc): (?:command )?not found"),
        rx(r"command ['\"](?P<path>[^'\"]{0,200}nvcc(?:\.exe)?)['\"] failed: No such file"),
        # setup.py of flash-attn, xformers, apex: "... was requested, but nvcc was not found."
        rx(r"but (?P<path>nvcc) was not found"),
        # The locate_cuda() many setup.py files copy: "The nvcc binary could not be located
        # in your $PATH. Either add it to your path, or set $CUDAHOME".
        rx(r"The (?P<path>nvcc) binary could not be located in your \$PATH"),
        rx(r"'(?P<path>nvcc)' is not recognized as an internal or external command"),
        # Told in words (detectron2's install notes, titles): "nvcc not found".
        rx(r"(?<![\w/.-])(?P<path>nvcc) (?:was )?not found\b"),
    ),
)
def _advise_nvcc(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    path = m.group("path")
    facts: dict[str, object] = {"nvcc_path": path}
    fix: list[str] = []
    if path.startswith(":") or ":/" in path or "'/" in path:
        cause = _(
            "The build looked for nvcc at {path}: that is not a folder but a list or a "
            "quoted value, because CUDA_HOME (or CUDA_PATH) was set like PATH, with ':' "
            "or quotes."
        ).format(path=path)
        fix.append(
            _(
                "Set CUDA_HOME to exactly one toolkit folder, without ':' or quotes, e.g. "
                "export CUDA_HOME=/usr/local/cuda (check `echo $CUDA_HOME`)."
            )
        )
    else:
        cause = _(
            "The build needs nvcc, the CUDA compiler, at {path}, and it is not there: no "
            "CUDA toolkit is installed at that place (conda's cudatoolkit and the pip "
            "nvidia-* packages contain no nvcc), or CUDA_HOME points at the wrong version."
        ).format(path=path)
        fix.append(
            _(
                "Look for toolkits: `ls -d /usr/local/cuda*` and `which nvcc`; set CUDA_HOME to one that has bin/nvcc."
            )
        )
        fix.append(toolkit_step(ctx))
    fix.append(_("Or install a prebuilt wheel of the package for your torch and CUDA."))
    return Advice(cause, tuple(fix), facts, key=path, used_local_facts=k.local)


@FAMILY.entry(
    code="numba-nvvm-missing",
    keywords=("libnvvm cannot be found",),
    title=N_("Numba cannot find NVVM, the CUDA toolkit's compiler library"),
    patterns=(
        # numba/cuda/cudadrv/nvvm.py (numba and numba-cuda): `"libNVVM cannot be found. Do
        # `conda install cudatoolkit`:\n%s" % e`, the loader's own error on the next line;
        # numba before 0.3x: "libNVVM cannot be found. Try setting environment variable
        # NUMBAPRO_NVVM ...".
        rx(
            r"libNVVM cannot be found\.(?: Do `?conda install cudatoolkit`?:?\s?"
            r"(?P<reason>[^\n]{0,200}))?"
        ),
    ),
    specificity=3,
)
def _advise_numba_nvvm(m: re.Match[str], ctx: Context) -> Advice:
    """numba-cuda#69 (its maintainer: what numba reports "when the CUDA toolkit cannot be
    found"). How to provide the toolkit: numba-cuda's installation page (`conda install -c
    conda-forge numba-cuda "cuda-version=12"`, `pip install numba-cuda[cu12]`, or [cu13]);
    numba's own (0.62) for CUDA 12 `conda install -c conda-forge cuda-nvcc cuda-nvrtc
    "cuda-version>=12.0"`, cudatoolkit for CUDA 11; its toolkit lookup takes CUDA_HOME."""
    k = ctx.known
    reason = (m.groupdict().get("reason") or "").strip()
    facts: dict[str, object] = {"library": "NVVM"}
    cause = _(
        "Numba compiles @cuda.jit kernels with NVVM (libnvvm.so, nvvm.dll), a library of "
        "the CUDA toolkit, and found none: no CUDA toolkit is installed where Numba looks "
        "(the conda or pip environment's CUDA packages, CUDA_HOME, the system's default "
        "toolkit folder). The NVIDIA driver and PyTorch's CUDA libraries do not include NVVM."
    )
    path = re.search(r"(?P<path>/[\w./+-]{1,160}/nvvm/lib64/libnvvm\.so[\w.]{0,12})", reason)
    if path is not None:
        facts["nvvm_path"] = path.group("path")
        cause += sep() + _(
            "Here it looked for {path}: the toolkit it was pointed to (CUDA_HOME, or a "
            "removed CUDA version) has no NVVM there."
        ).format(path=path.group("path"))
    fix = [
        _(
            'conda: `conda install -c conda-forge numba-cuda "cuda-version=12"` (or =13); '
            "with numba's built-in CUDA target: `conda install -c conda-forge cuda-nvcc "
            'cuda-nvrtc "cuda-version>=12.0"` (cudatoolkit for CUDA 11).'
        ),
        _("pip: `pip install numba-cuda[cu12]` (or [cu13]) installs NVVM with the toolkit wheels."),
        _(
            "With a CUDA toolkit installed from NVIDIA: set CUDA_HOME to its folder (the one "
            "that holds nvvm/), e.g. export CUDA_HOME=/usr/local/cuda."
        ),
    ]
    if k.os == "Windows" or "nvvm.dll" in reason.lower():
        fix[2] = _(
            "With a CUDA toolkit installed from NVIDIA: nvvm.dll is in its nvvm\\bin folder; "
            "set CUDA_HOME (the installer sets CUDA_PATH) to the toolkit folder and open a "
            "new terminal."
        )
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


__all__ = ["FAMILY"]
