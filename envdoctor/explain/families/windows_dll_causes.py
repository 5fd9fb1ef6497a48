"""Windows DLL failures that are not torch's own: another package's compiled module,
TensorFlow's native runtime, a Linux library asked of Windows, ZLUDA's PATH (the answers
windows_dlls picks among)."""

from __future__ import annotations

import re

from envdoctor.explain.model import Advice
from envdoctor.explain.spec import sep
from envdoctor.i18n import N_, _

# The runtime every Windows build of torch and of its extensions needs (Microsoft's link).
VC_REDIST = N_(
    "Install the latest Microsoft Visual C++ Redistributable 2015-2022 (x64) from "
    "https://aka.ms/vs/17/release/vc_redist.x64.exe, then restart the terminal."
)

# A Linux shared library named just before a bare WinError 126: Windows cannot load it.
LINUX_LIBRARY = re.compile(r"\b[\w.-]{1,80}\.so(?:\.\d+)*\b(?!\.)")


def linux_library_on_windows(library: str, facts: dict[str, object]) -> Advice:
    """ctypes asked Windows to load a Linux .so: no DLL can be missing, the platform is."""
    facts["library"] = library
    cause = _(
        "The program loads {lib}, a Linux shared library: Windows cannot load it at all "
        "(it needs a .dll built for Windows). The package ships or builds Linux binaries "
        "only."
    ).format(lib=library)
    fix = (
        _(
            "Run it on Linux, or under WSL 2 on this PC (the NVIDIA driver of Windows gives "
            "WSL the GPU)."
        ),
        _("Or build that library for Windows, if the project supports it (its README says)."),
    )
    return Advice(cause, fix, facts, key="linux-library", used_local_facts=False)


def foreign_dll(dll: str, loader: str | None, facts: dict[str, object]) -> Advice:
    """A named DLL that is none of torch's own (nor a CUDA DLL torch\\lib carries): another
    program's dependency (numba's nvvm.dll from the CUDA toolkit, a database client's DLL)."""
    cause = _(
        "Windows could not load {dll} (or a DLL it needs). It is not one of PyTorch's DLLs: "
        "the program or package that loads it expects it to be installed separately (a "
        "toolkit or runtime of its own) and findable on the DLL search path."
    ).format(dll=dll)
    if loader is not None:
        facts["package"] = loader
        cause += sep() + _("Here {pkg} loads it.").format(pkg=loader)
    fix = (
        _(
            "Find out which software provides {dll} (the package's install notes name its "
            "requirements) and install it; then put its folder on PATH, or call "
            "os.add_dll_directory() with it before the import (Python 3.8+ no longer "
            "searches PATH for an extension's DLLs)."
        ).format(dll=dll),
        _(VC_REDIST),
    )
    return Advice(
        cause,
        fix,
        facts,
        title=_("Windows could not load a DLL that is not PyTorch's"),
        key=f"foreign {dll.lower()}",
        finding_code="",  # torch itself is not shown to be broken
        used_local_facts=False,
    )


def foreign_module(name: str, facts: dict[str, object], local: bool) -> Advice:
    """Another package's compiled module (lmdeploy's _turbomind, an extension's .pyd) or a
    DLL outside torch\\lib: its own dependencies are missing, not torch's."""
    cause = _(
        "Windows could not load {name}, a compiled module of a package other than PyTorch, "
        "or a DLL it needs. GPU packages most often need the CUDA runtime DLLs of the CUDA "
        "version they were built for (cudart64_12.dll, cublas64_12.dll, …), which come "
        "with that CUDA toolkit (in %CUDA_PATH%\\bin); the Visual C++ runtime is the other "
        "usual one. A module built for another Python version fails the same way: it links "
        "that Python's DLL (python3XY.dll), which this interpreter does not provide."
    ).format(name=name)
    fix = (
        _(
            "See which DLL is missing: `dumpbin /dependents <module>.pyd` in a Visual Studio "
            "developer prompt, or the Dependencies tool (github.com/lucasg/Dependencies)."
        ),
        _(
            "Install the CUDA toolkit version the package was built for (its wheel name or "
            "release notes say, e.g. cu12 = CUDA 12.x), or the package's build for the CUDA "
            "you have."
        ),
        _(
            "Since Python 3.8, Windows no longer finds an extension's DLLs through PATH: "
            "before the import, run os.add_dll_directory(os.path.join(os.environ['CUDA_PATH'], "
            "'bin')) (newer releases of many packages do this themselves)."
        ),
        _(
            "For a PyTorch extension, `import torch` first: it loads the CUDA DLLs of its "
            "own build."
        ),
        _(VC_REDIST),
        _(
            "If the module came as a prebuilt file or wheel, check it was made for this Python: "
            "`python --version` against the cpXY in its file name (e.g. auth_core.cp311-win_amd64"
            ".pyd needs Python 3.11)."
        ),
    )
    return Advice(
        cause,
        fix,
        facts,
        title=_("Windows could not load another package's compiled module"),
        key=f"module:{name.lower()}",
        finding_code="",  # torch itself is fine
        used_local_facts=local,
    )


