"""The driver is missing, not loaded, mismatched, or hides the GPUs."""

from __future__ import annotations

import re

from envdoctor.explain import cuda_errors
from envdoctor.explain.knowledge import past_last_branch_step
from envdoctor.explain.model import Advice, Context, Known
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.explain.steps import no_driver_steps, wsl_steps
from envdoctor.i18n import N_, _

FAMILY = Family("driver_state")


@FAMILY.entry(
    code="driver-library-missing",
    finding_code="no-driver",
    keywords=("cannot open shared object", "dlopen libcuda", "load libcuda", "nvcuda"),
    title=N_("NVIDIA driver library not found"),
    patterns=(
        rx(r"(?P<lib>lib(?:cuda|nvidia-ml)\.so(?:\.\d+)*)\s*:\s*cannot open shared object file"),
        # cuda-python, RAPIDS and Rust bindings dlopen the driver library themselves.
        rx(
            r"(?:Failed to dlopen|could not (?:dlopen|load)) (?P<lib>lib(?:cuda|nvidia-ml)\.so(?:\.\d+)*)"
        ),
        rx(
            r"Unable to (?:find cuda lib|dynamically load the \"cuda\" shared library)[^\n]{0,40}?"
            r"\[\"cuda\", \"nvcuda\"\](?P<lib>)"
        ),
    ),
    specificity=3,
)
def _advise_driver_lib_missing(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    lib = m.group("lib") or "libcuda.so"
    facts: dict[str, object] = {"library": lib}
    cause = _(
        "{lib} comes with the NVIDIA driver, not with PyTorch or the CUDA toolkit. It "
        "cannot be loaded because no driver is installed, the program runs in a container "
        "without GPU access, or (WSL) /usr/lib/wsl/lib is not on the loader path."
    ).format(lib=lib)
    if k.wsl or ctx.has("/usr/lib/wsl"):
        cause += sep() + _(
            "This is WSL: libcuda comes from the Windows driver, in /usr/lib/wsl/lib."
        )
    fix = no_driver_steps(k)
    if lib == "libcuda.so":
        # The unversioned name is a development link; drivers install libcuda.so.1, and WSL
        # has only that one, so a loader asking for libcuda.so fails with a working driver:
        # installing a driver is the last resort here, never the first step.
        first = _(
            "If `nvidia-smi` works, the driver is there and only the name libcuda.so is "
            "missing: find libcuda.so.1 (`ldconfig -p | grep libcuda`; WSL: "
            "/usr/lib/wsl/lib) and put its folder on LD_LIBRARY_PATH, or link "
            "libcuda.so to libcuda.so.1 in a folder on that path."
        )
        if k.wsl or k.container:
            fix = (first, *fix)
        else:
            fix = (
                first,
                _(
                    "Only if `nvidia-smi` fails as well is no driver loaded: on a Linux "
                    "machine install one (`ubuntu-drivers devices`, then `sudo apt install "
                    "nvidia-driver-<branch>`), never inside WSL 2 or a container, where the "
                    "driver comes from Windows or the host."
                ),
            )
    return Advice(cause, fix, facts, key=lib, used_local_facts=k.local)


@FAMILY.entry(
    code="no-nvidia-driver",
    finding_code="no-driver",
    keywords=("found no nvidia driver",),
    title=N_("No NVIDIA driver found"),
    patterns=(rx(r"Found no NVIDIA driver on your system"),),
)
def _advise_no_driver(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    cause = _(
        "This PyTorch build supports CUDA, but the NVIDIA driver library (libcuda) could "
        "not be loaded: there is no NVIDIA GPU, the driver is not installed or not "
        "loaded, the container was started without GPU access, or it runs under WSL 1."
    )
    facts: dict[str, object] = {}
    if k.driver_state:
        facts["driver_state"] = k.driver_state
    if k.nvidia_pci_devices is not None:
        facts["nvidia_pci_devices"] = k.nvidia_pci_devices
    past = past_last_branch_step(ctx.matrix, k)
    steps = ((past,) if past else ()) + no_driver_steps(k)
    return Advice(cause, steps, facts, used_local_facts=k.local)


@FAMILY.entry(
    code="no-cuda-device",
    finding_code="cuda-unavailable",
    keywords=("no cuda gpus", *cuda_errors.keywords("no-cuda-device")),
    title=N_("No CUDA-capable device visible"),
    patterns=(*cuda_errors.patterns("no-cuda-device"), rx(r"No CUDA GPUs are available")),
)
def advise_no_device(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    cause = _(
        "CUDA started but found no usable GPU: CUDA_VISIBLE_DEVICES hides them (an empty "
        "or invalid value hides every GPU), the container has no GPU attached, or the "
        "driver is not working."
    )
    facts: dict[str, object] = {}
    past = past_last_branch_step(ctx.matrix, k)
    fix: list[str] = [past] if past else []
    if k.cuda_visible_devices is not None:
        facts["CUDA_VISIBLE_DEVICES"] = k.cuda_visible_devices
        cause += sep() + _("Here CUDA_VISIBLE_DEVICES={value!r}.").format(
            value=k.cuda_visible_devices
        )
    fix.append(
        _(
            "Check `echo $CUDA_VISIBLE_DEVICES`: unset it, or list valid indices/UUIDs from "
            "`nvidia-smi -L`."
        )
    )
    fix.extend(no_driver_steps(k))
    hidden = k.cuda_visible_devices is not None and k.cuda_visible_devices.strip() in ("", "-1")
    return Advice(
        cause,
        tuple(fix),
        facts,
        finding_code="gpus-hidden" if hidden else None,
        used_local_facts=k.local,
    )


@FAMILY.entry(
    code="cuda-stub-library",
    keywords=cuda_errors.keywords("cuda-stub-library"),
    title=N_("The stub libcuda was loaded instead of the driver's"),
    patterns=cuda_errors.patterns("cuda-stub-library"),
    specificity=3,
)
def _advise_stub(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    facts = cuda_errors.error_facts(cuda_errors.row_of(m) or cuda_errors.by_number(34))
    stub = ctx.near(_STUB_PATH, "/stubs/libcuda", before=210)
    cause = _(
        "CUDA found a libcuda.so that is only a stub: the placeholder a CUDA toolkit ships "
        "in lib64/stubs (or targets/<arch>/lib/stubs) so that programs can be linked on "
        "machines without a driver. Every CUDA call fails with it. Its folder is on "
        "LD_LIBRARY_PATH (or in an RPATH or the ld.so cache) in front of the driver's real "
        "libcuda.so.1, or no driver is installed at all."
    )
    if stub:
        facts["stub_path"] = stub.group(0)
        cause += sep() + _("Here the stub was loaded from {path}.").format(path=stub.group(0))
    fix = [
        _(
            "Find the folder: `echo $LD_LIBRARY_PATH` and `ldconfig -p | grep libcuda`; "
            "remove every …/stubs folder from LD_LIBRARY_PATH (shell start-up files, "
            "module files, conda activate scripts, Dockerfile ENV lines)."
        ),
        _(
            "The real library comes with the NVIDIA driver (e.g. /usr/lib/x86_64-linux-gnu/"
            "libcuda.so.1, /usr/lib/wsl/lib on WSL 2): check it exists and `nvidia-smi` runs."
        ),
        _(
            "In a container: start it with `--gpus all` so the host's libcuda is mounted, "
            "and do not copy or link the toolkit's stub into a library folder of the image."
        ),
    ]
    if k.wsl:
        fix.extend(wsl_steps())
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


_STUB_PATH = re.compile(r"/\S{0,200}/stubs/libcuda\.so(?:\.1)?")


@FAMILY.entry(
    code="cuda-devices-unavailable",
    keywords=cuda_errors.keywords("cuda-devices-unavailable"),
    title=N_("GPU busy or unavailable (compute mode, another process, MIG)"),
    patterns=cuda_errors.patterns("cuda-devices-unavailable"),
    specificity=3,
)
def _advise_busy(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    facts = cuda_errors.error_facts(cuda_errors.row_of(m) or cuda_errors.by_number(46))
    cause = _(
        "CUDA sees the GPU but may not create a context on it. The usual reasons: the GPU's "
        "compute mode is Exclusive_Process (another process already holds it) or "
        "Prohibited, which shared servers and clusters set; a MIG-enabled GPU (A100, H100) "
        "without a MIG instance given to this process; the GPU is assigned to another VM "
        "or container; or the GPU is in a bad state after an Xid error."
    )
    if k.cuda_visible_devices is not None:
        facts["CUDA_VISIBLE_DEVICES"] = k.cuda_visible_devices
    fix = (
        _(
            "Check the compute mode and who holds the GPU: `nvidia-smi -q -d COMPUTE` and "
            "`nvidia-smi` (processes list)."
        ),
        _(
            "Exclusive_Process with another process on it: stop that process or pick a "
            "free GPU with CUDA_VISIBLE_DEVICES; an administrator can set the default mode: "
            "`sudo nvidia-smi -i <index> -c DEFAULT`."
        ),
        _(
            "MIG enabled (`nvidia-smi -L` lists MIG devices): run on a MIG instance "
            "(CUDA_VISIBLE_DEVICES=MIG-<uuid>) or ask the administrator to create one or "
            "disable MIG."
        ),
        _(
            "On a cluster, request the GPU through the scheduler (e.g. Slurm --gres=gpu:1) "
            "instead of using it directly; in a VM or container, check the GPU is passed to "
            "this one."
        ),
        _(
            "If nothing holds it: look for Xid errors (`sudo dmesg | grep -i xid`), then "
            "reset the GPU (`sudo nvidia-smi -r -i <index>`) or reboot."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=k.local)


@FAMILY.entry(
    code="nvml-driver-library-mismatch",
    finding_code="driver-library-mismatch",
    keywords=("driver/library version mismatch",),
    title=N_("NVML driver/library version mismatch"),
    patterns=(
        rx(
            r"Failed to initialize NVML: Driver/library version mismatch"
            r"(?: NVML library version: (?P<lib>\d+\.\d+(?:\.\d+)?))?"
        ),
        # NVML's error string in any program's words (nvtop: "Impossible to initialize
        # nvidia nvml : Driver/library version mismatch").
        rx(r"nvml\W{0,3}[^\n]{0,40}?:\s*Driver/library version mismatch"),
    ),
)
def _advise_nvml_mismatch(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    facts: dict[str, object] = {}
    lib = m.groupdict().get("lib")
    if lib:
        facts["nvml_library_version"] = lib
    elif k.nvml_library_version:
        facts["nvml_library_version"] = k.nvml_library_version
    if k.kernel_module_version:
        facts["kernel_module_version"] = k.kernel_module_version
    cause = _(
        "The NVIDIA user-space libraries were upgraded (often by unattended-upgrades or a "
        "driver install) while the old kernel module is still loaded, so the two versions "
        "differ."
    )
    if k.kernel_module_version and facts.get("nvml_library_version"):
        cause += sep() + _("Loaded kernel module: {kmod}; library: {lib}.").format(
            kmod=k.kernel_module_version, lib=facts["nvml_library_version"]
        )
    fix = (
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
    return Advice(cause, fix, facts, used_local_facts=k.local)


@FAMILY.entry(
    code="driver-not-loaded",
    finding_code="driver-not-loaded",
    keywords=(
        "couldn't communicate with the nvidia driver",
        "nvidia driver is not loaded",
        "/var/lib/dkms/nvidia",
    ),
    title=N_("NVIDIA kernel module not loaded"),
    patterns=(
        rx(r"NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver"),
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
            "After a kernel update: `dkms status`, install the headers "
            "(`sudo apt install linux-headers-$(uname -r)`) and reinstall the driver."
        ),
        _("Then reboot and run `nvidia-smi` again."),
        container_step,
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
    code="wsl-libcuda-link",
    finding_code="no-driver",
    keywords=("/usr/lib/wsl/lib/", "is not a symbolic link"),
    title=N_("WSL's libcuda links are broken"),
    patterns=(rx(r"/usr/lib/wsl/lib/(?P<lib>libcuda\.so(?:\.\d)*) is not a symbolic link"),),
)
def _advise_wsl_link(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    cause = _(
        "Under WSL 2 the NVIDIA driver of Windows provides libcuda in /usr/lib/wsl/lib. "
        "There {lib} is a copy instead of a link to libcuda.so.1.1, so ldconfig warns and "
        "programs may load the wrong file or none."
    ).format(lib=m.group("lib"))
    fix = (
        _(
            "Recreate the links: `cd /usr/lib/wsl/lib && sudo rm libcuda.so libcuda.so.1 && "
            "sudo ln -s libcuda.so.1.1 libcuda.so.1 && sudo ln -s libcuda.so.1 libcuda.so && "
            "sudo ldconfig` (Windows recreates the folder on `wsl --shutdown`)."
        ),
        *wsl_steps(),
    )
    return Advice(cause, fix, {"library": m.group("lib")}, used_local_facts=k.local)


@FAMILY.entry(
    code="container-without-gpu",
    finding_code="no-driver",
    keywords=("driver was not detected",),
    title=N_("Container started without the GPU"),
    patterns=(
        rx(r"The NVIDIA Driver was not detected\.\s+GPU functionality will not be available"),
    ),
)
def _advise_container_gpu(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    cause = _(
        "This message comes from the entry script of NVIDIA's CUDA/NGC container images: "
        "inside the container there is no NVIDIA driver, because the container was started "
        "without GPU access. The driver belongs to the host; the NVIDIA Container Toolkit "
        "mounts it into the container when the GPU is requested."
    )
    fix = (
        _(
            "Start the container with the GPU: `docker run --gpus all ...` (compose: "
            "`deploy.resources.reservations.devices` with `capabilities: [gpu]`; Kubernetes: "
            "a `nvidia.com/gpu` limit)."
        ),
        _(
            "On the host: check `nvidia-smi`, then install the NVIDIA Container Toolkit and "
            "configure Docker for it (`sudo nvidia-ctk runtime configure --runtime=docker`, "
            "restart Docker)."
        ),
        _(
            "Docker Desktop with WSL 2: update the Windows NVIDIA driver and restart WSL "
            "(`wsl --shutdown`); do not install a driver inside the container or the distro."
        ),
    )
    return Advice(cause, fix, {}, used_local_facts=k.local)


__all__ = ["FAMILY", "advise_no_device"]
