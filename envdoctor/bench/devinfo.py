"""What the bench runs on: host facts, the CPU as a device, a CUDA device and its peak.

Device properties come from torch, the NVML handle (by UUID, since CUDA and NVML may
order devices differently) from pynvml; a GPU missing from the peak table gets an
estimated peak, which is reported and never judged.
"""

from __future__ import annotations

import contextlib
import os
import platform
from pathlib import Path
from typing import Any

from envdoctor.bench import peaks, telemetry
from envdoctor.bench.result import DeviceInfo, HostInfo
from envdoctor.i18n import _

TF32_OVERRIDE = "NVIDIA_TF32_OVERRIDE"


def host_info(torch: Any, driver: str | None) -> HostInfo:
    return HostInfo(
        python=platform.python_version(),
        platform=platform.platform(),
        torch=str(torch.__version__),
        cuda_runtime=getattr(torch.version, "cuda", None),
        driver=driver,
        cpu_threads=int(torch.get_num_threads()),
        numpy=numpy_version(),
        tf32_override=os.environ.get(TF32_OVERRIDE),
    )


def numpy_version() -> str | None:
    """numpy's version, or None: torch does not depend on numpy and runs without it."""
    try:
        import numpy
    except Exception:  # noqa: BLE001 - absent or broken: either way torch runs without it
        return None
    return str(getattr(numpy, "__version__", "?"))


def tf32_disabled(environ: dict[str, str] | None = None) -> bool:
    """NVIDIA_TF32_OVERRIDE=0 makes cuBLAS and cuDNN ignore every request for TF32."""
    env = os.environ if environ is None else environ
    return env.get(TF32_OVERRIDE, "").strip() == "0"


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


def cpu_device(torch: Any) -> tuple[DeviceInfo, peaks.PeakEntry]:
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


def cuda_device(
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


def open_device(
    torch: Any, device: str, nvml: Any
) -> tuple[DeviceInfo, peaks.PeakEntry | None, Any]:
    """(info, peak, NVML handle or None); raises when the device cannot be queried."""
    if not device.startswith("cuda"):
        info, peak = cpu_device(torch)
        return info, peak, None
    index = torch.device(device).index or 0
    handle = None
    if nvml is not None:
        uuid = None
        with contextlib.suppress(Exception):
            uuid = str(torch.cuda.get_device_properties(index).uuid)
        handle = telemetry.open_handle(nvml, uuid=uuid, index=index)
    torch.cuda.set_device(torch.device(device))
    info, cuda_peak = cuda_device(torch, device, nvml, handle)
    return info, cuda_peak, handle


__all__ = [
    "TF32_OVERRIDE",
    "cpu_device",
    "cpu_facts",
    "cuda_device",
    "host_info",
    "numpy_version",
    "open_device",
    "tf32_disabled",
]
