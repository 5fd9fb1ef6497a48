from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from types import SimpleNamespace
from typing import Any

import pytest
import torch

from envdoctor.bench import dist_run
from envdoctor.bench.distributed import (
    allreduce_bandwidth,
    busbw_allreduce,
    init,
    launch_env,
    odd_one_out,
    rank_gpu,
)
from envdoctor.bench.result import FleetRow, Status
from envdoctor.errors import UsageError


def test_busbw_follows_nccl_tests() -> None:
    algbw, busbw = busbw_allreduce(1_000_000_000, 0.1, 8)
    assert algbw == pytest.approx(10.0)
    assert busbw == pytest.approx(10.0 * 2 * 7 / 8)
    assert busbw_allreduce(1000, 1e-3, 2)[1] == pytest.approx(busbw_allreduce(1000, 1e-3, 2)[0])
    assert busbw_allreduce(1000, 0.0, 2) == (0.0, None)


def test_busbw_at_one_rank_is_not_applicable_not_zero() -> None:
    algbw, busbw = busbw_allreduce(1_000_000, 1e-3, 1)
    assert algbw == pytest.approx(1.0) and busbw is None


def test_one_visible_gpu_per_rank_is_used_whatever_the_local_rank() -> None:
    # Defect: SLURM --gpus-per-task=1 gives rank 3 one visible GPU, cuda:0; it failed.
    assert rank_gpu(3, 1) == 0
    assert rank_gpu(3, 8) == 3
    assert rank_gpu(3, 2) is None


class FakeCuda:
    def __init__(self, count: int) -> None:
        self.count = count
        self.current: int | None = None

    def is_available(self) -> bool:
        return True

    def device_count(self) -> int:
        return self.count

    def set_device(self, index: int) -> None:
        self.current = index


def test_rank_device_picks_the_single_visible_gpu() -> None:
    cuda = FakeCuda(1)
    fake = SimpleNamespace(version=SimpleNamespace(cuda="12.8"), cuda=cuda)
    assert dist_run.rank_device(fake, None, 5, 8) == "cuda:0" and cuda.current == 0
    with pytest.raises(UsageError, match="local rank 5"):
        dist_run.rank_device(SimpleNamespace(version=fake.version, cuda=FakeCuda(2)), True, 5, 8)


class FakeDist:
    """torch.distributed, recording what the bench asks of it (one rank of two)."""

    ReduceOp = SimpleNamespace(MAX="max")

    def __init__(self) -> None:
        self.init_kwargs: dict[str, Any] = {}
        self.reduces = 0

    def is_available(self) -> bool:
        return True

    def init_process_group(self, **kwargs: Any) -> None:
        self.init_kwargs = kwargs

    def get_world_size(self) -> int:
        return 2

    def get_rank(self) -> int:
        return 0

    def barrier(self) -> None:
        return None

    def all_reduce(self, tensor: Any, op: Any = None) -> None:
        del tensor, op  # the values are not looked at here, only how often it is called
        self.reduces += 1


def test_init_binds_the_process_group_to_this_ranks_gpu() -> None:
    dist = FakeDist()
    fake = SimpleNamespace(distributed=dist, device=torch.device)
    init(fake, "nccl", device="cuda:0")
    assert dist.init_kwargs["device_id"] == torch.device("cuda:0")
    init(fake, "gloo")
    assert "device_id" not in dist.init_kwargs


@pytest.mark.torch
def test_allreduce_times_20_back_to_back_calls_after_5_warmups() -> None:
    dist = FakeDist()
    (result,) = allreduce_bandwidth(torch, dist, "cpu", (4096,), repeats=3)
    # 1 correctness probe + 5 warm-ups + 3 repeats x 20 + 1 max-reduce of the time
    assert dist.reduces == 1 + 5 + 3 * 20 + 1
    assert result.calls_per_repeat == 20 and result.warmup == 5
    assert result.busbw_gbs is not None


def _row(
    rank: int,
    *,
    driver: str = "570.86",
    name: str = "NVIDIA H100 80GB HBM3",
    tflops: float = 790.0,
    device: str = "cuda:0",
) -> FleetRow:
    return FleetRow(
        rank=rank,
        host=f"node{rank}",
        device=device,
        device_name=name,
        driver=driver,
        torch="2.8.0",
        matmul_tflops=tflops,
        status=Status.PASS,
    )


def test_odd_one_out_marks_the_differing_column() -> None:
    rows = odd_one_out([_row(0), _row(1, driver="550.54"), _row(2), _row(3, tflops=600.0)])
    assert [r.odd for r in rows] == [(), ("driver",), (), ("matmul_tflops",)]
    assert odd_one_out([_row(0)])[0].odd == ()


def test_cpu_ranks_are_not_judged_on_speed() -> None:
    rows = odd_one_out([_row(0, device="cpu", tflops=0.1), _row(1, device="cpu", tflops=0.05)])
    assert all(r.odd == () for r in rows)


def test_launch_env() -> None:
    assert launch_env({"RANK": "1", "WORLD_SIZE": "4", "LOCAL_RANK": "1"}) == (1, 4, 1)
    with pytest.raises(UsageError, match="torchrun"):
        launch_env({})


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.torch
@pytest.mark.slow
def test_torchrun_two_cpu_ranks_on_gloo(tmp_path: object) -> None:
    env = {**os.environ, "ENVDOCTOR_BENCH_SCALE": "0.1", "MASTER_ADDR": "127.0.0.1"}
    cmd = [
        sys.executable,
        "-m",
        "torch.distributed.run",
        "--nproc-per-node",
        "2",
        "--master-addr",
        "127.0.0.1",
        "--master-port",
        str(_free_port()),
        "-m",
        "envdoctor",
        "bench",
        "--distributed",
        "--device",
        "cpu",
        "--json",
    ]
    proc = subprocess.run(  # noqa: PLW1510 - the return code is asserted
        cmd, capture_output=True, text=True, env=env, timeout=240
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    doc = json.loads(proc.stdout)  # only rank 0 prints, exactly one document
    assert doc["command"] == "bench" and doc["status"] in {"ok", "warn"}
    dist = doc["distributed"]
    assert dist["backend"] == "gloo" and dist["world_size"] == 2
    assert [r["rank"] for r in dist["fleet"]] == [0, 1]
    assert all(a["correct"] for a in dist["allreduce"])
    assert all(a["busbw_gbs"] > 0 for a in dist["allreduce"])
    assert all(a["calls_per_repeat"] >= 20 and a["warmup"] >= 5 for a in dist["allreduce"])
    assert dist["ddp_status"] == "pass"
