"""JAX and TensorFlow finding no usable CUDA: their own wordings of a GPU setup problem.

Both load the CUDA libraries themselves (not through torch), so the cause is a jaxlib or
tensorflow install without its CUDA libraries, libraries of another version, or no driver.
"""

from __future__ import annotations

import re

from envdoctor.explain.families.windows_dll_causes import VC_REDIST, tensorflow_runtime
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.explain.steps import CHECK_DRIVER
from envdoctor.i18n import N_, _
from envdoctor.values import cuda_from_int, cudnn_from_int

FAMILY = Family("jax_tensorflow")

# jaxlib's version check of the CUDA libraries it loads (jax_plugins cuda / xla_bridge): the
# loaded library's own version integer, then the one jaxlib was built against.
_LIBS = r"CUDA|cuDNN|cuSPARSE|cuBLAS|cuFFT|cuSOLVER|cuPTI|NCCL"
# The next line of a multi-line message, also as pytest quotes it ("E   " before each line).
_NEXT = r" (?:E )?"
_FOUND_OLDER = (
    r"(?: Found (?P<lib>" + _LIBS + r") version "
    r"(?P<have>\d+), but JAX was built against version (?P<built>\d+))?"
)


def _readable(lib: str, number: str) -> str:
    """The versions as people know them where the library's integer encoding is documented
    (CUDA 12020 = 12.2, cuDNN 8100 = 8.1.0); the others as JAX printed them."""
    value = int(number)
    decoded = (
        cuda_from_int(value) if lib == "CUDA" else cudnn_from_int(value) if lib == "cuDNN" else None
    )
    return decoded or number


