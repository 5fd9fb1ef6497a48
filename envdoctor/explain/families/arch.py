"""The GPU's architecture is not in the build: sm_XX warnings, too-old GPUs, no kernel image."""

from __future__ import annotations

import re

from envdoctor import messages as msg
from envdoctor.compat.arch import first_release_with_code, source_build_reason
from envdoctor.explain import cuda_errors
from envdoctor.explain.decode import (
    decode_cuda_api_version,
    parse_cuda_version,
    parse_sm,
    sm_name,
)
from envdoctor.explain.knowledge import (
    arch_covers,
    architecture,
    build_arch_list,
    capability_of,
    cpu_build,
    driver_floor_step,
    matrix_os,
    suggest,
)
from envdoctor.explain.model import Advice, Context, Known
from envdoctor.explain.spec import Family, rx, sep, stop
from envdoctor.explain.steps import app_upgrade_step, other_runtime, torch_pinning_app
from envdoctor.explain.unknown_facts import older_python_step
from envdoctor.explain.xla_driver import xla_no_kernel, xla_paste
from envdoctor.i18n import N_, _

# The start of a GPU's name, as an alternation: the words before it are the paste's prose.
_NAME_STARTS = "|".join(re.escape(start.strip()) for start in msg.DEVICE_NAME_STARTS)

FAMILY = Family("arch")


def _wheel_advice(ctx: Context, cc: tuple[int, int]) -> tuple[str | None, list[str]]:
    """(wheel family, steps) for a GPU of capability `cc` that the installed build lacks.

    The build comes from the matrix: the newest one with kernels for the GPU that the
    driver runs, else the one a driver upgrade unlocks.
    """
    k = ctx.known
    sm = sm_name(cc)
    build = suggest(ctx.matrix, k, mirror=ctx.mirror, capabilities=(cc,))
    app = torch_pinning_app(ctx)
    first = first_release_with_code(ctx.matrix, f"{cc[0]}.{cc[1]}", matrix_os(k))
    if app is not None and first is not None:
        what = _("kernels for {sm}").format(sm=sm)
        return first[1], [app_upgrade_step(app, first[0], first[1], what)]
    if build is not None:
        steps = [
            _(
                "torch {version} builds with kernels for {sm}: {variants}. Install one: {cmd}"
            ).format(
                version=build.version,
                sm=sm,
                variants=", ".join(build.alternatives),
                cmd=build.command,
            )
        ]
        older = older_python_step(ctx.matrix, k, build, mirror=ctx.mirror, capabilities=(cc,))
        return build.variant, [*steps, older] if older else steps
    upgrade = suggest(ctx.matrix, k, mirror=ctx.mirror, capabilities=(cc,), ignore_driver=True)
    if upgrade is not None:
        steps = [
            _("torch {version}+{variant} has kernels for {sm}: {cmd}").format(
                version=upgrade.version, variant=upgrade.variant, sm=sm, cmd=upgrade.command
            )
        ]
        cuda = parse_cuda_version(upgrade.cuda)
        step = driver_floor_step(ctx.matrix, cuda, k) if cuda else None
        if step and k.driver_cuda:
            steps.append(
                _("Your driver (CUDA {dcuda}) cannot run {variant} builds yet: {step}").format(
                    dcuda=k.driver_cuda, variant=upgrade.variant, step=step
                )
            )
        return upgrade.variant, steps
    return None, [_no_release_step(ctx, cc)]


def _no_release_step(ctx: Context, cc: tuple[int, int]) -> str:
    """What is left when no release ships code for the GPU: the core's word on a source
    build (with which toolkit, or none at all) and the CPU build's command."""
    sm, cap = sm_name(cc), f"{cc[0]}.{cc[1]}"
    further = source_build_reason(ctx.matrix, cap) or _(
        "build PyTorch from source with TORCH_CUDA_ARCH_LIST={cc}, or run on the CPU"
    ).format(cc=cap)
    cpu = cpu_build(ctx.matrix, ctx.known, mirror=ctx.mirror)
    step = _("No PyTorch release in the matrix ships kernels for {sm}: {further}.").format(
        sm=sm, further=further
    )
    if cpu is None:
        return step
    return step + " " + _("The CPU build: {cmd}").format(cmd=cpu.command)