# Windows' text for ERROR_DLL_INIT_FAILED (1114), in English and Chinese.
# Windows' "The specified procedure could not be found" (ERROR_PROC_NOT_FOUND, 127) in the
# system's language: the DLL was found, an exported function of it was not.
_PROCEDURE = re.compile(
    r"procedure|找不到指定的程序|Prozedur|procédure|プロシージャ", re.IGNORECASE
)


# ERROR_BAD_EXE_FORMAT (193) in the system's language: a DLL of the other word size.
_NOT_WIN32 = re.compile(r"not a valid Win32 application|不是有效的 Win32 应用程序", re.IGNORECASE)


def unnamed_module(message: str, facts: dict[str, object]) -> Advice:
    """Python 3.7's "DLL load failed: ..." with no module named and no torch in the paste:
    the module is whichever import the traceback shows, not necessarily torch's."""
    cause = _(
        "Windows could not load a compiled Python module (the traceback's last `import` "
        "line names it) or a DLL it needs; nothing in the message says it is PyTorch's."
    )
    reinstall = _(
        "Reinstall the package that module belongs to, with its dependencies, in this "
        "environment: `python -m pip install --force-reinstall --no-cache-dir <package>`; "
        "if several packages are involved, create a fresh environment and install the "
        "project's requirements into it again."
    )
    find = _(
        "See which DLL it needs: `dumpbin /dependents <module>.pyd` in a Visual Studio "
        "developer prompt, or the Dependencies tool (github.com/lucasg/Dependencies)."
    )
    if _NOT_WIN32.search(message):
        facts["winerror"] = "193"
        cause += sep() + _(
            '"Not a valid Win32 application" means a 32-bit and a 64-bit file are mixed: the '
            "module or a DLL it loads was built for the other word size than this Python."
        )
        fix: tuple[str, ...] = (
            _(
                "Check the interpreter's word size: `python -c \"import struct; "
                "print(struct.calcsize('P') * 8)\"` (64 is needed by every GPU package)."
            ),
            reinstall,
            find,
        )
    elif _PROCEDURE.search(message):
        facts["procedure_not_found"] = True
        cause += sep() + _(
            '"The specified procedure could not be found" means the DLL was found but is '
            "another version than the module was built against: packages from different "
            "releases mixed in one environment (a partial upgrade), or an older copy of the "
            "DLL earlier on PATH."
        )
        fix = (reinstall, find, _(VC_REDIST))
    else:
        cause += sep() + _(
            "The module itself or one of its DLLs is missing: most often the Microsoft "
            "Visual C++ runtime, a library the package expects to be installed separately "
            "(CUDA, a database client), or an install that did not finish."
        )
        fix = (_(VC_REDIST), find, reinstall)
    return Advice(
        cause,
        fix,
        facts,
        title=_("Windows could not load a compiled Python module"),
        key="unnamed-module",
        finding_code="",  # torch itself is not shown to be broken
        used_local_facts=False,
    )


_INIT_FAILED = re.compile(r"initiali[sz]ation routine failed|初始化例程失败", re.IGNORECASE)


