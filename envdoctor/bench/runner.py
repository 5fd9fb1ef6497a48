"""Run the bench: per device smoke -> speed -> training, with telemetry around it.

The runner receives the torch module (the CLI imports it only after checking it is
installed) and a `Reporter` for progress. Each section catches its own failures,
so a GPU that faults half way still yields the results gathered before the fault.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from envdoctor.bench import bandwidth, peaks, telemetry, throughput, training
from envdoctor.bench.devinfo import cpu_facts, host_info, open_device, tf32_disabled
from envdoctor.bench.judge import dtypes_for, pcie_theoretical_gbs
from envdoctor.bench.precision import tf32
from envdoctor.bench.result import (
    BandwidthResult,
    BenchReport,
    DeviceInfo,
    DeviceReport,
    MatmulResult,
    Status,
    Telemetry,
    TrainResult,
    worst,
)
from envdoctor.bench.smoke import SKIP_NOTE_OPS, run_smoke
from envdoctor.bench.stats import WindowLog, stragglers
from envdoctor.bench.training import MODEL_NAMES
from envdoctor.errors import UsageError
from envdoctor.i18n import _
from envdoctor.values import cc_tuple

DTYPES = ("fp32", "tf32", "fp16", "bf16")


class Reporter(Protocol):
    def begin(self, total: int) -> None: ...

    def step(self, label: str) -> None: ...


class NullReporter:
    def begin(self, total: int) -> None:
        del total

    def step(self, label: str) -> None:
        del label


@dataclass(frozen=True)
class BenchConfig:
    mode: str = "quick"
    dtypes: tuple[str, ...] | None = None  # None: every dtype the device really has
    scale: float = 1.0  # < 1 shrinks sizes (tests, slow CI machines)
    models: tuple[str, ...] = MODEL_NAMES


def parse_dtypes(values: list[str] | None) -> tuple[str, ...] | None:
    """`--dtype bf16 --dtype fp16` or `--dtype bf16,fp16`; UsageError on unknown names."""
    if not values:
        return None
    names: list[str] = []
    for value in values:
        for part in value.split(","):
            name = part.strip().lower().replace("float", "fp").replace("bfloat16", "bf16")
            name = {"fp": "fp32", "half": "fp16", "bfp16": "bf16"}.get(name, name)
            if not name:
                continue
            if name not in DTYPES:
                raise UsageError(
                    _("unknown dtype {value!r}: use fp32, tf32, fp16 or bf16").format(
                        value=part.strip()
                    )
                )
            if name not in names:
                names.append(name)
    return tuple(names) or None


def parse_scale(text: str | None) -> float:
    """ENVDOCTOR_BENCH_SCALE: a number in (0, 1] that shrinks every size (CI, tests)."""
    if not text:
        return 1.0
    try:
        value = float(text)
    except ValueError:
        raise UsageError(
            _("ENVDOCTOR_BENCH_SCALE must be a number in (0, 1], got {v!r}").format(v=text)
        ) from None
    if not 0.0 < value <= 1.0:
        raise UsageError(
            _("ENVDOCTOR_BENCH_SCALE must be a number in (0, 1], got {v!r}").format(v=text)
        )
    return value


def free_bytes(torch: Any, device: str) -> int | None:
    if not device.startswith("cuda"):
        return None
    try:
        free, _total = torch.cuda.mem_get_info(torch.device(device))
    except Exception:  # noqa: BLE001 - unknown free memory: sizes stay as planned
        return None
    return int(free)


def _cc(info: DeviceInfo) -> tuple[int, int] | None:
    return cc_tuple(info.compute_capability)


def line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def stage_count(config: BenchConfig, kind: str, *, sections: tuple[str, ...]) -> int:
    count = 0
    if "smoke" in sections:
        count += 1
    if "speed" in sections:
        if kind == "cuda":
            count += len(DTYPES if config.dtypes is None else config.dtypes) + 2
        else:
            count += len(config.dtypes or ("fp32",)) + 1
    if "train" in sections:
        count += len(config.models)
    return count


def smoke_dtypes(
    kind: str, cc: tuple[int, int] | None, wanted: tuple[str, ...] | None
) -> tuple[str, ...]:
    """fp32 always; fp16 on every GPU and bf16 from Ampere on; --dtype narrows the extras."""
    extra: list[str] = []
    if kind == "cuda":
        extra.append("fp16")
        if cc is not None and cc >= (8, 0):
            extra.append("bf16")
    elif wanted:
        extra.extend(d for d in wanted if d == "bf16")
    if wanted:
        extra = [d for d in extra if d in wanted]
    return ("fp32", *extra)


def matmul_plan(
    kind: str,
    cc: tuple[int, int] | None,
    wanted: tuple[str, ...] | None,
    *,
    tf32_off: bool = False,
) -> list[tuple[str, str]]:
    """(dtype, skip reason) to measure: what the arch has, narrowed by --dtype. The CPU
    measures fp32 unless fp16/bf16 are asked for explicitly. `tf32_off`:
    NVIDIA_TF32_OVERRIDE=0 is set, so cuBLAS ignores TF32 and the row would measure FP32."""
    if kind == "cpu":
        names = [d for d in (wanted or ("fp32",)) if d in {"fp32", "fp16", "bf16"}]
        return [(d, "") for d in names]
    plan = [(d, skip) for d, skip in dtypes_for(cc) if wanted is None or d in wanted]
    if tf32_off:
        reason = _("NVIDIA_TF32_OVERRIDE=0 is set: cuBLAS ignores TF32, so it cannot be measured")
        plan = [(d, reason if d == "tf32" and not skip else skip) for d, skip in plan]
    return plan


def sustained_dtype(plan: list[tuple[str, str]]) -> str | None:
    """The dtype that also runs the sustained window: bf16 (the headline) when measured,
    else the last one measured (fp16 before Ampere, fp32 on the CPU)."""
    measured = [d for d, skip in plan if not skip]
    if not measured:
        return None
    return "bf16" if "bf16" in measured else measured[-1]


@dataclass
class _Collected:
    smoke: tuple[Any, ...] = ()
    matmul: list[MatmulResult] = field(default_factory=list)
    bandwidth: list[BandwidthResult] = field(default_factory=list)
    training: list[TrainResult] = field(default_factory=list)


def _speed(
    torch: Any,
    device: str,
    *,
    info: DeviceInfo,
    peak: peaks.PeakEntry | None,
    config: BenchConfig,
    reporter: Reporter,
    link_gbs: float | None,
    clock: Callable[[], float],
    windows: WindowLog,
    into: _Collected,
) -> None:
    kind = info.kind
    bench = throughput.Bench(
        torch,
        device,
        throughput.sizes_for(kind, config.mode, config.scale),
        clock,
        windows=windows,
    )
    plan = matmul_plan(kind, _cc(info), config.dtypes, tf32_off=tf32_disabled())
    held = sustained_dtype(plan)
    for dtype, skip in plan:
        reporter.step(_("{device}: matmul {dtype}").format(device=device, dtype=dtype))
        free = free_bytes(torch, device)
        into.matmul.append(
            throughput.matmul(
                bench,
                dtype,
                free_bytes=free,
                peak=peak,
                skip_reason=skip,
                sustained=dtype == held,
            )
        )
    reporter.step(_("{device}: memory bandwidth").format(device=device))
    into.bandwidth.extend(
        bandwidth.device_bandwidth(bench, free_bytes=free_bytes(torch, device), peak=peak)
    )
    if kind == "cuda":
        reporter.step(_("{device}: host <-> device transfers").format(device=device))
        free = free_bytes(torch, device)
        into.bandwidth.extend(bandwidth.transfers(bench, pcie_gbs=link_gbs, free_bytes=free))


def _train(
    torch: Any,
    device: str,
    *,
    info: DeviceInfo,
    config: BenchConfig,
    reporter: Reporter,
    into: _Collected,
) -> None:
    plan = training.plan_for(info.kind, config.mode, config.scale)
    precisions = training.precisions_for(_cc(info))
    if config.dtypes:
        wanted = config.dtypes
        precisions = tuple(p for p in precisions if p == "fp32" or p.removeprefix("amp_") in wanted)
    for name in config.models:
        reporter.step(_("{device}: training {model}").format(device=device, model=name))
        into.training.extend(training.run_model(torch, name, device, plan, precisions))


def run_device(
    torch: Any,
    device: str,
    config: BenchConfig,
    reporter: Reporter,
    *,
    nvml: Any = None,
    nvml_reason: str = "",
    sections: tuple[str, ...] = ("smoke", "speed", "train"),
    clock: Callable[[], float] = time.perf_counter,
) -> DeviceReport:
    """Everything for one device; never raises for a failure of the device itself."""
    kind = "cuda" if device.startswith("cuda") else "cpu"
    try:
        info, peak, handle = open_device(torch, device, nvml)
    except Exception as exc:  # noqa: BLE001 - the device could not even be queried
        return DeviceReport(
            info=DeviceInfo(device=device, name="?", kind=kind),
            status=Status.ERROR,
            errors=(_("cannot use {device}: {error}").format(device=device, error=line(exc)),),
        )

    sampler = None
    static = telemetry.Static()
    if kind == "cuda" and nvml is not None and handle is not None:
        sampler = telemetry.Sampler(nvml, handle)
        sampler.start()
        static = telemetry.read_static(nvml, handle)
        tele = Telemetry(available=False)
    elif kind == "cuda":
        tele = telemetry.unavailable(nvml_reason or _("NVML has no handle for this GPU"))
    else:
        tele = telemetry.unavailable(_("not a GPU"))

    got = _Collected()
    windows = WindowLog()
    errors: list[str] = []
    try:
        if "smoke" in sections:
            reporter.step(_("{device}: tensor smoke tests").format(device=device))
            # fp32 results are compared at FP32 tolerances, so no TF32 on the device.
            exact = kind == "cuda" or None
            with tf32(torch, matmul=False if exact else None, conv=False if exact else None):
                got.smoke = run_smoke(torch, device, smoke_dtypes(kind, _cc(info), config.dtypes))
        if "speed" in sections:
            link = pcie_theoretical_gbs(static.pcie_gen_max, static.pcie_width_max)
            _speed(
                torch,
                device,
                info=info,
                peak=peak,
                config=config,
                reporter=reporter,
                link_gbs=link,
                clock=clock,
                windows=windows,
                into=got,
            )
        if "train" in sections:
            _train(torch, device, info=info, config=config, reporter=reporter, into=got)
    except Exception as exc:  # noqa: BLE001 - a device fault mid-run: keep what we have
        errors.append(_("{device} failed mid-run: {error}").format(device=device, error=line(exc)))
    finally:
        if sampler is not None:
            tele = sampler.stop(windows.spans)
    return _device_report(info, peak, got, tele, errors)


def _device_report(
    info: DeviceInfo,
    peak: peaks.PeakEntry | None,
    got: _Collected,
    tele: Telemetry,
    errors: list[str],
) -> DeviceReport:
    parts = [r.status for r in (*got.smoke, *got.matmul, *got.bandwidth, *got.training)]
    warnings = list(tele.warnings)
    if tele.warnings:
        parts.append(Status.WARN)
    if tele.faults:
        parts.append(Status.FAIL)
        errors = [*errors, *tele.faults]
    if errors:
        parts.append(Status.ERROR)
    if info.kind == "cuda" and info.cudnn is None:
        warnings.append(_("cuDNN is not available to PyTorch: convolutions run without it"))
        parts.append(Status.WARN)
    notes = [s.message for s in got.smoke if s.status is Status.SKIP and s.op in SKIP_NOTE_OPS]
    if info.kind == "cuda":
        # Information, not a warning: a healthy GPU missing from the table must not warn.
        if peak is None:
            notes.append(
                _(
                    "no datasheet peak for this GPU and none could be estimated: "
                    "speed is reported only"
                )
            )
        elif peak.confidence == "estimate":
            notes.append(
                _(
                    "no datasheet peak for this GPU: its peak is an estimate ({source}), "
                    "speed is reported only"
                ).format(source=peak.source)
            )
        elif peak.estimated:
            notes.append(_("peak scaled from the full GPU ({source})").format(source=peak.source))
    if any(m.dtype == "tf32" and m.status is Status.SKIP for m in got.matmul) and tf32_disabled():
        notes.append(_("NVIDIA_TF32_OVERRIDE=0 is set: TF32 is off for every program here"))
    return DeviceReport(
        info=info,
        status=worst(parts),
        smoke=got.smoke,
        matmul=tuple(got.matmul),
        bandwidth=tuple(got.bandwidth),
        training=tuple(got.training),
        telemetry=tele,
        warnings=tuple(warnings),
        errors=tuple(errors),
        notes=tuple(notes),
    )


def headline_tflops(report: DeviceReport) -> float | None:
    """The number used to compare devices: bf16 matmul if measured, else the fastest."""
    measured = {
        m.dtype: m.tflops.median
        for m in report.matmul
        if m.tflops is not None and m.status is not Status.ERROR
    }
    if not measured:
        return None
    return measured.get("bf16", max(measured.values()))


def run_bench(
    torch: Any,
    devices: tuple[str, ...],
    config: BenchConfig,
    reporter: Reporter | None = None,
    *,
    notes: tuple[str, ...] = (),
    nvml_loader: Callable[[], tuple[Any, str]] = telemetry.load_nvml,
) -> BenchReport:
    reporter = reporter or NullReporter()
    started = time.perf_counter()
    uses_gpu = any(d.startswith("cuda") for d in devices)
    nvml, reason = nvml_loader() if uses_gpu else (None, "")
    driver = telemetry.driver_version(nvml) if nvml is not None else None
    reporter.begin(
        sum(
            stage_count(
                config,
                "cuda" if d.startswith("cuda") else "cpu",
                sections=("smoke", "speed", "train"),
            )
            for d in devices
        )
    )
    reports = tuple(
        run_device(torch, d, config, reporter, nvml=nvml, nvml_reason=reason) for d in devices
    )
    slow: list[str] = []
    if len(reports) > 1:
        speeds = {r.info.device: headline_tflops(r) for r in reports}
        slow = stragglers({k: v for k, v in speeds.items() if v is not None})
    warnings = list(notes)
    if slow:
        warnings.append(
            _("straggler: {devices} is more than 10% slower than its siblings").format(
                devices=", ".join(slow)
            )
        )
    return BenchReport(
        mode=config.mode,
        host=host_info(torch, driver),
        devices=reports,
        wall_s=time.perf_counter() - started,
        stragglers=tuple(slow),
        warnings=tuple(warnings),
    )


__all__ = [
    "DTYPES",
    "BenchConfig",
    "NullReporter",
    "Reporter",
    "cpu_facts",
    "free_bytes",
    "headline_tflops",
    "host_info",
    "line",
    "matmul_plan",
    "parse_dtypes",
    "parse_scale",
    "run_bench",
    "run_device",
    "smoke_dtypes",
    "stage_count",
    "sustained_dtype",
]
