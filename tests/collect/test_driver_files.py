from __future__ import annotations

from pathlib import Path

from envdoctor.collect.driver_files import count_nvidia_pci_devices, kernel_module_version

PROC = (
    "NVRM version: NVIDIA UNIX x86_64 Kernel Module  535.104.05  Sat Aug 19 01:15:15 UTC 2023\n"
    "GCC version:  gcc version 12.3.0 (Ubuntu 12.3.0-1ubuntu1~22.04)\n"
)
PROC_OPEN = "NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  580.95.05  Release Build  (dvs-builder@U16-I3-A03-2-3)\n"


def test_version_from_proc(tmp_path: Path) -> None:
    (tmp_path / "proc/driver/nvidia").mkdir(parents=True)
    (tmp_path / "proc/driver/nvidia/version").write_text(PROC)
    assert kernel_module_version(tmp_path) == "535.104.05"


def test_version_from_open_module(tmp_path: Path) -> None:
    (tmp_path / "proc/driver/nvidia").mkdir(parents=True)
    (tmp_path / "proc/driver/nvidia/version").write_text(PROC_OPEN)
    assert kernel_module_version(tmp_path) == "580.95.05"


def test_sys_module_wins(tmp_path: Path) -> None:
    (tmp_path / "sys/module/nvidia").mkdir(parents=True)
    (tmp_path / "sys/module/nvidia/version").write_text("575.57.08\n")
    assert kernel_module_version(tmp_path) == "575.57.08"


def test_no_module(tmp_path: Path) -> None:
    assert kernel_module_version(tmp_path) is None


def _dev(root: Path, name: str, vendor: str, klass: str) -> None:
    d = root / "sys/bus/pci/devices" / name
    d.mkdir(parents=True)
    (d / "vendor").write_text(vendor + "\n")
    (d / "class").write_text(klass + "\n")


def test_counts_nvidia_display_controllers_only(tmp_path: Path) -> None:
    _dev(tmp_path, "0000:01:00.0", "0x10de", "0x030000")  # VGA
    _dev(tmp_path, "0000:01:00.1", "0x10de", "0x040300")  # its HDMI audio function
    _dev(tmp_path, "0000:3b:00.0", "0x10de", "0x030200")  # 3D controller (datacenter GPU)
    _dev(tmp_path, "0000:00:02.0", "0x8086", "0x030000")  # Intel iGPU
    assert count_nvidia_pci_devices(tmp_path) == 2


def test_unreadable_sysfs_is_unknown(tmp_path: Path) -> None:
    assert count_nvidia_pci_devices(tmp_path) is None
