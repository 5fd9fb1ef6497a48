"""The GPU's own state: the launch timeout on a headless data-center GPU, enum listings that
are no error, and the driver losing a GPU (NVML's words and the kernel log's)."""

from __future__ import annotations

from envdoctor.explain import explain


def test_launch_timeout_on_a_headless_data_center_gpu() -> None:
    found = explain(
        "NVIDIA A100-SXM4-80GB, Ubuntu 22.04 server, no display\n"
        "RuntimeError: CUDA error: the launch timed out and was terminated"
    )
    assert [e.code for e in found] == ["gpu-watchdog-timeout"]
    assert found[0].facts["gpu"].startswith("A100")
    assert "display watchdog is unlikely" in found[0].cause
    assert "TdrDelay" not in " ".join(found[0].fix)


def test_launch_timeout_elsewhere_keeps_the_watchdog() -> None:
    found = explain("RuntimeError: CUDA error: the launch timed out and was terminated")
    assert "display watchdog" in found[0].cause and "gpu" not in found[0].facts


def test_enum_listings_are_no_errors() -> None:
    assert explain("    cudaErrorLaunchTimeout = 702,") == ()
    assert explain("    CUDA_ERROR_ECC_UNCORRECTABLE = 214,  // see cuda.h") == ()


def test_nvml_device_handle_with_any_error_text() -> None:
    power = explain(
        "Unable to determine the device handle for GPU 0000:01:00.0: Insufficient Power"
    )
    assert [e.code for e in power] == ["gpu-unreachable"]
    assert power[0].facts == {"bus_id": "0000:01:00.0", "nvml_error": "Insufficient Power"}
    assert "power cables" in power[0].cause
    unknown = explain("Unable to determine the device handle for GPU0: 0000:01:00.0: Unknown Error")
    assert unknown[0].facts == {"bus_id": "0000:01:00.0", "nvml_error": "Unknown Error"}


def test_kernel_log_fallen_off_the_bus() -> None:
    for text, bus in (
        (
            "NVRM: The NVIDIA GPU 0000:b3:00.0 (PCI ID: 10de:26b5) installed in this system has "
            "fallen off the bus and is not responding to commands.",
            "0000:b3:00.0",
        ),
        (
            "NVRM: The NVIDIA GPU 0000:b3:00.0\nNVRM: (PCI ID: 10de:26b5) installed in this "
            "system has\nNVRM: fallen off the bus and is not responding to commands.",
            "0000:b3:00.0",
        ),
        ("NVRM: Xid (PCI:0000:3b:00): 79, pid=1234, GPU has fallen off the bus.", "0000:3b:00"),
    ):
        found = explain(text)
        assert [e.code for e in found] == ["gpu-unreachable"], text
        assert found[0].facts["bus_id"] == bus


def test_nvml_permission_or_version_texts_are_not_a_gpu_off_the_bus() -> None:
    for tail in ("Insufficient Permissions", "RM has detected an NVML/RM version mismatch."):
        text = f"Unable to determine the device handle for GPU0000:3B:00.0: {tail}"
        assert all(r.code != "gpu-unreachable" for r in explain(text))
