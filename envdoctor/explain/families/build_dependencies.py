"""Programs and files a build or a run-time compile needs from the machine, missing: MPI's
compiler wrapper (horovod), LLVM's llvm-config (llvmlite built from source), and the CUDA
headers and builtins library NVRTC compiles with (CuPy).

Sources: horovod/horovod docs/troubleshooting.rst and docs/install.rst (2626dc8), setup.py
at 08902f7 ("%s failed (see error below), is MPI in $PATH?"); numba/llvmlite
docs/source/admin-guide/install.rst (79d1ac7) and ffi/build.py at 0cc7741 ("Could not find
a `llvm-config` binary", LLVM_CONFIG); cupy/cupy docs/source/install.rst (6b6d956): CUDA
12.2 and later need the CUDA runtime headers to compile kernels, nvidia-cuda-runtime-cu12
or cuda-cudart-dev-12-X provides them, and CUDA_PATH / LD_LIBRARY_PATH for "failed to load
builtins"."""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("build_dependencies")

_WRAPPER = r"(?P<wrapper>mpicxx|mpicc|mpic\+\+|mpiCC)"


@FAMILY.entry(
    code="mpi-compiler-wrapper-missing",
    keywords=("in $path?", "mpicxx", "mpicc", "mpic++"),
    title=N_("MPI's compiler wrapper (mpicxx) cannot be run: MPI missing or not on PATH"),
    patterns=(
        # horovod's setup.py: its `mpicxx -show` (or HOROVOD_MPICXX_SHOW) failed.
        rx(
            r"(?P<show>mpi(?:cxx|cc|c\+\+|CC)\b[^\n,]{0,60}?) failed(?P<see> \(see error "
            r"below\))?, is (?:MPI|mpi(?:cxx|cc)) in \$PATH\?"
        ),
        # The shell's own words for a wrapper that is not installed or not on PATH.
        rx(r"(?<![\w/.-])" + _WRAPPER + r": (?:command )?not found"),
        # The wrapper is there, and the MPI libraries it needs are not on the loader's path.
        rx(
            _WRAPPER + r": error while loading shared libraries: (?P<lib>lib[\w.+-]{1,60}"
            r"\.so[\d.]{0,12})"
        ),
    ),
    specificity=3,
)
def _advise_mpi_wrapper(m: re.Match[str], ctx: Context) -> Advice:
    groups = m.groupdict()
    lib = groups.get("lib") or _loader_error(m, ctx)
    wrapper = groups.get("wrapper") or (groups.get("show") or "mpicxx").split()[0]
    facts: dict[str, object] = {"wrapper": wrapper}
    # The "is ... in $PATH?" words are horovod's setup.py's own.
    horovod = groups.get("show") is not None or ctx.has("horovod")
    if horovod:
        facts["package"] = "horovod"
    if lib:
        facts["library"] = lib
        cause = _(
            "{wrapper} is installed but cannot start: the loader does not find {lib}, a "
            "library of the MPI it belongs to, because that MPI's lib folder is not on "
            "LD_LIBRARY_PATH or in /etc/ld.so.conf (an MPI installed recently or in a user "
            "folder)."
        ).format(wrapper=wrapper, lib=lib)
        fix: list[str] = [
            _(
                "Add the MPI library folder to the loader's path: `export "
                "LD_LIBRARY_PATH=$LD_LIBRARY_PATH:/path/to/mpi/lib`, or for a system-wide "
                "MPI `echo /path/to/mpi/lib | sudo tee -a /etc/ld.so.conf` then `sudo "
                "ldconfig`; check with `{wrapper} -show`."
            ).format(wrapper=wrapper)
        ]
    else:
        cause = _(
            "{wrapper}, the compiler wrapper of MPI (Open MPI, MPICH), could not be run: no "
            "MPI is installed, or its bin folder (where mpirun is) is not on PATH."
        ).format(wrapper=wrapper)
        fix = [
            _(
                "Install an MPI implementation (Open MPI or MPICH) if there is none, or put "
                "the folder that holds {wrapper} (the one with mpirun) on PATH: `export "
                "PATH=$PATH:/path/to/mpi/bin`; check with `{wrapper} -show`."
            ).format(wrapper=wrapper)
        ]
    if horovod:
        fix.append(
            _(
                "Then install horovod again in that shell (`pip install --no-cache-dir "
                "horovod`). Without MPI, build it with Gloo alone: `HOROVOD_WITHOUT_MPI=1 "
                "HOROVOD_WITH_GLOO=1 pip install --no-cache-dir horovod` (workers are then "
                "started with horovodrun); an MPI whose wrapper shows its flags another way "
                "is named with HOROVOD_MPICXX_SHOW."
            )
        )
    return Advice(cause, tuple(fix), facts, key=wrapper, used_local_facts=ctx.known.local)


_LOADER = re.compile(
    r"mpi(?:cxx|cc|c\+\+|CC|run|exec): error while loading shared libraries: "
    r"(?P<lib>lib[\w.+-]{1,60}\.so[\d.]{0,12})"
)


