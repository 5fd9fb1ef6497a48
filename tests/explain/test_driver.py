"""The driver older than the CUDA a program needs (families/driver.py)."""

from __future__ import annotations

from envdoctor.explain import explain


def test_a_programs_own_number_for_the_drivers_cuda() -> None:
    # errors_blind118 (ethminer#1138): cuDriverGetVersion's 9010 is CUDA 9.1.
    (result,) = explain("  m  21:17:41|ethminer|  Error: Insufficient CUDA driver: 9010")
    assert result.code == "cuda-driver-insufficient"
    assert result.facts["driver_cuda"] == "9.1"
