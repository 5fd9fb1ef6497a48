"""The result vocabulary of `check`: findings with stable codes, and the overall status."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

from envdoctor.result import Outcome


class Status(str, enum.Enum):
    """A finding's status. INFO is a finding's word only ("worth showing, not judged");
    the report's overall status is an `Outcome` word (ok / warn / fail)."""

    OK = "ok"
    INFO = "info"
    WARN = "warn"
    FAIL = "fail"

    @property
    def rank(self) -> int:
        return {"ok": 0, "info": 0, "warn": 1, "fail": 2}[self.value]

    @property
    def outcome(self) -> Outcome:
        """The result contract's word for this status (INFO judges nothing: ok)."""
        return {
            Status.OK: Outcome.OK,
            Status.INFO: Outcome.OK,
            Status.WARN: Outcome.WARN,
            Status.FAIL: Outcome.FAIL,
        }[self]


class Area(str, enum.Enum):
    """Sections of the report, in display order."""

    DRIVER = "driver"
    GPU = "gpu"
    TORCH = "torch"
    PYTHON = "python"
    SYSTEM = "system"


class FindingCode(str, enum.Enum):
    """The stable codes of check's findings (used verbatim in JSON). Adding is fine;
    renaming is not. Each code has one meaning, written next to it; where a code is
    emitted at more than one status, the status grades the same condition (how much of
    it, or whether it stops PyTorch here), it never switches to another condition.
    The README lists every code (tests/test_readme.py checks the two agree).
    """

    # -- problems
    NO_DRIVER = "no-driver"  # an NVIDIA GPU (or an unknown bus) but no driver installed
    DRIVER_NOT_LOADED = "driver-not-loaded"  # installed, kernel module not loaded
    DRIVER_LIBRARY_MISMATCH = "driver-library-mismatch"  # kernel module and libraries differ
    DRIVER_NO_PERMISSION = "driver-no-permission"  # /dev/nvidia* not accessible
    DRIVER_ERROR = "driver-error"  # the driver answered with an error, or its libraries fail
    DRIVER_UNKNOWN = "driver-unknown"  # the driver's version is not known (report lacks it)
    # The driver's version is known but the matrix has no rule for it with the CUDA build.
    DRIVER_CUDA_UNKNOWN = "driver-cuda-unknown"
    DRIVER_TOO_OLD = "driver-too-old"  # the driver cannot run the installed CUDA build
    # The driver is newer than the last branch that supports this GPU (NVIDIA dropped it).
    DRIVER_TOO_NEW = "driver-too-new"
    # The driver is older than the first branch that drives this GPU's architecture (fail on
    # a documented row, warn when inferred from the CUDA toolkit only).
    DRIVER_PREDATES_GPU = "driver-predates-gpu"
    DRIVER_MINOR_COMPAT = "driver-minor-compat"  # runs it only via CUDA minor-version compat
    # Runs it only through a forward-compatibility libcuda (cuda-compat; data-center GPUs).
    DRIVER_FORWARD_COMPAT = "driver-forward-compat"
    NO_GPU = "no-gpu"  # no NVIDIA GPU here (info on macOS, which has no CUDA at all)
    GPU_UNKNOWN = "gpu-unknown"  # a GPU whose compute capability is not known
    GPU_ARCH_UNSUPPORTED = "gpu-arch-unsupported"  # the build has no kernels for the GPU
    GPU_ARCH_PTX_JIT = "gpu-arch-ptx-jit"  # kernels only by JIT-compiling PTX
    GPU_ARCH_UNKNOWN = "gpu-arch-unknown"  # the build's arch list is not known
    # A visibility variable hides GPUs: fail when it hides all of them, warn when some.
    GPUS_HIDDEN = "gpus-hidden"
    GPUS_ORDER = "gpus-order"  # CUDA and nvidia-smi may number the GPUs differently
    TORCH_MISSING = "torch-missing"  # PyTorch is not installed in the target interpreter
    TORCH_BROKEN = "torch-broken"  # PyTorch is installed but fails to import or crashes
    TORCH_CPU_ONLY = "torch-cpu-only"  # a CPU-only build on a machine with an NVIDIA GPU
    TORCH_ROCM_BUILD = "torch-rocm-build"  # a ROCm build (fail when NVIDIA GPUs are present)
    TORCH_UNKNOWN_RELEASE = "torch-unknown-release"  # a release the matrix does not know
    # Whether PyTorch works is not known: a report does not say, or the probe could not tell.
    TORCH_UNKNOWN = "torch-unknown"
    CUDA_UNAVAILABLE = "cuda-unavailable"  # torch.cuda.is_available() is False on a CUDA build
    # PyTorch publishes no wheel for this Python: fail when no release does (nothing to
    # install), warn when only the installed release does not (it imports anyway).
    PYTHON_UNSUPPORTED = "python-unsupported"
    PYTHON_UNKNOWN = "python-unknown"  # the Python version is not known
    INTERPRETER_NOT_FOUND = "interpreter-not-found"  # the target interpreter does not run
    # A CUDA library from outside torch's wheel / nvidia-* wheels / conda env is loaded in
    # front of torch's own: fail when its major version differs from the build's, else warn.
    CUDA_LIBRARY_SHADOWED = "cuda-library-shadowed"
    # A cuda-compat (forward-compatibility) libcuda is loaded on a GPU that lacks support.
    CUDA_FORWARD_COMPAT_UNSUPPORTED = "cuda-forward-compat-unsupported"
    # -- only from pasted evidence (check --from)
    # An error message explain recognises whose cause no other code names (explain's own
    # code is in `facts.explained_as`): fail for a fault of the environment, warn for a bug
    # in the user's code, a condition of one run, or an error the facts contradict.
    ERROR_RECOGNISED = "error-recognised"
    EVIDENCE_CONFLICT = "evidence-conflict"  # the inputs state different values for one fact
    PIP_NO_MATCHING_TORCH = "pip-no-matching-torch"  # pip has no such torch for that Python
    INPUT_NOTE = "input-note"  # how an input was read (bytes replaced, encoding guessed)
    # -- healthy lines
    DRIVER_OK = "driver-ok"
    GPU_OK = "gpu-ok"
    TORCH_OK = "torch-ok"
    PYTHON_OK = "python-ok"
    SYSTEM_INFO = "system-info"
    TOOLKIT_INFO = "toolkit-info"
    CUDA_LIBRARIES_INFO = "cuda-libraries-info"  # system CUDA/cuDNN installs found (information)

    # A code prints as itself ("gpus-hidden", not "FindingCode.GPUS_HIDDEN") in text,
    # Markdown and logs, as the plain strings it replaces did.
    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)


