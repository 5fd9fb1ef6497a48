from __future__ import annotations

import pytest

from envdoctor.bench import stats
from envdoctor.bench.stats import percentile, rates, spread, stragglers, time_repeats


def test_percentile_interpolates() -> None:
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert percentile([5.0], 90) == 5.0
    assert percentile([10.0, 0.0, 20.0], 0) == 0.0
    assert percentile([10.0, 0.0, 20.0], 100) == 20.0
    assert percentile([0.0, 10.0], 10) == pytest.approx(1.0)


def test_percentile_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="empty"):
        percentile([], 50)
    with pytest.raises(ValueError, match=r"0\.\.100"):
        percentile([1.0], 101)


def test_spread_reports_median_and_p10_p90() -> None:
    s = spread([float(v) for v in range(1, 12)])  # 1..11
    assert (s.median, s.p10, s.p90, s.repeats) == (6.0, 2.0, 10.0, 11)


class FakeClock:
    """Advances by a fixed step each time it is read."""

    def __init__(self, steps: list[float]) -> None:
        self.steps = steps
        self.now = 0.0
        self.reads = 0

    def __call__(self) -> float:
        value = self.now
        self.now += self.steps[self.reads % len(self.steps)]
        self.reads += 1
        return value


def test_time_repeats_warms_up_syncs_and_divides_by_inner() -> None:
    calls: list[str] = []
    clock = FakeClock([0.0])

    def fn() -> None:
        calls.append("fn")
        clock.now += 0.25  # each call "takes" 0.25 s

    def sync() -> None:
        calls.append("sync")

    samples = time_repeats(fn, warmup=2, repeats=3, inner=4, clock=clock, sync=sync)
    assert samples == [0.25, 0.25, 0.25]
    assert calls.count("fn") == 2 + 3 * 4
    # warm-up calls come before the first sync; every repeat is bracketed by syncs
    assert calls[:3] == ["fn", "fn", "sync"]
    assert calls.count("sync") == 1 + 3 * 2


def test_time_repeats_validates() -> None:
    with pytest.raises(ValueError, match="repeats"):
        time_repeats(lambda: None, warmup=0, repeats=0)


def test_rates_turns_times_into_rates_and_drops_zero_durations() -> None:
    r = rates(2e12, [1.0, 2.0, 0.5, 0.0], unit=1e12)
    assert r.median == 2.0
    assert r.repeats == 3
    assert rates(1.0, [0.0]).median == 0.0


def test_stragglers_flag_slow_outliers_only() -> None:
    assert stragglers({"cuda:0": 100.0, "cuda:1": 98.0, "cuda:2": 80.0, "cuda:3": 101.0}) == [
        "cuda:2"
    ]
    assert stragglers({"cuda:0": 100.0, "cuda:1": 95.0, "cuda:2": 97.0}) == []
    assert stragglers({"cuda:0": 100.0}) == []


class _Work:
    def __init__(self, per_call: float) -> None:
        self.now = 0.0
        self.per_call = per_call
        self.calls = 0
        self.syncs = 0

    def clock(self) -> float:
        return self.now

    def fn(self) -> None:
        self.now += self.per_call
        self.calls += 1

    def sync(self) -> None:
        self.syncs += 1


def test_warm_up_runs_for_its_time_with_few_syncs() -> None:
    w = _Work(0.001)
    per_call = stats.warm_up(w.fn, seconds=0.5, clock=w.clock, sync=w.sync)
    assert w.now >= 0.5 and per_call == pytest.approx(0.001)
    assert w.syncs < 20  # batches double: not one sync per call


def test_inner_for_reaches_the_repeat_time() -> None:
    assert stats.inner_for(0.03, 0.1) == 4
    assert stats.inner_for(0.5, 0.1) == 1
    assert stats.inner_for(0.0, 0.1) >= 100


def test_sustained_window_covers_its_seconds_in_slices() -> None:
    w = _Work(0.01)
    out = stats.sustained_window(w.fn, seconds=2.0, inner=10, clock=w.clock, sync=w.sync)
    assert w.now >= 2.0 and len(out) == 20 and out[0] == pytest.approx(0.01)
    with pytest.raises(ValueError, match="inner"):
        stats.sustained_window(w.fn, seconds=1.0, inner=0)


def test_window_log_records_labelled_spans() -> None:
    w = _Work(1.0)
    log = stats.WindowLog(clock=w.clock)
    with log.window("matmul bf16"):
        w.fn()
    assert log.spans == [("matmul bf16", 0.0, 1.0)]
