"""CUDA could not start: the cudaGetDeviceCount / cuInit error numbers (PTX the driver cannot
compile is driver.py's)."""

from __future__ import annotations

import re

from envdoctor.explain import cuda_errors
from envdoctor.explain.driver_steps import wsl_steps
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import ErrorKind, Family, rx, sep
from envdoctor.explain.steps import CDI_GENERATE, CHECK_DRIVER, driver_facts, other_runtime
from envdoctor.explain.visible_devices import SET_ON_COMMAND_LINE, set_in_code
from envdoctor.i18n import N_, _

FAMILY = Family("cuda_init")


_MSG_END = re.compile(r" (?:\(|at [/A-Za-z]|return |RuntimeError|ERROR|Traceback|File |;)")
_ENTRY = "cuda-init-failed"
# Start-up failures whose number or name another entry explains are left to it.
_OWNED = cuda_errors.owned_at_startup(_ENTRY)
_OWNED_NAMES = cuda_errors.owned_names(_ENTRY)


def _error_number(m: re.Match[str]) -> int | None:
    """The CUDA error number: written in the message, or known from its name or text."""
    written = m.groupdict().get("num")
    if written and written.lstrip("-").isdigit():
        return int(written)
    row = cuda_errors.row_of(m)
    return row.number if row is not None else None


# Machines whose 8 GPUs are joined by NVSwitch: AWS p4d/p4de/p5, NVIDIA DGX/HGX boards.
_NVSWITCH_MACHINE = re.compile(
    r"\bp(?:4de?|5e?n?)\.\d{0,2}xlarge\b|\b[DH]GX[ -]?(?:A100|H100|H200|B200|B300)\b"
)


def _thc_invalid_argument(facts: dict[str, object], local: bool) -> Advice:
    # PyTorch 0.4-1.0's CUDA 8/9 builds start on a Turing GPU (RTX 20, T4) this way:
    # their CUDA predates sm_75 (fastai/fastai#1566; fixed by a CUDA 10 build).
    cause = _(
        "PyTorch could not start CUDA (error 11, invalid argument, in THCGeneral): PyTorch "
        "0.4-1.0 builds for CUDA 8 or 9 fail this way on GPUs newer than their CUDA, such "
        "as an RTX 20 series or a T4 (Turing), which needs a build for CUDA 10 or newer."
    )
    steps = (
        _(
            'Compare `python -c "import torch; print(torch.__version__, torch.version.cuda)"` '
            "with the GPU (`nvidia-smi -L`)."
        ),
        _(
            "Install a PyTorch built for CUDA 10 or newer (torch 1.0 and later have such "
            "builds); `envdoctor install` prints the command for this machine."
        ),
    )
    return Advice(cause, steps, facts, key="11", used_local_facts=local)


