from __future__ import annotations

import json

from envdoctor.bench.result import (
    AllReduceResult,
    BandwidthResult,
    BenchReport,
    DeviceInfo,
    DeviceReport,
    DistributedReport,
    FleetRow,
    HostInfo,
    MatmulResult,
    SmokeResult,
    Spread,
    Status,
    Telemetry,
    TrainResult,
    overall,
    worst,
)
from envdoctor.serde import from_data, to_data


def sample_report(
    *, device_status: Status = Status.PASS, stragglers: tuple[str, ...] = ()
) -> BenchReport:
    spread = Spread(median=790.0, p10=780.0, p90=795.0, repeats=5)
    device = DeviceReport(
        info=DeviceInfo(
            device="cuda:0", name="NVIDIA H100 80GB HBM3", kind="cuda", compute_capability="9.0"
        ),
        status=device_status,
        smoke=(
            SmokeResult(
                op="matmul",
                dtype="bf16",
                status=Status.FAIL,
                max_error=1.0,
                tolerance=0.1,
                message="matmul (bf16) differs",
            ),
        ),
        matmul=(
            MatmulResult(
                dtype="bf16",
                size=4096,
                status=Status.PASS,
                tflops=spread,
                peak_tflops=989.5,
                fraction=0.8,
                band_pass=0.65,
            ),
        ),
        bandwidth=(
            BandwidthResult(
                kind="d2d",
                size_bytes=1 << 30,
                status=Status.WARN,
                gbs=spread,
                reference_gbs=3350.0,
                fraction=0.24,
            ),
        ),
        training=(
            TrainResult(
                model="resnet",
                precision="amp_bf16",
                status=Status.PASS,
                steps=80,
                initial_loss=1.4,
                final_loss=0.1,
                samples_per_s=9000.0,
                cpu_parity_rel_err=2e-6,
            ),
        ),
        telemetry=Telemetry(
            available=True, samples=10, throttle_reasons=("SwPowerCap",), pcie_gen_seen=5
        ),
        warnings=("w",),
    )
    dist = DistributedReport(
        backend="nccl",
        world_size=2,
        status=Status.PASS,
        allreduce=(
            AllReduceResult(
                size_bytes=1 << 20,
                seconds=Spread(0.001, 0.001, 0.002, 5),
                algbw_gbs=1.0,
                busbw_gbs=1.0,
                correct=True,
            ),
        ),
        ddp_status=Status.PASS,
        fleet=(
            FleetRow(
                rank=0,
                host="a",
                device="cuda:0",
                device_name="H100",
                driver="570",
                torch="2.8",
                matmul_tflops=790.0,
                status=Status.PASS,
                odd=("driver",),
            ),
        ),
    )
    return BenchReport(
        mode="quick",
        host=HostInfo(
            python="3.11", platform="Linux", torch="2.8.0", cuda_runtime="12.8", driver="570.86"
        ),
        devices=(device,),
        wall_s=12.5,
        stragglers=stragglers,
        distributed=dist,
    )


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
