from __future__ import annotations

import json
from pathlib import Path

from envdoctor.bench.result import (
    BenchReport,
    Status,
    overall,
    worst,
)
from envdoctor.serde import from_data, to_data

from .fakes import sample_report

HEADER = {"schema", "envdoctor_version", "command", "status", "exit_code"}


def test_report_round_trips_through_json() -> None:
    report = sample_report()
    data = json.loads(json.dumps(to_data(report)))
    assert data["devices"][0]["matmul"][0]["status"] == "pass"
    assert from_data(BenchReport, data) == report


def test_worst_and_overall() -> None:
    assert worst([]) is Status.PASS
    assert worst([Status.SKIP]) is Status.PASS
    assert worst([Status.PASS, Status.WARN]) is Status.WARN
    assert worst([Status.ERROR, Status.FAIL]) is Status.ERROR
    assert overall(sample_report()) is Status.PASS
    assert overall(sample_report(stragglers=("cuda:1",))) is Status.WARN
    assert overall(sample_report(device_status=Status.FAIL)) is Status.FAIL


def test_recorded_cpu_run_still_decodes() -> None:
    """A real `envdoctor bench --device cpu --json` document (2-core AMD EPYC, torch
    2.13.0+cpu, 2026-11-27) must keep decoding: it guards the JSON contract."""
    path = Path(__file__).parent / "fixtures" / "cpu_quick_2026-11-27.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["schema"] == "envdoctor.bench/1" and doc["status"] == "pass"
    report = from_data(BenchReport, {k: v for k, v in doc.items() if k not in HEADER})
    (device,) = report.devices
    assert device.info.kind == "cpu"
    assert {s.op for s in device.smoke} >= {"autograd", "losses", "optimisers"}
    assert [t.model for t in device.training] == [
        "logreg",
        "mlp",
        "resnet",
        "vgg",
        "unet",
        "transformer",
    ]
    assert overall(report).value == doc["status"]


def test_recorded_numpy_less_cpu_run_still_decodes() -> None:
    """`envdoctor bench --device cpu --quick --json` with numpy hidden (2 vCPU VM, torch
    2.13.0+cpu, 2026-12-04): strict JSON, the round trip skipped, every seed network."""

    def reject(constant: str) -> None:
        raise ValueError(constant)

    path = Path(__file__).parent / "fixtures" / "cpu_quick_nonumpy_2026-12-04.json"
    doc = json.loads(path.read_text(encoding="utf-8"), parse_constant=reject)
    assert doc["status"] == "pass" and doc["non_finite"] == []
    body = {k: v for k, v in doc.items() if k not in HEADER | {"non_finite"}}
    report = from_data(BenchReport, body)
    (device,) = report.devices
    assert report.host.numpy is None
    assert {s.status for s in device.smoke if s.op == "numpy_roundtrip"} == {Status.SKIP}
    assert [t.model for t in device.training] == [
        "logreg",
        "mlp",
        "resnet",
        "vgg",
        "fcn",
        "deeplab",
        "unet",
        "transformer",
    ]
    assert {m.dtype for m in device.matmul} == {"fp32"}
    assert device.matmul[0].sustained_tflops is not None
    assert [b.kind for b in device.bandwidth] == ["host_copy", "host_memcpy"]
    assert overall(report).value == doc["status"]
