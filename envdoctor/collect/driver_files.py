"""What the kernel says about the NVIDIA driver, read from /proc and /sys (Linux only).

These files answer instantly without initialising NVML, and they tell the kernel module's
version, which is what a "Driver/library version mismatch" compares against.
"""

from __future__ import annotations

import re
from pathlib import Path

from envdoctor.values import DriverVersion

_PROC_VERSION = re.compile(r"Kernel Module(?: for [^ ]+)?\s+(\d+\.\d+(?:\.\d+)?)")
_NVIDIA_VENDOR = "0x10de"
# PCI class 0x03xxxx = display controller (VGA 0x0300, 3D 0x0302).
_DISPLAY_CLASS = "0x03"


def plausible_driver_version(text: str | None) -> str | None:
    """`text` when it reads as an NVIDIA driver version (535.104.05), else None.

    What the machine says about its driver is taken only when it is a version: a damaged
    sysfs file, an nvidia-smi wrapper printing a banner, a NUL byte must become "unknown",
    never a version that later compares as if it were real. A machine always reports the
    full version, so a bare branch ('535', which --driver accepts) is not one here.
    """
    found = DriverVersion.parse(text.strip()) if text is not None else None
    return found.text if found is not None and len(found.parts) > 1 else None


def kernel_module_version(root: Path = Path("/")) -> str | None:
    """The loaded nvidia.ko version, or None when no module is loaded (or not Linux)."""
    sys_version = root / "sys/module/nvidia/version"
    try:
        text = sys_version.read_text(encoding="utf-8", errors="replace")
        found = plausible_driver_version(text)
        if found:
            return found
    except OSError:
        pass
    # Missing or unreadable (garbage) sysfs file: /proc says it inside a sentence.
    try:
        proc = (root / "proc/driver/nvidia/version").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    m = _PROC_VERSION.search(proc)
    return plausible_driver_version(m.group(1)) if m else None


def count_nvidia_pci_devices(root: Path = Path("/")) -> int | None:
    """NVIDIA display/3D controllers on the PCI bus; None when sysfs cannot be read."""
    base = root / "sys/bus/pci/devices"
    try:
        devices = list(base.iterdir())
    except OSError:
        return None
    count = 0
    for dev in devices:
        try:
            vendor = (dev / "vendor").read_text(encoding="ascii").strip().lower()
            klass = (dev / "class").read_text(encoding="ascii").strip().lower()
        except OSError:
            continue
        if vendor == _NVIDIA_VENDOR and klass.startswith(_DISPLAY_CLASS):
            count += 1
    return count


__all__ = ["count_nvidia_pci_devices", "kernel_module_version", "plausible_driver_version"]
