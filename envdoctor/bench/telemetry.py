"""NVML telemetry while the bench runs: clocks, temperature, power, throttling, PCIe, ECC.

pynvml is imported lazily and every NVML call may fail (no driver, a container
without the library, a Jetson, a field the GPU does not have): a failure makes that
value unknown, or the whole telemetry "unavailable" with a reason, never a crash.
The sampler polls in a background thread; `summarise` is pure and turns samples
into figures and warnings.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from envdoctor.bench.result import Telemetry
from envdoctor.bench.stats import percentile
from envdoctor.i18n import _

# nvmlClocksEventReasons bits (formerly "throttle reasons").
REASON_BITS: tuple[tuple[int, str], ...] = (
    (0x1, "GpuIdle"),
    (0x2, "ApplicationsClocksSetting"),
    (0x4, "SwPowerCap"),
    (0x8, "HwSlowdown"),
    (0x10, "SyncBoost"),
    (0x20, "SwThermalSlowdown"),
    (0x40, "HwThermalSlowdown"),
    (0x80, "HwPowerBrakeSlowdown"),
    (0x100, "DisplayClockSetting"),
)
# Reasons that mean the GPU is being held back by heat or hardware protection. A
# software power cap during a big GEMM is normal on most boards and is not listed.
BAD_REASONS = frozenset(
    {"HwSlowdown", "SwThermalSlowdown", "HwThermalSlowdown", "HwPowerBrakeSlowdown"}
)
CLOCK_FLOOR = 0.75  # median SM clock below this share of the maximum is suspicious

_CLOCK_SM = 1
_TEMPERATURE_GPU = 0
_ERR_UNCORRECTED = 1
_VOLATILE_ECC = 0


@dataclass(frozen=True)
class Sample:
    sm_clock_mhz: float | None = None
    temp_c: float | None = None
    power_w: float | None = None
    reasons: int | None = None
    pcie_gen: int | None = None
    pcie_width: int | None = None


@dataclass(frozen=True)
class Static:
    sm_clock_limit_mhz: float | None = None
    pcie_gen_max: int | None = None
    pcie_width_max: int | None = None
    ecc_uncorrected_before: int | None = None
    ecc_uncorrected_after: int | None = None
    retired_pages_pending: bool | None = None
    integrated: bool = False  # unified-memory SoC: the PCIe link it reports is fake


def decode_reasons(mask: int) -> tuple[str, ...]:
    return tuple(name for bit, name in REASON_BITS if mask & bit)


def summarise(samples: list[Sample], static: Static) -> Telemetry:
    """Figures and warnings from what the sampler saw (pure)."""
    clocks = [s.sm_clock_mhz for s in samples if s.sm_clock_mhz is not None]
    temps = [s.temp_c for s in samples if s.temp_c is not None]
    powers = [s.power_w for s in samples if s.power_w is not None]
    mask = 0
    for s in samples:
        mask |= s.reasons or 0
    reasons = tuple(r for r in decode_reasons(mask) if r != "GpuIdle")
    gens = [s.pcie_gen for s in samples if s.pcie_gen is not None]
    widths = [s.pcie_width for s in samples if s.pcie_width is not None]
    # Idle links drop to Gen1 to save power: judge the best link seen under load.
    gen_seen = max(gens) if gens else None
    width_seen = max(widths) if widths else None
    median_clock = percentile(clocks, 50.0) if clocks else None

    warnings: list[str] = []
    bad = sorted(set(reasons) & BAD_REASONS)
    if bad:
        warnings.append(
            _("the GPU was throttled during the run: {reasons}").format(reasons=", ".join(bad))
        )
    if (
        median_clock is not None
        and static.sm_clock_limit_mhz
        and median_clock < CLOCK_FLOOR * static.sm_clock_limit_mhz
        and "SwPowerCap" not in reasons
    ):
        warnings.append(
            _("median SM clock {clock:.0f} MHz is below 75% of its {limit:.0f} MHz maximum").format(
                clock=median_clock, limit=static.sm_clock_limit_mhz
            )
        )
    if (
        not static.integrated
        and gen_seen is not None
        and static.pcie_gen_max
        and gen_seen < static.pcie_gen_max
    ):
        warnings.append(
            _("PCIe link ran at Gen{seen} under load; the GPU and slot support Gen{max}").format(
                seen=gen_seen, max=static.pcie_gen_max
            )
        )
    if (
        not static.integrated
        and width_seen is not None
        and static.pcie_width_max
        and width_seen < static.pcie_width_max
    ):
        warnings.append(
            _("PCIe link ran at x{seen} under load; the GPU and slot support x{max}").format(
                seen=width_seen, max=static.pcie_width_max
            )
        )
    if static.retired_pages_pending:
        warnings.append(_("retired memory pages are pending: reset or reboot the GPU"))
    faults: list[str] = []
    before, after = static.ecc_uncorrected_before, static.ecc_uncorrected_after
    if before is not None and after is not None and after > before:
        faults.append(
            _("uncorrectable ECC errors rose from {before} to {after} during the run").format(
                before=before, after=after
            )
        )
    return Telemetry(
        available=True,
        samples=len(samples),
        sm_clock_mhz_median=median_clock,
        sm_clock_mhz_max_seen=max(clocks) if clocks else None,
        sm_clock_mhz_limit=static.sm_clock_limit_mhz,
        temp_c_max=max(temps) if temps else None,
        power_w_max=max(powers) if powers else None,
        throttle_reasons=reasons,
        pcie_gen_max=static.pcie_gen_max,
        pcie_width_max=static.pcie_width_max,
        pcie_gen_seen=gen_seen,
        pcie_width_seen=width_seen,
        ecc_uncorrected=after if after is not None else before,
        retired_pages_pending=static.retired_pages_pending,
        warnings=tuple(warnings),
        faults=tuple(faults),
    )


def load_nvml() -> tuple[Any | None, str]:
    """The initialised pynvml module, or None and the reason it is unavailable."""
    try:
        import pynvml
    except Exception as exc:  # noqa: BLE001 - any import failure means "unavailable"
        return None, _("pynvml cannot be imported: {error}").format(error=_line(exc))
    try:
        pynvml.nvmlInit()
    except Exception as exc:  # noqa: BLE001 - NVMLError and friends
        return None, _("NVML did not initialise: {error}").format(error=_line(exc))
    return pynvml, ""


def _line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _try(call: Callable[[], Any]) -> Any:
    try:
        return call()
    except Exception:  # noqa: BLE001 - an unsupported field is just unknown
        return None


def open_handle(nvml: Any, *, uuid: str | None, index: int) -> Any:
    """The NVML handle for a torch device: by UUID when known (CUDA and NVML may
    order devices differently), else by index. Returns None when NVML cannot say."""
    if uuid:
        text = uuid if uuid.startswith(("GPU-", "MIG-")) else f"GPU-{uuid}"
        handle = _try(lambda: nvml.nvmlDeviceGetHandleByUUID(text))
        if handle is not None:
            return handle
    return _try(lambda: nvml.nvmlDeviceGetHandleByIndex(index))


def read_sample(nvml: Any, handle: Any) -> Sample:
    reasons_fn = getattr(nvml, "nvmlDeviceGetCurrentClocksEventReasons", None) or getattr(
        nvml, "nvmlDeviceGetCurrentClocksThrottleReasons", None
    )
    clock = _try(lambda: nvml.nvmlDeviceGetClockInfo(handle, _CLOCK_SM))
    temp = _try(lambda: nvml.nvmlDeviceGetTemperature(handle, _TEMPERATURE_GPU))
    power_mw = _try(lambda: nvml.nvmlDeviceGetPowerUsage(handle))
    reasons = _try(lambda: reasons_fn(handle)) if reasons_fn is not None else None
    gen = _try(lambda: nvml.nvmlDeviceGetCurrPcieLinkGeneration(handle))
    width = _try(lambda: nvml.nvmlDeviceGetCurrPcieLinkWidth(handle))
    return Sample(
        sm_clock_mhz=None if clock is None else float(clock),
        temp_c=None if temp is None else float(temp),
        power_w=None if power_mw is None else float(power_mw) / 1000.0,
        reasons=None if reasons is None else int(reasons),
        pcie_gen=None if gen is None else int(gen),
        pcie_width=None if width is None else int(width),
    )


def read_ecc(nvml: Any, handle: Any) -> int | None:
    value = _try(lambda: nvml.nvmlDeviceGetTotalEccErrors(handle, _ERR_UNCORRECTED, _VOLATILE_ECC))
    return None if value is None else int(value)


def read_static(nvml: Any, handle: Any) -> Static:
    limit = _try(lambda: nvml.nvmlDeviceGetMaxClockInfo(handle, _CLOCK_SM))
    gen = _try(lambda: nvml.nvmlDeviceGetMaxPcieLinkGeneration(handle))
    width = _try(lambda: nvml.nvmlDeviceGetMaxPcieLinkWidth(handle))
    pending = _try(lambda: nvml.nvmlDeviceGetRetiredPagesPendingStatus(handle))
    return Static(
        sm_clock_limit_mhz=None if limit is None else float(limit),
        pcie_gen_max=None if gen is None else int(gen),
        pcie_width_max=None if width is None else int(width),
        ecc_uncorrected_before=read_ecc(nvml, handle),
        retired_pages_pending=None if pending is None else bool(pending),
    )


def driver_version(nvml: Any) -> str | None:
    value = _try(nvml.nvmlSystemGetDriverVersion)
    if isinstance(value, bytes):
        return value.decode("ascii", "replace")
    return None if value is None else str(value)


@dataclass
class Sampler:
    """Polls one GPU every `interval` seconds between `start()` and `stop()`."""

    nvml: Any
    handle: Any
    interval: float = 0.1
    integrated: bool = False
    _samples: list[Sample] = field(default_factory=list)
    _static: Static = field(default_factory=Static)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        self._static = read_static(self.nvml, self.handle)
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="envdoctor-nvml", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._samples.append(read_sample(self.nvml, self.handle))
            self._stop.wait(self.interval)

    def stop(self) -> Telemetry:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5.0)
        self._samples.append(read_sample(self.nvml, self.handle))
        static = Static(
            sm_clock_limit_mhz=self._static.sm_clock_limit_mhz,
            pcie_gen_max=self._static.pcie_gen_max,
            pcie_width_max=self._static.pcie_width_max,
            ecc_uncorrected_before=self._static.ecc_uncorrected_before,
            ecc_uncorrected_after=read_ecc(self.nvml, self.handle),
            retired_pages_pending=self._static.retired_pages_pending,
            integrated=self.integrated,
        )
        return summarise(list(self._samples), static)


def unavailable(reason: str) -> Telemetry:
    return Telemetry(available=False, reason=reason)


__all__ = [
    "BAD_REASONS",
    "REASON_BITS",
    "Sample",
    "Sampler",
    "Static",
    "decode_reasons",
    "driver_version",
    "load_nvml",
    "open_handle",
    "read_sample",
    "read_static",
    "summarise",
    "unavailable",
]
