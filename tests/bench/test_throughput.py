from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
import torch

from envdoctor.bench import bandwidth, peaks, throughput
from envdoctor.bench.result import MatmulResult, Spread, Status

pytestmark = pytest.mark.torch


class StepClock:
    def __init__(self, step: float) -> None:
        self.step = step
        self.now = 0.0

    def __call__(self) -> float:
        self.now += self.step
        return self.now


class WorkClock:
    """Time passes only while the timed work runs: each call costs `per_call` seconds."""

    def __init__(self, per_call: float) -> None:
        self.per_call = per_call
        self.now = 0.0
        self.calls: list[float] = []

    def __call__(self) -> float:
        return self.now

    def work(self) -> None:
        self.now += self.per_call
        self.calls.append(self.now)


def _sizes(**kw: Any) -> throughput.Sizes:
    base = {
        "matmul_n": 64,
        "copy_bytes": 1 << 20,
        "transfer_bytes": 0,
        "warmup_s": 0.0,
        "repeat_s": 0.0,
        "repeats": 3,
        "sustained_s": 0.0,
    }
    base.update(kw)
    return throughput.Sizes(**base)


def test_gpu_windows_are_long_enough_to_see_clocks_and_throttling() -> None:
    # Defect: --quick timed a ~10 ms burst after ~1 ms of warm-up.
    for mode in ("quick", "full"):
        gpu = throughput.sizes_for("cuda", mode)
        assert gpu.warmup_s >= 0.5 and gpu.repeat_s >= 0.1 and gpu.sustained_s >= 2.0
        assert gpu.copy_bytes >= 1 << 30  # much larger than any L2
    assert throughput.sizes_for("cuda", "quick").shapes == ()
    assert len(throughput.sizes_for("cuda", "full").shapes) >= 4
    cpu = throughput.sizes_for("cpu", "quick")
    assert cpu.warmup_s < 0.5 and cpu.sustained_s < 2.0  # scaled down on the CPU
    tiny = throughput.sizes_for("cpu", "quick", scale=0.1)
    assert tiny.matmul_n == 64 and tiny.repeats >= 2


def test_warm_up_is_by_time_and_each_repeat_lasts_the_repeat_time() -> None:
    clock = WorkClock(0.01)
    sizes = _sizes(warmup_s=0.5, repeat_s=0.1, repeats=5, sustained_s=2.0)
    bench = throughput.Bench(torch, "cpu", sizes, clock=clock)
    timing = bench.measure(clock.work, "probe")
    warm_calls = len(clock.calls) - 5 * timing.inner
    assert warm_calls * 0.01 >= 0.5 - 1e-9  # >= 0.5 s of back-to-back work first
    assert timing.inner * 0.01 >= 0.1 - 1e-9  # every repeat spans >= 100 ms
    assert timing.seconds == pytest.approx([0.01] * 5)
    before = clock.now
    slices = bench.sustained(clock.work, "probe sustained", timing.inner)
    assert clock.now - before >= 2.0 - 1e-9 and len(slices) >= 20


def test_timed_windows_are_logged_for_telemetry() -> None:
    from envdoctor.bench.stats import WindowLog

    clock = WorkClock(0.01)
    log = WindowLog(clock=clock)
    bench = throughput.Bench(torch, "cpu", _sizes(repeat_s=0.05), clock=clock, windows=log)
    bench.measure(clock.work, "matmul bf16")
    (label, start, end) = log.spans[0]
    assert label == "matmul bf16" and end - start == pytest.approx(3 * 5 * 0.01)


def test_fit_matmul_shrinks_to_free_memory() -> None:
    assert throughput.fit_matmul(8192, 2, None) == 8192
    assert throughput.fit_matmul(8192, 2, 80 << 30) == 8192
    small = throughput.fit_matmul(8192, 4, 256 << 20)
    assert 3 * small * small * 4 <= 128 << 20 and small % 256 == 0
    assert throughput.fit_matmul(8192, 4, 1 << 10) == 64
    assert throughput.fit_bytes(1 << 30, 1 << 30) == (1 << 30) // 8


def test_matmul_tflops_from_an_injected_clock() -> None:
    bench = throughput.Bench(torch, "cpu", _sizes(), clock=StepClock(0.5))
    r = throughput.matmul(bench, "fp32", free_bytes=None, peak=None)
    assert r.status is Status.PASS and r.size == 64
    assert r.tflops is not None
    assert r.tflops.median == pytest.approx(2 * 64**3 / 0.5 / 1e12)
    assert r.tflops.repeats == 3
    assert r.sustained_tflops is None and r.best_tflops is None


def test_sustained_window_is_recorded_for_the_headline_dtype() -> None:
    bench = throughput.Bench(torch, "cpu", _sizes(sustained_s=0.01), clock=StepClock(0.5))
    r = throughput.matmul(bench, "fp32", free_bytes=None, peak=None, sustained=True)
    assert r.sustained_tflops is not None and r.sustained_s == 0.01
    assert r.window == "matmul fp32 sustained"


def test_full_sweeps_shapes_and_reports_the_best() -> None:
    shapes = ((64, 64, 64), (128, 128, 64), (64, 128, 128))
    bench = throughput.Bench(torch, "cpu", _sizes(shapes=shapes), clock=StepClock(0.5))
    r = throughput.matmul(bench, "fp32", free_bytes=None, peak=None)
    assert r.best_shape == "128x128x64" or r.best_shape == "64x128x128"
    assert r.best_tflops is not None and r.tflops is not None
    assert r.best_tflops.median > r.tflops.median  # same time per call, more FLOP


