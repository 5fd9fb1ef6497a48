"""Shared libraries that cannot be loaded or do not match: the CUDA libraries (cuDNN and
the C/C++ runtime have their own families; torchvision's and torchaudio's builds are
torch_companions'; an extension looking for torch's libraries is extension_abi's)."""

from __future__ import annotations

import re

from envdoctor.explain.cuda_runtime_sources import conda_cudatoolkit, jetson_container
from envdoctor.explain.decode import cuda_major_of_library
from envdoctor.explain.families.library_mismatch import older_cuda_library
from envdoctor.explain.families.loaders import NOT_FOUND_END, SO_NOT_FOUND
from envdoctor.explain.knowledge import (
    cpu_build,
    index_url,
)
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.restore import reinstall_command
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.explain.steps import (
    OWN_INSTALLERS,
    other_runtime,
)
from envdoctor.explain.tracebacks import EXTENSION_IMPORT, import_handled_after
from envdoctor.i18n import N_, _

FAMILY = Family("libraries")


@FAMILY.entry(
    code="cuda-library-missing",
    keywords=(
        "cannot open shared object",
        "libnvrtc-builtins",
        "could not load dynamic library",
        ".dll not found",
        ".dll is not found",
        ".dll was not found",
        "could not locate",
        "files) was not found",
        *SO_NOT_FOUND,
    ),
    title=N_("CUDA library not found"),
    patterns=(
        rx(
            r"(?P<lib>lib(?:cublasLt|cublas|cudart|nvrtc-builtins|nvrtc|cufft|curand|"
            # (A comma typed for the dot, "libcudart,so.11.0", in titles.)
            r"cusparse|cusolver|nvJitLink|nccl|cupti|nvToolsExt)\w*[.,]so(?:\.\d+)*)"
            r"\s*:\s*cannot open shared object file"
        ),
        rx(r"failed to open (?P<lib>libnvrtc-builtins\.so(?:\.\d+)*)"),
        # A program's own check, or ldd's "=> not found" (lmdeploy's FAQ: "libnccl.so.2 not
        # found").
        rx(
            r"(?<![\w.+-])(?P<lib>lib(?:cublasLt|cublas|cudart|nvrtc|cufft|curand|cusparse|"
            r"cusolver|nvJitLink|nccl|cupti|nvToolsExt)\w*\.so(?:\.\d+)*)"
            + NOT_FOUND_END
            + r"(?P<said>)"
        ),
        # TensorFlow's dso_loader on Windows names the DLL without a loader message.
        rx(
            r"Could not load dynamic library '(?P<lib>(?:cudart|cublasLt|cublas|cufft|curand|"
            r"cusolver|cusparse|nvrtc|nvJitLink|nccl|cupti)\w*\.dll)'"
        ),
        # The same on Linux, quoted without its "dlerror: ..." tail (an issue title).
        rx(
            r"Could not load dynamic library '(?P<lib>lib(?:cudart|cublasLt|cublas|cufft|curand|"
            r"cusolver|cusparse|nvrtc|nvJitLink|nccl|cupti)\w*\.so(?:\.[\d.]+)?)'"
        ),
        # A program's own check for a versioned Windows DLL (PaddlePaddle's "cublas64_100.dll
        # not found."): the number is the CUDA it was built for.
        rx(
            r"(?P<lib>(?:cudart|cublasLt|cublas|cufft|curand|cusolver|cusparse|nvrtc)64_\d{2,3}"
            r"(?:_\d)?\.dll) (?:is |was )?not found(?! or cannot be loaded)(?P<dll_check>)"
        ),
        # The loader message cuDNN's and CTranslate2's Windows builds print for a DLL they
        # need (Deep-Live-Cam#1063: cublas64_10.dll).
        rx(
            r"Could not locate (?P<lib>(?:cudart|cublasLt|cublas|cufft|curand|cusolver|cusparse|"
            r"nvrtc)64_\d{2,3}(?:_\d)?\.dll)\. Please make sure it is in your library path(?P<dll_check>)"
        ),
        # Windows' dialog for several missing DLLs at once, listed after it (darknet#1488).
        rx(
            r"The code exec\w{1,8} cannot proceed because \(\d{1,2} Files\) was not found"
            r"(?=.{0,400}?(?P<lib>(?:cudart|cublasLt|cublas|cufft|curand|cusolver|cusparse|nvrtc)"
            r"64_\d{2,3}(?:_\d)?\.dll))(?P<dll_check>)"
        ),
    ),
    specificity=3,
    # onnxruntime's, Paddle's, XGBoost's loaders name the library and what needs it; CuPy's
    # import error quotes it as its "original error".
    defers_to=frozenset(
        {
            "onnxruntime-cuda-unavailable",
            "paddle-library-missing",
            "cupy-not-installed-correctly",
            "nccl-library-not-loaded",
        }
    ),
)
def _advise_cuda_lib_missing(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    lib = m.group("lib").replace(",so", ".so")
    major = cuda_major_of_library(lib)
    facts: dict[str, object] = {"library": lib}
    if major:
        facts["library_cuda_major"] = major
    cause = _(
        "The CUDA library {lib} could not be loaded. PyTorch wheels install the CUDA "
        "libraries as pip packages (nvidia-cublas-cu12, nvidia-cuda-nvrtc-cu12, …); they "
        "are missing, have another major version, or another program looks for a system "
        "CUDA installation."
    ).format(lib=lib)
    # A program's own "not found": it may load the library by name from its pip package.
    fix = _pip_folder_step(lib) if m.groupdict().get("said") is not None else []
    special = jetson_container(lib, ctx, facts) or conda_cudatoolkit(lib, m, ctx, facts)
    if special is not None:
        return special
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
    elif (
        package := _importing_package(m, ctx) if other_runtime(ctx) is None else None
    ) is not None:
        # `from detectron2 import _C`, or `from vllm import LLM` in the try block a chained
        # traceback shows: another package's compiled code asks for a CUDA runtime this
        # environment lacks; it was built for another CUDA than this torch.
        facts["package"] = package
        cause = _(
            "{package}'s compiled extension was built against the CUDA runtime {lib}, which "
            "this environment does not have: that {package} build was made for another CUDA "
            "(or another torch) than the one installed here. Reinstalling torch does not "
            "change it."
        ).format(package=package, lib=lib)
        fix.append(
            _(OWN_INSTALLERS[package])
            if package in OWN_INSTALLERS
            else _(
                "Install the {package} build made for your torch and its CUDA (`python -c "
                '"import torch; print(torch.__version__, torch.version.cuda)"`), or build '
                "{package} from source against them."
            ).format(package=package)
        )
        return Advice(cause, tuple(fix), facts, key=lib, used_local_facts=k.local)
    elif major and major <= 10 and ".so" in lib and other_runtime(ctx) is None:
        # Linux wheels of torch for CUDA 10 and older carry their own renamed copies
        # (libcudart-1b201d85.so.10.1): a plain soname is another program's request.
        cause = _(
            "PyTorch's pip wheels do not look for {lib}: their CUDA {major} builds carry "
            "their own renamed copy. A package built against a system CUDA {major} toolkit "
            "asks for it: a compiled extension (mmcv, a project's own ops), an older "
            "TensorFlow, or on a Jetson, NVIDIA's PyTorch wheel for another JetPack (those "
            "use JetPack's CUDA)."
        ).format(lib=lib, major=major)
        if ctx.has("tegra", "jetson", "jetpack", "l4t"):
            facts["jetson"] = True
            fix.append(
                _(
                    "Jetson: install the PyTorch wheel NVIDIA built for your JetPack release "
                    "(`cat /etc/nv_tegra_release` names the L4T release); a wheel for another "
                    "JetPack asks for another CUDA."
                )
            )
        if ctx.has("mmcv/", "mmcv\\"):
            # mmcv (lite) next to mmcv-full, or a wheel for another CUDA: the same folder.
            fix.append(
                _(
                    "mmcv: remove every copy (`pip uninstall -y mmcv mmcv-full`; two installed "
                    "side by side break each other), then install the one for your torch and "
                    "CUDA with `python -m pip install -U openmim && mim install mmcv` "
                    "(mmcv-full for projects on mmcv 1.x)."
                )
            )
        fix.append(
            _(
                "Install the build of that package made for your torch's CUDA (`python -c "
                '"import torch; print(torch.version.cuda)"`), or rebuild it against it.'
            )
        )
        fix.append(
            _(
                "Or, to keep that build, install the CUDA {major} runtime libraries and put "
                "their folder on LD_LIBRARY_PATH."
            ).format(major=major)
        )
        return Advice(cause, tuple(fix), facts, key=lib, used_local_facts=k.local)
    runtime = other_runtime(ctx)
    if (
        runtime is None
        and major
        and ".so" in lib
        and k.torch_version is None
        # A Python package's traceback (flash_attn, bitsandbytes) points at that package's
        # build, whose fix is the build for torch's CUDA, not a system CUDA.
        and not ctx.has("torch", "site-packages", "dist-packages")
    ):
        # Nothing in the paste is PyTorch's: a program built against the system's CUDA
        # runtime (darknet, a project's own binary: errors_blind73) asks for it.
        return _system_runtime_missing(lib, major, facts, ctx)
    if runtime is None and m.groupdict().get("dll_check") is not None and major:
        # torch never words it so (its wheels carry their CUDA DLLs in torch\lib): the
        # number after 64_ is the CUDA the program was built for (cublas64_100 = 10.0).
        number = re.search(r"64_(\d+)", lib)
        digits = number.group(1) if number else ""
        cuda = f"{major}.{digits[-1]}" if len(digits) == 3 or int(digits or 0) >= 20 else major
        facts["program_cuda"] = str(cuda)
        cause = _(
            "{lib} is a DLL of CUDA {cuda}: the program that looks for it was built for that "
            "CUDA version, and no CUDA {cuda} runtime is on the DLL search path (another "
            "CUDA version installed does not help)."
        ).format(lib=lib, cuda=cuda)
        fix.append(
            _(
                "Install the CUDA {cuda} toolkit (its bin folder goes on PATH; reopen the "
                "terminal), or install the program's build for the CUDA version you have."
            ).format(cuda=cuda)
        )
        return Advice(cause, tuple(fix), facts, key=lib, used_local_facts=k.local)
    if runtime is not None:
        # TensorFlow, Paddle, onnxruntime, CTranslate2 load CUDA libraries of their own
        # version: torch's nvidia-* packages are not theirs.
        facts["runtime"] = runtime
        cause = _(
            "{runtime} could not load {lib}: it loads the CUDA libraries of the CUDA version "
            "it was built for, from the system or its own packages, not PyTorch's."
        ).format(runtime=runtime, lib=lib)
        if ctx.has("ignore above cudart dlerror"):
            # TensorFlow's own note after the message: it runs on the CPU without them.
            cause += sep() + _(
                "TensorFlow prints this at every start on a machine without a usable CUDA "
                "setup and then runs on the CPU: it matters only if it should use the GPU."
            )
        fix.append(
            _(
                "Install the CUDA/cuDNN libraries of the versions this {runtime} release "
                "needs (its install page lists them) and put their folder on the library "
                "path, or install the {runtime} build made for the CUDA you have."
            ).format(runtime=runtime)
        )
        return Advice(cause, tuple(fix), facts, key=lib, used_local_facts=k.local)
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
    if ".so" in lib:
        # A program loading the system toolkit's copy (not torch's) needs its folder on the
        # loader path: the fix confirmed in sglang#5002 and xinference#1286.
        fix.append(
            _(
                "If the program uses a CUDA toolkit installed on the system instead: `ls "
                "/usr/local/cuda*/lib64/{lib}` shows which one has it; put that folder on "
                "the loader path, e.g. export LD_LIBRARY_PATH=/usr/local/cuda/lib64:"
                "$LD_LIBRARY_PATH."
            ).format(lib=lib)
        )
    cpu = cpu_build(ctx.matrix, k, mirror=ctx.mirror)
    fix.append(
        _("On a machine without an NVIDIA GPU, install the CPU build instead: {cmd}").format(
            cmd=cpu.command if cpu else index_url("cpu")
        )
    )
    return Advice(cause, tuple(fix), facts, key=lib, used_local_facts=k.local)


def _pip_folder_step(lib: str) -> list[str]:
    """A program that loads a CUDA library by name: the pip packages keep it in
    site-packages/nvidia/<name>/lib, which only torch's own loading knows about (lmdeploy's
    FAQ: nvidia/nccl/lib of nvidia-nccl-cu11)."""
    package = next((pkg for key, _n, pkg in _PROVIDERS if key in lib.lower()), None)
    if package is None:
        return []
    return [
        _(
            "If the program loads {lib} from the pip package {package}-cu12 (or -cu11): "
            "make sure it is installed (`python -m pip show {package}-cu12`, whose "
            "Location line gives the folder), then export LD_LIBRARY_PATH=<Location>/"
            "nvidia/{folder}/lib:$LD_LIBRARY_PATH."
        ).format(lib=lib, package=package, folder=package[7:].replace("-", "_"))
    ]


# "I am using CUDA 10.2", "with CUDA 11.4 installed": the system CUDA a paste's prose names.
_PROSE_CUDA = re.compile(
    r"(?i)\b(?:using|have|installed|with|running)\s+(?:the\s+)?CUDA(?:\s+toolkit)?\s*"
    r"(?:version\s*)?(?P<cuda>\d{1,2}\.\d)\b"
)


# A frame of torch's own import: the library failed while torch loaded itself.
_TORCH_LOADING = re.compile(r"torch[\\/]__init__\.py|from torch\._C import|import torch\b")


def _importing_package(m: re.Match[str], ctx: Context) -> str | None:
    """The package (not torch) whose import loaded the library: its extension import just
    before the message, or the import a chained traceback after it shows."""
    ext = EXTENSION_IMPORT.search(ctx.text, max(0, m.start() - 300), m.start())
    if ext is not None:
        return ext.group("pkg")
    if ".so" not in m.group("lib") or _TORCH_LOADING.search(
        ctx.text, max(0, m.start() - 1500), m.start()
    ):
        # torch's own import raised it (its __init__ or torch._C in the frames above): the
        # import in the chained traceback after it is only whoever ran next.
        return None
    return import_handled_after(ctx, m.end())


def _system_runtime_missing(lib: str, major: int, facts: dict[str, object], ctx: Context) -> Advice:
    k = ctx.known
    have = k.nvcc
    said = ctx.near(_PROSE_CUDA, "cuda", before=40)
    if said is not None and "nvidia-smi" in ctx.lower[said.end() : said.end() + 40]:
        said = None  # nvidia-smi's number is the driver's, not an installed CUDA
    system = str(have) if have is not None else (said.group("cuda") if said else None)
    cause = _(
        "A program built against CUDA {major} could not find {lib}: no CUDA {major} "
        "libraries are on the loader path (the machine has another CUDA version or "
        "none, or the folder of the one it has is not on LD_LIBRARY_PATH)."
    ).format(major=major, lib=lib)
    if system is not None and not system.startswith(f"{major}."):
        facts["system_cuda"] = system
        cause += sep() + _(
            "Here the system has CUDA {system}, another major version: its libraries have "
            "other names and do not count."
        ).format(system=system)
    fix = (
        _(
            "Install the CUDA {major} libraries (NVIDIA's CUDA {major} toolkit, or its "
            "runtime packages in a conda environment) and put their folder on "
            "LD_LIBRARY_PATH; `ls "
            "/usr/local/cuda*/lib64/{lib}` shows whether one already has it."
        ).format(major=major, lib=lib),
        _("Or install the program's build (or build it) for the CUDA version the machine has."),
    )
    return Advice(cause, fix, facts, key=lib, used_local_facts=k.local)


_PROVIDERS = (
    ("nccl", "NCCL", "nvidia-nccl"),
    ("cublaslt", "cuBLASLt", "nvidia-cublas"),
    ("cublas", "cuBLAS", "nvidia-cublas"),
    ("cudnn", "cuDNN", "nvidia-cudnn"),
    ("cusparselt", "cuSPARSELt", "nvidia-cusparselt"),
    ("cusparse", "cuSPARSE", "nvidia-cusparse"),
    ("nvjitlink", "nvJitLink", "nvidia-nvjitlink"),
    ("cufft", "cuFFT", "nvidia-cufft"),
    ("curand", "cuRAND", "nvidia-curand"),
    ("cusolver", "cuSOLVER", "nvidia-cusolver"),
    ("nvrtc", "NVRTC", "nvidia-cuda-nvrtc"),
    ("cuda", "CUDA runtime", "nvidia-cuda-runtime"),
)


@FAMILY.entry(
    code="cuda-library-symbol-mismatch",
    keywords=("undefined symbol", "link time reference"),
    title=N_("Mixed CUDA library versions (undefined symbol)"),
    patterns=(
        rx(
            r"(?P<lib>lib(?:cublasLt|cublas|cudnn\w*|nccl|cusparseLt|cusparse|cufft|curand|"
            r"cusolver|nvJitLink|cudart|nvrtc|torch_cuda|torch_cpu|torch_python|torch|"
            r"c10_cuda|c10)\.so(?:\.[\d.]+)?): undefined symbol: "
            r"(?P<sym>_{0,2}(?:nccl|cublas|cudnn|cusparse|cufft|curand|cusolver|nvJitLink|cuda|nvrtc)"
            r"\w{1,80}|"
            # A C++ name in the library's own namespace: cuDNN 9's sub-libraries of two
            # releases mixed (_ZTVN5cudnn7backend..., pyannote-audio#1814).
            r"_Z\w{0,4}N\d{1,2}(?:cudnn|cublas|nccl)\w{1,120})(?:, version (?P<ver>[\w.]+))?"
        ),
        # glibc's loader words a versioned symbol the loaded library lacks this way.
        # The one that asks is any library or extension module (lmdeploy's _turbomind...so);
        # the file that lacks the symbol is a CUDA library.
        rx(
            # The file it names is a CUDA library, so any symbol (cuBLASLt's internal
            # free_gemm_select too) is that library's. The asking file's name may be cut
            # (lmdeploy's FAQ quotes the message from "symbol" on).
            r"(?:(?P<lib>[\w.+-]{1,120}\.so(?:\.[\d.]+)?): )?symbol "
            r"(?P<sym>\w{1,80})(?:,? version (?P<ver>[\w.]+))? not defined in file (?P<file>lib(?:"
            r"cublasLt|cublas|cudnn\w*|nccl|cusparseLt|cusparse|cufft|curand|cusolver|nvJitLink|"
            r"cudart|nvrtc)\.so[\w.+-]{0,40}) with link time reference"
        ),
    ),
    specificity=3,
)
def _advise_symbol_mismatch(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    lib, symbol = m.group("lib"), m.group("sym")
    # A mangled C++ name carries its namespace after the N: _ZTVN5cudnn... is cuDNN's.
    plain = re.sub(r"^_Z\w{0,4}?N\d{1,2}", "", symbol) if symbol.startswith("_Z") else symbol
    provider, package = next(
        (
            (name, pkg)
            for prefix, name, pkg in _PROVIDERS
            if plain.lower().lstrip("_").startswith(prefix)
        ),
        ("CUDA", "nvidia-*"),
    )
    if m.groupdict().get("file"):
        # glibc's link-time reference: the copy found is older than the one linked against.
        return older_cuda_library(m, ctx, provider, package)
    facts: dict[str, object] = {"library": lib, "symbol": symbol, "provider": provider}
    if m.group("ver"):
        facts["symbol_version"] = m.group("ver")
    cause = _(
        "{lib} needs {symbol} from {provider}, but the {provider} library that was loaded "
        "is another version that lacks it. The wheels bring matching libraries as pip "
        "packages ({package}-cu11/-cu12/-cu13); another copy came first: LD_LIBRARY_PATH "
        "or /usr/local/cuda, a second {package} package for another CUDA, or a package "
        "that pinned an older one."
    ).format(lib=lib, symbol=symbol, provider=provider, package=package)
    fix = [
        _(
            "List the CUDA packages: `python -m pip list | grep nvidia` and `python -m pip "
            "check`; remove the -cu11 ones next to -cu12 (or the other way round)."
        ),
        _(
            "Remove CUDA/{provider} folders from LD_LIBRARY_PATH (`echo $LD_LIBRARY_PATH`) "
            "and start Python again."
        ).format(provider=provider)
        if provider != "CUDA"
        else _(
            "Remove CUDA folders from LD_LIBRARY_PATH (`echo $LD_LIBRARY_PATH`) and start "
            "Python again."
        ),
    ]
    runtime = other_runtime(ctx)
    if runtime is not None:
        # onnxruntime, TensorFlow, Paddle: their libraries, not torch's.
        facts["runtime"] = runtime
        fix.append(
            _(
                "Find the copies: `ldconfig -p | grep {lib}` and `find / -name '{lib}*' "
                "2>/dev/null` (conda environments have their own in lib/); the libraries "
                "{runtime} loads must come from one CUDA release."
            ).format(lib=_base_name(m.group("ver") or lib), runtime=runtime)
        )
        return Advice(cause, tuple(fix), facts, key=symbol, used_local_facts=k.local)
    fix.append(
        _("Reinstall torch from its index so its own libraries come back: {cmd}").format(
            cmd=reinstall_command(ctx.matrix, k, mirror=ctx.mirror)
        )
    )
    fix.append(
        _(
            "Install torch, torchvision, torchaudio (and xformers, flash-attn, vLLM) in one "
            "command from the same index, so they are built for the same torch and CUDA."
        )
    )
    return Advice(cause, tuple(fix), facts, key=symbol, used_local_facts=k.local)


def _base_name(lib: str) -> str:
    """libcublasLt.so.11 -> libcublasLt.so (the name every copy starts with)."""
    return re.sub(r"(\.so)(?:\.[\d.]+)?$", r"\1", lib)


__all__ = ["FAMILY"]
