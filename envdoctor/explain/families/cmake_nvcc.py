"""A native CUDA build (CMake, nvcc) that stops on the machine's toolchain: CMake's Visual
Studio generator without the CUDA integration, a compiler CMake could not detect, nvcc given
a path with spaces in pieces, and a CUDA toolkit that lacks the APIs the code calls.

Sources: CMake (Kitware/CMake 03676b0): Modules/CMakeDetermineCompilerId.cmake ("No CUDA
toolset found." when the Visual Studio generator has no CUDA toolset),
Source/cmGeneratorTarget.cxx (CMP0104's "CUDA_ARCHITECTURES is empty for target"; cmTC_* are
try_compile's own targets), Source/cmStandardLevelResolver.cxx ("No known features for
<LANG> compiler"), Help/envvar/CUDACXX.rst (the compiler is kept in the cache after the first
configuration); NVlabs/instant-ngp README (abe236e), troubleshooting table; nerfstudio's
installation FAQ (50e0e3c) and unslothai/unsloth studio/setup.ps1 (015bdef): the CUDA
installer adds Visual Studio's integration files only when Visual Studio is already there,
and they are copied from the toolkit's extras\\visual_studio_integration\\MSBuildExtensions to
Visual Studio's MSBuild\\Microsoft\\VC\\v<NN>0\\BuildCustomizations (v170: VS 2022, v160: VS
2019); k2-fsa/k2 k2/python/csrc/CMakeLists.txt (a741ae8): nvcc's "A single input file is
required ..." from an option of the host compiler (/bigobj) that nvcc took for a file."""

from __future__ import annotations

import re

from envdoctor.explain.clues import WINDOWS_PATH
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.i18n import N_, _

FAMILY = Family("cmake_nvcc")


def _on_windows(m: re.Match[str], ctx: Context) -> bool | None:
    """Whether the paste comes from Windows (its facts, or a drive path near the match)."""
    if ctx.known.os:
        return ctx.known.os == "Windows"
    near = ctx.text[max(0, m.start() - 2000) : m.end() + 500]
    return True if WINDOWS_PATH.search(near) else None


_VS_INTEGRATION = N_(
    "Install the CUDA integration into Visual Studio: copy every file from the toolkit's "
    "extras\\visual_studio_integration\\MSBuildExtensions folder (e.g. C:\\Program Files\\NVIDIA "
    "GPU Computing Toolkit\\CUDA\\v12.4\\extras\\visual_studio_integration\\MSBuildExtensions) "
    "into Visual Studio's MSBuild\\Microsoft\\VC\\v170\\BuildCustomizations folder (v170 for "
    "Visual Studio 2022, v160 for 2019; e.g. C:\\Program Files\\Microsoft Visual Studio\\2022\\"
    "Community\\MSBuild\\Microsoft\\VC\\v170\\BuildCustomizations), as administrator; or run the "
    "CUDA installer again now that Visual Studio is installed."
)
_FRESH_BUILD = N_(
    "Then configure again in an empty build folder (delete the old one): CMake keeps the "
    "compilers it detected in CMakeCache.txt."
)


