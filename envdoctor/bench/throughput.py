"""Speed: matmul per dtype, device memory bandwidth, host<->device transfers.

Method (see docs/benchmarks.md): inputs are preallocated random-normal tensors
(zeros and ones draw less power and flatter the numbers) and outputs are written with
`out=`. Every figure is warmed up by time (back-to-back work until clocks, caches and
cuBLAS heuristics have settled), then timed in repeats that each last at least a set
time (CUDA events on a GPU, wall clock between synchronisations on the CPU), so each
repeat spans several NVML samples and the clocks seen can explain the figure. The
headline dtype also runs a sustained window of seconds. FLOP of an m x n x k matmul are
2 m n k. Device memory bandwidth is judged on an SM kernel, a triad c = a + s * b that
moves 3x its buffer (read a, read b, write c): `dst.copy_(src)` of same-dtype tensors
goes down the driver's memcpy path, which reaches only about 2/3 of HBM peak on Hopper
(NVIDIA/cccl#1672), so it is reported as information. Sizes shrink to fit free memory
and an out-of-memory error is reported as a result, not raised.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from envdoctor.bench.judge import Verdict, judge_fraction
from envdoctor.bench.peaks import PeakEntry
from envdoctor.bench.precision import tf32
from envdoctor.bench.result import MatmulResult, Spread, Status
from envdoctor.bench.smoke import torch_dtype
from envdoctor.bench.stats import (
    Clock,
    WindowLog,
    inner_for,
    rates,
    sustained_window,
    time_repeats,
    warm_up,
)
from envdoctor.i18n import _

Shape = tuple[int, int, int]
# --full sweeps these GEMM shapes (m, n, k) and reports the best, as MAMF-style finders
# do: one square size can sit on a slow tile configuration for a given GPU.
CUDA_SHAPES: tuple[Shape, ...] = (
    (4096, 4096, 4096),
    (6144, 6144, 6144),
    (8192, 8192, 8192),
    (16384, 8192, 8192),
    (8192, 8192, 16384),
    (12288, 12288, 12288),
)
CPU_SHAPES: tuple[Shape, ...] = ((256, 256, 256), (512, 512, 512), (1024, 1024, 1024))
MIN_GPU_COPY_BYTES = 1 << 30  # below ~1 GiB a buffer may sit in L2 and flatter the figure


@dataclass(frozen=True)
class Sizes:
    """How big and how long; `sizes_for` picks them from the mode and the device."""

    matmul_n: int
    copy_bytes: int  # one buffer of the copy kernels
    transfer_bytes: int
    warmup_s: float  # back-to-back work before any timing
    repeat_s: float  # each timed repeat lasts at least this long
    repeats: int
    sustained_s: float  # the headline dtype's sustained window
    shapes: tuple[Shape, ...] = ()  # --full: the GEMM shapes swept for the best one


def sizes_for(kind: str, mode: str, scale: float = 1.0) -> Sizes:
    """Sizes per device kind and mode; `scale` (< 1 in tests and CI) shrinks them."""
    if kind == "cuda":
        # A GPU needs >= 0.5 s of load before its clocks and power settle, repeats of
        # >= 100 ms to span NVML's sampling interval, and seconds to show throttling.
        base = (
            Sizes(8192, 1 << 30, 256 << 20, 0.5, 0.1, 5, 2.0)
            if mode == "quick"
            else Sizes(8192, 2 << 30, 1 << 30, 1.0, 0.2, 10, 5.0, CUDA_SHAPES)
        )
    else:
        # The CPU has no NVML clocks to explain, no boost or thermal time constant that
        # is judged (CPU figures are reported only) and shares a 2-core CI machine:
        # its windows are a fifth to a tenth of the GPU's so --quick stays quick.
        base = (
            Sizes(512, 64 << 20, 0, 0.1, 0.02, 3, 0.3)
            if mode == "quick"
            else Sizes(1024, 64 << 20, 0, 0.3, 0.05, 5, 1.0, CPU_SHAPES)
        )
    if scale >= 1.0:
        return base
    n = max(64, _round_to(int(base.matmul_n * scale), 64))
    return Sizes(
        matmul_n=n,
        copy_bytes=max(1 << 20, int(base.copy_bytes * scale)),
        transfer_bytes=max(1 << 20, int(base.transfer_bytes * scale)) if base.transfer_bytes else 0,
        warmup_s=base.warmup_s * scale,
        repeat_s=base.repeat_s * scale,
        repeats=max(2, min(base.repeats, 3)),
        sustained_s=base.sustained_s * scale,
        shapes=tuple(
            (max(64, _round_to(int(m * scale), 64)), max(64, _round_to(int(n_ * scale), 64)), k)
            for m, n_, k in base.shapes[:2]
        ),
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


def fits_shape(
    shape: Shape, element_bytes: int, free_bytes: int | None, share: float = 0.5
) -> bool:
    m, n, k = shape
    return free_bytes is None or (m * k + k * n + m * n) * element_bytes <= free_bytes * share


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
class Timing:
    seconds: list[float]  # per call, one value per repeat
    per_call: float  # from the warm-up, to size the sustained window
    inner: int


@dataclass(frozen=True)
class Bench:
    torch: Any
    device: str
    sizes: Sizes
    clock: Clock = time.perf_counter
    events: bool = True  # on CUDA, time with CUDA events (tests inject a clock instead)
    windows: WindowLog | None = None  # timed windows, for telemetry

    @contextlib.contextmanager
    def window(self, label: str) -> Iterator[None]:
        if self.windows is None:
            yield
        else:
            with self.windows.window(label):
                yield

    def measure(
        self, fn: Callable[[], object], label: str, *, warmup_s: float | None = None
    ) -> Timing:
        """Warm up for `warmup_s` (default: the mode's), then time repeats of >= repeat_s."""
        sync = make_sync(self.torch, self.device)
        seconds = self.sizes.warmup_s if warmup_s is None else warmup_s
        per_call = warm_up(fn, seconds=seconds, clock=self.clock, sync=sync)
        inner = inner_for(per_call, self.sizes.repeat_s)
        with self.window(label):
            if self.events and self.device.startswith("cuda"):
                out = cuda_event_repeats(
                    self.torch, self.device, fn, warmup=0, repeats=self.sizes.repeats, inner=inner
                )
            else:
                out = time_repeats(
                    fn,
                    warmup=0,
                    repeats=self.sizes.repeats,
                    inner=inner,
                    clock=self.clock,
                    sync=sync,
                )
        return Timing(out, per_call, inner)

    def timed(self, fn: Callable[[], object], label: str = "") -> list[float]:
        return self.measure(fn, label).seconds

    def sustained(self, fn: Callable[[], object], label: str, inner: int) -> list[float]:
        """Back-to-back slices for the mode's sustained window, inside a telemetry window."""
        with self.window(label):
            return sustained_window(
                fn,
                seconds=self.sizes.sustained_s,
                inner=inner,
                clock=self.clock,
                sync=make_sync(self.torch, self.device),
            )


def _operands(torch: Any, device: str, tdt: Any, shape: Shape) -> tuple[Any, Any, Any]:
    m, n, k = shape
    gen = torch.Generator(device=device).manual_seed(0)
    a = torch.randn(m, k, device=device, dtype=tdt, generator=gen)
    b = torch.randn(k, n, device=device, dtype=tdt, generator=gen)
    return a, b, torch.empty(m, n, device=device, dtype=tdt)


def _flop(shape: Shape) -> float:
    m, n, k = shape
    return 2.0 * m * n * k


def _shape_text(shape: Shape) -> str:
    return "x".join(str(v) for v in shape)


def _time_shape(
    bench: Bench, tdt: Any, shape: Shape, label: str, *, sustained: bool, warmup_s: float | None
) -> tuple[Spread, Spread | None]:
    torch = bench.torch
    a, b, c = _operands(torch, bench.device, tdt, shape)
    fn = lambda: torch.mm(a, b, out=c)  # noqa: E731 - the timed call, nothing else
    timing = bench.measure(fn, label, warmup_s=warmup_s)
    held = None
    if sustained:
        held = rates(_flop(shape), bench.sustained(fn, f"{label} sustained", timing.inner), 1e12)
    return rates(_flop(shape), timing.seconds, unit=1e12), held


def _sweep(
    bench: Bench, tdt: Any, dtype: str, free_bytes: int | None, first: tuple[Shape, Spread]
) -> tuple[Shape, Spread]:
    """The best median over the mode's shapes (and the square size already measured).
    The GPU is warm by now: a short warm-up per shape settles cuBLAS's choice."""
    best_shape, best = first
    # Five repeats of >= 100 ms per shape: the sweep looks for the best tile configuration,
    # the sustained window (already run) is where the long look at the card happens.
    bench = replace(
        bench,
        sizes=replace(
            bench.sizes,
            repeats=min(5, bench.sizes.repeats),
            repeat_s=min(0.1, bench.sizes.repeat_s),
        ),
    )
    for shape in bench.sizes.shapes:
        if shape == best_shape or not fits_shape(shape, tdt.itemsize, free_bytes):
            continue
        try:
            spread, _held = _time_shape(
                bench,
                tdt,
                shape,
                f"matmul {dtype} {_shape_text(shape)}",
                sustained=False,
                warmup_s=bench.sizes.warmup_s * 0.25,
            )
        except Exception:  # noqa: BLE001 - a shape that cannot run is left out of the sweep
            release(bench.torch, bench.device.startswith("cuda"))
            continue
        if spread.median > best.median:
            best_shape, best = shape, spread
    return best_shape, best


def matmul(
    bench: Bench,
    dtype: str,
    *,
    free_bytes: int | None,
    peak: PeakEntry | None,
    skip_reason: str = "",
    sustained: bool = False,
) -> MatmulResult:
    """TFLOPS of an n x n x n matmul in `dtype` (and, in --full, of the best of a shape
    sweep), judged against the dense peak; `sustained` adds the seconds-long window."""
    torch = bench.torch
    if skip_reason:
        return MatmulResult(dtype=dtype, size=0, status=Status.SKIP, message=skip_reason)
    tdt = torch_dtype(torch, dtype)
    n = fit_matmul(bench.sizes.matmul_n, tdt.itemsize, free_bytes)
    on_cuda = bench.device.startswith("cuda")
    label = f"matmul {dtype}"
    best: tuple[Shape, Spread] | None = None
    try:
        # fp32 is real FP32 (TF32 off); only the tf32 row lets the tensor cores round.
        with tf32(torch, matmul=dtype == "tf32" if on_cuda else None):
            tflops, held = _time_shape(
                bench, tdt, (n, n, n), label, sustained=sustained, warmup_s=None
            )
            if bench.sizes.shapes:
                best = _sweep(bench, tdt, dtype, free_bytes, ((n, n, n), tflops))
    except Exception as exc:  # noqa: BLE001 - OOM or a device fault becomes a result
        release(torch, on_cuda)
        return _error_matmul(dtype, n, exc)
    result = MatmulResult(
        dtype=dtype,
        size=n,
        status=Status.PASS,
        tflops=tflops,
        best_shape=None if best is None else _shape_text(best[0]),
        best_tflops=None if best is None else best[1],
        sustained_tflops=held,
        sustained_s=bench.sizes.sustained_s if held is not None else None,
        window=f"{label} sustained" if held is not None else label,
    )
    return judge_matmul(result, peak, on_cuda=on_cuda)


def _severity(status: Status) -> int:
    order = (Status.SKIP, Status.PASS, Status.WARN, Status.FAIL, Status.ERROR)
    return order.index(status)


def judge_matmul(result: MatmulResult, peak: PeakEntry | None, *, on_cuda: bool) -> MatmulResult:
    dtype = result.dtype
    primary = result.best_tflops or result.tflops
    assert primary is not None  # measured results always carry a figure
    peak_value = None if peak is None else peak.tflops.get(dtype)
    fraction = primary.median / peak_value if peak_value else None
    if not on_cuda:
        # CPUs: GFLOP/s against an estimate from cores x clock; report only.
        return replace(
            result,
            peak_tflops=peak_value,
            peak_estimated=True,
            fraction=fraction,
            judged=False,
            message=_("CPU figure: compared with an estimate, reported only"),
        )
    if peak is not None and peak.confidence == "estimate":
        # An estimate (SMs x per-SM rate x max clock) knows nothing of export-limited or
        # power-capped parts: an H20 would be held to ~4x its real peak. Report only.
        return replace(
            result,
            peak_tflops=peak_value,
            peak_estimated=True,
            fraction=fraction,
            judged=False,
            message=_("compared with an estimated peak: reported only, never judged"),
        )
    gpu_class = None if peak is None else peak.gpu_class
    verdict = judge_fraction(primary.median, peak_value, gpu_class, dtype)
    if result.sustained_tflops is not None:
        held = judge_fraction(result.sustained_tflops.median, peak_value, gpu_class, dtype)
        if _severity(held.status) > _severity(verdict.status):
            verdict = Verdict(
                held.status,
                verdict.fraction,
                held.band_pass,
                _("sustained for {s:.0f} s: {message}").format(
                    s=result.sustained_s or 0.0, message=held.message
                ),
            )
    return replace(
        result,
        status=verdict.status,
        peak_tflops=peak_value,
        peak_estimated=bool(peak and peak.estimated),
        fraction=verdict.fraction,
        band_pass=verdict.band_pass,
        message=verdict.message,
        judged=verdict.band_pass is not None,
    )


def release(torch: Any, on_cuda: bool) -> None:
    """After an out-of-memory error, hand cached blocks back so later tests can run."""
    if on_cuda:
        with contextlib.suppress(Exception):
            torch.cuda.empty_cache()


def _error_matmul(dtype: str, n: int, exc: BaseException) -> MatmulResult:
    if is_oom(exc):
        msg = _("out of memory at {n}x{n}: another process may be using the GPU").format(n=n)
    else:
        msg = _("matmul failed: {kind}: {detail}").format(kind=type(exc).__name__, detail=line(exc))
    return MatmulResult(dtype=dtype, size=n, status=Status.ERROR, message=msg)


def line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


__all__ = [
    "CPU_SHAPES",
    "CUDA_SHAPES",
    "MIN_GPU_COPY_BYTES",
    "Bench",
    "Sizes",
    "Timing",
    "cuda_event_repeats",
    "fit_bytes",
    "fit_matmul",
    "fits_shape",
    "is_oom",
    "judge_matmul",
    "line",
    "make_sync",
    "matmul",
    "release",
    "sizes_for",
]