def _loader_error(m: re.Match[str], ctx: Context) -> str | None:
    """The loader's error printed just before horovod's "(see error below)" message."""
    if m.groupdict().get("see") is None:
        return None
    found = _LOADER.search(ctx.text, max(0, m.start() - 600), m.end() + 2000)
    return found.group("lib") if found else None


@FAMILY.entry(
    code="llvm-config-missing",
    keywords=("llvm-config",),
    title=N_("Building llvmlite from source needs LLVM (no llvm-config found)"),
    patterns=(
        # Python's words when the build runs llvm-config and there is none (llvmlite's
        # ffi/build.py before it wrapped them).
        rx(r"(?:FileNotFoundError|OSError): \[Errno 2\] No such file or directory: 'llvm-config'"),
        # llvmlite's ffi/build.py, later releases.
        rx(r"Could not find a `llvm-config` binary(?P<llvmlite>)"),
        rx(
            r"(?P<config>\S{1,200}) failed executing, please point LLVM_CONFIG to the path "
            r"for llvm-config(?P<llvmlite_run>)"
        ),
    ),
    specificity=3,
)
def _advise_llvm_config(m: re.Match[str], ctx: Context) -> Advice:
    groups = m.groupdict()
    named = (
        groups.get("llvmlite") is not None
        or groups.get("llvmlite_run") is not None
        or ctx.has("llvmlite", "numba")
    )
    cause = _(
        "pip is building llvmlite (numba's dependency) from its source distribution, and "
        "that needs an LLVM installation, found through llvm-config, which is not there. "
        "llvmlite's binary wheels carry LLVM inside; pip builds from source when no wheel "
        "fits this Python and platform (a Python version it has no wheels for, such as an alpha, "
        "an unsupported architecture), or when pip is older than 19.0 and cannot use the "
        "manylinux2010 wheels."
    )
    if not named:
        # llvmlite's install guide quotes this very error as its source-build failure.
        cause = (
            _(
                "A package's build ran llvm-config, LLVM's configuration tool, and found none: "
                "this is how llvmlite's build from source fails."
            )
            + sep()
            + cause
        )
    if groups.get("llvmlite_run") is not None:
        cause = (
            _(
                "llvmlite's build found {config} but could not run it: LLVM_CONFIG or PATH "
                "names an llvm-config that is missing or broken."
            ).format(config=groups["config"])
            + sep()
            + cause
        )
    fix = (
        _(
            "Upgrade pip and try again, so it can pick a binary wheel: `python -m pip install -U pip`."
        ),
        _(
            "Check that a wheel exists for this Python and platform (`python --version`, and "
            "the files of the numba/llvmlite release on PyPI); if not, install a numba "
            "release that supports this Python, or use a Python it supports."
        ),
        _(
            "On a platform without wheels, use conda (`conda install numba`), or build "
            "llvmlite against an LLVM of the version it requires (conda's llvmdev from the "
            "numba/label/llvm channel) with LLVM_CONFIG pointing at its llvm-config."
        ),
    )
    return Advice(cause, fix, {"package": "llvmlite"}, used_local_facts=ctx.known.local)


# Headers of the CUDA toolkit itself (NVRTC compiles CuPy's, torch's jiterator's kernels
# against them); a program's own header missing is its own business.
_CUDA_HEADER = (
    r"(?P<header>(?:vector_types|vector_functions|cuda_fp16|cuda_bf16|cuda_fp8|cuda_runtime|"
    r"cuda_runtime_api|driver_types|builtin_types|device_types|host_defines|"
    r"cuda_device_runtime_api|surface_types|texture_types|math_constants|cuComplex)\.h"
    r"|cuda/std/\w{1,30})"
)


