"""Fakes shared by the bench tests: a scripted pynvml, a sample report, a torch blocker."""

from __future__ import annotations

import ctypes
import json
from pathlib import Path
from typing import Any

from envdoctor.bench.result import (
    AllReduceResult,
    BandwidthResult,
    BenchReport,
    DeviceInfo,
    DeviceReport,
    DistributedReport,
    FleetRow,
    HostInfo,
    MatmulResult,
    SmokeResult,
    Spread,
    Status,
    Telemetry,
    TrainResult,
    WindowTelemetry,
)

# Run `envdoctor` in a subprocess where `import torch` fails, as on a machine without it.
NO_TORCH = """
import importlib.abc, sys
class HideTorch(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "torch" or name.startswith("torch."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, HideTorch())
from envdoctor.cli import main
sys.argv[0] = "envdoctor"
main()
"""


# Run `envdoctor` in a subprocess where `import numpy` fails, as with a torch installed
# without numpy (torch does not depend on it). torch is imported after the blocker, so
# it initialises without numpy exactly as on such a machine.
NO_NUMPY = """
import sys
from importlib.machinery import PathFinder
class NoNumpyPathFinder(PathFinder):
    # Not found (None), as without numpy: raising instead would break torch, which
    # probes optional modules with importlib.util.find_spec.
    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name == "numpy" or name.startswith("numpy."):
            return None
        return super().find_spec(name, path, target)
sys.meta_path[:] = [NoNumpyPathFinder if f is PathFinder else f for f in sys.meta_path]
import warnings
warnings.simplefilter("ignore")  # torch warns once that it found no numpy
import torch
assert "numpy" not in sys.modules
from envdoctor.cli import main
sys.argv[0] = "envdoctor"
main()
"""


class NVMLError(Exception):
    pass


# The shapes nvidia-ml-py 13.x returns from nvmlDeviceGetFieldValues: an array of
# c_nvmlFieldValue_t, each with its own nvmlReturn, a valueType and a value union.
class _Value(ctypes.Union):
    _fields_ = [
        ("dVal", ctypes.c_double),
        ("uiVal", ctypes.c_uint),
        ("ulVal", ctypes.c_ulong),
        ("ullVal", ctypes.c_ulonglong),
        ("sllVal", ctypes.c_longlong),
        ("siVal", ctypes.c_int),
        ("usVal", ctypes.c_ushort),
    ]


class FieldValue(ctypes.Structure):
    _fields_ = [
        ("fieldId", ctypes.c_uint32),
        ("scopeId", ctypes.c_uint32),
        ("timestamp", ctypes.c_int64),
        ("latencyUsec", ctypes.c_int64),
        ("valueType", ctypes.c_uint),
        ("nvmlReturn", ctypes.c_uint),
        ("value", _Value),
    ]


def field_values(*items: tuple[int, int, int]) -> ctypes.Array[FieldValue]:
    """(fieldId, nvmlReturn, milliwatts as uiVal) -> a ctypes array as pynvml returns it."""
    array = (FieldValue * len(items))()
    for slot, (field_id, ret, milliwatts) in zip(array, items, strict=True):
        slot.fieldId = field_id
        slot.nvmlReturn = ret
        slot.valueType = 1  # NVML_VALUE_TYPE_UNSIGNED_INT
        slot.value.uiVal = milliwatts
    return array


class FakeNVML:
    """The few pynvml functions the sampler calls, with scripted answers."""

    def __init__(
        self,
        *,
        clock: int = 1980,
        reasons: int = 0x4,
        gen: int = 5,
        width: int = 16,
        ecc: list[int] | None = None,
        instant_mw: int | None = 700_500,
        remapped: tuple[int, int, int, int] | None = (0, 0, 0, 0),
    ) -> None:
        self.clock = clock
        self.instant_mw = instant_mw
        self.remapped = remapped
        self.reasons = reasons
        self.gen = gen
        self.width = width
        self.ecc = list(ecc or [0])
        self.calls: list[str] = []

    def nvmlDeviceGetHandleByUUID(self, uuid: str) -> str:
        self.calls.append(f"uuid:{uuid}")
        if uuid != "GPU-abc":
            raise NVMLError("not found")
        return "handle0"

    def nvmlDeviceGetHandleByIndex(self, index: int) -> str:
        return f"handle{index}"

    def nvmlDeviceGetClockInfo(self, handle: str, kind: int) -> int:
        return self.clock

    def nvmlDeviceGetMaxClockInfo(self, handle: str, kind: int) -> int:
        return 1980

    def nvmlDeviceGetTemperature(self, handle: str, kind: int) -> int:
        return 64

    def nvmlDeviceGetPowerUsage(self, handle: str) -> int:
        return 650_000

    def nvmlDeviceGetCurrentClocksEventReasons(self, handle: str) -> int:
        return self.reasons

    def nvmlDeviceGetCurrPcieLinkGeneration(self, handle: str) -> int:
        return self.gen

    def nvmlDeviceGetCurrPcieLinkWidth(self, handle: str) -> int:
        return self.width

    def nvmlDeviceGetMaxPcieLinkGeneration(self, handle: str) -> int:
        return 5

    def nvmlDeviceGetMaxPcieLinkWidth(self, handle: str) -> int:
        return 16

    def nvmlDeviceGetTotalEccErrors(self, handle: str, kind: int, counter: int) -> int:
        return self.ecc.pop(0) if len(self.ecc) > 1 else self.ecc[0]

    def nvmlDeviceGetRetiredPagesPendingStatus(self, handle: str) -> int:
        raise NVMLError("Not Supported")  # Ampere and later use row remapping

    def nvmlDeviceGetFieldValues(self, handle: str, field_ids: list[int]) -> object:
        # 186 = NVML_FI_DEV_POWER_INSTANT; 3 = NVML_ERROR_NOT_SUPPORTED per field
        return field_values(
            *(
                (f, 0, self.instant_mw) if f == 186 and self.instant_mw is not None else (f, 3, 0)
                for f in field_ids
            )
        )

    def nvmlDeviceGetRemappedRows(self, handle: str) -> tuple[int, int, int, int]:
        # pynvml: (corrected rows, uncorrectable rows, is pending, failure occurred)
        if self.remapped is None:
            raise NVMLError("Not Supported")
        return self.remapped

    def nvmlDeviceGetEnforcedPowerLimit(self, handle: str) -> int:
        return 700_000

    def nvmlSystemGetDriverVersion(self) -> bytes:
        return b"570.86.15"