def tensorflow_runtime(m: re.Match[str], facts: dict[str, object], local: bool) -> Advice:
    """TensorFlow's native runtime (_pywrap_tensorflow_internal) not loading on Windows.

    The causes TensorFlow lists for it (tensorflow#19584, its install errors page; the
    issue template's answer in tensorflow#39092): release binaries from 1.6 on use AVX,
    and an initialisation routine that fails on a CPU without it is the usual case
    (fo40225/tensorflow-windows-wheel's README; Windows 7 says error code -1073741795);
    the Visual C++ Redistributable (tensorflow.org/install/pip: TensorFlow 2.1+ needs its
    msvcp140_1.dll); a 64-bit Python."""
    init_failed = (
        m.groupdict().get("illegal") is not None
        or m.groupdict().get("winerror") == "1114"
        or _INIT_FAILED.search(m.group(0)) is not None
    )
    avx = _(
        "Check that the CPU has AVX (Sysinternals Coreinfo: `coreinfo | findstr AVX`): "
        "TensorFlow's release binaries use AVX from 1.6 on, so an older CPU and many "
        "Pentium, Celeron and Atom models cannot run them. "
        "On such a CPU use a build without AVX (a community wheel built for SSE only, or "
        "build TensorFlow from source), or another machine."
    )
    redist = _(
        "Install the latest Microsoft Visual C++ Redistributable (x64, "
        "https://aka.ms/vs/17/release/vc_redist.x64.exe): TensorFlow 2.1 and newer need "
        "its msvcp140_1.dll, which older Redistributables lack; then restart the terminal."
    )
    python64 = _(
        'Use a 64-bit Python: TensorFlow has no 32-bit Windows builds (`python -c "import '
        "struct; print(struct.calcsize('P') * 8)\"` must print 64)."
    )
    fix: tuple[str, ...]
    if init_failed:
        facts["dll_init_failed"] = True
        cause = _(
            "Windows loaded TensorFlow's native runtime (_pywrap_tensorflow_internal) but its "
            "initialisation failed. TensorFlow's own list of causes puts first a CPU without "
            "the AVX instructions its binaries are built with (1.6 and newer); the other "
            "ones are a missing or old Microsoft Visual C++ Redistributable and a 32-bit "
            "Python."
        )
        fix = (avx, redist, python64)
    else:
        cause = _(
            "Windows could not load TensorFlow's native runtime (_pywrap_tensorflow_internal) "
            "or a DLL it needs; PyTorch is not involved. TensorFlow's own list of causes: the "
            "Microsoft Visual C++ Redistributable missing or too old, a 32-bit Python, for a "
            "GPU build the CUDA and cuDNN DLLs of the versions it was built for, and a CPU "
            "without AVX."
        )
        gpu = _(
            "For a GPU build, install the CUDA and cuDNN versions its release was tested "
            "with (tensorflow.org/install/source_windows lists them; TensorFlow 2.10 was the "
            "last release with GPU support on native Windows) and put their bin folders on "
            "PATH."
        )
        # "procedure could not be found" (WinError 127): a DLL of another version was found.
        if "procedure" in m.group(0).lower() or m.groupdict().get("winerror") == "127":
            cause += sep() + _(
                '"The specified procedure could not be found" means a DLL of another '
                "version than the one TensorFlow was built against was found first, most "
                "often another CUDA or cuDNN."
            )
            fix = (gpu, redist, python64, avx)
        else:
            fix = (redist, python64, gpu, avx)
    return Advice(
        cause,
        fix,
        facts,
        title=_("TensorFlow's native runtime cannot be loaded on Windows"),
        key="tensorflow-avx" if init_failed else "tensorflow",
        finding_code="",  # torch itself is fine
        used_local_facts=local,
    )


