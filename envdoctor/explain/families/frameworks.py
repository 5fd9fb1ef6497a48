"""Frameworks that wrap "CUDA is not available" in their own words (Lightning, Ultralytics).

The cause is the one of "Torch not compiled with CUDA enabled" or of an unusable driver;
asking for a GPU index that does not exist is a configuration mistake in the code.
"""

from __future__ import annotations

import re
from dataclasses import replace

from envdoctor.explain.families.driver_state import advise_no_device
from envdoctor.explain.families.install import advise_not_compiled
from envdoctor.explain.knowledge import suggest
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import ErrorKind, Family, rx, sep
from envdoctor.explain.steps import CHECK_DRIVER
from envdoctor.i18n import N_, _

FAMILY = Family("frameworks")

_CHECK_AVAILABLE = N_(
    'Run `python -c "import torch; print(torch.__version__, torch.version.cuda, '
    'torch.cuda.is_available())"`: a version ending in +cpu or CUDA None means a CPU-only '
    "build."
)


def cuda_unavailable(m: re.Match[str], ctx: Context, *, wrapper: str) -> Advice:
    """CUDA is not available to torch: a CPU-only build, or a driver/GPU problem."""
    k = ctx.known
    lead = _("{wrapper} found no CUDA GPU through torch.").format(wrapper=wrapper)
    if k.torch_is_cpu_only:
        base = advise_not_compiled(m, ctx)
        return replace(base, cause=lead + sep() + base.cause, finding_code="torch-cpu-only")
    if k.torch_is_cpu_only is False:
        base = advise_no_device(m, ctx)
        return replace(base, cause=lead + sep() + base.cause, finding_code="cuda-unavailable")
    cause = (
        lead
        + sep()
        + _(
            "torch.cuda.is_available() is False. Most often the installed torch is a CPU-only "
            "build (pip's default on Windows, or replaced by a later requirements install); "
            "otherwise the NVIDIA driver is missing or hides the GPU."
        )
    )
    fix = [_(_CHECK_AVAILABLE)]
    build = suggest(ctx.matrix, k, mirror=ctx.mirror)
    if build is not None:
        fix.append(
            _("CPU-only build: reinstall a CUDA build for this machine: {cmd}").format(
                cmd=build.command
            )
        )
    fix.append(_(CHECK_DRIVER))
    fix.append(_("No NVIDIA GPU? Then run on the CPU (devices='cpu' / device='cpu')."))
    return Advice(cause, tuple(fix), {}, finding_code="cuda-unavailable", used_local_facts=k.local)


def _index_mistake(wrapper: str, requested: str, have: str) -> Advice:
    cause = _(
        "{wrapper} was asked for GPU {requested}, but torch sees only {have}: the index "
        "does not exist on this machine (indices start at 0 and CUDA_VISIBLE_DEVICES "
        "renumbers the visible GPUs). The installation is fine."
    ).format(wrapper=wrapper, requested=requested, have=have)
    fix = (
        _(
            'Request a GPU that exists: the indices torch shows (`python -c "import torch; '
            'print(torch.cuda.device_count())"`), e.g. devices=[0] or device=0.'
        ),
        _(
            "If you set CUDA_VISIBLE_DEVICES, the first visible GPU is index 0 inside the "
            "program, whatever its number in `nvidia-smi`."
        ),
    )
    facts: dict[str, object] = {"requested": requested, "available": have}
    return Advice(cause, fix, facts, kind=ErrorKind.CODE.value, key=f"{requested}/{have}")


@FAMILY.entry(
    code="lightning-gpu-unavailable",
    finding_code="cuda-unavailable",
    keywords=("you requested gpu", "no supported gpu backend", "can not run on your system"),
    title=N_("Lightning asked for a GPU that torch cannot use"),
    patterns=(
        rx(
            r"You requested (?:gpu|GPUs): ?\[(?P<req>[\d, ]*)\]\s*But your machine only has: "
            r"?\[(?P<have>[\d, ]*)\]"
        ),
        # accelerator="gpu" (or "cuda") when torch sees no CUDA device, Lightning 1.6 to 2.x.
        rx(r"No supported gpu backend found"),
        rx(
            r"(?:GPU|CUDA)Accelerator`? can not run on your system since the accelerator is "
            r"not available"
        ),
    ),
)
def _advise_lightning(m: re.Match[str], ctx: Context) -> Advice:
    have = (m.groupdict().get("have") or "").strip()
    if have:
        # GPUs exist; the requested index is not among them: a configuration mistake.
        return _index_mistake("Lightning", f"[{m.group('req')}]", f"[{have}]")
    return cuda_unavailable(m, ctx, wrapper="Lightning")


@FAMILY.entry(
    code="ultralytics-cuda-unavailable",
    finding_code="cuda-unavailable",
    keywords=("invalid cuda", "ultralytics", "invalid device"),
    title=N_("Ultralytics asked for a CUDA device that torch cannot use"),
    patterns=(
        rx(
            r"Invalid CUDA '(?:--)?device[= ](?P<dev>[^']{0,40})' requested.{0,400}?"
            r"torch\.cuda\.is_available\(\): (?P<avail>True|False)(?:\s*torch\.cuda\."
            r"device_count\(\): (?P<count>\d+))?"
        ),
        rx(r"Invalid CUDA '(?:--)?device[= ](?P<dev>[^']{0,40})' requested"),
        # YOLOv5's select_device() before it moved into the ultralytics package.
        rx(r"CUDA unavailable, invalid device (?P<dev>[\w,:]{1,40}) requested"),
        # select_device() logs its banner and then raises when the requested CUDA device is
        # not usable: a banner that ends at the torch version (no "CPU (...)" / "CUDA:0 (...)"
        # device part) and is followed by a traceback is that error with its message cut off.
        rx(
            r"Ultralytics \S+ (?:\S+ )?Python-\d[\d.]* torch-\d[\w.+]* "
            r"(?=Traceback|Exception in thread|\w+Error:)"
        ),
    ),
)
def _advise_ultralytics(m: re.Match[str], ctx: Context) -> Advice:
    groups = m.groupdict()
    if groups.get("avail") == "True":
        return _index_mistake("Ultralytics", groups["dev"] or "?", groups.get("count") or "?")
    return cuda_unavailable(m, ctx, wrapper="Ultralytics")


__all__ = ["FAMILY", "cuda_unavailable"]
