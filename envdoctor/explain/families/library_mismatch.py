"""A library found at run time that is another version than the one a program or library
was built against: the loaders' "undefined symbol", glibc's "not defined in file ... with
link time reference", macOS dyld's "Incompatible library version", and onnxruntime's
refusal of a C API version newer than the library it loaded.

The CUDA libraries' and torch's own symbols have entries of their own (`libraries`,
`extension_abi`, `c_runtime`); these answers take the rest.
"""

from __future__ import annotations

import re

from envdoctor.explain.decode import cuda_major_of_library
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("library_mismatch")

# The CUDA runtime's entry points behind nvcc's <<<...>>> launches, which nvcc emits into
# the code it compiles and libcudart defines.
_NVCC_LAUNCH = r"__cuda(?:Push|Pop)CallConfiguration"

# Where a line that ends after "undefined symbol" goes on: the end of the line, or the next
# message pasted onto it.
_CUT_END = r"(?=[ \t]*(?:\n|$)| (?:Traceback|ImportError|OSError|During|File|\[|>))"


@FAMILY.entry(
    code="shared-library-symbol-missing",
    keywords=(
        "undefined symbol",
        "link time reference",
        "incompatible library version",
        "is supported in this build",
        "are supported in this build",
    ),
    title=N_("A shared library was built against another version of a library it uses"),
    patterns=(
        # " : " too: TorchServe's C++ README quotes "Error in dlopen: MODEL.SO : undefined
        # symbol: SOME_SYMBOL".
        rx(
            r"(?P<path>/[^\s:'\"]{0,300}/)?(?P<so>[\w.+-]{1,120}\.so(?:\.[\d.]+)?) ?: undefined "
            r"symbol: (?P<sym>[\w.$@]{1,300})"
        ),
        # The CUDA runtime's kernel-launch entry points that nvcc writes into every object
        # it compiles, without the library's name (NVIDIA DeepLearningExamples' MaskRCNN
        # TROUBLESHOOTING.md: "ImportError: Undefined symbol: __cudaPopCallConfiguration").
        rx(r"undefined symbol: (?P<sym>" + _NVCC_LAUNCH + r")\b(?P<so>)(?P<path>)"),
        # The symbol's name cut off ("libmamba.so.2: undefined symbol ...", a FAQ's heading
        # or an issue title): what is left says the same.
        rx(
            r"(?P<path>/[^\s:'\"]{0,300}/)?(?P<so>lib[\w.+-]{1,120}\.so(?:\.[\d.]+)?): undefined "
            r"symbol(?::)?[ \t]{0,3}(?:\.{2,3}|…)?" + _CUT_END + r"(?P<cut>)"
        ),
        # glibc before 2.30 (elf/dl-lookup.c; removed by commit f0b2132b35, BZ #24741): a
        # versioned symbol the file named at link time does not define, so the copy the
        # loader found is older than the one linked against. "(no version symbols)": the
        # file has no symbol versions at all. A comma after the symbol until glibc 2.26.
        rx(
            r"(?:(?P<ref>[^\s:'\"]{1,300}): )?symbol (?P<sym>[\w.$@]{1,200}),? version "
            r"(?P<ver>[\w.@+-]{1,80}) not defined in file (?P<file>[\w.+-]{1,120}) with link "
            r"time reference(?P<linktime>)"
        ),
        # macOS dyld (src/ImageLoader.cpp, dyld-832): the library's compatibility version is
        # older than the one the binary was linked against.
        rx(
            r"Incompatible library version: (?P<ref>[^\s]{1,300}) requires version "
            r"(?P<need>[\d.]{1,20}) or later, but (?P<file>[^\s]{1,300}) provides version "
            r"(?P<have>[\d.]{1,20})"
        ),
        # onnxruntime's OrtApiBase::GetApi: the caller was built for a newer C API than the
        # library it loaded. Older releases' words (k2-fsa/sherpa's FAQ), then current ones
        # (libonnxruntime.so of onnxruntime 1.30.0).
        rx(
            r"The given version \[(?P<api>\d{1,3})\] is not supported, only version 1 to "
            r"(?P<api_max>\d{1,3}) is supported in this build"
        ),
        rx(
            r"The requested API version \[(?P<api>\d{1,3})\] is not available, only API "
            r"versions \[1, (?P<api_max>\d{1,3})\] are supported in this build"
        ),
    ),
    specificity=1,
    # The entries of the symbols they know (the driver API, the CUDA libraries, the C++
    # runtime, MKL's iJIT, PyTorch's C++ names) say more about the same line.
    defers_to=frozenset(
        {
            "bitsandbytes-no-gpu",
            "cuda-library-symbol-mismatch",
            "cxx-runtime-symbol-missing",
            "driver-api-missing",
            "mkl-ijit-symbol-missing",
            "torch-extension-abi-mismatch",
        }
    ),
)
def _advise_symbol_missing(m: re.Match[str], ctx: Context) -> Advice:
    groups = m.groupdict()
    if groups.get("api"):
        return _onnxruntime_api(m, ctx)
    if groups.get("linktime") is not None or groups.get("need"):
        return _older_library(m, ctx)
    so, sym = m.group("so"), groups.get("sym")
    if sym and re.fullmatch(_NVCC_LAUNCH, sym):
        return _nvcc_and_cudart(so, sym, ctx)
    where = (m.group("path") or "") + so
    facts: dict[str, object] = {"library": where}
    if sym:
        facts["symbol"] = sym
        cause = _(
            "{so} needs {sym}, and no library loaded with it defines it: {so} was built "
            "against another version of a library it depends on (that library was upgraded "
            "or rebuilt after it), or an old copy of {so}, or of its dependency, from an "
            "earlier build or install is found before the current one."
        ).format(so=so, sym=sym)
    else:
        facts["symbol_cut"] = True
        cause = _(
            "{so} needs a symbol (its name is cut off here) that no library loaded with it "
            "defines: {so} and a library it depends on come from different builds or "
            "releases, or an old copy of one of them is found before the current one."
        ).format(so=so)
    sym = sym or ""
    own_build = _own_build(m.group("path") or "") and not sym.startswith(("Py", "_Py"))
    if own_build and sym:
        # An extension built in the user's own folder: the usual cause is its own source
        # (a function declared in a header, never compiled or linked into it).
        facts["own_build"] = True
        cause = (
            _(
                "{so} is built from your own folder, and the first thing to check is its own "
                "source: a function it declares and calls ({sym}) was not compiled or linked "
                "into it (the .cpp/.cu file that defines it is missing from the build's "
                "sources, or its definition's signature or namespace differs from the "
                'declaration, or a C function is declared without extern "C").'
            ).format(so=so, sym=sym)
            + sep()
            + _("Otherwise:")
            + " "
            + cause
        )
    if sym.startswith(("Py", "_Py")):
        cause += sep() + _(
            "{sym} belongs to Python's C API: {so} was built for another Python version "
            "than the one running it."
        ).format(sym=sym, so=so)
    elif where.startswith(("/usr/local/lib/", "/usr/lib/", "/opt/")) and not any(
        part in where for part in ("site-packages", "dist-packages", "conda", "/envs/")
    ):
        cause += sep() + _(
            "It is loaded from a system folder ({path}): a copy left there by an earlier "
            "`make install` or package is a frequent source."
        ).format(path=m.group("path") or where)
    fix = [
        _(
            "See which copy is loaded and what it resolves against: `ldd -r {where}` lists "
            "its undefined symbols and the libraries it found; compare with the versions "
            "installed now."
        ).format(where=where),
        _(
            "Look for other copies: `find / -name '{so}*' 2>/dev/null` and `echo "
            "$LD_LIBRARY_PATH`; remove or move aside stale ones from earlier builds."
        ).format(so=so[: so.lower().index(".so") + 3]),
        _(
            "Rebuild or reinstall the package that provides {so} against the libraries "
            "installed now: after a library it depends on changes version, it must be "
            "rebuilt."
        ).format(so=so),
    ]
    if own_build and sym:
        fix.insert(
            0,
            _(
                "Find where {sym} should come from: `nm -C {where} | grep ' U '` lists what "
                "it leaves undefined; check that the source file defining that function is "
                "in the extension's sources (setup.py's sources=, CMake's add_library) and "
                "that its definition matches the declaration exactly, then rebuild from "
                "clean."
            ).format(sym=sym, where=where),
        )
    if _conda_mix(so, where):
        # mamba's troubleshooting guide: "libmamba.so.2: undefined symbol ..." comes from
        # the defaults channels mixed with conda-forge, which is not supported.
        facts["conda_channels"] = True
        cause += sep() + _(
            "In a conda environment the usual source is packages from two channels mixed: "
            "Anaconda's defaults (pkgs/main) and conda-forge build their libraries "
            "differently, and mixing them is not supported (mamba's troubleshooting guide)."
        )
        fix[:0] = [
            _(
                "Check the channels: `conda list` shows each package's channel and `mamba "
                "info` (or `conda info`) the channel URLs; repo.anaconda.com/pkgs/... next to "
                "conda-forge is the mix."
            ),
            _(
                "Use conda-forge only: remove `defaults` from ~/.condarc's channels (add "
                "`nodefaults` to environment.yml's), or install with `--override-channels -c "
                "conda-forge`; then update the packages so all come from conda-forge."
            ),
        ]
    if sym.startswith("_Z"):
        fix.append(
            _("`c++filt {sym}` shows the C++ name, which tells the library it belongs to.").format(
                sym=sym
            )
        )
    if not so.lower().startswith("lib") and re.search(
        r"Error in dlopen(?: or dlsym)?: $", ctx.text[max(0, m.start() - 40) : m.start()]
    ):
        # PyTorch's own loader (at::DynamicLibrary) loading a compiled model: TorchServe's
        # C++ README answers "Error in dlopen: MODEL.SO : undefined symbol" for a model
        # exported with torch._export.aot_compile (AOTInductor) with matching versions.
        facts["aot_model"] = True
        cause += sep() + _(
            "When {so} is a model compiled ahead of time by AOTInductor "
            "(torch._export.aot_compile) and loaded by libtorch (a TorchServe C++ handler, a C++ program), it was exported "
            "with another PyTorch version than the libtorch loading it."
        ).format(so=so)
        fix.insert(
            0,
            _(
                "Export the model again with the PyTorch version whose libtorch loads it (or "
                "use the libtorch of the PyTorch that exported it): the two must be the same "
                "release."
            ),
        )
    own = _EXTENSION_OF_PACKAGE.fullmatch(so)
    if own and sym and re.search(r"(?:site|dist)-packages/$", m.group("path") or ""):
        # A package's private extension module beside it in site-packages, imported on its
        # own: the package's __init__ loads the library that defines the symbol first
        # (NVIDIA/TransformerEngine#115: transformer_engine_extensions before
        # transformer_engine).
        fix.insert(
            0,
            _(
                "If the code imports {module} itself, import its package first (`import "
                "{pkg}`): the package loads the library that defines {sym}."
            ).format(module=own.group("module"), pkg=own.group("pkg"), sym=sym),
        )
    return Advice(cause, tuple(fix), facts, key=sym or so, used_local_facts=ctx.known.local)


