"""The PyTorch installation itself: CPU-only builds, a missing torch._C, Windows DLLs, the CPU
(pip finding no matching torch is in `pip_versions`)."""

from __future__ import annotations

import re

from envdoctor.explain.knowledge import suggest
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.explain.steps import driver_facts, other_runtime
from envdoctor.explain.unknown_facts import older_driver_step, older_python_step
from envdoctor.i18n import N_, _

FAMILY = Family("install")


@FAMILY.entry(
    code="torch-not-compiled-with-cuda",
    finding_code="torch-cpu-only",
    keywords=("not compiled with cuda",),
    title=N_("PyTorch is a CPU-only build"),
    patterns=(rx(r"Torch not compiled with CUDA enabled"),),
)
def advise_not_compiled(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    facts = driver_facts(k)
    cause = _(
        "The installed PyTorch is a CPU-only build, but the code asked for CUDA "
        "(.cuda(), device='cuda')."
    )
    fix: list[str] = []
    if k.os == "Darwin":
        cause += sep() + _("macOS has no CUDA: use device 'mps' on Apple silicon, or the CPU.")
        fix.append(_("Change the code to use torch.device('mps') or 'cpu' instead of 'cuda'."))
        return Advice(cause, tuple(fix), facts, used_local_facts=k.local)
    if k.nvidia_pci_devices == 0 and not k.container:
        # Inside a container the PCI bus may be hidden; only trust "no GPU" outside one.
        facts["nvidia_pci_devices"] = 0
        cause += sep() + _("This machine has no NVIDIA GPU, so a CUDA build would not help here.")
        fix.append(_("No NVIDIA GPU? Then change the code to run on the CPU (device='cpu')."))
        fix.append(_("Or run the program on a machine with an NVIDIA GPU."))
        return Advice(cause, tuple(fix), facts, used_local_facts=True)
    if k.container and (k.nvidia_pci_devices == 0 or k.driver_state == "no-driver"):
        # A container without GPU access: a CUDA build alone cannot run here either, so
        # reinstalling torch is not the first step (check says "no GPU" here too).
        cause += sep() + _(
            "This container sees no NVIDIA GPU or driver, so a CUDA build alone would not "
            "help here."
        )
        fix.append(
            _(
                "If the host has an NVIDIA GPU, start the container with GPU access "
                "(`docker run --gpus all ...`, NVIDIA Container Toolkit on the host), then "
                "install the CUDA build `envdoctor install` names inside it."
            )
        )
        fix.append(_("No NVIDIA GPU? Then change the code to run on the CPU (device='cpu')."))
        return Advice(cause, tuple(fix), facts, used_local_facts=True)
    if k.torch_is_cpu_only:
        cause += sep() + _("Your PyTorch is {version}: a CPU build.").format(
            version=k.torch_version
        )
    if k.os == "Windows":
        cause += sep() + _(
            "On Windows, `pip install torch` from PyPI always installs the CPU build."
        )
    else:
        cause += sep() + _(
            "Usual reasons: PyTorch came from a CPU index or a cached CPU wheel, or a later "
            "`pip install -r requirements.txt` replaced the CUDA build."
        )
    # One --force-reinstall command replaces the CPU build and its companions together: an
    # uninstall first would leave no torch at all if the install then fails.
    build = suggest(ctx.matrix, k, mirror=ctx.mirror, with_packages=("torchvision", "torchaudio"))
    if build is not None:
        facts["suggested_variant"] = build.variant
        fix.append(build.command)
        if build.note:
            fix.append(build.note)
        fix.append(
            _(
                "Pin the CUDA build (torch=={version}+{variant}) so that other "
                "requirements cannot replace it."
            ).format(version=build.version, variant=build.variant)
        )
    older = (
        older_driver_step(
            ctx.matrix, k, build, mirror=ctx.mirror, with_packages=("torchvision", "torchaudio")
        )
        if build
        else None
    )
    older_python = (
        older_python_step(
            ctx.matrix, k, build, mirror=ctx.mirror, with_packages=("torchvision", "torchaudio")
        )
        if build
        else None
    )
    if older_python is not None:
        fix.append(older_python)
    if older is not None:
        fix.append(older)
    elif k.driver_cuda is None:
        fix.append(
            _(
                "Pick the variant your driver supports: `nvidia-smi` shows its CUDA "
                "version, and `envdoctor install` picks the build for this machine."
            )
        )
    fix.append(_("No NVIDIA GPU? Then change the code to run on the CPU (device='cpu')."))
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


_TRACEBACK_REACH = 4000
_TORCH_INIT_PATH = re.compile(r'File "(?P<dir>[^"]{1,300}?)[\\/]torch[\\/][^"]{0,200}\.py"')


_LAST_FRAME = re.compile(r'File "(?P<path>[^"]{1,300})"')


def _raised_in_torch(m: re.Match[str], ctx: Context) -> bool:
    """Whether `NameError: name '_C'` comes from torch's own files: the traceback's last
    frame is in torch/ or shows torch/__init__.py's `dir(_C)`."""
    frames = list(_LAST_FRAME.finditer(ctx.text, max(0, m.start() - _TRACEBACK_REACH), m.start()))
    if frames:
        return re.search(r"[\\/]torch[\\/]", frames[-1].group("path")) is not None
    return ctx.has("dir(_c)")


@FAMILY.entry(
    code="torch-c-extension-missing",
    finding_code="torch-broken",
    keywords=("torch._c", "'_c' is not defined"),
    title=N_("torch._C missing: a shadowing torch folder or a broken install"),
    patterns=(
        rx(r"No module named '?torch\._C'?"),
        rx(r"NameError: name '_C' is not defined"),
    ),
)
def _advise_torch_c(m: re.Match[str], ctx: Context) -> Advice | None:
    k = ctx.known
    if m.group(0).startswith("NameError") and not _raised_in_torch(m, ctx):
        return None  # a package's own _C (GroundingDINO): extension-not-built
    facts: dict[str, object] = {}
    where = None
    # The traceback's own frames come just before the message: the last torch file there.
    frames = list(
        _TORCH_INIT_PATH.finditer(ctx.text, max(0, m.start() - _TRACEBACK_REACH), m.start())
    )
    found = frames[-1] if frames else ctx.near(_TORCH_INIT_PATH, "torch/", "torch\\", before=310)
    if found:
        where = found.group("dir").strip()
    elif k.torch_file:
        where = re.sub(r"[\\/]torch[\\/]__init__\.py$", "", k.torch_file)
    cause = _(
        "Python imported a `torch` folder that is not an installed PyTorch build (its "
        "compiled core, torch._C, is missing). Usually the current directory contains a "
        "`torch` folder or `torch.py` (a PyTorch source checkout, an unzipped wheel, your "
        "own file), which shadows the installed package; sometimes the install is broken."
    )
    fix: list[str] = []
    if where:
        facts["torch_imported_from"] = where
        if re.search(r"site-packages|dist-packages", where):
            cause += sep() + _(
                "Here torch was imported from {where}, an installed location, so the "
                "installation itself is incomplete."
            ).format(where=where)
            fix.append(
                "python -m pip uninstall -y torch && python -m pip install --no-cache-dir torch"
            )
        else:
            cause += sep() + _(
                "Here torch was imported from {where}, which is not a site-packages "
                "folder: that is the shadowing copy."
            ).format(where=where)
            slash = "\\" if "\\" in where else "/"
            fix.append(
                _("Run your program from another directory, or rename {folder}.").format(
                    folder=f"{where}{slash}torch"
                )
            )
    else:
        fix.append(
            _(
                'Run `python -c "import torch; print(torch.__file__)"` from another '
                "directory and compare: a path outside site-packages is the shadowing copy."
            )
        )
        fix.append(_("Rename or move a `torch` folder or `torch.py` in your working directory."))
        fix.append(
            _("If torch is in site-packages, reinstall it: pip uninstall torch, then install.")
        )
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local and where is not None)


