"""cuDNN: not found, another version loaded first, or a program built for another major.

cuDNN comes with the PyTorch wheel (the nvidia-cudnn-cuNN package); other programs in the
same environment (onnxruntime, CTranslate2, TensorFlow, TensorRT) load the cuDNN major they
were built for from the library path, and a second cuDNN on that path shadows torch's.
"""

from __future__ import annotations

import re

from envdoctor.compat.versions import cudnn_from_int
from envdoctor.explain.decode import library_major
from envdoctor.explain.families.cudnn_others import other_program_cudnn, paddle_cudnn
from envdoctor.explain.families.loaders import NOT_FOUND_END
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.onnxruntime_providers import onnxruntime_tensorrt
from envdoctor.explain.restore import reinstall_command
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.explain.steps import (
    CTRANSLATE2_FIRST_CUDNN9,
    CTRANSLATE2_LAST_CUDNN8,
    JETSON_ORT_STEP,
    other_runtime,
)
from envdoctor.i18n import N_, _

FAMILY = Family("cudnn")

_LOADER_ERROR = re.compile(r"Could not load library \S+\.? ?Error: ", re.IGNORECASE)


def _sublibrary_of(symbol: str, windows: bool) -> str:
    """The cuDNN sub-library family a dispatcher symbol lives in, without a major version:
    cuDNN 8 (libcudnn_ops_infer.so.8) and 9 (libcudnn_ops.so.9) print the same line."""
    part = "cnn" if "Convolution" in symbol else "ops"
    return f"cudnn_{part}*.dll" if windows else f"libcudnn_{part}*.so"


