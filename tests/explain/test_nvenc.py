"""FFmpeg's NVENC messages (libavcodec/nvenc.c, nv-codec-headers' loader), tailored by facts."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain import explain
from envdoctor.matrix.load import load_matrix
from envdoctor.snapshot import DriverFacts, Snapshot, SystemFacts

API = (
    "[h264_nvenc @ 0x55d0c0a1b2c0] Driver does not support the required nvenc API version. "
    "Required: 13.0 Found: 12.2\n"
    "[h264_nvenc @ 0x55d0c0a1b2c0] The minimum required Nvidia driver for nvenc is 570.0 "
    "or newer\n"
)


def test_floor_comes_from_the_matrix_row_of_the_required_api() -> None:
    row = next(r for r in load_matrix().nvenc_api if r.api == "12.1")
    (found,) = explain(
        "[hevc_nvenc @ 0x5581] Driver does not support the required nvenc API version. "
        "Required: 12.1 Found: 11.1"
    )
    assert found.code == "nvenc-driver-too-old"
    assert found.facts["min_driver"] == row.min_driver.linux == "530.41.03"
    assert found.facts["os"] == "linux"
    assert "530.41.03" in found.fix[0] and "nvidia-driver-530" in found.fix[0]
    # Keeping the driver: headers of the driver's own API (11.1), named by branch.
    assert "sdk/11.1" in found.fix[1]


def test_windows_pointer_names_the_windows_floor() -> None:
    (found,) = explain(
        "[h264_nvenc @ 000002faa5950d40] Driver does not support the required nvenc API "
        "version. Required: 12.1 Found: 12.0"
    )
    assert found.facts["os"] == "windows"
    assert found.facts["min_driver"] == "531.61"
    assert "531.61" in found.fix[0] and "apt" not in found.fix[0]


def test_sdk10_floors_follow_nvidia_not_the_swapped_readme() -> None:
    (found,) = explain(
        "Driver does not support the required nvenc API version. Required: 10.0 Found: 9.1"
    )
    assert found.facts["min_driver_linux"] == "450.51"
    assert found.facts["min_driver_windows"] == "445.87"


def test_pyav_prefix_and_unknown_os_name_both_floors() -> None:
    (found,) = explain(
        "ERROR:libav.h264_nvenc:Driver does not support the required nvenc API version. "
        "Required: 12.2 Found: 12.1"
    )
    assert "os" not in found.facts
    assert "550.54.14" in found.fix[0] and "551.76" in found.fix[0]


def test_the_reports_driver_is_named_and_a_container_upgrades_the_host() -> None:
    text = "NVIDIA-SMI 565.57.01   Driver Version: 565.57.01   CUDA Version: 12.7\n" + API
    (found,) = explain(text)
    assert found.facts["driver_version"] == "565.57.01"
    assert "565.57.01" in found.cause
    (boxed,) = explain("docker run --gpus all my/transcoder\n" + API)
    assert "host" in boxed.fix[0] and "570.0" in boxed.fix[0]


def test_a_snapshot_on_windows_chooses_the_windows_floor() -> None:
    snap = Snapshot(
        system=SystemFacts(os="Windows"), driver=DriverFacts(version="551.23", cuda_version="12.4")
    )
    (found,) = explain(
        "Driver does not support the required nvenc API version. Required: 12.2 Found: 12.1",
        snapshot=snap,
    )
    assert found.facts["min_driver"] == "551.76"
    assert found.used_local_facts


def test_api_past_the_table_says_unknown_and_uses_the_printed_floor() -> None:
    (found,) = explain(
        "Driver does not support the required nvenc API version. Required: 99.0 Found: 13.0\n"
        "The minimum required Nvidia driver for nvenc is 999.12 or newer"
    )
    assert found.facts["min_driver"] == "999.12"
    assert "99.0" in found.cause


def test_library_missing_by_place() -> None:
    (linux,) = explain("[h264_nvenc @ 0x5566] Cannot load libnvidia-encode.so.1")
    assert linux.code == "nvenc-library-missing"
    assert "libnvidia-encode1" in linux.fix[1]
    assert "NVIDIA_DRIVER_CAPABILITIES" in linux.fix[2]
    (docker,) = explain(
        "docker compose up\n[h264_nvenc @ 0x5566] Cannot load libnvidia-encode.so.1\n"
        "[h264_nvenc @ 0x5566] The minimum required Nvidia driver for nvenc is 435.21 or newer"
    )
    assert "video" in docker.cause and "NVIDIA_DRIVER_CAPABILITIES" in docker.fix[0]
    (windows,) = explain("Cannot load nvEncodeAPI64.dll")
    assert "System32" in windows.cause


def test_session_limit_is_a_runtime_condition_without_install_advice() -> None:
    (found,) = explain(
        "[h264_nvenc @ 0x5601aa5b40c0] OpenEncodeSessionEx failed: out of memory (10)\n"
        "[h264_nvenc @ 0x5601aa5b40c0] No NVENC capable devices found"
    )
    assert found.code == "nvenc-session-limit"
    assert found.kind == "runtime"
    assert not any("driver" in step.lower() and "upgrade" in step.lower() for step in found.fix)


def test_healthy_logs_and_user_errors_never_match() -> None:
    healthy = (
        "[h264_nvenc @ 0x55d0] Loaded Nvenc version 13.0\n"
        "[h264_nvenc @ 0x55d0] Nvenc initialized successfully\n"
        "[h264_nvenc @ 0x55d0] 1 CUDA capable devices found\n"
        "[h264_nvenc @ 0x55d0] [ GPU #0 - < NVIDIA GeForce RTX 4090 > has Compute SM 8.9 ]\n"
        "[h264_nvenc @ 0x55d0] supports NVENC\n"
        "Stream #0:0 -> #0:0 (h264 (native) -> h264 (h264_nvenc))\n"
        "frame= 1500 fps=480 q=23.0 Lsize=   10240kB time=00:01:00.00 bitrate=1398.1kbits/s\n"
    )
    assert explain(healthy) == ()
    user = (
        "[h264_nvenc @ 0x55d0] Width 9000 exceeds 8192\n"
        "[h264_nvenc @ 0x55d0] No capable devices found\n"
        "Error while opening encoder - maybe incorrect parameters such as bit_rate, rate, "
        "width or height\n"
        "OpenEncodeSessionEx failed: unsupported device (2): (no details)\n"
        "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB"
    )
    assert not any(e.code.startswith("nvenc-") for e in explain(user))


def test_the_minimum_ffmpeg_printed_is_checked_against_the_table() -> None:
    # errors_blind82 (go-livepeer#1106): FFmpeg printed 418.30 for NVENC API 9.1, whose
    # first driver is 435.21 on Linux.
    folder = Path(__file__).parents[1] / "fixtures/errors_blind82"
    (result, *_rest) = explain((folder / "env__nvenc_livepeer1106.txt").read_text())
    assert result.code == "nvenc-driver-too-old"
    assert result.facts["required_nvenc_api"] == "9.1"
    assert result.facts["printed_min_driver"] == "418.30"
    assert result.facts["min_driver"] == "435.21"


def test_a_programs_summary_of_ffmpegs_nvenc_check_is_read_too() -> None:
    # errors_blind82 (netv#42): the application's own report of FFmpeg's refusal.
    (result,) = explain(
        "NVENC (h264_nvenc): unavailable\nRequired: NVENC API 13.0\nFound: 12.2\n"
        "Minimum required Nvidia driver is 570.0 or newer"
    )
    assert result.code == "nvenc-driver-too-old"
    assert result.facts["required_nvenc_api"] == "13.0"
    assert result.facts["driver_nvenc_api"] == "12.2"


_WSL2_KERNEL = "Linux DESKTOP-1 5.15.167.4-microsoft-standard-WSL2 #1 SMP x86_64 GNU/Linux\n"


def test_wsl2_takes_the_encoder_library_from_the_windows_driver() -> None:
    # Under WSL 2 the driver's Linux libraries come from Windows (/usr/lib/wsl/lib; NVIDIA's
    # CUDA on WSL User Guide): no apt package, a Windows driver update.
    (found,) = explain(
        _WSL2_KERNEL + "[h264_nvenc @ 0x55d0c0a1b2c0] Cannot load libnvidia-encode.so.1\n"
        "[h264_nvenc @ 0x55d0c0a1b2c0] The minimum required Nvidia driver for nvenc is 570.0 "
        "or newer\n"
    )
    assert found.code == "nvenc-library-missing" and found.facts["wsl"] == 2
    assert "/usr/lib/wsl/lib" in found.cause and "Windows" in found.fix[0]
    assert not any("apt" in step or "libnvidia-encode-" in step for step in found.fix)


def test_wsl2_api_floor_also_names_the_windows_driver() -> None:
    (found,) = explain(_WSL2_KERNEL + API)
    assert found.code == "nvenc-driver-too-old" and found.facts["os"] == "windows"
    assert "never inside the distro" in found.fix[0] and "apt" not in found.fix[0]
    assert found.facts["min_driver"] == found.facts["min_driver_windows"]


def test_wsl2_in_a_container_still_names_the_windows_driver() -> None:
    (found,) = explain(_WSL2_KERNEL + "docker run --gpus all ...\n" + API)
    assert "never inside the distro" in found.fix[0]