# A Linux shared library named just before a bare WinError 126: Windows cannot load it.
_LINUX_LIBRARY = re.compile(r"\b[\w.-]{1,80}\.so(?:\.\d+)*\b(?!\.)")


def _linux_library_on_windows(library: str, facts: dict[str, object]) -> Advice:
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


def _vc_runtime_missing(facts: dict[str, object]) -> Advice:
    """torch's own warning: it looked for the Visual C++ runtime DLLs and found none."""
    cause = _(
        "torch looked for the Microsoft Visual C++ runtime (vcruntime140.dll) before loading "
        "its DLLs and did not find it: without it Windows cannot load c10.dll and the rest, "
        "and `import torch` fails with a DLL load error."
    )
    fix = (
        _(
            "Install the latest Microsoft Visual C++ Redistributable 2015-2022 (x64) from "
            "https://aka.ms/vs/17/release/vc_redist.x64.exe, then restart the terminal."
        ),
    )
    return Advice(cause, fix, facts, key="vcredist", used_local_facts=False)


@FAMILY.entry(
    code="windows-dll-load-failed",
    finding_code="torch-broken",
    keywords=(
        "winerror",
        "dll load failed",
        "could not find module",
        "one of its depend",
        "redistributable is not installed",
    ),
    title=N_("Windows could not load a PyTorch DLL"),
    patterns=(
        # torch/__init__.py on Windows, when it finds no vcruntime140.dll to preload.
        rx(r"Microsoft Visual C\+\+ Redistributable is not installed(?P<vcredist>)"),
        rx(
            r"\[WinError (?P<winerror>126|127|1114|193)\] [^\[]{0,120}?Error loading "
            r"\\?\"?(?P<dll>[^\"]{1,300}?\.dll)\\?\"? or one of its dependencies"
        ),
        rx(r"DLL load failed(?: while importing (?P<module>\w+))?: [^.。]{0,80}"),
        # The OSError's message alone, without its [WinError N] (often with a typo'd "Erro").
        rx(
            r"Error? loading \\?\"?(?P<dll>[A-Za-z]:[^\"]{1,300}?\.dll|[^\"\s]{1,300}?\.dll)\\?\"? "
            r"or one of its depend"
        ),
        # Python 3.8+ ctypes words the same failure as FileNotFoundError.
        rx(r"Could not find module '(?P<dll>[^']{1,300}?\.dll)' \(or one of its dependencies\)"),
        # ctypes.CDLL / LoadLibrary of a DLL that is not there, quoted without its name.
        # Windows words its messages in the system's language ("找不到指定的模块",
        # "Das angegebene Modul wurde nicht gefunden"): the number is what counts.
        rx(r"\[WinError (?P<bare>126)\] [^\[\n]{1,120}?(?=$|[.。\n]|\s(?:Error|Traceback))"),
        # The same two failures without a DLL named: a 32-bit binary, a DLL of another version.
        rx(r"\[WinError (?P<winerror>193|127|1114)\] (?:%1 |\S)"),
    ),
)
def _advise_windows_dll(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    groups = m.groupdict()
    facts: dict[str, object] = {}
    for name in ("dll", "winerror", "module"):
        if groups.get(name):
            facts[name] = groups[name]
    dll = (groups.get("dll") or "").replace("\\\\", "\\")
    if groups.get("vcredist") is not None:
        return _vc_runtime_missing(facts)
    if ctx.has("zluda"):
        return _zluda_path(facts)
    cause = _(
        "Windows could not load one of PyTorch's DLLs or a DLL it depends on. Usually the "
        "Microsoft Visual C++ Redistributable is missing or outdated; torch 2.4.0 also had "
        "a packaging regression around fbgemm.dll (pytorch#131662)."
    )
    if groups.get("bare"):
        facts["winerror"] = groups["bare"]
        linux = _LINUX_LIBRARY.search(ctx.text, max(0, m.start() - 300), m.start())
        if linux is not None:
            return _linux_library_on_windows(linux.group(0), facts)
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
            _(
                "Install the latest Microsoft Visual C++ Redistributable 2015-2022 (x64) from "
                "https://aka.ms/vs/17/release/vc_redist.x64.exe."
            ),
        )
        return Advice(cause, bare_fix, facts, key="bare", used_local_facts=False)
    if groups.get("winerror") == "1114":
        cause += sep() + _(
            "WinError 1114 (a DLL initialisation routine failed, typically on c10.dll) "
            "points at a Visual C++ runtime older than the one this torch was built with."
        )
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
        _(
            "Install the latest Microsoft Visual C++ Redistributable 2015-2022 (x64) from "
            "https://aka.ms/vs/17/release/vc_redist.x64.exe, then restart the terminal."
        ),
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


