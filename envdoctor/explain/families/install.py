"""The PyTorch installation itself: CPU-only builds, a missing torch._C, Windows DLLs, the CPU
(pip finding no matching torch is in `pip_versions`)."""

from __future__ import annotations

import re

from envdoctor import messages as msg
from envdoctor.explain.knowledge import suggest
from envdoctor.explain.model import Advice, Context, Known
from envdoctor.explain.prose import AMD_GPU_CAUSE, AMD_ROCM_STEP, amd_gpu_named, says_no_gpu
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.explain.steps import (
    driver_facts,
    other_runtime,
)
from envdoctor.explain.unknown_facts import older_driver_step, older_python_step
from envdoctor.i18n import N_, _

FAMILY = Family("install")


@FAMILY.entry(
    code="torch-not-compiled-with-cuda",
    finding_code="torch-cpu-only",
    keywords=(msg.NOT_COMPILED_WITH_CUDA_ANCHOR, "未在启用 cuda 的情况下编译"),
    title=N_("PyTorch is a CPU-only build"),
    patterns=(
        rx(msg.NOT_COMPILED_WITH_CUDA),
        # The same line as a translation tool or a translated traceback gives it in
        # Chinese (THUDM/ChatGLM3#213: "AssertionError：Torch 未在启用 CUDA 的情况下编译").
        rx(r"Torch ?未在启用 ?CUDA ?的情况下编译"),
    ),
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
    if amd_gpu_named(ctx):
        facts["gpu_vendor"] = "AMD"
        cause += sep() + _(AMD_GPU_CAUSE)
        fix.extend((_(AMD_ROCM_STEP), _("Or run on the CPU (device='cpu').")))
        return Advice(cause, tuple(fix), facts, used_local_facts=k.local)
    if not k.local and says_no_gpu(ctx):
        # The paste says the machine has no GPU: the CPU build is right, the code is not.
        cause = _(
            "The code asks for CUDA (.cuda(), device='cuda'), and the paste says this machine "
            "has no NVIDIA GPU: the CPU-only PyTorch installed is the right build here, and "
            "no CUDA build would help. The code (or its settings) must choose the CPU."
        )
        fix = [
            _(
                "Make the code choose the device: device = 'cuda' if "
                "torch.cuda.is_available() else 'cpu', or the program's own device option "
                "(--device cpu)."
            ),
            _("Or run the program on a machine with an NVIDIA GPU."),
        ]
        return Advice(
            cause,
            tuple(fix),
            facts,
            title=_("The code asks for CUDA on a machine without an NVIDIA GPU"),
            kind="code",
            finding_code="",
        )
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
    shadow = _user_site_shadow(ctx, facts)
    if shadow is not None:
        cause += sep() + shadow[0]
        fix.append(shadow[1])
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
    return _with_no_gpu_reading(cause, fix, facts, k)


def _with_no_gpu_reading(cause: str, fix: list[str], facts: dict[str, object], k: Known) -> Advice:
    """The answer, with the reading that the machine has no NVIDIA GPU at all: first when
    nothing in the paste shows the machine (a Mac or a laptop without an NVIDIA GPU says
    this too: vietai/mTet#7, errors_blind170), where no CUDA build helps; else last."""
    unknown = (
        not k.local
        and k.os is None
        and not (k.gpus or k.prose_gpus or k.driver_version or k.driver_cuda)
    )
    if unknown:
        cause += sep() + _(
            "Nothing in the paste shows an NVIDIA GPU: on a Mac or a machine without one, no "
            "CUDA build exists or helps, and the code must use 'mps' or 'cpu' instead."
        )
        fix.insert(0, _no_gpu_step(k.os))
    else:
        fix.append(_no_gpu_step(k.os))
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


def _no_gpu_step(os_name: str | None) -> str:
    if os_name is None:
        # The paste may come from a Mac (errors_blind92: PreSumm on macOS), where no CUDA
        # build exists at all and the step is the code's device.
        return _(
            "No NVIDIA GPU, or a Mac (no CUDA builds exist for macOS)? Then change the code "
            "to use torch.device('mps') on Apple silicon, or the CPU (device='cpu')."
        )
    return _("No NVIDIA GPU? Then change the code to run on the CPU (device='cpu').")


def _user_site_shadow(ctx: Context, facts: dict[str, object]) -> tuple[str, str] | None:
    """A torch imported from the user site-packages: Python puts it before the
    environment's own folder (site.py), so a `pip install --user` torch hides the one in a
    conda env or the system (comfyui-liveportrait#24, jetson-inference#1848)."""
    user_site = ctx.near(_USER_SITE_TORCH, ".local/lib/python", "\\appdata\\roaming\\python")
    if user_site is None:
        return None
    facts["user_site_torch"] = user_site.group(0)
    cause = _(
        "This torch is imported from the user site-packages ({path}), which Python "
        "searches before the environment's own folder: a `pip install --user` (or a pip "
        "run without write access to the environment) put it there, and it hides any "
        "torch installed in the environment itself."
    ).format(path=user_site.group(0))
    step = _(
        "Remove that copy first: `python -m pip uninstall torch` with the same "
        "interpreter (repeat until it reports none left in that folder); or, when the "
        "environment has a CUDA torch of its own, run with PYTHONNOUSERSITE=1 to ignore the "
        "user site-packages."
    )
    return cause, step


_TRACEBACK_REACH = 4000
_USER_SITE_TORCH = re.compile(
    r"(?:[\\/]\.local[\\/]lib[\\/]python3\.\d{1,2}|AppData[\\/]Roaming[\\/]Python[\\/]"
    r"Python3\d{1,2})[\\/]site-packages[\\/]torch(?=[\\/])",
    re.IGNORECASE,
)
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
        # Python 2 named only the last part, under torch/__init__.py's import line.
        rx(r"from torch\._C import \*\s{0,40}ImportError: No module named '?_C'?"),
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


@FAMILY.entry(
    code="illegal-instruction",
    keywords=(
        "illegal instruction",
        "illegal hardware instruction",
        "invalid instruction (core dumped)",
        "非法指令",
        "sigill",
        "but these aren't available on your machine",
        "code 132",
        "code: 132",
        "status 132",
        "exitcode: -4",
        "exitcode : -4",
        "exit code -4",
    ),
    title=N_("Illegal instruction: the CPU lacks an instruction set"),
    patterns=(
        # Not CUDA's "an illegal instruction was encountered": a GPU kernel's fault.
        rx(
            r"(?<!an )Illegal instruction(?! was encountered)(?: \(core dumped\))?|非法指令|\bSIGILL\b"
        ),
        # zsh's words for the same signal (the default shell of macOS).
        rx(r"illegal hardware instruction(?P<zsh>)"),
        rx(r"\bInvalid instruction \(core dumped\)"),
        # Only the exit status left: a shell's or Docker's 132 is 128 + signal 4 (SIGILL),
        # Python's and torchrun's -4 the signal itself (determined-ai/determined#3610).
        rx(
            r"\b(?:exit(?:ed)?(?: with)?|non-zero exit|returned)[ _]?(?:code|status)(?: :)?:? "
            r"(?P<exit>132)\b(?! ?(?:of|/|bytes|MB|KB|ms))"
            r"|\bexit ?code ?:? (?P<signal>-4)\b"
        ),
        # TensorFlow's cpu_feature_guard checks the CPU before it crashes: "The TensorFlow
        # library was compiled to use AVX2 instructions, but these aren't available on your
        # machine." (then "Aborted").
        rx(
            r"compiled to use (?P<isa>[\w.]{2,12}) instructions, but these aren't available on "
            r"your machine"
        ),
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
    if m.groupdict().get("exit") or m.groupdict().get("signal"):
        facts["exit_status"] = m.group("exit") or m.group("signal")
        cause += sep() + _(
            "Only the exit status is shown here: {status} means the process was killed by "
            "signal 4 (SIGILL), an illegal instruction (132 = 128 + 4 from a shell or "
            "Docker, -4 from Python or torchrun)."
        ).format(status=facts["exit_status"])
    if m.groupdict().get("isa"):
        facts["instruction_set"] = m.group("isa")
        cause += sep() + _(
            "Here the library checked the CPU itself and names the missing set: {isa}."
        ).format(isa=m.group("isa"))
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
    if ctx.has("jetson", "tegra", "jetpack", "l4t", "/home/nvidia/"):
        # Jetson's ARM cores do have what its wheels need: the known crash is NumPy 1.19.5's
        # OpenBLAS picking a kernel for another ARM core (numpy#18131; the fix
        # jetson-inference's maintainer gives in its #1023).
        facts["board"] = "jetson"
        cause = _(
            "On a Jetson the usual cause is NumPy 1.19.5's bundled OpenBLAS, which misreads "
            "the ARM core and runs instructions it does not have; it crashes on `import "
            "numpy` and so on `import torch`."
        )
        fix.append(
            _(
                "Run with `export OPENBLAS_CORETYPE=ARMV8` (add it to ~/.bashrc), or install "
                "numpy 1.19.4: `python3 -m pip install numpy==1.19.4`."
            )
        )
    elif k.machine in ("aarch64", "arm64"):
        fix.append(
            _(
                "On ARM boards (Jetson, Raspberry Pi): use wheels built for that board; for "
                "OpenBLAS crashes try OPENBLAS_CORETYPE=ARMV8."
            )
        )
    if k.os != "Darwin" and "board" not in facts:
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
        if k.machine is None and k.os is None and not ctx.has("x86_64", "amd64", "xeon"):
            # No word on the processor: an ARM board is as likely as an old x86 CPU
            # (errors_blind75: a Jetson whose NumPy/OpenBLAS misdetected the core).
            fix.append(
                _(
                    "On an ARM board (Jetson, Raspberry Pi), NumPy's OpenBLAS can misdetect "
                    "the core: run with OPENBLAS_CORETYPE=ARMV8, and use wheels built for "
                    "that board."
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
