from __future__ import annotations

import io

from rich.console import Console

from envdoctor.bench.result import (
    BenchReport,
    DeviceInfo,
    DeviceReport,
    MatmulResult,
    Spread,
    Status,
)
from envdoctor.render.bench import ProgressReporter, render_report

from .fakes import sample_report


def _render(report: BenchReport) -> str:
    buf = io.StringIO()
    render_report(
        report, Console(file=buf, width=140, no_color=True, markup=False, highlight=False)
    )
    return buf.getvalue()


def test_gpu_report_shows_failures_telemetry_and_fleet() -> None:
    text = _render(sample_report(device_status=Status.FAIL))
    assert "cuda:0: NVIDIA H100 80GB HBM3" in text and "sm_90" in text
    assert "0/1 passed" in text
    assert "matmul [bf16]: matmul (bf16) differs" in text
    assert "TFLOPS" in text and "80%" in text and "989.5" in text
    assert "SM-kernel triad" in text and "24%" in text
    assert "SwPowerCap" in text and "PCIe Gen5" in text
    assert "resnet" in text and "2.0e-06" in text
    assert "busbw" in text and "DDP training step: pass" in text
    assert "Fleet" in text and "driver" in text
    assert "Result: FAIL" in text
    assert "warning: w" in text


def test_cpu_report_uses_gflops_and_marks_estimates() -> None:
    device = DeviceReport(
        info=DeviceInfo(device="cpu", name="AMD EPYC", kind="cpu"),
        status=Status.PASS,
        matmul=(
            MatmulResult(
                dtype="fp32",
                size=512,
                status=Status.PASS,
                tflops=Spread(0.19, 0.18, 0.2, 3),
                peak_tflops=0.33,
                peak_estimated=True,
                fraction=0.57,
            ),
        ),
    )
    report = BenchReport(mode="quick", host=sample_report().host, devices=(device,), wall_s=1.0)
    text = _render(report)
    assert "GFLOP/s" in text and "190.0" in text and "330.0*" in text
    assert "estimated peak" in text
    assert "NVML" not in text  # no telemetry line for a CPU


def test_progress_is_silent_when_not_a_terminal() -> None:
    buf = io.StringIO()
    reporter = ProgressReporter(Console(file=buf), enabled=True)
    reporter.begin(3)
    reporter.step("x")
    reporter.close()
    assert buf.getvalue() == ""


def test_progress_draws_on_a_terminal() -> None:
    buf = io.StringIO()
    reporter = ProgressReporter(Console(file=buf, force_terminal=True, width=80), enabled=True)
    reporter.begin(2)
    reporter.step("cpu: matmul fp32")
    reporter.close()
    assert "cpu: matmul fp32" in buf.getvalue()


def test_gpu_report_shows_best_shape_sustained_window_and_memory_health() -> None:
    from dataclasses import replace

    from envdoctor.bench.result import Telemetry, WindowTelemetry

    report = sample_report()
    device = report.devices[0]
    mm = replace(
        device.matmul[0],
        best_shape="16384x8192x8192",
        best_tflops=Spread(801.0, 795.0, 805.0, 5),
        sustained_tflops=Spread(770.0, 760.0, 780.0, 20),
        sustained_s=2.0,
        window="matmul bf16 sustained",
    )
    tele = Telemetry(
        available=True,
        samples=40,
        sm_clock_mhz_median=1980.0,
        power_w_max=690.0,
        power_w_instant_max=712.0,
        remapped_rows_pending=False,
        remapped_rows_failure=False,
        retired_pages_pending=None,
        windows=(
            WindowTelemetry(
                "matmul bf16 sustained",
                2.0,
                20,
                1965.0,
                1890.0,
                690.0,
                712.0,
                71.0,
                ("SwPowerCap",),
            ),
        ),
    )
    device = replace(device, matmul=(mm,), telemetry=tele, notes=("numpy is not installed",))
    dist = replace(
        report.distributed,  # type: ignore[arg-type]
        world_size=1,
        allreduce=(replace(report.distributed.allreduce[0], busbw_gbs=None),),  # type: ignore[union-attr]
    )
    text = _render(replace(report, devices=(device,), distributed=dist))
    assert "best shape 16384x8192x8192" in text and "801.0" in text
    assert "sustained 2.0 s" in text and "770.0" in text
    assert "matmul bf16 sustained (2.0 s)" in text and "1,890" in text
    assert "712 W (instant)" in text
    assert "remapped rows none pending, retired pages not reported" in text
    assert "note: numpy is not installed" in text
    assert "n/a" in text  # busbw at one rank
