"""Fakes shared by the bench tests: a scripted pynvml, a sample report, a torch blocker."""

from __future__ import annotations

import ctypes

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