def zluda_path(facts: dict[str, object]) -> Advice:
    """A CUDA torch run through ZLUDA on an AMD GPU: its DLLs come from ZLUDA and the AMD
    HIP SDK, found only through PATH (ZLUDA's and ComfyUI-Zluda's install guides: add the
    ZLUDA folder and %HIP_PATH%bin to PATH)."""
    facts["runtime"] = "ZLUDA"
    cause = _(
        "This torch runs on an AMD GPU through ZLUDA, which stands in for CUDA with the AMD "
        "HIP SDK: torch's CUDA DLLs load ZLUDA's and the HIP SDK's libraries, and Windows "
        "finds those only through PATH. One of them is missing from PATH, or the HIP SDK "
        "is not installed."
    )
    fix = (
        _(
            "Install the AMD HIP SDK version the ZLUDA build asks for, and add its bin folder "
            "(%HIP_PATH%bin, e.g. C:\\Program Files\\AMD\\ROCm\\<version>\\bin) and the ZLUDA "
            "folder to PATH; then open a new terminal."
        ),
        _("Check: `echo %HIP_PATH%` and `where amdhip64*.dll` in that terminal."),
    )
    return Advice(cause, fix, facts)


# A Blender add-on's own folder (Windows: %APPDATA%\Blender Foundation\Blender\3.0\scripts\
# addons\<add-on>; Linux: ~/.config/blender/3.0/scripts/addons/<add-on>): add-ons that need
# torch install it there for Blender's bundled Python (dream-textures: .python_dependencies).
BLENDER_ADDON = re.compile(
    r"Blender(?: Foundation[\\/]+Blender)?[\\/]+(?P<version>\d+\.\d+)[\\/]+scripts[\\/]+addons"
    r"[\\/]+(?P<addon>[\w .-]{1,60}?)[\\/]",
    re.IGNORECASE,
)


def blender_addon(addon: re.Match[str], dll: str, facts: dict[str, object]) -> Advice:
    """torch loaded from a Blender add-on's own dependencies folder: the add-on's install,
    made for one Blender and its Python, not a torch the user installed."""
    version, name = addon.group("version"), addon.group("addon")
    facts.update(blender_version=version, blender_addon=name)
    cause = _(
        "The torch that failed is the copy the Blender add-on {addon} installed into its own "
        "folder for Blender's bundled Python, here under Blender {version}'s add-ons: "
        "reinstalling PyTorch outside Blender changes nothing for it. Windows could not load "
        "{dll} or a DLL it depends on: the add-on's dependencies do not fit the Blender that "
        "loads them (installed for another Blender version and its Python, or incomplete)."
    ).format(addon=name, version=version, dll=dll.rsplit("\\", 1)[-1])
    fix = (
        # The reporter of carson-katri/dream-textures#293 fixed it by starting the newer
        # Blender the add-on was installed for instead of Blender 3.0.
        _(
            "Start the Blender version the add-on supports and was installed with (its "
            "release page names the Blender versions), not another Blender installed beside "
            "it."
        ),
        _(
            "Or reinstall the add-on, and its dependencies, from inside the Blender you use, "
            "with the add-on build for that Blender version and your GPU."
        ),
        _(VC_REDIST),
    )
    title = _("A Blender add-on's own copy of torch does not load")
    return Advice(cause, fix, facts, title=title, key="blender", used_local_facts=False)


# Windows' NTSTATUS codes for a program that could not start: as cargo names them
# (cargo-util's process_error.rs: "exit code: 0xc0000135, STATUS_DLL_NOT_FOUND"), in hex,
# or as the signed or unsigned number a parent process reports.
DLL_STATUS = re.compile(
    r"(?P<ntstatus>STATUS_DLL_NOT_FOUND|STATUS_ENTRYPOINT_NOT_FOUND)|(?<![\w-])(?P<ntcode>"
    r"0xC0000135|0xC0000139|-1073741515|-1073741511|3221225781|3221225785)(?!\d)",
    re.IGNORECASE,
)
DLL_STATUS_WORDS = (
    "status_dll_not_found",
    "status_entrypoint_not_found",
    "0xc0000135",
    "0xc0000139",
    "-1073741515",
    "-1073741511",
    "3221225781",
    "3221225785",
)
_ENTRYPOINT = ("STATUS_ENTRYPOINT_NOT_FOUND", "0XC0000139", "-1073741511", "3221225785")


