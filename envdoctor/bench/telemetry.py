"""NVML telemetry while the bench runs: clocks, temperature, power, throttling, PCIe, ECC.

pynvml is imported lazily and every NVML call may fail (no driver, a container
without the library, a Jetson, a field the GPU does not have): a failure makes that
value unknown, or the whole telemetry "unavailable" with a reason, never a crash.
The sampler polls in a background thread; `summarise` is pure and turns samples
into figures and warnings.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from envdoctor.bench.result import Telemetry, WindowTelemetry
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
TRANSFER_WINDOWS = ("h2d", "d2h")
CLOCK_FLOOR = 0.75  # median SM clock below this share of the maximum is suspicious

_CLOCK_SM = 1
_TEMPERATURE_GPU = 0
_ERR_UNCORRECTED = 1
_VOLATILE_ECC = 0
# nvmlFieldValue_t ids (nvml.h): the power reading of this instant; nvmlDeviceGetPowerUsage
# is a 1 s average on Ampere (except GA100) and later, too slow to see a short spike.
FI_POWER_INSTANT = 186
_NVML_SUCCESS = 0
# nvmlValueType_t -> the member of the value union that holds it.
_VALUE_MEMBER = {0: "dVal", 1: "uiVal", 2: "ulVal", 3: "ullVal", 4: "sllVal", 5: "siVal"}
_GPU_IDLE = 0x1


@dataclass(frozen=True)
class Sample:
    sm_clock_mhz: float | None = None
    temp_c: float | None = None
    power_w: float | None = None
    reasons: int | None = None
    pcie_gen: int | None = None
    pcie_width: int | None = None
    power_instant_w: float | None = None
    t: float = 0.0  # time.monotonic() when taken: places the sample in a timed window


@dataclass(frozen=True)
class Static:
    sm_clock_limit_mhz: float | None = None
    pcie_gen_max: int | None = None
    pcie_width_max: int | None = None
    ecc_uncorrected_before: int | None = None
    ecc_uncorrected_after: int | None = None
    retired_pages_pending: bool | None = None
    integrated: bool = False  # unified-memory SoC: the PCIe link it reports is fake
    power_limit_w: float | None = None
    remapped_rows_pending: bool | None = None
    remapped_rows_failure: bool | None = None
    remapped_rows_uncorrectable: int | None = None


def decode_reasons(mask: int) -> tuple[str, ...]:
    return tuple(name for bit, name in REASON_BITS if mask & bit)


def _in_spans(t: float, spans: Sequence[tuple[str, float, float]]) -> bool:
    return any(start <= t <= end for _label, start, end in spans)


def _busy_clocks(samples: Sequence[Sample]) -> list[float]:
    """SM clocks of samples where the GPU was not idle: an idle GPU parks its clock low."""
    return [
        s.sm_clock_mhz
        for s in samples
        if s.sm_clock_mhz is not None and not ((s.reasons or 0) & _GPU_IDLE)
    ]


def window_summary(
    label: str, start: float, end: float, samples: Sequence[Sample]
) -> WindowTelemetry:
    inside = [s for s in samples if start <= s.t <= end]
    clocks = _busy_clocks(inside)
    mask = 0
    for s in inside:
        mask |= s.reasons or 0
    powers = [s.power_w for s in inside if s.power_w is not None]
    instant = [s.power_instant_w for s in inside if s.power_instant_w is not None]
    temps = [s.temp_c for s in inside if s.temp_c is not None]
    return WindowTelemetry(
        label=label,
        seconds=max(0.0, end - start),
        samples=len(inside),
        sm_clock_mhz_median=percentile(clocks, 50.0) if clocks else None,
        sm_clock_mhz_min=min(clocks) if clocks else None,
        power_w_max=max(powers) if powers else None,
        power_w_instant_max=max(instant) if instant else None,
        temp_c_max=max(temps) if temps else None,
        throttle_reasons=tuple(r for r in decode_reasons(mask) if r != "GpuIdle"),
    )


def summarise(
    samples: list[Sample],
    static: Static,
    spans: Sequence[tuple[str, float, float]] = (),
) -> Telemetry:
    """Figures and warnings from what the sampler saw (pure).

    Clocks are judged only from samples taken inside timed windows (`spans`) while the
    GPU was busy: between tests the host prepares the next one, the GPU idles and its
    clock drops, which says nothing about how fast it runs under load."""
    # Host<->device copies run on the copy engines: the SMs may clock down meanwhile,
    # which says nothing about compute, so only compute windows judge the clock.
    compute = [span for span in spans if not span[0].startswith(TRANSFER_WINDOWS)]
    inside = [s for s in samples if _in_spans(s.t, compute)]
    clocks_all = [s.sm_clock_mhz for s in samples if s.sm_clock_mhz is not None]
    judged_clocks = _busy_clocks(inside)
    temps = [s.temp_c for s in samples if s.temp_c is not None]
    powers = [s.power_w for s in samples if s.power_w is not None]
    instant = [s.power_instant_w for s in samples if s.power_instant_w is not None]
    mask = 0
    for s in samples:
        mask |= s.reasons or 0
    reasons = tuple(r for r in decode_reasons(mask) if r != "GpuIdle")
    gens = [s.pcie_gen for s in samples if s.pcie_gen is not None]
    widths = [s.pcie_width for s in samples if s.pcie_width is not None]
    # Idle links drop to Gen1 to save power: judge the best link seen under load.
    gen_seen = max(gens) if gens else None
    width_seen = max(widths) if widths else None
    median_clock = percentile(judged_clocks, 50.0) if judged_clocks else None
    window_reasons: set[str] = set()
    for s in inside:
        window_reasons.update(decode_reasons(s.reasons or 0))

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
        and "SwPowerCap" not in window_reasons
    ):
        warnings.append(
            _("median SM clock {clock:.0f} MHz is below 75% of its {limit:.0f} MHz maximum").format(
                clock=median_clock, limit=static.sm_clock_limit_mhz
            )
        )
    warnings.extend(_link_warnings(static, gen_seen, width_seen))
    if static.retired_pages_pending:
        warnings.append(_("retired memory pages are pending: reset or reboot the GPU"))
    if static.remapped_rows_pending:
        warnings.append(_("a memory row remapping is pending: reset the GPU to apply it"))
    faults: list[str] = []
    if static.remapped_rows_failure:
        faults.append(_("memory row remapping failed: the GPU has memory errors it cannot repair"))
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
        samples_in_windows=len(inside),
        sm_clock_mhz_median=median_clock,
        sm_clock_mhz_max_seen=max(clocks_all) if clocks_all else None,
        sm_clock_mhz_limit=static.sm_clock_limit_mhz,
        temp_c_max=max(temps) if temps else None,
        power_w_max=max(powers) if powers else None,
        power_w_instant_max=max(instant) if instant else None,
        power_limit_w=static.power_limit_w,
        throttle_reasons=reasons,
        pcie_gen_max=static.pcie_gen_max,
        pcie_width_max=static.pcie_width_max,
        pcie_gen_seen=gen_seen,
        pcie_width_seen=width_seen,
        ecc_uncorrected=after if after is not None else before,
        retired_pages_pending=static.retired_pages_pending,
        remapped_rows_pending=static.remapped_rows_pending,
        remapped_rows_failure=static.remapped_rows_failure,
        remapped_rows_uncorrectable=static.remapped_rows_uncorrectable,
        windows=tuple(window_summary(label, a, b, samples) for label, a, b in spans),
        warnings=tuple(warnings),
        faults=tuple(faults),
    )


def _link_warnings(static: Static, gen_seen: int | None, width_seen: int | None) -> list[str]:
    out: list[str] = []
    if static.integrated:
        return out
    if gen_seen is not None and static.pcie_gen_max and gen_seen < static.pcie_gen_max:
        out.append(
            _("PCIe link ran at Gen{seen} under load; the GPU and slot support Gen{max}").format(
                seen=gen_seen, max=static.pcie_gen_max
            )
        )
    if width_seen is not None and static.pcie_width_max and width_seen < static.pcie_width_max:
        out.append(
            _("PCIe link ran at x{seen} under load; the GPU and slot support x{max}").format(
                seen=width_seen, max=static.pcie_width_max
            )
        )
    return out


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


def read_instant_power_w(nvml: Any, handle: Any) -> float | None:
    """NVML_FI_DEV_POWER_INSTANT in watts, or None where the GPU or driver lacks it.

    nvmlDeviceGetFieldValues answers a list of nvmlFieldValue_t: each has its own
    `nvmlReturn`, a `valueType` and a `value` union (milliwatts here)."""
    values = _try(lambda: nvml.nvmlDeviceGetFieldValues(handle, [FI_POWER_INSTANT]))
    if not values:
        return None
    try:
        field_value = values[0]
        if int(field_value.nvmlReturn) != _NVML_SUCCESS:
            return None
        member = _VALUE_MEMBER.get(int(getattr(field_value, "valueType", 1)), "uiVal")
        milliwatts = float(getattr(field_value.value, member))
    except (AttributeError, IndexError, TypeError, ValueError):
        return None
    return milliwatts / 1000.0


def read_remapped_rows(nvml: Any, handle: Any) -> tuple[int | None, bool | None, bool | None]:
    """(uncorrectable rows, pending, failure) from nvmlDeviceGetRemappedRows, which pynvml
    returns as (corrected rows, uncorrectable rows, is pending, failure occurred).
    All None on GPUs without row remapping (before Ampere, GeForce)."""
    value = _try(lambda: nvml.nvmlDeviceGetRemappedRows(handle))
    try:
        _corr, unc, pending, failure = value
        return int(unc), bool(pending), bool(failure)
    except (TypeError, ValueError):
        return None, None, None


def read_sample(nvml: Any, handle: Any, clock: Callable[[], float] = time.monotonic) -> Sample:
    reasons_fn = getattr(nvml, "nvmlDeviceGetCurrentClocksEventReasons", None) or getattr(
        nvml, "nvmlDeviceGetCurrentClocksThrottleReasons", None
    )
    taken = clock()
    sm_clock = _try(lambda: nvml.nvmlDeviceGetClockInfo(handle, _CLOCK_SM))
    temp = _try(lambda: nvml.nvmlDeviceGetTemperature(handle, _TEMPERATURE_GPU))
    power_mw = _try(lambda: nvml.nvmlDeviceGetPowerUsage(handle))
    reasons = _try(lambda: reasons_fn(handle)) if reasons_fn is not None else None
    gen = _try(lambda: nvml.nvmlDeviceGetCurrPcieLinkGeneration(handle))
    width = _try(lambda: nvml.nvmlDeviceGetCurrPcieLinkWidth(handle))
    return Sample(
        sm_clock_mhz=None if sm_clock is None else float(sm_clock),
        temp_c=None if temp is None else float(temp),
        power_w=None if power_mw is None else float(power_mw) / 1000.0,
        reasons=None if reasons is None else int(reasons),
        pcie_gen=None if gen is None else int(gen),
        pcie_width=None if width is None else int(width),
        power_instant_w=read_instant_power_w(nvml, handle),
        t=taken,
    )


def read_ecc(nvml: Any, handle: Any) -> int | None:
    value = _try(lambda: nvml.nvmlDeviceGetTotalEccErrors(handle, _ERR_UNCORRECTED, _VOLATILE_ECC))
    return None if value is None else int(value)


def read_static(nvml: Any, handle: Any) -> Static:
    limit = _try(lambda: nvml.nvmlDeviceGetMaxClockInfo(handle, _CLOCK_SM))
    gen = _try(lambda: nvml.nvmlDeviceGetMaxPcieLinkGeneration(handle))
    width = _try(lambda: nvml.nvmlDeviceGetMaxPcieLinkWidth(handle))
    pending = _try(lambda: nvml.nvmlDeviceGetRetiredPagesPendingStatus(handle))
    limit_mw = _try(lambda: nvml.nvmlDeviceGetEnforcedPowerLimit(handle))
    unc_rows, remap_pending, remap_failure = read_remapped_rows(nvml, handle)
    return Static(
        sm_clock_limit_mhz=None if limit is None else float(limit),
        pcie_gen_max=None if gen is None else int(gen),
        pcie_width_max=None if width is None else int(width),
        ecc_uncorrected_before=read_ecc(nvml, handle),
        retired_pages_pending=None if pending is None else bool(pending),
        power_limit_w=None if limit_mw is None else float(limit_mw) / 1000.0,
        remapped_rows_pending=remap_pending,
        remapped_rows_failure=remap_failure,
        remapped_rows_uncorrectable=unc_rows,
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

    def stop(self, spans: Sequence[tuple[str, float, float]] = ()) -> Telemetry:
        """Stop polling and summarise; `spans` are the timed windows (WindowLog.spans)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5.0)
        self._samples.append(read_sample(self.nvml, self.handle))
        # Row remapping and retired pages read again at the end: a fault during the run
        # shows up as pending there.
        unc_rows, remap_pending, remap_failure = read_remapped_rows(self.nvml, self.handle)
        after_pending = _try(lambda: self.nvml.nvmlDeviceGetRetiredPagesPendingStatus(self.handle))
        static = replace(
            self._static,
            ecc_uncorrected_after=read_ecc(self.nvml, self.handle),
            integrated=self.integrated,
            retired_pages_pending=_either(
                self._static.retired_pages_pending,
                None if after_pending is None else bool(after_pending),
            ),
            remapped_rows_pending=_either(self._static.remapped_rows_pending, remap_pending),
            remapped_rows_failure=_either(self._static.remapped_rows_failure, remap_failure),
            remapped_rows_uncorrectable=(
                unc_rows if unc_rows is not None else self._static.remapped_rows_uncorrectable
            ),
        )
        return summarise(list(self._samples), static, spans)


def _either(before: bool | None, after: bool | None) -> bool | None:
    """True if either reading was true; None only when neither could be read."""
    if before is None and after is None:
        return None
    return bool(before) or bool(after)


def unavailable(reason: str) -> Telemetry:
    return Telemetry(available=False, reason=reason)


__all__ = [
    "BAD_REASONS",
    "FI_POWER_INSTANT",
    "REASON_BITS",
    "Sample",
    "Sampler",
    "Static",
    "decode_reasons",
    "driver_version",
    "load_nvml",
    "open_handle",
    "read_instant_power_w",
    "read_remapped_rows",
    "read_sample",
    "read_static",
    "summarise",
    "unavailable",
    "window_summary",
]
