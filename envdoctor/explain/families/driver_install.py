"""Installing the Linux driver itself: its kernel module not built for the running kernel
(DKMS, headers, a kernel newer than the driver branch), the .run installer's prerequisites
(nouveau, a loaded module, the kernel source tree), a GPU the branch does not drive, and
Secure Boot refusing the unsigned module."""

from __future__ import annotations

import re

from envdoctor.compat.commands import (
    BLACKLIST_NOUVEAU,
    KERNEL_HEADERS,
    UBUNTU_RECOMMENDED_DRIVER,
)
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx
from envdoctor.i18n import N_, _

FAMILY = Family("driver_install")


@FAMILY.entry(
    code="driver-module-not-built",
    finding_code="driver-not-loaded",
    keywords=(
        "module nvidia not found in directory",
        "bad return status for module build",
        "failed for nvidia",
        "dkms module 'nvidia",
        "error processing package nvidia-dkms",
        "key was rejected by service",
        "required key not available",
    ),
    title=N_("The driver's kernel module was not built for the running kernel"),
    patterns=(
        rx(
            r"modprobe: FATAL: Module nvidia\S{0,12} not found in directory /lib/modules/(?P<kernel>\S{1,80})"
        ),
        # dkms prints this for any module: only NVIDIA's (its make.log path) is ours.
        rx(
            r"Bad return status for module build on kernel: (?P<kernel>\S{1,80}) \(\w{1,12}\)"
            r"\.? Consult /var/lib/dkms/nvidia"
        ),
        rx(r"dkms autoinstall on (?P<kernel>[^\s/]{1,80})/\S{1,12} failed for nvidia\b"),
        rx(r"DKMS module 'nvidia[\w.-]{0,20}' failed to build"),
        rx(r"dpkg: error processing package (?P<pkg>nvidia-dkms-\d{3}\S{0,20})"),
        # modprobe under Secure Boot: the module exists but its signature is not enrolled.
        rx(
            r"modprobe: ERROR: could not insert 'nvidia\w{0,10}': Key was rejected by service(?P<key>)"
        ),
        rx(r"(?<!')Key was rejected by service(?P<bare_key>)"),
        # Kernels before 4.x said it this way.
        rx(r"could not insert 'nvidia\w{0,10}': Required key not available(?P<old_key>)"),
    ),
    specificity=3,
)
def _advise_module(m: re.Match[str], ctx: Context) -> Advice | None:
    groups = m.groupdict()
    facts: dict[str, object] = {}
    if any(groups.get(name) is not None for name in ("key", "bare_key", "old_key")):
        if groups.get("bare_key") is not None and not ctx.has("nvidia"):
            return None  # another module's signature
        cause = _(
            "Secure Boot is on and the NVIDIA kernel module is not signed with a key the "
            "firmware trusts, so the kernel refuses to load it: the driver is installed but "
            "never runs."
        )
        fix: tuple[str, ...] = (
            _(
                "Enrol the module's signing key: distribution packages create one during "
                "install (`sudo mokutil --import /var/lib/shim-signed/mok/MOK.der` on "
                "Ubuntu, then reboot and confirm it in the blue MOK manager), or turn Secure "
                "Boot off in the firmware settings."
            ),
            _("Check: `mokutil --sb-state`, then `sudo modprobe nvidia` and `nvidia-smi`."),
        )
        return Advice(
            cause,
            fix,
            facts,
            title=_("Secure Boot refuses the NVIDIA kernel module"),
            key="secureboot",
            used_local_facts=ctx.known.local,
        )
    if groups.get("kernel"):
        facts["kernel"] = groups["kernel"]
    if groups.get("pkg"):
        facts["package"] = groups["pkg"]
    cause = _(
        "The NVIDIA kernel module was not built for the running kernel{kernel}: DKMS failed "
        "to compile it (the kernel headers are missing, or the kernel is newer than this "
        "driver branch supports), or the kernel was updated and the module was never "
        "rebuilt. Until it is, nvidia-smi and CUDA find no driver."
    ).format(kernel=f" ({groups['kernel']})" if groups.get("kernel") else "")
    fix = (
        _(
            "Install the headers of the running kernel: `{headers}` (Fedora/RHEL: kernel-devel)."
        ).format(headers=KERNEL_HEADERS),
        _(
            "Rebuild the module: `sudo dkms autoinstall` (or reinstall the driver package), "
            "then reboot and run `nvidia-smi`."
        ),
        _(
            "If the build still fails, read /var/lib/dkms/nvidia/*/build/make.log: a kernel "
            "too new for the branch needs a newer driver (`{ubuntu}` on Ubuntu picks one), or "
            "boot the previous kernel."
        ).format(ubuntu=UBUNTU_RECOMMENDED_DRIVER),
    )
    return Advice(cause, fix, facts, key="module", used_local_facts=ctx.known.local)


