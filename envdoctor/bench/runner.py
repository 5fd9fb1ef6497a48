"""Run the bench: per device smoke -> speed -> training, with telemetry around it.

The runner receives the torch module (the CLI imports it only after checking it is
installed) and a `Reporter` for progress. Each section catches its own failures,
so a GPU that faults half way still yields the results gathered before the fault.
"""

from __future__ import annotations

import contextlib
import os
import platform
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from envdoctor.bench import distributed as dist_mod
from envdoctor.bench import peaks, telemetry, throughput, training
from envdoctor.bench.judge import dtypes_for, pcie_theoretical_gbs
from envdoctor.bench.precision import tf32
from envdoctor.bench.result import (
    BandwidthResult,
    BenchReport,
    DeviceInfo,
    DeviceReport,
    DistributedReport,
    FleetRow,
    HostInfo,
    MatmulResult,
    Status,
    Telemetry,
    TrainResult,
    worst,
)
from envdoctor.bench.smoke import run_smoke
from envdoctor.bench.stats import stragglers
from envdoctor.bench.training import MODEL_NAMES
from envdoctor.errors import UsageError
from envdoctor.i18n import _

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


def host_info(torch: Any, driver: str | None) -> HostInfo:
    return HostInfo(
        python=platform.python_version(),
        platform=platform.platform(),
        torch=str(torch.__version__),
        cuda_runtime=getattr(torch.version, "cuda", None),
        driver=driver,
        cpu_threads=int(torch.get_num_threads()),
    )


def cpu_facts(cpuinfo: str | None = None) -> tuple[str, int, float | None, bool, bool]:
    """(name, cores usable, MHz, avx512, fma) from /proc/cpuinfo where it exists."""
    if cpuinfo is None:
        try:
            cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
        except OSError:
            cpuinfo = ""
    name: str = platform.processor() or platform.machine()
    mhz: float | None = None
    flags: set[str] = set()
    for line in cpuinfo.splitlines():
        key, _sep, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if key == "model name" and value:
            name = value
        elif key == "cpu MHz" and mhz is None:
            with contextlib.suppress(ValueError):
                mhz = float(value)
        elif key == "flags" and not flags:
            flags = set(value.split())
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return name, cores, mhz, "avx512f" in flags, "fma" in flags


def _cpu_device(torch: Any) -> tuple[DeviceInfo, peaks.PeakEntry]:
    name, cores, mhz, avx512, fma = cpu_facts()
    # torch may use fewer threads than cores; the estimate follows what torch uses.
    threads = min(cores, int(torch.get_num_threads()))
    gflops = peaks.cpu_estimate_gflops(
        threads, None if mhz is None else mhz / 1000.0, avx512=avx512, fma=fma
    )
    entry = peaks.PeakEntry(
        id="cpu_estimate",
        display=name,
        nvml_names=(),
        cc="",
        gpu_class="cpu",
        tflops={"fp32": round(gflops / 1000.0, 4), "tf32": None, "fp16": None, "bf16": None},
        mem_bw_gbs=None,
        confidence="estimate",
        source=_("estimated from core count x clock x SIMD width"),
        estimated=True,
    )
    info = DeviceInfo(
        device="cpu",
        name=name,
        kind="cpu",
        multiprocessors=threads,
        peak_id=entry.id,
        peak_class="cpu",
        peak_confidence="estimate",
        peak_estimated=True,
    )
    return info, entry


def _max_sm_clock_mhz(props: Any, nvml: Any, handle: Any) -> float | None:
    """The maximum SM clock: from NVML, else from the device properties (kHz) when torch
    exposes them (CUDA 13 removed the field from cudaDeviceProp; torch may not have it)."""
    if nvml is not None and handle is not None:
        with contextlib.suppress(Exception):
            return float(nvml.nvmlDeviceGetMaxClockInfo(handle, 1))
    khz = getattr(props, "clock_rate", None)
    return float(khz) / 1000.0 if khz else None


def _cuda_device(
    torch: Any, device: str, nvml: Any, handle: Any
) -> tuple[DeviceInfo, peaks.PeakEntry | None]:
    index = torch.device(device).index or 0
    props = torch.cuda.get_device_properties(index)
    cc = (int(props.major), int(props.minor))
    sms = int(props.multi_processor_count)
    table = peaks.load_table()
    entry = peaks.lookup(table, str(props.name), sm_count=sms)
    if entry is None:
        entry = peaks.estimate(
            str(props.name),
            cc,
            sms,
            _max_sm_clock_mhz(props, nvml, handle),
            mem_bw_gbs=peaks.estimate_bandwidth(
                getattr(props, "memory_clock_rate", None), getattr(props, "memory_bus_width", None)
            ),
        )
    cudnn = None
    with contextlib.suppress(Exception):
        cudnn = int(torch.backends.cudnn.version()) if torch.backends.cudnn.is_available() else None
    info = DeviceInfo(
        device=device,
        name=str(props.name),
        kind="cuda",
        compute_capability=f"{cc[0]}.{cc[1]}",
        multiprocessors=sms,
        total_memory_bytes=int(props.total_memory),
        peak_id=None if entry is None else entry.id,
        peak_class=None if entry is None else entry.gpu_class,
        peak_confidence=None if entry is None else entry.confidence,
        peak_estimated=bool(entry is None or entry.estimated),
        cudnn=cudnn,
    )
    return info, entry


