"""Windows' DLL loader failing: torch's own DLLs (the Visual C++ runtime, fbgemm's
OpenMP, 32/64-bit mixes), another package's compiled module and the CUDA DLLs it needs,
a Linux library asked of Windows, and ZLUDA's PATH."""

from __future__ import annotations

import re

from envdoctor.explain.families.windows_dll_causes import (
    BLENDER_ADDON,
    DLL_STATUS,
    DLL_STATUS_WORDS,
    LINUX_LIBRARY,
    VC_REDIST,
    blender_addon,
    dll_status,
    foreign_dll,
    foreign_module,
    linux_library_on_windows,
    tensorflow_runtime,
    triton_module,
    unnamed_module,
    zluda_path,
)
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.explain.steps import other_runtime
from envdoctor.explain.tracebacks import FRAME_FILE, SITE_PACKAGE
from envdoctor.i18n import N_, _
from envdoctor.values import TorchVersion

FAMILY = Family("windows_dlls")


def _vc_runtime_missing(facts: dict[str, object]) -> Advice:
    """torch's own warning: it looked for the Visual C++ runtime DLLs and found none."""
    cause = _(
        "torch looked for the Microsoft Visual C++ runtime (vcruntime140.dll) before loading "
        "its DLLs and did not find it: without it Windows cannot load c10.dll and the rest, "
        "and `import torch` fails with a DLL load error."
    )
    fix = (_(VC_REDIST),)
    return Advice(cause, fix, facts, key="vcredist", used_local_facts=False)


def _named_dll(groups: dict[str, str | None], facts: dict[str, object]) -> str:
    """The DLL the message names (quoted or not), its doubled backslashes undone."""
    if groups.get("llvmlite"):
        facts["dll"] = "llvmlite.dll"
    elif groups.get("bare_dll"):
        facts["dll"] = groups["bare_dll"]
    dll = groups.get("dll") or groups.get("bare_dll") or groups.get("llvmlite") or ""
    return dll.replace("\\\\", "\\")


def _llvmlite_runtime(facts: dict[str, object]) -> Advice:
    """llvmlite.dll (numba's LLVM) links LLVM in: besides Windows' own DLLs it imports only
    the Visual C++ runtime, msvcp140/vcruntime140(_1) (llvmlite 79d1ac7f,
    buildscripts/github/validate_win-64_wheel.py; RVC's FAQ gives the same fix)."""
    cause = _(
        "Windows could not load llvmlite.dll, the LLVM library of llvmlite (which numba "
        "uses). Apart from Windows' own DLLs it "
        "needs only the Microsoft Visual C++ runtime (msvcp140.dll, vcruntime140.dll), so "
        "that runtime is missing or outdated, or the llvmlite install is damaged."
    )
    fix = (
        _(VC_REDIST),
        _("If it still fails: `pip install --force-reinstall llvmlite numba`."),
    )
    return Advice(
        cause,
        fix,
        facts,
        title=_("Windows could not load llvmlite.dll (Visual C++ runtime)"),
        key="llvmlite",
        finding_code="",  # torch itself is fine
        used_local_facts=False,
    )


def _not_a_cuda_dll(dll: str, facts: dict[str, object], local: bool) -> Advice | None:
    """numba's llvmlite.dll, or a ROCm build's *_hip.dll: neither is CUDA's nor VC++'s case."""
    if dll.lower() == "llvmlite.dll" or dll.lower().endswith(("\\llvmlite.dll", "/llvmlite.dll")):
        return _llvmlite_runtime(facts)
    if re.search(r"(?:c10|torch|caffe2)_hip\.dll", dll, re.IGNORECASE):
        return _rocm_on_windows(dll, facts, local)
    return None


def _rocm_on_windows(dll: str, facts: dict[str, object], local: bool) -> Advice:
    """torch's *_hip.dll: a ROCm build, whose GPU runtime comes with AMD's driver
    (Comfy-Org/ComfyUI#10535: fixed by installing the driver AMD's instructions link)."""
    facts["build"] = "rocm"
    cause = _(
        "{dll} belongs to a ROCm (AMD GPU) build of torch. On Windows its HIP runtime "
        "(amdhip64_*.dll) is installed by AMD's graphics driver, not by pip: the driver is "
        "missing, or older than the release that supports this ROCm build, so Windows cannot "
        "load the DLL's dependencies."
    ).format(dll=re.split(r"[\\/]", dll)[-1])
    fix = (
        _(
            "Install the AMD Software: Adrenalin Edition driver that AMD's instructions for "
            "PyTorch on Windows name for this ROCm release, reboot, and check that "
            "C:\\Windows\\System32 holds amdhip64_*.dll."
        ),
        _(
            "On a machine with an NVIDIA GPU (or none), replace this build with a CUDA or CPU "
            "build of torch: `envdoctor install` prints the command."
        ),
    )
    return Advice(cause, fix, facts, key="rocm", used_local_facts=local)


