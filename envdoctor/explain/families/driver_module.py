"""The NVIDIA kernel module and its user-space libraries: a module that is not loaded (or
that DKMS stopped building), a library of another version than the module, NVML failing."""

from __future__ import annotations

import re

from envdoctor import messages as msg
from envdoctor.compat.commands import KERNEL_HEADERS
from envdoctor.explain.driver_steps import no_driver_steps
from envdoctor.explain.model import Advice, Context, Known
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.explain.xla_driver import forward_compat_libcuda
from envdoctor.i18n import N_, _
from envdoctor.values import parse_version

FAMILY = Family("driver_module")


@FAMILY.entry(
    code="nvml-driver-library-mismatch",
    finding_code="driver-library-mismatch",
    keywords=(
        *msg.NVML_MISMATCH_ANCHORS,
        "does not match dso version",
        "nvml library version:",
        "nvrm: api mismatch",
        "components have the same version",
    ),
    title=N_("NVML driver/library version mismatch"),
    patterns=(
        rx(
            msg.NVML_INIT_FAILED
            + msg.NVML_MISMATCH
            + r"(?: NVML library version: (?P<lib>\d+\.\d+(?:\.\d+)?))?"
        ),
        # NVML's error string in any program's words (nvtop: "Impossible to initialize
        # nvidia nvml : Driver/library version mismatch").
        rx(r"nvml\W{0,3}[^\n]{0,40}?:\s*" + msg.NVML_MISMATCH),
        # The two halves in the other order (a summary line, a commit message).
        rx(msg.NVML_MISMATCH + r"\W{1,5}(?:failed to initiali[sz]e|cannot init\w*) NVML"),
        # TensorFlow's / XLA's CUDA diagnostics when cuInit fails: the loaded module's version
        # (/proc/driver/nvidia/version) against libcuda's ("DSO"), "-- cannot find working
        # devices in this configuration".
        rx(
            r"kernel version (?P<kmod>\d{3}\.\d+(?:\.\d+)?) does not match DSO version "
            r"(?P<lib>\d{3}\.\d+(?:\.\d+)?)"
        ),
        # nvidia-smi's second line of the mismatch, alone (the paste cut above it): it is
        # printed only with that error.
        rx(r"NVML library version: (?P<lib>\d{3}\.\d+(?:\.\d+)?)(?P<alone>)"),
        # The kernel's side (dmesg / journal): a client library of another version than the
        # loaded module called it. Its last words alone count too.
        rx(
            r"NVRM: API mismatch: the client has the version (?P<lib>\d{3}\.\d+(?:\.\d+)?), "
            r"but\s+(?:NVRM: )?this kernel module has the version (?P<kmod>\d{3}\.\d+(?:\.\d+)?)"
        ),
        rx(
            r"make sure that this kernel module and all NVIDIA driver\s+(?:NVRM: )?components "
            r"have the same version(?P<tail>)"
        ),
    ),
)
def _advise_nvml_mismatch(m: re.Match[str], ctx: Context) -> Advice | None:
    k = ctx.known
    if m.groupdict().get("alone") is not None and ctx.text[: m.start()].strip():
        return None  # only as the paste's first words: elsewhere it may be any tool's log
    facts: dict[str, object] = {}
    lib = m.groupdict().get("lib")
    if lib:
        facts["nvml_library_version"] = lib
    elif k.nvml_library_version:
        facts["nvml_library_version"] = k.nvml_library_version
    kmod = m.groupdict().get("kmod") or k.kernel_module_version
    if kmod:
        facts["kernel_module_version"] = kmod
    cause = _(
        "The NVIDIA user-space libraries were upgraded (often by unattended-upgrades or a "
        "driver install) while the old kernel module is still loaded, so the two versions "
        "differ."
    )
    if kmod and facts.get("nvml_library_version"):
        cause += sep() + _("Loaded kernel module: {kmod}; library: {lib}.").format(
            kmod=kmod, lib=facts["nvml_library_version"]
        )
    dso = m.group(0).startswith("kernel version")  # XLA's / TF's cuda_diagnostics
    if dso and (compat := forward_compat_libcuda(facts, ctx)):
        return compat  # libcuda of the driver a CUDA toolkit shipped: cuda-compat's
    if k.container or ctx.has("docker", "container"):
        return _nvml_mismatch_in_container(facts, k.container or "docker", k.local)
    older_lib = parse_version(str(facts.get("nvml_library_version", "")))
    newer_kmod = parse_version(kmod)
    if older_lib is not None and newer_kmod is not None and older_lib < newer_kmod:
        return _libraries_older_than_module(facts, k.local)
    # TensorFlow's diagnosis names both versions: the cause of the cuInit failure logged
    # before it, so it comes first.
    rank = 3 if m.groupdict().get("kmod") else None
    fix: tuple[str, ...] = (
        _("Reboot: the new kernel module loads and the versions match again."),
        _(
            "Without a reboot: stop every GPU process, then `sudo rmmod nvidia_uvm "
            "nvidia_drm nvidia_modeset nvidia` and run `nvidia-smi` (it reloads the module)."
        ),
        _(
            "Compare `cat /proc/driver/nvidia/version` with the library version, and see "
            "what upgraded it: `grep -i nvidia /var/log/apt/history.log`."
        ),
        _(
            "Stop surprise upgrades on servers: `sudo apt-mark hold` the nvidia driver "
            "packages, or exclude them from unattended-upgrades."
        ),
    )
    if dso:
        # The libcuda found may be another copy than the driver's: cuda-compat's, or one
        # on LD_LIBRARY_PATH (NVIDIA's forward-compatibility docs).
        fix += (_(_OTHER_LIBCUDA),)
    return Advice(cause, fix, facts, used_local_facts=k.local, specificity=rank)


