"""Findings a signature proves by itself: PyTorch's arch rule, not the warning's presence."""

from __future__ import annotations

from envdoctor.analyse.evidence_signals import arch_finding
from envdoctor.analyse.findings import Status
from envdoctor.evidence import Quote, Signal
from envdoctor.matrix import load_matrix

Q = Quote("log", 1, "warning")


def judge(build_cuda: str | None = None, **facts: str) -> tuple[str, Status]:
    f = arch_finding(Signal("gpu-arch-warning", (Q,), facts), load_matrix(), build_cuda)
    return f.code, f.status


def test_same_major_lower_minor_runs() -> None:
    assert judge(gpu="RTX 3060", capability="8.6", arch_list="sm_80 sm_90") == (
        "gpu-ok",
        Status.INFO,
    )


def test_no_kernel_of_that_major_fails() -> None:
    assert judge(gpu="RTX 5090", capability="12.0", arch_list="sm_50 sm_80 sm_90") == (
        "gpu-arch-unsupported",
        Status.FAIL,
    )


def test_only_ptx_is_a_caveat() -> None:
    assert judge(gpu="RTX 5090", capability="12.0", arch_list="sm_80 compute_90") == (
        "gpu-arch-ptx-jit",
        Status.WARN,
    )


def test_ptx_from_a_build_older_than_the_gpu_fails() -> None:
    # Blackwell needs CUDA 12.8: compute_90 PTX of a CUDA 12.4 build is no route to sm_120.
    assert judge("12.4", gpu="RTX 5090", capability="12.0", arch_list="sm_80 compute_90") == (
        "gpu-arch-unsupported",
        Status.FAIL,
    )
    assert judge("12.8", gpu="RTX 5090", capability="12.0", arch_list="sm_80 compute_90") == (
        "gpu-arch-ptx-jit",
        Status.WARN,
    )


def test_min_max_warning() -> None:
    assert judge(capability="12.1", min_capability="8.0", max_capability="12.0")[1] is Status.INFO
    assert judge(capability="3.5", min_capability="3.7")[1] is Status.FAIL
    assert judge(capability="6.1", min_capability="7.0", max_capability="12.0")[1] is Status.FAIL


def test_unreadable_capability_is_not_a_verdict() -> None:
    assert judge(capability="x.y", min_capability="7.0") == ("gpu-arch-unknown", Status.WARN)