@FAMILY.entry(
    code="windows-dll-load-failed",
    finding_code="torch-broken",
    keywords=(
        "winerror",
        "dll load failed",
        "could not find module",
        "one of its depend",
        "llvmlite.dll",
        "redistributable is not installed",
        'error loading "',
        "error loading fbgemm",
        "error loading c10",
        "error loading torch_",
        "error loading shm",
        "error loading asmjit",
        "error loading caffe2",
        *DLL_STATUS_WORDS,
    ),
    title=N_("Windows could not load a PyTorch DLL"),
    # nvcuda.dll is the driver's, not PyTorch's: its own answer says what is missing.
    # tiny-cuda-nn's per-GPU modules (_89_C) name the GPU it was not built for.
    defers_to=frozenset({"driver-library-missing", "numba-nvvm-missing", "tcnn-arch-missing"}),
    patterns=(
        # torch/__init__.py on Windows, when it finds no vcruntime140.dll to preload.
        rx(r"Microsoft Visual C\+\+ Redistributable is not installed(?P<vcredist>)"),
        rx(
            r"\[WinError (?P<winerror>126|127|1114|193)\] [^\[]{0,120}?Error loading "
            r"\\?\"?(?P<dll>[^\"]{1,300}?\.dll)\\?\"? or one of its dependencies"
        ),
        rx(r"DLL load failed(?: while importing (?P<module>\w+))?: [^.。]{0,80}"),
        # The same with Windows' reason cut off (triton-windows' README's headings).
        rx(r"DLL load failed while importing (?P<module>\w+)(?=[ \t]*(?:\n|$))"),
        # The OSError's message alone, without its [WinError N] (often with a typo'd "Erro").
        rx(
            r"Error? loading \\?\"?(?P<dll>[A-Za-z]:[^\"]{1,300}?\.dll|[^\"\s]{1,300}?\.dll)\\?\"? "
            r"or one of its depend"
        ),
        # The same cut right after the DLL's path (an issue's last pasted line).
        rx(r'Error loading \\?"(?P<dll>[A-Za-z]:\\[^"]{1,300}?\.dll)(?=\\?"?\s*$)'),
        # One of torch's own DLLs named bare (an issue title: "Error loading fbgemm.dll").
        rx(
            r"Error loading \\?\"?(?P<dll>(?:c10|c10_cuda|torch_cpu|torch_cuda|torch_python|"
            r"fbgemm|shm|asmjit|caffe2_nvrtc)\.dll)\b"
        ),
        # Python 3.8+ ctypes words the same failure as FileNotFoundError.
        # (A retelling may drop the quotes around the path.)
        rx(
            r"Could not find module (?:'(?P<dll>[^']{1,300}?\.dll)'|(?P<bare_dll>[^'\s][^'\n]{0,300}?"
            r"\.dll)) \(or one of its dependencies\)"
        ),
        # llvmlite's own OSError around ctypes.CDLL of llvmlite.dll (llvmlite/binding/ffi.py:
        # "Could not load shared object file: X" since 4b144662, "Could not find/load shared
        # object file: X" since a3feb6be, "... file 'X' from resource location" at 79d1ac7f).
        rx(r"Could not (?:find|load|find/load) shared object file:? '?(?P<llvmlite>llvmlite\.dll)"),
        # ctypes.CDLL / LoadLibrary of a DLL that is not there, quoted without its name.
        # Windows words its messages in the system's language ("找不到指定的模块",
        # "Das angegebene Modul wurde nicht gefunden"): the number is what counts.
        rx(r"\[WinError (?P<bare>126)\] [^\[\n]{1,120}?(?=$|[.。\n]|\s(?:Error|Traceback))"),
        # The same two failures without a DLL named: a 32-bit binary, a DLL of another version.
        rx(r"\[WinError (?P<winerror>193|127|1114)\] (?:%1 |\S)"),
        # Windows 7 words an illegal instruction in the module's start-up as a status code:
        # 0xC000001D (fo40225/tensorflow-windows-wheel's README: TensorFlow without AVX).
        rx(r"DLL load failed with error code (?P<illegal>-1073741795)"),
        # A program Windows could not start for a missing or mismatched DLL (NTSTATUS).
        DLL_STATUS,
    ),
)
def _advise_windows_dll(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    groups = m.groupdict()
    facts: dict[str, object] = {}
    for name in ("dll", "winerror", "module"):
        if groups.get(name):
            facts[name] = groups[name]
    dll = _named_dll(groups, facts)
    if (special := _not_a_cuda_dll(dll, facts, k.local)) is not None:
        return special
    if groups.get("vcredist") is not None:
        return _vc_runtime_missing(facts)
    if groups.get("ntstatus") or groups.get("ntcode"):
        return dll_status(m, ctx.has("pyo3", "maturin"))
    if ctx.has("zluda"):
        return zluda_path(facts)
    module = groups.get("module")
    if module in ("libtriton", "cuda_utils"):
        return triton_module(module, facts, k.local)
    runtime = other_runtime(ctx)
    if runtime == "TensorFlow" or (module or "").startswith("_pywrap_tensorflow"):
        facts["runtime"] = "TensorFlow"
        return tensorflow_runtime(m, facts, k.local)
    if runtime is not None and not dll.lower().endswith(_TORCH_DLL_NAMES):
        # TensorFlow's _pywrap_tensorflow_internal, onnxruntime's providers: not torch.
        facts["runtime"] = runtime
        return foreign_module(module or runtime, facts, k.local)
    if m.group(0).startswith("DLL load failed") and not module and not ctx.has("torch"):
        # Python 3.7's wording names no module; nothing in the paste says it is torch's.
        return unnamed_module(m.group(0), facts)
    package = SITE_PACKAGE.search(dll)
    if module and module not in _TORCH_MODULES:
        return foreign_module(module, facts, k.local)
    if package and package.group("pkg").lower() != "torch":
        return foreign_module(dll, facts, k.local)
    if dll and (addon := BLENDER_ADDON.search(dll)) is not None:
        return blender_addon(addon, dll, facts)
    if dll and _is_bundled(dll, ctx):
        return _bundled_app(dll, facts, k.local)
    name = re.split(r"[\\/]", dll)[-1]
    if name and _TORCH_LIB_DLL.match(name) is None and not _IN_TORCH_LIB.search(dll):
        # nvvm.dll (numba), a database client's DLL: named, and none of torch\lib's.
        return foreign_dll(name, _loading_package(m, ctx), facts)
    cause = _(
        "Windows could not load one of PyTorch's DLLs or a DLL it depends on. Usually the "
        "Microsoft Visual C++ Redistributable is missing or outdated; torch 2.4.0 also had "
        "a packaging regression around fbgemm.dll (pytorch#131662)."
    )
    if groups.get("bare"):
        facts["winerror"] = groups["bare"]
        linux = LINUX_LIBRARY.search(ctx.text, max(0, m.start() - 300), m.start())
        if linux is not None:
            return linux_library_on_windows(linux.group(0), facts)
        cause = _(
            "Windows could not find a DLL that Python (ctypes, or a compiled module) tried "
            "to load, or one of that DLL's dependencies; the message does not name it. "
            "With GPU packages it is most often a CUDA DLL (cudart64_*, nvrtc64_*, "
            "cublas64_*) of a CUDA version that is not installed or not on PATH, or a "
            "missing Microsoft Visual C++ runtime."
        )
        bare_fix = (
            _(
                "Find the DLL: the traceback line above the error shows the path or name "
                "given to CDLL/LoadLibrary; its number (e.g. nvrtc64_94 = CUDA 9.x) names "
                "the CUDA version it belongs to."
            ),
            _(
                "Install that CUDA version's runtime (or a build of the package for the CUDA you "
                "have) and make sure its bin folder is on PATH, then restart the terminal."
            ),
            _(VC_REDIST),
        )
        loader = _loading_package(m, ctx)
        if loader is not None and loader.lower() != "torch":
            # Another package's own library (shapely's geos_c.dll): not torch's, maybe no CUDA.
            facts["package"] = loader
            cause += sep() + _(
                "Here {pkg} loads it: the DLL is {pkg}'s own dependency, so reinstall {pkg} "
                "(its conda or pip build brings the DLL) rather than anything of PyTorch."
            ).format(pkg=loader)
        return Advice(
            cause,
            bare_fix,
            facts,
            title=_("Windows could not find a DLL a program loads"),
            key="bare",
            finding_code="" if loader is not None and loader.lower() != "torch" else None,
            used_local_facts=False,
        )
    before: list[str] = []
    after: list[str] = []
    if groups.get("winerror") == "1114" and not ctx.has("torch", "c10.dll"):
        return _init_failed_not_torch(ctx)
    if groups.get("winerror") == "1114":
        cause, before, after = _init_failed(cause, facts, ctx)
    if groups.get("winerror") == "127":
        cause += sep() + _(
            "WinError 127 (a procedure could not be found) means a DLL of another version "
            "was loaded first: an older copy on PATH, or packages from two different torch "
            "releases."
        )
    if groups.get("winerror") == "193" or k.pointer_bits == 32:
        cause = _(
            "A 32-bit and a 64-bit component are mixed: PyTorch needs 64-bit Python on "
            "64-bit Windows."
        )
        fix32 = (
            _(
                "Check: `python -c \"import struct; print(struct.calcsize('P') * 8)\"` "
                "prints 32 for a 32-bit Python."
            ),
            _(
                "Install a 64-bit Python (python.org's 'Windows installer (64-bit)'), create "
                "the virtual environment again with it and install torch there."
            ),
        )
        return Advice(cause, fix32, facts, key="32-bit", used_local_facts=k.local)
    fix = [
        *before,
        _(VC_REDIST),
        *after,
        _(
            "Reinstall PyTorch in a fresh virtual environment, with one package manager "
            "(do not mix conda and pip torch); upgrade torch if you are on 2.4.0."
        ),
        _("Do not copy DLLs from download sites into torch\\lib."),
    ]
    if dll.lower().endswith("fbgemm.dll"):
        # pytorch#131662, discuss.pytorch.org/t/201969: fbgemm.dll of torch 2.3/2.4.0 links
        # LLVM's OpenMP runtime, which only Visual Studio's C++ build tools install.
        cause += sep() + _(
            "fbgemm.dll needs libomp140.x86_64.dll (LLVM's OpenMP runtime), which the "
            "Visual C++ Redistributable does not always provide."
        )
        fix.insert(
            0,
            _(
                'Upgrade torch to 2.4.1 or newer, or install "MSVC v143 - VS 2022 C++ x64/x86 '
                'build tools" with the Visual Studio Installer: it installs '
                "libomp140.x86_64.dll."
            ),
        )
    return Advice(cause, tuple(fix), facts, key=dll.lower(), used_local_facts=k.local)


# pytorch#169429 and its fix's analysis (pytorch PR 196987): from 2.9.0 the Windows wheels
# are built with MSVC 14.42, whose std::mutex needs msvcp140.dll 14.40 or newer; with an
# older msvcp140.dll already in the process c10.dll's static initialisation faults and the
# loader says WinError 1114. The old copy is the system's Redistributable or one a package
# bundles (Qt bindings ship their own) and that was imported first.
_NEEDS_NEW_MSVC_RUNTIME = (2, 9)
_BUNDLES_MSVC_RUNTIME = ("pyqt", "pyside")


def _init_failed(
    cause: str, facts: dict[str, object], ctx: Context
) -> tuple[str, list[str], list[str]]:
    """WinError 1114: the runtime the torch in the paste needs, and who loads an old one.
    Returns the cause and the steps to put before and after installing the Redistributable."""
    version = TorchVersion.parse(ctx.known.torch_version)
    older = version is not None and version.version.release[:2] < _NEEDS_NEW_MSVC_RUNTIME
    # A CUDA 10/11 DLL of torch (cufft64_10.dll, cublas64_11.dll): no torch 2.9 wheel has
    # one, so the torch is older whatever else the paste says.
    old_cuda = re.search(r"64_1[01]\d?\.dll", str(facts.get("dll", "")), re.IGNORECASE)
    if older or (version is None and old_cuda is not None):
        return (
            cause
            + sep()
            + _(
                "WinError 1114 (a DLL initialisation routine failed, typically on c10.dll) "
                "points at a Visual C++ runtime older than the one this torch was built with."
            ),
            [],
            [],
        )
    facts["msvc_runtime_needed"] = "14.40"
    cause += sep() + _(
        "WinError 1114 (a DLL initialisation routine failed, typically on c10.dll) means an "
        "older msvcp140.dll was already loaded: torch 2.9 and newer Windows wheels are built "
        "with MSVC 14.42 and need the Visual C++ runtime 14.40 or newer (pytorch#169429). The "
        "old copy is an outdated Redistributable, or one a package bundles and loaded before "
        "torch (the Qt bindings PyQt5/PySide ship their own)."
    )
    import_first = _(
        "If a package that bundles its own runtime (PyQt5, PySide, an application's folder) "
        "is imported before torch, import torch first."
    )
    pin = _(
        "If it still fails, stay on torch 2.8 until the runtime is updated: `envdoctor "
        "install --torch 2.8` prints the command for this machine."
    )
    if ctx.has(*_BUNDLES_MSVC_RUNTIME):
        facts["bundles_msvc_runtime"] = True
        return cause, [import_first], [pin]
    return cause, [], [import_first, pin]


# Compiled modules of torch itself ("DLL load failed while importing _C"); any other
# module name belongs to another package.
_TORCH_MODULES = frozenset({"_C", "torch", "_functorch", "_dl"})
# What torch\lib holds: torch's own DLLs, the CUDA, cuDNN and OpenMP DLLs its CUDA wheels
# carry, and the C++ runtime they need. A DLL named outside this list is another program's.
_TORCH_LIB_DLL = re.compile(
    r"(?:c10|torch|fbgemm|shm|asmjit|caffe2|libiomp|libomp|uv\b|zlibwapi|cu\w{0,12}64_|"
    r"cudnn|nvrtc|nvjitlink|nvtoolsext|cupti|nvfuser|vcruntime|msvcp|vcomp|concrt|"
    r"python\d)[\w.-]{0,60}\.dll$",
    re.IGNORECASE,
)
_IN_TORCH_LIB = re.compile(r"torch[\\/]+lib[\\/]", re.IGNORECASE)
# torch's own DLLs, whatever other runtime the paste names too.
_TORCH_DLL_NAMES = ("c10.dll", "torch_cpu.dll", "torch_python.dll", "fbgemm.dll", "shm.dll")


def _is_bundled(dll: str, ctx: Context) -> bool:
    """A program packaged with its own torch (PyInstaller: "Failed to execute script",
    its _MEI temporary folder, or a torch\\lib outside any site-packages)."""
    lower = dll.lower().replace("/", "\\")
    if ctx.has("failed to execute script", "pyi_rth") or "\\_mei" in lower:
        return True
    return "\\torch\\lib\\" in lower and "site-packages" not in lower


def _bundled_app(dll: str, facts: dict[str, object], local: bool) -> Advice:
    facts["bundled_app"] = True
    cause = _(
        "This program is packaged (PyInstaller or similar) with its own copy of torch in its "
        "folder, so reinstalling PyTorch changes nothing for it. Windows could not load {dll} "
        "or a DLL it depends on."
    ).format(dll=dll.rsplit("\\", 1)[-1])
    fix = [
        _(VC_REDIST),
        _(
            "Use the program's own instructions for its build: a GPU build needs the NVIDIA "
            "driver, and older packaged GPU builds also the CUDA version they were made with "
            "installed; or download its CPU build."
        ),
    ]
    if re.search(r"gpu|cud|nvrtc|cublas", dll.rsplit("\\", 1)[-1], re.IGNORECASE):
        cause += sep() + _(
            "It is a GPU library: its dependencies are CUDA and cuDNN DLLs of the CUDA "
            "version the program was built with, and the NVIDIA driver."
        )
        fix.reverse()
    return Advice(cause, tuple(fix), facts, key="bundled", used_local_facts=local)


def _loading_package(m: re.Match[str], ctx: Context) -> str | None:
    """The installed package whose frame loaded the DLL: the last site-packages frame."""
    frames = FRAME_FILE.finditer(ctx.text, max(0, m.start() - 3000), m.start())
    sites = [site for f in frames if (site := SITE_PACKAGE.search(f.group("path")))]
    return sites[-1].group("pkg") if sites else None


def _init_failed_not_torch(ctx: Context) -> Advice:
    """WinError 1114 where nothing names torch (koboldcpp#1123: its hipBLAS DLL on a CPU
    without AVX): the DLL's own start-up code failed, whoever's it is."""
    cause = _(
        "Windows loaded a DLL but its start-up code failed (WinError 1114); nothing in the "
        "paste says it is PyTorch's. The usual causes: the DLL was built for CPU instructions "
        "this processor lacks (AVX/AVX2 in prebuilt llama.cpp-style and ROCm/hipBLAS builds), "
        "its GPU runtime (CUDA, ROCm) could not start, or an older Visual C++ runtime was "
        "loaded first."
    )
    fix = (
        _(
            "Check the CPU's instructions (Sysinternals `coreinfo | findstr AVX`); without "
            "AVX2, use the program's build for older CPUs (its 'noavx2' or 'failsafe' build)."
        ),
        _(VC_REDIST),
        _(
            "Update the GPU driver, or try the program's CPU-only build to see whether the GPU part fails."
        ),
    )
    return Advice(
        cause, fix, {"winerror": 1114}, key="1114-other", used_local_facts=ctx.known.local
    )


__all__ = ["FAMILY", "VC_REDIST"]