_OK, _INFO, _WARN, _FAIL = Status.OK, Status.INFO, Status.WARN, Status.FAIL
# The statuses each code is emitted at: a code never changes meaning with its status, and
# this table is where a second status for a code has to be argued (the enum's comments).
STATUSES: dict[FindingCode, frozenset[Status]] = {
    code: frozenset(statuses)
    for code, statuses in {
        FindingCode.NO_DRIVER: {_FAIL},
        FindingCode.DRIVER_NOT_LOADED: {_FAIL},
        FindingCode.DRIVER_LIBRARY_MISMATCH: {_FAIL},
        FindingCode.DRIVER_NO_PERMISSION: {_FAIL},
        FindingCode.DRIVER_ERROR: {_WARN},
        FindingCode.DRIVER_UNKNOWN: {_WARN},
        FindingCode.DRIVER_CUDA_UNKNOWN: {_WARN},
        FindingCode.DRIVER_TOO_OLD: {_FAIL},
        FindingCode.DRIVER_TOO_NEW: {_FAIL},
        FindingCode.DRIVER_PREDATES_GPU: {_FAIL, _WARN},
        FindingCode.DRIVER_MINOR_COMPAT: {_WARN},
        FindingCode.DRIVER_FORWARD_COMPAT: {_WARN},
        FindingCode.NO_GPU: {_INFO, _WARN},
        FindingCode.GPU_UNKNOWN: {_WARN},
        FindingCode.GPU_ARCH_UNSUPPORTED: {_FAIL},
        FindingCode.GPU_ARCH_PTX_JIT: {_WARN},
        FindingCode.GPU_ARCH_UNKNOWN: {_WARN},
        FindingCode.GPUS_HIDDEN: {_WARN, _FAIL},
        FindingCode.GPUS_ORDER: {_WARN},
        FindingCode.TORCH_MISSING: {_FAIL},
        FindingCode.TORCH_BROKEN: {_FAIL},
        FindingCode.TORCH_CPU_ONLY: {_FAIL},
        FindingCode.TORCH_ROCM_BUILD: {_WARN, _FAIL},
        FindingCode.TORCH_UNKNOWN_RELEASE: {_WARN},
        FindingCode.TORCH_UNKNOWN: {_WARN},
        FindingCode.CUDA_UNAVAILABLE: {_FAIL},
        FindingCode.PYTHON_UNSUPPORTED: {_WARN, _FAIL},
        FindingCode.PYTHON_UNKNOWN: {_WARN},
        FindingCode.INTERPRETER_NOT_FOUND: {_FAIL},
        FindingCode.CUDA_LIBRARY_SHADOWED: {_WARN, _FAIL},
        FindingCode.CUDA_FORWARD_COMPAT_UNSUPPORTED: {_FAIL},
        FindingCode.ERROR_RECOGNISED: {_WARN, _FAIL},
        FindingCode.EVIDENCE_CONFLICT: {_WARN},
        FindingCode.PIP_NO_MATCHING_TORCH: {_FAIL},
        FindingCode.INPUT_NOTE: {_INFO},
        FindingCode.DRIVER_OK: {_OK},
        # info: an arch warning in a paste that PyTorch's own rule calls harmless.
        FindingCode.GPU_OK: {_OK, _INFO},
        FindingCode.TORCH_OK: {_OK},
        FindingCode.PYTHON_OK: {_OK},
        FindingCode.SYSTEM_INFO: {_INFO},
        FindingCode.TOOLKIT_INFO: {_INFO},
        FindingCode.CUDA_LIBRARIES_INFO: {_INFO},
    }.items()
}

