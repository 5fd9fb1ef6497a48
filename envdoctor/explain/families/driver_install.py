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
from envdoctor.explain.driver_steps import no_driver_steps
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
        "trying to overwrite",
    ),
    title=N_("The driver's kernel module was not built for the running kernel"),
    patterns=(
        # The driver's own modules only: nvidia-fs (GPUDirect Storage) and nvidia-peermem are
        # add-ons whose failures leave the driver working.
        rx(
            r"modprobe: FATAL: Module nvidia(?:[-_](?:drm|modeset|uvm|current))? not found in "
            r"directory /lib/modules/(?P<kernel>\S{1,80})"
        ),
        # dkms prints this for any module: only NVIDIA's (its make.log path) is ours.
        rx(
            r"Bad return status for module build on kernel: (?P<kernel>\S{1,80}) \(\w{1,12}\)"
            r"\.? Consult /var/lib/dkms/nvidia(?:-current)?/"
        ),
        rx(r"dkms autoinstall on (?P<kernel>[^\s/]{1,80})/\S{1,12} failed for nvidia\b(?!-)"),
        rx(r"DKMS module 'nvidia(?:-\d[\w.]{0,16})?' failed to build"),
        # Not "dependency problems": another package failed first (see the overwrite case).
        rx(
            r"dpkg: error processing package (?P<pkg>nvidia-dkms-\d{3}\S{0,20})"
            r"(?! \(--configure\):\s*dependency problems)"
        ),
        # modprobe/insmod under Secure Boot: the module exists but its signature is not
        # enrolled ("Required key not available" on kernels before 4.x).
        rx(
            r"could not insert (?:module )?'?(?P<keymod>nvidia(?:[-_](?:drm|modeset|uvm))?)"
            r"(?:\.ko)?'?: (?:Key was rejected by service|Required key not available)"
        ),
        # Two packages of one driver from two sources (Ubuntu's and NVIDIA's repository).
        rx(
            r"trying to overwrite '(?P<file>[^']{1,200})', which is also in package "
            r"(?P<other>(?:lib)?nvidia[\w.+-]{1,80})"
        ),
    ),
    specificity=3,
)
def _advise_module(m: re.Match[str], ctx: Context) -> Advice | None:
    groups = m.groupdict()
    facts: dict[str, object] = {}
    k = ctx.known
    if k.wsl or k.container:
        # No NVIDIA kernel module of their own: Windows' driver or the host's serves them.
        cause = _(
            "This runs {where}: the NVIDIA kernel module is not built or loaded here at all; "
            "the GPU comes from {owner}. Installing a Linux driver, headers or dkms here "
            "cannot help."
        ).format(
            where=_("under WSL") if k.wsl else _("in a container"),
            owner=_("the Windows NVIDIA driver") if k.wsl else _("the host's driver"),
        )
        return Advice(
            cause,
            no_driver_steps(k),
            facts,
            title=_("No NVIDIA kernel module here: the GPU comes from outside"),
            key="elsewhere",
            used_local_facts=k.local,
        )
    if groups.get("file"):
        return _overwrite_conflict(groups["file"], groups["other"], k.local)
    if groups.get("keymod"):
        if k.driver_version and not k.local:
            return None  # the paste shows a working driver: the module did load
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
        "rebuilt. Until it is, the driver cannot load on that kernel."
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


def _overwrite_conflict(path: str, other: str, local: bool) -> Advice:
    """dpkg refusing to let one NVIDIA package overwrite another's file."""
    cause = _(
        "Two NVIDIA packages claim the same file ({path} is also in {other}): packages of "
        "the driver from two sources were mixed (Ubuntu's own and NVIDIA's CUDA repository, "
        "or two driver branches), and dpkg stops. The packages after it are left "
        "unconfigured."
    ).format(path=path, other=other)
    fix = (
        _(
            "See which repositories the NVIDIA packages come from: `apt policy {other}` and "
            "`dpkg -l | grep -i nvidia`."
        ).format(other=other),
        _(
            "Remove the driver packages of one source (`sudo apt purge '*nvidia*'` removes "
            "them all), then install the driver from one source only: `{ubuntu}` on Ubuntu."
        ).format(ubuntu=UBUNTU_RECOMMENDED_DRIVER),
    )
    return Advice(
        cause,
        fix,
        {"file": path, "package": other},
        title=_("Driver packages from two sources overwrite each other"),
        key="overwrite",
        used_local_facts=local,
    )


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
