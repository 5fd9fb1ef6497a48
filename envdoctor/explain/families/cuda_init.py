"""CUDA could not start: the cudaGetDeviceCount / cuInit error numbers, and PTX the driver cannot compile."""

from __future__ import annotations

import re
from dataclasses import replace

from envdoctor.explain.families.driver import advise_insufficient
from envdoctor.explain.families.driver_state import advise_no_device
from envdoctor.explain.knowledge import branch_of_cuda
from envdoctor.explain.model import Advice, Context
from envdoctor.explain.spec import Family, rx, sep
from envdoctor.explain.steps import driver_facts
from envdoctor.i18n import N_, _

FAMILY = Family("cuda_init")


_MSG_END = re.compile(r" (?:\(|at [/A-Za-z]|return |RuntimeError|ERROR|Traceback|File )")
# cudaGetErrorString texts whose number the message may leave out (CUDA runtime API docs).
_NUMBER_OF_TEXT = (
    ("forward compatibility", 804),
    ("unsupported display driver", 803),
    ("system not yet initiali", 802),
)


# cudaGetErrorString texts of a failed kernel or allocation, not of CUDA starting up.
_KERNEL_ERRORS = (
    r"device-side assert|an illegal memory access|out of memory|unspecified launch failure|"
    r"misaligned address|an illegal instruction"
)


def _error_number(m: re.Match[str]) -> int:
    """The CUDA error number: written in the message, or known from its fixed text."""
    written = m.groupdict().get("num")
    if written:
        return int(written)
    text = m.group("msg").lower()
    return next(number for words, number in _NUMBER_OF_TEXT if words in text)