def sample_report(
    *, device_status: Status = Status.PASS, stragglers: tuple[str, ...] = ()
) -> BenchReport:
    spread = Spread(median=790.0, p10=780.0, p90=795.0, repeats=5)
    device = DeviceReport(
        info=DeviceInfo(
            device="cuda:0", name="NVIDIA H100 80GB HBM3", kind="cuda", compute_capability="9.0"
        ),
        status=device_status,
        smoke=(
            SmokeResult(
                op="matmul",
                dtype="bf16",
                status=Status.FAIL,
                max_error=1.0,
                tolerance=0.1,
                message="matmul (bf16) differs",
            ),
        ),
        matmul=(
            MatmulResult(
                dtype="bf16",
                size=4096,
                status=Status.PASS,
                tflops=spread,
                peak_tflops=989.5,
                fraction=0.8,
                band_pass=0.65,
            ),
        ),
        bandwidth=(
            BandwidthResult(
                kind="d2d",
                size_bytes=1 << 30,
                status=Status.WARN,
                gbs=spread,
                reference_gbs=3350.0,
                fraction=0.24,
            ),
        ),
        training=(
            TrainResult(
                model="resnet",
                precision="amp_bf16",
                status=Status.PASS,
                steps=80,
                initial_loss=1.4,
                final_loss=0.1,
                samples_per_s=9000.0,
                cpu_parity_rel_err=2e-6,
            ),
        ),
        telemetry=Telemetry(
            available=True, samples=10, throttle_reasons=("SwPowerCap",), pcie_gen_seen=5
        ),
        warnings=("w",),
    )
    dist = DistributedReport(
        backend="nccl",
        world_size=2,
        status=Status.PASS,
        allreduce=(
            AllReduceResult(
                size_bytes=1 << 20,
                seconds=Spread(0.001, 0.001, 0.002, 5),
                algbw_gbs=1.0,
                busbw_gbs=1.0,
                correct=True,
            ),
        ),
        ddp_status=Status.PASS,
        fleet=(
            FleetRow(
                rank=0,
                host="a",
                device="cuda:0",
                device_name="H100",
                driver="570",
                torch="2.8",
                matmul_tflops=790.0,
                status=Status.PASS,
                odd=("driver",),
            ),
        ),
    )
    return BenchReport(
        mode="quick",
        host=HostInfo(
            python="3.11", platform="Linux", torch="2.8.0", cuda_runtime="12.8", driver="570.86"
        ),
        devices=(device,),
        wall_s=12.5,
        stragglers=stragglers,
        distributed=dist,
    )


def _spread(median: float, low: float, high: float, repeats: int = 5) -> Spread:
    return Spread(median=median, p10=low, p90=high, repeats=repeats)


