"""The bench result model: frozen dataclasses, serialised with `envdoctor.serde`.

Messages in results are already translated for the person running the command;
scripts should key on the `status` values and the names (`op`, `model`, `dtype`),
which are never translated.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


# A bench test's verdict: pass / skip have no place in the result contract, so the
# command folds the run's verdict into an envdoctor.result.Outcome (cli/bench.py).
class Status(str, enum.Enum):
    PASS = "pass"  # noqa: S105 - a verdict, not a password
    WARN = "warn"
    FAIL = "fail"
    SKIP = "skip"
    ERROR = "error"  # the check could not run (out of memory, device fault)


# Worst first: the overall verdict is the worst verdict of the parts.
_SEVERITY = {Status.SKIP: 0, Status.PASS: 1, Status.WARN: 2, Status.FAIL: 3, Status.ERROR: 4}


def worst(statuses: tuple[Status, ...] | list[Status]) -> Status:
    """The most severe status; PASS for an empty list (nothing failed)."""
    if not statuses:
        return Status.PASS
    top = max(statuses, key=lambda s: _SEVERITY[s])
    return Status.PASS if top is Status.SKIP else top


@dataclass(frozen=True)
class Spread:
    """Median and spread of repeated measurements, in the measurement's unit."""

    median: float
    p10: float
    p90: float
    repeats: int


@dataclass(frozen=True)
class SmokeResult:
    op: str
    dtype: str
    status: Status
    max_error: float | None = None
    tolerance: float | None = None
    message: str = ""


@dataclass(frozen=True)
class MatmulResult:
    dtype: str
    size: int
    status: Status
    tflops: Spread | None = None
    peak_tflops: float | None = None
    peak_estimated: bool = False
    fraction: float | None = None
    band_pass: float | None = None
    message: str = ""
    judged: bool = True  # False: compared with an estimate, reported only
    # --full: the best of a handful of GEMM shapes ("MxNxK"), how the field reports
    # "how close to peak"; the verdict then uses it.
    best_shape: str | None = None
    best_tflops: Spread | None = None
    # The headline dtype also runs for seconds back to back: a card that throttles
    # after a while shows it here; `window` names its telemetry window.
    sustained_tflops: Spread | None = None
    sustained_s: float | None = None
    window: str = ""


@dataclass(frozen=True)
class BandwidthResult:
    # d2d (SM-kernel triad, judged), d2d_memcpy (driver copy, information),
    # host_copy / host_memcpy on the CPU, h2d_pinned, h2d_pageable, d2h_pinned, d2h_pageable
    kind: str
    size_bytes: int  # one buffer
    status: Status
    gbs: Spread | None = None
    reference_gbs: float | None = None
    fraction: float | None = None
    message: str = ""
    method: str = ""  # how the bytes were moved and counted (a name, never translated)
    judged: bool = True


@dataclass(frozen=True)
class TrainResult:
    model: str
    precision: str  # fp32, amp_fp16, amp_bf16
    status: Status
    steps: int = 0
    initial_loss: float | None = None
    final_loss: float | None = None
    samples_per_s: float | None = None
    cpu_parity_rel_err: float | None = None
    message: str = ""


@dataclass(frozen=True)
class WindowTelemetry:
    """What NVML saw during one timed window (a repeat series or the sustained run)."""

    label: str
    seconds: float
    samples: int
    sm_clock_mhz_median: float | None = None
    sm_clock_mhz_min: float | None = None
    power_w_max: float | None = None
    power_w_instant_max: float | None = None
    temp_c_max: float | None = None
    throttle_reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Telemetry:
    """What NVML said while the bench ran; `available` false means: not read, see `reason`."""

    available: bool
    reason: str = ""
    samples: int = 0
    samples_in_windows: int = 0
    sm_clock_mhz_median: float | None = None  # inside timed windows only
    sm_clock_mhz_max_seen: float | None = None
    sm_clock_mhz_limit: float | None = None
    temp_c_max: float | None = None
    power_w_max: float | None = None  # nvmlDeviceGetPowerUsage: a 1 s average on recent GPUs
    power_w_instant_max: float | None = None  # NVML_FI_DEV_POWER_INSTANT
    power_limit_w: float | None = None
    throttle_reasons: tuple[str, ...] = ()
    pcie_gen_max: int | None = None
    pcie_width_max: int | None = None
    pcie_gen_seen: int | None = None
    pcie_width_seen: int | None = None
    ecc_uncorrected: int | None = None
    retired_pages_pending: bool | None = None
    # Ampere and later datacenter GPUs remap rows instead of retiring pages.
    remapped_rows_pending: bool | None = None
    remapped_rows_failure: bool | None = None
    remapped_rows_uncorrectable: int | None = None
    windows: tuple[WindowTelemetry, ...] = ()
    warnings: tuple[str, ...] = ()
    faults: tuple[str, ...] = ()  # health problems that fail the device (new ECC errors)