@FAMILY.entry(
    code="jax-cuda-backend-failed",
    keywords=(
        "cuda backend failed",
        "version jax was built against",
        "is it installed?",
        "versions_helpers.cc",
        "cuda-enabled jaxlib",
        "initialize backend 'cuda'",
        "no gpu/tpu found",
        "does not provide the extra 'cuda",
        "does not have an extra named `cuda",
    ),
    title=N_("JAX could not start its CUDA backend and fell back to the CPU"),
    patterns=(
        # jax_plugins/cuda (0.4.30+): every component that fails the plugin's check, under
        # "Unable to use CUDA because of the following issues with CUDA components:".
        rx(
            r"Outdated (?P<lib>" + _LIBS + r") installation found(?:\.?" + _NEXT + r"Version "
            r"JAX was built against: (?P<built>\d+)"
            + _NEXT
            + r"Minimum supported: (?P<min>\d+)"
            + _NEXT
            + r"Installed version: (?P<have>\d+))?"
        ),
        rx(r"Unable to load (?P<missing>" + _LIBS + r")\. Is it installed\?"),
        # jaxlib's versions_helpers.cc when the library itself cannot be loaded ("operation
        # cusparseGetProperty(MAJOR_VERSION, &major) failed: The cuSPARSE library was not
        # found."), raised through "Jax plugin configuration error".
        rx(
            r"versions_helpers\.cc:\d+\]?:? operation \w{1,40}\([^()]{0,60}\) failed: The "
            r"(?P<missing>" + _LIBS + r") library was not found"
        ),
        # jax/_src/xla_bridge.py: a GPU is visible but the CUDA plugin failed.
        rx(r"CUDA backend failed to initialize:" + _FOUND_OLDER),
        # The same file: a GPU is visible and no CUDA plugin is installed at all.
        rx(r"a CUDA-enabled jaxlib is not installed(?P<no_plugin>)"),
        # JAX_PLATFORMS=cuda (or a plugin that must not fail quietly), and the same reason
        # logged when JAX tries every backend ("Unable to initialize backend 'cuda': Found
        # cuSOLVER version 11002, but JAX was built against version 11401").
        rx(r"Unable to initialize backend 'cuda':" + _FOUND_OLDER),
        # Older xla_bridge.py: no GPU backend at all (a CPU-only jaxlib, or no usable GPU).
        rx(r"No GPU/TPU found, falling back to CPU(?P<no_backend>)"),
        # pip (and uv) installed a jax release without that CUDA extra.
        rx(
            r"(?P<pkg>jax|jaxlib) (?P<ver>\d[\w.]{0,20}) does not provide the extra "
            r"'(?P<extra>cuda\w{0,20})'"
        ),
        rx(
            r"The package `(?P<pkg>jax|jaxlib)==(?P<ver>\d[\w.]{0,20})` does not have an extra "
            r"named `(?P<extra>cuda\w{0,20})`"
        ),
    ),
)
def _advise_jax(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    facts: dict[str, object] = {}
    specificity: int | None = None  # the entry's own
    windows = k.os == "Windows"
    if m.groupdict().get("extra"):
        return _jax_extra_missing(m, windows, ctx)
    if m.groupdict().get("no_backend") is not None:
        cause = _(
            "JAX found no GPU backend and runs on the CPU. With an NVIDIA GPU present this "
            "means the installed jaxlib is CPU-only (plain `pip install jax`, or a CUDA extra "
            "that did not resolve); on a machine without a GPU the line is only information."
        )
        cause += sep() + _(_JAX_WINDOWS if windows else _JAX_IF_WINDOWS)
    elif m.groupdict().get("no_plugin") is not None:
        cause = _(
            "The installed jax has no CUDA plugin (plain `pip install jax` is CPU-only), so "
            "it runs on the CPU although an NVIDIA GPU is present."
        )
    elif m.groupdict().get("lib") and not m.groupdict().get("have"):
        # The component check's first line alone (an issue title).
        lib = m.group("lib")
        facts = {"library": lib}
        cause = _(
            "JAX's CUDA plugin found a {lib} older than the one it was built for: an older "
            "one on LD_LIBRARY_PATH or from conda is found before the one the plugin needs."
        ).format(lib=lib)
    elif m.groupdict().get("lib"):
        lib = m.group("lib")
        have, built = _readable(lib, m.group("have")), _readable(lib, m.group("built"))
        facts = {"library": lib, "found": have, "built": built}
        specificity = 3  # the versions name the cause: before other libraries' warnings
        if m.groupdict().get("min"):
            minimum = facts["minimum"] = _readable(lib, m.group("min"))
            cause = _(
                "JAX's CUDA plugin needs {lib} {minimum} or newer (it was built against "
                "{built}), but the {lib} it loaded is {have}: an older one on LD_LIBRARY_PATH "
                "or from conda is found before the one the plugin needs."
            ).format(lib=lib, minimum=minimum, built=built, have=have)
        else:
            cause = _(
                "JAX's CUDA plugin was built against {lib} {built}, but the {lib} it loaded is "
                "older ({have}): an older CUDA/cuDNN on LD_LIBRARY_PATH or from conda is found "
                "before the one the plugin needs."
            ).format(lib=lib, built=built, have=have)
    elif m.groupdict().get("missing"):
        lib = m.group("missing")
        facts = {"library": lib, "missing": True}
        specificity = 3
        cause = _(
            "JAX's CUDA plugin could not load {lib}. It takes the NVIDIA libraries from the "
            "nvidia-* pip packages that jax[cuda12] installs, and otherwise from "
            "LD_LIBRARY_PATH: that package is missing, or LD_LIBRARY_PATH, LD_PRELOAD or "
            "CUDA_HOME (often set by a cluster's CUDA module) lead the loader to a CUDA "
            "installation without it."
        ).format(lib=lib)
    else:
        cause = _(
            "JAX's CUDA backend failed to start: its CUDA libraries are missing or of another "
            "version than jaxlib was built for, or the driver is too old or unusable."
        )
    fix = [
        _(
            'Install jax with its CUDA libraries from pip in one go: `pip install -U "jax['
            'cuda12]"` (or "jax[cuda13]"; it needs only the NVIDIA driver, no CUDA toolkit).'
        ),
        _(
            "Unset LD_LIBRARY_PATH entries that point at another CUDA or cuDNN (and do not "
            "mix conda's cudatoolkit with the pip packages)."
        ),
        _(
            "In a conda or pixi environment whose CUDA libraries come from conda-forge, "
            "install the library at the version JAX needs in that environment instead "
            '(e.g. `conda install "cudnn>=9.1"`).'
        ),
        _(CHECK_DRIVER),
        _(
            '`python -c "import jax; print(jax.devices())"` should then list CudaDevice '
            "entries; the warning's full reason is printed with TF_CPP_MIN_LOG_LEVEL=0."
        ),
    ]
    if windows:
        fix.insert(0, _("On Windows: install jax with its CUDA extra inside WSL2 (Ubuntu)."))
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local, specificity=specificity)


# docs.jax.dev installation, supported platforms: NVIDIA GPU "no" on Windows x86_64,
# "experimental" on Windows WSL2.
_JAX_WINDOWS = N_(
    "This is Windows: JAX publishes no CUDA build for native Windows (only CPU wheels); "
    "its GPU support there is through WSL2."
)
_JAX_IF_WINDOWS = N_(
    "On native Windows there is no CUDA build of JAX at all (only CPU wheels): use WSL2."
)


