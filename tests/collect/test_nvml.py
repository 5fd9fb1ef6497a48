"""NVML through a fake pynvml module: the boundary the real library sits behind."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from envdoctor.collect.nvml import read_nvml
from envdoctor.snapshot import DriverState


class FakeNVMLError(Exception):
    def __init__(self, value: int) -> None:
        super().__init__(f"NVML error {value}")
        self.value = value


class FakeNvml:
    """Enough of pynvml for read_nvml; `fail_init` simulates each NVML error class."""

    def __init__(
        self,
        *,
        fail_init: int | None = None,
        gpus: list[dict[str, Any]] | None = None,
        as_bytes: bool = False,
    ) -> None:
        self.fail_init = fail_init
        self.gpus = (
            gpus
            if gpus is not None
            else [
                {
                    "name": "NVIDIA H100 80GB HBM3",
                    "cc": (9, 0),
                    "mem": 81559 * 1024 * 1024,
                    "uuid": "GPU-1234",
                    "pm": 1,
                }
            ]
        )
        self.as_bytes = as_bytes
        self.shutdown_called = False

    def _s(self, text: str) -> Any:
        return text.encode() if self.as_bytes else text

    def nvmlInit(self) -> None:
        if self.fail_init is not None:
            raise FakeNVMLError(self.fail_init)

    def nvmlShutdown(self) -> None:
        self.shutdown_called = True

    def nvmlSystemGetDriverVersion(self) -> Any:
        return self._s("580.95.05")

    def nvmlSystemGetCudaDriverVersion_v2(self) -> int:
        return 13000

    def nvmlSystemGetCudaDriverVersion(self) -> int:
        return 13000

    def nvmlSystemGetNVMLVersion(self) -> Any:
        return self._s("13.580.95.05")

    def nvmlDeviceGetCount(self) -> int:
        return len(self.gpus)

    def nvmlDeviceGetHandleByIndex(self, i: int) -> int:
        return i

    def nvmlDeviceGetName(self, h: int) -> Any:
        return self._s(self.gpus[h]["name"])

    def nvmlDeviceGetUUID(self, h: int) -> Any:
        return self._s(self.gpus[h]["uuid"])

    def nvmlDeviceGetMemoryInfo(self, h: int) -> Any:
        return SimpleNamespace(total=self.gpus[h]["mem"])

    def nvmlDeviceGetCudaComputeCapability(self, h: int) -> tuple[int, int]:
        cc = self.gpus[h]["cc"]
        if cc is None:
            raise FakeNVMLError(3)  # NOT_SUPPORTED
        return cc  # type: ignore[no-any-return]

    def nvmlDeviceGetPersistenceMode(self, h: int) -> int:
        return self.gpus[h]["pm"]  # type: ignore[no-any-return]

    def nvmlDeviceGetPciInfo(self, h: int) -> Any:
        return SimpleNamespace(busId=self._s("00000000:18:00.0"))

    def nvmlDeviceGetMigMode(self, h: int) -> Any:
        raise FakeNVMLError(3)


@pytest.mark.parametrize("as_bytes", [False, True], ids=["str-api", "old-bytes-api"])
def test_reads_driver_and_gpus(as_bytes: bool) -> None:
    fake = FakeNvml(as_bytes=as_bytes)
    result = read_nvml(fake)
    assert result.driver.state is DriverState.OK
    assert result.driver.version == "580.95.05"
    assert result.driver.cuda_version == "13.0"
    assert result.driver.nvml_library_version == "13.580.95.05"
    (gpu,) = result.gpus
    assert gpu.name == "NVIDIA H100 80GB HBM3"
    assert gpu.compute_capability == "9.0"
    assert gpu.compute_capability_source == "nvml"
    assert gpu.memory_total_mib == 81559
    assert gpu.persistence_mode is True
    assert gpu.pci_bus_id == "00000000:18:00.0"
    assert gpu.mig_mode is None  # not supported: unknown, not a failure
    assert fake.shutdown_called


@pytest.mark.parametrize(
    ("code", "state"),
    [
        (12, DriverState.NO_DRIVER),
        (9, DriverState.NOT_LOADED),
        (18, DriverState.LIBRARY_MISMATCH),
        (4, DriverState.NO_PERMISSION),
        (999, DriverState.ERROR),
    ],
    ids=["library-not-found", "driver-not-loaded", "lib-rm-mismatch", "no-permission", "unknown"],
)
def test_classifies_init_errors(code: int, state: DriverState) -> None:
    result = read_nvml(FakeNvml(fail_init=code))
    assert result.driver.state is state
    assert result.driver.error == f"NVML error {code}"
    assert result.gpus == ()


def test_missing_capability_stays_unknown() -> None:
    fake = FakeNvml(
        gpus=[{"name": "Some GPU", "cc": None, "mem": 1 << 30, "uuid": "GPU-x", "pm": 0}]
    )
    (gpu,) = read_nvml(fake).gpus
    assert gpu.compute_capability is None
    assert gpu.compute_capability_source is None
    assert gpu.persistence_mode is False


def test_error_after_init_is_classified_not_raised() -> None:
    fake = FakeNvml()

    def boom() -> int:
        raise FakeNVMLError(15)  # GPU is lost

    fake.nvmlDeviceGetCount = boom  # type: ignore[method-assign]
    result = read_nvml(fake)
    assert result.driver.state is DriverState.ERROR
    assert fake.shutdown_called


def test_real_pynvml_on_a_machine_without_driver() -> None:
    # CI has nvidia-ml-py but no driver: the real library must report, not raise.
    result = read_nvml()
    assert result.driver.state in {
        DriverState.NO_DRIVER,
        DriverState.OK,
        DriverState.NOT_LOADED,
        DriverState.ERROR,
    }
