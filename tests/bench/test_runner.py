from __future__ import annotations

import time
from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import pytest
import torch

from envdoctor.bench import devinfo, runner
from envdoctor.bench.result import Status, Telemetry, overall
from envdoctor.errors import UsageError

from .fakes import FakeNVML, sample_report

TINY = runner.BenchConfig(scale=0.1, models=("mlp",))


def test_parse_dtypes() -> None:
    assert runner.parse_dtypes(None) is None
    assert runner.parse_dtypes(["bf16,fp16", "float32", "bf16"]) == ("bf16", "fp16", "fp32")
    assert runner.parse_dtypes(["half"]) == ("fp16",)
    with pytest.raises(UsageError, match="fp8"):
        runner.parse_dtypes(["fp8"])


def test_parse_scale() -> None:
    assert runner.parse_scale(None) == 1.0
    assert runner.parse_scale("0.25") == 0.25
    for bad in ("0", "2", "abc", "-1"):
        with pytest.raises(UsageError, match="ENVDOCTOR_BENCH_SCALE"):
            runner.parse_scale(bad)


def test_cpu_facts_from_cpuinfo() -> None:
    text = (
        "processor\t: 0\nmodel name\t: AMD EPYC 9654\n"
        "cpu MHz\t\t: 2400.000\nflags\t\t: fpu fma avx2 avx512f\n"
    )
    name, cores, mhz, avx512, fma = runner.cpu_facts(text)
    assert (name, mhz, avx512, fma) == ("AMD EPYC 9654", 2400.0, True, True)
    assert cores >= 1


@pytest.mark.torch
def test_cpu_run_produces_every_section() -> None:
    report = runner.run_bench(torch, ("cpu",), TINY, notes=("fell back",))
    (device,) = report.devices
    assert device.status is Status.PASS, (
        device.errors,
        [s for s in device.smoke if s.status is not Status.PASS],
    )
    assert device.smoke and device.matmul and device.bandwidth and device.training
    assert device.matmul[0].tflops is not None and device.matmul[0].tflops.median > 0
    assert device.info.peak_estimated and device.matmul[0].peak_tflops
    assert not device.telemetry.available
    assert report.warnings == ("fell back",)
    assert report.host.torch == torch.__version__


@pytest.mark.torch
def test_cpu_run_honours_dtype_choice() -> None:
    config = runner.BenchConfig(scale=0.1, models=("mlp",), dtypes=("bf16",))
    (device,) = runner.run_bench(torch, ("cpu",), config).devices
    assert [m.dtype for m in device.matmul] == ["bf16"]
    assert {s.dtype for s in device.smoke} == {"fp32", "bf16"}


class FakeCudaTorch:
    """Real (CPU-only) torch with a fake `torch.cuda` claiming an H100: queries answer,
    but every kernel launch fails - a GPU that dies as the work starts."""

    def __init__(self) -> None:
        props = SimpleNamespace(
            name="NVIDIA H100 80GB HBM3",
            major=9,
            minor=0,
            multi_processor_count=132,
            total_memory=80 << 30,
            uuid="abc",
        )
        self.cuda = SimpleNamespace(
            get_device_properties=lambda index: props,
            set_device=lambda dev: None,
            mem_get_info=lambda dev: (70 << 30, 80 << 30),
            synchronize=lambda dev=None: None,
            is_available=lambda: True,
            device_count=lambda: 1,
        )
        self.version = SimpleNamespace(cuda="12.8")

    def __getattr__(self, name: str) -> Any:
        return getattr(torch, name)


@pytest.mark.torch
def test_gpu_faulting_mid_run_keeps_partial_results_and_telemetry() -> None:
    fake = FakeCudaTorch()
    nvml = FakeNVML()
    report = runner.run_bench(fake, ("cuda:0",), TINY, nvml_loader=lambda: (nvml, ""))
    (device,) = report.devices
    assert device.info.peak_id == "h100_sxm" and not device.info.peak_estimated
    assert device.info.compute_capability == "9.0"
    assert device.status is Status.ERROR
    assert device.smoke and all(s.status is Status.ERROR for s in device.smoke)
    # every dtype was attempted (and failed) rather than the run stopping at the first
    assert [m.dtype for m in device.matmul] == ["fp32", "tf32", "fp16", "bf16"]
    assert all(m.status is Status.ERROR for m in device.matmul)
    assert {t.precision for t in device.training} == {"fp32", "amp_fp16", "amp_bf16"}
    assert device.telemetry.available and device.telemetry.pcie_gen_max == 5
    assert report.host.driver == "570.86.15"


