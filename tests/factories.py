"""Build realistic Snapshots from a few facts, for table-driven analysis tests."""

from __future__ import annotations

from typing import Any

from envdoctor.snapshot import (
    DriverFacts,
    DriverState,
    GpuFacts,
    PythonFacts,
    Snapshot,
    SystemFacts,
    TorchDevice,
    TorchFacts,
    TorchState,
)


def make_snapshot(
    *,
    os: str = "Linux",
    machine: str = "x86_64",
    driver: str | None = "580.95.05",
    driver_cuda: str | None = "13.0",
    driver_state: DriverState = DriverState.OK,
    kernel_module: str | None = None,
    pci: int | None = None,
    gpus: tuple[tuple[str, str | None], ...] = (("NVIDIA GeForce RTX 3060", "8.6"),),
    gpu_cc_from_nvml: bool = True,
    torch: str | None = "2.13.0+cu130",
    torch_cuda: str | None = "13.0",
    torch_state: TorchState = TorchState.OK,
    arch_list: tuple[str, ...] | None = None,
    available: bool | None = None,
    warnings: tuple[str, ...] = (),
    cuda_error: str | None = None,
    python: str = "3.11.7",
    bits: int = 64,
    env_kind: str = "venv",
    environment: dict[str, str] | None = None,
    wsl: int | None = None,
    container: str | None = None,
    os_release: str | None = "Ubuntu 22.04.4 LTS",
    origin: str = "live",
    **torch_extra: Any,
) -> Snapshot:
    gpu_facts = tuple(
        GpuFacts(
            index=i,
            name=name,
            uuid=f"GPU-{i:08d}-aaaa-bbbb-cccc-000000000000",
            memory_total_mib=24576,
            compute_capability=cc if gpu_cc_from_nvml else None,
            compute_capability_source="nvml" if (cc and gpu_cc_from_nvml) else None,
        )
        for i, (name, cc) in enumerate(gpus)
    )
    if driver_state is not DriverState.OK:
        gpu_facts = ()
    if available is None:
        available = (
            torch_state is TorchState.OK
            and torch_cuda is not None
            and driver_state is DriverState.OK
            and bool(gpus)
        )
    devices: tuple[TorchDevice, ...] = ()
    # A report (collect_env) has no per-device torch view; a live probe always has one.
    if torch_state is TorchState.OK and available and gpu_cc_from_nvml:
        devices = tuple(
            TorchDevice(index=i, name=n, capability=cc) for i, (n, cc) in enumerate(gpus)
        )
    tf = TorchFacts(
        state=torch_state,
        version=torch if torch_state is not TorchState.MISSING else None,
        file="/home/alice/venv/lib/python3.11/site-packages/torch/__init__.py",
        cuda=torch_cuda if torch_state is TorchState.OK else None,
        cuda_available=available if torch_state is TorchState.OK else None,
        cuda_warnings=warnings,
        cuda_error=cuda_error,
        device_count=len(devices) if torch_state is TorchState.OK else None,
        arch_list=arch_list,
        devices=devices,
        **torch_extra,
    )
    return Snapshot(
        origin=origin,
        envdoctor_version="test",
        system=SystemFacts(
            os=os,
            os_release=os_release,
            kernel="6.8.0",
            machine=machine,
            wsl=wsl,
            container=container,
            hostname="box",
        ),
        python=PythonFacts(
            executable="/home/alice/venv/bin/python",
            version=python,
            implementation="CPython",
            env_kind=env_kind,
            has_pip=True,
            pointer_bits=bits,
            free_threaded=False,
        ),
        driver=DriverFacts(
            state=driver_state,
            version=driver if driver_state is DriverState.OK else None,
            cuda_version=driver_cuda if driver_state is DriverState.OK else None,
            kernel_module_version=kernel_module,
            source="nvml",
            nvidia_pci_devices=pci,
        ),
        gpus=gpu_facts,
        torch=tf,
        environment=environment or {},
    )