H200 = next(e for e in peaks.load_table().entries if e.id == "h200")


def _measured(median: float, **kw: Any) -> MatmulResult:
    spread = Spread(median, median, median, 5)
    return MatmulResult(dtype="bf16", size=8192, status=Status.PASS, tflops=spread, **kw)


def test_best_shape_is_the_judged_figure() -> None:
    best = Spread(800.0, 790.0, 805.0, 5)
    r = throughput.judge_matmul(
        _measured(600.0, best_shape="16384x8192x8192", best_tflops=best), H200, on_cuda=True
    )
    assert r.status is Status.PASS and r.fraction == pytest.approx(800.0 / 989.5)


def test_a_card_that_throttles_after_seconds_is_caught() -> None:
    held = Spread(500.0, 490.0, 510.0, 20)
    r = throughput.judge_matmul(
        _measured(800.0, sustained_tflops=held, sustained_s=2.0), H200, on_cuda=True
    )
    assert r.status is Status.WARN and "sustained" in r.message


def test_an_estimated_peak_is_reported_never_judged() -> None:
    # Defect: an H20 judged against ~630 estimated TFLOPS instead of its 148.
    guess = peaks.estimate("NVIDIA H2X", (9, 0), 78, 1980.0)
    assert guess is not None
    r = throughput.judge_matmul(_measured(140.0), guess, on_cuda=True)
    assert r.status is Status.PASS and not r.judged
    assert r.fraction is not None and r.fraction < 0.5
    judged = throughput.judge_matmul(_measured(140.0), H200, on_cuda=True)
    assert judged.judged and judged.status is Status.FAIL


def test_cpu_matmul_is_a_fraction_of_the_given_peak() -> None:
    entry = peaks.load_table().entries[0]
    verdict_peak = entry.tflops["fp32"]
    assert verdict_peak is not None
    bench = throughput.Bench(torch, "cpu", _sizes(repeats=2), clock=StepClock(1.0))
    r = throughput.matmul(bench, "fp32", free_bytes=None, peak=entry)
    assert r.fraction == pytest.approx(r.tflops.median / verdict_peak)  # type: ignore[union-attr]
    assert not r.judged


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
    (b,) = bandwidth.device_bandwidth(bench, free_bytes=None, peak=None)
    assert b.status is Status.ERROR and "out of memory" in b.message
    t = bandwidth.transfers(bench, pcie_gbs=31.5)
    assert t and all(x.status is Status.ERROR for x in t)


def test_host_triad_counts_three_buffers_and_memcpy_two() -> None:
    bench = throughput.Bench(torch, "cpu", _sizes(repeats=2), clock=StepClock(0.001))
    triad, memcpy = bandwidth.device_bandwidth(bench, free_bytes=None, peak=None)
    assert (triad.kind, memcpy.kind) == ("host_copy", "host_memcpy")
    assert triad.gbs is not None and memcpy.gbs is not None
    assert triad.gbs.median == pytest.approx(3 * (1 << 20) / 0.001 / 1e9)
    assert memcpy.gbs.median == pytest.approx(2 * (1 << 20) / 0.001 / 1e9)


class CudaOnCpu:
    """torch whose "cuda:0" tensors are CPU tensors: the GPU code path, run for real."""

    cuda = SimpleNamespace(synchronize=lambda device=None: None, empty_cache=lambda: None)

    def __getattr__(self, name: str) -> Any:
        return getattr(torch, name)

    def randn(self, *args: Any, device: Any = None, **kwargs: Any) -> Any:
        return torch.randn(*args, **kwargs)

    def empty(self, *args: Any, device: Any = None, **kwargs: Any) -> Any:
        return torch.empty(*args, **kwargs)

    def Generator(self, device: Any = None) -> Any:
        return torch.Generator()


def test_gpu_copy_is_judged_on_the_sm_kernel_and_memcpy_is_information() -> None:
    # Defect: dst.copy_(src) (cudaMemcpyAsync, ~0.67 of HBM peak on H200) was judged.
    bench = throughput.Bench(
        CudaOnCpu(), "cuda:0", _sizes(repeats=2), clock=StepClock(0.001), events=False
    )
    triad, memcpy = bandwidth.device_bandwidth(bench, free_bytes=None, peak=H200)
    assert triad.kind == "d2d" and triad.method == bandwidth.TRIAD and triad.judged
    assert triad.reference_gbs == 4800
    assert triad.fraction == pytest.approx(3 * (1 << 20) / 0.001 / 1e9 / 4800)
    assert memcpy.kind == "d2d_memcpy" and not memcpy.judged
    assert memcpy.status is Status.PASS and "information" in memcpy.message


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


def test_a_copy_buffer_shrunk_below_1_gib_is_reported_only() -> None:
    # Little free memory: the buffers may sit in L2 and flatter the figure.
    bench = throughput.Bench(
        CudaOnCpu(),
        "cuda:0",
        _sizes(copy_bytes=1 << 30, repeats=2),
        clock=StepClock(0.001),
        events=False,
    )
    triad, _memcpy = bandwidth.device_bandwidth(bench, free_bytes=12 << 20, peak=H200)
    assert triad.size_bytes == 1 << 20
    assert triad.status is Status.PASS and not triad.judged and "L2" in triad.message