@pytest.mark.torch
def test_unqueryable_gpu_is_an_error_not_a_crash() -> None:
    fake = FakeCudaTorch()

    def broken(index: int) -> Any:
        raise RuntimeError("CUDA error: unspecified launch failure")

    fake.cuda.get_device_properties = broken
    report = runner.run_bench(fake, ("cuda:0",), TINY, nvml_loader=lambda: (None, "no NVML"))
    (device,) = report.devices
    assert device.status is Status.ERROR
    assert "unspecified launch failure" in device.errors[0]


def test_unknown_gpu_gets_an_estimated_peak() -> None:
    fake = FakeCudaTorch()
    props = fake.cuda.get_device_properties(0)
    props.name = "NVIDIA H100 Future Edition"
    info, peak = devinfo.cuda_device(fake, "cuda:0", FakeNVML(), "handle0")
    assert peak is not None and peak.estimated and info.peak_estimated
    assert peak.tflops["bf16"] == pytest.approx(132 * 4096 * 1.98 / 1000, rel=0.01)
    assert peak.mem_bw_gbs is None  # the fake has no memory clock / bus width
    # without NVML, the clock comes from the device properties (kHz) when torch has it
    props.clock_rate, props.memory_clock_rate, props.memory_bus_width = 1_830_000, 2_619_000, 5120
    _info, peak = devinfo.cuda_device(fake, "cuda:0", None, None)
    assert peak is not None
    assert peak.tflops["bf16"] == pytest.approx(989.5, rel=0.01)
    assert peak.mem_bw_gbs == pytest.approx(3352, rel=0.001)


def test_an_unknown_gpu_is_a_note_not_a_warning() -> None:
    fake = FakeCudaTorch()
    props = fake.cuda.get_device_properties(0)
    props.name = "NVIDIA H2X"  # an export-limited part the table does not know
    info, peak = devinfo.cuda_device(fake, "cuda:0", FakeNVML(), "handle0")
    assert peak is not None and peak.confidence == "estimate"
    report = runner._device_report(
        replace(info, cudnn=90100), peak, runner._Collected(), Telemetry(available=False), []
    )
    assert report.status is Status.PASS and report.warnings == ()
    assert any("estimate" in n for n in report.notes)


def test_tf32_override_skips_the_tf32_row_with_its_reason() -> None:
    plan = runner.matmul_plan("cuda", (9, 0), None, tf32_off=True)
    assert dict(plan)["tf32"].startswith("NVIDIA_TF32_OVERRIDE=0")
    assert dict(plan)["bf16"] == "" and dict(plan)["fp32"] == ""
    # before Ampere the arch reason stays
    assert "Ampere" in dict(runner.matmul_plan("cuda", (7, 0), None, tf32_off=True))["tf32"]
    assert devinfo.tf32_disabled({"NVIDIA_TF32_OVERRIDE": "0"})
    assert not devinfo.tf32_disabled({"NVIDIA_TF32_OVERRIDE": "1"})
    assert not devinfo.tf32_disabled({})


@pytest.mark.torch
def test_tf32_override_is_recorded_and_the_row_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NVIDIA_TF32_OVERRIDE", "0")
    report = runner.run_bench(
        FakeCudaTorch(), ("cuda:0",), TINY, nvml_loader=lambda: (FakeNVML(), "")
    )
    (device,) = report.devices
    tf32_row = next(m for m in device.matmul if m.dtype == "tf32")
    assert tf32_row.status is Status.SKIP and "NVIDIA_TF32_OVERRIDE" in tf32_row.message
    assert report.host.tf32_override == "0"
    assert any("NVIDIA_TF32_OVERRIDE" in n for n in device.notes)


def test_sustained_window_goes_to_the_headline_dtype() -> None:
    assert runner.sustained_dtype([("fp32", ""), ("bf16", ""), ("fp16", "")]) == "bf16"
    assert runner.sustained_dtype([("fp32", ""), ("fp16", ""), ("bf16", "emulated")]) == "fp16"
    assert runner.sustained_dtype([("fp32", "")]) == "fp32"
    assert runner.sustained_dtype([("tf32", "x")]) is None


def test_headline_prefers_bf16() -> None:
    assert runner.headline_tflops(sample_report().devices[0]) == 790.0


