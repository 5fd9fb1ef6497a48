"""Timing and statistics, with the clock and the device sync injected so tests are exact.

GPU work is asynchronous: a measurement is only valid between two synchronisations.
`time_repeats` therefore calls `sync` before starting the clock and after the last
iteration, runs warm-up iterations first (context creation, cuBLAS heuristics, cuDNN
autotuning and lazy loading all happen on the first calls) and repeats the timed
block so a median and a spread can be reported instead of one lucky number.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from envdoctor.bench.result import Spread

Clock = Callable[[], float]


def _noop() -> None:
    return None


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100) of a non-empty sequence."""
    if not values:
        msg = "percentile of an empty sequence"
        raise ValueError(msg)
    if not 0.0 <= q <= 100.0:
        msg = f"percentile q must be within 0..100, got {q}"
        raise ValueError(msg)
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100.0
    lo = math.floor(pos)
    hi = math.ceil(pos)
    if lo == hi:
        return ordered[lo]
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def spread(values: Sequence[float]) -> Spread:
    """Median with the 10th and 90th percentiles."""
    return Spread(
        median=percentile(values, 50.0),
        p10=percentile(values, 10.0),
        p90=percentile(values, 90.0),
        repeats=len(values),
    )


def time_repeats(
    fn: Callable[[], object],
    *,
    warmup: int,
    repeats: int,
    inner: int = 1,
    clock: Clock = time.perf_counter,
    sync: Callable[[], None] = _noop,
) -> list[float]:
    """Seconds per call of `fn`, one value per repeat (each the mean of `inner` calls)."""
    if repeats < 1 or inner < 1 or warmup < 0:
        msg = "repeats and inner must be >= 1 and warmup >= 0"
        raise ValueError(msg)
    for _ in range(warmup):
        fn()
    sync()
    samples: list[float] = []
    for _ in range(repeats):
        sync()
        start = clock()
        for _ in range(inner):
            fn()
        sync()
        samples.append((clock() - start) / inner)
    return samples


def warm_up(
    fn: Callable[[], object],
    *,
    seconds: float,
    clock: Clock = time.perf_counter,
    sync: Callable[[], None] = _noop,
) -> float:
    """Run `fn` back to back for at least `seconds`; return the seconds per call seen in
    the last batch (the warm one). Batches double so the syncs between them, which keep
    the host from queueing minutes of GPU work, stay few."""
    sync()
    start = clock()
    batch = 1
    per_call = 0.0
    while True:
        batch_start = clock()
        for _ in range(batch):
            fn()
        sync()
        now = clock()
        per_call = (now - batch_start) / batch
        if now - start >= seconds:
            return per_call
        batch = min(batch * 2, 256)


def inner_for(per_call: float, repeat_s: float) -> int:
    """Calls per timed repeat so that one repeat lasts at least `repeat_s`."""
    if per_call <= 0.0:
        return 1000  # a clock too coarse to see one call: many calls, then it will
    return max(1, math.ceil(repeat_s / per_call))


def sustained_window(
    fn: Callable[[], object],
    *,
    seconds: float,
    inner: int,
    clock: Clock = time.perf_counter,
    sync: Callable[[], None] = _noop,
) -> list[float]:
    """Seconds per call for consecutive slices of `inner` calls, until `seconds` passed.

    Wall clock between synchronisations on every device: a slice lasts about a repeat
    (>= 100 ms on a GPU), so the few microseconds of a sync are noise, and the slices
    show when a card slows down after seconds of load."""
    if inner < 1:
        msg = "inner must be >= 1"
        raise ValueError(msg)
    sync()
    start = clock()
    out: list[float] = []
    while True:
        t0 = clock()
        for _ in range(inner):
            fn()
        sync()
        now = clock()
        out.append((now - t0) / inner)
        if now - start >= seconds:
            return out


@dataclass
class WindowLog:
    """Labelled spans of time in which figures were measured. Telemetry is judged only
    inside them: samples taken while the host prepared the next test see an idle GPU."""

    clock: Clock = time.monotonic
    spans: list[tuple[str, float, float]] = field(default_factory=list)

    @contextmanager
    def window(self, label: str) -> Iterator[None]:
        start = self.clock()
        try:
            yield
        finally:
            self.spans.append((label, start, self.clock()))


def rates(work: float, seconds: Sequence[float], unit: float = 1.0) -> Spread:
    """Convert per-call times into a rate spread (work per second / unit).

    The percentiles are taken on the rates, so p10 is the slow end of the rates.
    A zero duration (a clock too coarse for the work) is dropped rather than turned
    into an infinite rate; if nothing is left, the result is all zero.
    """
    values = [work / s / unit for s in seconds if s > 0.0]
    if not values:
        return Spread(median=0.0, p10=0.0, p90=0.0, repeats=len(seconds))
    return spread(values)


def stragglers(values: dict[str, float], *, tolerance: float = 0.10) -> list[str]:
    """Names whose value is more than `tolerance` below the median of all of them.

    Needs at least two values; the same SKU commonly spreads ~5% (silicon, cooling),
    so the default 10% flags real outliers only.
    """
    if len(values) < 2:
        return []
    mid = percentile(list(values.values()), 50.0)
    if mid <= 0.0:
        return []
    return sorted(name for name, v in values.items() if v < mid * (1.0 - tolerance))


__all__ = [
    "Clock",
    "WindowLog",
    "inner_for",
    "percentile",
    "rates",
    "spread",
    "stragglers",
    "sustained_window",
    "time_repeats",
    "warm_up",
]
