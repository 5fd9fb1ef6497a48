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