def _cuda_text(k: Known) -> str | None:
    """The CUDA of the installed build, as the core's arch rule takes it."""
    return str(k.torch_cuda) if k.torch_cuda is not None else None


def clean_gpu_name(raw: str) -> str:
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


@FAMILY.entry(
    code="gpu-arch-not-in-build",
    finding_code="gpu-arch-unsupported",
    keywords=(
        msg.SM_NOT_COMPATIBLE_ANCHOR,
        "to work properly, but your pytorch was compiled with",
        "gpu with pytorch, please check the instructions",
    ),
    title=N_("GPU architecture not included in this PyTorch build"),
    patterns=(
        # torch 1.x's check (torch/cuda/__init__.py, _check_capability): a GPU newer than
        # the CUDA the build used ("requires CUDA_VERSION >= 11000 ... compiled with 10020").
        rx(
            r"Found GPU\d{1,2} (?P<gpu>[^\n]{1,80}?) which requires CUDA_VERSION >= "
            r"(?P<needs>\d{4,6}) to work properly, but your PyTorch was compiled with "
            r"CUDA_VERSION (?P<built>\d{4,6})"
        ),
        rx(
            rf"(?:(?P<gpu>(?:{_NAME_STARTS})[^:]{{0,80}}?) )?{msg.SM_NOT_COMPATIBLE}"
            # "... is not compatible" cut there (an issue title) is the same error.
            rf"(?: {msg.SM_CURRENT_INSTALLATION})?\.?(?: {msg.SM_BUILD_SUPPORTS} "
            rf"(?P<archs>(?:{msg.ARCH_NAME} ?)+))?"
        ),
        # The same warning's last sentence alone (the paste cut above it): the GPU it names
        # is looked up; a GPU the matrix does not know gets no answer.
        rx(
            r"If you want to use the (?P<named>[^\n]{2,80}?) GPU with PyTorch, please check "
            r"the instructions"
        ),
    ),
    specificity=3,
)
def _advise_sm(m: re.Match[str], ctx: Context) -> Advice | None:
    k = ctx.known
    if m.groupdict().get("needs"):
        return _needs_newer_cuda(m, ctx)
    groups = m.groupdict()
    if groups.get("named"):
        gpu = clean_gpu_name(groups["named"])
        cc = capability_of(ctx.matrix, gpu)
        if cc is None:
            return None
        sm = sm_name(cc)
    else:
        sm = m.group("sm")
        cc = parse_sm(sm)
        gpu = clean_gpu_name(m.group("gpu") or _name_before(ctx.text, m.start()))
    archs = (groups.get("archs") or "").split()
    facts: dict[str, object] = {"gpu": gpu, "gpu_arch": sm}
    if archs:
        facts["build_arch_list"] = archs
    assert cc is not None  # the pattern only matches sm_ followed by digits
    arch = architecture(ctx.matrix, cc)
    if arch:
        facts["architecture"] = arch
    cause = _(
        "Your {gpu} has compute capability {cap} ({sm}), but the installed PyTorch build "
        "contains no kernels for it"
    ).format(gpu=gpu, cap=f"{cc[0]}.{cc[1]}", sm=sm_name(cc))
    cause += (
        (_(" (it has {archs}).").format(archs=" ".join(archs)) if archs else stop())
        + sep()
        + _(
            "CUDA calls will fail with 'no kernel image is available', even though "
            "torch.cuda.is_available() returns True."
        )
    )
    variant, steps = _wheel_advice(ctx, cc)
    if variant:
        facts["suggested_variant"] = variant
    local_names = [g.name for g in k.gpus]
    contradiction: str | None = None
    if k.local and local_names and not any(_same_gpu(gpu, name) for name in local_names):
        facts["local_gpus"] = local_names
        contradiction = _(
            "This machine has {local}, not the GPU in the message: the message came from "
            "another machine."
        ).format(local=", ".join(local_names))
        cause += sep() + contradiction
    if (
        k.local
        and k.torch_version
        and k.arch_list
        and arch_covers(ctx.matrix, cc, k.arch_list, _cuda_text(k))
    ):
        # The build here is fine: the message came from another interpreter or an old install.
        facts["local_torch_version"] = k.torch_version
        contradiction = _(
            "The PyTorch checked here ({version}) does include {sm} kernels, so the message "
            "came from another environment or from before a reinstall."
        ).format(version=k.torch_version, sm=sm_name(cc))
        cause += sep() + contradiction
        steps.insert(
            0,
            _(
                "Run the program with the interpreter that has the new build; compare "
                '`python -c "import torch; print(torch.__file__, torch.__version__)"` in both.'
            ),
        )
    return Advice(
        cause,
        tuple(steps),
        facts,
        key=sm_name(cc),
        used_local_facts=k.local,
        contradiction=contradiction,
    )