_OTHER_LIBCUDA = N_(
    "No driver upgrade happened? Then the libcuda found is another copy: `ldconfig -p | grep "
    "libcuda` and `echo $LD_LIBRARY_PATH` show it; a CUDA forward-compatibility package "
    "(cuda-compat-*, /usr/local/cuda/compat) works only on data-center GPUs, so remove it "
    "or take it off LD_LIBRARY_PATH."
)


def _libraries_older_than_module(facts: dict[str, object], local: bool) -> Advice:
    """The loaded module is the newer one: a reboot loads the same module again."""
    cause = _(
        "The loaded NVIDIA kernel module ({kmod}) is newer than the user-space driver "
        "libraries ({lib}): the libraries were downgraded, or the ones found first belong to "
        "another, older driver install (a second driver's packages, a libcuda copied into a "
        "conda environment, an image or a folder on LD_LIBRARY_PATH). A reboot alone loads "
        "the same newer module again."
    ).format(kmod=facts["kernel_module_version"], lib=facts["nvml_library_version"])
    fix = (
        _(
            "Find every copy of the driver's libraries: `ldconfig -p | grep -E "
            "'libcuda|libnvidia-ml'` and `echo $LD_LIBRARY_PATH`; remove the copies of the "
            "older version that are not the distribution's driver package."
        ),
        _(
            "Install one driver, of one version, from one source (the distribution's "
            "packages or NVIDIA's .run installer, not both), then reboot so module and "
            "libraries agree: `cat /proc/driver/nvidia/version` and `nvidia-smi` then show "
            "the same version."
        ),
    )
    return Advice(cause, fix, facts, key="libraries-older", used_local_facts=local, specificity=3)


def _nvml_mismatch_in_container(facts: dict[str, object], container: str, local: bool) -> Advice:
    """In a container the kernel module is the host's, and so should the libraries be."""
    facts["container"] = container
    cause = _(
        "This runs in a container ({kind}): the kernel module is the host's, and the "
        "container toolkit mounts the host's matching libraries. A mismatch means either "
        "the host's driver was upgraded without a reboot, the container was created before "
        "a host driver upgrade and still holds the old driver's libraries, or the image "
        "carries NVIDIA libraries of its own (a driver or nvidia-utils package installed in "
        "it) that shadow the mounted ones."
    ).format(kind=container)
    fix = (
        _(
            "On the host, run `nvidia-smi`: if it fails the same way, the host needs the "
            "reboot (or the module reload), not the container."
        ),
        _(
            "If the host works and a new container works too, recreate the old containers "
            "(`docker rm` and run them again): they keep the libraries of the driver they "
            "were created with."
        ),
        _(
            "Otherwise the image is at fault: `ls -l /usr/lib/x86_64-linux-gnu/libnvidia-ml.so*` "
            "inside it shows a second version; remove the NVIDIA driver/utils packages from "
            "the image (`apt-get purge 'nvidia-*'` in its Dockerfile) and rebuild."
        ),
    )
    return Advice(cause, fix, facts, key="container", used_local_facts=local)


