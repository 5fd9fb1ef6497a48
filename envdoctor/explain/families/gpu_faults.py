"""The GPU's own state stopping work: the display watchdog that ends long kernels on a GPU
that also drives a screen, and memory errors the GPU's ECC could not correct. Neither is
PyTorch's install nor the program's logic."""

from __future__ import annotations

import re

from envdoctor.explain import cuda_errors
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import ErrorKind, Family, rx, sep
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
    headless = _data_center_gpu(ctx)
    if headless is not None:
        facts["gpu"] = headless
        cause = _(
            "The launch timed out: a kernel ran longer than the GPU allows. The paste names "
            "{gpu}, a data-center GPU that usually drives no display, so a display watchdog "
            "is unlikely: a kernel that never finishes (a custom or compiled kernel caught in "
            "a loop, ranks waiting on each other) or a GPU that hung is the likelier cause."
        ).format(gpu=headless)
        fix = (
            _(
                "Read the kernel log for an Xid at that time: `sudo dmesg | grep -i -E "
                "'xid|nvrm'`; one there points at the GPU or the driver."
            ),
            _(
                "Run again with CUDA_LAUNCH_BLOCKING=1 to see which operation's kernel "
                "ran too long."
            ),
            _(
                "If the GPU stays unresponsive, reset it with no process on it (`sudo "
                "nvidia-smi -r -i 0` for GPU 0) or reboot."
            ),
        )
        return Advice(cause, fix, facts, used_local_facts=ctx.known.local)
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


# Data-center GPUs by their names: they usually drive no display at all.
_DATA_CENTER = re.compile(
    r"\b(?:Tesla \w{1,6}|[AHB]100\b|[AH]800\b|H200\b|B200\b|GB200\b|V100\b|P100\b|"
    r"A[1-4]0G?\b|L40S?\b|L4\b|T4\b)",
    re.IGNORECASE,
)
_DATA_CENTER_ANCHORS = ("tesla", "a100", "h100", "h200", "v100", "a800", "h800", "b200", "l40")


def _data_center_gpu(ctx: Context) -> str | None:
    """The data-center GPU the paste (or the machine) names, if that is its only GPU."""
    names = [g.name for g in ctx.known.gpus] or list(ctx.known.prose_gpus)
    if names:
        found = [n for n in names if _DATA_CENTER.search(n)]
        return found[0] if len(found) == len(names) else None
    m = ctx.near(_DATA_CENTER, *_DATA_CENTER_ANCHORS, before=6, reach=8)
    return m.group(0) if m is not None else None


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


_BUS = r"[0-9A-Fa-f]{4,8}:[0-9A-Fa-f]{2}:[0-9A-Fa-f]{2}"


_NVML_TEXTS = ("Unknown Error", "GPU is lost", "Insufficient Power", "Insufficient External Power")


def _nvrm(words: str) -> str:
    """The kernel log's sentence as one line: a wrapped line starts with "NVRM:" again, so
    any space may carry one."""
    return words.replace(" ", r"(?: NVRM:)? ")


@FAMILY.entry(
    code="gpu-unreachable",
    keywords=("unable to determine the device handle", "fallen off", "xid (pci:"),
    title=N_("The driver cannot reach a GPU it sees on the bus (hardware, power, heat)"),
    patterns=(
        # nvidia-smi / NVML for a GPU on the PCIe bus that stopped answering the driver;
        # NVML's error text last ("Unknown Error", "GPU is lost", "Insufficient Power").
        rx(
            r"Unable to determine the device handle for (?:GPU ?(?:\d{1,2}: ?)?)?(?P<bus>"
            + _BUS
            # Only NVML's words for a GPU gone or unpowered: "Insufficient Permissions" and
            # an RM version mismatch are other causes, answered elsewhere.
            + r"\.\d): (?P<nvml>Unknown Error|GPU is lost|Insufficient (?:External )?Power)"
        ),
        # The kernel module's log (NVRM): the GPU fell off the bus, in words or as Xid 79.
        rx(
            _nvrm(r"The NVIDIA GPU (?P<bus>" + _BUS + r"\.\d) \(PCI ID: [0-9A-Fa-f]{4}:")
            + _nvrm(r"[0-9A-Fa-f]{4}\) installed in this system has fallen off the bus")
        ),
        rx(r"Xid \(PCI:(?P<bus>" + _BUS + r")\): 79\b"),
    ),
    specificity=3,
)
def _advise_unreachable(m: re.Match[str], ctx: Context) -> Advice:
    cause = _(
        "The driver sees the GPU at {bus} on the PCIe bus but cannot talk to it: the GPU "
        "fell off the bus (Xid 79), overheated and shut down, lost power, or sits loose in "
        "its slot. Software installs do not cause this."
    ).format(bus=m.group("bus"))
    facts: dict[str, object] = {"bus_id": m.group("bus")}
    # The paste is flattened: what follows NVML's text may be the next line's words.
    tail = (m.groupdict().get("nvml") or "").lower()
    nvml = next((t for t in _NVML_TEXTS if tail.startswith(t.lower())), None)
    if nvml:
        facts["nvml_error"] = nvml
    if nvml in ("Insufficient Power", "Insufficient External Power"):
        cause += sep() + _(
            "NVML says the GPU has insufficient power: its power cables are not (all) "
            "connected, or the power supply cannot deliver what the GPU needs."
        )
    fix = (
        _("Read the kernel log for the reason: `sudo dmesg | grep -i -E 'xid|nvrm'`."),
        _(
            "Check cooling and power: passively cooled data-center GPUs (Tesla P4/T4) need "
            "server airflow; reseat the card and its power cables."
        ),
        _("Reboot to bring it back; if it drops again, the GPU or its slot is failing."),
    )
    return Advice(cause, fix, facts, used_local_facts=ctx.known.local)


__all__ = ["FAMILY"]
