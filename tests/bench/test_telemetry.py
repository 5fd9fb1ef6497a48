from __future__ import annotations

import sys
import time
from typing import Any

import pytest

from envdoctor.bench import telemetry
from envdoctor.bench.telemetry import Sample, Static, decode_reasons, summarise

from .fakes import FakeNVML, NVMLError


def test_decode_reasons() -> None:
    assert decode_reasons(0x1 | 0x4 | 0x40) == ("GpuIdle", "SwPowerCap", "HwThermalSlowdown")
    assert decode_reasons(0) == ()


def test_healthy_run_has_no_warnings() -> None:
    samples = [Sample(1980.0, 60.0, 650.0, 0x4, 5, 16), Sample(1950.0, 66.0, 690.0, 0x4, 5, 16)]
    t = summarise(samples, Static(1980.0, 5, 16, 0, 0))
    assert t.available and t.warnings == () and t.faults == ()
    assert t.sm_clock_mhz_median == 1965.0
    assert t.temp_c_max == 66.0 and t.power_w_max == 690.0
    assert t.throttle_reasons == ("SwPowerCap",)


def test_throttling_downgraded_link_and_slow_clock_are_named() -> None:
    samples = [
        Sample(900.0, 91.0, 300.0, 0x40 | 0x8, 1, 8),
        Sample(1000.0, 92.0, 310.0, 0x40, 3, 8),
    ]
    t = summarise(samples, Static(1980.0, 4, 16, 0, 0, retired_pages_pending=True))
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
    assert t.power_w_max == 650.0
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
    assert sample == Sample()
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
