"""OpenMP runtimes in a process: two of them loaded at once (LLVM/Intel's "OMP: Error #15"),
one the loader cannot give static thread-local storage when loaded late (glibc's "cannot
allocate memory in static TLS block", mostly aarch64 Linux), and none linked at all (the
linker's undefined __kmpc_* / omp_* / GOMP_* references).

Sources: LightGBM's docs/FAQ.rst (bae0b7b) for the duplicate runtime (conda's MKL NumPy
against a system libomp; `conda install nomkl`) and for static TLS (libgomp.so.1; LD_PRELOAD
or load it earlier; lightgbm 4.6.0); rapidsai/cuml's ci/test_python_common.sh (LD_PRELOAD of
conda's libgomp.so.1 on aarch64); glibc's elf/dl-reloc.c for the loader's words; ncnn's FAQ
("need to link openmp") for the linker's. Apple's clang without OpenMP: THUDM/ChatGLM-6B's
FAQ.md (401bf3a: "clang: error: unsupported option '-fopenmp'", install OpenMP separately, the
R project's builds at mac.r-project.org/openmp), dmlc/xgboost's NEWS.md (379b29f: Apple Clang
does not come with OpenMP; `brew install libomp`) and LightGBM's Installation-Guide.rst
(bae0b7b: Apple Clang with `brew install libomp`, or Homebrew's gcc).
"""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("openmp_runtimes")

_OMP_LIB = r"lib(?:iomp5|iomp5md|omp|gomp|omp140\.x86_64)[\w.-]{0,20}?\.(?:dylib|so(?:\.\d+)?|dll)"


@FAMILY.entry(
    code="openmp-runtime-duplicate",
    keywords=("omp: error #15", "kmp_duplicate_lib_ok"),
    title=N_("Two OpenMP runtimes loaded in one process"),
    patterns=(
        # The OpenMP runtime's own check (LLVM's libomp and Intel's libiomp5 share it); the
        # hint that follows names KMP_DUPLICATE_LIB_OK.
        rx(
            r"OMP: Error #15: Initializing (?P<lib>" + _OMP_LIB + r")(?:, but found "
            r"(?P<other>" + _OMP_LIB + r") already initialized)?"
        ),
    ),
    specificity=3,
)
def _advise_duplicate(m: re.Match[str], ctx: Context) -> Advice:
    lib, other = m.group("lib"), m.group("other")
    facts: dict[str, object] = {"library": lib}
    if other:
        facts["already_loaded"] = other
        cause = _(
            "Two OpenMP runtimes were loaded into one process: {lib} started while {other} "
            "was already running. Each package brought its own (conda's MKL builds of "
            "NumPy/SciPy/PyTorch bring Intel's libiomp5; pip wheels, Homebrew and the system "
            "bring libomp or libgomp), and two runtimes in one process can crash or compute "
            "wrong results."
        ).format(lib=lib, other=other)
    else:
        cause = _(
            "Two OpenMP runtimes were loaded into one process ({lib} and another copy): "
            "packages that each bring their own runtime, which can crash or compute wrong "
            "results."
        ).format(lib=lib)
    fix = [
        _(
            "In a conda environment, take MKL (and its libiomp5) out: `conda install nomkl` "
            "and then reinstall numpy/scipy so they use OpenBLAS; or install all these "
            "packages from one channel (conda-forge) so they share one OpenMP runtime."
        ),
        _(
            'Find the copies: `find $CONDA_PREFIX/lib $(python -c "import site; '
            "print(site.getsitepackages()[0])\") -name 'lib*omp*'`; the folders they lie in "
            "name the packages that bring them, which are the ones to install from one source."
        ),
        _(
            "KMP_DUPLICATE_LIB_OK=TRUE, which the message names, only silences the check: "
            "the runtime calls it unsafe and unsupported, and it can crash or give wrong "
            "results. Use it only to confirm the diagnosis."
        ),
    ]
    # clues.py names macOS "Darwin".
    if ctx.known.os == "Darwin" or ".dylib" in lib:
        cause += sep() + _(
            "On macOS this is mostly a conda package's libiomp5 next to Homebrew's libomp."
        )
    return Advice(cause, tuple(fix), facts, used_local_facts=ctx.known.local)