@FAMILY.entry(
    code="cmake-cuda-toolset-missing",
    keywords=("no cuda toolset found", 'cuda_architectures is empty for target "cmtc_'),
    title=N_("CMake finds no CUDA compiler it can use (Visual Studio's CUDA integration)"),
    patterns=(
        # The Visual Studio generator: no CUDA toolset (its MSBuild files) is installed.
        rx(r"No CUDA toolset found(?P<vs>)"),
        # CMake's check of the CUDA compiler (a try_compile target, cmTC_<hash>) got no
        # architectures: the CUDA compiler found could not be run or identified.
        rx(r"CUDA_ARCHITECTURES is empty for target \"(?P<target>cmTC_\w{1,20})\""),
    ),
    specificity=3,
)
def _advise_cuda_toolset(m: re.Match[str], ctx: Context) -> Advice:
    vs = m.groupdict().get("vs") is not None or ctx.has("no cuda toolset found")
    windows = True if vs else _on_windows(m, ctx)
    windows_cause = _(
        "CMake's Visual Studio generator compiles CUDA through the CUDA toolkit's Visual "
        "Studio integration (its MSBuild files), and Visual Studio has none: the CUDA "
        "installer adds it only when Visual Studio (or its Build Tools) is already "
        "installed, so installing or reinstalling Visual Studio after CUDA leaves it out."
    )
    linux_cause = _(
        "CMake could not use the CUDA compiler it found: its check of the compiler (the "
        "cmTC_ target) ended without CUDA architectures, which happens when the CUDA "
        "environment variables (PATH, CUDACXX, CUDA_HOME) point at a missing or different "
        "toolkit."
    )
    linux_fix = _(
        "Name the toolkit's nvcc yourself: `cmake . -B build "
        "-DCMAKE_CUDA_COMPILER=/usr/local/cuda-<version>/bin/nvcc` (or set CUDACXX to it), "
        "and check `/usr/local/cuda-<version>/bin/nvcc --version` runs."
    )
    fix: tuple[str, ...]
    if windows:
        fix = (
            _("Make sure Visual Studio (or its Build Tools) with the C++ workload is installed."),
            _(_VS_INTEGRATION),
            _(_FRESH_BUILD),
        )
        facts: dict[str, object] = {"os": "Windows"}
        return Advice(windows_cause, fix, facts, key="windows", used_local_facts=ctx.known.local)
    if windows is False:
        fix = (linux_fix, _(_FRESH_BUILD))
        return Advice(linux_cause, fix, {}, key="compiler", used_local_facts=ctx.known.local)
    cause = windows_cause + sep() + _("Elsewhere:") + " " + linux_cause
    fix = (
        _("Windows:") + " " + _(_VS_INTEGRATION),
        _("Linux:") + " " + linux_fix,
        _(_FRESH_BUILD),
    )
    return Advice(cause, fix, {}, used_local_facts=ctx.known.local)


@FAMILY.entry(
    code="cmake-compiler-features-unknown",
    keywords=("known features for",),
    title=N_("CMake could not detect the compiler (no known features for it)"),
    patterns=(
        rx(
            r"No known features for (?P<lang>CXX|C|CUDA|HIP|OBJCXX|OBJC) compiler\s{0,20}"
            r"\"(?P<compiler>[^\"\n]{0,40})\"(?:\s{0,20}version (?P<version>\d[\w.]{0,30}))?"
        ),
    ),
    specificity=3,
)
def _advise_compiler_features(m: re.Match[str], ctx: Context) -> Advice:
    compiler = m.group("compiler")
    lang = m.group("lang")
    facts: dict[str, object] = {"compiler": compiler or None, "language": lang}
    facts = {k: v for k, v in facts.items() if v}
    cause = _(
        "CMake knows no language features of the {lang} compiler it detected ({compiler}): "
        "its detection of that compiler did not finish properly, so targets that ask for a "
        "C++ standard cannot be configured."
    ).format(lang=lang, compiler=compiler or "?")
    if compiler.upper() == "MSVC":
        # instant-ngp's troubleshooting table (#21).
        cause += sep() + _(
            "With MSVC this comes from a broken Visual Studio installation or from running "
            "CMake outside a Visual Studio developer shell, and a build folder configured "
            "that way keeps the result."
        )
        fix: tuple[str, ...] = (
            _(
                'Run CMake from a Visual Studio developer shell ("x64 Native Tools Command '
                'Prompt for VS 2022" or "Developer PowerShell for VS"), so the compiler\'s '
                "environment is set."
            ),
            _(_FRESH_BUILD),
            _(
                "If it still fails, repair or reinstall Visual Studio (the Visual Studio "
                'Installer\'s "Repair", with the "Desktop development with C++" workload).'
            ),
        )
        facts["os"] = "Windows"
        return Advice(cause, fix, facts, key="msvc", used_local_facts=ctx.known.local)
    fix = (
        _(_FRESH_BUILD),
        _(
            "Check that the compiler CMake found runs (CMakeFiles/CMakeError.log or "
            "CMakeConfigureLog.yaml in the build folder shows its detection), or name it: "
            "-DCMAKE_{lang}_COMPILER=<path>."
        ).format(lang=lang),
    )
    return Advice(cause, fix, facts, used_local_facts=ctx.known.local)