OK_CODES = tuple(
    c.value
    for c in (
        FindingCode.DRIVER_OK,
        FindingCode.GPU_OK,
        FindingCode.TORCH_OK,
        FindingCode.PYTHON_OK,
        FindingCode.SYSTEM_INFO,
        FindingCode.TOOLKIT_INFO,
        FindingCode.CUDA_LIBRARIES_INFO,
        FindingCode.INPUT_NOTE,
    )
)
PROBLEM_CODES = tuple(c.value for c in FindingCode if c.value not in OK_CODES)


@dataclass(frozen=True)
class Finding:
    # Always a FindingCode once built: a plain string naming one is accepted and
    # converted, any other value raises ValueError, so no rule emits an unknown code.
    code: FindingCode | str
    status: Status
    area: Area
    title: str  # one line, translated: what
    detail: str = ""  # translated: why
    fix: str | None = None  # the exact command or action
    sources: tuple[str, ...] = ()  # matrix source keys behind the rule
    facts: dict[str, str] = field(default_factory=dict)  # the values the rule looked at

    def __post_init__(self) -> None:
        try:
            code = FindingCode(self.code)
        except ValueError:
            msg = f"{self.code!r} is not a FindingCode: add it to the enum and the README"
            raise ValueError(msg) from None
        object.__setattr__(self, "code", code)
        if self.status not in STATUSES[code]:
            msg = f"{code} is never emitted as {self.status.value} (see findings.STATUSES)"
            raise ValueError(msg)


def overall_status(findings: Iterable[Finding]) -> Status:
    worst = Status.OK
    for f in findings:
        if f.status.rank > worst.rank:
            worst = f.status
    return Status.OK if worst is Status.INFO else worst


__all__ = [
    "OK_CODES",
    "PROBLEM_CODES",
    "STATUSES",
    "Area",
    "Finding",
    "FindingCode",
    "Status",
    "overall_status",
]
