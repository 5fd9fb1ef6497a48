"""The known errors: stable code, patterns, and what each one means and how to fix it.

Each entry's patterns run against normalised text (one line, single spaces; see
engine.normalise), so a message that wrapped, or that sits inside a traceback with
`RuntimeError:` / `UserWarning:` in front, still matches. Patterns are ordered most
informative first. `advise` turns a match plus what is known about the machine into
cause and fix, in the current language; it never does I/O.

Sources for the causes and fixes: shared/reference/check.md section 3 (NVIDIA's CUDA
compatibility and release notes, the PyTorch issues cited there) and the issue threads
quoted in tests/fixtures/errors/SOURCES.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from envdoctor.explain.decode import (
    MINOR_COMPAT_FLOOR,
    CudaVersion,
    arch_list_covers,
    architecture_name,
    branch_for_cuda,
    decode_cuda_api_version,
    driver_runs_cuda,
    format_gib,
    parse_cuda_version,
    parse_size,
    parse_sm,
    sm_name,
)
from envdoctor.explain.model import Advice, Context, Known
from envdoctor.i18n import N_, _, current_language


@dataclass(frozen=True)
class ErrorSpec:
    code: str
    title: str  # marked with N_(), translated when reported
    patterns: tuple[re.Pattern[str], ...]
    advise: Callable[[re.Match[str], Context], Advice]
    specificity: int = 2  # 3: message with values decoded, 2: exact message, 1: broad symptom
    supersedes: frozenset[str] = frozenset()  # codes this one makes redundant when both match
    # Lower-case substrings one of which must occur before the patterns run at all: a
    # plain `in` over a 10 MB log costs milliseconds, a regex scan can cost seconds.
    keywords: tuple[str, ...] = ()


def _sep() -> str:
    """Between two sentences: a space in English, nothing in Chinese."""
    return "" if current_language() == "zh_CN" else " "


def _stop() -> str:
    return "。" if current_language() == "zh_CN" else "."


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _index_url(variant: str) -> str:
    return f"https://download.pytorch.org/whl/{variant}"


def _install_cmd(variant: str) -> str:
    return (
        "python -m pip install --force-reinstall torch torchvision torchaudio "
        f"--index-url {_index_url(variant)}"
    )


def _variant_for_driver(driver_cuda: CudaVersion | None) -> str | None:
    """The PyTorch wheel family a driver runs without forward compatibility."""
    if driver_cuda is None:
        return None
    if driver_cuda.major >= 13:
        return "cu130"
    if driver_cuda.major == 12:
        return "cu128" if driver_cuda.minor >= 8 else "cu126"
    if driver_cuda.major == 11:
        return "cu118"
    return None


def _variant_for(known: Known) -> str:
    """The wheel family to reinstall with: what the driver runs and the GPUs need.

    Maxwell/Pascal/Volta are only in cu126 (and older) builds, Blackwell only in cu128
    and newer; otherwise the newest family the driver runs without forward
    compatibility; cu126 when nothing is known.
    """
    caps = [g.capability for g in known.gpus if g.capability]
    by_driver = _variant_for_driver(known.driver_cuda)
    if any((5, 0) <= cap < (7, 5) for cap in caps):
        return "cu118" if by_driver == "cu118" else "cu126"
    if any(cap >= (10, 0) for cap in caps):
        return by_driver if by_driver in ("cu128", "cu130") else "cu128"
    return by_driver or "cu126"


def _builds_for_driver(driver_cuda: CudaVersion) -> str:
    if driver_cuda.major >= 13:
        return _("CUDA 13.x builds (cu130 and newer) and every CUDA 12.x build")
    if driver_cuda.major == 12:
        return _("any CUDA 12.x build (cu121 … cu129), but no cu130 or newer build")
    if driver_cuda.major == 11:
        return _("CUDA 11.x builds such as cu118 (the last is torch 2.7), no cu12x build")
    return _(
        "only builds for CUDA {cuda} or older, i.e. old PyTorch 1.x releases; "
        "upgrading the driver is the realistic fix"
    ).format(cuda=driver_cuda)


def _driver_floor_step(cuda: CudaVersion, known: Known) -> str | None:
    floor = MINOR_COMPAT_FLOOR.get(cuda.major)
    if floor is None:
        return None
    linux, windows = floor
    if known.os == "Windows":
        return _(
            "Upgrade the NVIDIA driver to {version} or newer (needed by CUDA {major}.x)."
        ).format(version=windows, major=cuda.major)
    return _(
        "Upgrade the NVIDIA driver to {linux} or newer on Linux ({windows} on Windows); "
        "CUDA {major}.x builds need that."
    ).format(linux=linux, windows=windows, major=cuda.major)


def _driver_facts(known: Known) -> dict[str, object]:
    facts: dict[str, object] = {}
    if known.driver_version:
        facts["driver_version"] = known.driver_version
    if known.driver_cuda:
        facts["driver_max_cuda"] = str(known.driver_cuda)
    if known.torch_version:
        facts["torch_version"] = known.torch_version
    if known.torch_cuda:
        facts["torch_cuda"] = str(known.torch_cuda)
    return facts


CHECK_DRIVER = N_(
    "Run `nvidia-smi`: its header shows the driver version and, as 'CUDA Version', "
    "the newest CUDA that driver supports."
)
CHECK_TORCH = N_(
    'Run `python -c "import torch; print(torch.__version__, torch.version.cuda)"` '
    "to see which CUDA your PyTorch build needs."
)


# --- driver too old ---------------------------------------------------------------------


def _advise_insufficient(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    cause = _(
        "The CUDA runtime the program uses (bundled in the PyTorch wheel, the container "
        "image or the application) is newer than your NVIDIA driver supports. Every CUDA "
        "release needs a minimum driver version."
    )
    fix: list[str] = []
    if k.driver_cuda and k.torch_cuda:
        cause += _sep() + _(
            "Here the driver {driver} supports CUDA up to {dcuda}, and PyTorch was built "
            "for CUDA {tcuda}."
        ).format(driver=k.driver_version or "?", dcuda=k.driver_cuda, tcuda=k.torch_cuda)
        if not driver_runs_cuda(k.driver_cuda, k.torch_cuda):
            step = _driver_floor_step(k.torch_cuda, k)
            if step:
                fix.append(step)
        variant = _variant_for_driver(k.driver_cuda)
        if variant:
            fix.append(
                _("Or install a build this driver runs: {cmd}").format(cmd=_install_cmd(variant))
            )
    else:
        fix.append(_(CHECK_DRIVER))
        fix.append(_(CHECK_TORCH))
        fix.append(
            _(
                "Upgrade the driver to one whose CUDA version is at least the build's, or "
                "install a PyTorch build for an older CUDA (e.g. cu118 on a 470 driver)."
            )
        )
    fix.append(
        _(
            "In a container: the image's CUDA must not be newer than the host driver allows, "
            "and the container needs the GPU (`docker run --gpus all`, NVIDIA Container "
            "Toolkit); without the host's driver libraries CUDA reports this same error."
        )
    )
    return Advice(cause, tuple(fix), _driver_facts(k), used_local_facts=k.local)


def _advise_too_old(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    number = int(m.group("num"))
    found = decode_cuda_api_version(number)
    facts: dict[str, object] = {"found_version": number}
    fix: list[str] = []
    if found is None:
        cause = _("PyTorch found an NVIDIA driver older than the CUDA version it was built for.")
    else:
        branch = branch_for_cuda(found)
        facts["driver_max_cuda"] = str(found)
        if branch:
            facts["driver_branch"] = f"R{branch}"
            cause = _(
                "PyTorch asked the driver which CUDA it supports and got {number}, which "
                "means CUDA {cuda}: a driver of the R{branch} branch. This PyTorch build "
                "needs a newer CUDA than that."
            ).format(number=number, cuda=found, branch=branch)
        else:
            cause = _(
                "PyTorch asked the driver which CUDA it supports and got {number}, which "
                "means CUDA {cuda}. This PyTorch build needs a newer CUDA than that."
            ).format(number=number, cuda=found)
    if k.torch_cuda:
        facts["torch_cuda"] = str(k.torch_cuda)
        cause += _sep() + _("Your PyTorch build uses CUDA {tcuda}.").format(tcuda=k.torch_cuda)
        step = _driver_floor_step(k.torch_cuda, k)
        if step:
            fix.append(step)
    else:
        fix.append(_(CHECK_TORCH))
        fix.append(
            _(
                "Upgrade the NVIDIA driver: CUDA 12.x builds need 525.60.13 or newer "
                "(528.33 on Windows), CUDA 13.x builds need 580 or newer."
            )
        )
    if k.local and k.driver_version:
        facts["driver_version"] = k.driver_version
        if k.driver_cuda and found and str(k.driver_cuda) != str(found):
            cause += _sep() + _(
                "This machine's driver is {driver} (CUDA {dcuda}), not the one in the "
                "message: the error came from another machine or an older driver."
            ).format(driver=k.driver_version, dcuda=k.driver_cuda)
    kepler = any(g.capability and g.capability[0] == 3 for g in k.gpus)
    if kepler:
        fix.append(
            _(
                "Your Kepler GPU cannot use drivers newer than the R470 branch: install a "
                "CUDA 11.x build (cu118) instead of upgrading the driver."
            )
        )
    if found is not None:
        fix.append(
            _("Or keep the driver and install a build it runs: {builds}.").format(
                builds=_builds_for_driver(found)
            )
        )
        variant = _variant_for_driver(found)
        if variant:
            fix.append(_install_cmd(variant))
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


# --- GPU architecture not in the build ------------------------------------------------------


def _wheel_advice(cc: tuple[int, int], known: Known) -> tuple[str | None, list[str]]:
    """(wheel family, steps) for a GPU of capability `cc` that the installed build lacks."""
    major, minor = cc
    steps: list[str] = []
    variant: str | None
    if major >= 10:
        variant = "cu128"
        steps.append(
            _(
                "{sm} (Blackwell) needs a build with sm_100/sm_120 kernels: the cu128 or "
                "newer builds of torch 2.7 or later, and a driver of the R570 branch or newer."
            ).format(sm=sm_name(cc))
        )
    elif major in (5, 6):
        variant = "cu126"
        steps.append(
            _(
                "{sm} (Maxwell/Pascal) was dropped from the cu128 and newer builds; the cu126 "
                "builds still include sm_50/sm_60 (through torch 2.14)."
            ).format(sm=sm_name(cc))
        )
    elif major == 7 and minor < 5:
        variant = "cu126"
        steps.append(
            _(
                "{sm} (Volta) is in the cu126 builds; cu128 builds include it only for "
                "torch 2.8 to 2.10, and cu130 and newer builds not at all."
            ).format(sm=sm_name(cc))
        )
    elif major == 3 and minor == 7:
        variant = "cu118"
        steps.append(
            _(
                "sm_37 (Kepler K80) is only in the cu118 builds (up to torch 2.7); Kepler "
                "drivers stop at the R470 branch, which runs CUDA 11.x builds."
            )
        )
    elif major < 5:
        variant = None
        steps.append(
            _(
                "{sm} is older than every current official build: build PyTorch from source "
                "with TORCH_CUDA_ARCH_LIST={cap}, or run on the CPU."
            ).format(sm=sm_name(cc), cap=f"{major}.{minor}")
        )
    else:
        variant = _variant_for_driver(known.driver_cuda) or "cu126"
        steps.append(
            _(
                "{sm} is in every current CUDA build: this PyTorch is very old or was built "
                "for other GPUs. Install a current build."
            ).format(sm=sm_name(cc))
        )
    if variant:
        steps.append(_install_cmd(variant))
        build = parse_cuda_version(variant)
        if known.driver_cuda and build and not driver_runs_cuda(known.driver_cuda, build):
            step = _driver_floor_step(build, known)
            if step:
                steps.append(
                    _("Your driver (CUDA {dcuda}) cannot run {variant} builds yet: {step}").format(
                        dcuda=known.driver_cuda, variant=variant, step=step
                    )
                )
    return variant, steps


def _clean_gpu_name(raw: str) -> str:
    raw = raw.strip(" .:'\"")
    for prefix in ("NVIDIA ", "Tesla ", "Quadro ", "GeForce ", "Graphics Device"):
        at = raw.rfind(prefix)
        if at >= 0:
            return raw[at:]
    return raw


def _name_before(text: str, end: int) -> str:
    """The words before `end` back to the previous colon: where a message puts the GPU name."""
    before = text[max(0, end - 100) : end]
    return re.split(r"[:：]", before)[-1].strip() or "GPU"


def _same_gpu(a: str, b: str) -> bool:
    """'GeForce RTX 3080' and 'NVIDIA GeForce RTX 3080' name the same GPU (drivers differ)."""

    def key(name: str) -> str:
        return re.sub(r"^nvidia\s+", "", name.strip().lower())

    return key(a) == key(b) or key(a) in key(b) or key(b) in key(a)


def _advise_sm(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    cc = parse_sm(m.group("sm"))
    gpu = _clean_gpu_name(m.group("gpu") or _name_before(ctx.text, m.start()))
    archs = (m.group("archs") or "").split()
    facts: dict[str, object] = {"gpu": gpu, "gpu_arch": m.group("sm")}
    if archs:
        facts["build_arch_list"] = archs
    assert cc is not None  # the pattern only matches sm_ followed by digits
    arch = architecture_name(cc)
    if arch:
        facts["architecture"] = arch
    cause = _(
        "Your {gpu} has compute capability {cap} ({sm}), but the installed PyTorch build "
        "contains no kernels for it"
    ).format(gpu=gpu, cap=f"{cc[0]}.{cc[1]}", sm=sm_name(cc))
    cause += (
        (_(" (it has {archs}).").format(archs=" ".join(archs)) if archs else _stop())
        + _sep()
        + _(
            "CUDA calls will fail with 'no kernel image is available', even though "
            "torch.cuda.is_available() returns True."
        )
    )
    variant, steps = _wheel_advice(cc, k)
    if variant:
        facts["suggested_variant"] = variant
    local_names = [g.name for g in k.gpus]
    if k.local and local_names and not any(_same_gpu(gpu, name) for name in local_names):
        facts["local_gpus"] = local_names
        cause += _sep() + _(
            "This machine has {local}, not the GPU in the message: the message came from "
            "another machine."
        ).format(local=", ".join(local_names))
    if k.local and k.torch_version and k.arch_list and arch_list_covers(cc, k.arch_list):
        # The build here is fine: the message came from another interpreter or an old install.
        facts["local_torch_version"] = k.torch_version
        cause += _sep() + _(
            "The PyTorch checked here ({version}) does include {sm} kernels, so the message "
            "came from another environment or from before a reinstall."
        ).format(version=k.torch_version, sm=sm_name(cc))
        steps.insert(
            0,
            _(
                "Run the program with the interpreter that has the new build; compare "
                '`python -c "import torch; print(torch.__file__, torch.__version__)"` in both.'
            ),
        )
    return Advice(cause, tuple(steps), facts, key=sm_name(cc), used_local_facts=k.local)


def _advise_gpu_too_old(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    cc = parse_sm(m.group("cc"))
    assert cc is not None
    gpu = _clean_gpu_name(m.group("gpu"))
    facts: dict[str, object] = {"gpu": gpu, "gpu_capability": m.group("cc")}
    minimum = m.group("min")
    if minimum:
        facts["build_minimum_capability"] = minimum
    cause = _(
        "Your {gpu} has compute capability {cap}; the installed PyTorch build was compiled "
        "only for newer GPUs"
    ).format(gpu=gpu, cap=m.group("cc"))
    cause += (
        (_(" (minimum {minimum}).").format(minimum=minimum) if minimum else _stop())
        + _sep()
        + _("GPU operations will fail with 'no kernel image is available'.")
    )
    variant, steps = _wheel_advice(cc, k)
    if variant:
        facts["suggested_variant"] = variant
    return Advice(cause, tuple(steps), facts, key=m.group("cc"), used_local_facts=k.local)


def _advise_no_kernel(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    facts: dict[str, object] = {}
    gpu = next((g for g in k.gpus if g.capability), None)
    if gpu and gpu.capability and k.arch_list:
        facts.update(
            {
                "gpu": gpu.name,
                "gpu_arch": sm_name(gpu.capability),
                "build_arch_list": list(k.arch_list),
            }
        )
        if not arch_list_covers(gpu.capability, k.arch_list):
            cause = _(
                "The GPU code in a binary has no version for your GPU: your {gpu} is {sm}, "
                "and your PyTorch build contains {archs}."
            ).format(gpu=gpu.name, sm=sm_name(gpu.capability), archs=" ".join(k.arch_list))
            variant, steps = _wheel_advice(gpu.capability, k)
            if variant:
                facts["suggested_variant"] = variant
            return Advice(cause, tuple(steps), facts, used_local_facts=True)
        cause = _(
            "Your PyTorch build does cover your {gpu} ({sm}), so the failing kernel most "
            "likely comes from a compiled extension (flash-attn, mamba-ssm, detectron2, "
            "mmcv, a project's own CUDA ops) that was built for other GPUs."
        ).format(gpu=gpu.name, sm=sm_name(gpu.capability))
        cap = f"{gpu.capability[0]}.{gpu.capability[1]}"
        fix: tuple[str, ...] = (
            _(
                "Rebuild that extension for your GPU: set TORCH_CUDA_ARCH_LIST={cap} and "
                "reinstall it with `pip install --no-build-isolation --no-cache-dir "
                "--force-reinstall <package>` (or install a prebuilt wheel made for your "
                "torch, CUDA and GPU)."
            ).format(cap=cap),
            _("Check which library fails: the Python frames just above the error name it."),
        )
        return Advice(cause, fix, facts, used_local_facts=True)
    cause = _(
        "The GPU code in a binary has no version for your GPU's architecture, and no PTX "
        "that could be compiled for it. Either the PyTorch build does not support the GPU "
        "(too new: RTX 50 / B200 on builds before cu128; too old: Maxwell/Pascal on cu128 "
        "and newer builds), or a compiled extension was built for other GPUs."
    )
    fix = (
        _(
            'Compare `python -c "import torch; print(torch.cuda.get_device_capability(), '
            'torch.cuda.get_arch_list())"`: if your sm_XY is not in the list, install a '
            "build that has it (cu128+ for RTX 50 / Blackwell, cu126 for GTX 10 / Pascal)."
        ),
        _(
            "If it is in the list, rebuild the extension named in the traceback with "
            "TORCH_CUDA_ARCH_LIST set to your GPU's capability (e.g. 8.6)."
        ),
        _("Run `envdoctor check` to compare the GPU with the build automatically."),
    )
    return Advice(cause, fix, facts)


# --- PyTorch installation --------------------------------------------------------------------


def _advise_not_compiled(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    facts = _driver_facts(k)
    cause = _(
        "The installed PyTorch is a CPU-only build, but the code asked for CUDA "
        "(.cuda(), device='cuda')."
    )
    fix: list[str] = []
    if k.os == "Darwin":
        cause += _sep() + _("macOS has no CUDA: use device 'mps' on Apple silicon, or the CPU.")
        fix.append(_("Change the code to use torch.device('mps') or 'cpu' instead of 'cuda'."))
        return Advice(cause, tuple(fix), facts, used_local_facts=k.local)
    if k.nvidia_pci_devices == 0 and not k.container:
        # Inside a container the PCI bus may be hidden; only trust "no GPU" outside one.
        facts["nvidia_pci_devices"] = 0
        cause += _sep() + _("This machine has no NVIDIA GPU, so a CUDA build would not help here.")
        fix.append(_("No NVIDIA GPU? Then change the code to run on the CPU (device='cpu')."))
        fix.append(_("Or run the program on a machine with an NVIDIA GPU."))
        return Advice(cause, tuple(fix), facts, used_local_facts=True)
    if k.torch_is_cpu_only:
        cause += _sep() + _("Your PyTorch is {version}: a CPU build.").format(
            version=k.torch_version
        )
    if k.os == "Windows":
        cause += _sep() + _(
            "On Windows, `pip install torch` from PyPI always installs the CPU build."
        )
    else:
        cause += _sep() + _(
            "Usual reasons: PyTorch came from a CPU index or a cached CPU wheel, or a later "
            "`pip install -r requirements.txt` replaced the CUDA build."
        )
    variant = _variant_for(k)
    facts["suggested_variant"] = variant
    fix.append("python -m pip uninstall -y torch torchvision torchaudio")
    fix.append(_install_cmd(variant).replace("--force-reinstall ", "--no-cache-dir "))
    if k.driver_cuda is None:
        fix.append(
            _(
                "Pick the variant your driver supports (`nvidia-smi` shows its CUDA "
                "version; cu126 needs 525.60.13 or newer)."
            )
        )
    fix.append(
        _(
            "Pin the CUDA build (e.g. torch==<version>+{variant}) so that other "
            "requirements cannot replace it."
        ).format(variant=variant)
    )
    fix.append(_("No NVIDIA GPU? Then change the code to run on the CPU (device='cpu')."))
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


_TORCH_INIT_PATH = re.compile(r'File "(?P<dir>[^"]{1,300}?)[\\/]torch[\\/][^"]{0,200}\.py"')


def _advise_torch_c(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    facts: dict[str, object] = {}
    where = None
    found = _TORCH_INIT_PATH.search(ctx.text)
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
            cause += _sep() + _(
                "Here torch was imported from {where}, an installed location, so the "
                "installation itself is incomplete."
            ).format(where=where)
            fix.append(
                "python -m pip uninstall -y torch && python -m pip install --no-cache-dir torch"
            )
        else:
            cause += _sep() + _(
                "Here torch was imported from {where}, which is not a site-packages "
                "folder: that is the shadowing copy."
            ).format(where=where)
            sep = "\\" if "\\" in where else "/"
            fix.append(
                _("Run your program from another directory, or rename {folder}.").format(
                    folder=f"{where}{sep}torch"
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


# --- missing shared libraries ----------------------------------------------------------------


def _lib_major(lib: str) -> int | None:
    m = re.search(r"\.so\.(\d+)", lib)
    if m:
        return int(m.group(1))
    m = re.search(r"64_(\d+)\.dll$", lib)
    return int(m.group(1)) if m else None


def _advise_cudnn_missing(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    lib = m.group("lib")
    major = _lib_major(lib)
    facts: dict[str, object] = {"library": lib}
    if major:
        facts["cudnn_major"] = major
    if k.torch_cudnn:
        facts["torch_cudnn"] = k.torch_cudnn
    cause = _(
        "A program could not load the cuDNN library {lib}. PyTorch wheels bring cuDNN as "
        "the pip package nvidia-cudnn-cu11/-cu12/-cu13; other programs (faster-whisper / "
        "CTranslate2, onnxruntime, TensorRT) load a cuDNN of the major version they were "
        "built for, from the library path."
    ).format(lib=lib)
    fix: list[str] = []
    if major == 8 and ("_infer" in lib or "_train" in lib or (k.torch_cudnn or "").startswith("9")):
        cause += _sep() + _(
            "{lib} is a cuDNN 8 file name; cuDNN 9 (used by current PyTorch) renamed these "
            "libraries, so a program built for cuDNN 8 cannot use it."
        ).format(lib=lib)
        fix.append(
            _(
                "Prefer a release of that program built for cuDNN 9 (for faster-whisper: "
                "CTranslate2 4.5 or newer)."
            )
        )
        fix.append(
            _(
                "Or install cuDNN 8 next to it (the system package libcudnn8, or a separate "
                "venv with nvidia-cudnn-cu11/-cu12 8.x) and add its lib folder to "
                "LD_LIBRARY_PATH; do not downgrade the cuDNN that torch depends on."
            )
        )
    else:
        fix.append(
            _(
                "If `import torch` fails: reinstall torch from the index of its CUDA variant "
                "so the matching nvidia-cudnn package comes back: {cmd}"
            ).format(cmd=_install_cmd(_variant_for(k)))
        )
        fix.append(
            _(
                "Check `pip show nvidia-cudnn-cu12` (or -cu11/-cu13) against "
                "`pip show torch`; another package may have replaced it with another major."
            )
        )
        fix.append(
            _(
                "Remove LD_LIBRARY_PATH entries that point at a system cuDNN of another "
                "version (`echo $LD_LIBRARY_PATH`)."
            )
        )
    return Advice(cause, tuple(fix), facts, key=lib, used_local_facts=k.local)


def _advise_cuda_lib_missing(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    lib = m.group("lib")
    major = _lib_major(lib)
    facts: dict[str, object] = {"library": lib}
    if major:
        facts["library_cuda_major"] = major
    cause = _(
        "The CUDA library {lib} could not be loaded. PyTorch wheels install the CUDA "
        "libraries as pip packages (nvidia-cublas-cu12, nvidia-cuda-nvrtc-cu12, …); they "
        "are missing, have another major version, or another program looks for a system "
        "CUDA installation."
    ).format(lib=lib)
    fix: list[str] = []
    if major and k.torch_cuda and major != k.torch_cuda.major and major > 9:
        cause += _sep() + _(
            "{lib} belongs to CUDA {major}, but your PyTorch uses CUDA {tcuda}: the program "
            "asking for it was built for a different CUDA."
        ).format(lib=lib, major=major, tcuda=k.torch_cuda)
        facts["torch_cuda"] = str(k.torch_cuda)
        fix.append(
            _(
                "Install the build of that program made for CUDA {tmajor}, or a PyTorch and "
                "program pair built for the same CUDA."
            ).format(tmajor=k.torch_cuda.major)
        )
    fix.append(
        _(
            "Reinstall torch from its CUDA index so its nvidia-* packages are complete: {cmd}"
        ).format(cmd=_install_cmd(_variant_for(k)))
    )
    fix.append(_("Check `pip list | grep nvidia` for missing or mixed -cu11/-cu12 packages."))
    if "nvrtc" in lib:
        fix.append(
            _(
                "libnvrtc is needed for JIT compilation (torch.compile, fused kernels): "
                "install nvidia-cuda-nvrtc-cu{major} of the same CUDA version as torch."
            ).format(major=(k.torch_cuda.major if k.torch_cuda else major) or 12)
        )
    fix.append(
        _("On a machine without an NVIDIA GPU, install the CPU build instead: {cmd}").format(
            cmd=_install_cmd("cpu")
        )
    )
    return Advice(cause, tuple(fix), facts, key=lib, used_local_facts=k.local)


def _advise_torch_lib_missing(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    lib = m.group("lib")
    facts: dict[str, object] = {"library": lib}
    if k.torch_version:
        facts["torch_version"] = k.torch_version
    cause = _(
        "A compiled extension (mmcv, pytorch3d, torch-scatter, a project's own CUDA ops) "
        "was built against a different PyTorch and now looks for {lib}, which your "
        "installed PyTorch does not provide or which is not on the loader path."
    ).format(lib=lib)
    if "torch_cuda_cu" in lib or "torch_cuda_cpp" in lib:
        cause += _sep() + _(
            "Older PyTorch releases split libtorch_cuda into libtorch_cuda_cu and "
            "libtorch_cuda_cpp; current releases ship neither file."
        )
    fix = (
        _(
            "Reinstall the extension for your torch: a prebuilt wheel for your exact torch "
            "and CUDA version, or rebuild it with `pip install --no-build-isolation "
            "--no-cache-dir --force-reinstall <package>`."
        ),
        _("Import torch before the extension, so its libraries are already loaded."),
    )
    return Advice(cause, fix, facts, key=lib, used_local_facts=k.local)


def _advise_driver_lib_missing(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    lib = m.group("lib")
    facts: dict[str, object] = {"library": lib}
    cause = _(
        "{lib} comes with the NVIDIA driver, not with PyTorch or the CUDA toolkit. It "
        "cannot be loaded because no driver is installed, the program runs in a container "
        "without GPU access, or (WSL) /usr/lib/wsl/lib is not on the loader path."
    ).format(lib=lib)
    fix = _no_driver_steps(k)
    return Advice(cause, fix, facts, key=lib, used_local_facts=k.local)


# --- driver state ------------------------------------------------------------------------


def _no_driver_steps(k: Known) -> tuple[str, ...]:
    steps: list[str] = []
    if k.os == "Darwin":
        steps.append(_("macOS has no NVIDIA/CUDA support: use device 'mps' or the CPU."))
        return tuple(steps)
    if k.wsl == 1:
        steps.append(
            _("WSL 1 has no GPU access: convert the distro with `wsl --set-version <distro> 2`.")
        )
    elif k.wsl:
        steps.append(
            _(
                "WSL 2: install only the Windows NVIDIA driver; remove any Linux "
                "nvidia-driver package inside the distro, it hides /usr/lib/wsl/lib."
            )
        )
    if k.container:
        steps.append(
            _(
                "In a container: start it with `--gpus all` (Docker, with the NVIDIA "
                "Container Toolkit on the host) or request GPUs in the pod spec."
            )
        )
    if k.nvidia_pci_devices == 0:
        steps.append(
            _(
                "No NVIDIA GPU is visible on the PCI bus of this machine: a CPU-only "
                "instance or runtime, or a laptop whose NVIDIA GPU is disabled. Run on the "
                "CPU or switch to a GPU machine/runtime."
            )
        )
    steps.append(_("Check the hardware: `lspci | grep -i nvidia` (Linux)."))
    steps.append(
        _(
            "Install the NVIDIA driver: `ubuntu-drivers devices` then "
            "`sudo apt install nvidia-driver-<branch>` on Ubuntu, or the driver from "
            "nvidia.com; then reboot and run `nvidia-smi`."
        )
    )
    steps.append(_("No NVIDIA GPU at all? Remove hard-coded .cuda() calls and run on the CPU."))
    return tuple(steps)


def _advise_no_driver(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    cause = _(
        "This PyTorch build supports CUDA, but the NVIDIA driver library (libcuda) could "
        "not be loaded: there is no NVIDIA GPU, the driver is not installed or not "
        "loaded, the container was started without GPU access, or it runs under WSL 1."
    )
    facts: dict[str, object] = {}
    if k.driver_state:
        facts["driver_state"] = k.driver_state
    if k.nvidia_pci_devices is not None:
        facts["nvidia_pci_devices"] = k.nvidia_pci_devices
    return Advice(cause, _no_driver_steps(k), facts, used_local_facts=k.local)


def _advise_no_device(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    cause = _(
        "CUDA started but found no usable GPU: CUDA_VISIBLE_DEVICES hides them (an empty "
        "or invalid value hides every GPU), the container has no GPU attached, or the "
        "driver is not working."
    )
    facts: dict[str, object] = {}
    fix: list[str] = []
    if k.cuda_visible_devices is not None:
        facts["CUDA_VISIBLE_DEVICES"] = k.cuda_visible_devices
        cause += _sep() + _("Here CUDA_VISIBLE_DEVICES={value!r}.").format(
            value=k.cuda_visible_devices
        )
    fix.append(
        _(
            "Check `echo $CUDA_VISIBLE_DEVICES`: unset it, or list valid indices/UUIDs from "
            "`nvidia-smi -L`."
        )
    )
    fix.extend(_no_driver_steps(k))
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


def _advise_nvml_mismatch(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    facts: dict[str, object] = {}
    lib = m.group("lib")
    if lib:
        facts["nvml_library_version"] = lib
    elif k.nvml_library_version:
        facts["nvml_library_version"] = k.nvml_library_version
    if k.kernel_module_version:
        facts["kernel_module_version"] = k.kernel_module_version
    cause = _(
        "The NVIDIA user-space libraries were upgraded (often by unattended-upgrades or a "
        "driver install) while the old kernel module is still loaded, so the two versions "
        "differ."
    )
    if k.kernel_module_version and facts.get("nvml_library_version"):
        cause += _sep() + _("Loaded kernel module: {kmod}; library: {lib}.").format(
            kmod=k.kernel_module_version, lib=facts["nvml_library_version"]
        )
    fix = (
        _("Reboot: the new kernel module loads and the versions match again."),
        _(
            "Without a reboot: stop every GPU process, then `sudo rmmod nvidia_uvm "
            "nvidia_drm nvidia_modeset nvidia` and run `nvidia-smi` (it reloads the module)."
        ),
        _(
            "Compare `cat /proc/driver/nvidia/version` with the library version, and see "
            "what upgraded it: `grep -i nvidia /var/log/apt/history.log`."
        ),
        _(
            "Stop surprise upgrades on servers: `sudo apt-mark hold` the nvidia driver "
            "packages, or exclude them from unattended-upgrades."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=k.local)


def _advise_driver_not_loaded(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    cause = _(
        "nvidia-smi is installed but the NVIDIA kernel module is not running. Usual "
        "reasons: Secure Boot refused the unsigned module, the kernel was updated and the "
        "module was not rebuilt for it (DKMS), or nouveau took the GPU."
    )
    fix = (
        _("Look for the reason: `sudo dmesg | grep -i -E 'nvidia|nouveau'`."),
        _(
            "Secure Boot: `mokutil --sb-state`; enrol the driver's signing key (MOK) or "
            "disable Secure Boot."
        ),
        _(
            "After a kernel update: `dkms status`, install the headers "
            "(`sudo apt install linux-headers-$(uname -r)`) and reinstall the driver."
        ),
        _("Then reboot and run `nvidia-smi` again."),
    )
    return Advice(cause, fix, {}, used_local_facts=k.local)


def _advise_smi_missing(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    cause = _(
        "nvidia-smi is installed together with the NVIDIA driver; the shell cannot find "
        "it, so the driver is probably missing here. (PyTorch needs the driver, but "
        "neither nvidia-smi on PATH nor a CUDA toolkit.)"
    )
    fix: list[str] = []
    if k.os == "Windows":
        fix.append(
            _(
                "Windows: current drivers put nvidia-smi.exe in C:\\Windows\\System32 "
                "(older ones in C:\\Program Files\\NVIDIA Corporation\\NVSMI); if it is in "
                "neither, install the driver from nvidia.com."
            )
        )
    fix.extend(_no_driver_steps(k))
    return Advice(cause, tuple(fix), {}, used_local_facts=k.local)


# --- CUDA initialisation --------------------------------------------------------------------


# Where the CUDA error text ends inside a flattened log.
_MSG_END = re.compile(r" (?:\(|at [/A-Za-z]|return |RuntimeError|ERROR|Traceback|File )")


def _advise_cuda_init(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    number = int(m.group("num"))
    message = _MSG_END.split(m.group("msg") or "", maxsplit=1)[0].strip()
    facts: dict[str, object] = {"cuda_error": number, "cuda_error_text": message}
    facts.update(_driver_facts(k))
    if number == 804:
        cause = _(
            "CUDA loaded a driver library for forward compatibility (the cuda-compat "
            "package that many CUDA container images carry in /usr/local/cuda/compat, or a "
            "libcuda newer than the loaded kernel module). Forward compatibility works only "
            "on data-center GPUs, so on GeForce/RTX cards it fails."
        )
        fix: tuple[str, ...] = (
            _("If the driver was upgraded recently, reboot first."),
            _(
                "In a container, use an image whose CUDA the host driver supports natively "
                "(`nvidia-smi` on the host shows it), or remove /usr/local/cuda/compat from "
                "LD_LIBRARY_PATH and the ld.so cache."
            ),
            _("Or upgrade the host driver so no forward compatibility is needed."),
        )
        return Advice(
            cause,
            fix,
            facts,
            code="cuda-forward-compat-unsupported",
            title=_("CUDA forward compatibility not supported on this GPU"),
            key="804",
            used_local_facts=k.local,
        )
    if number == 802:
        cause = _(
            "On NVSwitch systems (HGX/DGX boards with 8 A100, H100, H200 or B200 GPUs) CUDA "
            "cannot start until the NVIDIA Fabric Manager service runs, and its version "
            "must match the driver exactly."
        )
        pkg = "nvidia-fabricmanager-<branch>"
        if k.driver_version:
            pkg = f"nvidia-fabricmanager-{k.driver_version.split('.')[0]}={k.driver_version}-*"
        fix = (
            _("Check it: `systemctl status nvidia-fabricmanager`."),
            _(
                "Install the package matching the driver ({pkg}) and start it: "
                "`sudo systemctl enable --now nvidia-fabricmanager`."
            ).format(pkg=pkg),
            _("On other machines this error usually means the driver needs a reboot."),
        )
        return Advice(
            cause,
            fix,
            facts,
            code="cuda-fabric-manager-not-running",
            title=_("CUDA system not initialised (Fabric Manager)"),
            key="802",
            used_local_facts=k.local,
        )
    if number == 803:
        cause = _(
            "The CUDA driver library (libcuda) and the loaded kernel module come from "
            "different driver versions: a half-finished upgrade, a mixed install, or "
            "compat libraries from a container image."
        )
        fix = (
            _("Reboot after the driver upgrade."),
            _("Remove /usr/local/cuda/compat (or other libcuda copies) from LD_LIBRARY_PATH."),
            _("If it persists, reinstall the driver cleanly."),
        )
        return Advice(
            cause,
            fix,
            facts,
            code="cuda-driver-combination-unsupported",
            title=_("Unsupported display driver / CUDA driver combination"),
            key="803",
            used_local_facts=k.local,
        )
    if number == 34:
        cause = _(
            "The program loaded the stub libcuda.so from a CUDA toolkit's lib64/stubs "
            "folder instead of the real driver library."
        )
        fix = (
            _("Remove the …/lib64/stubs folder from LD_LIBRARY_PATH."),
            _("Make sure the NVIDIA driver is installed (`nvidia-smi`)."),
        )
        return Advice(cause, fix, facts, key="34", used_local_facts=k.local)
    if number == 35:
        return replace(
            _advise_insufficient(m, ctx),
            code="cuda-driver-insufficient",
            title=_("CUDA driver older than the CUDA runtime"),
        )
    if number in (38, 100):  # cudaErrorNoDevice: 38 before CUDA 10.1, 100 since
        return replace(
            _advise_no_device(m, ctx),
            code="no-cuda-device",
            title=_("No CUDA-capable device visible"),
        )
    cause = _(
        "CUDA could not initialise (error {number}: {message}). PyTorch then reports "
        "torch.cuda.is_available() == False."
    ).format(number=number, message=message or "?")
    fix_list: list[str] = []
    if k.wsl or number == 2:
        fix_list.append(
            _(
                "On WSL 2: update the Windows NVIDIA driver and WSL (`wsl --update`), "
                "remove Linux nvidia-driver packages inside the distro, and check that "
                "/usr/lib/wsl/lib/libcuda.so.1 exists."
            )
        )
    if number == 999:
        fix_list.append(
            _(
                "Error 999 often follows suspend/resume: `sudo rmmod nvidia_uvm && sudo "
                "modprobe nvidia_uvm`, or reboot."
            )
        )
    fix_list.append(_("Reboot if the driver was upgraded recently."))
    fix_list.append(_("Run `envdoctor check` for the driver, GPU and PyTorch state."))
    return Advice(cause, tuple(fix_list), facts, key=str(number), used_local_facts=k.local)


def _advise_ptx(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    facts = _driver_facts(k)
    cause = _(
        "The program contains PTX (portable GPU code) made by a newer CUDA toolkit than "
        "your driver knows, and no compiled code for your GPU. A driver can only "
        "JIT-compile PTX from its own CUDA version or older; minor-version compatibility "
        "does not cover this."
    )
    fix: list[str] = []
    local = [v for v in (k.nvcc, k.torch_cuda) if v is not None]
    if k.nvcc is not None:
        facts["nvcc_cuda"] = str(k.nvcc)
    dcuda = k.driver_cuda
    newer = [v for v in local if dcuda is None or (v.major, v.minor) > (dcuda.major, dcuda.minor)]
    if newer and dcuda is not None:
        top = max(newer, key=lambda v: (v.major, v.minor))
        facts["code_cuda"] = str(top)
        cause += _sep() + _(
            "Here the code comes from CUDA {newer}, and the driver supports up to {dcuda}."
        ).format(newer=top, dcuda=dcuda)
        branch = branch_for_cuda(top)
        if branch:
            fix.append(
                _("Upgrade the driver to the R{branch} branch (CUDA {newer}) or newer.").format(
                    branch=branch, newer=top
                )
            )
    elif local and dcuda is not None:
        cause += _sep() + _(
            "The CUDA here ({local}) is not newer than the driver's ({dcuda}), so the PTX "
            "comes from a prebuilt binary (a wheel or library built with a newer CUDA)."
        ).format(local=", ".join(str(v) for v in local), dcuda=dcuda)
        fix.append(
            _(
                "Rebuild that library from source with your local toolkit, or install a "
                "build of it made for CUDA {dcuda} or older."
            ).format(dcuda=dcuda)
        )
    if not fix:
        fix.append(
            _("Upgrade the NVIDIA driver to one whose CUDA version is at least the toolkit's.")
        )
    fix.append(
        _(
            "Or compile with a toolkit no newer than the driver's CUDA version, and with "
            "real code for your GPU (e.g. -arch=sm_86 / TORCH_CUDA_ARCH_LIST) so no JIT is "
            "needed."
        )
    )
    fix.append(_("In containers: use an image whose CUDA is not newer than the host driver's."))
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


# --- runtime errors -------------------------------------------------------------------------


def _advise_oom(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    groups = m.groupdict()
    facts: dict[str, object] = {}

    def size(name: str) -> int | None:
        raw = groups.get(name)
        if not raw:
            return None
        facts[name] = raw
        return parse_size(raw)

    req, total, free = size("requested"), size("total"), size("free")
    in_use, allocated, reserved = size("in_use"), size("allocated"), size("reserved")
    gpu_index = groups.get("gpu")
    if gpu_index is not None:
        facts["gpu_index"] = int(gpu_index)
    cause = _("The GPU ran out of memory: PyTorch could not allocate the next block.")
    fix: list[str] = []
    if req is not None and total is not None and req > total:
        cause += _sep() + _(
            "The single request ({req}) is larger than the whole GPU ({total}), so no "
            "setting can make it fit: the work itself must get smaller."
        ).format(req=format_gib(req), total=format_gib(total))
    elif req is not None and free is not None and free >= max(req * 3 // 2, req + 512 * 1024**2):
        # Clearly more free than asked for: only fragmentation explains the failure
        # (a few MiB over the request are eaten by allocation granularity).
        cause += _sep() + _(
            "{free} is free, more than the {req} requested, but not in one piece: the "
            "memory is fragmented."
        ).format(free=format_gib(free), req=format_gib(req))
        fix.append(
            _(
                "Set PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True before starting the "
                "program to reduce fragmentation."
            )
        )
    elif total is not None and free is not None and in_use is not None:
        others = total - free - in_use
        if others > max(1024**3, total // 4):
            cause += _sep() + _(
                "About {others} of the {total} are used by other processes, not this one."
            ).format(others=format_gib(others), total=format_gib(total))
            fix.append(
                _(
                    "Check `nvidia-smi` for other processes on this GPU (another training run, "
                    "a notebook kernel, a zombie process) and stop them, or use another GPU."
                )
            )
        else:
            cause += _sep() + _("This process itself holds {in_use} of the {total}.").format(
                in_use=format_gib(in_use), total=format_gib(total)
            )
    if (
        reserved is not None
        and allocated is not None
        and reserved > allocated / 2
        and reserved > 1024**3
    ):
        fix.append(
            _(
                "PyTorch has {reserved} reserved but unused: try "
                "PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True."
            ).format(reserved=format_gib(reserved))
        )
    gpus = [g for g in k.gpus if g.memory_total_mib]
    if k.local and gpus:
        index = int(gpu_index) if gpu_index is not None and int(gpu_index) < len(gpus) else 0
        gpu = gpus[index]
        assert gpu.memory_total_mib is not None
        facts["local_gpu"] = gpu.name
        facts["local_gpu_memory_total_mib"] = gpu.memory_total_mib
        cause += _sep() + _("Your {gpu} has {mem} of memory in total.").format(
            gpu=gpu.name, mem=format_gib(gpu.memory_total_mib * 1024**2)
        )
    fix.extend(
        (
            _("Reduce the batch size (and image size / sequence length)."),
            _(
                "Use less memory per sample: mixed precision (torch.autocast with bfloat16 "
                "or float16), gradient checkpointing, or gradient accumulation."
            ),
            _(
                "For inference, wrap it in torch.inference_mode() so no activations are "
                "kept for backward."
            ),
        )
    )
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


_NCCL_VERSION = re.compile(r"NCCL version (\d+\.\d+\.\d+)")
_NCCL_KINDS = (
    ("system", re.compile(r"unhandled system error|ncclSystemError", re.IGNORECASE)),
    ("remote", re.compile(r"remote process exited|ncclRemoteError", re.IGNORECASE)),
    ("invalid-usage", re.compile(r"invalid usage|ncclInvalidUsage|Duplicate GPU", re.IGNORECASE)),
    ("cuda", re.compile(r"unhandled cuda error|ncclUnhandledCudaError", re.IGNORECASE)),
    ("internal", re.compile(r"internal error|ncclInternalError", re.IGNORECASE)),
)


def _advise_nccl(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    text = m.group(0)
    kind = next((name for name, rx in _NCCL_KINDS if rx.search(text)), "other")
    facts: dict[str, object] = {"nccl_error": kind}
    version = _NCCL_VERSION.search(ctx.text)
    if version:
        facts["nccl_version"] = version.group(1)
    debug = _(
        "Run again with NCCL_DEBUG=INFO (and NCCL_DEBUG_SUBSYS=INIT,NET) and read the first "
        "'NCCL WARN' line: it names the failing call."
    )
    if kind == "system":
        code, title = "nccl-system-error", _("NCCL system error")
        cause = _(
            "NCCL hit a failed system or library call while setting up or running "
            "communication. Common causes: too little shared memory in a Docker container "
            "(64 MB by default), the wrong network interface, or a broken InfiniBand/RDMA "
            "setup."
        )
        fix: tuple[str, ...] = (
            debug,
            _("In Docker: run with `--ipc=host` or `--shm-size=16g`."),
            _(
                "Pick the interface explicitly: NCCL_SOCKET_IFNAME=<interface> (see `ip a`); "
                "to test without InfiniBand: NCCL_IB_DISABLE=1."
            ),
            _("On consumer GPUs without working peer-to-peer, try NCCL_P2P_DISABLE=1."),
        )
    elif kind == "remote":
        code, title = "nccl-remote-error", _("NCCL remote process exited or network error")
        cause = _(
            "Another rank of the job stopped (crashed, ran out of memory, was killed) or the "
            "network between the nodes failed. The error on this rank is a consequence."
        )
        fix = (
            _("Find the first rank that failed in the logs and fix its error (often an OOM)."),
            debug,
            _("Check the inter-node network: firewalls, InfiniBand link state (`ibstat`)."),
        )
    elif kind == "invalid-usage":
        code, title = "nccl-invalid-usage", _("NCCL invalid usage")
        cause = _(
            "NCCL was called in a way it does not allow; by far the most common case is two "
            "ranks using the same GPU ('Duplicate GPU detected')."
        )
        fix = (
            _(
                "Give each process its own GPU: torch.cuda.set_device(local_rank) before "
                "init_process_group, and check CUDA_VISIBLE_DEVICES per rank."
            ),
            debug,
        )
    elif kind == "cuda":
        code, title = "nccl-cuda-error", _("NCCL unhandled CUDA error")
        cause = _(
            "A CUDA call inside NCCL failed; the real CUDA error (out of memory, driver "
            "problem) is printed earlier in the log."
        )
        fix = (debug, _("Look for the CUDA error above this one and explain that first."))
    else:
        code, title = "nccl-error", _("NCCL error")
        cause = _(
            "NCCL, the library that moves tensors between GPUs in distributed training, "
            "failed. An internal error often follows a failure on another rank or mixed "
            "NCCL versions between nodes."
        )
        fix = (
            debug,
            _("Check that every node runs the same torch and NCCL versions."),
            _("Find the first rank that failed in the logs and fix its error (often an OOM)."),
        )
    return Advice(cause, fix, facts, code=code, title=title, key=kind, used_local_facts=k.local)


_ASSERTION = re.compile(r"Assertion `(?P<a>[^`]{1,200})` failed")


def _advise_device_assert(_m: re.Match[str], ctx: Context) -> Advice:
    facts: dict[str, object] = {}
    cause = _(
        "A GPU kernel checked its input and stopped: this is a bug in the code or the data "
        "(an index out of range), not an installation problem. Because CUDA runs "
        "asynchronously, the Python line in the traceback may not be the one at fault."
    )
    found = _ASSERTION.search(ctx.text)
    if found:
        assertion = found.group("a")
        facts["assertion"] = assertion
        if "srcIndex < srcSelectDimSize" in assertion:
            cause += _sep() + _(
                "'srcIndex < srcSelectDimSize' means an embedding/index_select index is "
                "too large: a token id at or above the vocabulary size (tokenizer and model "
                "do not match, or added tokens without resizing embeddings)."
            )
        elif "n_classes" in assertion or "cur_target" in assertion:
            cause += _sep() + _(
                "The loss got a class label outside 0…num_classes-1 (a label equal to "
                "num_classes, or -1 without ignore_index)."
            )
        elif "index out of bounds" in assertion:
            cause += _sep() + _("A gather/scatter/indexing operation used an index out of bounds.")
        elif "input_val >= zero" in assertion:
            cause += _sep() + _(
                "Binary cross-entropy got values outside [0, 1]: use BCEWithLogitsLoss for "
                "raw scores."
            )
    fix = (
        _(
            "Re-run with CUDA_LAUNCH_BLOCKING=1 so the traceback points at the failing "
            "operation, or run the same batch on the CPU for a readable error."
        ),
        _(
            "Check label and index ranges, e.g. assert labels.min() >= 0 and "
            "labels.max() < num_classes, token ids < embedding size."
        ),
        _("Restart the process: after a device-side assert the CUDA context is unusable."),
    )
    return Advice(cause, fix, facts)


def _ampere_on_cuda10(k: Known) -> str:
    """The sentence that names the cause when an Ampere+ GPU runs a CUDA 10 build, else ""."""
    gpu = next((g for g in k.gpus if g.capability), None)
    if (
        gpu
        and gpu.capability
        and k.torch_cuda
        and gpu.capability[0] >= 8
        and k.torch_cuda.major < 11
    ):
        return _sep() + _(
            "Here that is the cause: your {gpu} needs CUDA 11 or newer, your PyTorch uses "
            "CUDA {tcuda}."
        ).format(gpu=gpu.name, tcuda=k.torch_cuda)
    return ""


def _advise_cudnn_status(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    status = m.group("status").upper()
    facts: dict[str, object] = {"cudnn_status": status}
    facts.update(_driver_facts(k))
    if status == "CUDNN_STATUS_NOT_INITIALIZED":
        cause = _(
            "cuDNN could not start. Most often the GPU had no memory left for cuDNN's "
            "workspace, or the cuDNN library loaded is not the one PyTorch was built with "
            "(LD_LIBRARY_PATH pointing at a system cuDNN), or the build has no support for "
            "the GPU."
        )
    else:
        cause = _(
            "A cuDNN operation failed on the GPU ({status}). Usual causes: out of GPU "
            "memory, a PyTorch build too old for the GPU (e.g. an RTX 30/40 with a CUDA 10 "
            "build), or a driver problem."
        ).format(status=status)
    cause += _ampere_on_cuda10(k)
    fix = (
        _("Check free memory with `nvidia-smi` and try a smaller batch size."),
        _(
            'Check the versions: `python -c "import torch; print(torch.__version__, '
            'torch.version.cuda, torch.backends.cudnn.version())"`.'
        ),
        _("Remove other cuDNN folders from LD_LIBRARY_PATH (or PATH on Windows)."),
        _(
            "To confirm cuDNN is at fault, set torch.backends.cudnn.enabled = False: if it "
            "then runs, reinstall torch from the index for its CUDA variant."
        ),
    )
    return Advice(cause, fix, facts, key=status, used_local_facts=k.local)


def _advise_cublas_status(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    status = m.group("status").upper()
    facts: dict[str, object] = {"cublas_status": status}
    call = m.groupdict().get("call")
    if call:
        facts["cublas_call"] = call
    facts.update(_driver_facts(k))
    if status == "CUBLAS_STATUS_NOT_INITIALIZED":
        cause = _(
            "cuBLAS could not create its handle. Most often the GPU was (nearly) out of "
            "memory at that moment, or an earlier asynchronous CUDA error broke the context: "
            "typically a token id beyond the embedding size (a tokenizer with added special "
            "tokens and a model without them). Less often the cuBLAS library loaded does not "
            "match PyTorch (LD_LIBRARY_PATH, a replaced nvidia-cublas package)."
        )
    elif status == "CUBLAS_STATUS_ALLOC_FAILED":
        cause = _("cuBLAS could not allocate GPU memory: the GPU is out of memory.")
    else:
        cause = _(
            "A cuBLAS call failed on the GPU ({status}). Usual causes: a bad input reported "
            "late (an index out of range, wrong shapes), a PyTorch build too old for the GPU "
            "(e.g. an RTX 30/40 with a CUDA 10 build), or out of memory."
        ).format(status=status)
    cause += _ampere_on_cuda10(k)
    fix = (
        _(
            "Re-run with CUDA_LAUNCH_BLOCKING=1 so the traceback points at the failing "
            "operation, or run the same batch on the CPU for a readable error."
        ),
        _("Check free memory with `nvidia-smi` and try a smaller batch size."),
        _(
            "For language models: token ids must stay below the embedding size; after "
            "adding tokens call model.resize_token_embeddings(len(tokenizer))."
        ),
        _(
            'Check the versions: `python -c "import torch; print(torch.__version__, '
            'torch.version.cuda, torch.backends.cudnn.version())"`.'
        ),
        _("Remove other CUDA library folders from LD_LIBRARY_PATH (or PATH on Windows)."),
    )
    return Advice(cause, fix, facts, key=status, used_local_facts=k.local)


# --- Windows, pip, CPU ---------------------------------------------------------------------


def _advise_windows_dll(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    groups = m.groupdict()
    facts: dict[str, object] = {}
    for name in ("dll", "winerror", "module"):
        if groups.get(name):
            facts[name] = groups[name]
    dll = (groups.get("dll") or "").replace("\\\\", "\\")
    cause = _(
        "Windows could not load one of PyTorch's DLLs or a DLL it depends on. Usually the "
        "Microsoft Visual C++ Redistributable is missing or outdated; torch 2.4.0 also had "
        "a packaging regression around fbgemm.dll (pytorch#131662)."
    )
    if groups.get("winerror") == "1114":
        cause += _sep() + _(
            "WinError 1114 (a DLL initialisation routine failed, typically on c10.dll) "
            "points at a Visual C++ runtime older than the one this torch was built with."
        )
    if groups.get("winerror") == "193" or k.pointer_bits == 32:
        cause = _(
            "A 32-bit and a 64-bit component are mixed: PyTorch needs 64-bit Python on "
            "64-bit Windows."
        )
    fix = (
        _(
            "Install the latest Microsoft Visual C++ Redistributable 2015-2022 (x64) from "
            "https://aka.ms/vs/17/release/vc_redist.x64.exe, then restart the terminal."
        ),
        _(
            "Reinstall PyTorch in a fresh virtual environment, with one package manager "
            "(do not mix conda and pip torch); upgrade torch if you are on 2.4.0."
        ),
        _("Do not copy DLLs from download sites into torch\\lib."),
    )
    return Advice(cause, fix, facts, key=dll.lower(), used_local_facts=k.local)


def _advise_pip(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    req = m.group("req")
    listed = m.groupdict().get("versions")
    versions_raw = (listed or "").strip()
    versions = [v.strip() for v in versions_raw.split(",") if v.strip() and v.strip() != "none"]
    facts: dict[str, object] = {"requirement": req, "available_versions": versions}
    if k.python_version:
        facts["python_version"] = k.python_version
    fix: list[str] = []
    local_tag = re.search(r"\+(cu\d{2,3}|cpu|rocm[\d.]+)", req)
    real = [v for v in versions if not v.startswith("0.")]
    if local_tag:
        variant = local_tag.group(1)
        cause = _(
            "{req} has a local version tag (+{variant}); such builds are not on PyPI or "
            "its mirrors, only on the PyTorch index."
        ).format(req=req, variant=variant)
        fix.append(
            _(
                'Install it from the PyTorch index: python -m pip install "{req}" --index-url {url}'
            ).format(req=req, url=_index_url(variant))
        )
        fix.append(
            _("If pip still finds nothing, that build does not exist for your Python version.")
        )
    elif listed is None:
        cause = _(
            "pip found no release of {req} with a wheel for this Python version and "
            "platform. Either that version does not exist, or it has no wheel for your "
            "Python (too new, too old, or 32-bit)."
        ).format(req=req)
        if k.python_version:
            cause += _sep() + _("Your Python is {version}.").format(version=k.python_version)
        fix.append(
            _(
                "Run `python -m pip install {req}` again and read the line above this one: "
                "'(from versions: …)' lists what pip can see."
            ).format(req=req)
        )
    elif not real:
        cause = _(
            "pip found no PyTorch wheel at all for this interpreter. PyTorch publishes "
            "wheels only for 64-bit CPython of the versions each release supports; a "
            "too-new or 32-bit Python, or an unsupported platform (Alpine/musl, 32-bit "
            "ARM), sees nothing"
        )
        cause += (
            _(" (only the 2017 placeholder releases 0.1.2 are visible).") if versions else _stop()
        )
        if k.pointer_bits == 32:
            cause += _sep() + _("Your Python is 32-bit.")
        if k.python_version:
            cause += _sep() + _("Your Python is {version}.").format(version=k.python_version)
        fix.append(
            _(
                "Use 64-bit CPython of a version the torch release supports (the Python "
                "versions of each release are on pypi.org/project/torch), e.g. in a new venv "
                "or conda environment."
            )
        )
        fix.append(
            _(
                "Check the interpreter: "
                'python -c "import sys, platform; print(sys.version, platform.machine())"'
            )
        )
    else:
        newest = real[-1]
        facts["newest_available"] = newest
        if newest == "2.2.2":
            cause = _(
                "The newest torch pip can see here is 2.2.2: this looks like an Intel "
                "(x86_64) Mac, for which PyTorch stopped publishing wheels after 2.2."
            )
            fix.append(_("Use torch 2.2.2 on this Mac, or an Apple silicon / Linux machine."))
        else:
            cause = _(
                "The requested version is not among the versions that have a wheel for this "
                "Python and platform (newest here: {newest}). Either it does not exist, or "
                "it has no wheel for your Python version."
            ).format(newest=newest)
            fix.append(
                _("Pick a listed version, or a Python version that the requested release supports.")
            )
    fix.append(
        _(
            "A mirror that lags behind can also hide new releases: compare with "
            "`pip index versions torch`."
        )
    )
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


def _advise_illegal_instruction(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    facts: dict[str, object] = {}
    if k.machine:
        facts["machine"] = k.machine
    cause = _(
        "The process ran a CPU instruction this processor does not have. PyTorch and "
        "NumPy binaries assume at least AVX/AVX2 (x86) or a recent ARMv8 core; old or "
        "low-end CPUs (Celeron, Atom, Pentium) and virtual machines with a generic CPU "
        "model lack them."
    )
    fix: list[str] = []
    if k.machine in ("aarch64", "arm64"):
        fix.append(
            _(
                "On ARM boards (Jetson, Raspberry Pi): use wheels built for that board; for "
                "OpenBLAS crashes try OPENBLAS_CORETYPE=ARMV8."
            )
        )
    fix.extend(
        (
            _("Check the CPU flags: `grep -o -w -E 'avx2|avx|sse4_2' /proc/cpuinfo | sort -u`."),
            _("In a VM: expose the host CPU model to the guest (`-cpu host`, host-passthrough)."),
            _(
                'Find the crashing library: `python -X faulthandler -c "import torch"`; '
                "ATEN_CPU_CAPABILITY=default avoids PyTorch's AVX2/AVX-512 kernels."
            ),
            _("Otherwise use an older release or a build from source for this CPU."),
        )
    )
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


def _advise_build_mismatch(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    system, built = m.group("sys"), m.group("torch")
    facts: dict[str, object] = {"system_cuda": system, "torch_cuda": built}
    sys_v, torch_v = parse_cuda_version(system), parse_cuda_version(built)
    cause = _(
        "You are compiling a CUDA extension. The CUDA toolkit it found (nvcc {system}, "
        "from CUDA_HOME or /usr/local/cuda) has a different major version than the CUDA "
        "PyTorch was built with ({built}), and the two cannot be mixed in one extension."
    ).format(system=system, built=built)
    fix = [
        _(
            "Install the CUDA {built} toolkit (toolkit only, no driver) and point the build "
            "at it: export CUDA_HOME=/usr/local/cuda-{built} PATH=/usr/local/cuda-{built}/bin:$PATH"
        ).format(built=built),
    ]
    if sys_v is not None and torch_v is not None:
        fix.append(
            _(
                "Or install a PyTorch build for CUDA {system} (variant cu{nodot}) if one exists."
            ).format(system=sys_v, nodot=f"{sys_v.major}{sys_v.minor}")
        )
    fix.append(_("With conda: `conda install -c nvidia cuda-toolkit={built}`.").format(built=built))
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


def _advise_undefined_symbol(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    symbol = m.group("sym")
    facts: dict[str, object] = {"symbol": symbol}
    so = re.search(r"([\w.+-]{1,120}\.so): $", ctx.text[max(0, m.start() - 130) : m.start()])
    if so:
        facts["extension"] = so.group(1)
    if k.torch_version:
        facts["torch_version"] = k.torch_version
    cause = _(
        "A compiled extension refers to a PyTorch C++ function that your installed "
        "PyTorch does not have: it was built against another torch version (a prebuilt "
        "wheel for a different torch, or torch was upgraded after building)."
    )
    fix = [
        _(
            "Reinstall the extension for your torch: a prebuilt wheel for your exact torch "
            "and CUDA version, or rebuild it with `pip install --no-build-isolation "
            "--no-cache-dir --force-reinstall <package>`."
        ),
        _("Or install the torch version the extension was built for."),
    ]
    if "cxx11" in symbol or "basic_string" in symbol:
        cause += _sep() + _(
            "The symbol uses std::string, so the C++ ABI may also differ: prebuilt wheels "
            "come as cxx11abiTRUE and cxx11abiFALSE builds."
        )
        fix.append(
            _(
                'Pick the wheel whose cxx11abi matches `python -c "import torch; '
                'print(torch._C._GLIBCXX_USE_CXX11_ABI)"`.'
            )
        )
    return Advice(cause, tuple(fix), facts, key=symbol, used_local_facts=k.local)


_SIZE = r"[\d.]+ ?(?:[KMGT]iB|bytes|B)"

CATALOG: tuple[ErrorSpec, ...] = (
    ErrorSpec(
        code="driver-too-old",
        keywords=("driver on your system is too old",),
        title=N_("NVIDIA driver too old for this PyTorch build"),
        patterns=(
            _rx(r"The NVIDIA driver on your system is too old \(found version (?P<num>\d+)\)"),
        ),
        advise=_advise_too_old,
        specificity=3,
        supersedes=frozenset({"cuda-driver-insufficient"}),
    ),
    ErrorSpec(
        code="cuda-driver-insufficient",
        keywords=("insufficient",),
        title=N_("CUDA driver older than the CUDA runtime"),
        patterns=(
            _rx(r"CUDA driver version is insufficient for CUDA runtime version"),
            _rx(r"cudaErrorInsufficientDriver|CUDA_ERROR_INSUFFICIENT_DRIVER"),
        ),
        advise=_advise_insufficient,
    ),
    ErrorSpec(
        code="gpu-arch-not-in-build",
        keywords=("with cuda capability",),
        title=N_("GPU architecture not included in this PyTorch build"),
        patterns=(
            _rx(
                r"(?:(?P<gpu>(?:NVIDIA|Tesla|Quadro|GeForce|TITAN|Graphics Device)[^:]{0,80}?) )?"
                r"with CUDA capability (?P<sm>sm_\d{2,3}) is not "
                r"compatible with the current PyTorch installation\.?(?: The current PyTorch "
                r"install supports CUDA capabilities "
                r"(?P<archs>(?:(?:sm|compute)_\d{2,3}[a-z]? ?)+))?"
            ),
        ),
        advise=_advise_sm,
        specificity=3,
    ),
    ErrorSpec(
        code="gpu-too-old-for-build",
        keywords=("no longer supports this gpu",),
        title=N_("GPU too old for this PyTorch build"),
        patterns=(
            _rx(
                r"Found GPU ?\d+ (?P<gpu>.{1,80}?) which is of cuda capability "
                r"(?P<cc>\d{1,2}\.\d)\.? PyTorch no longer supports this GPU because it is "
                r"too old\.?(?: The minimum cuda capability (?:supported by this library|that "
                r"we support) is (?P<min>\d{1,2}\.\d))?"
            ),
        ),
        advise=_advise_gpu_too_old,
        specificity=3,
    ),
    ErrorSpec(
        code="no-kernel-image",
        keywords=("no kernel image", "nokernelimage", "no_binary_for_gpu"),
        title=N_("No GPU code for this GPU (no kernel image)"),
        patterns=(
            _rx(r"no kernel image is available for execution on the device"),
            _rx(r"cudaErrorNoKernelImageForDevice|CUDA_ERROR_NO_BINARY_FOR_GPU"),
        ),
        advise=_advise_no_kernel,
    ),
    ErrorSpec(
        code="torch-not-compiled-with-cuda",
        keywords=("not compiled with cuda",),
        title=N_("PyTorch is a CPU-only build"),
        patterns=(_rx(r"Torch not compiled with CUDA enabled"),),
        advise=_advise_not_compiled,
    ),
    ErrorSpec(
        code="torch-c-extension-missing",
        keywords=("torch._c", "'_c' is not defined"),
        title=N_("torch._C missing: a shadowing torch folder or a broken install"),
        patterns=(
            _rx(r"No module named '?torch\._C'?"),
            _rx(r"NameError: name '_C' is not defined"),
        ),
        advise=_advise_torch_c,
    ),
    ErrorSpec(
        code="cudnn-library-missing",
        keywords=("cudnn",),
        title=N_("cuDNN library not found"),
        patterns=(
            _rx(r"(?P<lib>libcudnn\w*\.so(?:\.\d+)*)\s*:\s*cannot open shared object file"),
            _rx(r"Could not load library (?P<lib>libcudnn\w*\.so(?:\.\d+)*)"),
            _rx(r"Unable to load any of \{(?P<lib>libcudnn\w*\.so(?:\.\d+)*)"),
            _rx(r"Could not (?:locate|load library) (?P<lib>cudnn\w*64_\d+\.dll)"),
        ),
        advise=_advise_cudnn_missing,
        specificity=3,
    ),
    ErrorSpec(
        code="cuda-library-missing",
        keywords=("cannot open shared object", "libnvrtc-builtins"),
        title=N_("CUDA library not found"),
        patterns=(
            _rx(
                r"(?P<lib>lib(?:cublasLt|cublas|cudart|nvrtc-builtins|nvrtc|cufft|curand|"
                r"cusparse|cusolver|nvJitLink|nccl|cupti|nvToolsExt)\w*\.so(?:\.\d+)*)"
                r"\s*:\s*cannot open shared object file"
            ),
            _rx(r"failed to open (?P<lib>libnvrtc-builtins\.so(?:\.\d+)*)"),
        ),
        advise=_advise_cuda_lib_missing,
        specificity=3,
    ),
    ErrorSpec(
        code="torch-library-missing",
        keywords=("cannot open shared object",),
        title=N_("Extension built for another PyTorch (library not found)"),
        patterns=(
            _rx(
                r"(?P<lib>lib(?:torch_cuda_cu|torch_cuda_cpp|torch_cuda|torch_cpu|torch|c10_cuda|"
                r"c10|caffe2_nvrtc)\.so)\s*:\s*cannot open shared object file"
            ),
        ),
        advise=_advise_torch_lib_missing,
        specificity=3,
    ),
    ErrorSpec(
        code="driver-library-missing",
        keywords=("cannot open shared object",),
        title=N_("NVIDIA driver library not found"),
        patterns=(
            _rx(
                r"(?P<lib>lib(?:cuda|nvidia-ml)\.so(?:\.\d+)*)\s*:\s*cannot open shared object file"
            ),
        ),
        advise=_advise_driver_lib_missing,
        specificity=3,
    ),
    ErrorSpec(
        code="nvml-driver-library-mismatch",
        keywords=("driver/library version mismatch",),
        title=N_("NVML driver/library version mismatch"),
        patterns=(
            _rx(
                r"Failed to initialize NVML: Driver/library version mismatch"
                r"(?: NVML library version: (?P<lib>\d+\.\d+(?:\.\d+)?))?"
            ),
        ),
        advise=_advise_nvml_mismatch,
    ),
    ErrorSpec(
        code="no-nvidia-driver",
        keywords=("found no nvidia driver",),
        title=N_("No NVIDIA driver found"),
        patterns=(_rx(r"Found no NVIDIA driver on your system"),),
        advise=_advise_no_driver,
    ),
    ErrorSpec(
        code="driver-not-loaded",
        keywords=("couldn't communicate with the nvidia driver",),
        title=N_("NVIDIA kernel module not loaded"),
        patterns=(
            _rx(r"NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver"),
        ),
        advise=_advise_driver_not_loaded,
    ),
    ErrorSpec(
        code="nvidia-smi-not-found",
        keywords=("nvidia-smi",),
        title=N_("nvidia-smi not found"),
        patterns=(
            _rx(r"nvidia-smi: (?:command )?not found"),
            _rx(r"'nvidia-smi' is not recognized as an internal or external command"),
            _rx(r"'?nvidia-smi'? 不是内部或外部命令"),
            _rx(r"No such file or directory: '?nvidia-smi'?"),
            _rx(r"\"?nvidia-smi\"?: executable file not found in \$PATH"),
        ),
        advise=_advise_smi_missing,
    ),
    ErrorSpec(
        code="no-cuda-device",
        keywords=("no cuda-capable device", "no cuda gpus", "no_device", "errornodevice"),
        title=N_("No CUDA-capable device visible"),
        patterns=(
            _rx(r"no CUDA-capable device is detected"),
            _rx(r"No CUDA GPUs are available"),
            _rx(r"CUDA_ERROR_NO_DEVICE|cudaErrorNoDevice"),
        ),
        advise=_advise_no_device,
    ),
    ErrorSpec(
        code="cuda-init-failed",
        keywords=("cudagetdevicecount", "cuda runtime error"),
        title=N_("CUDA initialisation failed"),
        patterns=(
            _rx(
                r"Unexpected error from cudaGetDeviceCount\(\).{0,200}?Error (?P<num>\d+): "
                r"(?P<msg>[A-Za-z][A-Za-z0-9 /,'-]{0,100})"
            ),
            _rx(r"cuda runtime error \((?P<num>\d+)\) : (?P<msg>[A-Za-z][A-Za-z0-9 /,'-]{0,100})"),
        ),
        advise=_advise_cuda_init,
        specificity=3,
    ),
    ErrorSpec(
        code="cuda-out-of-memory",
        keywords=("out of memory", "outofmemory"),
        title=N_("GPU out of memory"),
        patterns=(
            _rx(
                rf"CUDA out of memory\. Tried to allocate (?P<requested>{_SIZE})\. GPU "
                rf"(?P<gpu>\d+) has a total capac(?:i)?ty of (?P<total>{_SIZE}) of which "
                rf"(?P<free>{_SIZE}) is free\.(?: (?:Process \d+|Including non-PyTorch "
                rf"memory, this process) has (?P<in_use>{_SIZE}) memory in use\.)?(?: Of "
                rf"the allocated memory (?P<allocated>{_SIZE}) is allocated by PyTorch, and "
                rf"(?P<reserved>{_SIZE}) is reserved by PyTorch but unallocated\.)?"
            ),
            _rx(
                rf"CUDA out of memory\. Tried to allocate (?P<requested>{_SIZE}) \(GPU "
                rf"(?P<gpu>\d+); (?P<total>{_SIZE}) total capacity; (?P<allocated>{_SIZE}) "
                rf"already allocated; (?P<free>{_SIZE}) free;(?: {_SIZE} allowed;)? "
                rf"(?P<reserved>{_SIZE}) (?:reserved in total by PyTorch|cached)\)"
            ),
            # Not a bare "OutOfMemoryError": Java and others raise one for host memory.
            _rx(r"CUDA out of memory|CUDA error: out of memory|torch\.(?:cuda\.)?OutOfMemoryError"),
        ),
        advise=_advise_oom,
    ),
    ErrorSpec(
        code="nccl-error",
        keywords=("nccl",),
        title=N_("NCCL error"),
        patterns=(
            _rx(
                r"NCCL (?:error|Error \d+)\b.{0,300}?(?:unhandled system error|remote process "
                r"exited or there was a network error|internal error|invalid usage|unhandled "
                r"cuda error|invalid argument)"
            ),
            _rx(r"Test NCCL failure \S+ '[^']{1,80}'"),
            _rx(r"nccl(?:SystemError|RemoteError|InternalError|InvalidUsage|UnhandledCudaError)"),
        ),
        advise=_advise_nccl,
    ),
    ErrorSpec(
        code="ptx-unsupported-toolchain",
        keywords=("ptx",),
        title=N_("PTX from a newer CUDA than the driver"),
        patterns=(
            _rx(r"provided PTX was comp?l?iled with an unsupported toolchain"),
            _rx(r"cudaErrorUnsupportedPtxVersion|CUDA_ERROR_UNSUPPORTED_PTX_VERSION"),
        ),
        advise=_advise_ptx,
    ),
    ErrorSpec(
        code="device-side-assert",
        keywords=("device-side assert",),
        title=N_("Device-side assert (a bug in the code or data)"),
        patterns=(_rx(r"device-side assert(?:ion)? triggered"),),
        advise=_advise_device_assert,
    ),
    ErrorSpec(
        code="cudnn-status-error",
        keywords=("cudnn_status",),
        title=N_("cuDNN error"),
        patterns=(
            _rx(r"cuDNN error: (?P<status>CUDNN_STATUS_[A-Z_]+)"),
            _rx(
                r"\b(?P<status>CUDNN_STATUS_(?:NOT_INITIALIZED|EXECUTION_FAILED|INTERNAL_ERROR|"
                r"MAPPING_ERROR|NOT_SUPPORTED|ALLOC_FAILED|ARCH_MISMATCH))\b"
            ),
        ),
        advise=_advise_cudnn_status,
    ),
    ErrorSpec(
        code="cublas-status-error",
        keywords=("cublas_status",),
        title=N_("cuBLAS error"),
        patterns=(
            _rx(
                r"\b(?P<status>CUBLAS_STATUS_(?!SUCCESS)[A-Z_]+)\b(?: when calling "
                r"`(?P<call>[A-Za-z_]\w*)"
                r"\()?"
            ),
        ),
        advise=_advise_cublas_status,
    ),
    ErrorSpec(
        code="windows-dll-load-failed",
        keywords=("winerror", "dll load failed"),
        title=N_("Windows could not load a PyTorch DLL"),
        patterns=(
            _rx(
                r"\[WinError (?P<winerror>126|127|1114|193)\] [^\[]{0,120}?Error loading "
                r"\\?\"?(?P<dll>[^\"]{1,300}?\.dll)\\?\"? or one of its dependencies"
            ),
            _rx(r"DLL load failed(?: while importing (?P<module>\w+))?: [^.。]{0,80}"),
        ),
        advise=_advise_windows_dll,
    ),
    ErrorSpec(
        code="pip-no-matching-torch",
        keywords=("satisfies the requirement", "no matching distribution"),
        title=N_("pip finds no matching PyTorch"),
        patterns=(
            _rx(
                r"Could not find a version that satisfies the requirement "
                r"(?P<req>torch(?:vision|audio)?(?![\w-])[^\s(]*)(?: \(from [^)]*\))? \(from "
                r"versions: (?P<versions>[^)]*)\)"
            ),
            _rx(
                r"No matching distribution found for "
                r"(?P<req>torch(?:vision|audio)?(?![\w-])[^\s(]*)"
            ),
        ),
        advise=_advise_pip,
    ),
    ErrorSpec(
        code="illegal-instruction",
        keywords=("illegal instruction", "非法指令", "sigill"),
        title=N_("Illegal instruction: the CPU lacks an instruction set"),
        patterns=(_rx(r"Illegal instruction(?: \(core dumped\))?|非法指令|\bSIGILL\b"),),
        advise=_advise_illegal_instruction,
        specificity=1,
    ),
    ErrorSpec(
        code="cuda-version-mismatch-build",
        keywords=("detected cuda version",),
        title=N_("System CUDA differs from PyTorch's CUDA (building an extension)"),
        patterns=(
            _rx(
                r"The detected CUDA version \((?P<sys>\d+\.\d+)\) mismatches the version that "
                r"was used to compile PyTorch \((?P<torch>\d+\.\d+)\)"
            ),
        ),
        advise=_advise_build_mismatch,
        specificity=3,
    ),
    ErrorSpec(
        code="torch-extension-abi-mismatch",
        keywords=("undefined symbol",),
        title=N_("Extension built for another PyTorch (undefined symbol)"),
        # Itanium mangling prefixes names with their length: 3c10, 2at, 5torch.
        patterns=(_rx(r"undefined symbol: (?P<sym>_ZN\w{0,40}?(?:3c10|2at|5torch)\w{0,300})"),),
        advise=_advise_undefined_symbol,
    ),
)


__all__ = ["CATALOG", "ErrorSpec"]