@FAMILY.entry(
    code="nvcc-extra-input-file",
    keywords=("a single input file is required for a non-link phase",),
    title=N_("nvcc got more than one input file (a path with spaces split in pieces)"),
    patterns=(
        # (An issue title cuts it after "non-link phase".)
        rx(
            r"A single input file is required for a non-link phase(?: when an outputfile is "
            r"specified)?"
        ),
    ),
    specificity=3,
)
def _advise_nvcc_extra_input(_m: re.Match[str], ctx: Context) -> Advice:
    cause = _(
        "nvcc was given more than one input file for a single output (-o): an argument "
        "that should have been one word reached it as several. Most often a path with a "
        'space (the project\'s folder, the user name, "Program Files") was split by the '
        "build system; an option meant for the host compiler passed to nvcc unwrapped (MSVC's "
        "/bigobj) is read as a file too."
    )
    fix = [
        _(
            "Move the project to a folder whose path has no spaces (e.g. C:\\src\\project or "
            "~/src/project), delete the build folder and build again."
        ),
        _(
            "If the path has no spaces, read the failing nvcc command line in the build log: "
            "the extra word is there. An option of the host compiler must be passed as "
            "-Xcompiler <option> (that is the project's build files to fix)."
        ),
    ]
    facts: dict[str, object] = {}
    if ctx.has("/bigobj"):
        facts["host_option"] = "/bigobj"
        fix.reverse()
    return Advice(cause, tuple(fix), facts, used_local_facts=ctx.known.local)


# The libraries of the CUDA toolkit whose functions a build calls by these prefixes
# (case-sensitive: the name is CUDA's, cudaGraphExecUpdate, cublasSetWorkspace).
_CUDA_API = (
    r"(?P<api>(?-i:(?:cuda|cublasLt|cublas|cusparse|cusolverDn|cusolverSp|cusolver|curand|"
    r"cufft|nvrtc)[A-Z]\w{2,60}))"
)
# Functions every CUDA program links: undefined, they say the library is not linked at all.
_EVERY_PROGRAM = re.compile(
    r"^(?:cudaMalloc|cudaFree|cudaMemcpy\w*|cudaMemset\w*|cudaGetDevice\w*|cudaSetDevice|"
    r"cudaGetLastError|cudaPeekAtLastError|cudaGetErrorString|cudaLaunchKernel|"
    r"cudaDeviceSynchronize|cudaStreamCreate\w*|cudaStreamSynchronize|cudaEventCreate\w*|"
    r"cublasCreate(?:_v2)?|cublasDestroy(?:_v2)?|cusparseCreate|cusolverDnCreate|"
    r"curandCreateGenerator|cufftPlan\w+|nvrtcCreateProgram)$"
)
# Words of the error-checking helpers programs define themselves, never of CUDA's API.
_HELPER = re.compile(r"Check|Safe|Assert|Verify|Errchk|ErrChk")
# The CUDA functions whose absence is known to mean an older toolkit than the code needs:
# instant-ngp's README (NVlabs/instant-ngp, README.md, its troubleshooting table) answers
# 'undefined references to "cudaGraphExecUpdate" / identifier "cublasSetWorkspace" is
# undefined' with "update your CUDA installation (likely 11.0) to 11.3 or higher". Any other
# undefined CUDA name is as likely the code's own doing (a header not included, a misspelt
# name, a library not linked: -lcublasLt / CUDA::cublasLt) as an old toolkit: no answer.
_NEWER_THAN_OLD_TOOLKITS = re.compile(r"^(?:cudaGraphExecUpdate|cublasSetWorkspace(?:_v2)?)$")
# The same names in the linker's words, looked up next to the engine's own anchors.
_BASIC_UNDEFINED = re.compile(
    r"(?:undefined reference to [`'\"]|unresolved external symbol (?:__imp_)?)(?:cudaMalloc|"
    r"cudaFree|cudaLaunchKernel|cudaGetLastError|cublasCreate_v2)\b"
)


