"""One rank's part of `bench --distributed` under torchrun.

Each rank benchmarks its own device (smoke and speed), then the ranks time
all-reduces, run a few DDP steps and gather a fleet table on rank 0.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable
from typing import Any

from envdoctor.bench import distributed as dist_mod
from envdoctor.bench import telemetry
from envdoctor.bench.result import BenchReport, DistributedReport, FleetRow, Status, worst
from envdoctor.bench.runner import (
    BenchConfig,
    NullReporter,
    Reporter,
    headline_tflops,
    host_info,
    line,
    run_device,
    stage_count,
)
from envdoctor.errors import UsageError
from envdoctor.i18n import _


def rank_device(torch: Any, want_cuda: bool | None, local_rank: int, world: int) -> str:
    """This rank's device ("cuda:N" or "cpu"), made current; UsageError when it has none."""
    has_cuda = bool(getattr(torch.version, "cuda", None)) and torch.cuda.is_available()
    if want_cuda and not has_cuda:
        raise UsageError(_("--device cuda under torchrun, but this rank sees no usable GPU"))
    use_cuda = has_cuda if want_cuda is None else want_cuda
    if not use_cuda:
        # Ranks share the machine's cores: one thread each keeps them from fighting.
        torch.set_num_threads(max(1, (os.cpu_count() or 1) // max(1, world)))
        return "cpu"
    count = int(torch.cuda.device_count())
    index = dist_mod.rank_gpu(local_rank, count)
    if index is None:
        raise UsageError(
            _("local rank {rank} has no GPU: only {count} visible").format(
                rank=local_rank, count=count
            )
        )
    torch.cuda.set_device(index)
    return f"cuda:{index}"


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
    device = rank_device(torch, want_cuda, local_rank, world)
    use_cuda = device.startswith("cuda")
    backend = "nccl" if use_cuda else "gloo"
    dist = dist_mod.init(torch, backend, device=device if use_cuda else None)
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
        allreduce = dist_mod.allreduce_bandwidth(torch, dist, device, sizes)
        reporter.step(_("DDP training step"))
        try:
            ddp_status, ddp_message = dist_mod.ddp_step(torch, dist, device)
        except Exception as exc:  # noqa: BLE001 - a failed DDP step is a result, named
            ddp_status = Status.ERROR
            ddp_message = _("DDP step failed: {error}").format(error=line(exc))
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
        # Free the DDP model (its reducer sits in reference cycles) while the process
        # group is alive: freed at interpreter exit instead, gloo's worker threads can
        # abort the process (SIGABRT) after the report was printed.
        gc.collect()
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


__all__ = ["rank_device", "run_distributed"]
