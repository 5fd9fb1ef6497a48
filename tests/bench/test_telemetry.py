from __future__ import annotations

import sys
import time
from dataclasses import replace
from typing import Any

import pytest

from envdoctor.bench import telemetry
from envdoctor.bench.telemetry import Sample, Static, decode_reasons, summarise

from .fakes import FakeNVML, NVMLError, field_values

WINDOW = (("matmul bf16", 0.0, 10.0),)


def test_decode_reasons() -> None:
    assert decode_reasons(0x1 | 0x4 | 0x40) == ("GpuIdle", "SwPowerCap", "HwThermalSlowdown")
    assert decode_reasons(0) == ()


def test_healthy_run_has_no_warnings() -> None:
    samples = [
        Sample(1980.0, 60.0, 650.0, 0x4, 5, 16, 701.0, t=1.0),
        Sample(1950.0, 66.0, 690.0, 0x4, 5, 16, 720.0, t=2.0),
    ]
    t = summarise(samples, Static(1980.0, 5, 16, 0, 0), WINDOW)
    assert t.available and t.warnings == () and t.faults == ()
    assert t.sm_clock_mhz_median == 1965.0
    assert t.temp_c_max == 66.0 and t.power_w_max == 690.0
    assert t.throttle_reasons == ("SwPowerCap",)
    assert t.power_w_instant_max == 720.0 and t.samples_in_windows == 2
    (w,) = t.windows
    assert w.label == "matmul bf16" and w.sm_clock_mhz_median == 1965.0 and w.samples == 2


def test_clocks_are_judged_only_inside_timed_windows() -> None:
    # Defect: idle samples between tests dragged the median below 75% of the maximum.
    idle = [Sample(345.0, 40.0, 90.0, 0x1, 1, 16, t=float(i)) for i in range(10)]
    busy = [Sample(1980.0, 70.0, 690.0, 0x4, 5, 16, t=20.0 + i) for i in range(3)]
    spans = (("matmul bf16", 19.5, 23.0),)
    t = summarise(idle + busy, Static(1980.0, 5, 16, 0, 0), spans)
    assert t.sm_clock_mhz_median == 1980.0 and t.warnings == ()
    # The same samples, all counted (the old way), would have warned.
    everything = summarise(idle + busy, Static(1980.0, 5, 16, 0, 0), (("all", 0.0, 99.0),))
    assert everything.sm_clock_mhz_median == 1980.0  # idle samples (GpuIdle) never count
    slow = [Sample(900.0, 70.0, 300.0, 0x0, 5, 16, t=21.0)]
    assert any("75%" in w for w in summarise(slow, Static(1980.0), spans).warnings)
    assert summarise(slow, Static(1980.0)).warnings == ()  # no window: nothing judged
    # the SMs may idle at a low clock while the copy engines move data: not judged either
    copying = (("h2d pageable", 20.0, 22.0),)
    assert summarise(slow, Static(1980.0), copying).warnings == ()


def test_row_remapping_pending_warns_and_failure_fails() -> None:
    pending = summarise([Sample()], Static(remapped_rows_pending=True))
    assert any("remapping is pending" in w for w in pending.warnings) and not pending.faults
    failed = summarise([Sample()], Static(remapped_rows_failure=True))
    assert failed.faults and "remapping failed" in failed.faults[0]


def test_throttling_downgraded_link_and_slow_clock_are_named() -> None:
    samples = [
        Sample(900.0, 91.0, 300.0, 0x40 | 0x8, 1, 8, t=1.0),
        Sample(1000.0, 92.0, 310.0, 0x40, 3, 8, t=2.0),
    ]
    t = summarise(samples, Static(1980.0, 4, 16, 0, 0, retired_pages_pending=True), WINDOW)
    text = " | ".join(t.warnings)
    assert "HwSlowdown" in text and "HwThermalSlowdown" in text
    assert "Gen3" in text and "Gen4" in text  # best link seen under load vs max
    assert "x8" in text and "x16" in text
    assert "75%" in text  # clock floor
    assert "retired" in text


def test_integrated_gpus_skip_the_pcie_judgement() -> None:
    t = summarise([Sample(pcie_gen=1, pcie_width=1)], Static(None, 4, 16, integrated=True))
    assert t.warnings == ()


