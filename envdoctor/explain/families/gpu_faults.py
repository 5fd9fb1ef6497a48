"""The GPU's own state stopping work: the display watchdog that ends long kernels on a GPU
that also drives a screen, and memory errors the GPU's ECC could not correct. Neither is
PyTorch's install nor the program's logic."""

from __future__ import annotations

import re

from envdoctor.explain import cuda_errors
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import ErrorKind, Family, rx
from envdoctor.i18n import N_, _

FAMILY = Family("gpu_faults")


@FAMILY.entry(
    code="gpu-watchdog-timeout",
    kind=ErrorKind.RUNTIME,
    keywords=cuda_errors.keywords("gpu-watchdog-timeout"),
    title=N_("A kernel ran too long on a GPU that drives a display (watchdog)"),
    patterns=cuda_errors.patterns("gpu-watchdog-timeout"),
    specificity=3,
)
def _advise_watchdog(m: re.Match[str], ctx: Context) -> Advice:
    facts = cuda_errors.error_facts(cuda_errors.row_of(m) or cuda_errors.by_number(702))
    cause = _(
        "The operating system's display watchdog stopped a GPU kernel that ran too long: "
        "on a GPU that also drives a screen, Windows (TDR, 2 seconds by default) and an X "
        "server on Linux end kernels that keep the display frozen. Large batches, big "
        "matrices or a slow GPU make single kernels that long."
    )
    fix = (
        _(
            "Run on a GPU that drives no display (connect the screen to the integrated "
            "graphics), or on Linux without a desktop session on that GPU."
        ),
        _("Make each kernel shorter: smaller batch, image or sequence size."),
        _(
            "Windows: raise the timeout (TdrDelay in HKLM\\System\\CurrentControlSet\\Control"
            "\\GraphicsDrivers, or Nsight Monitor's WDDM TDR Delay), then reboot."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=ctx.known.local)


@FAMILY.entry(
    code="gpu-ecc-error",
    keywords=cuda_errors.keywords("gpu-ecc-error"),
    title=N_("The GPU's memory reported an uncorrectable error (ECC)"),
    patterns=cuda_errors.patterns("gpu-ecc-error"),
    specificity=3,
)
def _advise_ecc(m: re.Match[str], ctx: Context) -> Advice:
    facts = cuda_errors.error_facts(cuda_errors.row_of(m) or cuda_errors.by_number(214))
    cause = _(
        "The GPU's memory had an error its ECC could not correct, so CUDA stopped the "
        "work: a hardware fault of the GPU (or a page that went bad), not the program or "
        "the install. The process's CUDA state is lost."
    )
    fix = (
        _(
            "Look at the counts and retired/remapped memory: `nvidia-smi -q -d ECC,"
            "PAGE_RETIREMENT,ROW_REMAPPER` and the kernel log: `sudo dmesg | grep -i xid`."
        ),
        _(
            "Reset the GPU with no process on it (`sudo nvidia-smi -r -i 0` for GPU 0) or reboot; "
            "a pending page retirement or row remap only takes effect then."
        ),
        _(
            "If it comes back, the GPU is failing: move the work to another GPU, and have "
            "it replaced (in the cloud: stop and start the instance to get another GPU)."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=ctx.known.local)


@FAMILY.entry(
    code="gpu-unreachable",
    keywords=("unable to determine the device handle",),
    title=N_("The driver cannot reach a GPU it sees on the bus (hardware, power, heat)"),
    patterns=(
        # nvidia-smi / NVML for a GPU on the PCIe bus that stopped answering the driver.
        rx(
            r"Unable to determine the device handle for (?:GPU ?)?(?P<bus>[0-9A-Fa-f]{4,8}:"
            r"[0-9A-Fa-f]{2}:[0-9A-Fa-f]{2}\.\d): (?:Unknown Error|GPU is lost)"
        ),
    ),
    specificity=3,
)
def _advise_unreachable(m: re.Match[str], ctx: Context) -> Advice:
    cause = _(
        "The driver sees the GPU at {bus} on the PCIe bus but cannot talk to it: the GPU "
        "fell off the bus (Xid 79), overheated and shut down, lost power, or sits loose in "
        "its slot. Software installs do not cause this."
    ).format(bus=m.group("bus"))
    fix = (
        _("Read the kernel log for the reason: `sudo dmesg | grep -i -E 'xid|nvrm'`."),
        _(
            "Check cooling and power: passively cooled data-center GPUs (Tesla P4/T4) need "
            "server airflow; reseat the card and its power cables."
        ),
        _("Reboot to bring it back; if it drops again, the GPU or its slot is failing."),
    )
    return Advice(cause, fix, {"bus_id": m.group("bus")}, used_local_facts=ctx.known.local)


__all__ = ["FAMILY"]