@FAMILY.entry(
    code="nvrtc-cuda-files-missing",
    keywords=("cannot open source file", "failed to load builtins"),
    title=N_("NVRTC cannot find the CUDA headers or its builtins library"),
    patterns=(
        rx(r"catastrophic error: cannot open source file \"" + _CUDA_HEADER + r"\""),
        rx(r"nvrtc: error: failed to load builtins(?P<builtins>)"),
    ),
    specificity=3,
    # torch's own NVRTC load failure names the library file: its entry says which CUDA.
    defers_to=frozenset({"cuda-library-missing"}),
)
def _advise_nvrtc_files(m: re.Match[str], ctx: Context) -> Advice:
    cupy = ctx.has("cupy")
    facts: dict[str, object] = {"package": "cupy"} if cupy else {}
    if m.groupdict().get("builtins") is not None:
        cause = _(
            "NVRTC, the run-time CUDA compiler, could not load its builtins library "
            "(libnvrtc-builtins): the program cannot find the CUDA installation it uses, "
            "so every kernel compiled at run time fails."
        )
        fix: tuple[str, ...] = (
            _(
                "Point it at the CUDA installation: `export CUDA_PATH=/usr/local/cuda-12.6` "
                "(your toolkit's folder) and `export LD_LIBRARY_PATH=$CUDA_PATH/lib64:"
                "$LD_LIBRARY_PATH`, then run again."
            ),
            _('Check which CUDA CuPy found: `python -c "import cupy; cupy.show_config()"`.')
            if cupy
            else _(
                "Check that the toolkit's lib64 folder holds a libnvrtc-builtins.so of the "
                "same version as its libnvrtc.so."
            ),
        )
        facts["library"] = "libnvrtc-builtins"
        return Advice(cause, fix, facts, key="builtins", used_local_facts=ctx.known.local)
    header = m.group("header")
    facts["header"] = header
    cause = _(
        "NVRTC, the run-time CUDA compiler, cannot find the CUDA runtime headers ({header}) "
        "it compiles kernels with: the CUDA found here has its libraries without the "
        "headers (pip's CUDA packages, a runtime-only install), or the program does not "
        "look where they are."
    ).format(header=header)
    if cupy:
        cause += sep() + _(
            "CuPy needs these headers to compile its kernels on CUDA 12.2 and later."
        )
        fix = (
            _(
                "CuPy installed with pip (cupy-cuda12x): install the headers of your CUDA "
                'version: `pip install "nvidia-cuda-runtime-cu12==12.X.*"` (12.X: your CUDA '
                "version); `cupy.show_config()` then lists them under CUDA Extra Include Dirs."
            ),
            _(
                "Or install them system-wide from NVIDIA's apt/dnf repository: "
                '`sudo apt install "cuda-cudart-dev-12-X"` (the version of your cuda-cudart '
                'package: `apt list "cuda-cudart-*"`); conda-forge\'s cupy brings them itself.'
            ),
        )
        return Advice(cause, fix, facts, key="headers", used_local_facts=ctx.known.local)
    fix = (
        _(
            "Install the CUDA runtime headers of your CUDA version: `pip install "
            '"nvidia-cuda-runtime-cu12==12.X.*"` for pip-installed CUDA, or the cuda-cudart-dev '
            "package of NVIDIA's apt/dnf repository; then set CUDA_PATH to the toolkit that "
            "holds include/{header}."
        ).format(header=header),
    )
    return Advice(cause, fix, facts, key="headers", used_local_facts=ctx.known.local)


# A source tree without its git submodules, in the projects' own words: Tencent/ncnn
# CMakeLists.txt (a4d2ea1) "The submodules were not downloaded! Please update submodules with
# "git submodule update --init" and try again." (its FAQ: clone with --recursive or download
# the release's -full-source.zip); NVlabs/instant-ngp CMakeLists.txt (abe236e) "Some
# instant-ngp dependencies are missing. If you forgot the "--recursive" flag when cloning this
# project, this can be fixed by calling "git submodule update --init --recursive"";
# OpenNMT/CTranslate2 cli/CMakeLists.txt "The client dependency repository (cxxopts) is
# missing! You probably didn't clone the project with --recursive"; facebookresearch/xformers
# setup.py "CUTLASS submodule not found at ... Did you forget to run `git submodule update
# --init --recursive` ?"; NVIDIA/TransformerEngine ("... not found at ... Run `git submodule
# update --init --recursive`"); numpy's .spin/cmds.py ("... git submodule does not exist! Run
# `git submodule update --init`"); cupy's preflight ("... is a git submodule but is currently
# empty. Please use the command: $ git submodule update --init"); pytorch/ao setup.py ("Could
# not find any of ... in <folder>" then "Did you run 'git submodule update --init
# --recursive'?").
@FAMILY.entry(
    code="git-submodules-missing",
    keywords=(
        "submodules were not downloaded",
        "git submodule update --init",
        "project with --recursive",
        'forgot the "--recursive',
    ),
    title=N_("The source tree lacks its git submodules (cloned without --recursive)"),
    patterns=(
        rx(r"The submodules were not downloaded!"),
        rx(
            r"(?:not found|(?:is|are) missing|does not exist|is currently empty|not downloaded)"
            r"\b[\s\S]{0,300}?(?:run|calling|command|with|use)[:!?]?[\s$`'\"]{0,12}"
            r"git submodule update --init"
        ),
        rx(r"Did you (?:forget to )?run[\s`'\"]{0,4}git submodule update --init"),
        rx(r"didn't clone the project with --recursive"),
        rx(r"If you forgot the \"?--recursive\"? flag when cloning"),
    ),
    specificity=3,
)
def _advise_submodules(_m: re.Match[str], ctx: Context) -> Advice:
    cause = _(
        "The project's source folder is incomplete: the code it vendors as git submodules "
        "(third-party libraries in their own repositories) was never downloaded. `git clone` "
        'without --recursive leaves those folders empty, and GitHub\'s "Download ZIP" or a '
        "tag's source archive holds no submodules at all."
    )
    fix = (
        _(
            "In the source folder (a git clone): `git submodule update --init --recursive`, "
            "then build again."
        ),
        _(
            "Or clone it again with them: `git clone --recursive <repository URL>`; a source "
            "archive cannot be completed this way: clone with git instead, or take a release "
            "archive that includes the dependencies if the project publishes one (ncnn's "
            "-full-source.zip)."
        ),
        _(
            "If the update itself fails (no access to GitHub, a proxy), fix that first: the "
            "build cannot go on without those folders."
        ),
    )
    return Advice(cause, fix, {}, used_local_facts=ctx.known.local)


__all__ = ["FAMILY"]
