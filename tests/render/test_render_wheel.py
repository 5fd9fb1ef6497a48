from __future__ import annotations

import io

from envdoctor.render.wheel import describe_gpu, describe_target, render_wheel_report
from envdoctor.wheelcheck.model import Fix, Problem, Severity, Status, WheelResult
from envdoctor.wheelcheck.target import GpuSide, Target, TargetGpu

TARGET = Target(
    (3, 11),
    "CPython",
    "linux_x86_64",
    None,
    False,
    64,
    executable="/usr/bin/python3",
    source="probe",
)
LONG = "torch-2.8.0+cu128-cp311-cp311-manylinux_2_28_x86_64.whl"


def test_describe_target_names_unknown_facts() -> None:
    text = describe_target(TARGET, ("glibc",))
    assert "Python 3.11 (CPython)" in text
    assert "glibc unknown" in text
    assert "not known: glibc version" in text
    assert "/usr/bin/python3" in text


def test_describe_gpu() -> None:
    side = GpuSide(
        "535.104.05", "12.2", "ok", (TargetGpu("NVIDIA GeForce RTX 3060", "8.6"),), "nvml"
    )
    assert describe_gpu(side) == (
        "driver 535.104.05 (CUDA 12.2); NVIDIA GeForce RTX 3060 (sm_86) (facts from: nvml)"
    )
    assert "no working driver (no-driver)" in describe_gpu(GpuSide(driver_state="no-driver"))


def test_report_keeps_file_names_on_one_line() -> None:
    """A file name to copy must never be wrapped, whatever the terminal width."""
    result = WheelResult(
        file="/very/long/download/folder/" + LONG.replace("cp311", "cp310"),
        status=Status.NO,
        installs=False,
        gpu_fit=None,
        problems=(
            Problem(
                "python-version", Severity.ERROR, "this wheel is for Python 3.10; you have 3.11"
            ),
        ),
        fix=Fix(
            "download this one instead: "
            + LONG
            + " (listed at https://download.pytorch.org/whl/cu128/torch/)",
            file=LONG,
        ),
    )
    out = io.StringIO()
    render_wheel_report(TARGET, GpuSide(), ("glibc",), [result], file=out)
    lines = out.getvalue().splitlines()
    assert any(line.endswith("does not fit") and "cp310" in line for line in lines)
    assert "  x this wheel is for Python 3.10; you have 3.11" in lines
    fix_line = next(line for line in lines if line.startswith("  -> "))
    assert LONG in fix_line and fix_line.endswith("/whl/cu128/torch/)")
    assert lines[-1] == "0 of 1 wheel(s) fit."
