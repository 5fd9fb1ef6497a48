"""The driver's kernel module against its user-space libraries (explain.families.driver_module)."""

from __future__ import annotations

from explain.errortext import fixture_text

from envdoctor.explain import explain


def test_tensorflows_dso_diagnosis_with_newer_libraries_is_the_usual_missed_reboot() -> None:
    # tensorflow#4768: module 352.63 loaded, libcuda 361.93 installed: upgraded, not rebooted.
    results = explain(fixture_text("nvml-driver-library-mismatch__tf4768"))
    assert results[0].code == "nvml-driver-library-mismatch"  # before cuInit's own failure
    assert results[0].fix[0].startswith("Reboot")


def test_libraries_older_than_the_loaded_module_are_not_sent_to_reboot() -> None:
    # tensorflow#22525: module 384.130, libcuda 375.66: an older driver's libraries come
    # first; rebooting loads the same 384 module again.
    results = explain(fixture_text("nvml-driver-library-mismatch__tf22525"))
    assert results[0].code == "nvml-driver-library-mismatch"
    assert "newer than the user-space driver libraries (375.66.0)" in results[0].cause
    assert not any(step.startswith("Reboot") for step in results[0].fix)
    assert "ldconfig -p" in results[0].fix[0]


def test_a_matching_dso_line_is_no_finding() -> None:
    assert explain("kernel version seems to match DSO: 340.101.0") == ()


def test_nvml_library_version_is_read_alone_only_as_the_pastes_first_words() -> None:
    (result,) = explain("NVML library version: 570.86")
    assert result.code == "nvml-driver-library-mismatch"
    assert not explain("INFO 2024 starting exporter\nNVML library version: 550.54.15")


def test_nvidia_smi_without_nvml_comes_before_the_module_answer() -> None:
    # microsoft/WSL#11888: NVML libraries broken inside WSL.
    with open("tests/fixtures/errors_blind108/env__smi_wsl11888.txt", encoding="utf-8") as f:
        found = explain(f.read())
    assert found[0].code == "nvidia-smi-nvml-missing"
    assert any("/usr/lib/wsl/lib" in step for step in found[0].fix)


def test_nvidia_smi_without_nvml_under_wsl_gets_the_wsl_steps_only() -> None:
    (result,) = explain(
        "$ /usr/lib/wsl/lib/nvidia-smi\nNVIDIA-SMI couldn't find libnvidia-ml.so library in "
        "your system."
    )
    assert result.facts["wsl"] == 2
    assert len(result.fix) == 1
