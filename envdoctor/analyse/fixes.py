"""Exact fix texts that depend on the platform (driver installs, reboots, groups)."""

from __future__ import annotations

from envdoctor.i18n import _
from envdoctor.snapshot import Snapshot


def _distro(snapshot: Snapshot) -> str:
    return (snapshot.system.os_release or "").lower()


def driver_install(snapshot: Snapshot, branch: int | None) -> str:
    """How to install an NVIDIA driver on this system (branch None = the recommended one)."""
    if snapshot.system.wsl:
        return _(
            "Install the NVIDIA driver on Windows (not inside WSL): https://www.nvidia.com/Download/index.aspx "
            "- WSL 2 uses the Windows driver; do not install a Linux driver in the distro"
        )
    if (snapshot.system.os or "").lower().startswith("win"):
        return _(
            "Install the current NVIDIA driver: https://www.nvidia.com/Download/index.aspx (or NVIDIA App)"
        )
    if snapshot.system.container:
        return _(
            "Inside a container the driver comes from the host: install it on the host, then start the "
            "container with the NVIDIA Container Toolkit (`docker run --gpus all ...`)"
        )
    distro = _distro(snapshot)
    pkg_branch = str(branch) if branch else None
    if "ubuntu" in distro:
        if pkg_branch:
            return f"sudo apt install nvidia-driver-{pkg_branch}  # " + _("then reboot")
        return "sudo ubuntu-drivers install  # " + _("then reboot")
    if "debian" in distro:
        return "sudo apt install nvidia-driver firmware-misc-nonfree  # " + _(
            "from the non-free repository; then reboot"
        )
    if any(d in distro for d in ("fedora", "red hat", "rhel", "rocky", "alma", "centos")):
        return "sudo dnf install nvidia-driver  # " + _(
            "from NVIDIA's CUDA repository or RPM Fusion; then reboot"
        )
    if "arch" in distro or "manjaro" in distro:
        return "sudo pacman -S nvidia-open  # " + _("then reboot")
    return _(
        "Install the NVIDIA driver {branch}from https://www.nvidia.com/Download/index.aspx, then reboot"
    ).format(branch=(_("branch {b} or newer ").format(b=pkg_branch) if pkg_branch else ""))


def recommended_branch(capabilities: tuple[str | None, ...]) -> int | None:
    """Old GPUs stop at a legacy branch: Kepler on R470, Maxwell to Volta on R580."""
    ccs = [c for c in capabilities if c]
    if not ccs:
        return None
    lowest = min(tuple(int(x) for x in c.split(".")) for c in ccs)
    if lowest < (5, 0):
        return 470
    if lowest < (7, 5):
        return 580
    return None


__all__ = ["driver_install", "recommended_branch"]