@FAMILY.entry(
    code="cuda-toolkit-too-old-for-code",
    keywords=("is undefined", "undefined reference to", "unresolved external symbol"),
    title=N_("The CUDA toolkit lacks a CUDA function the code calls (toolkit too old)"),
    patterns=(
        # nvcc's front end: the toolkit's headers do not declare the function.
        rx(r"identifier \"" + _CUDA_API + r"\" is undefined"),
        # The linker: the toolkit's library has no such function (GNU ld, also the
        # versioned form "cublasGemmEx@libcublas.so.9.0" of a library built elsewhere).
        rx(
            r"undefined reference to [`'\"]" + _CUDA_API + r"(?:@(?P<soname>lib\w{2,20}\.so"
            r"(?:\.\d{1,3}){0,3}))?['\"`]"
        ),
        # MSVC's linker.
        rx(r"unresolved external symbol (?:__imp_)?" + _CUDA_API + r"\b(?P<msvc>)"),
    ),
    specificity=2,
)
def _advise_toolkit_too_old(m: re.Match[str], ctx: Context) -> Advice | None:
    api = m.group("api")
    if _HELPER.search(api):
        return None  # the program's own error-checking macro (cudaCheckError, cudaSafeCall)
    linker = not m.group(0).lower().startswith("identifier")
    every = ctx.near(
        _BASIC_UNDEFINED, "undefined reference to", "unresolved external symbol", before=0
    )
    if linker and (_EVERY_PROGRAM.match(api) or every is not None):
        return None  # the CUDA library is not linked at all: the build's link line
    soname = m.groupdict().get("soname")
    if not soname and not _NEWER_THAN_OLD_TOOLKITS.match(api):
        return None  # a missing #include, a typo or an unlinked library as likely as the toolkit
    facts: dict[str, object] = {"function": api}
    if ctx.known.nvcc is not None:
        facts["nvcc"] = str(ctx.known.nvcc)
    if soname:
        facts["built_against"] = soname
        cause = _(
            "Something being linked was built against {soname}, and the {soname_base} the "
            "linker finds here is another version, without the {api} that build needs: the "
            "CUDA toolkit here is not the version that code was built with."
        ).format(soname=soname, soname_base=soname.split(".so")[0] + ".so", api=api)
    else:
        cause = _(
            "The CUDA toolkit this build uses has no {api}: the code calls a CUDA function "
            "that was added in a later CUDA release than the installed toolkit, so its "
            'headers do not declare it (nvcc: "is undefined") or its libraries do not '
            "have it (the linker: undefined reference)."
        ).format(api=api)
        if ctx.known.nvcc is not None:
            cause += sep() + _("The paste shows nvcc {nvcc}.").format(nvcc=ctx.known.nvcc)
    fix = (
        _(
            "Compare the toolkit the build uses (`nvcc --version`; CMake and setup.py take the "
            "one on PATH or in CUDA_HOME / CUDA_PATH) with the CUDA version the project "
            "requires (its README), and install a toolkit at least that new."
        ),
        _(
            "Point the build at the newer toolkit (PATH, CUDA_HOME, or CMake's "
            "-DCMAKE_CUDA_COMPILER=<toolkit>/bin/nvcc), delete the build folder and build "
            "again; a PyTorch extension needs the toolkit of torch's CUDA version (`python -c "
            '"import torch; print(torch.version.cuda)"`).'
        ),
    )
    return Advice(cause, fix, facts, key=api, used_local_facts=ctx.known.local)


# CMake's Source/cmGlobalGenerator.cxx (03676b0): a language whose compiler detection found
# nothing ("No CMAKE_<LANG>_COMPILER could be found.", "The CMAKE_<LANG>_COMPILER: <name> is
# not a full path and was not found in the PATH.", "... is not a full path to an existing
# compiler tool."), then PrintCompilerAdvice ("Tell CMake where to find the compiler by
# setting either the environment variable "CC" or the CMake cache entry CMAKE_C_COMPILER");
# ResolveLanguageCompiler: "CMAKE_<LANG>_COMPILER not set, after EnableLanguage". LightGBM's
# FAQ (microsoft/LightGBM bae0b7b, docs/FAQ.rst #14): with MinGW the last one is a known CMake
# issue that running cmake once more gets past, fixed in CMake 3.17.0.
_LANG = r"(?P<lang>CXX|C|CUDA|HIP|Fortran|OBJCXX|OBJC|ASM\w{0,12}|Swift)"
_MINGW = re.compile(r"MinGW|MSYS", re.IGNORECASE)