def dll_status(m: re.Match[str], python: bool) -> Advice:
    """A program (a Rust binary, an .exe a script started) Windows could not start: a DLL it
    links is missing, or one of the wrong version came first (PyO3's FAQ)."""
    said = (m.group("ntstatus") or m.group("ntcode")).upper()
    entrypoint = said in _ENTRYPOINT
    facts: dict[str, object] = {"ntstatus": "0xC0000139" if entrypoint else "0xC0000135"}
    if entrypoint:
        cause = _(
            "Windows could not start the program (STATUS_ENTRYPOINT_NOT_FOUND, 0xC0000139): a "
            "DLL it links was found, but a copy of another version that lacks a function "
            "the program needs, earlier on the DLL search path (another program's copy on "
            "PATH)."
        )
    else:
        cause = _(
            "Windows could not start the program (STATUS_DLL_NOT_FOUND, 0xC0000135, exit "
            "code -1073741515): a DLL it links is not in any folder Windows searches (the "
            "program's own folder, the system folders, PATH)."
        )
    fix = [
        _(
            "Find which DLL: open the .exe in Dependency Walker (the tool PyO3's FAQ names), "
            "which lists the DLLs it needs and marks those it cannot find."
        ),
        _(
            "Put the folder that holds the right copy first on PATH, or the DLL next to the "
            "executable; then open a new terminal (shells already open keep the old PATH)."
        ),
    ]
    if python:
        facts["python_dll"] = True
        cause += sep() + _(
            "A program that embeds Python (PyO3, a Rust or C++ binary) links the Python DLL: "
            "python3X.dll, or python3.dll for the stable ABI (PyO3's FAQ)."
        )
        fix.insert(
            0,
            _(
                "Make the Python DLL findable: add the Python installation's folder (where "
                "python3X.dll is) to PATH or copy the DLL next to the executable; if another "
                "program put its own Python on PATH first, move the right one before it."
            ),
        )
    fix.append(_(VC_REDIST))
    return Advice(
        cause,
        tuple(fix),
        facts,
        title=_("Windows could not start a program: a DLL it needs was not found"),
        key=f"status {facts['ntstatus']}",
        finding_code="",  # torch itself is not shown to be broken
        used_local_facts=False,
    )


def triton_module(module: str, facts: dict[str, object], local: bool) -> Advice:
    """triton-windows' own modules, as its README answers them (woct0rdho/triton-windows at
    66361c0, "Troubleshoot"): libtriton needs newer vcredist DLLs than the ones in the
    Python installation; cuda_utils is compiled per Python into caches that go stale."""
    facts["package"] = "triton-windows"
    if module == "cuda_utils":
        cause = _(
            "Triton compiles a small module (cuda_utils) for this Python and keeps it in "
            "its caches; one compiled for another Python, Triton or CUDA, or against the "
            "include/libs folders of another Python, fails to load."
        )
        fix: tuple[str, ...] = (
            _(
                "Delete the cache folders %USERPROFILE%\\.triton\\cache and "
                "%LOCALAPPDATA%\\Temp\\torchinductor_<user> (also after changing Python, "
                "Triton, the C compiler or CUDA)."
            ),
            _(
                "Check which Python runs: `where python` and `python --version`; install and "
                "run everything from the first one. With an embedded Python (ComfyUI), its "
                "include and libs folders must come from the same Python version."
            ),
        )
    else:
        cause = _(
            "triton-windows' libtriton needs newer Visual C++ runtime DLLs than the ones "
            "it finds: the Python installation carries its own vcruntime140.dll, "
            "vcruntime140_1.dll and msvcp140.dll, which load first and are too old "
            "(triton-windows' wheels need a new enough one, such as 14.42)."
        )
        fix = (
            _("With conda: `conda install -c conda-forge vc14_runtime` in the environment."),
            _(
                "Otherwise install the latest Visual C++ Redistributable "
                "(https://aka.ms/vs/17/release/vc_redist.x64.exe), then copy msvcp140.dll, "
                "vcruntime140.dll and vcruntime140_1.dll from C:\\Windows\\System32 into the "
                'Python installation folder (python_embeded for ComfyUI; `python -c "import '
                "sysconfig; print(sysconfig.get_paths()['stdlib'])\"` shows it, without the "
                "last Lib), replacing the old ones."
            ),
        )
    return Advice(
        cause,
        fix,
        facts,
        title=_("Windows could not load Triton's compiled module (triton-windows)"),
        key=f"triton:{module}",
        finding_code="",  # torch itself is fine
        used_local_facts=local,
    )
