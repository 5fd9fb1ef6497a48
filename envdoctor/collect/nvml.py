"""Read the NVIDIA driver and GPUs through NVML (nvidia-ml-py's `pynvml`).

NVML reports physical GPUs: it ignores CUDA_VISIBLE_DEVICES, which is what we want for
the inventory (torch's view is collected separately). Every NVML call can fail on some
driver or GPU; a failed optional call leaves its field unknown instead of failing the probe.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from envdoctor.snapshot import DriverFacts, DriverState, GpuFacts
from envdoctor.values import CudaVersion


@dataclass(frozen=True)
class NvmlResult:
    driver: DriverFacts
    gpus: tuple[GpuFacts, ...]


# NVML error codes (nvml.h) -> what they mean for the user.
_STATE_BY_CODE = {
    12: DriverState.NO_DRIVER,  # NVML_ERROR_LIBRARY_NOT_FOUND
    9: DriverState.NOT_LOADED,  # NVML_ERROR_DRIVER_NOT_LOADED
    18: DriverState.LIBRARY_MISMATCH,  # NVML_ERROR_LIB_RM_VERSION_MISMATCH
    4: DriverState.NO_PERMISSION,  # NVML_ERROR_NO_PERMISSION
}


def _text(value: Any) -> str:
    # Old nvidia-ml-py returned bytes, current returns str.
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def _optional(fn: Any, *args: Any) -> Any:
    try:
        return fn(*args)
    except Exception:  # noqa: BLE001 - NVMLError_NotSupported & co: unknown, not fatal
        return None


def _failed(exc: Exception) -> NvmlResult:
    """An NVML error as a fact: pynvml errors carry the nvml.h code in `.value`."""
    code = getattr(exc, "value", None)
    state = (
        _STATE_BY_CODE.get(code, DriverState.ERROR) if isinstance(code, int) else DriverState.ERROR
    )
    return NvmlResult(DriverFacts(state=state, source="nvml", error=_text(exc)), ())


def read_nvml(nvml: Any = None) -> NvmlResult:
    """Query NVML; `nvml` is the pynvml module (tests pass a fake with the same functions)."""
    if nvml is None:
        try:
            import pynvml as nvml_module
        except ImportError as exc:
            return NvmlResult(
                DriverFacts(
                    state=DriverState.ERROR, source="nvml", error=f"nvidia-ml-py missing: {exc}"
                ),
                (),
            )
        nvml = nvml_module
    try:
        nvml.nvmlInit()
    except Exception as exc:  # noqa: BLE001 - classified below
        return _failed(exc)
    try:
        version = _text(nvml.nvmlSystemGetDriverVersion())
        cuda_int = _optional(nvml.nvmlSystemGetCudaDriverVersion_v2)
        if cuda_int is None:
            cuda_int = _optional(nvml.nvmlSystemGetCudaDriverVersion)
        decoded = CudaVersion.from_int(cuda_int) if isinstance(cuda_int, int) else None
        cuda = str(decoded) if decoded is not None else None  # 12020 -> "12.2"
        lib = _optional(nvml.nvmlSystemGetNVMLVersion)
        count = int(nvml.nvmlDeviceGetCount())
        gpus = tuple(_read_gpu(nvml, i) for i in range(count))
    except Exception as exc:  # noqa: BLE001 - a broken driver can fail any call
        return _failed(exc)
    finally:
        _optional(nvml.nvmlShutdown)
    driver = DriverFacts(
        state=DriverState.OK,
        version=version,
        cuda_version=cuda,
        nvml_library_version=_text(lib) if lib is not None else None,
        source="nvml",
    )
    return NvmlResult(driver, gpus)


def _read_gpu(nvml: Any, index: int) -> GpuFacts:
    handle = nvml.nvmlDeviceGetHandleByIndex(index)
    name = _text(nvml.nvmlDeviceGetName(handle))
    uuid = _optional(nvml.nvmlDeviceGetUUID, handle)
    mem = _optional(nvml.nvmlDeviceGetMemoryInfo, handle)
    cc = _optional(nvml.nvmlDeviceGetCudaComputeCapability, handle)
    persistence = _optional(nvml.nvmlDeviceGetPersistenceMode, handle)
    pci = _optional(nvml.nvmlDeviceGetPciInfo, handle)
    mig = _optional(nvml.nvmlDeviceGetMigMode, handle)
    capability = f"{cc[0]}.{cc[1]}" if isinstance(cc, tuple | list) and len(cc) == 2 else None
    bus = getattr(pci, "busId", None) if pci is not None else None
    return GpuFacts(
        index=index,
        name=name,
        uuid=_text(uuid) if uuid is not None else None,
        memory_total_mib=int(mem.total) // (1024 * 1024) if mem is not None else None,
        compute_capability=capability,
        compute_capability_source="nvml" if capability else None,
        persistence_mode=bool(persistence) if persistence is not None else None,
        pci_bus_id=_text(bus) if bus is not None else None,
        mig_mode=bool(mig[0]) if isinstance(mig, tuple | list) and mig else None,
    )


__all__ = ["NvmlResult", "read_nvml"]
