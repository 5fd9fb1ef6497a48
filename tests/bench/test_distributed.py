from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import pytest

from envdoctor.bench.distributed import busbw_allreduce, launch_env, odd_one_out
from envdoctor.bench.result import FleetRow, Status
from envdoctor.errors import UsageError


def test_busbw_follows_nccl_tests() -> None:
    algbw, busbw = busbw_allreduce(1_000_000_000, 0.1, 8)
    assert algbw == pytest.approx(10.0)
    assert busbw == pytest.approx(10.0 * 2 * 7 / 8)
    assert busbw_allreduce(1000, 1e-3, 2)[1] == pytest.approx(busbw_allreduce(1000, 1e-3, 2)[0])
    assert busbw_allreduce(1000, 0.0, 2) == (0.0, 0.0)


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
    assert dist["ddp_status"] == "pass"
