from __future__ import annotations

import io
import re
from typing import Any

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

from .fakes import h200_report, recorded, sample_report


def _render(report: BenchReport) -> str:
    buf = io.StringIO()
    render_report(
        report, Console(file=buf, width=140, no_color=True, markup=False, highlight=False)
    )
    return buf.getvalue()


def _piped(report: BenchReport) -> str:
    from envdoctor.render.console import make_console

    buf = io.StringIO()
    render_report(report, make_console(file=buf))
    return buf.getvalue()


def test_gpu_report_shows_failures_telemetry_and_fleet() -> None:
    text = _render(sample_report(device_status=Status.FAIL))
    assert "cuda:0: NVIDIA H100 80GB HBM3" in text and "sm_90" in text
    assert "0/1 passed" in text
    assert "matmul [bf16]: matmul (bf16) differs" in text
    assert "TFLOPS" in text and "80%" in text and "989.5" in text
    assert "device memory, triad" in text and "24%" in text
    assert "SwPowerCap" in text and "PCIe Gen5 under load (max unknown)" in text
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
                judged=False,  # as throughput.judge_matmul leaves a CPU figure
            ),
        ),
    )
    report = BenchReport(mode="quick", host=sample_report().host, devices=(device,), wall_s=1.0)
    text = _render(report)
    assert "GFLOP/s" in text and " 190 " in text and "330*" in text and "180-200" in text
    assert "estimated peak" in text and "reported" in text
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
    assert "best 16384x8192x8192" in text and " 801 " in text
    assert "sustained 2.0 s" in text and " 770 " in text
    assert "matmul bf16 sustained (2.0 s)" in text and "1,890 MHz" in text
    assert "712 W (instant)" in text
    assert "remapped rows none pending, retired pages not reported" in text
    assert "note: numpy is not installed" in text
    assert "n/a" in text  # busbw at one rank


# ------------------------------------------------- the report says what the JSON says

_WORD = {"pass": "pass", "warn": "warn", "fail": "FAIL", "skip": "skip", "error": "ERROR"}
# Schema 2's outcome words, and schema 1's (the recorded fixtures said "pass").
_RESULT = {"ok": ("pass",), "pass": ("pass",), "warn": ("warn",), "fail": ("FAIL", "ERROR")}
_KIND = {
    "d2d": "device memory, triad",
    "d2d_memcpy": "device memory, memcpy",
    "host_copy": "host memory, triad",
    "host_memcpy": "host memory, memcpy",
    "h2d_pinned": "host -> device, pinned",
    "h2d_pageable": "host -> device, pageable",
    "d2h_pinned": "device -> host, pinned",
    "d2h_pageable": "device -> host, pageable",
}


def _rounded(value: float) -> str:
    """The rounding the report promises: 0 decimals from 100, 1 from 1, else 2."""
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}" if value >= 1 else f"{value:.2f}"


def _row(text: str, label: str) -> list[str]:
    """The cells of the one table row whose first cell is `label`."""
    rows = [
        re.split(r"\s*[│┃]\s*|\s{2,}", line.strip())
        for line in text.splitlines()
        if line.strip().startswith(label + " ") or line.strip() == label
    ]
    rows = [[c for c in r if c] for r in rows if r[0] == label]  # empty cells dropped
    assert len(rows) == 1, (label, rows, text)
    return rows[0]


def _verdict(item: dict[str, Any]) -> str:
    return "reported" if item["status"] == "pass" and not item["judged"] else _WORD[item["status"]]


