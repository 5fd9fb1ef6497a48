"""Speed: matmul per dtype, device copy bandwidth, host<->device transfers.

Method (see docs/benchmarks.md): inputs are preallocated random-normal tensors
(zeros and ones draw less power and flatter the numbers), the output is written with
`out=`, warm-up iterations run first, and each repeat is timed with CUDA events on a
GPU (wall clock between synchronisations on the CPU). FLOP for an n x n x n matmul
are 2 n^3; a copy moves its bytes twice (read + write), as cuda-samples'
bandwidthTest counts. Sizes shrink to fit free memory and an out-of-memory error is
reported as a result, not raised.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from envdoctor.bench.judge import judge_fraction, judge_pcie
from envdoctor.bench.peaks import PeakEntry
from envdoctor.bench.precision import tf32
from envdoctor.bench.result import BandwidthResult, MatmulResult, Status
from envdoctor.bench.smoke import torch_dtype
from envdoctor.bench.stats import Clock, rates, time_repeats
from envdoctor.i18n import _


@dataclass(frozen=True)
class Sizes:
    """How big and how long; `sizes_for` picks them from the mode and the device."""

    matmul_n: int
    copy_bytes: int
    transfer_bytes: int
    warmup: int
    repeats: int
    inner: int


def sizes_for(kind: str, mode: str, scale: float = 1.0) -> Sizes:
    """Sizes per device kind and mode; `scale` (< 1 in tests and CI) shrinks them."""
    if kind == "cuda":
        base = (
            Sizes(4096, 1 << 30, 256 << 20, 5, 5, 10)
            if mode == "quick"
            else Sizes(8192, 2 << 30, 1 << 30, 10, 10, 20)
        )
    else:
        base = (
            Sizes(512, 64 << 20, 0, 1, 3, 2)
            if mode == "quick"
            else Sizes(1024, 256 << 20, 0, 2, 5, 3)
        )
    if scale >= 1.0:
        return base
    n = max(64, _round_to(int(base.matmul_n * scale), 64))
    return Sizes(
        matmul_n=n,
        copy_bytes=max(1 << 20, int(base.copy_bytes * scale)),
        transfer_bytes=max(1 << 20, int(base.transfer_bytes * scale)) if base.transfer_bytes else 0,
        warmup=2,
        repeats=max(2, min(base.repeats, 3)),
        inner=2,
    )


def _round_to(value: int, step: int) -> int:
    return max(step, value // step * step)


def fit_matmul(n: int, element_bytes: int, free_bytes: int | None, *, share: float = 0.5) -> int:
    """The largest n (a multiple of 256, or of 64 when small) whose A, B and C fit in
    `share` of free memory; multiples of 256 avoid the slow-kernel sizes."""
    if free_bytes is None:
        return n
    budget = free_bytes * share
    while n > 256 and 3 * n * n * element_bytes > budget:
        n = _round_to(n // 2, 256)
    while n > 64 and 3 * n * n * element_bytes > budget:
        n = _round_to(n // 2, 64)
    return n


def fit_bytes(size: int, free_bytes: int | None, *, buffers: int = 2, share: float = 0.25) -> int:
    if free_bytes is None:
        return size
    return max(1 << 20, min(size, int(free_bytes * share / buffers)))


def is_oom(exc: BaseException) -> bool:
    return "out of memory" in str(exc).lower() or type(exc).__name__ == "OutOfMemoryError"


def make_sync(torch: Any, device: str) -> Callable[[], None]:
    if device.startswith("cuda"):

        def sync() -> None:
            torch.cuda.synchronize(device)

        return sync
    return lambda: None


def cuda_event_repeats(
    torch: Any,
    device: str,
    fn: Callable[[], object],
    *,
    warmup: int,
    repeats: int,
    inner: int,
) -> list[float]:
    """Seconds per call measured on the GPU's own clock: an event pair per repeat,
    recorded on the stream around `inner` calls, read after one final synchronize.
    Launch gaps on the host between repeats are not counted, which is what we want
    for kernel throughput."""
    for _warm in range(warmup):
        fn()
    torch.cuda.synchronize(device)
    pairs = []
    for _repeat in range(repeats):
        start = torch.cuda.Event(enable_timing=True)
        end = torch.cuda.Event(enable_timing=True)
        start.record()
        for _call in range(inner):
            fn()
        end.record()
        pairs.append((start, end))
    torch.cuda.synchronize(device)
    return [float(s.elapsed_time(e)) / 1000.0 / inner for s, e in pairs]


@dataclass(frozen=True)
class Bench:
    torch: Any
    device: str
    sizes: Sizes
    clock: Clock = time.perf_counter
    events: bool = True  # on CUDA, time with CUDA events (tests inject a clock instead)

    def timed(self, fn: Callable[[], object]) -> list[float]:
        if self.events and self.device.startswith("cuda"):
            return cuda_event_repeats(
                self.torch,
                self.device,
                fn,
                warmup=self.sizes.warmup,
                repeats=self.sizes.repeats,
                inner=self.sizes.inner,
            )
        return time_repeats(
            fn,
            warmup=self.sizes.warmup,
            repeats=self.sizes.repeats,
            inner=self.sizes.inner,
            clock=self.clock,
            sync=make_sync(self.torch, self.device),
        )


def matmul(
    bench: Bench,
    dtype: str,
    *,
    free_bytes: int | None,
    peak: PeakEntry | None,
    skip_reason: str = "",
) -> MatmulResult:
    """TFLOPS of a square n x n matmul in `dtype`, judged against the dense peak."""
    torch = bench.torch
    if skip_reason:
        return MatmulResult(dtype=dtype, size=0, status=Status.SKIP, message=skip_reason)
    tdt = torch_dtype(torch, dtype)
    n = fit_matmul(bench.sizes.matmul_n, tdt.itemsize, free_bytes)
    on_cuda = bench.device.startswith("cuda")
    try:
        # fp32 is real FP32 (TF32 off); only the tf32 row lets the tensor cores round.
        with tf32(torch, matmul=dtype == "tf32" if on_cuda else None):
            gen = torch.Generator(device=bench.device).manual_seed(0)
            a = torch.randn(n, n, device=bench.device, dtype=tdt, generator=gen)
            b = torch.randn(n, n, device=bench.device, dtype=tdt, generator=gen)
            c = torch.empty(n, n, device=bench.device, dtype=tdt)
            seconds = bench.timed(lambda: torch.mm(a, b, out=c))
    except Exception as exc:  # noqa: BLE001 - OOM or a device fault becomes a result
        _release(torch, on_cuda)
        return _error_matmul(dtype, n, exc)
    tflops = rates(2.0 * n**3, seconds, unit=1e12)
    peak_value = None if peak is None else peak.tflops.get(dtype)
    if not on_cuda:
        # CPUs: GFLOP/s against an estimate from cores x clock; report only.
        return MatmulResult(
            dtype=dtype,
            size=n,
            status=Status.PASS,
            tflops=tflops,
            peak_tflops=peak_value,
            peak_estimated=True,
            fraction=None if not peak_value else tflops.median / peak_value,
            message=_("CPU figure: compared with an estimate, reported only"),
        )
    verdict = judge_fraction(
        tflops.median, peak_value, None if peak is None else peak.gpu_class, dtype
    )
    return MatmulResult(
        dtype=dtype,
        size=n,
        status=verdict.status,
        tflops=tflops,
        peak_tflops=peak_value,
        peak_estimated=bool(peak and peak.estimated),
        fraction=verdict.fraction,
        band_pass=verdict.band_pass,
        message=verdict.message,
    )


def _release(torch: Any, on_cuda: bool) -> None:
    """After an out-of-memory error, hand cached blocks back so later tests can run."""
    if on_cuda:
        with contextlib.suppress(Exception):
            torch.cuda.empty_cache()


def _error_matmul(dtype: str, n: int, exc: BaseException) -> MatmulResult:
    if is_oom(exc):
        msg = _("out of memory at {n}x{n}: another process may be using the GPU").format(n=n)
    else:
        msg = _("matmul failed: {kind}: {detail}").format(
            kind=type(exc).__name__, detail=_line(exc)
        )
    return MatmulResult(dtype=dtype, size=n, status=Status.ERROR, message=msg)


def copy_bandwidth(
    bench: Bench, *, free_bytes: int | None, peak: PeakEntry | None
) -> BandwidthResult:
    """Device memory bandwidth of `dst.copy_(src)`; bytes counted read + write."""
    torch = bench.torch
    size = fit_bytes(bench.sizes.copy_bytes, free_bytes)
    kind = "d2d" if bench.device.startswith("cuda") else "host_copy"
    try:
        src = torch.empty(size, dtype=torch.uint8, device=bench.device).random_(0, 255)
        dst = torch.empty_like(src)
        seconds = bench.timed(lambda: dst.copy_(src))
    except Exception as exc:  # noqa: BLE001
        _release(torch, kind == "d2d")
        return _error_bw(kind, size, exc)
    gbs = rates(2.0 * size, seconds, unit=1e9)
    if kind == "host_copy" or peak is None or peak.mem_bw_gbs is None:
        return BandwidthResult(kind=kind, size_bytes=size, status=Status.PASS, gbs=gbs)
    verdict = judge_fraction(gbs.median, peak.mem_bw_gbs, peak.gpu_class, "d2d")
    return BandwidthResult(
        kind=kind,
        size_bytes=size,
        status=verdict.status,
        gbs=gbs,
        reference_gbs=peak.mem_bw_gbs,
        fraction=verdict.fraction,
        message=verdict.message,
    )


def _time_transfer(bench: Bench, size: int, *, pinned: bool) -> tuple[list[float], list[float]]:
    """Seconds per copy host->device and device->host; pinned copies run asynchronously
    (non_blocking), which is what makes pinned memory fast, and the timer syncs."""
    torch = bench.torch
    host = torch.empty(size, dtype=torch.uint8, pin_memory=pinned).random_(0, 255)
    dev = torch.empty(size, dtype=torch.uint8, device=bench.device)
    # Each copy of a few hundred MiB takes milliseconds: fewer calls than the kernels
    # get keep --quick quick (pageable copies are slow) without losing the spread.
    few = Sizes(
        matmul_n=bench.sizes.matmul_n,
        copy_bytes=bench.sizes.copy_bytes,
        transfer_bytes=size,
        warmup=1,
        repeats=bench.sizes.repeats,
        inner=min(2, bench.sizes.inner),
    )
    timer = Bench(torch, bench.device, few, bench.clock, bench.events)
    h2d = timer.timed(lambda: dev.copy_(host, non_blocking=pinned))
    d2h = timer.timed(lambda: host.copy_(dev, non_blocking=pinned))
    return h2d, d2h


def transfers(
    bench: Bench, *, pcie_gbs: float | None, free_bytes: int | None = None
) -> tuple[BandwidthResult, ...]:
    """Host->device and device->host, pinned and pageable; pinned H2D judged vs PCIe."""
    size = fit_bytes(bench.sizes.transfer_bytes, free_bytes, buffers=1)
    out: list[BandwidthResult] = []
    for pinned in (True, False):
        suffix = "pinned" if pinned else "pageable"
        try:
            h2d, d2h = _time_transfer(bench, size, pinned=pinned)
        except Exception as exc:  # noqa: BLE001
            _release(bench.torch, bench.device.startswith("cuda"))
            out.append(_error_bw(f"h2d_{suffix}", size, exc))
            continue
        for kind, seconds in ((f"h2d_{suffix}", h2d), (f"d2h_{suffix}", d2h)):
            gbs = rates(float(size), seconds, unit=1e9)
            if kind == "h2d_pinned":
                verdict = judge_pcie(gbs.median, pcie_gbs)
                out.append(
                    BandwidthResult(
                        kind=kind,
                        size_bytes=size,
                        status=verdict.status,
                        gbs=gbs,
                        reference_gbs=pcie_gbs,
                        fraction=verdict.fraction,
                        message=verdict.message,
                    )
                )
            else:
                out.append(BandwidthResult(kind=kind, size_bytes=size, status=Status.PASS, gbs=gbs))
    return tuple(out)


def _error_bw(kind: str, size: int, exc: BaseException) -> BandwidthResult:
    if is_oom(exc):
        msg = _("out of memory with a {mib} MiB buffer").format(mib=size >> 20)
    else:
        msg = _("transfer failed: {kind}: {detail}").format(
            kind=type(exc).__name__, detail=_line(exc)
        )
    return BandwidthResult(kind=kind, size_bytes=size, status=Status.ERROR, message=msg)


def _line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


__all__ = [
    "Bench",
    "Sizes",
    "copy_bandwidth",
    "cuda_event_repeats",
    "fit_bytes",
    "fit_matmul",
    "is_oom",
    "make_sync",
    "matmul",
    "sizes_for",
    "transfers",
]
