from __future__ import annotations

from typing import Any

import pytest
import torch

from envdoctor.bench import peaks, throughput
from envdoctor.bench.result import Status

pytestmark = pytest.mark.torch


class StepClock:
    def __init__(self, step: float) -> None:
        self.step = step
        self.now = 0.0

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def test_sizes_scale_down_for_tests() -> None:
    full = throughput.sizes_for("cuda", "full")
    quick = throughput.sizes_for("cuda", "quick")
    assert full.matmul_n > quick.matmul_n >= 4096
    assert quick.copy_bytes >= 1 << 30  # much larger than any L2
    tiny = throughput.sizes_for("cpu", "quick", scale=0.1)
    assert tiny.matmul_n == 64 and tiny.repeats >= 2


def test_fit_matmul_shrinks_to_free_memory() -> None:
    assert throughput.fit_matmul(8192, 2, None) == 8192
    assert throughput.fit_matmul(8192, 2, 80 << 30) == 8192
    small = throughput.fit_matmul(8192, 4, 256 << 20)
    assert 3 * small * small * 4 <= 128 << 20 and small % 256 == 0
    assert throughput.fit_matmul(8192, 4, 1 << 10) == 64
    assert throughput.fit_bytes(1 << 30, 1 << 30) == (1 << 30) // 8


def test_matmul_tflops_from_an_injected_clock() -> None:
    sizes = throughput.Sizes(64, 1 << 20, 0, warmup=0, repeats=3, inner=1)
    bench = throughput.Bench(torch, "cpu", sizes, clock=StepClock(0.5))
    r = throughput.matmul(bench, "fp32", free_bytes=None, peak=None)
    assert r.status is Status.PASS and r.size == 64
    assert r.tflops is not None
    assert r.tflops.median == pytest.approx(2 * 64**3 / 0.5 / 1e12)
    assert r.tflops.repeats == 3


def test_cpu_matmul_is_a_fraction_of_the_given_peak() -> None:
    entry = peaks.load_table().entries[0]
    verdict_peak = entry.tflops["fp32"]
    assert verdict_peak is not None
    sizes = throughput.Sizes(64, 1 << 20, 0, warmup=0, repeats=2, inner=1)
    bench = throughput.Bench(torch, "cpu", sizes, clock=StepClock(1.0))
    r = throughput.matmul(bench, "fp32", free_bytes=None, peak=entry)
    assert r.fraction == pytest.approx(r.tflops.median / verdict_peak)  # type: ignore[union-attr]


def test_skipped_dtype_is_reported_with_its_reason() -> None:
    bench = throughput.Bench(torch, "cpu", throughput.sizes_for("cpu", "quick", 0.1))
    r = throughput.matmul(bench, "bf16", free_bytes=None, peak=None, skip_reason="emulated")
    assert r.status is Status.SKIP and r.message == "emulated"


class OOMTorch:
    """Real torch, except that allocating on the device runs out of memory."""

    def __getattr__(self, name: str) -> Any:
        return getattr(torch, name)

    def randn(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("CUDA out of memory. Tried to allocate 2.00 GiB")

    def empty(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("CUDA out of memory. Tried to allocate 1.00 GiB")


def test_out_of_memory_is_a_result_not_a_crash() -> None:
    bench = throughput.Bench(OOMTorch(), "cpu", throughput.sizes_for("cpu", "quick", 0.1))
    r = throughput.matmul(bench, "fp32", free_bytes=None, peak=None)
    assert r.status is Status.ERROR and "out of memory" in r.message
    b = throughput.copy_bandwidth(bench, free_bytes=None, peak=None)
    assert b.status is Status.ERROR and "out of memory" in b.message
    t = throughput.transfers(bench, pcie_gbs=31.5)
    assert t and all(x.status is Status.ERROR for x in t)


def test_copy_bandwidth_counts_read_and_write() -> None:
    sizes = throughput.Sizes(64, 1 << 20, 0, warmup=0, repeats=2, inner=1)
    bench = throughput.Bench(torch, "cpu", sizes, clock=StepClock(0.001))
    r = throughput.copy_bandwidth(bench, free_bytes=None, peak=None)
    assert r.kind == "host_copy" and r.status is Status.PASS
    assert r.gbs is not None
    assert r.gbs.median == pytest.approx(2 * (1 << 20) / 0.001 / 1e9)


def test_is_oom() -> None:
    assert throughput.is_oom(RuntimeError("CUDA out of memory"))
    assert not throughput.is_oom(RuntimeError("illegal memory access"))


class FakeEvents:
    """torch.cuda with events whose elapsed times are scripted (ms)."""

    def __init__(self, elapsed_ms: list[float]) -> None:
        self.elapsed = list(elapsed_ms)
        self.log: list[str] = []
        fake = self

        class Event:
            def __init__(self, enable_timing: bool = False) -> None:
                assert enable_timing

            def record(self) -> None:
                fake.log.append("record")

            def elapsed_time(self, end: object) -> float:
                return fake.elapsed.pop(0)

        self.Event = Event

    def synchronize(self, device: object = None) -> None:
        self.log.append("sync")


def test_cuda_events_time_each_repeat_on_the_gpu_clock() -> None:
    cuda = FakeEvents([10.0, 12.0, 11.0])
    fake_torch = type("T", (), {"cuda": cuda})()
    calls: list[int] = []
    seconds = throughput.cuda_event_repeats(
        fake_torch, "cuda:0", lambda: calls.append(1), warmup=2, repeats=3, inner=5
    )
    assert seconds == pytest.approx([0.002, 0.0024, 0.0022])  # ms / 1000 / inner
    assert len(calls) == 2 + 3 * 5
    # one sync after warm-up, events around each repeat, one sync before reading them
    assert cuda.log == ["sync"] + ["record", "record"] * 3 + ["sync"]
