"""The driver is missing or hides the GPUs: no libcuda, no driver, no device, a stub library,
busy GPUs, containers and WSL without the GPU (the kernel module itself: `driver_module`)."""

from __future__ import annotations

import re

from envdoctor import messages as msg
from envdoctor.compat.commands import UBUNTU_RECOMMENDED_DRIVER
from envdoctor.explain import cuda_errors
from envdoctor.explain.driver_steps import (
    container_gpu_steps,
    container_runtime_named,
    no_driver_steps,
    wsl_steps,
)
from envdoctor.explain.knowledge import past_last_branch_step
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.program_gpus import program_hides_gpus
from envdoctor.explain.prose import AMD_GPU_CAUSE, AMD_ROCM_STEP, amd_gpu_named
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.explain.visible_devices import hidden_on_command_line, hides_every_gpu
from envdoctor.i18n import N_, _

FAMILY = Family("driver_state")


@FAMILY.entry(
    code="driver-library-missing",
    finding_code="no-driver",
    keywords=(
        "cannot open shared object",
        "dlopen libcuda",
        "load libcuda",
        "nvcuda",
        "nvml shared library not found",
        "=> not found",
    ),
    title=N_("NVIDIA driver library not found"),
    patterns=(
        rx(r"(?P<lib>lib(?:cuda|nvidia-ml)\.so(?:\.\d+)*)\s*:\s*cannot open shared object file"),
        # ldd's "=> not found" (a program's own "libcuda.so not found" is often a warning
        # before it runs on the CPU).
        rx(r"(?<![\w.+-])(?P<lib>lib(?:cuda|nvidia-ml)\.so(?:\.\d+)*) => not found"),
        # cuda-python, RAPIDS and Rust bindings dlopen the driver library themselves.
        rx(
            r"(?:Failed to dlopen|could not (?:dlopen|load)) (?P<lib>lib(?:cuda|nvidia-ml)\.so(?:\.\d+)*)"
        ),
        # pynvml (nvidia-ml-py) when it cannot load libnvidia-ml.
        rx(r"NVMLError_LibraryNotFound: NVML Shared Library Not Found(?P<nvml>)"),
        rx(
            r"Unable to (?:find cuda lib|dynamically load the \"cuda\" shared library)[^\n]{0,40}?"
            r"\[\"cuda\", \"nvcuda\"\](?P<lib>)"
        ),
        # Windows: the driver's CUDA library (ctypes, cpm_kernels' quantized kernels).
        rx(r"Could not find module '(?:[^']{0,200}[\\/])?(?P<lib>nvcuda\.dll)'"),
    ),
    specificity=3,
    # Inside a container the runtime's own words say why the host's driver is missing;
    # Paddle's loader names the library it could not load.
    defers_to=frozenset({"container-host-driver", "paddle-library-missing"}),
)
def _advise_driver_lib_missing(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    lib = m.groupdict().get("lib") or (
        "libnvidia-ml.so.1" if m.groupdict().get("nvml") is not None else "libcuda.so"
    )
    facts: dict[str, object] = {"library": lib}
    cause = _(
        "{lib} comes with the NVIDIA driver, not with PyTorch or the CUDA toolkit. It "
        "cannot be loaded because no driver is installed, the program runs in a container "
        "without GPU access, or (WSL) /usr/lib/wsl/lib is not on the loader path."
    ).format(lib=lib)
    if amd_gpu_named(ctx):
        cause += sep() + _(AMD_GPU_CAUSE)
        amd = (_(AMD_ROCM_STEP), _("Or run on the CPU (device='cpu')."))
        return Advice(cause, amd, {**facts, "gpu_vendor": "AMD"}, used_local_facts=k.local)
    if k.wsl or ctx.has("/usr/lib/wsl"):
        cause += sep() + _(
            "This is WSL: libcuda comes from the Windows driver, in /usr/lib/wsl/lib."
        )
    elif runtime := container_runtime_named(ctx):
        # The paste itself says it ran in a container (ahmetoner/whisper-asr-webservice#205:
        # "the latest-gpu variant of the image using podman"): the runtime mounts the host
        # driver's libraries, or nothing does.
        facts["container_runtime"] = runtime
        cause += sep() + _(
            "This ran in a container ({runtime}): the host driver's libraries get into it only "
            "when the container runtime is asked for the GPU."
        ).format(runtime=runtime)
        return Advice(cause, container_gpu_steps(runtime), facts, key=lib, used_local_facts=k.local)
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
                    "machine install one (`{ubuntu}` on Ubuntu), never inside WSL 2 or a "
                    "container, where the driver comes from Windows or the host."
                ).format(ubuntu=UBUNTU_RECOMMENDED_DRIVER),
            )
    return Advice(cause, fix, facts, key=lib, used_local_facts=k.local)


