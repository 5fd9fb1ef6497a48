"""The driver older than the CUDA a program needs (families/driver.py)."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain import explain

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_a_programs_own_number_for_the_drivers_cuda() -> None:
    # errors_blind118 (ethminer#1138): cuDriverGetVersion's 9010 is CUDA 9.1.
    (result,) = explain("  m  21:17:41|ethminer|  Error: Insufficient CUDA driver: 9010")
    assert result.code == "cuda-driver-insufficient"
    assert result.facts["driver_cuda"] == "9.1"


def test_warps_own_check_names_both_cuda_versions() -> None:
    # errors_blind132 (NVIDIA Warp's installation guide quoting warp/_src/context.py).
    text = (FIXTURES / "errors_blind132/env__driver_warp1.txt").read_text(encoding="utf-8")
    (result,) = explain(text)
    assert result.code == "cuda-driver-insufficient"
    assert result.facts["required_cuda"] == "12.0"
    assert result.facts["driver_cuda"] == "11.8"
    assert "R525" in " ".join(result.fix)


def test_warps_greeting_line_reads_the_toolkits_major() -> None:
    # warp/_src/context.py's greeting; prebuilt packages need the major's X.0.
    (result,) = explain(
        "Warp 1.16.0 initialized:\n   CUDA Toolkit 12.9, Driver 11.8 (insufficient CUDA "
        "driver version!)"
    )
    assert result.code == "cuda-driver-insufficient"
    assert result.facts["required_cuda"] == "12.0"


def test_isaac_gyms_driver_numbers_are_decoded() -> None:
    (result,) = explain("warning : CUDA driver version is 11020, expected at least 11040.")
    assert result.code == "cuda-driver-insufficient"
    assert result.facts["driver_cuda"] == "11.2"
    assert result.facts["needed_cuda"] == "11.4"


def test_omniverses_driver_minimum_is_a_driver_version_not_a_cuda_one() -> None:
    text = (
        "[Error] [gpu.foundation.plugin] The currently installed NVIDIA graphics driver is "
        "unsupported or has known issues. Reason for failure: The minimum Omniverse RTX "
        "requirement on Linux Installed driver: 550.54 The unsupported driver range: "
        "[0.0, 550.127)"
    )
    (result,) = explain(text)
    assert result.facts["driver_version"] == "550.54"
    assert result.facts["minimum_driver"] == "550.127"