def assert_report_agrees(text: str, doc: dict[str, Any]) -> None:
    """The human report (English, piped) and the JSON document of the same run agree:
    the same verdict on every row and overall, the same figures rounded as shown, and
    every figure that was not judged is said to be only reported, with its reason."""
    assert text.startswith(f"envdoctor bench ({doc['mode']}): torch {doc['host']['torch']}")
    (result,) = [line for line in text.splitlines() if line.startswith("Result: ")]
    assert result.split()[1] in _RESULT[doc["status"]], (result, doc["status"])
    for device in doc["devices"]:
        info = device["info"]
        head = next(line for line in text.splitlines() if line.startswith(info["device"] + ": "))
        assert info["name"] in head and head.endswith(_WORD[device["status"]])
        smoke = device["smoke"]
        passed = sum(s["status"] == "pass" for s in smoke)
        assert f"Tensor smoke tests: {passed}/{len(smoke)} passed" in text
        for s in smoke:
            if s["status"] != "pass":
                assert f"{_WORD[s['status']]} {s['op']} [{s['dtype']}]: {s['message']}" in text
        factor = 1000.0 if info["kind"] == "cpu" else 1.0
        reported = False
        for m in device["matmul"]:
            cells = _row(text, f"matmul {m['dtype']}")
            assert cells[-1] == _verdict(m), (cells, m)
            if m["tflops"] is None:
                continue
            t = {k: m["tflops"][k] * factor for k in ("median", "p10", "p90")}
            assert cells[2:4] == [
                _rounded(t["median"]),
                f"{_rounded(t['p10'])}-{_rounded(t['p90'])}",
            ]
            if m["peak_tflops"] is not None:
                star = "*" if m["peak_estimated"] else ""
                assert f"{m['peak_tflops'] * factor:,.1f}".removesuffix(".0") + star in cells
            # JSON `fraction` belongs to the best shape's row when there is one.
            own = m["best_tflops"] or m["tflops"]
            if m["fraction"] is not None:
                best = _row(text, f"best {m['best_shape']}") if m["best_tflops"] else cells
                assert f"{m['fraction'] * 100:.0f}%" in best
                assert _rounded(own["median"] * factor) in best
            if m["sustained_tflops"] is not None:
                held = _row(text, f"sustained {m['sustained_s']:.1f} s")
                assert held[1] == _rounded(m["sustained_tflops"]["median"] * factor)
            reported = reported or _verdict(m) == "reported"
        for b in device["bandwidth"]:
            cells = _row(text, _KIND[b["kind"]])
            assert cells[-1] == _verdict(b), (cells, b)
            if b["gbs"] is not None:
                assert cells[2] == _rounded(b["gbs"]["median"])
            if b["fraction"] is not None:
                assert f"{b['fraction'] * 100:.0f}%" in cells
            reported = reported or _verdict(b) == "reported"
        for item in [*device["matmul"], *device["bandwidth"]]:
            if item["message"] and _verdict(item) != "pass":
                assert f": {item['message']}" in text, item["message"]
        assert ("reported: measured and shown, not compared" in text) is reported
        for t in device["training"]:
            rows = [
                line.replace("│", " ").split()
                for line in text.splitlines()
                if line.replace("│", " ").split()[:2] == [t["model"], t["precision"]]
            ]
            assert len(rows) == 1 and rows[0][-1] == _WORD[t["status"]], (t, rows)
            if t["initial_loss"] is not None:
                assert f"{t['initial_loss']:.3f} -> {t['final_loss']:.3f}" in " ".join(rows[0])
        for note in device["notes"]:
            assert note in text


def test_recorded_numpy_less_cpu_run_reads_as_its_json_says() -> None:
    doc, report = recorded("cpu_quick_nonumpy_2026-12-04.json")
    text = _piped(report)
    assert_report_agrees(text, doc)
    # What was judged and what was only reported, in words.
    assert "matmul fp32: CPU figure: compared with an estimate, reported only" in text
    assert "host memory, memcpy: driver memcpy path: information only, not judged" in text
    assert "Tensor smoke tests: 13/14 passed, 1 skipped" in text
    assert "skip numpy_roundtrip [fp32]: numpy is not installed" in text
    assert text.count("numpy is not installed") == 1  # the device note repeats the skip
    assert _row(text, "matmul fp32")[1:] == ["512", "84.3", "48.0-202", "332.3*", "25%", "reported"]


def test_a_gpu_report_reads_as_its_json_says() -> None:
    from envdoctor.serde import to_data

    report = h200_report()
    doc = {"status": "ok", **to_data(report)}
    text = _piped(report)
    assert_report_agrees(text, doc)
    assert _row(text, "matmul bf16")[1:] == ["8192", "745", "731-753", "989.5", "75%", "pass"]
    assert _row(text, "best 16384x8192x8192")[1:] == ["812", "802-818", "82%"]
    assert _row(text, "device memory, triad")[-3:] == ["4,800", "88%", "pass"]
    assert _row(text, "device memory, memcpy")[-1] == "reported"
    # NVML fields the driver did not report are said to be unknown, not "-" or "?".
    assert "688 W (1 s average) / unknown (instant)" in text
    assert "retired pages not reported" in text
    assert "driver unknown" in text.splitlines()[0]