@FAMILY.entry(
    code="gpu-too-old-for-build",
    finding_code="gpu-arch-unsupported",
    keywords=(msg.OLD_GPU_FOUND_ANCHOR,),
    title=N_("GPU too old for this PyTorch build"),
    patterns=(
        rx(
            msg.OLD_GPU_FOUND
            + r"(?:\.? PyTorch no longer supp(?:orts this GPU because it is too old)?)?\.?"
            + rf"(?: {msg.OLD_GPU_MINIMUM})?"
        ),
    ),
    specificity=3,
)
def _advise_gpu_too_old(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    cc = parse_sm(m.group("cc"))
    assert cc is not None
    gpu = clean_gpu_name(m.group("gpu"))
    facts: dict[str, object] = {"gpu": gpu, "gpu_capability": m.group("cc")}
    minimum = m.group("min")
    if minimum:
        facts["build_minimum_capability"] = minimum
    cause = _(
        "Your {gpu} has compute capability {cap}; the installed PyTorch build was compiled "
        "only for newer GPUs"
    ).format(gpu=gpu, cap=m.group("cc"))
    cause += (
        (_(" (minimum {minimum}).").format(minimum=minimum) if minimum else stop())
        + sep()
        + _("GPU operations will fail with 'no kernel image is available'.")
    )
    variant, steps = _wheel_advice(ctx, cc)
    if variant:
        facts["suggested_variant"] = variant
    return Advice(cause, tuple(steps), facts, key=m.group("cc"), used_local_facts=k.local)


def _needs_newer_cuda(m: re.Match[str], ctx: Context) -> Advice:
    """torch 1.x: the GPU's architecture needs a newer CUDA than the build was made with."""
    needs, built = (str(decode_cuda_api_version(int(m.group(g)))) for g in ("needs", "built"))
    gpu = clean_gpu_name(m.group("gpu"))
    facts: dict[str, object] = {"gpu": gpu, "needs_cuda": needs, "torch_cuda": built}
    cause = _(
        "Your {gpu} needs a PyTorch built with CUDA {needs} or newer, and the installed one "
        "was built with CUDA {built}: it has no kernels for this GPU's architecture, so CUDA "
        "calls fail with 'no kernel image is available'."
    ).format(gpu=gpu, needs=needs, built=built)
    cc = capability_of(ctx.matrix, gpu)
    steps: list[str] = []
    if cc is not None:
        facts["gpu_arch"] = sm_name(cc)
        variant, steps = _wheel_advice(ctx, cc)
        if variant:
            facts["suggested_variant"] = variant
    if not steps:
        steps = [
            _(
                "Install a PyTorch build for CUDA {needs} or newer: `envdoctor install` prints it."
            ).format(needs=needs)
        ]
    return Advice(cause, tuple(steps), facts, key=gpu, used_local_facts=ctx.known.local)


@FAMILY.entry(
    code="no-kernel-image",
    keywords=(
        *cuda_errors.keywords("no-kernel-image"),
        "no kernel image is available",
        "no kernel image available",
        "image is available for execution on the device",
        "kernel is not available",
        "invalid device function",
    ),
    title=N_("No GPU code for this GPU (no kernel image)"),
    patterns=(
        *cuda_errors.patterns("no-kernel-image"),
        # Quoted in an issue title or a log line cut at the terminal: "... for execution".
        rx(r"no kernel image is available for execution(?P<cut>)(?! on the device)"),
        # ... or right after "available" (a title, a UI's one-line error): CUDA's string
        # has no other ending, and nothing else prints "no kernel image".
        rx(r"CUDA error: no kernel image is available(?P<cut_short>)(?! for execution)"),
        # A heading's or a title's shortening ("No kernel image available", bitsandbytes'
        # troubleshooting page), and CUDA's "invalid device function" without its wrapper
        # (mmcv's FAQ): ROCm's is HIP's own, with its own entry.
        rx(r"\bNo kernel image available\b(?P<heading>)"),
        # SageAttention's dispatch when its build has no kernels for this GPU's capability
        # (kijai/ComfyUI-KJNodes#255: "SM89 kernel is not available. Make sure you GPUs with
        # compute capability 8.9.").
        rx(r"\bSM(?P<sage_sm>\d{2,3}) kernel is not available\b"),
        # A screenshot's text recognition misreads "kernel" ("kemel": rn read as m) and
        # runs words together; the rest of CUDA's sentence is printed by nothing else.
        rx(r"\bno \w{4,8} image is available for execution on the device(?P<ocr>)"),
        rx(r"(?<!HIP error: )(?<![\w-])invalid device function\b(?P<bare>)"),
    ),
)
def _advise_no_kernel(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    if xla_paste(ctx):
        return xla_no_kernel(ctx)  # XLA compiles its kernels at run time: ptxas vs driver
    facts: dict[str, object] = {}
    gpu = next((g for g in k.gpus if g.capability), None)
    # The build's arch list as stated, else the matrix's for its version tag (+cu121).
    archs = build_arch_list(ctx.matrix, k)
    if gpu and gpu.capability and not archs and other_runtime(ctx) is None:
        return _no_kernel_for_gpu(ctx, gpu.name, gpu.capability)
    if gpu and gpu.capability and archs:
        facts.update(
            {
                "gpu": gpu.name,
                "gpu_arch": sm_name(gpu.capability),
                "build_arch_list": list(archs),
            }
        )
        if not arch_covers(ctx.matrix, gpu.capability, archs, _cuda_text(k)):
            cause = _(
                "The GPU code in a binary has no version for your GPU: your {gpu} is {sm}, "
                "and your PyTorch build contains {archs}."
            ).format(gpu=gpu.name, sm=sm_name(gpu.capability), archs=" ".join(archs))
            variant, steps = _wheel_advice(ctx, gpu.capability)
            if variant:
                facts["suggested_variant"] = variant
            return Advice(
                cause,
                tuple(steps),
                facts,
                finding_code="gpu-arch-unsupported",
                used_local_facts=True,
            )
        cause = _(
            "Your PyTorch build does cover your {gpu} ({sm}), so the failing kernel most "
            "likely comes from a compiled extension (flash-attn, mamba-ssm, detectron2, "
            "mmcv, a project's own CUDA ops) that was built for other GPUs."
        ).format(gpu=gpu.name, sm=sm_name(gpu.capability))
        cap = f"{gpu.capability[0]}.{gpu.capability[1]}"
        fix: tuple[str, ...] = (
            _(
                "Rebuild that extension for your GPU: set TORCH_CUDA_ARCH_LIST={cap} and "
                "reinstall it with `pip install --no-build-isolation --no-deps "
                "--no-cache-dir --force-reinstall <package>` (or install a prebuilt wheel made for your "
                "torch, CUDA and GPU)."
            ).format(cap=cap),
            _("Check which library fails: the Python frames just above the error name it."),
        )
        return Advice(cause, fix, facts, used_local_facts=True)
    runtime = other_runtime(ctx)
    if runtime is not None:
        facts["runtime"] = runtime
        cause = _(
            "The GPU code of {runtime} has no version for your GPU's architecture, and no "
            "PTX that could be compiled for it: that build of {runtime} was made for other "
            "GPUs (older or newer ones)."
        ).format(runtime=runtime)
        fix = (
            _(
                "Install the {runtime} release built for your GPU and CUDA (its install page "
                "lists the GPU architectures and CUDA versions of each release), or build it "
                "for your GPU's architecture."
            ).format(runtime=runtime),
            _(
                "Find your GPU's compute capability: `nvidia-smi --query-gpu=name,compute_cap "
                "--format=csv`."
            ),
        )
        return Advice(cause, fix, facts)
    if ctx.has(".cu:", ".cu(", ".cuh:") and not ctx.has("torch"):
        # A program's own CUDA source (file.cu:556) and no torch anywhere: its build flags.
        cause = _(
            "The GPU code of this program (its own .cu files) was compiled for other GPU "
            "architectures than yours, with no PTX the driver could compile for it."
        )
        fix = (
            _(
                "Find your GPU's compute capability: `nvidia-smi --query-gpu=name,compute_cap "
                "--format=csv`."
            ),
            _(
                "Compile for it: nvcc -gencode arch=compute_XY,code=sm_XY (or -arch=native on "
                "recent toolkits), or CMAKE_CUDA_ARCHITECTURES=XY / the project's CUDA arch "
                "setting, then rebuild."
            ),
        )
        return Advice(cause, fix, facts, key="own-code")
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


def _no_kernel_for_gpu(ctx: Context, name: str, cc: tuple[int, int]) -> Advice:
    """No kernel image, the GPU known (named in the paste) but not the build's arch list:
    the two causes told apart by one command, each with its fix for this GPU."""
    sm, cap = sm_name(cc), f"{cc[0]}.{cc[1]}"
    facts: dict[str, object] = {"gpu": name, "gpu_arch": sm}
    arch = architecture(ctx.matrix, cc)
    if arch:
        facts["architecture"] = arch
    cause = _(
        "The GPU code in a binary has no version for your {gpu} ({sm}), and no PTX that "
        "could be compiled for it: either the installed PyTorch build was made without "
        "{sm}, or a compiled extension (flash-attn, mamba-ssm, detectron2, mmcv, a project's "
        "own CUDA ops) was built for other GPUs."
    ).format(gpu=name, sm=sm)
    variant, steps = _wheel_advice(ctx, cc)
    if variant:
        facts["suggested_variant"] = variant
    # Same-major SASS runs on the GPU (sm_60 code on a 6.1 GPU): the list may lack sm_61.
    same = f"sm_{cc[0]}x"
    fix = [
        _(
            'See which it is: `python -c "import torch; print(torch.cuda.get_arch_list())"`. '
            "The build has code for your GPU when the list holds {sm} or an {same} entry "
            "below it."
        ).format(sm=sm, same=same),
        *(
            _("If it has none, install a build with {sm}: {step}").format(sm=sm, step=step)
            if i == 0
            else step
            for i, step in enumerate(steps)
        ),
        _(
            "If it has one, rebuild the extension named in the traceback for your "
            "GPU: set TORCH_CUDA_ARCH_LIST={cap} and reinstall it with `pip install "
            "--no-build-isolation --no-deps --no-cache-dir --force-reinstall <package>`."
        ).format(cap=cap),
    ]
    return Advice(cause, tuple(fix), facts, key=sm, used_local_facts=ctx.known.local)