@FAMILY.entry(
    code="illegal-instruction",
    keywords=("illegal instruction", "illegal hardware instruction", "非法指令", "sigill"),
    title=N_("Illegal instruction: the CPU lacks an instruction set"),
    patterns=(
        rx(r"Illegal instruction(?: \(core dumped\))?|非法指令|\bSIGILL\b"),
        # zsh's words for the same signal (the default shell of macOS).
        rx(r"illegal hardware instruction(?P<zsh>)"),
    ),
    specificity=1,
)
def _advise_illegal_instruction(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    facts: dict[str, object] = {}
    if k.machine:
        facts["machine"] = k.machine
    cause = _(
        "The process ran a CPU instruction this processor does not have. PyTorch, "
        "TensorFlow and NumPy binaries assume at least AVX/AVX2 (x86) or a recent ARMv8 core; old or "
        "low-end CPUs (Celeron, Atom, Pentium) and virtual machines with a generic CPU "
        "model lack them."
    )
    fix: list[str] = []
    if k.os == "Darwin" or (k.os is None and m.groupdict().get("zsh") is not None):
        # Rosetta 2 translates x86_64 code without AVX, which x86 wheels of PyTorch,
        # TensorFlow and NumPy assume: an Intel Python on Apple silicon crashes this way.
        fix.append(
            _(
                "On an Apple silicon Mac: an x86_64 (Intel) Python runs under Rosetta, "
                'which lacks AVX. Check `python -c "import platform; print(platform.machine())"`; '
                "if it prints x86_64, install an arm64 Python (python.org universal2 "
                "installer, Miniforge arm64) and the packages again in it."
            )
        )
    if k.machine in ("aarch64", "arm64"):
        fix.append(
            _(
                "On ARM boards (Jetson, Raspberry Pi): use wheels built for that board; for "
                "OpenBLAS crashes try OPENBLAS_CORETYPE=ARMV8."
            )
        )
    if k.os != "Darwin":
        fix.extend(
            (
                _(
                    "Check the CPU flags: "
                    "`grep -o -w -E 'avx2|avx|sse4_2' /proc/cpuinfo | sort -u`."
                ),
                _(
                    "In a VM: expose the host CPU model to the guest (`-cpu host`, "
                    "host-passthrough)."
                ),
            )
        )
    runtime = other_runtime(ctx)
    if runtime is not None:
        # TensorFlow (1.6+) and others need AVX too; torch's switches do not apply to them.
        facts["runtime"] = runtime
        fix.append(
            _(
                "{runtime} crashed here: use a {runtime} release or build made for CPUs "
                "without these instructions (an older one, or one built from source)."
            ).format(runtime=runtime)
        )
        return Advice(cause, tuple(fix), facts, used_local_facts=k.local)
    fix.extend(
        (
            _(
                'Find the crashing library: `python -X faulthandler -c "import torch"`; '
                "ATEN_CPU_CAPABILITY=default avoids PyTorch's AVX2/AVX-512 kernels."
            ),
            _("Otherwise use an older release or a build from source for this CPU."),
        )
    )
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


__all__ = ["FAMILY", "advise_not_compiled"]


def _zluda_path(facts: dict[str, object]) -> Advice:
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
