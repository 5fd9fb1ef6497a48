"""The exact commands envdoctor advises: pip/uv/conda installs of a torch build, driver installs."""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from packaging.version import Version

from envdoctor.compat.advice import Choice
from envdoctor.compat.companions import PACKAGES, Companions, companions
from envdoctor.compat.versions import PythonVersion, parse_version
from envdoctor.i18n import N_, _
from envdoctor.matrix.model import Matrix
from envdoctor.snapshot import Snapshot

TORCH_INDEX = "https://download.pytorch.org/whl"


class IndexSource(Protocol):
    """Where pip fetches one build from on a mirror: its pip arguments and a note for the user."""

    @property
    def pip_args(self) -> tuple[str, ...]: ...

    @property
    def note(self) -> str | None: ...


@dataclass(frozen=True)
class MirrorIndex:
    """A mirror the caller resolved from the mirror catalog (the core reads no catalog).

    `lookup(variant)` gives the pip arguments for a build variant ('cu126'; None = the
    plain PyPI build), or None when the mirror does not carry that variant.
    """

    name: str
    lookup: Callable[[str | None], IndexSource | None]


@dataclass(frozen=True)
class InstallCommand:
    argv: tuple[str, ...]
    index_url: str | None
    note: str | None = None
    # Why a companion asked for is not in the command (none published, or not known).
    companion_notes: tuple[str, ...] = ()

    def display(self, os_name: str) -> str:
        if os_name == "windows":
            return subprocess.list2cmdline(list(self.argv))
        return shlex.join(self.argv)


def install_command(
    choice: Choice,
    *,
    python: str | tuple[str, ...],
    os_name: str,
    use_uv: bool = False,
    replace_installed: bool = False,
    mirror: MirrorIndex | None = None,
    machine: str | None = None,
    with_packages: tuple[str, ...] = (),
    matrix: Matrix | None = None,
    explicit_index: bool = False,
    resolve_with: tuple[str, ...] = (),
) -> InstallCommand:
    """The exact command that installs `choice` into `python` (never run through a shell).

    `python` is an interpreter path, or the argv prefix of `generic_python()` when the
    advice is for another machine. `with_packages` ("torchvision", "torchaudio") are
    pinned to the versions the matrix's `companions` pair with the build, so pip cannot
    pair wrong ones; one without a known pair is left out, with a note saying why.
    `explicit_index`: name the build and its index even where PyPI's default is that
    build (advice for a machine whose OS is not known: PyPI's default differs per OS).
    `resolve_with` ("xformers"): packages left unpinned next to the pinned torch; each
    release of them pins the torch it was built for, so pip picks the one made for this
    build instead of changing torch.
    """
    default = choice.release.default_for(os_name, machine)
    on_pypi = choice.variant.name == default and not explicit_index
    # A local label pins the build: `torch==2.13.0` is already satisfied by 2.13.0+cpu.
    spec = (
        f"torch=={choice.version}" if on_pypi else f"torch=={choice.version}+{choice.variant.name}"
    )
    index_args: tuple[str, ...] = ()
    index_url = None
    note = None
    if not on_pypi:
        index_url = f"{TORCH_INDEX}/{choice.variant.name}"
        index_args = ("--index-url", index_url)
    if mirror is not None:
        source = mirror.lookup(None if on_pypi else choice.variant.name)
        if source is not None:
            index_args = source.pip_args
            index_url = source.pip_args[-1] if source.pip_args else index_url
            note = source.note
        else:
            note = _(
                "mirror {mirror} does not carry the {variant} build; using the official index"
            ).format(mirror=mirror.name, variant=choice.variant.name)
    interp = (python,) if isinstance(python, str) else python
    if use_uv:
        # uv takes a path or a version: `py -3.8` becomes `--python 3.8`.
        uv_python = interp[1].lstrip("-") if interp[0] == "py" and len(interp) > 1 else interp[0]
        base: tuple[str, ...] = ("uv", "pip", "install", "--python", uv_python)
    else:
        base = (*interp, "-m", "pip", "install")
    extra: tuple[str, ...] = ("--force-reinstall",) if replace_installed else ()
    specs, notes = _companion_specs(
        choice, with_packages, matrix, None if on_pypi else choice.variant.name
    )
    return InstallCommand(
        (*base, *extra, spec, *specs, *resolve_with, *index_args),
        index_url,
        note,
        companion_notes=notes,
    )


