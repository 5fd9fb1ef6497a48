"""wheel: a driver outside the GPU's driver span (both ends) lets no CUDA build fit."""

from __future__ import annotations

from envdoctor.matrix import load_matrix
from envdoctor.wheelcheck.driver_span import firm_predates, past_last_branch, predates_gpu
from envdoctor.wheelcheck.model import Severity
from envdoctor.wheelcheck.target import GpuSide, TargetGpu


def _side(driver: str, name: str, cc: str | None) -> GpuSide:
    return GpuSide(driver=driver, gpus=(TargetGpu(name=name, capability=cc),), source="options")


def test_rtx_5090_on_r560_is_an_error_naming_r570() -> None:
    m = load_matrix()
    problems = predates_gpu(m, _side("560.35.03", "RTX 5090", "12.0"), "linux")
    assert [p.code for p in problems] == ["driver-predates-gpu"]
    assert problems[0].severity is Severity.ERROR and "R570" in problems[0].message
    assert firm_predates(m, _side("560.35.03", "RTX 5090", "12.0"), "linux")


def test_capability_from_the_name_and_inferred_rows_only_warn() -> None:
    m = load_matrix()
    problems = predates_gpu(m, _side("450.80.02", "NVIDIA GeForce RTX 3090", None), "linux")
    assert [p.severity for p in problems] == [Severity.WARNING]
    assert not firm_predates(m, _side("450.80.02", "NVIDIA GeForce RTX 3090", None), "linux")


def test_unknown_architecture_and_fitting_drivers_say_nothing() -> None:
    m = load_matrix()
    assert predates_gpu(m, _side("470.256.02", "Orin", "8.7"), "linux") == []
    assert predates_gpu(m, _side("572.16", "RTX 5090", "12.0"), "windows") == []
    assert past_last_branch(m, _side("560.35.03", "RTX 5090", "12.0")) == []
