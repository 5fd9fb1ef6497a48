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
from collections.abc import Callable, Sequence

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


__all__ = ["Clock", "percentile", "rates", "spread", "stragglers", "time_repeats"]