def _nvcc_and_cudart(so: str, sym: str, ctx: Context) -> Advice:
    """nvcc's kernel-launch calls that the CUDA runtime loaded does not define: the code was
    compiled by one CUDA's nvcc and runs with another CUDA's runtime (DeepLearningExamples'
    MaskRCNN TROUBLESHOOTING.md: nvcc's version against conda's cudatoolkit package)."""
    facts: dict[str, object] = {"symbol": sym}
    if so:
        facts["library"] = so
    cause = _(
        "{sym} is one of the CUDA runtime's entry points that nvcc writes into the code it "
        "compiles for kernel launches. The extension was compiled by the nvcc of one CUDA "
        "release and is loaded with the CUDA runtime library (libcudart) of another that "
        "lacks it: typically the system's nvcc (CUDA_HOME, /usr/local/cuda) is another "
        "version than the conda cudatoolkit package, or than the CUDA PyTorch was built with."
    ).format(sym=sym)
    fix = (
        _(
            "Compare the versions: `nvcc --version`, `conda list | grep cuda` and `python -c "
            '"import torch; print(torch.version.cuda)"`.'
        ),
        _(
            "Make them the same: install the cudatoolkit package of nvcc's version (or point "
            "CUDA_HOME and PATH at the toolkit of the runtime's version), then rebuild the "
            "extension from a clean tree (delete its build/ folder and the old .so)."
        ),
    )
    return Advice(
        cause,
        fix,
        facts,
        title=_("Compiled by one CUDA's nvcc, loaded with another CUDA runtime"),
        key="nvcc-cudart",
        used_local_facts=ctx.known.local,
    )