def _free_bytes(torch: Any, device: str) -> int | None:
    if not device.startswith("cuda"):
        return None
    try:
        free, _total = torch.cuda.mem_get_info(torch.device(device))
    except Exception:  # noqa: BLE001 - unknown free memory: sizes stay as planned
        return None
    return int(free)


def _cc(info: DeviceInfo) -> tuple[int, int] | None:
    if not info.compute_capability:
        return None
    major, minor = info.compute_capability.split(".")
    return int(major), int(minor)


def _line(exc: BaseException) -> str:
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
    kind: str, cc: tuple[int, int] | None, wanted: tuple[str, ...] | None
) -> list[tuple[str, str]]:
    """(dtype, skip reason) to measure: what the arch has, narrowed by --dtype. The CPU
    measures fp32 unless fp16/bf16 are asked for explicitly."""
    if kind == "cpu":
        names = [d for d in (wanted or ("fp32",)) if d in {"fp32", "fp16", "bf16"}]
        return [(d, "") for d in names]
    return [(d, skip) for d, skip in dtypes_for(cc) if wanted is None or d in wanted]


@dataclass
class _Collected:
    smoke: tuple[Any, ...] = ()
    matmul: list[MatmulResult] = field(default_factory=list)
    bandwidth: list[BandwidthResult] = field(default_factory=list)
    training: list[TrainResult] = field(default_factory=list)


def _open_device(
    torch: Any, device: str, nvml: Any
) -> tuple[DeviceInfo, peaks.PeakEntry | None, Any]:
    """(info, peak, NVML handle or None); raises when the device cannot be queried."""
    if not device.startswith("cuda"):
        info, peak = _cpu_device(torch)
        return info, peak, None
    index = torch.device(device).index or 0
    handle = None
    if nvml is not None:
        uuid = None
        with contextlib.suppress(Exception):
            uuid = str(torch.cuda.get_device_properties(index).uuid)
        handle = telemetry.open_handle(nvml, uuid=uuid, index=index)
    torch.cuda.set_device(torch.device(device))
    info, cuda_peak = _cuda_device(torch, device, nvml, handle)
    return info, cuda_peak, handle


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
    into: _Collected,
) -> None:
    kind = info.kind
    bench = throughput.Bench(
        torch, device, throughput.sizes_for(kind, config.mode, config.scale), clock
    )
    for dtype, skip in matmul_plan(kind, _cc(info), config.dtypes):
        reporter.step(_("{device}: matmul {dtype}").format(device=device, dtype=dtype))
        free = _free_bytes(torch, device)
        into.matmul.append(
            throughput.matmul(bench, dtype, free_bytes=free, peak=peak, skip_reason=skip)
        )
    reporter.step(_("{device}: memory bandwidth").format(device=device))
    into.bandwidth.append(
        throughput.copy_bandwidth(bench, free_bytes=_free_bytes(torch, device), peak=peak)
    )
    if kind == "cuda":
        reporter.step(_("{device}: host <-> device transfers").format(device=device))
        free = _free_bytes(torch, device)
        into.bandwidth.extend(throughput.transfers(bench, pcie_gbs=link_gbs, free_bytes=free))


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
        info, peak, handle = _open_device(torch, device, nvml)
    except Exception as exc:  # noqa: BLE001 - the device could not even be queried
        return DeviceReport(
            info=DeviceInfo(device=device, name="?", kind=kind),
            status=Status.ERROR,
            errors=(_("cannot use {device}: {error}").format(device=device, error=_line(exc)),),
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
                into=got,
            )
        if "train" in sections:
            _train(torch, device, info=info, config=config, reporter=reporter, into=got)
    except Exception as exc:  # noqa: BLE001 - a device fault mid-run: keep what we have
        errors.append(_("{device} failed mid-run: {error}").format(device=device, error=_line(exc)))
    finally:
        if sampler is not None:
            tele = sampler.stop()
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
    if info.kind == "cuda":
        if peak is None:
            warnings.append(
                _(
                    "no datasheet peak for this GPU and none could be estimated: "
                    "speed is reported only"
                )
            )
        elif peak.estimated:
            warnings.append(
                _("peak for this GPU is an estimate ({source})").format(source=peak.source)
            )
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