@FAMILY.entry(
    code="static-tls-exhausted",
    keywords=("cannot allocate memory in static tls block",),
    title=N_("A library loaded too late to get static thread-local storage"),
    patterns=(
        # glibc's loader (elf/dl-reloc.c), with the file it was loading before it.
        rx(
            r"(?:(?P<path>/[^\s:'\"]{0,300}/)?(?P<lib>[\w.+-]{1,120}\.so(?:\.[\d.]+)?): )?"
            r"cannot allocate memory in static TLS block"
        ),
    ),
    specificity=3,
)
def _advise_static_tls(m: re.Match[str], ctx: Context) -> Advice:
    lib = m.group("lib") or ""
    path = (m.group("path") or "") + lib
    facts: dict[str, object] = {"library": path} if lib else {}
    cause = _(
        "{lib} needs static thread-local storage (TLS), which the loader reserves when the "
        "program starts; loaded later (dlopen, by a Python import), it found too little "
        "left. This happens mostly on aarch64 Linux (Jetson, ARM servers), where the "
        "program and its libraries share one pool. GNU's OpenMP runtime (libgomp.so.1) is "
        "the usual library: conda environments and several packages bring their own copy."
    ).format(lib=lib or _("A shared library"))
    preload = path if path.startswith("/") else (lib or "libgomp.so.1")
    fix: list[str] = [
        _(
            "Load it at start-up instead: `export LD_PRELOAD={preload}` (the full path of "
            "the library named; `find / -name '{name}' 2>/dev/null` finds it) before "
            "starting Python."
        ).format(preload=preload, name=lib or "libgomp.so.1"),
        _(
            "Or import the package that loads it first, at the very top of the program "
            "(before the others), so it is loaded while static TLS is still free."
        ),
    ]
    if ctx.has("lightgbm"):
        fix.insert(
            0,
            _(
                "With LightGBM: upgrade it to 4.6.0 or newer (`python -m pip install -U "
                "lightgbm`), which loads its library first to avoid this (LightGBM's FAQ)."
            ),
        )
    return Advice(cause, tuple(fix), facts, used_local_facts=ctx.known.local)


@FAMILY.entry(
    code="openmp-not-linked",
    keywords=("undefined reference to",),
    title=N_("OpenMP code linked without the OpenMP runtime"),
    patterns=(
        # The linker's words for calls the compiler's OpenMP code makes into the runtime:
        # LLVM/Intel's __kmpc_*, GNU's GOMP_*, and the omp_* API (ncnn's FAQ).
        rx(
            r"undefined reference to [`'\"]?(?P<sym>__kmpc_\w{1,60}|GOMP_\w{1,60}|"
            r"omp_(?:get|set|in)_\w{1,40})\b"
        ),
    ),
    specificity=2,
)
def _advise_not_linked(m: re.Match[str], ctx: Context) -> Advice:
    sym = m.group("sym")
    cause = _(
        "The linker found calls to the OpenMP runtime ({sym}) and no library that defines "
        "them: the code was compiled with OpenMP but the OpenMP runtime was not linked "
        "(the link step lacks -fopenmp, or the library was built with another compiler's "
        "OpenMP than the one linking it)."
    ).format(sym=sym)
    fix = (
        _(
            "Link the OpenMP runtime: pass -fopenmp to the link step too (GCC: libgomp, "
            "Clang: -fopenmp with libomp installed), or in CMake `find_package(OpenMP "
            "REQUIRED)` and `target_link_libraries(<target> OpenMP::OpenMP_CXX)`."
        ),
        _(
            "__kmpc_* symbols are LLVM/Intel OpenMP's: a library built with Clang or the "
            "Intel compiler needs libomp (or libiomp5) when linked with GCC; GOMP_* symbols "
            "need GCC's libgomp."
        ),
    )
    return Advice(cause, fix, {"symbol": sym}, used_local_facts=ctx.known.local)


@FAMILY.entry(
    code="apple-clang-no-openmp",
    keywords=("unsupported option '-fopenmp",),
    title=N_("Apple's clang has no OpenMP (-fopenmp unsupported)"),
    patterns=(
        rx(r"clang(?:\+\+)?(?:-\d+)?: error: unsupported option '(?P<flag>-fopenmp[\w=]{0,20})'"),
    ),
    specificity=3,
)
def _advise_apple_clang(m: re.Match[str], ctx: Context) -> Advice:
    cause = _(
        "The compiler is Apple's clang (macOS's default cc/c++), which does not come with "
        "OpenMP and rejects {flag}: something compiled C/C++ code with OpenMP on macOS (a "
        "package built from source, or a model's CPU kernels compiled at load time)."
    ).format(flag=m.group("flag"))
    fix = (
        _(
            "Install the OpenMP runtime: `brew install libomp` (Homebrew), or the build "
            "matching your clang version from https://mac.r-project.org/openmp/, then retry."
        ),
        _(
            "Or compile with a compiler that has OpenMP: Homebrew's gcc (`brew install gcc`, "
            "then CC=gcc-<version> CXX=g++-<version>)."
        ),
        _("Prefer a prebuilt wheel for macOS when the package has one: it needs no compiler."),
    )
    return Advice(cause, fix, {"flag": m.group("flag")}, used_local_facts=ctx.known.local)


__all__ = ["FAMILY"]