def h200_report() -> BenchReport:
    """A `bench --full` report of a healthy H200 as envdoctor builds it from torch 2.13
    and nvidia-ml-py 13.x: every row kind, a judged and a reported figure of each sort,
    best shape and sustained window, and NVML fields a driver leaves unreported (retired
    pages on a row-remapping part, the instant power field) - the figures are shaped
    like a real run's, not measured (no GPU run is recorded yet)."""
    sustained = "matmul bf16 sustained"
    square = [
        MatmulResult(
            dtype=dtype,
            size=8192,
            status=Status.PASS,
            tflops=_spread(med, med * 0.98, med * 1.01, 10),
            peak_tflops=peak,
            fraction=med / peak,
            band_pass=band,
        )
        for dtype, med, peak, band in (
            ("fp32", 51.2, 66.9, 0.65),
            ("tf32", 402.7, 494.7, 0.55),
            ("fp16", 741.9, 989.5, 0.65),
        )
    ]
    matmul = (
        *square,
        MatmulResult(
            dtype="bf16",
            size=8192,
            status=Status.PASS,
            tflops=_spread(745.3, 731.0, 752.8, 10),
            peak_tflops=989.5,
            fraction=812.4 / 989.5,
            band_pass=0.65,
            best_shape="16384x8192x8192",
            best_tflops=_spread(812.4, 801.9, 818.0, 10),
            sustained_tflops=_spread(731.6, 702.2, 744.1, 25),
            sustained_s=5.0,
            window=sustained,
        ),
    )
    copy = "triad c=a+s*b, 3x bytes"

    def link(kind: str, gbs: float, judged: bool) -> BandwidthResult:
        return BandwidthResult(
            kind=kind,
            size_bytes=1 << 30,
            status=Status.PASS,
            gbs=_spread(gbs, gbs * 0.97, gbs * 1.01, 10),
            reference_gbs=63.0 if judged else None,
            fraction=gbs / 63.0 if judged else None,
            method="copy_ non_blocking",
            judged=judged,
        )

    bandwidth = (
        BandwidthResult(
            kind="d2d",
            size_bytes=2 << 30,
            status=Status.PASS,
            gbs=_spread(4213.7, 4150.2, 4240.9, 10),
            reference_gbs=4800.0,
            fraction=4213.7 / 4800.0,
            method=copy,
        ),
        BandwidthResult(
            kind="d2d_memcpy",
            size_bytes=2 << 30,
            status=Status.PASS,
            gbs=_spread(3215.4, 3190.0, 3230.1, 10),
            reference_gbs=4800.0,
            fraction=3215.4 / 4800.0,
            message="driver memcpy path: information only, not judged",
            method="copy_ (memcpy), 2x bytes",
            judged=False,
        ),
        link("h2d_pinned", 53.1, True),
        link("h2d_pageable", 21.4, False),
        link("d2h_pinned", 54.6, False),
        link("d2h_pageable", 17.9, False),
    )
    training = tuple(
        TrainResult(
            model=model,
            precision=precision,
            status=Status.PASS,
            steps=120,
            initial_loss=1.387,
            final_loss=0.041,
            samples_per_s=samples,
            cpu_parity_rel_err=3.1e-7 if precision == "fp32" else None,
        )
        for model, samples in (("resnet", 48_210.0), ("deeplab", 9_840.0))
        for precision in ("fp32", "amp_fp16", "amp_bf16")
    )
    telemetry = Telemetry(
        available=True,
        samples=412,
        samples_in_windows=380,
        sm_clock_mhz_median=1980.0,
        sm_clock_mhz_max_seen=1980.0,
        sm_clock_mhz_limit=1980.0,
        temp_c_max=71.0,
        power_w_max=688.0,
        power_w_instant_max=None,  # NVML_FI_DEV_POWER_INSTANT: not supported here
        power_limit_w=700.0,
        throttle_reasons=("SwPowerCap",),
        pcie_gen_max=5,
        pcie_width_max=16,
        pcie_gen_seen=5,
        pcie_width_seen=16,
        ecc_uncorrected=0,
        retired_pages_pending=None,  # row-remapping part: not reported
        remapped_rows_pending=False,
        remapped_rows_failure=False,
        remapped_rows_uncorrectable=0,
        windows=(
            WindowTelemetry(sustained, 5.0, 50, 1965.0, 1890.0, 688.0, None, 71.0, ("SwPowerCap",)),
        ),
    )
    device = DeviceReport(
        info=DeviceInfo(
            device="cuda:0",
            name="NVIDIA H200",
            kind="cuda",
            compute_capability="9.0",
            multiprocessors=132,
            total_memory_bytes=150_754_820_096,
            peak_id="h200-sxm",
            peak_class="datacenter_hbm",
            peak_confidence="datasheet",
            cudnn=91002,
        ),
        status=Status.PASS,
        smoke=(SmokeResult(op="matmul", dtype="bf16", status=Status.PASS, max_error=0.01),),
        matmul=matmul,
        bandwidth=bandwidth,
        training=training,
        telemetry=telemetry,
    )
    return BenchReport(
        mode="full",
        host=HostInfo(
            python="3.12.3",
            platform="Linux-6.8.0-x86_64-with-glibc2.39",
            torch="2.13.0+cu130",
            cuda_runtime="13.0",
            driver=None,  # NVML could not be read for the header
            cpu_threads=64,
            numpy="2.3.4",
        ),
        devices=(device,),
        wall_s=71.4,
    )


FIXTURES = Path(__file__).parent / "fixtures"
# The envelope's keys around a bench document's payload.
ENVELOPE = {"schema", "envdoctor_version", "command", "status", "exit_code", "non_finite"}


def recorded(name: str) -> tuple[dict[str, Any], BenchReport]:
    """A recorded `bench --json` document from tests/bench/fixtures and its report."""
    from envdoctor.serde import from_data

    doc = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    body = {k: v for k, v in doc.items() if k not in ENVELOPE}
    return doc, from_data(BenchReport, body)