@dataclass(frozen=True)
class DeviceInfo:
    device: str  # cpu, cuda:0, ...
    name: str
    kind: str  # cpu or cuda
    compute_capability: str | None = None
    multiprocessors: int | None = None
    total_memory_bytes: int | None = None
    peak_id: str | None = None
    peak_class: str | None = None
    peak_confidence: str | None = None
    peak_estimated: bool = False
    cudnn: int | None = None


@dataclass(frozen=True)
class DeviceReport:
    info: DeviceInfo
    status: Status
    smoke: tuple[SmokeResult, ...] = ()
    matmul: tuple[MatmulResult, ...] = ()
    bandwidth: tuple[BandwidthResult, ...] = ()
    training: tuple[TrainResult, ...] = ()
    telemetry: Telemetry = field(default_factory=lambda: Telemetry(available=False))
    warnings: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # information that changes no verdict


@dataclass(frozen=True)
class AllReduceResult:
    size_bytes: int
    seconds: Spread  # per all-reduce
    algbw_gbs: float
    busbw_gbs: float | None  # None at one rank: nothing crosses a link
    correct: bool
    calls_per_repeat: int = 1
    warmup: int = 0


@dataclass(frozen=True)
class FleetRow:
    rank: int
    host: str
    device: str
    device_name: str
    driver: str | None
    torch: str
    matmul_tflops: float | None
    status: Status
    odd: tuple[str, ...] = ()  # which columns make this rank the odd one out


@dataclass(frozen=True)
class DistributedReport:
    backend: str
    world_size: int
    status: Status
    allreduce: tuple[AllReduceResult, ...] = ()
    ddp_status: Status = Status.SKIP
    ddp_message: str = ""
    fleet: tuple[FleetRow, ...] = ()


@dataclass(frozen=True)
class HostInfo:
    python: str
    platform: str
    torch: str
    cuda_runtime: str | None = None
    driver: str | None = None
    cpu_threads: int | None = None
    numpy: str | None = None  # its version, None when torch runs without it
    tf32_override: str | None = None  # NVIDIA_TF32_OVERRIDE as set in the environment


@dataclass(frozen=True)
class BenchReport:
    """The whole run. No `status` field: the JSON envelope carries it (see `overall`)."""

    mode: str  # quick or full
    host: HostInfo
    devices: tuple[DeviceReport, ...]
    wall_s: float
    stragglers: tuple[str, ...] = ()
    distributed: DistributedReport | None = None
    warnings: tuple[str, ...] = ()


def overall(report: BenchReport) -> Status:
    """The verdict of the run: the worst of every device and the distributed part."""
    parts = [d.status for d in report.devices]
    if report.distributed is not None:
        parts.append(report.distributed.status)
    if report.stragglers:
        parts.append(Status.WARN)
    return worst(parts)


__all__ = [
    "AllReduceResult",
    "BandwidthResult",
    "BenchReport",
    "DeviceInfo",
    "DeviceReport",
    "DistributedReport",
    "FleetRow",
    "HostInfo",
    "MatmulResult",
    "SmokeResult",
    "Spread",
    "Status",
    "Telemetry",
    "TrainResult",
    "WindowTelemetry",
    "overall",
    "worst",
]
