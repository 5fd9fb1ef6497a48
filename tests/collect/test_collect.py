"""collect_snapshot wiring: fallbacks, timeouts and crash isolation, with fake probes."""

from __future__ import annotations

import sys
import time

from envdoctor.collect import Probes, collect_snapshot
from envdoctor.collect.nvidia_smi import SmiResult
from envdoctor.collect.nvml import NvmlResult
from envdoctor.snapshot import DriverFacts, DriverState, GpuFacts, SystemFacts, ToolkitFacts


def _nvml_missing() -> NvmlResult:
    return NvmlResult(
        DriverFacts(
            state=DriverState.NO_DRIVER, source="nvml", error="NVML Shared Library Not Found"
        ),
        (),
    )


def _smi_ok() -> SmiResult:
    return SmiResult(
        DriverFacts(state=DriverState.OK, version="550.54.14", source="nvidia-smi"),
        (GpuFacts(index=0, name="NVIDIA GeForce RTX 4090", compute_capability="8.9"),),
    )


def _smi_missing() -> SmiResult:
    return SmiResult(
        DriverFacts(state=DriverState.NO_DRIVER, source="nvidia-smi", error="nvidia-smi not found"),
        (),
    )


def _probes(**kw: object) -> Probes:
    base: dict[str, object] = {
        "nvml": _nvml_missing,
        "smi": _smi_missing,
        "kernel_module": lambda: None,
        "pci_count": lambda: 0,
        "system": lambda: SystemFacts(os="Linux", machine="x86_64"),
        "toolkit": ToolkitFacts,
    }
    base.update(kw)
    return Probes(**base)  # type: ignore[arg-type]


def test_falls_back_to_nvidia_smi_when_nvml_fails() -> None:
    snap = collect_snapshot(
        sys.executable,
        probes=_probes(smi=_smi_ok),
        environ={"CUDA_VISIBLE_DEVICES": "0", "HOME": "/x"},
    )
    assert snap.driver.state is DriverState.OK
    assert snap.driver.source == "nvidia-smi"
    assert snap.driver.version == "550.54.14"
    assert snap.gpus[0].name == "NVIDIA GeForce RTX 4090"
    assert snap.environment == {"CUDA_VISIBLE_DEVICES": "0"}  # nothing but CUDA-relevant variables
    assert {p.name for p in snap.probes} >= {"nvml", "nvidia-smi", "torch", "system"}


def test_no_driver_anywhere() -> None:
    snap = collect_snapshot(sys.executable, probes=_probes())
    assert snap.driver.state is DriverState.NO_DRIVER
    assert snap.driver.nvidia_pci_devices == 0


def test_a_crashing_probe_is_a_record() -> None:
    def boom() -> SystemFacts:
        msg = "cannot read /etc/os-release"
        raise RuntimeError(msg)

    snap = collect_snapshot(sys.executable, probes=_probes(system=boom))
    rec = {p.name: p for p in snap.probes}["system"]
    assert not rec.ok
    assert "RuntimeError" in (rec.detail or "")
    assert snap.system == SystemFacts()


def test_a_hanging_probe_does_not_hang_collection() -> None:
    def hang() -> NvmlResult:
        time.sleep(30)
        return _nvml_missing()

    start = time.perf_counter()
    snap = collect_snapshot(sys.executable, probes=_probes(nvml=hang), timeout=2)
    assert time.perf_counter() - start < 20
    rec = {p.name: p for p in snap.probes}["nvml"]
    assert not rec.ok and "no answer" in (rec.detail or "")


def test_snapshot_round_trips_through_json() -> None:
    import json

    from envdoctor.snapshot import Snapshot

    snap = collect_snapshot(sys.executable, probes=_probes(smi=_smi_ok))
    again = Snapshot.from_dict(json.loads(json.dumps(snap.to_dict())))
    assert again == snap


def test_kernel_module_version_when_nvml_and_smi_are_missing() -> None:
    snap = collect_snapshot(
        sys.executable, probes=_probes(kernel_module=lambda: "535.104.05", pci_count=lambda: 1)
    )
    assert snap.driver.state is DriverState.OK
    assert snap.driver.version == "535.104.05"
    assert snap.driver.source == "proc"
    assert snap.driver.error == "NVML Shared Library Not Found"
    assert snap.gpus == ()
