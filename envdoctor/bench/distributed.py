"""Many GPUs and many machines, under torchrun: all-reduce bandwidth, a DDP step, a fleet table.

Bus bandwidth follows nccl-tests: algbw = bytes / time and, for all-reduce,
busbw = algbw x 2 (n - 1) / n, which is comparable with the link's speed whatever
the number of ranks; at one rank nothing crosses a link, so busbw is "n/a" (None).
Timing also follows nccl-tests: warm-up all-reduces first, then each repeat times
many back-to-back all-reduces between two synchronisations, so one launch's latency
does not pass for the bandwidth of the link. The fleet table is gathered on rank 0 and marks the odd one
out: a rank whose driver, GPU or torch differs from the majority, or whose matmul
speed is well below its peers'.
"""

from __future__ import annotations

import os
import socket
from collections import Counter
from dataclasses import replace
from datetime import timedelta
from typing import Any

from envdoctor.bench.result import AllReduceResult, FleetRow, Status
from envdoctor.bench.stats import spread, stragglers, time_repeats
from envdoctor.errors import UsageError
from envdoctor.i18n import _

ALLREDUCE_WARMUP = 5
ALLREDUCE_INNER = 20  # back-to-back all-reduces per timed repeat
ALLREDUCE_REPEATS = 5


def busbw_allreduce(size_bytes: int, seconds: float, world: int) -> tuple[float, float | None]:
    """(algbw, busbw) in GB/s for an all-reduce of `size_bytes` over `world` ranks;
    busbw is None at one rank, where no byte crosses a link."""
    if seconds <= 0.0 or world < 1:
        return 0.0, None
    algbw = size_bytes / seconds / 1e9
    if world == 1:
        return algbw, None
    return algbw, algbw * 2.0 * (world - 1) / world


def rank_gpu(local_rank: int, visible: int) -> int | None:
    """The CUDA index this rank uses, or None when it has none.

    A launcher that gives each rank exactly one visible GPU (SLURM --gpus-per-task=1,
    CUDA_VISIBLE_DEVICES per rank) leaves cuda:0 as that rank's GPU whatever its
    local rank; otherwise local rank N uses cuda:N."""
    if visible == 1:
        return 0
    if 0 <= local_rank < visible:
        return local_rank
    return None


def odd_one_out(rows: list[FleetRow], *, tolerance: float = 0.10) -> list[FleetRow]:
    """Mark, per row, the columns where it differs from the majority or lags in speed."""
    if len(rows) < 2:
        return rows
    marks: dict[int, list[str]] = {r.rank: [] for r in rows}
    for column in ("driver", "device_name", "torch"):
        values = Counter(getattr(r, column) for r in rows)
        common, count = values.most_common(1)[0]
        if count == len(rows):
            continue
        for r in rows:
            if getattr(r, column) != common:
                marks[r.rank].append(column)
    # CPU ranks share one machine's cores, so their speeds differ by scheduling alone.
    if not all(r.device == "cpu" for r in rows):
        speeds = {str(r.rank): r.matmul_tflops for r in rows if r.matmul_tflops is not None}
        for slow in stragglers(speeds, tolerance=tolerance):
            marks[int(slow)].append("matmul_tflops")
    return [replace(r, odd=tuple(marks[r.rank])) for r in rows]


def launch_env(environ: dict[str, str] | None = None) -> tuple[int, int, int]:
    """(rank, world size, local rank) from torchrun's variables, or a UsageError."""
    env = dict(os.environ) if environ is None else environ
    try:
        return int(env["RANK"]), int(env["WORLD_SIZE"]), int(env.get("LOCAL_RANK", env["RANK"]))
    except (KeyError, ValueError):
        raise UsageError(
            _(
                "--distributed must run under torchrun, e.g. "
                "torchrun --nproc-per-node 2 -m envdoctor bench --distributed"
            )
        ) from None


def init(torch: Any, backend: str, timeout_s: float = 120.0, *, device: str | None = None) -> Any:
    """init_process_group; on a GPU with `device_id`, which binds the process group to
    this rank's GPU (NCCL then creates its communicator at once, on the right device,
    and no collective can guess a wrong one)."""
    dist = torch.distributed
    if not dist.is_available():
        raise UsageError(_("this PyTorch build has no torch.distributed support"))
    kwargs: dict[str, Any] = {"backend": backend, "timeout": timedelta(seconds=timeout_s)}
    if device is not None:
        kwargs["device_id"] = torch.device(device)
    dist.init_process_group(**kwargs)
    return dist


