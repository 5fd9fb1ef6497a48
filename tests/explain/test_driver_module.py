"""The driver's kernel module against its user-space libraries (explain.families.driver_module)."""

from __future__ import annotations

from pathlib import Path

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


def test_a_dso_of_a_cuda_toolkits_driver_is_the_forward_compatibility_package_first() -> None:
    # jax-ml/jax#15961 (blind round 144): module 470.182.03, libcuda 520.61.05 (CUDA 11.8's
    # driver, the number cuda-compat-11-8 carries).
    text = (
        Path(__file__).parents[1] / "fixtures/errors_blind144/env__driver_jax15961.txt"
    ).read_text(encoding="utf-8")
    first = explain(text)[0]
    assert first.code == "cuda-forward-compat-unsupported"
    assert first.facts["forward_compat_cuda"] == "11.8"
    assert "forward-compatibility package" in first.cause and "data-center GPUs" in first.cause
    assert "ldconfig -p | grep libcuda" in first.fix[0]
    assert "upgrade the driver to 520.61.5 or newer" in first.fix[1]
    assert first.fix[2].startswith("If you upgraded the driver to 520.61.5 yourself, reboot")


def test_tensorflows_own_dso_line_with_cuda_12_1s_driver() -> None:
    # TensorFlow's cuda_diagnostics wording, libcuda of CUDA 12.1's driver (530.30.02).
    text = (
        "E tensorflow/compiler/xla/stream_executor/cuda/cuda_diagnostics.cc:313] kernel version "
        "515.65.1 does not match DSO version 530.30.2 -- cannot find working devices in this "
        "configuration\n"
    )
    first = explain(text)[0]
    assert first.code == "cuda-forward-compat-unsupported"
    assert first.facts["forward_compat_cuda"] == "12.1"


def test_a_dso_of_no_toolkits_driver_keeps_the_reboot_first_and_names_another_copy() -> None:
    results = explain(fixture_text("nvml-driver-library-mismatch__tf4768"))
    assert results[0].fix[0].startswith("Reboot")
    assert "forward-compatibility package" in results[0].fix[-1]