@FAMILY.entry(
    code="cmake-compiler-not-found",
    keywords=("after enablelanguage", "_compiler could be found", "is not a full path"),
    title=N_("CMake found no compiler for the build (C/C++ compiler not installed or not on PATH)"),
    patterns=(
        rx(r"CMAKE_" + _LANG + r"_COMPILER not set, after EnableLanguage"),
        rx(r"No CMAKE_" + _LANG + r"_COMPILER could be found"),
        rx(
            r"The CMAKE_" + _LANG + r"_COMPILER:\s{1,20}(?P<compiler>[^\n]{1,200}?)\s{1,20}"
            r"is not a full path(?: and was not found in the PATH| to an existing compiler tool)?"
        ),
    ),
    specificity=3,
)
def _advise_cmake_compiler(m: re.Match[str], ctx: Context) -> Advice:
    lang = m.group("lang")
    facts: dict[str, object] = {"language": lang}
    compiler = m.groupdict().get("compiler")
    if compiler:
        facts["compiler"] = compiler.strip()
    if lang.upper() == "CUDA":
        cause = _(
            "CMake found no CUDA compiler: nvcc is not installed (the CUDA toolkit, not only "
            "the driver) or not on PATH."
        )
        fix: list[str] = [
            _(
                "Install the CUDA toolkit and name its nvcc: "
                "-DCMAKE_CUDA_COMPILER=/usr/local/cuda/bin/nvcc (or the environment variable "
                "CUDACXX)."
            ),
            _(_FRESH_BUILD),
        ]
        return Advice(cause, tuple(fix), facts, key="CUDA", used_local_facts=ctx.known.local)
    cause = _(
        "CMake found no {lang} compiler for the generator it uses: none is installed, it is "
        "not on PATH in this shell, or the one named (CC/CXX, CMAKE_{lang}_COMPILER) does not "
        "exist. CMake stops configuring without it."
    ).format(lang=lang)
    near = ctx.text[max(0, m.start() - 2000) : m.end() + 500]
    mingw = _MINGW.search(near) is not None
    windows = mingw or _on_windows(m, ctx)
    # The line alone, with no "No CMAKE_C_COMPILER could be found" before it: LightGBM's FAQ
    # case, unless the paste says it is not Windows.
    rerun = "enablelanguage" in m.group(0).lower() and (mingw or windows is not False)
    if mingw:
        facts["mingw"] = True
    if rerun:
        cause += sep() + _(
            'On Windows with MinGW, "CMAKE_<LANG>_COMPILER not set, after EnableLanguage" '
            "on its own is also a known issue of CMake releases before 3.17.0: running the "
            "same cmake command once more gets past it."
        )
    linux = _(
        "Install a compiler: `sudo apt install build-essential` (Debian/Ubuntu), `sudo dnf "
        "install gcc gcc-c++` (Fedora/RHEL); or name one: "
        "-DCMAKE_{lang}_COMPILER=<path> (or the CC / CXX environment variables)."
    ).format(lang=lang)
    win = _(
        "Windows: the Visual Studio generator needs Visual Studio (or its Build Tools) with "
        'the "Desktop development with C++" workload; "MinGW Makefiles" needs MinGW\'s gcc '
        "and g++ on PATH (or run CMake from the MSYS2 shell); or configure from a Visual "
        "Studio developer prompt, where cl.exe is on PATH."
    )
    fix = [win, linux] if windows else [linux, win]
    if lang.upper() == "FORTRAN":
        # build-essential and gcc-c++ hold no Fortran compiler: GCC's is its own package.
        fix = [
            _(
                "Install a Fortran compiler: `sudo apt install gfortran` (Debian/Ubuntu), "
                "`sudo dnf install gcc-gfortran` (Fedora/RHEL), `brew install gcc` (macOS, "
                "which brings gfortran); or name one: -DCMAKE_Fortran_COMPILER=<path> (or the "
                "FC environment variable)."
            )
        ]
    elif lang.upper() not in ("C", "CXX"):
        fix = [
            _(
                "Install the {lang} compiler the project needs and name it: "
                "-DCMAKE_{lang}_COMPILER=<path>."
            ).format(lang=lang)
        ]
    if rerun:
        fix.insert(
            0,
            _(
                "With MinGW: run the cmake command again; if it fails again, upgrade CMake "
                "to 3.17.0 or newer."
            ),
        )
    fix.append(_(_FRESH_BUILD))
    key = "C/C++" if lang.upper() in ("C", "CXX") else lang
    return Advice(cause, tuple(fix), facts, key=key, used_local_facts=ctx.known.local)


__all__ = ["FAMILY"]