def _jax_extra_missing(m: re.Match[str], windows: bool, ctx: Context) -> Advice:
    """pip installed a jax release that has no such CUDA extra."""
    pkg, version, extra = m.group("pkg"), m.group("ver"), m.group("extra")
    facts: dict[str, object] = {"package": pkg, "version": version, "extra": extra}
    cause = _(
        "pip installed {pkg} {version}, which has no '{extra}' extra, so no CUDA plugin or "
        "CUDA libraries came with it and JAX will run on the CPU. Either that release is "
        "older than the extra, or pip fell back to it because no release with a CUDA build "
        "fits this platform or Python."
    ).format(pkg=pkg, version=version, extra=extra)
    fix = [
        _(
            'Install a current jax with its CUDA extra: `pip install -U "jax[cuda12]"` (or '
            '"jax[cuda13]"); the extra names changed over releases (cuda12_pip, cuda12), so '
            "use the one the installation page of the release you install names."
        ),
        _(
            "Check that pip can use the CUDA wheels: they are built for Linux (x86_64, "
            "aarch64) and the Pythons each release lists."
        ),
    ]
    cause += sep() + _(_JAX_WINDOWS if windows else _JAX_IF_WINDOWS)
    if windows:
        fix.insert(0, _("On Windows: install jax with its CUDA extra inside WSL2 (Ubuntu)."))
    return Advice(
        cause,
        tuple(fix),
        facts,
        title=_("pip installed a jax without the CUDA extra"),
        key=f"extra {pkg} {extra}",
        used_local_facts=ctx.known.local,
    )


