from __future__ import annotations

import json

from envdoctor.bench.result import (
    BenchReport,
    Status,
    overall,
    worst,
)
from envdoctor.serde import from_data, to_data

from .fakes import sample_report


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