@FAMILY.entry(
    code="cudnn-library-missing",
    keywords=("cudnn", "dnn library is not found"),
    title=N_("cuDNN library not found"),
    patterns=(
        rx(r"(?P<lib>libcudnn\w*\.so(?:\.\d+)*)\s*:\s*cannot open shared object file"),
        # A program's own check, or ldd's "=> not found".
        rx(r"(?<![\w.+-])(?P<lib>libcudnn\w*\.so(?:\.\d+)*)" + NOT_FOUND_END),
        # cuDNN's own loader and TensorFlow's dso_loader ("Could not load dynamic library").
        # Not when the loader names another library as the one missing ("Could not load
        # library libcudnn_cnn_infer.so.8. Error: libcuda.so: cannot open ..."): that one's
        # own entry explains it.
        rx(
            r"Could not load (?:dynamic )?library '?(?P<lib>libcudnn\w*\.so(?:\.\d+)*)(?!\.?\d)"
            r"(?!'?\.?\s*Error:\s*(?!libcudnn)[\w.+-]{1,80}:\s*cannot open)"
        ),
        rx(r"Unable to load any of \{(?P<lib>libcudnn\w*\.so(?:\.\d+)*)"),
        rx(r"Could not (?:locate|load (?:dynamic )?library) '?(?P<lib>cudnn\w*64_\d+\.dll)"),
        # cuDNN's dispatcher after the failed load, alone (the paste cut above it): the
        # symbol names the sub-library it could not open, not which major.
        rx(r"Invalid handle\. Cannot load symbol (?P<sym>cudnn\w{3,60})"),
        # TensorFlow 2.x when a convolution finds no usable cuDNN (googlecolab/colabtools#3013).
        rx(r"\bDNN library is not found(?P<tf_dnn>)"),
    ),
    specificity=3,
    # onnxruntime's and Paddle's own loaders name the library and what needs it.
    defers_to=frozenset({"onnxruntime-cuda-unavailable", "paddle-library-missing"}),
)
def _advise_cudnn_missing(m: re.Match[str], ctx: Context) -> Advice | None:
    k = ctx.known
    if m.groupdict().get("tf_dnn") is not None:
        cause = _(
            "TensorFlow found no cuDNN it can use for this operation: the cuDNN library is "
            "not on the library path, or it is another version than this TensorFlow was "
            "built with (an image or driver update changed one of them)."
        )
        steps = (
            _(
                'The log lines before it name the library TensorFlow tried ("Could not load '
                'dynamic library libcudnn..." or "Loaded runtime CuDNN library: X but '
                'source was compiled with: Y").'
            ),
            _(
                "Install the cuDNN version TensorFlow's tested-build table lists for this "
                'release, or let pip bring it: `python -m pip install "tensorflow[and-cuda]"` '
                "(TensorFlow 2.14 and newer, Linux)."
            ),
        )
        return Advice(cause, steps, {"runtime": "TensorFlow"}, key="tf", used_local_facts=k.local)
    symbol = m.groupdict().get("sym")
    if symbol and re.search(
        r"Could not lo|cannot open shared|Unable to load any of",
        ctx.text[max(0, m.start() - 600) : m.start()],
    ):
        return None  # the failed load above it names the library: its pattern answers
    lib = m.groupdict().get("lib") or _sublibrary_of(symbol or "", k.os == "Windows")
    major = library_major(lib)
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
                "CTranslate2 {cudnn9} or newer)."
            ).format(cudnn9=CTRANSLATE2_FIRST_CUDNN9)
        )
        if lib.lower().endswith(".dll"):
            # NVIDIA's cuDNN 8 installation guide for Windows ("Installing Zlib"): cuDNN 8
            # loads zlibwapi.dll; Windows reports a missing dependency as the DLL itself.
            facts["windows"] = True
            cause += sep() + _(
                "On Windows a cuDNN 8 DLL also fails to load when what it depends on is "
                "missing: the other cudnn_*64_8.dll files of the same archive, or zlibwapi.dll, "
                "which NVIDIA's cuDNN 8 installation guide has you install beside it."
            )
            fix.append(
                _(
                    "Or install cuDNN 8 completely: copy every DLL of the archive's bin folder "
                    "into one folder on PATH (the CUDA toolkit's bin, or the program's own "
                    "folder), add zlibwapi.dll there, then open a new terminal; do not "
                    "downgrade the cuDNN that torch depends on."
                )
            )
        else:
            fix.append(
                _(
                    "Or install cuDNN 8 next to it (the system package libcudnn8, or a "
                    "separate venv with nvidia-cudnn-cu11/-cu12 8.x) and add its lib folder "
                    "to LD_LIBRARY_PATH; do not downgrade the cuDNN that torch depends on."
                )
            )
    elif major == 9 and re.match(r"Unable to load any|Could not locate", m.group(0)):
        # cuDNN 9's front library (libcudnn.so.9 / cudnn64_9.dll) loaded, its sub-library
        # not: a program linked against cuDNN 9 (CTranslate2 4.5+, faster-whisper) with no
        # complete cuDNN 9 on the path; torch's own cuDNN loads from its own folder.
        cause += sep() + _(
            "These words are cuDNN 9's own loader: the program found cuDNN 9's main library "
            "but not {lib} next to it. It is typically faster-whisper's CTranslate2 ({cudnn9} "
            "or newer, built for cuDNN 9) on a machine whose only cuDNN 9 is inside a torch "
            "that is a CPU build or not on the library path."
        ).format(lib=lib, cudnn9=CTRANSLATE2_FIRST_CUDNN9)
        fix.append(
            _(
                "Install cuDNN 9 for CUDA 12 where the program finds it: `python -m pip "
                "install nvidia-cudnn-cu12==9.*` and add its lib folder (site-packages/"
                "nvidia/cudnn/lib; Windows: its bin folder) to LD_LIBRARY_PATH (Windows: "
                "PATH), or install a CUDA build of torch (it carries cuDNN 9) and import "
                "torch before the program loads its model."
            )
        )
        fix.append(
            _(
                "Or stay on cuDNN 8 with the last CTranslate2 built for it: `python -m pip "
                "install ctranslate2=={cudnn8}`."
            ).format(cudnn8=CTRANSLATE2_LAST_CUDNN8)
        )
    elif (loader := other_runtime(ctx)) is not None or (major is not None and major <= 7):
        # A framework with its own CUDA stack (or a cuDNN no pip torch ever used): torch's
        # packages cannot provide it; that program's cuDNN major must be on the path.
        if loader:
            facts["loader"] = loader
        fix.append(
            _(
                "Install the cuDNN {major} that {program} was built for (its install page "
                "names the CUDA and cuDNN versions): NVIDIA's cuDNN archive, the system "
                "package, or `conda install cudnn` of that version in its environment."
            ).format(
                major=major if major is not None else _("version"),
                program=loader or _("the program"),
            )
        )
        fix.append(
            _(
                "Put the folder that holds {lib} on the library path: export "
                "LD_LIBRARY_PATH=/path/to/cudnn/lib:$LD_LIBRARY_PATH (Windows: PATH), then "
                "check with `ldconfig -p | grep libcudnn`."
            ).format(lib=lib)
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
    if (
        m.group(0).startswith("Could not load library")
        # Windows' form ends in "Error code 126": no library name follows there.
        and not lib.lower().endswith(".dll")
        and not ctx.near(_LOADER_ERROR, "could not load library", before=0, reach=160)
    ):
        # cuDNN's loader names the library that really failed after "Error:"; without it
        # the missing piece may be another one (libcuda.so on WSL, a cuBLAS of its CUDA).
        cause += sep() + _(
            'The message\'s "Error:" part, cut off here, names the library that really '
            "failed to load: it may be another one that {lib} needs (libcuda.so under WSL, "
            "cuBLAS), not {lib} itself."
        ).format(lib=lib)
    return Advice(cause, tuple(fix), facts, key=lib, used_local_facts=k.local)


def _dotted(raw: str) -> str:
    """'(8, 5, 0)' -> '8.5.0'; '7102' / '91002' (cuDNN's integer) -> '7.1.2' / '9.10.2'."""
    nums = re.findall(r"\d+", raw)
    if len(nums) == 1 and len(nums[0]) >= 4:
        return cudnn_from_int(int(nums[0])) or nums[0]
    return ".".join(nums)


@FAMILY.entry(
    code="cudnn-version-mismatch",
    keywords=(
        "cudnn version",
        "cudnn compiled",
        "loaded runtime cudnn",
        "installed paddle is compiled with cudnn",
        "[cudnn init] libcudnn",
        "ensure pytorch can find the bundled cudnn",
    ),
    title=N_("A second cuDNN shadows the one PyTorch was built with"),
    patterns=(
        rx(
            r"cuDNN version (?:incompatibility|mismatch): PyTorch was compiled\s+against "
            r"(?P<built>\(\d+, ?\d+, ?\d+\)|\d{3,5})(?: but (?:found runtime version|linked "
            r"against) (?P<found>\(\d+, ?\d+, ?\d+\)|\d{3,5}))?"
        ),
        # Caffe2 (part of PyTorch 1.x) checks the same in common_cudnn.h.
        rx(
            r"cuDNN compiled \((?P<built>\d{3,5})\) and runtime \((?P<found>\d{3,5})\) "
            r"versions mismatch"
        ),
        # TensorFlow and JAX, often installed next to torch: the same check, other words.
        rx(
            r"Loaded runtime CuDNN library: (?P<found>\d+\.\d+\.\d+|\d{4,5})"
            r"(?: \(compatibility version \d+\))? but (?:the )?source was compiled with:? "
            r"(?P<built>\d+\.\d+\.\d+|\d{4,5})(?P<other>)"
        ),
        # PaddlePaddle's check (gpu_resources.cc, device_context.cc before): it warns only
        # when the cuDNN it loaded is older than the one it was built with.
        rx(
            r"The installed Paddle is compiled with CUDNN (?P<built>\d+ ?\. ?\d+), but CUDNN "
            r"version in your machine is (?P<found>\d+ ?\. ?\d+)(?P<paddle>)"
        ),
        # Paddle 0.x (paddle/cuda/src/hl_cuda_cudnn.cc): the loaded library's major against
        # the header's, "[cudnn init] libcudnn v5 with header v7 unmatched!".
        rx(
            r"\[cudnn init\] libcudnn v(?P<found>\d+) with header v(?P<built>\d+) unmatched(?P<paddle>)"
        ),
        # torch's own advice after its versions, alone (the paste cut above it).
        rx(r"to ensure PyTorch can find the bundled cuDNN(?P<tail>)"),
    ),
    specificity=3,
)
def _advise_cudnn_version(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    built = _dotted(m.groupdict().get("built") or "")
    found = _dotted(m.groupdict().get("found") or "") or _("of another version")
    windows = k.os == "Windows"
    path_var = "PATH" if windows else "LD_LIBRARY_PATH"
    if m.groupdict().get("other") is not None:
        return other_program_cudnn(built, found, path_var, ctx)
    if m.groupdict().get("paddle") is not None:
        return paddle_cudnn(built, found, path_var, ctx)
    facts: dict[str, object] = {"torch_cudnn": built} if built else {}
    if m.groupdict().get("found"):
        facts["loaded_cudnn"] = found
    cause = _(
        "PyTorch was built with cuDNN {built}, but the process loaded cuDNN {found}: another "
        "cuDNN is found first. Usually {var} points at a system cuDNN (/usr/local/cuda, a "
        "cluster module), or a conda cudnn package sits next to a pip-installed torch."
    ).format(built=built, found=found, var=path_var)
    if not built:
        cause = _(
            "The process loaded a cuDNN of another version than the one PyTorch comes with: "
            "another cuDNN is found first. Usually {var} points at a system cuDNN "
            "(/usr/local/cuda, a cluster module), or a conda cudnn package sits next to a "
            "pip-installed torch."
        ).format(var=path_var)
    fix = [
        _(
            "Remove the folders with another cuDNN from {var} (check `echo ${var}`), or "
            "unset it, and start Python again."
        ).format(var=path_var),
        _(
            "In conda: `conda list cudnn`; a cudnn package there next to a pip torch shadows "
            "the nvidia-cudnn package torch depends on: remove one of them."
        ),
        _(
            "Check that the nvidia-cudnn package matches torch: `python -m pip check`; "
            "reinstall torch from its index to restore it: {cmd}"
        ).format(cmd=reinstall_command(ctx.matrix, k, mirror=ctx.mirror)),
    ]
    return Advice(cause, tuple(fix), facts, key=f"{built}/{found}", used_local_facts=k.local)


@FAMILY.entry(
    code="onnxruntime-cuda-unavailable",
    keywords=(
        "failed to create cudaexecutionprovider",
        "onnxruntime_providers_cuda",
        "onnxruntime_providers_tensorrt",
        "when using ['tensorrtexecutionprovider'",
        "cuda wasn't able to be loaded",
        "is set but cuda wasnt able",
        "failed to create tensorrtexecutionprovider",
        "requirements could not be loaded",
    ),
    title=N_("onnxruntime cannot use the GPU: its CUDA/cuDNN libraries are missing"),
    patterns=(
        rx(
            r"Failed to create CUDAExecutionProvider\. Require cuDNN (?P<cudnn>\d+)\.\* and "
            r"CUDA (?P<cuda>\d+)\.\*"
        ),
        # The provider library's own load failure names the library it is missing, whose
        # major version is the one onnxruntime was built for.
        rx(
            r"Failed to load library (?:\S{0,300}[\\/])?libonnxruntime_providers_cuda\.so with "
            r"error: (?P<lib>lib(?P<libname>cudnn|cublasLt|cublas|cudart|cufft|curand|nvrtc)"
            r"\w*\.so\.(?P<libmajor>\d+))"
        ),
        # The same with the library's name cut off.
        rx(
            r"Failed to load library (?:\S{0,300}[\\/])?libonnxruntime_providers_cuda\.so with error"
        ),
        # Releases before 1.19 only point at the requirements page; a paste may stop at the
        # provider's name (onnxruntime#15873).
        rx(r"Failed to create CUDAExecutionProvider(?:\. Please reference \S{0,200}requirements)?"),
        # Windows (provider_bridge_ort.cc): newer releases name the DLL that is missing (the
        # words between may arrive garbled from a localised console), older ones give only
        # LoadLibrary's error (126: a module it depends on was not found).
        rx(
            r"Error loading \"(?:[^\"]{0,300}[\\/])?onnxruntime_providers_cuda\.dll\""
            r"(?:.{0,80}?\"(?P<dll>(?P<dllname>cudnn|cublasLt|cublas|cudart|cufft|curand|nvrtc)"
            r"\w{0,20}64_\d+(?:_\d+)?\.dll)\" which is missing)?"
        ),
        # (ONNX Runtime for .NET quotes it without the closing quote: onnxruntime#20589.)
        rx(
            r"LoadLibrary failed with error (?P<winerr>\d+) \"[^\"]{0,200}\" when trying to load "
            r"\"(?:[^\"]{0,300}[\\/])?onnxruntime_providers_cuda\.dll"
        ),
        # The TensorRT provider's library (TensorRT's DLLs missing): onnxruntime falls back
        # to CUDA (facefusion#187).
        rx(
            r"(?:LoadLibrary failed with error (?P<trt_err>\d+)[^\n]{0,200}?when using "
            r"\['TensorrtExecutionProvider'|Failed to load library (?:\S{0,300}[\\/])?"
            r"libonnxruntime_providers_tensorrt\.so)(?P<trt>)"
        ),
        # onnxruntime_pybind_state.cc: the provider did not load and CUDA_PATH is set.
        # Retyped from screenshots: "CUDA PATH is set but CUDA wasnt able to be loaded".
        rx(r"CUDA[_ ]PATH is set but CUDA wasn'?t able to be loaded(?P<cuda_path>)"),
        # The TensorRT provider's own "Failed to create" (optimum's GPU guide, 843bd5d0,
        # quotes it: TensorRT, CUDA or cuDNN not installed or not on the library path).
        rx(r"Failed to create TensorrtExecutionProvider\.[^\n]{0,300}?requirements(?P<trt>)"),
        # Hugging Face optimum's checks on onnxruntime < 1.16 (optimum/onnxruntime/utils.py).
        rx(
            r"`onnxruntime-gpu` package is installed, but (?:CUDA|TensorRT(?P<trt>)) "
            r"requirements could not be loaded"
        ),
    ),
    specificity=3,
    # The library it failed on lacks a symbol of its own release: two CUDA/cuDNN copies
    # mixed, which that entry names.
    defers_to=frozenset({"cuda-library-symbol-mismatch"}),
)
def _advise_onnxruntime(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    groups = m.groupdict()
    if groups.get("trt") is not None:
        return onnxruntime_tensorrt(ctx)
    facts: dict[str, object] = {}
    if groups.get("cudnn"):
        facts["onnxruntime_cudnn_major"] = int(groups["cudnn"])
        facts["onnxruntime_cuda_major"] = int(groups["cuda"])
        needs = _("It was built for cuDNN {cudnn}.x and CUDA {cuda}.x.").format(
            cudnn=groups["cudnn"], cuda=groups["cuda"]
        )
    elif groups.get("lib"):
        facts["library"] = groups["lib"]
        which = "cudnn" if groups["libname"] == "cudnn" else "cuda"
        facts[f"onnxruntime_{which}_major"] = int(groups["libmajor"])
        needs = _("Its CUDA provider looks for {lib}: it was built for {what} {major}.x.").format(
            lib=groups["lib"],
            what="cuDNN" if which == "cudnn" else "CUDA",
            major=groups["libmajor"],
        )
    elif groups.get("dll"):
        dll = groups["dll"]
        facts["library"] = dll
        which = "cudnn" if groups["dllname"] == "cudnn" else "cuda"
        major = library_major(dll)
        if major:
            facts[f"onnxruntime_{which}_major"] = major
        needs = _(
            "Its CUDA provider looks for {lib}, which is not on the DLL search path: it was "
            "built for {what} {major}.x."
        ).format(lib=dll, what="cuDNN" if which == "cudnn" else "CUDA", major=major)
    elif groups.get("winerr") or groups.get("cuda_path") is not None:
        if groups.get("winerr"):
            facts["windows_error"] = int(groups["winerr"])
        # Windows error 126 is "module not found": the provider DLL itself is there (its
        # path is in the message), one of the CUDA/cuDNN DLLs it links against is not.
        needs = _(
            "On Windows the provider DLL (onnxruntime_providers_cuda.dll) is found, but a "
            "CUDA or cuDNN DLL it needs (cublas64_NN.dll, cudnn64_N.dll) is not on PATH, or "
            "the CUDA at CUDA_PATH is another major version than this onnxruntime-gpu was "
            "built for. The requirements page lists the CUDA and cuDNN majors of each release."
        )
    else:
        needs = _("The requirements page lists the CUDA and cuDNN majors of each release.")
    # NVIDIA's pip wheels carry the CUDA major in their names (nvidia-cublas-cu11, -cu12);
    # without a major in the message, 12 is what current onnxruntime-gpu releases need.
    named = facts.get("onnxruntime_cuda_major")
    cuda_major = named if named in (11, 12) else 12
    # onnxruntime.ai CUDA-ExecutionProvider requirements: a build for cuDNN 8 does not load
    # cuDNN 9 and vice versa; torch 2.3 brings cuDNN 8, torch 2.4 and newer cuDNN 9.
    cause = _(
        "onnxruntime-gpu fell back to the CPU: it could not load the CUDA and cuDNN "
        "libraries of the major versions it was built for (they are not installed, not on "
        "the library path, or another major is there). {needs} A build for cuDNN 8 does not "
        "load cuDNN 9, and the reverse; PyTorch 2.4 and newer bring cuDNN 9, 2.3 and older "
        "cuDNN 8."
    ).format(needs=needs)
    fix = [
        _(
            "Install the onnxruntime-gpu release built for the CUDA and cuDNN majors you "
            "have (the table on onnxruntime.ai's CUDA Execution Provider page; from 1.19 "
            "PyPI's onnxruntime-gpu is built for CUDA 12 and cuDNN 9)."
        ),
        _(
            "Or install the libraries it names and put them on the library path: "
            "`python -m pip install nvidia-cudnn-cu{cuda} nvidia-cublas-cu{cuda}` for CUDA "
            "{cuda} (pin the cuDNN major it asks for), then LD_LIBRARY_PATH (Linux) or PATH "
            "(Windows) to their lib / bin folders."
        ).format(cuda=cuda_major),
        # Both packages install the module `onnxruntime`; the CPU one may be the copy that
        # loads (onnxruntime#16931: "Only the second one works with CUDA").
        _(
            "If `python -m pip list` shows both onnxruntime and onnxruntime-gpu, the CPU "
            "package may be the one that loads: `python -m pip uninstall -y onnxruntime "
            "onnxruntime-gpu`, then install onnxruntime-gpu alone."
        ),
        _(
            "With PyTorch in the same environment: `import torch` before onnxruntime, so "
            "onnxruntime finds the CUDA and cuDNN libraries torch loaded (when their "
            "majors match)."
        ),
        _(JETSON_ORT_STEP),
    ]
    if ctx.known.os == "Windows" or groups.get("dll") or groups.get("winerr"):
        # onnxruntime PR #23744 (1.21.0): preload_dlls() loads the CUDA/cuDNN DLLs from torch
        # or from the nvidia-* pip packages, which Windows does not search by itself.
        fix.insert(
            2,
            _(
                "Windows, onnxruntime-gpu 1.21 or newer: call `onnxruntime.preload_dlls()` "
                "before creating the session; it loads the CUDA and cuDNN DLLs from torch or "
                "from the nvidia-* pip packages (`onnxruntime.print_debug_info()` shows what "
                "was loaded). Older releases need the folders with those DLLs on PATH."
            ),
        )
    # One explanation per paste: the load failure and its "Failed to create" line are one error.
    return Advice(cause, tuple(fix), facts, key="onnxruntime", used_local_facts=k.local)


__all__ = ["FAMILY"]