def _companion_specs(
    choice: Choice, packages: tuple[str, ...], matrix: Matrix | None, label: str | None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The pinned companion requirements for `choice`, and notes on those left out.

    A companion built for this torch release alone gets the build's label off PyPI (as
    torch does: an installed +cpu torchvision would satisfy a bare pin); one pinned with
    several releases (built on the stable ABI: torchvision 0.29.1+, torchaudio 2.11+) is
    pinned bare, since the index of a newer torch build need not carry that label.
    """
    wanted = [p for p in PACKAGES if p in packages]
    if not wanted:
        return (), ()
    pair = companions(matrix, choice.version) if matrix is not None else None
    specs: list[str] = []
    notes: list[str] = []
    for package in wanted:
        version = pair.get(package) if pair is not None else None
        if matrix is None or version is None:
            notes.append(
                _(
                    "envdoctor knows no {package} release that pairs with torch {torch}; it is "
                    "left out of the command"
                ).format(package=package, torch=choice.version)
            )
            continue
        releases = {
            row.torch
            for row in matrix.companions
            for p in row.pairs
            if Companions(p.torchvision, p.torchaudio).get(package) == version
        }
        suffix = f"+{label}" if label is not None and len(releases) == 1 else ""
        specs.append(f"{package}=={version}{suffix}")
    return tuple(specs), tuple(notes)


def generic_python(os_name: str, python_version: str | None) -> tuple[str, ...]:
    """The interpreter to name in advice for another machine: never a path of this one.

    Windows has the `py` launcher, which picks a version (`py -3.8`); elsewhere `python`
    is the interpreter of the active environment.
    """
    if os_name == "windows":
        parsed = PythonVersion.parse(python_version)
        if parsed is None:
            return ("py",)
        # `py -3.13t` selects the free-threaded build, as the version text says.
        return ("py", f"-{parsed.short}{'t' if parsed.free_threaded else ''}")
    return ("python",)


def conda_command(
    choice: Choice, matrix: Matrix, *, with_packages: tuple[str, ...] = ()
) -> InstallCommand | None:
    """The official conda command for `choice`, or None when PyTorch published none for it
    (the pytorch channel ends at the matrix's last "conda" release).

    Companions are named bare: the pytorch channel's torchvision / torchaudio packages
    depend on their exact pytorch, so the solver pairs them (its pairs are not pip's:
    2.0.0 came with torchvision 0.15.0 on conda, 0.15.1 on pip)."""
    version = parse_version(choice.version)
    end = matrix.torch.last_for("conda")
    last = parse_version(end.last) if end is not None else None
    if version is None or last is None or version > last:
        return None
    torch_spec = (f"pytorch=={choice.version}", *(p for p in PACKAGES if p in with_packages))
    args: tuple[str, ...]
    if choice.variant.is_cuda and version >= Version("1.13"):
        args = (
            "conda",
            "install",
            *torch_spec,
            f"pytorch-cuda={choice.variant.cuda}",
            "-c",
            "pytorch",
            "-c",
            "nvidia",
        )
    elif choice.variant.is_cuda:
        # Before 1.13 the CUDA runtime came from the cudatoolkit package (PT_PREV_VERSIONS).
        args = (
            "conda",
            "install",
            *torch_spec,
            f"cudatoolkit={choice.variant.cuda}",
            "-c",
            "pytorch",
        )
    elif choice.variant.name == "cpu":
        args = ("conda", "install", *torch_spec, "cpuonly", "-c", "pytorch")
    else:
        return None
    return InstallCommand(args, None)


def _distro(snapshot: Snapshot) -> str:
    return (snapshot.system.os_release or "").lower()


# WSL 1 has no GPU: the one fix is converting the distro, in Windows.
WSL2_CONVERT = N_(
    "convert the distro to WSL 2 in Windows: `wsl -l -v` lists the distros and their "
    "version, `wsl --set-version Ubuntu 2` converts one named Ubuntu"
)

# Ubuntu's own tool installs the driver it recommends for the GPUs it finds (a legacy
# branch for an old GPU too); 22.04 and later take `install` (`autoinstall` before).
UBUNTU_RECOMMENDED_DRIVER = "sudo ubuntu-drivers install"

# The running kernel's headers, which DKMS and NVIDIA's .run installer compile the module
# against (Debian/Ubuntu's package name; Fedora/RHEL call it kernel-devel).
KERNEL_HEADERS = "sudo apt install linux-headers-$(uname -r)"

# nouveau holds the GPU until it is blacklisted and the initramfs rebuilt (Debian/Ubuntu).
BLACKLIST_NOUVEAU = (
    "printf 'blacklist nouveau\\noptions nouveau modeset=0\\n' | sudo tee "
    "/etc/modprobe.d/blacklist-nouveau.conf && sudo update-initramfs -u"
)


def driver_install(snapshot: Snapshot, branch: int | None, *, at_least: int | None = None) -> str:
    """How to install an NVIDIA driver on this system.

    `branch` is the GPU's last driver branch when it has one (a Kepler K80: 470): that
    branch exactly, never "the current driver" or "or newer", which no longer drive the
    GPU. `at_least` is the first branch that drives a GPU newer than the driver (an RTX
    5090: 570): that branch or a newer one. None: the recommended driver of the system's
    own tool.
    """
    if branch is None and at_least:
        return _driver_at_least(snapshot, at_least)
    if snapshot.system.wsl:
        if branch:
            return _(
                "Install the NVIDIA driver of the R{branch} branch on Windows (not inside WSL; "
                "the last branch that drives this GPU): https://www.nvidia.com/Download/index.aspx "
                "- WSL 2 uses the Windows driver; do not install a Linux driver in the distro"
            ).format(branch=branch)
        return _(
            "Install the NVIDIA driver on Windows (not inside WSL): https://www.nvidia.com/Download/index.aspx "
            "- WSL 2 uses the Windows driver; do not install a Linux driver in the distro"
        )
    if snapshot.system.container:
        if branch:
            return _(
                "Inside a container the driver comes from the host: install the R{branch} branch "
                "on the host (the last branch that drives this GPU), then start the container with "
                "the NVIDIA Container Toolkit (`docker run --gpus all ...`)"
            ).format(branch=branch)
        return _(
            "Inside a container the driver comes from the host: install it on the host, then start the "
            "container with the NVIDIA Container Toolkit (`docker run --gpus all ...`)"
        )
    windows = (snapshot.system.os or "").lower().startswith("win")
    distro = _distro(snapshot)
    if branch and not windows and "ubuntu" in distro:
        return f"sudo apt install nvidia-driver-{branch}  # " + _("then reboot")
    if branch:
        # Other systems' packages follow the newest driver (Arch's nvidia-open does not
        # even drive pre-Turing GPUs): name the branch to download instead.
        return _(
            "Install the NVIDIA driver of the R{branch} branch, the last branch that drives this "
            "GPU (not a newer one): https://www.nvidia.com/Download/index.aspx, then reboot"
        ).format(branch=branch)
    if windows:
        return _(
            "Install the current NVIDIA driver: https://www.nvidia.com/Download/index.aspx (or NVIDIA App)"
        )
    if "ubuntu" in distro:
        return f"{UBUNTU_RECOMMENDED_DRIVER}  # " + _("then reboot")
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
        "Install the NVIDIA driver from https://www.nvidia.com/Download/index.aspx, then reboot"
    )


def _driver_at_least(snapshot: Snapshot, branch: int) -> str:
    """Install a driver of `branch` or newer (the GPU's architecture needs it)."""
    if snapshot.system.wsl:
        return _(
            "Install an NVIDIA driver of the R{branch} branch or newer on Windows (not inside "
            "WSL): https://www.nvidia.com/Download/index.aspx - WSL 2 uses the Windows driver; "
            "do not install a Linux driver in the distro"
        ).format(branch=branch)
    if snapshot.system.container:
        return _(
            "Inside a container the driver comes from the host: install an R{branch} or newer "
            "driver on the host, then start the container with the NVIDIA Container Toolkit "
            "(`docker run --gpus all ...`)"
        ).format(branch=branch)
    windows = (snapshot.system.os or "").lower().startswith("win")
    if not windows and "ubuntu" in _distro(snapshot):
        return f"sudo apt install nvidia-driver-{branch}  # " + _("or a newer branch; then reboot")
    return _(
        "Install an NVIDIA driver of the R{branch} branch or newer: "
        "https://www.nvidia.com/Download/index.aspx, then reboot"
    ).format(branch=branch)


__all__ = [
    "TORCH_INDEX",
    "UBUNTU_RECOMMENDED_DRIVER",
    "WSL2_CONVERT",
    "IndexSource",
    "InstallCommand",
    "MirrorIndex",
    "conda_command",
    "driver_install",
    "generic_python",
    "install_command",
]