@FAMILY.entry(
    code="cuda-init-failed",
    finding_code="cuda-unavailable",
    keywords=(
        "cudagetdevicecount",
        "cuda runtime error",
        "forward compatibility was attempted",
        "unsupported display driver / cuda driver",
        "system not yet initiali",
    ),
    title=N_("CUDA initialisation failed"),
    patterns=(
        rx(
            r"Unexpected error from cudaGetDeviceCount\(\).{0,200}?Error (?P<num>\d+): "
            r"(?P<msg>[A-Za-z][A-Za-z0-9 /,'-]{0,100})"
        ),
        # PyTorch 1.x (THCudaCheck) prints this form for every failed CUDA call, also for
        # the program's own kernels: those texts are code errors with entries of their own.
        rx(
            r"cuda runtime error \((?P<num>\d+)\) : (?!" + _KERNEL_ERRORS + r")"
            r"(?P<msg>[A-Za-z][A-Za-z0-9 /,'-]{0,100})"
        ),
        # Other programs (ONNX Runtime, TensorFlow, llama.cpp, CUDA samples) print the same
        # cudaGetErrorString text with their own wrapper, or the text alone.
        rx(r"CUDA (?:failure|error) (?P<num>80[234]): (?P<msg>[A-Za-z][A-Za-z0-9 /,'-]{0,100})"),
        rx(
            r"(?P<msg>forward compatibility was attempted on non supported HW|system has "
            r"unsupported display driver / cuda driver combination|system not yet initiali[sz]ed)"
        ),
    ),
    specificity=3,
)
def _advise_cuda_init(m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    number = _error_number(m)
    message = _MSG_END.split(m.group("msg") or "", maxsplit=1)[0].strip()
    facts: dict[str, object] = {"cuda_error": number, "cuda_error_text": message}
    facts.update(driver_facts(k))
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
        pkg = "nvidia-fabricmanager-<branch>"
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
    if number == 34:
        cause = _(
            "The program loaded the stub libcuda.so from a CUDA toolkit's lib64/stubs "
            "folder instead of the real driver library."
        )
        fix = (
            _("Remove the …/lib64/stubs folder from LD_LIBRARY_PATH."),
            _("Make sure the NVIDIA driver is installed (`nvidia-smi`)."),
        )
        return Advice(cause, fix, facts, key="34", used_local_facts=k.local)
    if number == 35:
        return replace(
            advise_insufficient(m, ctx),
            code="cuda-driver-insufficient",
            title=_("CUDA driver older than the CUDA runtime"),
            finding_code="driver-too-old",
        )
    if number in (38, 100):  # cudaErrorNoDevice: 38 before CUDA 10.1, 100 since
        return replace(
            advise_no_device(m, ctx),
            code="no-cuda-device",
            title=_("No CUDA-capable device visible"),
        )
    cause = _(
        "CUDA could not initialise (error {number}: {message}). PyTorch then reports "
        "torch.cuda.is_available() == False."
    ).format(number=number, message=message or "?")
    fix_list: list[str] = []
    if k.wsl or number == 2:
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
    fix_list.append(_("Reboot if the driver was upgraded recently."))
    fix_list.append(_("Run `envdoctor check` for the driver, GPU and PyTorch state."))
    return Advice(cause, tuple(fix_list), facts, key=str(number), used_local_facts=k.local)


@FAMILY.entry(
    code="ptx-unsupported-toolchain",
    keywords=("ptx",),
    title=N_("PTX from a newer CUDA than the driver"),
    patterns=(
        rx(r"provided PTX was comp?l?iled with an unsupported toolchain"),
        rx(r"cudaErrorUnsupportedPtxVersion|CUDA_ERROR_UNSUPPORTED_PTX_VERSION"),
    ),
)
def _advise_ptx(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    facts = driver_facts(k)
    cause = _(
        "The program contains PTX (portable GPU code) made by a newer CUDA toolkit than "
        "your driver knows, and no compiled code for your GPU. A driver can only "
        "JIT-compile PTX from its own CUDA version or older; minor-version compatibility "
        "does not cover this."
    )
    fix: list[str] = []
    local = [v for v in (k.nvcc, k.torch_cuda) if v is not None]
    if k.nvcc is not None:
        facts["nvcc_cuda"] = str(k.nvcc)
    dcuda = k.driver_cuda
    newer = [v for v in local if dcuda is None or (v.major, v.minor) > (dcuda.major, dcuda.minor)]
    if newer and dcuda is not None:
        top = max(newer, key=lambda v: (v.major, v.minor))
        facts["code_cuda"] = str(top)
        cause += sep() + _(
            "Here the code comes from CUDA {newer}, and the driver supports up to {dcuda}."
        ).format(newer=top, dcuda=dcuda)
        branch = branch_of_cuda(ctx.matrix, top)
        if branch:
            fix.append(
                _("Upgrade the driver to the R{branch} branch (CUDA {newer}) or newer.").format(
                    branch=branch, newer=top
                )
            )
    elif local and dcuda is not None:
        cause += sep() + _(
            "The CUDA here ({local}) is not newer than the driver's ({dcuda}), so the PTX "
            "comes from a prebuilt binary (a wheel or library built with a newer CUDA)."
        ).format(local=", ".join(str(v) for v in local), dcuda=dcuda)
        fix.append(
            _(
                "Rebuild that library from source with your local toolkit, or install a "
                "build of it made for CUDA {dcuda} or older."
            ).format(dcuda=dcuda)
        )
    if not fix:
        fix.append(
            _("Upgrade the NVIDIA driver to one whose CUDA version is at least the toolkit's.")
        )
    fix.append(
        _(
            "Or compile with a toolkit no newer than the driver's CUDA version, and with "
            "real code for your GPU (e.g. -arch=sm_86 / TORCH_CUDA_ARCH_LIST) so no JIT is "
            "needed."
        )
    )
    fix.append(_("In containers: use an image whose CUDA is not newer than the host driver's."))
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


_SETS_VISIBLE = re.compile(r"os\.environ\[['\"]CUDA_VISIBLE_DEVICES['\"]\]\s*=")


@FAMILY.entry(
    code="cuda-unknown-error",
    finding_code="cuda-unavailable",
    keywords=("cuda unknown error", "error=30 : unknown error"),
    title=N_("CUDA unknown error at start-up"),
    patterns=(
        rx(
            r"CUDA unknown error ?- ?this may be due to an incorrectly set up environment"
            r"(?:, e\.g\. changing env variable CUDA_VISIBLE_DEVICES after program start)?"
        ),
        # The same cudaErrorUnknown (30) from cudaGetDeviceCount in torch's old THC layer.
        rx(r"THCudaCheck FAIL file= ?\S+ line=\d+ error=30 : unknown error"),
    ),
    specificity=2,
    supersedes=frozenset({"cuda-init-failed"}),
)
def _advise_unknown(_m: re.Match[str], ctx: Context) -> Advice:
    k = ctx.known
    facts: dict[str, object] = driver_facts(k)
    cause = _(
        "CUDA could not start and gave no reason ('unknown error'); torch then sees zero "
        "GPUs. The usual causes: the nvidia_uvm kernel module is in a bad state after "
        "suspend/resume or a driver update, the /dev/nvidia-uvm device is missing (a "
        "container, or no CUDA program has run as root since boot), or "
        "CUDA_VISIBLE_DEVICES was changed after CUDA had started."
    )
    fix: list[str] = []
    if ctx.near(_SETS_VISIBLE, "cuda_visible_devices", before=16):
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
    if k.wsl:
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
    fix.append(_("Run `nvidia-smi`: if it fails too, explain its error first."))
    return Advice(cause, tuple(fix), facts, used_local_facts=k.local)


__all__ = ["FAMILY"]
