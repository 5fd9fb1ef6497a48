from __future__ import annotations

import pytest

from envdoctor.bench.judge import dtypes_for, judge_fraction, judge_pcie, pcie_theoretical_gbs
from envdoctor.bench.result import Status


@pytest.mark.parametrize(
    ("measured", "gpu_class", "status"),
    [
        (790.0, "datacenter_hbm", Status.PASS),  # H100 bf16 at 0.80 of dense
        (550.0, "datacenter_hbm", Status.WARN),  # 0.56 < 0.65
        (300.0, "datacenter_hbm", Status.FAIL),  # 0.30 < half of 0.65
        (1400.0, "datacenter_hbm", Status.WARN),  # 1.41: implausible, table or timing off
        (1100.0, "geforce", Status.PASS),  # GeForce above 1.0 is normal (boost clocks)
        (500.0, "low_power", Status.PASS),
        (500.0, "embedded", Status.PASS),  # report only
    ],
)
def test_judge_fraction_bands(measured: float, gpu_class: str, status: Status) -> None:
    verdict = judge_fraction(measured, 989.5, gpu_class, "bf16")
    assert verdict.status is status
    assert verdict.fraction == pytest.approx(measured / 989.5)


def test_judge_fraction_without_peak_reports_only() -> None:
    v = judge_fraction(10.0, None, "geforce", "bf16")
    assert v.status is Status.PASS and v.fraction is None


def test_judge_messages_name_the_numbers() -> None:
    v = judge_fraction(550.0, 989.5, "datacenter_hbm", "bf16")
    assert "56%" in v.message and "65%" in v.message


def test_pcie() -> None:
    assert pcie_theoretical_gbs(4, 16) == pytest.approx(31.5, rel=1e-3)
    assert pcie_theoretical_gbs(None, 16) is None
    assert judge_pcie(25.0, 31.5).status is Status.PASS
    assert judge_pcie(0.74, 15.76).status is Status.WARN  # the x1 riser symptom
    assert judge_pcie(5.0, None).status is Status.PASS


def test_dtypes_for_arch() -> None:
    assert dtypes_for(None) == (("fp32", ""),)
    hopper = dict(dtypes_for((9, 0)))
    assert all(reason == "" for reason in hopper.values())
    turing = dict(dtypes_for((7, 5)))
    assert turing["fp16"] == ""
    assert "emulated" in turing["bf16"]
    assert turing["tf32"]
    pascal = dict(dtypes_for((6, 1)))
    assert "tensor cores" in pascal["fp16"]