_EXTENSION_OF_PACKAGE = re.compile(
    r"(?P<module>(?P<pkg>[A-Za-z]\w{1,60}?)_(?:extensions?|ext|C|cuda|core|lib))\.(?:cpython|abi3|so)[\w.-]*"
)
# Where a conda environment's libraries live (its prefix's lib/ under envs/, a Miniforge,
# Mambaforge or Miniconda install).
_CONDA_PATH = re.compile(r"conda|miniforge|mambaforge|/envs/", re.IGNORECASE)


def _own_build(path: str) -> bool:
    """Whether a library's folder is the user's own, not an install or a system folder."""
    installed = ("site-packages", "dist-packages", "conda", "/envs/", "/.cache/pip")
    system = ("/usr/", "/lib/", "/lib64/", "/opt/", "/snap/", "/nix/", "/System/", "/Library/")
    return bool(path) and not path.startswith(system) and not any(p in path for p in installed)


def _conda_mix(so: str, where: str) -> bool:
    """mamba's own library, or one in a conda environment."""
    return so.lower().startswith("libmamba") or _CONDA_PATH.search(where) is not None


def _older_library(m: re.Match[str], ctx: Context) -> Advice:
    """glibc's link-time reference, dyld's compatibility version: the library the loader found
    is older than the one the program was linked against."""
    groups = m.groupdict()
    file, ref = groups["file"], groups.get("ref")
    facts: dict[str, object] = {"library": file}
    if ref:
        facts["needed_by"] = ref
    if groups.get("sym"):
        facts["symbol"] = groups["sym"]
        facts["symbol_version"] = groups["ver"]
        cause = _(
            "{ref} was linked against a {file} that defines {sym} (version {ver}), but the "
            "{file} the loader found at run time does not: it is an older release of that "
            "library than the one it was built with, found first (an older copy on "
            "LD_LIBRARY_PATH or in a system folder, or an older package installed)."
        ).format(ref=ref or _("The program"), file=file, sym=groups["sym"], ver=groups["ver"])
    else:
        facts["required_version"] = groups["need"]
        facts["found_version"] = groups["have"]
        cause = _(
            "{ref} was linked against {file} version {need} or later, but the copy the loader "
            "found provides version {have}: an older release of that library, found first "
            "(another copy on DYLD_LIBRARY_PATH or in another prefix such as Homebrew's or a "
            "conda environment's lib)."
        ).format(ref=ref, file=file, need=groups["need"], have=groups["have"])
    fix = (
        _(
            "See which copy is loaded: `ldd {target}` on Linux (`otool -L {target}` on "
            "macOS), and look for others: `find / -name '{base}*' 2>/dev/null`."
        ).format(target=ref or "<program>", base=_base(file)),
        _(
            "Put the release it was built with first: update the package that provides "
            "{file}, or remove the older copy's folder from LD_LIBRARY_PATH / "
            "DYLD_LIBRARY_PATH; or rebuild the program against the release installed."
        ).format(file=file),
    )
    title = _("A library older than the one the program was built with was loaded")
    return Advice(cause, fix, facts, title=title, key=file, used_local_facts=ctx.known.local)