@FAMILY.entry(
    code="no-nvidia-driver",
    finding_code="no-driver",
    keywords=(msg.NO_DRIVER_ANCHOR,),
    title=N_("No NVIDIA driver found"),
    patterns=(rx(msg.NO_DRIVER),),
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
    if amd_gpu_named(ctx):
        # The paste says the GPU is AMD's (and names no NVIDIA one): no NVIDIA driver can
        # help, ROCm builds can.
        facts["gpu_vendor"] = "AMD"
        cause += sep() + _(AMD_GPU_CAUSE)
        steps: tuple[str, ...] = (_(AMD_ROCM_STEP), _("Or run on the CPU (device='cpu')."))
        return Advice(cause, steps, facts, used_local_facts=k.local)
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
    program = program_hides_gpus(ctx)
    if program is not None:
        return program
    if hidden_on_command_line(ctx):
        # The command in the paste hides every GPU itself: nothing is broken.
        facts["CUDA_VISIBLE_DEVICES"] = ""
        cause = _(
            "The command sets CUDA_VISIBLE_DEVICES to a value that hides every GPU (empty, "
            "-1, or a scheduler's NoDevFiles/none): CUDA then finds none. Nothing is broken."
        )
        fix_hidden = (
            _(
                "Run it without CUDA_VISIBLE_DEVICES, or with the GPUs meant "
                "(CUDA_VISIBLE_DEVICES=0); under Slurm, request GPUs for the job "
                "(`--gres=gpu:1`) and it sets the variable itself."
            ),
        )
        return Advice(
            cause, fix_hidden, facts, finding_code="gpus-hidden", used_local_facts=k.local
        )
    past = past_last_branch_step(ctx.matrix, k)
    fix: list[str] = [past] if past else []
    if k.wsl == 2:
        # errors_blind72 (cuML): a libcuda of a Linux driver inside WSL found before
        # WSL's own reaches no GPU.
        cause = _(
            "CUDA started but found no usable GPU. This runs under WSL 2, where the GPU "
            "comes only through the Windows driver's libcuda in /usr/lib/wsl/lib: a Linux "
            "NVIDIA driver or another libcuda installed inside WSL and found first sees no "
            "device. A Docker container started without the GPU, and CUDA_VISIBLE_DEVICES, "
            "hide it as anywhere."
        )
    if k.cuda_visible_devices is not None:
        facts["CUDA_VISIBLE_DEVICES"] = k.cuda_visible_devices
        cause += sep() + _("Here CUDA_VISIBLE_DEVICES={value!r}.").format(
            value=k.cuda_visible_devices
        )
    fix.append(
        _(
            "Check `echo $CUDA_VISIBLE_DEVICES`: unset it, or list valid indices/UUIDs from "
            "`nvidia-smi -L`. Programs often set it themselves: search the code and its "
            "launch scripts for CUDA_VISIBLE_DEVICES (a hard-coded '3' on a one-GPU machine "
            "hides every GPU)."
        )
    )
    fix.extend(no_driver_steps(k))
    return Advice(
        cause,
        tuple(fix),
        facts,
        finding_code="gpus-hidden" if hides_every_gpu(k.cuda_visible_devices) else None,
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
        fix.extend(wsl_steps(k))
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
        "or container; or the GPU is in a bad state after an Xid error. A damaged driver "
        "installation gives the same error on a single-user machine, where reinstalling "
        "the driver fixed it (AUTOMATIC1111/stable-diffusion-webui#2986)."
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
        _(
            "On your own desktop or laptop: reinstall the NVIDIA driver (a clean install "
            "of the current one for the GPU; under WSL, the Windows driver), then reboot."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=k.local)


# WSL 2 mounts the Windows driver's Linux libraries at /usr/lib/wsl/lib (from
# C:\\Windows\\System32\\lxss\\lib), libcuda.so, libcuda.so.1 and libcuda.so.1.1 as three
# copies: ldconfig warns on every run (microsoft/WSL#5548, "copies not symlinks"; the warning
# "hasn't proved blocking"), and a program that calls os.readlink on them gets EINVAL. The
# links can be made on the Windows side (yuk7/ArchWSL#248, microsoft/WSL#10046).
@FAMILY.entry(
    code="wsl-libcuda-link",
    keywords=("/usr/lib/wsl/lib/", "is not a symbolic link"),
    title=N_("WSL's libcuda.so.1 is a copy, not a link"),
    patterns=(
        rx(r"/usr/lib/wsl/lib/(?P<lib>libcuda\.so(?:\.\d)*) is not a symbolic link"),
        # The same warning without its folder (an issue title).
        rx(r"(?<![\w/.])(?P<lib>libcuda\.so\.1) is not a symbolic link"),
        # os.readlink() on the copy: "[Errno 22] Invalid argument".
        rx(
            r"\[Errno 22\] Invalid argument: '/usr/lib/wsl/lib/"
            r"(?P<lib>libcuda\.so(?:\.\d)*)'(?P<readlink>)"
        ),
    ),
)
def _advise_wsl_link(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    lib = m.group("lib")
    facts: dict[str, object] = {"library": lib}
    cause = _(
        "Under WSL 2 the NVIDIA driver of Windows provides libcuda in /usr/lib/wsl/lib, and "
        "there {lib} is a copy of libcuda.so.1.1 instead of a link to it. ldconfig only "
        "warns about it: CUDA itself works with the copies (if it does not, look for the "
        "cause elsewhere, starting with `nvidia-smi` in WSL)."
    ).format(lib=lib)
    if m.groupdict().get("readlink") is not None:
        facts["readlink"] = True
        cause += sep() + _(
            "Here a program called os.readlink() on it, which fails on a file that is not a "
            "link (Errno 22)."
        )
    fix = [
        _(
            "To make the links, in a Windows command prompt (cmd) run as Administrator: `cd "
            "C:\\Windows\\System32\\lxss\\lib`, `del libcuda.so libcuda.so.1`, `mklink "
            "libcuda.so libcuda.so.1.1`, `mklink libcuda.so.1 libcuda.so.1.1`, then `wsl "
            "--shutdown`; a Windows driver update restores the copies."
        ),
        _("Otherwise ignore the ldconfig warning: it does not stop CUDA."),
        _(
            "Never install a Linux NVIDIA driver inside WSL: the Windows driver is the one "
            "WSL uses."
        ),
    ]
    if facts.get("readlink"):
        fix.insert(
            0,
            _(
                "In the program, resolve the library with os.path.realpath() (which accepts "
                "a plain file) instead of os.readlink(), or catch OSError there."
            ),
        )
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


@FAMILY.entry(
    code="libcuda-link-missing",
    finding_code="no-driver",
    keywords=("cannot find -lcuda", "cuda.so cannot found", "cuda.so not found"),
    title=N_("The linker finds no libcuda.so (only the driver's libcuda.so.1)"),
    patterns=(
        rx(r"\bld(?:\.\w{1,10})?: cannot find -lcuda(?![\w-])"),
        # Triton's libcuda_dirs() before it builds its launcher: "libcuda.so cannot found!"
        # (with "Possible files are located at [...]" or a hint to run /sbin/ldconfig);
        # also retyped ("lidcuda.so not found").
        # A bare "libcuda.so not found" is also a CPU-only tool's harmless warning: only
        # Triton's assertion counts.
        rx(r"\bli\wcuda\.so cannot found!?|AssertionError:? li\wcuda\.so not found"),
    ),
)
def _advise_lcuda(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    cause = _(
        "A build links against libcuda.so, the driver library's unversioned name: Triton "
        "compiling its launcher (torch.compile, Triton kernels) or a CUDA extension. The "
        "driver installs libcuda.so.1; the unversioned link comes from a development "
        "package or not at all (containers mount only libcuda.so.1, WSL keeps it in "
        "/usr/lib/wsl/lib)."
    )
    fix: list[str] = [
        _(
            "Find the driver's copy: `ldconfig -p | grep libcuda`. If it shows nothing, "
            "refresh the loader's cache with `sudo ldconfig` (after a driver install) and "
            "check that `nvidia-smi` works."
        ),
    ]
    if k.wsl == 1:
        fix.extend(wsl_steps(k))
    elif k.wsl:
        fix.append(_("WSL 2: `export LD_LIBRARY_PATH=/usr/lib/wsl/lib:$LD_LIBRARY_PATH`."))
    fix += [
        _(
            "Add the link next to it, e.g. `sudo ln -s /usr/lib/x86_64-linux-gnu/libcuda.so.1 "
            "/usr/lib/x86_64-linux-gnu/libcuda.so && sudo ldconfig` (the folder ldconfig showed)."
        ),
        _(
            "For Triton, pointing it at that folder also works: "
            "`export TRITON_LIBCUDA_PATH=<folder with libcuda.so.1>`."
        ),
    ]
    return Advice(cause, tuple(fix), {}, used_local_facts=k.local)


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
