"""Collect facts about this machine into a Snapshot (the impure side of the pipeline).

The torch probe is by far the slowest step (the target interpreter has to import torch
and initialise CUDA), so it starts first and every other probe runs while it works.
Every probe is bounded in time and isolated: one that fails or hangs becomes a record.
"""

from __future__ import annotations

import datetime as _dt
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from envdoctor import __version__
from envdoctor.collect import driver_files, nvidia_smi, torch_probe
from envdoctor.collect import nvml as nvml_probe
from envdoctor.collect import system as system_probe
from envdoctor.snapshot import (
    RELEVANT_ENVIRONMENT,
    DriverFacts,
    DriverState,
    GpuFacts,
    ProbeRecord,
    PythonFacts,
    Snapshot,
    SystemFacts,
    ToolkitFacts,
    TorchFacts,
    TorchState,
)

T = TypeVar("T")


@dataclass(frozen=True)
class Probes:
    """The impure functions collection calls; tests replace them with fakes."""

    nvml: Callable[[], nvml_probe.NvmlResult] = nvml_probe.read_nvml
    smi: Callable[[], nvidia_smi.SmiResult] = nvidia_smi.read_nvidia_smi
    kernel_module: Callable[[], str | None] = driver_files.kernel_module_version
    pci_count: Callable[[], int | None] = driver_files.count_nvidia_pci_devices
    system: Callable[[], SystemFacts] = system_probe.read_system
    toolkit: Callable[[], ToolkitFacts] = system_probe.read_toolkit


class _Job:
    """A probe on a daemon thread: a hung NVML call cannot keep envdoctor from exiting."""

    def __init__(self, name: str, fn: Callable[[], Any]) -> None:
        self.name = name
        self.result: Any = None
        self.error: BaseException | None = None
        self.seconds = 0.0
        self._fn = fn
        self._thread = threading.Thread(target=self._run, name=f"envdoctor-{name}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        start = time.perf_counter()
        try:
            self.result = self._fn()
        except BaseException as exc:  # noqa: BLE001 - a probe crash is a record, not our crash
            self.error = exc
        self.seconds = time.perf_counter() - start

    def wait(self, deadline: float) -> bool:
        self._thread.join(max(0.0, deadline - time.perf_counter()))
        return not self._thread.is_alive()


def collect_snapshot(
    python: str | None = None,
    *,
    timeout: float = 45.0,
    invoked_as_module: bool = False,
    environ: Mapping[str, str] | None = None,
    probes: Probes | None = None,
    torch_runner: Callable[..., Any] | None = None,
) -> Snapshot:
    """Collect every fact envdoctor judges; never raises for a broken machine."""
    env = dict(os.environ if environ is None else environ)
    p = probes or Probes()
    target, how = torch_probe.choose_python(python, invoked_as_module=invoked_as_module)
    started = time.perf_counter()
    # env=None lets the probe use a process prestarted at the entry point (same environment).
    run_kwargs: dict[str, Any] = {
        "timeout": timeout,
        "how_chosen": how,
        "env": None if environ is None else env,
    }
    if torch_runner is not None:
        run_kwargs["runner"] = torch_runner
    torch_job = _Job("torch", lambda: torch_probe.run_probe(target, **run_kwargs))
    small = timeout if timeout < 15 else 15.0
    jobs = {
        "nvml": _Job("nvml", p.nvml),
        "kernel-module": _Job("kernel-module", p.kernel_module),
        "pci": _Job("pci", p.pci_count),
        "system": _Job("system", p.system),
        "toolkit": _Job("toolkit", p.toolkit),
    }
    records: list[ProbeRecord] = []

    def finish(job: _Job, limit: float) -> Any:
        done = job.wait(started + limit)
        if not done:
            records.append(
                ProbeRecord(job.name, round(limit, 3), False, f"no answer within {limit:g} s")
            )
            return None
        if job.error is not None:
            records.append(
                ProbeRecord(
                    job.name,
                    round(job.seconds, 3),
                    False,
                    f"{type(job.error).__name__}: {job.error}",
                )
            )
            return None
        records.append(ProbeRecord(job.name, round(job.seconds, 3), True))
        return job.result

    nvml_result: nvml_probe.NvmlResult | None = finish(jobs["nvml"], small)
    module_version = finish(jobs["kernel-module"], small)
    pci = finish(jobs["pci"], small)
    sysfacts: SystemFacts = finish(jobs["system"], small) or SystemFacts()
    toolkit: ToolkitFacts = finish(jobs["toolkit"], small) or ToolkitFacts()

    driver, gpus = _driver_and_gpus(nvml_result, p, records, small)
    if (
        driver.state in {DriverState.NO_DRIVER, DriverState.ERROR, DriverState.UNKNOWN}
        and module_version
    ):
        # Neither NVML nor nvidia-smi answered, but the kernel module is loaded: its version
        # (from /proc or /sys) is still the driver version CUDA builds are judged against.
        # Typical of containers started without the NVIDIA runtime's user-space libraries.
        driver = DriverFacts(
            state=DriverState.OK, version=module_version, source="proc", error=driver.error
        )
    driver = replace(driver, kernel_module_version=module_version, nvidia_pci_devices=pci)

    outcome: torch_probe.ProbeOutcome | None = finish(torch_job, timeout + 5)
    if outcome is None:
        outcome = torch_probe.ProbeOutcome(
            PythonFacts(executable=target, how_chosen=how),
            TorchFacts(state=TorchState.UNKNOWN, error="the torch probe did not report"),
        )
    return Snapshot(
        origin="live",
        created=_dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
        envdoctor_version=__version__,
        system=sysfacts,
        python=outcome.python,
        driver=driver,
        gpus=gpus,
        torch=outcome.torch,
        toolkit=toolkit,
        environment={k: env[k] for k in RELEVANT_ENVIRONMENT if k in env},
        probes=tuple(records),
    )


def _driver_and_gpus(
    result: nvml_probe.NvmlResult | None, p: Probes, records: list[ProbeRecord], limit: float
) -> tuple[DriverFacts, tuple[GpuFacts, ...]]:
    if result is not None and result.driver.state is DriverState.OK:
        return result.driver, result.gpus
    # NVML unusable from here (missing library, odd error): nvidia-smi may still work, and its
    # answer (or its own failure) is the better fact. Keep NVML's classification when
    # nvidia-smi cannot do better.
    start = time.perf_counter()
    smi_job = _Job("nvidia-smi", p.smi)
    smi_job.wait(start + limit)
    smi: nvidia_smi.SmiResult | None = None
    if smi_job.error is None and smi_job.result is not None:
        smi = smi_job.result
        records.append(ProbeRecord("nvidia-smi", round(smi_job.seconds, 3), True))
    else:
        detail = (
            f"{type(smi_job.error).__name__}: {smi_job.error}"
            if smi_job.error
            else f"no answer within {limit:g} s"
        )
        records.append(
            ProbeRecord("nvidia-smi", round(time.perf_counter() - start, 3), False, detail)
        )
    nvml_driver = result.driver if result is not None else DriverFacts(state=DriverState.UNKNOWN)
    if smi is not None and smi.driver.state is DriverState.OK:
        return replace(smi.driver, error=nvml_driver.error), smi.gpus
    if nvml_driver.state in {DriverState.ERROR, DriverState.UNKNOWN} and smi is not None:
        return smi.driver, smi.gpus
    return nvml_driver, ()


__all__ = ["Probes", "collect_snapshot"]