def _base(file: str) -> str:
    """libcudart.so.11.0 -> libcudart.so, /usr/lib/libz.1.dylib -> libz."""
    name = re.split(r"[\\/]", file)[-1]
    return re.sub(r"(\.so)(?:\.[\d.]+)?$|(?:\.[\d.]+)?\.dylib$", r"\1", name)


def _onnxruntime_api(m: re.Match[str], ctx: Context) -> Advice:
    """The program was built against a newer onnxruntime than the library it loaded."""
    api, api_max = m.group("api"), m.group("api_max")
    facts: dict[str, object] = {"onnxruntime_api": api, "loaded_api_max": api_max}
    cause = _(
        "The program (or the package that uses onnxruntime, e.g. sherpa-onnx) was built "
        "against onnxruntime's C API version {api}, but the onnxruntime library it loaded "
        "supports versions 1 to {api_max} only: an older onnxruntime library was found "
        "first."
    ).format(api=api, api_max=api_max)
    fix = [
        _(
            "On Windows, look for other copies of onnxruntime.dll (`where onnxruntime.dll`, "
            "and a search of drive C:): an outdated one in a system folder or on PATH is "
            "loaded before the program's own (k2-fsa/sherpa's FAQ); remove or rename it."
        ),
        _(
            "On Linux or macOS, look for other libonnxruntime.so / .dylib copies on "
            "LD_LIBRARY_PATH / DYLD_LIBRARY_PATH and take them off it."
        ),
        _(
            "Or install the onnxruntime release the program was built with (its requirements "
            "or release notes name it), and keep one onnxruntime package per environment."
        ),
    ]
    os_name = ctx.known.os
    if os_name == "Windows":
        del fix[1]
    elif os_name in ("Linux", "Darwin"):
        del fix[0]
    title = _("An older onnxruntime library was loaded than the program was built for")
    return Advice(
        cause,
        tuple(fix),
        facts,
        title=title,
        key="onnxruntime-api",
        specificity=3,
        used_local_facts=ctx.known.local,
    )