@FAMILY.entry(
    code="driver-installer-blocked",
    finding_code="no-driver",
    keywords=(
        "nouveau kernel driver is currently in use",
        "appears to already be loaded",
        "unable to find the kernel source tree",
        "unable to load the kernel module 'nvidia",
        "do not appear to have an nvidia gpu supported by",
    ),
    title=N_("NVIDIA's .run installer could not install the driver"),
    patterns=(
        rx(r"The Nouveau kernel driver is currently in use by your system(?P<nouveau>)"),
        rx(r"An NVIDIA kernel module '(?P<loaded>[\w-]{1,20})' appears to already be loaded"),
        rx(r"Unable to find the kernel source tree for the currently running kernel(?P<source>)"),
        # It built the module but the kernel would not load it.
        rx(r"ERROR: Unable to load the kernel module '(?P<unloadable>nvidia[\w-]{0,12})\.ko'"),
        rx(
            r"You do not appear to have an NVIDIA GPU supported by the (?P<version>\d{3}"
            r"(?:\.\d{1,3}){0,2})\b"
        ),
    ),
    specificity=3,
)
def _advise_installer(m: re.Match[str], ctx: Context) -> Advice:
    groups = m.groupdict()
    facts: dict[str, object] = {}
    distro = _(
        "Or install the distribution's driver packages instead of the .run file (`{ubuntu}` "
        "on Ubuntu): they handle nouveau, headers and rebuilds themselves."
    ).format(ubuntu=UBUNTU_RECOMMENDED_DRIVER)
    if groups.get("nouveau") is not None:
        key = "nouveau"
        cause = _(
            "The open-source nouveau driver holds the GPU, and the NVIDIA driver cannot be "
            "installed next to it."
        )
        fix: tuple[str, ...] = (
            _(
                "Blacklist nouveau: `{blacklist}` (Fedora: write the same two lines, then "
                "`sudo dracut --force`), reboot, and run the installer again."
            ).format(blacklist=BLACKLIST_NOUVEAU),
            distro,
        )
    elif groups.get("loaded"):
        key = "loaded"
        facts["module"] = groups["loaded"]
        cause = _(
            "An NVIDIA kernel module ({module}) is loaded and in use (the desktop's X or "
            "Wayland session, a CUDA program, the persistence daemon), so the installer cannot "
            "replace it."
        ).format(module=groups["loaded"])
        fix = (
            _(
                "Stop what uses it: `sudo systemctl isolate multi-user.target` (leaves the "
                "desktop), stop nvidia-persistenced, then run the installer from the console."
            ),
            distro,
        )
    elif groups.get("source") is not None:
        key = "headers"
        cause = _(
            "The installer must compile the kernel module and found no kernel headers for the "
            "running kernel."
        )
        fix = (
            _(
                "Install them: `{headers}` (Fedora/RHEL: `sudo dnf install "
                "kernel-devel-$(uname -r)`), then run the installer again."
            ).format(headers=KERNEL_HEADERS),
            distro,
        )
    elif groups.get("unloadable"):
        key = "load"
        facts["module"] = groups["unloadable"]
        cause = _(
            "The installer built the kernel module but the kernel refused to load it: Secure "
            "Boot rejects an unsigned module, nouveau still holds the GPU, the module was "
            "built against other kernel sources or another gcc, or no GPU in the machine is "
            "supported by this driver release."
        )
        fix = (
            _(
                "Read the reason: the 'Kernel messages' at the end of "
                "/var/log/nvidia-installer.log, or `sudo dmesg | grep -i -E 'nvidia|nouveau'`."
            ),
            _(
                "Secure Boot (`mokutil --sb-state` says enabled): sign the module (the "
                "installer's --module-signing-secret-key/--module-signing-public-key options) "
                "and enrol the key, or turn Secure Boot off."
            ),
            _("nouveau: `{blacklist}`, reboot, run the installer again.").format(
                blacklist=BLACKLIST_NOUVEAU
            ),
            distro,
        )
    else:
        key = "unsupported-gpu"
        facts["driver_version"] = groups["version"]
        cause = _(
            "The {version} driver does not drive any GPU in this machine: the GPU is older "
            "than the branch supports (Kepler and older need a legacy branch such as R470) or "
            "newer than it, or the machine has no NVIDIA GPU at all."
        ).format(version=groups["version"])
        fix = (
            _("Check the GPU: `lspci | grep -i nvidia`."),
            _(
                "Install the branch for this GPU (NVIDIA's download page by GPU name; "
                "`{ubuntu}` on Ubuntu picks it)."
            ).format(ubuntu=UBUNTU_RECOMMENDED_DRIVER),
        )
    return Advice(cause, fix, facts, key=key, used_local_facts=ctx.known.local)


__all__ = ["FAMILY"]