def allreduce_bandwidth(
    torch: Any,
    dist: Any,
    device: str,
    sizes: tuple[int, ...],
    *,
    warmup: int = ALLREDUCE_WARMUP,
    repeats: int = ALLREDUCE_REPEATS,
    inner: int = ALLREDUCE_INNER,
) -> tuple[AllReduceResult, ...]:
    """All-reduce each message size: `warmup` calls, then `repeats` timed blocks of
    `inner` back-to-back calls; the time per call is the slowest rank's median."""
    world = dist.get_world_size()
    rank = dist.get_rank()
    on_cuda = device.startswith("cuda")

    def sync() -> None:
        if on_cuda:
            torch.cuda.synchronize(device)

    out: list[AllReduceResult] = []
    for size in sizes:
        n = max(1, size // 4)
        # Correctness first: every rank contributes rank + 1, the sum is known.
        probe = torch.full((n,), float(rank + 1), device=device, dtype=torch.float32)
        dist.all_reduce(probe)
        expected = world * (world + 1) / 2
        correct = bool((probe == expected).all())
        buf = torch.ones(n, device=device, dtype=torch.float32)

        def step(buf: Any = buf) -> None:
            dist.all_reduce(buf)

        dist.barrier()
        seconds = time_repeats(step, warmup=warmup, repeats=repeats, inner=inner, sync=sync)
        mid = spread(seconds)
        slowest = torch.tensor([mid.median], dtype=torch.float64, device=device)
        dist.all_reduce(slowest, op=dist.ReduceOp.MAX)
        t = float(slowest.item())
        algbw, busbw = busbw_allreduce(n * 4, t, world)
        out.append(
            AllReduceResult(
                size_bytes=n * 4,
                seconds=mid,
                algbw_gbs=algbw,
                busbw_gbs=busbw,
                correct=correct,
                calls_per_repeat=inner,
                warmup=warmup,
            )
        )
    return tuple(out)


def ddp_step(torch: Any, dist: Any, device: str, steps: int = 3) -> tuple[Status, str]:
    """A few DDP steps on per-rank data; afterwards every rank must hold identical weights."""
    from torch.nn.parallel import DistributedDataParallel

    from envdoctor.bench import models

    task = models.build("mlp", seed=0, batch=8)
    model = task.model.to(device)
    ids = [torch.device(device).index] if device.startswith("cuda") else None
    ddp = DistributedDataParallel(model, device_ids=ids)
    opt = torch.optim.SGD(ddp.parameters(), lr=0.05)
    rank = dist.get_rank()
    gen = torch.Generator().manual_seed(100 + rank)  # each rank its own shard
    for _step in range(steps):
        x = torch.randn(16, 32, generator=gen).to(device)
        y = torch.randint(0, 4, (16,), generator=gen).to(device)
        opt.zero_grad(set_to_none=True)
        loss = task.loss_fn(ddp(x), y)
        loss.backward()  # type: ignore[no-untyped-call]
        opt.step()
        if not bool(loss.isfinite()):
            return Status.FAIL, _("DDP loss is not finite on rank {rank}").format(rank=rank)
    flat = torch.cat([p.detach().flatten() for p in model.parameters()])
    gathered = [torch.empty_like(flat) for _ in range(dist.get_world_size())]
    dist.all_gather(gathered, flat)
    worst = max(float((g - gathered[0]).abs().max()) for g in gathered)
    if worst != 0.0:
        return Status.FAIL, _(
            "DDP ranks disagree on the weights after {n} steps (max diff {d:.3g})"
        ).format(n=steps, d=worst)
    return Status.PASS, ""


def gather_fleet(dist: Any, row: FleetRow) -> list[FleetRow]:
    """Every rank's row, on every rank (all_gather_object works on gloo and NCCL)."""
    rows: list[Any] = [None] * dist.get_world_size()
    dist.all_gather_object(rows, row)
    return sorted((r for r in rows if isinstance(r, FleetRow)), key=lambda r: r.rank)


def hostname() -> str:
    return socket.gethostname()


__all__ = [
    "ALLREDUCE_INNER",
    "ALLREDUCE_REPEATS",
    "ALLREDUCE_WARMUP",
    "allreduce_bandwidth",
    "busbw_allreduce",
    "ddp_step",
    "gather_fleet",
    "hostname",
    "init",
    "launch_env",
    "odd_one_out",
    "rank_gpu",
]