def run_distributed(
    torch: Any,
    want_cuda: bool | None,
    config: BenchConfig,
    reporter: Reporter | None = None,
    *,
    environ: dict[str, str] | None = None,
    nvml_loader: Callable[[], tuple[Any, str]] = telemetry.load_nvml,
) -> tuple[int, BenchReport]:
    """This rank's part of a torchrun job: (rank, report); rank 0's report has the fleet.

    `want_cuda`: True for --device cuda/all, False for --device cpu, None for auto.
    """
    reporter = reporter or NullReporter()
    rank, world, local_rank = dist_mod.launch_env(environ)
    started = time.perf_counter()
    has_cuda = bool(getattr(torch.version, "cuda", None)) and torch.cuda.is_available()
    if want_cuda and not has_cuda:
        raise UsageError(_("--device cuda under torchrun, but this rank sees no usable GPU"))
    use_cuda = has_cuda if want_cuda is None else want_cuda
    if use_cuda and local_rank >= torch.cuda.device_count():
        raise UsageError(
            _("local rank {rank} has no GPU: only {count} visible").format(
                rank=local_rank, count=torch.cuda.device_count()
            )
        )
    device = f"cuda:{local_rank}" if use_cuda else "cpu"
    if use_cuda:
        torch.cuda.set_device(local_rank)
    else:
        # Ranks share the machine's cores: one thread each keeps them from fighting.
        torch.set_num_threads(max(1, (os.cpu_count() or 1) // max(1, world)))
    backend = "nccl" if use_cuda else "gloo"
    dist = dist_mod.init(torch, backend)
    try:
        nvml, reason = nvml_loader() if use_cuda else (None, "")
        driver = telemetry.driver_version(nvml) if nvml is not None else None
        reporter.begin(
            stage_count(config, "cuda" if use_cuda else "cpu", sections=("smoke", "speed")) + 2
        )
        local = run_device(
            torch,
            device,
            config,
            reporter,
            nvml=nvml,
            nvml_reason=reason,
            sections=("smoke", "speed"),
        )
        reporter.step(_("all-reduce bandwidth"))
        sizes: tuple[int, ...]
        if use_cuda:
            sizes = (
                (1 << 20, 16 << 20, 256 << 20)
                if config.mode == "quick"
                else (1 << 20, 64 << 20, 1 << 30)
            )
        else:
            sizes = (64 << 10, 1 << 20, 8 << 20)
        if config.scale < 1.0:
            sizes = (*(max(4096, int(s * config.scale)) for s in sizes),)
        allreduce = dist_mod.allreduce_bandwidth(torch, dist, device, sizes, warmup=2, repeats=5)
        reporter.step(_("DDP training step"))
        try:
            ddp_status, ddp_message = dist_mod.ddp_step(torch, dist, device)
        except Exception as exc:  # noqa: BLE001 - a failed DDP step is a result, named
            ddp_status = Status.ERROR
            ddp_message = _("DDP step failed: {error}").format(error=_line(exc))
        row = FleetRow(
            rank=rank,
            host=dist_mod.hostname(),
            device=device,
            device_name=local.info.name,
            driver=driver,
            torch=str(torch.__version__),
            matmul_tflops=headline_tflops(local),
            status=local.status,
        )
        fleet = dist_mod.odd_one_out(dist_mod.gather_fleet(dist, row))
        dist.barrier()
    finally:
        dist.destroy_process_group()
    parts = [ddp_status, *(r.status for r in fleet)]
    if not all(a.correct for a in allreduce):
        parts.append(Status.FAIL)
    if any(r.odd for r in fleet):
        parts.append(Status.WARN)
    report = BenchReport(
        mode=config.mode,
        host=host_info(torch, driver),
        devices=(local,),
        wall_s=time.perf_counter() - started,
        distributed=DistributedReport(
            backend=backend,
            world_size=world,
            status=worst(parts),
            allreduce=allreduce,
            ddp_status=ddp_status,
            ddp_message=ddp_message,
            fleet=tuple(fleet),
        ),
    )
    return rank, report


__all__ = [
    "DTYPES",
    "BenchConfig",
    "NullReporter",
    "Reporter",
    "cpu_facts",
    "headline_tflops",
    "host_info",
    "matmul_plan",
    "parse_dtypes",
    "parse_scale",
    "run_bench",
    "run_device",
    "run_distributed",
    "smoke_dtypes",
    "stage_count",
]