def older_cuda_library(m: re.Match[str], ctx: Context, provider: str, package: str) -> Advice:
    """glibc's link-time reference naming a CUDA library: the CUDA release found first is
    older than the one the program was built with (lmdeploy's FAQ: a CUDA toolkit too old
    for cudaFreeAsync)."""
    file, sym, ref = m.group("file"), m.group("sym"), m.group("lib")
    facts: dict[str, object] = {"library": ref or file, "symbol": sym, "provider": provider}
    if m.group("ver"):
        facts["symbol_version"] = m.group("ver")
    facts["loaded_library"] = file
    cause = _(
        "{ref} was built against a newer {provider} release than the {file} the loader "
        "found: that copy lacks {sym}. The library keeps its file name across the releases "
        "of one CUDA major (here {file}), so an older release's copy is loaded without "
        "complaint until a symbol it lacks is asked for: the CUDA toolkit found first "
        "(LD_LIBRARY_PATH, /usr/local/cuda, a conda environment's lib) or the {package} "
        "package installed is older than the program needs."
    ).format(ref=ref or _("The program"), provider=provider, file=file, sym=sym, package=package)
    fix = (
        _(
            "See which {file} is loaded (`ldd <program or module> | grep {base}`) and which "
            "CUDA release it belongs to (`ls -l` on it; `nvcc --version` for a toolkit)."
        ).format(file=file, base=_base(file)),
        _(
            "Install a newer CUDA release of the same major (the program's docs name the "
            "oldest it supports), or put its library folder first on LD_LIBRARY_PATH; pip "
            "installs: `python -m pip install -U {package}-cu{major}`."
        ).format(package=package, major=cuda_major_of_library(file) or "<major>"),
        _("Or use a build of the program made for the CUDA release installed."),
    )
    title = _("A CUDA library older than the one the program was built with was loaded")
    return Advice(cause, fix, facts, title=title, key=sym, used_local_facts=ctx.known.local)


__all__ = ["FAMILY", "older_cuda_library"]