def test_new_ecc_errors_are_a_fault() -> None:
    t = summarise([Sample()], Static(ecc_uncorrected_before=2, ecc_uncorrected_after=5))
    assert t.faults and "2" in t.faults[0] and "5" in t.faults[0]
    assert t.ecc_uncorrected == 5


def test_sampler_reads_a_fake_gpu() -> None:
    nvml = FakeNVML(ecc=[0, 0])
    handle = telemetry.open_handle(nvml, uuid="abc", index=3)
    assert handle == "handle0"
    assert telemetry.open_handle(nvml, uuid="zzz", index=3) == "handle3"  # falls back to index
    sampler = telemetry.Sampler(nvml, handle, interval=0.01)
    sampler.start()
    time.sleep(0.05)
    t = sampler.stop()
    assert t.available and t.samples >= 2
    assert t.power_w_max == 650.0 and t.power_w_instant_max == 700.5
    assert t.power_limit_w == 700.0
    assert t.remapped_rows_pending is False and t.remapped_rows_failure is False
    assert t.pcie_gen_max == 5 and t.pcie_gen_seen == 5
    assert t.retired_pages_pending is None  # not supported -> unknown, not "fine"
    assert telemetry.driver_version(nvml) == "570.86.15"


def test_sampler_reports_ecc_rise() -> None:
    nvml = FakeNVML(ecc=[1, 4])
    sampler = telemetry.Sampler(nvml, "handle0", interval=0.01)
    sampler.start()
    t = sampler.stop()
    assert t.faults


def test_every_nvml_call_failing_is_not_a_crash() -> None:
    class Broken:
        def __getattr__(self, name: str) -> Any:
            def fail(*args: Any) -> Any:
                raise NVMLError("GPU is lost")

            return fail

    sample = telemetry.read_sample(Broken(), "h")
    assert replace(sample, t=0.0) == Sample()
    assert telemetry.read_static(Broken(), "h") == telemetry.Static()
    assert telemetry.open_handle(Broken(), uuid="abc", index=0) is None
    assert telemetry.driver_version(Broken()) is None


def test_load_nvml_without_pynvml(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pynvml", None)
    module, reason = telemetry.load_nvml()
    assert module is None and "pynvml" in reason


def test_load_nvml_init_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    class NoDriver:
        @staticmethod
        def nvmlInit() -> None:
            raise NVMLError("Driver Not Loaded")

    monkeypatch.setitem(sys.modules, "pynvml", NoDriver)
    module, reason = telemetry.load_nvml()
    assert module is None and "Driver Not Loaded" in reason


def test_instant_power_follows_the_field_value_shape() -> None:
    nvml = FakeNVML(instant_mw=612_345)
    assert telemetry.read_instant_power_w(nvml, "h") == pytest.approx(612.345)
    assert telemetry.read_instant_power_w(FakeNVML(instant_mw=None), "h") is None

    class Signed(FakeNVML):
        def nvmlDeviceGetFieldValues(self, handle: str, field_ids: list[int]) -> object:
            values = field_values((186, 0, 0))
            values[0].valueType = 5  # NVML_VALUE_TYPE_SIGNED_INT
            values[0].value.siVal = 400_000
            return values

    assert telemetry.read_instant_power_w(Signed(), "h") == 400.0


def test_remapped_rows_and_retired_pages_are_both_read() -> None:
    nvml = FakeNVML(remapped=(3, 1, 1, 0))
    assert telemetry.read_remapped_rows(nvml, "h") == (1, True, False)
    static = telemetry.read_static(nvml, "h")
    assert static.remapped_rows_pending is True and static.remapped_rows_uncorrectable == 1
    assert static.retired_pages_pending is None  # this fake GPU has no page retirement
    assert telemetry.read_remapped_rows(FakeNVML(remapped=None), "h") == (None, None, None)


def test_sampler_judges_clocks_in_the_windows_it_is_given() -> None:
    nvml = FakeNVML(clock=700, reasons=0x0)
    sampler = telemetry.Sampler(nvml, "handle0", interval=0.005)
    sampler.start()
    start = time.monotonic()
    time.sleep(0.03)
    t = sampler.stop((("matmul bf16", start, time.monotonic()),))
    assert t.samples_in_windows >= 1
    assert any("75%" in w for w in t.warnings)
    assert sampler.stop().warnings == ()  # the same samples outside any window: not judged