@FAMILY.entry(
    code="tensorflow-gpu-libraries-missing",
    keywords=(
        "dlopen some gpu libraries",
        "could not find cuda drivers",
        "couldn't open cuda library",
        "unable to load cudnn dso",
    ),
    title=N_("TensorFlow could not load its CUDA libraries and skips the GPU"),
    patterns=(
        # tensorflow/core/common_runtime/gpu/gpu_device.cc, every TF 2.x.
        rx(r"Cannot dlopen some GPU libraries"),
        # tsl/cuda/cudart_stub.cc (TF 2.14+): libcuda.so, the driver's library, not found.
        rx(r"Could not find cuda drivers on your machine(?P<no_driver>)"),
        # TF 0.x-1.x stream_executor/dso_loader.cc: `"Couldn't open CUDA library " << path
        # << ". LD_LIBRARY_PATH: " << ...` (no LD_LIBRARY_PATH part on Windows), for every
        # library it loads: libcudnn.so(.N), libcublas.so.N, libcuda.so.1, cudnn64_5.dll,
        # nvcuda.dll.
        rx(r"Couldn't open CUDA library (?P<tf1_lib>[\w+-]{1,40}(?:\.so(?:\.\d+)*|\.dll))"),
        # The same releases' stream_executor/cuda/cuda_dnn.cc after that failure.
        rx(r"Unable to load cuDNN DSO(?P<tf1_dnn>)"),
    ),
)
def _advise_tf(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    if m.groupdict().get("tf1_lib") or m.groupdict().get("tf1_dnn") is not None:
        return _tf1_library(m, ctx)
    if m.groupdict().get("no_driver") is not None:
        cause = _(
            "TensorFlow found no NVIDIA driver (libcuda.so) on this machine, so it runs on the "
            "CPU. On a machine without an NVIDIA GPU this line is only information."
        )
        no_driver_fix = (
            _(CHECK_DRIVER),
            _(
                "In a container, start it with the GPU (`docker run --gpus all`, NVIDIA "
                "Container Toolkit installed); on WSL2 install the Windows NVIDIA driver, not "
                "a Linux one."
            ),
        )
        return Advice(cause, no_driver_fix, {}, key="no-driver", used_local_facts=k.local)
    cause = _(
        "TensorFlow could not load the CUDA or cuDNN libraries of the versions it was built "
        "for (the lines before this one name them), so it registers no GPU and runs on the CPU."
    )
    fix = [
        _(
            "On Linux with TensorFlow 2.14 or newer install the libraries with it: `pip "
            'install "tensorflow[and-cuda]"` (only the NVIDIA driver is needed besides).'
        ),
        _(
            "Older TensorFlow needs the exact CUDA and cuDNN versions of tensorflow.org's "
            "tested-build table on LD_LIBRARY_PATH; native Windows has GPU support only up "
            "to TensorFlow 2.10 (use WSL2 for newer)."
        ),
    ]
    if k.os == "Windows":
        cause += sep() + _("This is Windows: TensorFlow after 2.10 has no GPU build for it.")
    fix.append(_(CHECK_DRIVER))
    return Advice(cause, tuple(fix), {}, used_local_facts=k.local)


# Libraries of the NVIDIA driver (not of CUDA or cuDNN) that TF 1.x's dso_loader opens.
_DRIVER_LIBS = ("libcuda.so", "nvcuda.dll")


def _tf1_library(m: re.Match[str], ctx: Context) -> Advice:
    """TensorFlow 1.x (and 0.x) dso_loader could not open a CUDA library.

    Those releases load the libraries of exactly the CUDA and cuDNN versions they were
    built with (tensorflow.org/install/source's tested build configurations; TensorFlow's
    issue template, tensorflow#41596: 1.5.0-1.12.0 CUDA 9.0, 1.13.1-2.0 CUDA 10.0): a library that is not installed, not on
    LD_LIBRARY_PATH (the line prints the path it searched), or of another major version is
    not found (tensorflow#62, #5591)."""
    k = ctx.known
    lib = m.groupdict().get("tf1_lib") or "cuDNN (libcudnn)"
    facts: dict[str, object] = {"library": lib, "tensorflow_loader": "dso_loader"}
    if lib.lower().startswith(_DRIVER_LIBS):
        cause = _(
            "TensorFlow could not open {lib}, the NVIDIA driver's library, so it runs "
            "without the GPU: no NVIDIA driver is installed where it runs, or its library "
            "folder is not on the loader's path."
        ).format(lib=lib)
        fix: tuple[str, ...] = (
            _(CHECK_DRIVER),
            _(
                "Find the library (`ldconfig -p | grep libcuda`) and put its folder on "
                "LD_LIBRARY_PATH if the driver is installed; in a container start it with "
                "the GPU (`docker run --gpus all`)."
            ),
        )
        return Advice(cause, fix, facts, key="tf1-driver", used_local_facts=k.local)
    cudnn = "cudnn" in lib.lower()
    cause = _(
        "TensorFlow 1.x could not open the CUDA library {lib} and runs without the GPU "
        "(it only logs this at INFO level). These releases load the CUDA and cuDNN "
        "libraries of exactly the versions they were built with: the library is not "
        "installed, its folder is not on LD_LIBRARY_PATH (the line shows the path "
        "searched), or the one installed has another version than this TensorFlow "
        "release needs."
    ).format(lib=lib)
    place = _(
        "Install exactly those versions; for cuDNN copy its lib64 files into the CUDA "
        "folder (e.g. /usr/local/cuda/lib64) or add its folder to LD_LIBRARY_PATH, then "
        "check with `ldconfig -p | grep -E 'cudnn|cublas|cudart'`."
    )
    if lib.lower().endswith(".dll"):
        place = _(
            "Install exactly those versions and put the CUDA bin folder, with the cuDNN "
            "DLLs copied into it, on PATH; then open a new terminal."
        )
    fix = (
        _(
            "Look up the CUDA and cuDNN versions of your TensorFlow release in the tested "
            "build configurations table (tensorflow.org/install/source, 'GPU'); `pip show "
            "tensorflow-gpu tensorflow` shows the release."
        ),
        place,
        _(
            "Or move to a current TensorFlow 2 release, which on Linux installs its CUDA "
            'libraries with `pip install "tensorflow[and-cuda]"` (2.14 and newer).'
        ),
    )
    key = "tf1-cudnn" if cudnn or m.groupdict().get("tf1_dnn") is not None else f"tf1 {lib}"
    return Advice(cause, fix, facts, key=key, used_local_facts=k.local)


@FAMILY.entry(
    code="tensorflow-native-runtime-failed",
    keywords=("native tensorflow runtime",),
    title=N_("TensorFlow's native runtime could not be imported"),
    patterns=(
        # tensorflow/python/pywrap_tensorflow.py wraps the ImportError of its compiled core
        # (_pywrap_tensorflow_internal) in this line, in every release since 1.0.
        rx(r"Failed to load the native TensorFlow runtime"),
    ),
    specificity=1,
    # The error above the wrapper names the cause: those entries answer it.
    defers_to=frozenset(
        {
            "windows-dll-load-failed",
            "cuda-library-missing",
            "cudnn-library-missing",
            "shared-library-missing",
            "glibc-version-missing",
            "cxx-runtime-symbol-missing",
            "illegal-instruction",
            "numpy-abi-mismatch",
        }
    ),
)
def _advise_tf_native(m: re.Match[str], ctx: Context) -> Advice:
    """The wrapper line alone, or over an error no other entry reads.

    The causes TensorFlow names for it (its install/errors page, the issue template's answer
    in tensorflow#39092 and #41596): a CPU without AVX, which release binaries use from 1.6
    on (RELEASE.md 1.6.0: "Prebuilt binaries will use AVX instructions"); the CUDA/cuDNN
    libraries of the versions a GPU release was built with; on Windows the Visual C++
    Redistributable; a 32-bit Python. tensorflow#23718 and deezer/spleeter#351 were CPUs
    without AVX."""
    k = ctx.known
    if k.os == "Windows":
        return tensorflow_runtime(m, {"runtime": "TensorFlow"}, k.local)
    cause = _(
        "TensorFlow's compiled core (_pywrap_tensorflow_internal) failed to import; this "
        "line only wraps that error, which is printed above it. The usual causes: a CPU "
        "without the AVX instructions TensorFlow's release binaries use from 1.6 on (on "
        "Linux the process may instead die with 'Illegal instruction'); for a GPU "
        "release, the CUDA and cuDNN libraries of the versions it was built with missing; "
        "on Windows a missing Microsoft Visual C++ Redistributable; a 32-bit Python or a "
        "Python the release has no build for."
    )
    fix = (
        _(
            "Read the ImportError just above this line: it names the library or DLL that "
            "failed (a libcudart/libcudnn name: install that CUDA/cuDNN version; 'DLL load "
            "failed' on Windows: the Redistributable and 64-bit Python steps below)."
        ),
        _(
            "Check that the CPU has AVX: `grep -o -w avx /proc/cpuinfo | head -1` on Linux, "
            "Sysinternals `coreinfo | findstr AVX` on Windows. Without it use a TensorFlow "
            "built without AVX (built from source, or a community build for older CPUs), "
            "or another machine."
        ),
        _(VC_REDIST),
        _(
            "Use a 64-bit Python of a version the TensorFlow release supports (`python -c "
            "\"import struct, sys; print(sys.version, struct.calcsize('P') * 8)\"`)."
        ),
    )
    return Advice(cause, fix, {"runtime": "TensorFlow"}, used_local_facts=k.local)


# XLA's (JAX's and TensorFlow's) autotuner when no cuDNN convolution runs at all:
# "Failed to determine best cudnn convolution algorithm" (googlecolab/colabtools#2656), and
# TensorFlow's "Failed to get convolution algorithm. This is probably because cuDNN failed to
# initialize". Both come from a cuDNN that cannot start: GPU memory already taken, or a cuDNN
# of another version found first.
@FAMILY.entry(
    code="xla-cudnn-conv-failed",
    keywords=("best cudnn convolution algorithm", "failed to get convolution algorithm"),
    title=N_("XLA / TensorFlow could not run any cuDNN convolution"),
    patterns=(
        rx(r"Failed to determine best cudnn convolution algorithm"),
        rx(
            r"Failed to get convolution algorithm\. This is probably because cuDNN(?: failed to init)?"
        ),
    ),
)
def _advise_xla_conv(_m: re.Match[str], ctx: Context) -> Advice:
    cause = _(
        "cuDNN could not run any convolution algorithm, usually because it could not start: "
        "the GPU's memory was already taken (JAX preallocates 75 % of it, TensorFlow grows "
        "to all of it, and two frameworks or two processes on one GPU starve each other), or "
        "the cuDNN found first on the library path is another version than the one the "
        "framework was built with (a system or Colab cuDNN on LD_LIBRARY_PATH)."
    )
    fix = (
        _(
            "Memory: check `nvidia-smi` for other processes; for JAX set "
            "XLA_PYTHON_CLIENT_PREALLOCATE=false (or XLA_PYTHON_CLIENT_MEM_FRACTION=.5), for "
            "TensorFlow tf.config.experimental.set_memory_growth(gpu, True), and do not load "
            "JAX, TensorFlow and PyTorch models on one GPU in one process."
        ),
        _(
            "Library: let pip bring the matching cuDNN (`python -m pip install -U "
            '"jax[cuda12]"` or `"tensorflow[and-cuda]"`) and take other CUDA/cuDNN folders off '
            "LD_LIBRARY_PATH; the log lines before this one name the cuDNN version loaded."
        ),
    )
    return Advice(cause, fix, {}, used_local_facts=ctx.known.local)