@FAMILY.entry(
    code=_ENTRY,
    finding_code="cuda-unavailable",
    keywords=tuple(
        sorted(
            {"cuda runtime error", "driver initialization failed", *cuda_errors.keywords(_ENTRY)}
        )
    ),
    title=N_("CUDA initialisation failed"),
    patterns=(
        *cuda_errors.patterns(_ENTRY),
        # PyTorch's start-up check, whatever number CUDA returned.
        rx(
            rf"Unexpected error from cudaGetDeviceCount\(\).{{0,200}}?Error (?!(?:{_OWNED}):)"
            r"(?P<num>\d+): (?P<msg>[A-Za-z][A-Za-z0-9 /,'-]{0,100})"
        ),
        # The same warning cut before its number (an issue title).
        rx(
            r"(?:Unexpected error from cudaGetDeviceCount\(\)|cudaGetDeviceCount\(\)\. Did you "
            r"run some cuda functions)(?P<cut>)(?!.{0,200}?Error \d+)"
        ),
        # PyTorch 1.x started CUDA in THCGeneral: any failure there is a failed start (other
        # THC files print the same form for the program's own kernels: not here).
        rx(
            rf"cuda runtime error \((?!(?:{_OWNED})\))(?P<num>\d+)\) : "
            r"(?P<msg>[A-Za-z][A-Za-z0-9 /,'-]{0,100}?) at \S{0,200}THCGeneral\.cp"
        ),
        # cuInit failing with an error of no other entry (TensorFlow/JAX, numba, PyCUDA).
        rx(
            rf"(?:failed call to cuInit: |(?<!\] )(?<!\])Call to cuInit results in |cuInit "
            rf"failed: )(?!(?:{_OWNED_NAMES})\b)(?P<msg>UNKNOWN ERROR \((?!(?:{_OWNED})\))"
            r"(?P<num>-?\d+)\)|UNKNOWN_CUDA_ERROR|CUDA_ERROR_[A-Z_]+)"
        ),
        rx(
            rf"\[(?!(?:{_OWNED})\])(?P<num>-?\d+)\] ?Call to cuInit results in "
            r"(?P<msg>[A-Z_]+)"
        ),
        # Ollama's cuInit failure with a number no other entry explains (500, 3, ...).
        rx(rf"(?:cuda driver library|nvcuda) init failure: (?!(?:{_OWNED})\b)(?P<num>\d+)"),
        # torch._C._cuda_init's words for cudaErrorInitializationError (3).
        rx(r"(?P<torch3>CUDA driver initialization failed, you might not have a CUDA gpu)"),
    ),
    specificity=3,
    # CUDA's "unknown error" at start-up has its own entry; a driver whose module and
    # libraries differ (NVML's or TensorFlow's DSO diagnosis in the same paste) is why cuInit
    # failed.
    defers_to=frozenset({"cuda-unknown-error", "nvml-driver-library-mismatch"}),
)
def _advise_cuda_init(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    number = _error_number(m)
    row = cuda_errors.row_of(m)
    raw = m.groupdict().get("msg") or m.groupdict().get("text") or m.groupdict().get("name")
    row = row or (cuda_errors.by_number(number) if number is not None else None)
    message = _MSG_END.split(raw or (row.texts[0] if row else ""), maxsplit=1)[0].strip()
    number = 3 if m.groupdict().get("torch3") else number
    facts: dict[str, object] = {"cuda_error": number, "cuda_error_text": message}
    facts.update(driver_facts(k))
    if number == 11 and "THCGeneral" in m.group(0):
        return _thc_invalid_argument(facts, k.local)
    if number == 804:
        cause = _(
            "CUDA loaded a driver library for forward compatibility (the cuda-compat "
            "package that many CUDA container images carry in /usr/local/cuda/compat, or a "
            "libcuda newer than the loaded kernel module). Forward compatibility works only "
            "on data-center GPUs, so on GeForce/RTX cards it fails."
        )
        fix: tuple[str, ...] = (
            _("If the driver was upgraded recently, reboot first."),
            _(
                "In a container, use an image whose CUDA the host driver supports natively "
                "(`nvidia-smi` on the host shows it), or remove /usr/local/cuda/compat from "
                "LD_LIBRARY_PATH and the ld.so cache."
            ),
            _("Or upgrade the host driver so no forward compatibility is needed."),
        )
        return Advice(
            cause,
            fix,
            facts,
            code="cuda-forward-compat-unsupported",
            title=_("CUDA forward compatibility not supported on this GPU"),
            key="804",
            used_local_facts=k.local,
        )
    if number == 802:
        cause = _(
            "On NVSwitch systems (HGX/DGX boards with 8 A100, H100, H200 or B200 GPUs) CUDA "
            "cannot start until the NVIDIA Fabric Manager service runs, and its version "
            "must match the driver exactly."
        )
        # Without the driver's version: the package of its branch, named by example.
        pkg = _(
            "nvidia-fabricmanager of the driver's branch, e.g. nvidia-fabricmanager-550 for a 550.x driver"
        )
        if k.driver_version:
            pkg = f"nvidia-fabricmanager-{k.driver_version.split('.')[0]}={k.driver_version}-*"
        fix = (
            _("Check it: `systemctl status nvidia-fabricmanager`."),
            _(
                "Install the package matching the driver ({pkg}) and start it: "
                "`sudo systemctl enable --now nvidia-fabricmanager`."
            ).format(pkg=pkg),
            _("On other machines this error usually means the driver needs a reboot."),
        )
        return Advice(
            cause,
            fix,
            facts,
            code="cuda-fabric-manager-not-running",
            title=_("CUDA system not initialised (Fabric Manager)"),
            key="802",
            used_local_facts=k.local,
        )
    if number == 803:
        cause = _(
            "The CUDA driver library (libcuda) and the loaded kernel module come from "
            "different driver versions: a half-finished upgrade, a mixed install, or "
            "compat libraries from a container image."
        )
        fix = (
            _("Reboot after the driver upgrade."),
            _("Remove /usr/local/cuda/compat (or other libcuda copies) from LD_LIBRARY_PATH."),
            _("If it persists, reinstall the driver cleanly."),
        )
        return Advice(
            cause,
            fix,
            facts,
            code="cuda-driver-combination-unsupported",
            title=_("Unsupported display driver / CUDA driver combination"),
            key="803",
            finding_code="driver-library-mismatch",
            used_local_facts=k.local,
        )
    if number == 500:
        return _named_symbol_not_found(ctx, facts)
    if number is None and m.groupdict().get("cut") is not None:
        cause = _(
            "CUDA could not initialise, and torch.cuda.is_available() is False. The error "
            "number that follows in the full message (802, 803, 804, 999, ...) says why; "
            "this text ends before it."
        )
        fix_cut: tuple[str, ...] = (
            _(
                'Get the full message: `python -c "import torch; torch.cuda.init()"`, and '
                "explain its last line."
            ),
            _(CHECK_DRIVER),
        )
        nvswitch = ctx.near(_NVSWITCH_MACHINE, "xlarge", before=12, reach=4) or ctx.near(
            _NVSWITCH_MACHINE, "dgx", "hgx", before=0, reach=12
        )
        if nvswitch is not None:
            # On these boards error 802 (Fabric Manager) is the usual start failure.
            facts["nvswitch_machine"] = nvswitch.group(0)
            cause += sep() + _(
                "{machine} is an NVSwitch system: there CUDA cannot start until the NVIDIA "
                "Fabric Manager service runs with exactly the driver's version (error 802), "
                "the usual reason on such machines."
            ).format(machine=nvswitch.group(0))
            fix_cut = (_("Check it: `systemctl status nvidia-fabricmanager`."), *fix_cut)
        return Advice(cause, fix_cut, facts, key="cut", used_local_facts=k.local)
    runtime = other_runtime(ctx)
    if runtime is not None:
        facts["runtime"] = runtime
        cause = _(
            "CUDA could not initialise (error {number}: {message}), so {runtime} cannot use "
            "the GPU."
        ).format(number="?" if number is None else number, message=message or "?", runtime=runtime)
    else:
        cause = _(
            "CUDA could not initialise (error {number}: {message}). PyTorch then reports "
            "torch.cuda.is_available() == False."
        ).format(number="?" if number is None else number, message=message or "?")
    fix_list: list[str] = []
    if k.wsl == 1:
        fix_list.extend(wsl_steps(k))
    elif k.wsl or number == 2:
        fix_list.append(
            _(
                "On WSL 2: update the Windows NVIDIA driver and WSL (`wsl --update`), "
                "remove Linux nvidia-driver packages inside the distro, and check that "
                "/usr/lib/wsl/lib/libcuda.so.1 exists."
            )
        )
    if number == 999:
        fix_list.append(
            _(
                "Error 999 often follows suspend/resume: `sudo rmmod nvidia_uvm && sudo "
                "modprobe nvidia_uvm`, or reboot."
            )
        )
    if number == 3:
        fix_list.append(
            _(
                "Initialization error (3): in a container, start it with the GPU (`--gpus "
                "all`); check that /dev/nvidia* exist and are readable by this user. If it "
                "happens only in worker processes, CUDA was started before they were forked: "
                "start them with spawn (vLLM: VLLM_WORKER_MULTIPROC_METHOD=spawn)."
            )
        )
    if number == 3 and not (k.wsl or k.container or k.os == "Windows"):
        # NVIDIA's open modules with HMM in nvidia_uvm on some R570/R575 drivers (ollama#11593:
        # an RTX PRO 6000 on 575.57; the reporter's workaround): bare-metal Linux only.
        fix_list.append(
            _(
                "On a recent driver where everything else is in place, nvidia_uvm's HMM can be "
                "the cause: add `options nvidia_uvm uvm_disable_hmm=1` to a file in "
                "/etc/modprobe.d/ and reboot, or update the driver."
            )
        )
    fix_list.append(_("Reboot if the driver was upgraded recently."))
    fix_list.append(_("Run `envdoctor check` for the driver, GPU and PyTorch state."))
    return Advice(cause, tuple(fix_list), facts, key=str(number), used_local_facts=k.local)


def _named_symbol_not_found(ctx: Context, facts: dict[str, object]) -> Advice:
    """Error 500 when CUDA starts: the libcuda loaded lacks a function the runtime asks for.
    Reported widely from Docker Desktop on WSL 2 after NVIDIA's Windows 555 drivers, fixed by
    updating Docker Desktop (Whisper-WebUI#279, ComfyUI-Docker#74) or by a 552 driver
    (tensorflow#68711)."""
    k = ctx.known
    docker = bool(k.container) or ctx.has("docker")
    cause = _(
        "CUDA could not start (error 500: named symbol not found): the driver library "
        "(libcuda) that was loaded lacks a function the CUDA runtime asks for, so the two "
        "do not fit."
    )
    desktop = _(
        "Docker Desktop on Windows (WSL 2): update Docker Desktop to its latest release and "
        "restart it; check with `docker run --rm --gpus all nvcr.io/nvidia/k8s/cuda-sample:nbody "
        "nbody -gpu -benchmark`. If that does not help, a Windows driver of the 552 branch "
        "is known to work."
    )
    copy = _(
        "A libcuda of another version may be loaded before the driver's (a copy in the "
        "image, a CUDA compat folder, LD_LIBRARY_PATH): find it with `ldconfig -p | grep "
        "libcuda` and remove it, so the driver's own is used."
    )
    if k.os == "Windows" and not (docker or k.wsl):
        # Native Windows: the driver's nvcuda.dll, not a libcuda on a loader path.
        copy = _(
            "A driver DLL of another version is loaded (nvcuda.dll copied next to the "
            "program, or left from an old driver): reinstall the NVIDIA driver with the "
            "installer's clean-installation option."
        )
    if docker or k.wsl:
        cause += sep() + _(
            "In containers on WSL 2 this followed NVIDIA's Windows 555 drivers: Docker "
            "Desktop's GPU support had to be updated for them."
        )
        fix: tuple[str, ...] = (desktop, copy)
    else:
        fix = (copy, desktop)
    return Advice(cause, fix, facts, key="500", used_local_facts=k.local)


_REQUEST_REACH = 20000
_DEVICE_REQUEST = re.compile(
    r"(?P<req>cuda:\d+|\.cuda\(\d+\)|set_device\([\w.]{1,40}\)|--nproc_per_node[= ]\d+|"
    + SET_ON_COMMAND_LINE
    + ")"
)


@FAMILY.entry(
    code="cuda-invalid-device-ordinal",
    kind=ErrorKind.CODE,
    keywords=cuda_errors.keywords("cuda-invalid-device-ordinal"),
    title=N_("GPU index that does not exist (invalid device ordinal)"),
    patterns=cuda_errors.patterns("cuda-invalid-device-ordinal"),
    specificity=3,
    # No GPU at all makes every index invalid: then the driver is the problem, not the code.
    defers_to=frozenset({"nvidia-smi-no-devices"}),
)
def _advise_invalid_ordinal(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    facts = cuda_errors.error_facts(cuda_errors.row_of(m) or cuda_errors.by_number(101))
    # The device the program asked for is named in its code or command, before the error.
    near = ctx.text[max(0, m.start() - _REQUEST_REACH) : m.end() + 2000]
    requests = sorted({r.group("req") for r in _DEVICE_REQUEST.finditer(near)})[:5]
    if requests:
        facts["device_requests"] = requests
    if k.cuda_visible_devices is not None:
        facts["CUDA_VISIBLE_DEVICES"] = k.cuda_visible_devices
    cause = _(
        "The program asked CUDA for a GPU index that this process does not have: CUDA "
        "numbers the GPUs it can see from 0, and CUDA_VISIBLE_DEVICES leaves only the GPUs "
        "it lists (renumbered from 0). Typical causes: a hard-coded cuda:1 or .cuda(1) on "
        "a one-GPU machine, more processes per node (torchrun --nproc_per_node, "
        "local_rank) than visible GPUs, or a --gpu / device option beyond the count. The "
        "installation is fine."
    )
    if requests:
        cause += sep() + _("The text requests: {requests}.").format(requests=", ".join(requests))
    fix = (
        _(
            'See what this process can use: `python -c "import torch; '
            'print(torch.cuda.device_count())"` and `echo $CUDA_VISIBLE_DEVICES`; valid '
            "indices are 0 to count-1."
        ),
        _(
            "Use an index below that count (cuda:0 on a single GPU), or set "
            "CUDA_VISIBLE_DEVICES to the GPUs you mean and index them from 0."
        ),
        _(
            "For torchrun / torch.distributed.launch: --nproc_per_node must not exceed the "
            "visible GPUs, and each rank should use cuda:LOCAL_RANK."
        ),
    )
    return Advice(cause, fix, facts, used_local_facts=k.local)


# Containers started through CDI get the device nodes its spec lists; after a host driver
# update the spec names files that no longer exist until it is generated again.
_CDI_STEP = N_(
    "If the container gets the GPU through CDI (`--device nvidia.com/gpu=...`, Podman, the "
    "NVIDIA Container Toolkit's CDI mode): after a host driver update, regenerate the spec on "
    "the host with `{command}` and restart "
    "the container."
)


@FAMILY.entry(
    code="cuda-unknown-error",
    finding_code="cuda-unavailable",
    keywords=(
        "cuda unknown error",
        "error=30",
        *cuda_errors.keywords("cuda-unknown-error"),
    ),
    title=N_("CUDA unknown error at start-up"),
    patterns=(
        rx(
            r"CUDA unknown error ?- ?this may be due to an incorrectly set up environment"
            r"(?:, e\.g\. changing env variable CUDA_VISIBLE_DEVICES after program start)?"
        ),
        # The same cudaErrorUnknown (30) from cudaGetDeviceCount in torch's old THC layer.
        rx(r"THCudaCheck FAIL file= ?\S+ line=\d+ error=30\b(?: : unknown error)?"),
        *cuda_errors.patterns("cuda-unknown-error"),
    ),
    specificity=2,
)
def _advise_unknown(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    facts: dict[str, object] = driver_facts(k)
    cause = _(
        "CUDA could not start and gave no reason ('unknown error'); torch then sees zero "
        "GPUs. The usual causes: the nvidia_uvm kernel module is in a bad state after "
        "suspend/resume or a driver update, the /dev/nvidia-uvm device is missing (a "
        "container, or no CUDA program has run as root since boot), "
        "CUDA_VISIBLE_DEVICES was changed after CUDA had started, or there is no working "
        "NVIDIA driver or GPU at all (a virtual machine without GPU passthrough; then "
        "`nvidia-smi` fails too)."
    )
    fix: list[str] = []
    if set_in_code(ctx) is not None:
        facts["sets_cuda_visible_devices"] = True
        cause += sep() + _(
            "The program sets os.environ['CUDA_VISIBLE_DEVICES'] itself: that works only "
            "before torch touches CUDA."
        )
        fix.append(
            _(
                "Set CUDA_VISIBLE_DEVICES before starting Python (`CUDA_VISIBLE_DEVICES=0 "
                "python ...`) or at the very top of the script, before importing torch."
            )
        )
    if k.wsl == 1:
        fix.extend(wsl_steps(k))
    elif k.wsl:
        fix.append(
            _(
                "WSL 2: update the Windows NVIDIA driver and WSL (`wsl --update`), then "
                "`wsl --shutdown` and start the distro again."
            )
        )
    elif k.container:
        fix.append(
            _(
                "In a container: start it with `--gpus all`; if /dev/nvidia-uvm is missing, "
                "run `sudo nvidia-modprobe -u -c=0` on the host first."
            )
        )
        fix.append(_(_CDI_STEP).format(command=CDI_GENERATE))
    elif k.os == "Windows":
        # No nvidia_uvm on Windows: the driver itself is in a bad state.
        cause = _(
            "CUDA could not start and gave no reason ('unknown error'); on Windows this is "
            "the driver in a bad state: after an update, a crash (Device Manager then shows "
            "the GPU with an error code such as 43), or a driver that does not support this "
            "GPU."
        )
        fix.append(
            _(
                "Open Device Manager > Display adapters: if the NVIDIA GPU shows a warning or "
                "an error code, reinstall the driver from nvidia.com (choose a clean "
                "installation), then reboot."
            )
        )
    else:
        fix.append(
            _(
                "After suspend/resume or a driver update: `sudo rmmod nvidia_uvm && sudo "
                "modprobe nvidia_uvm` (no GPU process may run), or reboot."
            )
        )
        fix.append(
            _(
                "If /dev/nvidia-uvm does not exist: `sudo nvidia-modprobe -u -c=0` (or run "
                "any CUDA program once with sudo)."
            )
        )
    if not k.container and not k.wsl and k.os != "Windows":
        fix.append(_(_CDI_STEP).format(command=CDI_GENERATE))
    fix.append(_("Run `nvidia-smi`: if it fails too, explain its error first."))
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


__all__ = ["FAMILY"]
