"""OpenCL runtimes without devices and hashcat's CUDA toolkit checks
(explain.families.opencl_hashcat)."""

from __future__ import annotations

from explain.errortext import fixture_text

from envdoctor.explain import explain


def test_an_old_hashcat_is_told_that_newer_releases_skip_empty_platforms() -> None:
    (result,) = explain(fixture_text("opencl-no-device__hashcat1473"))
    assert result.facts["hashcat"] == "4.0.1"
    assert result.fix[0] == "Use a current hashcat release (6.1.0 or newer)."
    assert "pocl" in result.cause


def test_a_current_hashcat_is_not_told_to_upgrade() -> None:
    (result,) = explain(
        "hashcat (v6.2.5) starting in benchmark mode\n\nclGetDeviceIDs(): CL_DEVICE_NOT_FOUND\n"
        "\nNo devices found/left."
    )
    assert result.facts["hashcat"] == "6.2.5"
    assert not any("6.1.0" in step for step in result.fix)


def test_no_opencl_platform_at_all_names_the_vendor_runtime_and_nvidia_device_files() -> None:
    (result,) = explain(fixture_text("opencl-no-device__hashcat1207"))
    assert result.facts["no_platform"] is True
    assert "/etc/OpenCL/vendors" in result.cause
    assert "nvidia-modprobe" in result.fix[-1]


def test_the_dev_builds_toolkit_number_is_the_drivers_so_nvrtc_is_the_old_one() -> None:
    # hashcat commit 44ecc83d: NVRTC or the driver below CUDA 10.1; the number printed is
    # the driver's, so 10020 (10.2) leaves NVRTC as the outdated one (hashcat#2058).
    (result,) = explain("Outdated NVIDIA CUDA Toolkit version '10020' detected!")
    assert result.facts == {"driver_cuda": "10.2", "outdated": "nvrtc"}
    (old,) = explain("Outdated NVIDIA CUDA Toolkit version '10000' detected!")
    assert old.facts == {"driver_cuda": "10.0", "outdated": "driver"}
    assert old.fix[0] == "Upgrade the NVIDIA driver."


def test_current_releases_name_nvrtc_or_the_driver() -> None:
    (nvrtc,) = explain("Outdated NVIDIA NVRTC driver version '8000' detected!")
    assert nvrtc.facts == {"nvrtc_cuda": "8.0"}
    (driver,) = explain("Outdated NVIDIA CUDA driver version '8000' detected!")
    assert driver.facts == {"driver_cuda": "8.0"}


def test_the_missing_toolkit_warning_is_only_a_fallback() -> None:
    (result,) = explain(fixture_text("hashcat-cuda-toolkit__hashcat2722"))
    assert "hashcat still runs" in result.cause
    assert "nvrtc64_*.dll" in result.fix[0]


def test_hashcat_6_is_not_told_the_removed_opencl_platforms_option() -> None:
    # docs/changes.txt, v6.0.0: "Removed --opencl-platforms filter"; src/usage.c since has
    # -d/--backend-devices, -D/--opencl-device-types and --backend-ignore-opencl.
    (current,) = explain(
        "hashcat (v6.2.6) starting\n\nclGetDeviceIDs(): CL_DEVICE_NOT_FOUND\n\nNo devices found"
    )
    assert not any("--opencl-platforms" in step for step in current.fix)
    assert any("--backend-devices" in step and "-I" in step for step in current.fix)
    (unknown,) = explain("clGetDeviceIDs(): CL_DEVICE_NOT_FOUND")
    assert not any("--opencl-platforms" in step for step in unknown.fix)
    (old,) = explain(fixture_text("opencl-no-device__hashcat1473"))
    assert any("--opencl-platforms" in step for step in old.fix)


_HASHCAT_626_WARNING = (
    "Successfully initialized the NVIDIA main driver CUDA runtime library.\n\n"
    "Failed to initialize NVIDIA RTC library.\n\n"
    "* Device #1: CUDA SDK Toolkit not installed or incorrectly installed.\n"
    "             CUDA SDK Toolkit required for proper device support and utilization.\n"
    "             For more information, see: https://hashcat.net/faq/wrongdriver\n"
    "             Falling back to OpenCL runtime.\n"
)


def test_hashcat_6_2s_toolkit_wording_is_the_missing_nvrtc() -> None:
    # hashcat src/backend.c since v6.2.2 (commit 7bea7ca1).
    (result,) = explain(_HASHCAT_626_WARNING)
    assert result.code == "hashcat-cuda-toolkit"
    assert "hashcat still runs" in result.cause and "NVRTC" in result.fix[0]


def test_hashcat_6_2s_failed_driver_library_is_the_drivers() -> None:
    (result,) = explain(
        _HASHCAT_626_WARNING.replace(
            "Successfully initialized the NVIDIA main driver",
            "Failed to initialize the NVIDIA main driver",
        ).replace("Failed to initialize NVIDIA RTC", "Successfully initialized NVIDIA RTC")
    )
    assert result.facts == {"cuda_driver_failed": True}
    assert "nvidia-smi" in " ".join(result.fix)


def test_msvc_missing_cl_h_gets_the_cuda_toolkits_opencl_paths() -> None:
    # LightGBM#2262: a GPU build on Windows with wrong OpenCL paths given to CMake.
    with open("tests/fixtures/errors_blind108/env__opencl_lightgbm2262.txt", encoding="utf-8") as f:
        (result,) = explain(f.read())
    assert result.code == "opencl-headers-missing"
    assert "OpenCL.lib" in result.fix[0]


def test_an_optional_opencl_cmake_did_not_find_is_no_error() -> None:
    assert not explain(
        "-- Looking for CL_VERSION_1_0 - not found\n-- Could NOT find OpenCL (missing: "
        "OpenCL_LIBRARY OpenCL_INCLUDE_DIR)\n-- Found PostgreSQL"
    )
