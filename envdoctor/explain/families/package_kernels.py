"""A package's own compiled kernels that were not built or do not load, in the package's
own words: auto-gptq's CUDA and exllama kernels (and GPTQ-for-LLaMa's, which print the same
line), CuPy's compiled core, DeepSpeed's ops pre-compiled at install time."""

from __future__ import annotations

import re

from envdoctor.explain.clues import WINDOWS_PATH
from envdoctor.explain.decode import cuda_major_of_library
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.explain.tracebacks import FRAME_FILE
from envdoctor.i18n import N_, _

FAMILY = Family("package_kernels")


# auto-gptq's qlinear_cuda.py / qlinear_cuda_old.py log "CUDA extension not installed." when
# `import autogptq_cuda_64, autogptq_cuda_256` fails; GPTQ-for-LLaMa's quant.py (and its
# forks) print the same words when `import quant_cuda` fails. modeling/_base.py logs "Exllama
# kernel is not installed, reset disable_exllama to True. ..." (and "Exllamav2 kernel ...
# disable_exllamav2 ...") when exllama_kernels / exllamav2_kernels cannot be imported, and
# qlinear_exllama*.py raise "Trying to use the exllama backend, but could not import the
# C++/CUDA dependencies with the following error: ..." (AutoGPTQ/AutoGPTQ, auto_gptq/).
@FAMILY.entry(
    code="gptq-kernels-not-installed",
    keywords=(
        "cuda extension not installed",
        "kernel is not installed, reset disable_exllama",
        "could not import the c++/cuda dependencies",
        "_kernels not installed",
        "cuda kernels for auto_gptq",
        "name 'autogptq_cuda_",
    ),
    title=N_("A GPTQ package's compiled CUDA kernels cannot be imported (auto-gptq)"),
    patterns=(
        rx(
            r"(?P<exllama>Exllama(?:v2)?) kernel is not installed, reset "
            r"disable_exllama(?:v2)? to True"
        ),
        rx(
            r"Trying to use the (?P<exllama>exllama(?:v2)?) backend, but could not import the "
            r"C\+\+/CUDA dependencies(?: with the following error: (?P<error>[^\n]{1,200}))?"
        ),
        # qlinear_exllama*.py's own logger line (ERROR:auto_gptq...:exllama_kernels not
        # installed.) and auto-gptq 0.4's summary of the missing CUDA kernels.
        rx(r"(?<![\w-])(?P<exllama>exllama(?:v2)?)_kernels not installed\."),
        rx(r"CUDA kernels for auto_gptq are not installed(?P<auto>)"),
        # The consequence in old auto-gptq: the kernel module's name used though never imported.
        rx(r"name '(?P<missing>autogptq_cuda_(?:64|256))' is not defined"),
        # Only the sentence itself: "mlp_cuda extension not installed" is someone else's.
        rx(r"(?<![\w-])CUDA extension not installed\.(?P<plain>)"),
    ),
    # Only a summary: the import error itself (an undefined symbol, a DLL) names the cause.
    specificity=1,
)
def _advise_gptq(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    groups = m.groupdict()
    facts: dict[str, object] = {}
    exllama = groups.get("exllama")
    auto_gptq = (
        exllama is not None
        or groups.get("auto") is not None
        or groups.get("missing") is not None
        or ctx.has("auto_gptq", "auto-gptq", "autogptq")
    )
    if exllama:
        facts["kernel"] = exllama.lower()
    if auto_gptq:
        facts["package"] = "auto-gptq"
        cause = _(
            "auto-gptq is installed, but its compiled {kernel} kernels cannot be imported, so "
            "it falls back to slower code or fails. Its wheels are built for one torch and "
            "CUDA each: a wheel for another torch/CUDA, a prebuilt wheel without these kernels "
            "(the Windows wheels have no exllama kernels), a build without CUDA, or an "
            "auto-gptq built in another environment than the Python that runs now."
        ).format(kernel=exllama.lower() if exllama else "CUDA")
    else:
        cause = _(
            "A GPTQ quantization package could not import its compiled CUDA kernel "
            "(auto-gptq's autogptq_cuda_64/256, or GPTQ-for-LLaMa's quant_cuda): it was not "
            "built, was built for another torch/CUDA, or was built in another environment "
            "than the Python that runs now."
        )
    if groups.get("error"):
        facts["import_error"] = groups["error"].strip()
        cause += sep() + _("The import failed with: {error}").format(error=groups["error"].strip())
    module = {"exllama": "exllama_kernels", "exllamav2": "exllamav2_kernels"}.get(
        (exllama or "").lower(), "autogptq_cuda_64" if auto_gptq else "quant_cuda"
    )
    fix = [
        _(
            "See the real error in the environment that runs the program (activate it "
            'first): `python -c "import torch; print(torch.__version__, torch.version.cuda); '
            'import {module}"`.'
        ).format(module=module),
        _(
            "If the package was installed or built in another conda env or venv, start the "
            "program from that one (`python -m pip show auto-gptq` says where it is)."
        ),
    ]
    if auto_gptq:
        # AutoGPTQ's README: wheels per CUDA (cu118 from its own index, cu121 from PyPI,
        # both built against torch 2.2.1); a source build with --no-build-isolation uses the
        # installed torch. The project is unmaintained; GPTQModel is its successor.
        fix.append(_gptq_wheel_step(str(k.torch_cuda) if k.torch_cuda else None))
        fix.append(
            _(
                "For another torch, build it against the installed one: `pip install -vvv "
                "--no-build-isolation --no-cache-dir auto-gptq` (or `pip install -vvv "
                "--no-build-isolation -e .` in a clone), with the CUDA toolkit of torch's "
                "CUDA version on PATH; BUILD_CUDA_EXT=0 would leave the kernels out."
            )
        )
        fix.append(
            _(
                "AutoGPTQ is no longer maintained: its README points to GPTQModel, which "
                "loads the same GPTQ models."
            )
        )
    else:
        fix.append(
            _(
                "Reinstall the package that prints it for the installed torch and CUDA (its "
                "wheel for them, or a build with `--no-build-isolation`, so the kernel is "
                "compiled against this torch)."
            )
        )
    # One answer per package, whichever of its lines was matched.
    key = "auto-gptq" if auto_gptq else module
    return Advice(cause, tuple(fix), facts, key=key, used_local_facts=k.local)


def _gptq_wheel_step(torch_cuda: str | None) -> str:
    """AutoGPTQ's README: which index has the wheel for torch's CUDA."""
    if torch_cuda == "11.8":
        return _(
            "torch uses CUDA 11.8: `pip install auto-gptq --no-build-isolation "
            "--extra-index-url https://huggingface.github.io/autogptq-index/whl/cu118/`."
        )
    if torch_cuda == "12.1":
        return _("torch uses CUDA 12.1: `pip install auto-gptq --no-build-isolation`.")
    return _(
        "Install the auto-gptq wheel for torch's CUDA: for CUDA 11.8 `pip install auto-gptq "
        "--no-build-isolation --extra-index-url "
        "https://huggingface.github.io/autogptq-index/whl/cu118/`, for CUDA 12.1 `pip install "
        "auto-gptq --no-build-isolation` (both built against torch 2.2.1)."
    )


# CuPy's __init__.py when `from cupy import core` (v8 and older) or `from cupy import _core`
# fails: "CuPy is not correctly installed." (a RuntimeError under Chainer, an ImportError
# since), with, from v5 on, the advice to match cupy-cudaXX to the host's CUDA and the
# "original error". Wheels: cupy-cuda12x (CUDA 12.x), cupy-cuda11x (11.2-11.x), one package
# per version before (cupy-cuda110, cupy-cuda102, ...) (PyPI's cupy-cuda* pages).
@FAMILY.entry(
    code="cupy-not-installed-correctly",
    keywords=("cupy is not correctly installed", "failed to import cupy", "from cupy"),
    title=N_("CuPy's compiled core cannot be imported (CuPy is not correctly installed)"),
    # CuPy's later wording (after cupy#5347): "Failed to import CuPy." and "Original error:".
    patterns=(
        rx(r"CuPy is not correctly installed"),
        rx(r"Failed to import CuPy\."),
        # The traceback cut before CuPy's own message: its core's import and the loader's
        # line (cupy/cupy#7772: libcudart.so.12 with cupy-cuda12x and no CUDA 12 toolkit).
        rx(
            r"from cupy(?:\._core| import _core| import core)\b.{0,800}?ImportError: (?P<lib>"
            r"lib(?:cudart|cublas|nvrtc|cufft|curand|cusparse|cusolver)\.so\.[\d.]+): cannot "
            r"open shared object file"
        ),
    ),
    # Ahead of the library it names: that one is CuPy's, not torch's.
    specificity=4,
)
def _advise_cupy(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    facts: dict[str, object] = {}
    frames = FRAME_FILE.finditer(ctx.text, max(0, m.start() - 4000), m.start())
    init = next((f for f in frames if _CUPY_INIT.search(f.group("path"))), None)
    checkout = init is not None and not _SITE.search(init.group("path"))
    original = _ORIGINAL.search(ctx.text, m.end(), m.end() + 1500)
    library = _CUDA_LIBRARY.search(original.group("error")) if original else None
    if m.groupdict().get("lib"):
        library = _CUDA_LIBRARY.search(m.group("lib"))
    if original:
        facts["original_error"] = original.group("error").strip()
    if checkout and init is not None:
        folder = _CUPY_INIT.split(init.group("path"))[0] or "."
        facts["source_checkout"] = folder
        cause = _(
            "Python imported CuPy from a source checkout ({folder}), not from an installed "
            "package, and that checkout's compiled core (cupy.core / cupy._core) was not "
            "built, or was built for another CUDA or compiler: CuPy needs its Cython/CUDA "
            "extension compiled before it can be imported."
        ).format(folder=folder)
        fix = [
            _(
                "Build it in place with a working toolchain: in {folder}, with nvcc of your "
                "CUDA on PATH (CUDA_PATH set) and a gcc that CUDA version supports, run `pip "
                "install -e . --no-cache-dir -vvvv` and read the build log for the first "
                "error."
            ).format(folder=folder),
            _(
                "Or use a prebuilt wheel instead: leave the checkout folder (or take it off "
                "PYTHONPATH) and install the cupy-cudaXX package for your CUDA."
            ),
        ]
    else:
        cause = _(
            "CuPy's compiled core could not be imported. Usually the installed cupy-cudaXX "
            "wheel is for another CUDA version than the machine has, or two CuPy packages "
            "are installed on top of each other; a source build that failed is the other "
            "case."
        )
        fix = [
            _(
                "See what is installed: `pip freeze | grep -i cupy` (Windows: `findstr /i "
                "cupy`); keep exactly one CuPy package."
            ),
            _(
                "Uninstall them all and install the wheel for your CUDA: `pip install "
                "cupy-cuda12x` for CUDA 12.x, `pip install cupy-cuda11x` for CUDA 11.2-11.x "
                "(older CUDA: the package named after it, e.g. cupy-cuda110); or `conda "
                "install -c conda-forge cupy`, which brings its own CUDA libraries."
            ),
            _(
                "Building from source instead: `pip install cupy --no-cache-dir -vvvv` with "
                "the CUDA toolkit installed, and read the build log for the first error."
            ),
        ]
    if library and library.group(0).startswith(("libcuda.so", "nvcuda")):
        facts["missing_library"] = library.group(0)
        cause = _(
            "CuPy could not load {library}, the NVIDIA driver's own library: no NVIDIA driver "
            "is installed or loaded where this runs (a machine or container without the GPU)."
        ).format(library=library.group(0))
        fix = [
            _(
                "Run it where the NVIDIA driver is installed (`nvidia-smi` must work there); "
                "in Docker, start the container with --gpus all."
            )
        ]
    elif library:
        facts["missing_library"] = library.group(0)
        cause += sep() + _(
            "The original error names {library}, a CUDA library the installed CuPy was built "
            "for and this machine does not provide."
        ).format(library=library.group(0))
        # PyPI's cupy-cuda* pages: "You need to install CUDA Toolkit <version> to use these
        # packages": the wheels load the toolkit's libraries, they do not ship them.
        major = cuda_major_of_library(library.group(0))
        fix.insert(
            0,
            _(
                "CuPy's wheels use the CUDA Toolkit's libraries from the system: install the "
                "CUDA {major} toolkit (or keep the one you have and install the CuPy package "
                "for it) and make its libraries findable (Linux: its lib64 on "
                "LD_LIBRARY_PATH; Windows: CUDA_PATH set)."
            ).format(major=f"{major}.x" if major else _("that version's")),
        )
        # CuPy 14's wheels also take the toolkit's libraries from PyPI (the cupy-cuda13x
        # description: "install this package together with all needed CUDA components from
        # PyPI by passing the [ctk] tag").
        fix.insert(
            1,
            _(
                "With a recent CuPy, pip can bring those libraries too: `python -m pip install "
                '"cupy-cuda{major}x[ctk]"`; conda-forge\'s cupy always brings its own.'
            ).format(major=major or "12"),
        )
    return Advice(
        cause,
        tuple(fix),
        facts,
        key="checkout" if checkout else "wheel",
        used_local_facts=k.local,
    )


_CUPY_INIT = re.compile(r"[\\/]cupy[\\/]__init__\.py$")
_SITE = re.compile(r"(?:site|dist)-packages|\.egg[\\/]", re.IGNORECASE)
_ORIGINAL = re.compile(r"original error:\s{1,20}(?P<error>[^\n]{1,300})", re.IGNORECASE)
_CUDA_LIBRARY = re.compile(
    r"\b(?:lib(?:cuda|cudart|cublas|nvrtc|cufft|curand|cusparse|cusolver|nvToolsExt)\.so\.[\d.]+|"
    r"(?:cudart|cublas|nvrtc)64_\d{2,3}\.dll|nvcuda\.dll)"
)


# DeepSpeed's setup.py before 0.15.1: with DS_BUILD_OPS=1 (or DS_BUILD_<OP>=1) an op whose
# builder reports it incompatible aborted the install with "Unable to pre-compile <op>",
# after the builder's warnings said why and "One can disable <op> with DS_BUILD_<VAR>=0".
# DeepSpeed 0.15.1 (deepspeedai/DeepSpeed#6489) skips incompatible ops instead. The ops'
# reasons: op_builder/*.py (async_io: "requires the dev libaio .so object and headers";
# "please install the libaio-dev package with apt" / libaio-devel with yum). Windows:
# DeepSpeed's build_win.bat turns off the ops that do not build there (DS_BUILD_AIO=0,
# DS_BUILD_CUTLASS_OPS, EVOFORMER_ATTN, FP_QUANTIZER, GDS, RAGGED_DEVICE_OPS, SPARSE_ATTN).
@FAMILY.entry(
    code="deepspeed-op-precompile-failed",
    keywords=("unable to pre-compile",),
    title=N_("DeepSpeed could not pre-compile one of its ops (DS_BUILD_OPS)"),
    patterns=(
        rx(
            r"Unable to pre-compile (?:ops without torch installed|(?P<torch_op>\w{2,40}), "
            r"please first install torch)(?P<no_torch>)"
        ),
        rx(r"Unable to pre-compile (?!ops without)(?P<op>[a-z][a-z0-9_]{1,40})\b(?!,)"),
    ),
    specificity=3,
)
def _advise_deepspeed_op(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    groups = m.groupdict()
    if groups.get("no_torch") is not None:
        cause = _(
            "DeepSpeed's setup.py compiles its ops with torch's build tools, and torch is not "
            "importable while it runs: torch is not installed yet, or pip built DeepSpeed in "
            "an isolated build environment without it."
        )
        steps = (
            _("Install torch first (the build for your CUDA), then DeepSpeed."),
            _(
                "Let the build see it: `DS_BUILD_OPS=1 pip install deepspeed "
                "--no-build-isolation` (or leave DS_BUILD_OPS unset: ops then compile on first "
                "use)."
            ),
        )
        return Advice(cause, steps, {"package": "deepspeed"}, key="torch", used_local_facts=k.local)
    op = groups["op"]
    around = ctx.text[max(0, m.start() - 3000) : m.end() + 3000]
    var_match = _DISABLE.search(around)
    var = var_match.group("var") if var_match else _BUILD_VARS.get(op, f"DS_BUILD_{op.upper()}")
    facts: dict[str, object] = {"package": "deepspeed", "op": op, "disable_with": f"{var}=0"}
    windows = k.os == "Windows" or WINDOWS_PATH.search(around) is not None
    cause = _(
        "Pre-compiling DeepSpeed's ops at install time (DS_BUILD_OPS=1 or {var}=1) stopped "
        "at {op}: its builder found it cannot be built here, and DeepSpeed before 0.15.1 "
        "aborts the whole install then (0.15.1 and newer skip such ops)."
    ).format(op=op, var=var)
    fix: list[str] = []
    if op == "async_io":
        cause += sep() + _(
            "async_io needs libaio's development files (libaio.h and libaio.so), which were "
            "not found."
        )
        if windows:
            cause += sep() + _("libaio exists only on Linux: async_io cannot be built on Windows.")
        else:
            package = _LIBAIO_PACKAGE.search(around)
            fix.append(
                _("Install libaio's development package: `{command}`, then install again.").format(
                    command=_LIBAIO_COMMANDS[package.group("tool").lower()]
                )
                if package
                else _(
                    "Install libaio's development package (Debian/Ubuntu: `sudo apt install "
                    "libaio-dev`; RHEL/Fedora: `sudo yum install libaio-devel`), then install "
                    "again; if it is installed elsewhere, point CFLAGS and LDFLAGS at it."
                )
            )
    else:
        warning = next(
            (w for w in _WARNING.finditer(around) if not _NOT_A_REASON.match(w.group("text"))),
            None,
        )
        if warning:
            facts["builder_warning"] = warning.group("text").strip()
            cause += sep() + _("{op}'s builder says: {warning}").format(
                op=op, warning=warning.group("text").strip()
            )
            fix.append(_("Give {op} what its builder asks for, then install again.").format(op=op))
        else:
            cause += sep() + _(
                "The builder's warnings above the error say what {op} lacks."
            ).format(op=op)
    if windows:
        facts["os"] = "Windows"
        fix.append(
            _(
                "On Windows build with DeepSpeed's build_win.bat, which turns off the ops that "
                "do not build there (DS_BUILD_AIO=0, DS_BUILD_SPARSE_ATTN=0, ...), or set "
                "{var}=0 yourself."
            ).format(var=var)
        )
    fix.append(
        _(
            "Leave {op} out if you do not need it: set {var}=0 next to DS_BUILD_OPS=1 (or "
            "drop DS_BUILD_OPS: ops then compile just in time on first use)."
        ).format(op=op, var=var)
    )
    fix.append(
        _(
            "Or use DeepSpeed 0.15.1 or newer, where DS_BUILD_OPS=1 skips ops that cannot be "
            "built instead of failing."
        )
    )
    return Advice(cause, tuple(fix), facts, key=op, used_local_facts=k.local)


_DISABLE = re.compile(r"One can disable \w{2,40} with (?P<var>DS_BUILD_[A-Z_]{2,40})=0")
_BUILD_VARS = {"async_io": "DS_BUILD_AIO"}
# The op builders' "[WARNING]  <why>" lines; the setup's own hints are no reason.
_WARNING = re.compile(r"\[WARNING\]\s{1,4}(?P<text>[^\n\[]{5,200})")
_NOT_A_REASON = re.compile(r"One can disable|Torch did not find cuda|Skip pre-compile", re.I)
_LIBAIO_PACKAGE = re.compile(
    r"please install the (?P<lib>libaio(?:-dev|-devel)?) package with (?P<tool>apt|yum|pacman)"
)
_LIBAIO_COMMANDS = {
    "apt": "sudo apt install libaio-dev",
    "yum": "sudo yum install libaio-devel",
    "pacman": "sudo pacman -S libaio",
}


__all__ = ["FAMILY"]