@FAMILY.entry(
    code="driver-not-loaded",
    finding_code="driver-not-loaded",
    keywords=(
        msg.SMI_NO_DRIVER_ANCHOR,
        "nvidia driver is not loaded",
        "/var/lib/dkms/nvidia",
    ),
    title=N_("NVIDIA kernel module not loaded"),
    patterns=(
        rx(msg.SMI_NO_DRIVER),
        # nvidia-settings and X say it in their own words.
        rx(r"ERROR: NVIDIA driver is not loaded"),
        # A stale DKMS tree of a removed driver stops dkms from building the new module.
        rx(
            r"Could not locate dkms\.conf file\.?\s*File: (?P<stale>/var/lib/dkms/nvidia/"
            r"[\w.-]{1,40})/source/dkms\.conf does not exist"
        ),
    ),
)
def _advise_driver_not_loaded(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    stale = m.groupdict().get("stale")
    if stale:
        return _stale_dkms(stale, k)
    cause = _(
        "nvidia-smi is installed but the NVIDIA kernel module is not running. Usual "
        "reasons: Secure Boot refused the unsigned module, the kernel was updated and the "
        "module was not rebuilt for it (DKMS), or nouveau took the GPU. Inside a container "
        "(Docker, LXD, Kubernetes) the kernel module is the host's: the container was "
        "started without the GPU, or has a driver of its own installed."
    )
    container_step = _(
        "In a container: run `nvidia-smi` on the host first; start the container with the "
        "GPU (`docker run --gpus all` with the NVIDIA Container Toolkit; LXD: add a `gpu` "
        "device and set `nvidia.runtime=true`), and install no driver inside it."
    )
    if k.wsl:
        # Under WSL the GPU belongs to Windows: no Linux module is ever loaded there.
        cause = _(
            "This runs under WSL {version}: WSL has no NVIDIA kernel module of its own; the "
            "GPU is reached through the Windows NVIDIA driver, and only from WSL 2. A Linux "
            "driver or dkms installed inside WSL cannot work."
        ).format(version=k.wsl)
        return Advice(cause, no_driver_steps(k), {"wsl": k.wsl}, used_local_facts=k.local)
    if k.container:
        cause = _(
            "This runs in a container ({container}): the NVIDIA kernel module belongs to "
            "the host, and the container cannot reach it. It was started without the GPU, "
            "the host's driver is not loaded, or a driver installed inside the container "
            "does not match the host's."
        ).format(container=k.container)
        return Advice(
            cause, (container_step,), {"container": k.container}, used_local_facts=k.local
        )
    fix = (
        _("Look for the reason: `sudo dmesg | grep -i -E 'nvidia|nouveau'`."),
        _(
            "Secure Boot: `mokutil --sb-state`; enrol the driver's signing key (MOK) or "
            "disable Secure Boot."
        ),
        _(
            "After a kernel update: `dkms status`, install the headers (`{headers}`) and "
            "reinstall the driver."
        ).format(headers=KERNEL_HEADERS),
        _("Then reboot and run `nvidia-smi` again."),
        container_step,
        _(
            "Under WSL: only WSL 2 reaches the GPU, through the Windows driver (`wsl -l -v` "
            "shows the version; WSL 1 never does); install no Linux driver inside WSL."
        ),
    )
    return Advice(cause, fix, {}, used_local_facts=k.local)


def _stale_dkms(stale: str, k: Known) -> Advice:
    """A DKMS tree of a removed driver: dkms fails, so no module is built for new kernels."""
    cause = _(
        "dkms trips over a leftover tree of a driver that is no longer installed ({path}), so "
        "it does not build the NVIDIA kernel module for new kernels: after the next kernel "
        "update the driver is not loaded."
    ).format(path=stale)
    fix = (
        _("Remove the leftover tree: `sudo rm -r {path}`, then `dkms status`.").format(path=stale),
        _(
            "Rebuild the module for the running kernel: reinstall the driver package (or "
            "`sudo dkms autoinstall`), then reboot and run `nvidia-smi`."
        ),
    )
    return Advice(cause, fix, {"stale_dkms": stale}, key="dkms", used_local_facts=k.local)


@FAMILY.entry(
    code="nvidia-smi-not-found",
    finding_code="no-driver",
    keywords=("nvidia-smi",),
    title=N_("nvidia-smi not found"),
    patterns=(
        rx(r"nvidia-smi: (?:command )?not found"),
        rx(r"'nvidia-smi' is not recognized as an internal or external command"),
        rx(r"'?nvidia-smi'? 不是内部或外部命令"),
        rx(r"No such file or directory: '?nvidia-smi'?"),
        rx(r"\"?nvidia-smi\"?: executable file not found in \$PATH"),
    ),
)
def _advise_smi_missing(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    cause = _(
        "nvidia-smi is installed together with the NVIDIA driver; the shell cannot find "
        "it, so the driver is probably missing here. (PyTorch needs the driver, but "
        "neither nvidia-smi on PATH nor a CUDA toolkit.)"
    )
    fix: list[str] = []
    if k.os == "Windows":
        fix.append(
            _(
                "Windows: current drivers put nvidia-smi.exe in C:\\Windows\\System32 "
                "(older ones in C:\\Program Files\\NVIDIA Corporation\\NVSMI); if it is in "
                "neither, install the driver from nvidia.com."
            )
        )
    fix.extend(no_driver_steps(k))
    return Advice(cause, tuple(fix), {}, used_local_facts=k.local)


# lspci names a GPU by its PCI ID alone ("NVIDIA Corporation Device 249d") when the
# system's PCI ID list is older than the GPU: its driver is often older too.
_UNNAMED_PCI = re.compile(r"NVIDIA Corporation Device ([0-9a-fA-F]{4})\b")


@FAMILY.entry(
    code="nvidia-smi-no-devices",
    keywords=("no devices were found",),
    title=N_("The NVIDIA driver is loaded but found no GPU it can use"),
    # nvidia-smi's words when the module is loaded and no GPU initialised.
    patterns=(rx(r"(?:nvidia-smi\s*)?No devices were found"),),
    specificity=3,
)
def _advise_no_devices(_m: re.Match[str], ctx: Context) -> Advice | None:
    k = ctx.known
    if not ctx.has("nvidia"):
        return None  # other tools' words (USB, audio)
    facts: dict[str, object] = {}
    cause = _(
        "nvidia-smi ran, so the driver is installed and its kernel module loaded, but the "
        "module could not take any GPU: the driver is older than the GPU (a new or laptop "
        "GPU with a distribution's older driver), the GPU failed to start or fell off the "
        "bus (power, PCIe, overheating), or in a VM or container the GPU is not passed "
        "through. CUDA then sees no device, so every GPU index is invalid."
    )
    unnamed = ctx.near(_UNNAMED_PCI, "nvidia corporation device", before=0)
    if unnamed is not None:
        facts["pci_device_id"] = unnamed.group(1).lower()
        cause += sep() + _(
            "lspci knows this GPU only by its number ({id}): the system's hardware list is "
            "older than the GPU, and its driver probably is too."
        ).format(id=unnamed.group(1).lower())
    fix: tuple[str, ...] = (
        _(
            "Read the kernel's reason: `sudo dmesg | grep -i -E 'nvrm|nvidia'` ('not "
            "supported by', 'probe routine failed', 'fallen off the bus', Xid errors)."
        ),
        _(
            "Install a driver branch that supports this GPU (`ubuntu-drivers devices` lists "
            "them; NVIDIA's download page by GPU name), then reboot."
        ),
        _(
            "If the GPU had worked: power it off fully and reseat power and PCIe cables; on a "
            "laptop, check that the BIOS/hybrid-graphics setting leaves the GPU enabled."
        ),
    )
    if ctx.has("rminitadapter failed"):
        # The kernel log of a GPU the driver could not initialise; on new desktop boards
        # the BIOS's default leaves large PCIe windows off (open-gpu-kernel-modules#862).
        facts["kernel_log"] = "RmInitAdapter failed"
        fix = (
            _(
                "The kernel log says RmInitAdapter failed: the driver found the GPU but could "
                "not start it. Enable 'Above 4G Decoding' and 'Resizable BAR' in the BIOS, "
                "and check that the driver branch lists this GPU."
            ),
            *fix[1:],
        )
    if k.wsl or k.container:
        fix = (*fix, *no_driver_steps(k)[:1])
    return Advice(cause, fix, facts, used_local_facts=k.local)


@FAMILY.entry(
    code="nvml-init-assert",
    finding_code="driver-library-mismatch",
    keywords=("nvmlinit",),
    title=N_("PyTorch could not initialise NVML (driver libraries out of step)"),
    patterns=(rx(r"NVML_SUCCESS == DriverAPI::get\(\)->nvmlInit_v2_\(\) INTERNAL ASSERT FAILED"),),
    specificity=3,
)
def _advise_nvml_init(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    facts: dict[str, object] = {}
    if k.kernel_module_version:
        facts["kernel_module_version"] = k.kernel_module_version
    cause = _(
        "PyTorch's memory allocator calls NVML (libnvidia-ml, part of the driver) and NVML "
        "could not start. Almost always the driver was upgraded while the old kernel "
        "module is still loaded (`nvidia-smi` then says 'Driver/library version "
        "mismatch'), or, in a container, the host's NVML library is not mounted."
    )
    fix = (
        _("Run `nvidia-smi`: if it reports a mismatch, reboot (or reload the nvidia modules)."),
        _(
            "In a container: start it with `--gpus all` so the host's driver libraries "
            "(libnvidia-ml included) are mounted."
        ),
        _("Stop surprise upgrades on servers: `sudo apt-mark hold` the nvidia driver packages."),
    )
    return Advice(cause, fix, facts, used_local_facts=k.local)


@FAMILY.entry(
    code="nvidia-smi-nvml-missing",
    finding_code="no-driver",
    keywords=("find libnvidia-ml.so library",),
    title=N_("nvidia-smi cannot load NVML (libnvidia-ml), the driver's library"),
    patterns=(
        # nvidia-smi's own words when its dlopen of libnvidia-ml.so.1 fails: "NVIDIA-SMI
        # couldn't find libnvidia-ml.so library in your system. Please make sure that the
        # NVIDIA Display Driver is properly installed and present in your system. Please also
        # try adding directory that contains libnvidia-ml.so to your system PATH."
        rx(r"NVIDIA-SMI couldn.?t find libnvidia-ml\.so library"),
    ),
)
def _advise_smi_nvml(_m: re.Match[str], ctx: Context) -> Advice:
    """Where nvidia-smi runs decides where NVML should come from: WSL 2 mounts the Windows
    driver's in /usr/lib/wsl/lib, and a Linux libnvidia-ml installed inside WSL (a driver or
    CUDA meta-package) or LD_LIBRARY_PATH naming /usr/lib/x86_64-linux-gnu first shadows it
    (microsoft/WSL#9099, #11888; Syllo/nvtop#441); a container gets the host's from the
    NVIDIA Container Toolkit, and a stale ld cache or broken libnvidia-ml.so.1 link there
    hides it (jellyfin's docs: run ldconfig in the container; FasterLivePortrait#8: relink
    libnvidia-ml.so.1 to the versioned file); on a Linux host the driver's user-space part
    is missing or incomplete. NVIDIA's CUDA on WSL guide: install the cuda-toolkit
    meta-package under WSL 2, never "cuda" or "cuda-drivers", which bring a Linux driver."""
    k = ctx.known
    facts: dict[str, object] = {"library": "libnvidia-ml.so.1"}
    wsl = _(
        "Under WSL 2: NVML comes from the Windows driver, in /usr/lib/wsl/lib. `ls -l "
        "/usr/lib/wsl/lib/libnvidia-ml.so.1` must show it and `ldconfig -p | grep "
        "nvidia-ml` must list it first; remove Linux NVIDIA driver packages installed "
        "inside WSL (`sudo apt purge 'nvidia-*' 'libnvidia-*'`; the CUDA toolkit for WSL "
        "is the cuda-toolkit package, not cuda or a driver), take /usr/lib/x86_64-linux-gnu "
        "out of LD_LIBRARY_PATH, then `wsl --shutdown` and update the Windows driver if "
        "the file is missing."
    )
    container = _(
        "In a container: start it with the GPU (`docker run --gpus all`, NVIDIA Container "
        "Toolkit on the host); if it was, run `ldconfig` inside it and check that "
        "libnvidia-ml.so.1 links to the mounted versioned file (`ls -l "
        "/usr/lib/x86_64-linux-gnu/libnvidia-ml.so*`)."
    )
    host = _(
        "On a Linux machine: the driver's user-space libraries are missing or incomplete "
        "(`ldconfig -p | grep nvidia-ml` lists none): reinstall the driver, or its utils "
        "package of the same version as the kernel module (`cat /proc/driver/nvidia/version`)."
    )
    cause = _(
        "nvidia-smi could not load libnvidia-ml.so.1 (NVML), the NVIDIA driver library it "
        "reads the GPUs through: the driver's user-space libraries are missing where it "
        "runs, or the loader finds a broken or wrong copy first."
    )
    if k.wsl or ctx.has("/usr/lib/wsl", "wsl2", "wsl 2"):
        facts["wsl"] = k.wsl or 2
        cause += sep() + _(
            "Under WSL 2 it comes from the Windows driver (/usr/lib/wsl/lib): that folder "
            "is not on the loader's path, or a Linux copy installed inside WSL is found "
            "first."
        )
        return Advice(cause, (wsl,), facts, key="wsl", used_local_facts=k.local)
    if k.container:
        facts["container"] = k.container
        return Advice(cause, (container,), facts, key="container", used_local_facts=k.local)
    return Advice(cause, (host, container, wsl), facts, used_local_facts=k.local)


__all__ = ["FAMILY"]