def test_device_all_flags_the_straggler(monkeypatch: pytest.MonkeyPatch) -> None:
    base = sample_report().devices[0]
    speeds = {"cuda:0": 790.0, "cuda:1": 780.0, "cuda:2": 640.0, "cuda:3": 795.0}

    def fake_run_device(torch_mod: Any, device: str, *args: Any, **kwargs: Any) -> Any:
        mm = replace(base.matmul[0], tflops=replace(base.matmul[0].tflops, median=speeds[device]))
        return replace(
            base, info=replace(base.info, device=device), status=Status.PASS, matmul=(mm,)
        )

    monkeypatch.setattr(runner, "run_device", fake_run_device)
    report = runner.run_bench(torch, tuple(speeds), TINY, nvml_loader=lambda: (None, "x"))
    assert report.stragglers == ("cuda:2",)
    assert any("cuda:2" in w for w in report.warnings)
    assert overall(report) is Status.WARN


@pytest.mark.torch
def test_missing_cudnn_is_a_warning() -> None:
    fake = FakeCudaTorch()
    info, peak = devinfo.cuda_device(fake, "cuda:0", None, None)
    assert info.cudnn is None  # the CPU build has no cuDNN
    report = runner._device_report(info, peak, runner._Collected(), Telemetry(available=False), [])
    assert report.status is Status.WARN
    assert any("cuDNN" in w for w in report.warnings)


class CudaOnCpuTorch:
    """Real torch whose "cuda:0" work runs on the CPU, with torch.cuda's timing API
    (events, synchronize, mem_get_info) as torch 2.13 has it: the GPU speed path, for real."""

    def __init__(self) -> None:
        import time as _time

        class Event:
            def __init__(self, enable_timing: bool = False) -> None:
                assert enable_timing
                self.at = 0.0

            def record(self) -> None:
                self.at = _time.perf_counter()

            def elapsed_time(self, end: Any) -> float:
                return float((end.at - self.at) * 1000.0)  # milliseconds, as CUDA reports

        self.cuda = SimpleNamespace(
            Event=Event,
            synchronize=lambda device=None: None,
            mem_get_info=lambda device=None: (100 << 30, 141 << 30),
            empty_cache=lambda: None,
        )

    def __getattr__(self, name: str) -> Any:
        return getattr(torch, name)

    @staticmethod
    def _cpu(kwargs: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in kwargs.items() if k not in {"device", "pin_memory"}}

    def randn(self, *args: Any, **kwargs: Any) -> Any:
        return torch.randn(*args, **self._cpu(kwargs))

    def empty(self, *args: Any, **kwargs: Any) -> Any:
        return torch.empty(*args, **self._cpu(kwargs))

    def Generator(self, device: Any = None) -> Any:
        return torch.Generator()


@pytest.mark.torch
def test_gpu_speed_path_times_in_windows_that_telemetry_can_judge() -> None:
    from envdoctor.bench import peaks, telemetry
    from envdoctor.bench.result import DeviceInfo
    from envdoctor.bench.stats import WindowLog

    h200 = next(e for e in peaks.load_table().entries if e.id == "h200")
    info = DeviceInfo(device="cuda:0", name="NVIDIA H200", kind="cuda", compute_capability="9.0")
    windows = WindowLog()
    got = runner._Collected()
    runner._speed(
        CudaOnCpuTorch(),
        "cuda:0",
        info=info,
        peak=h200,
        config=runner.BenchConfig(scale=0.01, models=()),
        reporter=runner.NullReporter(),
        link_gbs=63.0,
        clock=time.perf_counter,
        windows=windows,
        into=got,
    )
    assert [m.dtype for m in got.matmul] == ["fp32", "tf32", "fp16", "bf16"]
    assert all(m.status is not Status.ERROR for m in got.matmul), [m.message for m in got.matmul]
    held = [m for m in got.matmul if m.sustained_tflops is not None]
    assert [m.dtype for m in held] == ["bf16"] and held[0].window == "matmul bf16 sustained"
    kinds = [b.kind for b in got.bandwidth]
    assert kinds[:2] == ["d2d", "d2d_memcpy"] and "h2d_pinned" in kinds
    assert got.bandwidth[0].judged and not got.bandwidth[1].judged
    labels = [label for label, _a, _b in windows.spans]
    assert {"matmul bf16", "matmul bf16 sustained", "d2d triad", "d2d memcpy"} <= set(labels)
    # NVML samples taken during the sustained window are summarised with it.
    _label, start, end = next(s for s in windows.spans if s[0] == "matmul bf16 sustained")
    inside = telemetry.Sample(1980.0, 70.0, 690.0, 0x4, 5, 16, 705.0, t=(start + end) / 2)
    tele = telemetry.summarise([inside], telemetry.Static(1980.0, 5, 16), windows.spans)
    sustained = next(w for w in tele.windows if w.label == "matmul bf16 sustained")
    assert sustained.samples == 1 and sustained.sm_clock_mhz_median == 1980.0
    assert sustained.throttle_reasons == ("SwPowerCap",) and tele.warnings == ()
