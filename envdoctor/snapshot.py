"""The Snapshot: a versioned, JSON-serialisable record of facts about one machine.

Facts only, never judgements: analysis reads a Snapshot and the matrix and decides.
A Snapshot can come from a live collection, from a file written by `check --save`,
or from a `python -m torch.utils.collect_env` report; `origin` says which, and every
field a source could not provide stays `None` (unknown) rather than a guess.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from envdoctor.serde import from_data, to_data

SCHEMA = "envdoctor.snapshot"
SCHEMA_VERSION = 1


class DriverState(str, enum.Enum):
    """What the NVIDIA driver probe found (Python 3.10 has no StrEnum)."""

    OK = "ok"
    NO_DRIVER = "no-driver"  # libnvidia-ml / the kernel module is not installed
    NOT_LOADED = "not-loaded"  # library present, kernel module not loaded
    LIBRARY_MISMATCH = "library-mismatch"  # user-space libraries != loaded kernel module
    NO_PERMISSION = "no-permission"  # device nodes not accessible to this user
    ERROR = "error"  # another NVML error, text in `error`
    UNKNOWN = "unknown"  # not collected (e.g. a report that lacks the line)


class TorchState(str, enum.Enum):
    OK = "ok"  # imported; facts below are filled
    MISSING = "missing"  # no torch distribution in the target interpreter
    BROKEN = "broken"  # import raised (ImportError, OSError for a missing libcudnn, ...)
    CRASHED = "crashed"  # the interpreter died (segfault, abort) while importing/initialising
    TIMEOUT = "timeout"  # the probe did not finish in time (a hung CUDA init, a stuck NFS)
    NO_INTERPRETER = "no-interpreter"  # the target Python could not be started at all
    UNKNOWN = "unknown"  # not collected


@dataclass(frozen=True)
class GpuFacts:
    index: int  # NVML index (physical order, ignores CUDA_VISIBLE_DEVICES)
    name: str
    uuid: str | None = None
    memory_total_mib: int | None = None
    compute_capability: str | None = None  # "8.6"
    compute_capability_source: str | None = None  # "nvml", "nvidia-smi", "torch", "table:<entry>"
    persistence_mode: bool | None = None
    pci_bus_id: str | None = None
    mig_mode: bool | None = None


@dataclass(frozen=True)
class DriverFacts:
    state: DriverState = DriverState.UNKNOWN
    version: str | None = None  # full version with patch level, "535.104.05"
    cuda_version: str | None = None  # newest CUDA the driver supports, "12.2" (NVML v2 API)
    kernel_module_version: str | None = None  # from /proc/driver/nvidia/version or /sys/module
    nvml_library_version: str | None = None  # user-space NVML, to spot a library/module mismatch
    source: str | None = None  # "nvml", "nvidia-smi", "proc", "collect_env"
    error: str | None = None  # the raw error text when state is not ok
    nvidia_pci_devices: int | None = None  # NVIDIA display/3D controllers on the PCI bus (sysfs)


@dataclass(frozen=True)
class TorchDevice:
    index: int  # CUDA ordinal, after CUDA_VISIBLE_DEVICES
    name: str
    capability: str | None = None  # "8.6"
    total_memory_mib: int | None = None


@dataclass(frozen=True)
class LoadedLibrary:
    """A CUDA library file: mapped by the torch process, or installed on the system."""

    name: str  # "libcudnn", "libcudnn_ops", "libcublasLt", "libcuda", ...
    path: str  # the file the loader mapped (symlinks resolved, as /proc/self/maps shows it)
    version: str | None = None  # from the file name ("8.9.2", "12", "550.54.14"); None if absent
    via: str | None = None  # what put its folder on the loader's path: "LD_LIBRARY_PATH" or
    # the ld.so.conf file naming it; None when neither (an RPATH, a default directory)
    via_dir: str | None = None  # that LD_LIBRARY_PATH entry as written, or the listed folder


@dataclass(frozen=True)
class TorchFacts:
    state: TorchState = TorchState.UNKNOWN
    version: str | None = None  # "2.13.0+cu130"
    file: str | None = None  # torch.__file__, to spot a shadowing ./torch directory
    cuda: str | None = None  # torch.version.cuda, None for CPU builds
    hip: str | None = None  # torch.version.hip for ROCm builds
    cudnn: str | None = None  # decoded "9.20.0"
    cudnn_raw: int | None = None  # torch.backends.cudnn.version() as returned
    cuda_available: bool | None = None
    cuda_warnings: tuple[str, ...] = ()  # warnings emitted by is_available()/init, verbatim
    cuda_error: str | None = None  # why CUDA init failed, when torch could tell
    device_count: int | None = None
    arch_list: tuple[str, ...] | None = None  # torch.cuda.get_arch_list()
    devices: tuple[TorchDevice, ...] = ()
    error: str | None = None  # captured stderr/traceback tail when state is not ok
    error_kind: str | None = None  # classified: "shadowed-torch", "missing-library", ...
    returncode: int | None = None
    seconds: float | None = None  # how long the probe took
    # After `import torch` and CUDA initialisation, from /proc/self/maps (Linux): the CUDA
    # libraries the process really mapped. None: unknown (not Linux, an older snapshot, the
    # probe did not get there); () on a CPU build.
    loaded_libraries: tuple[LoadedLibrary, ...] | None = None
    # libcudnn / libcudart / libcuda files installed in the system's usual CUDA folders.
    system_libraries: tuple[LoadedLibrary, ...] | None = None


@dataclass(frozen=True)
class PythonFacts:
    executable: str | None = None
    version: str | None = None  # "3.11.7"
    implementation: str | None = None  # "CPython"
    env_kind: str | None = None  # "venv", "conda", "uv", "system", "pyenv", ...
    env_prefix: str | None = None
    has_pip: bool | None = None
    platform_tag: str | None = None  # sysconfig.get_platform(), "linux-x86_64"
    glibc: str | None = None  # "2.36" where the interpreter runs on glibc
    free_threaded: bool | None = None
    pointer_bits: int | None = None
    how_chosen: str | None = None  # why this interpreter was the target


@dataclass(frozen=True)
class SystemFacts:
    os: str | None = None  # "Linux", "Windows", "Darwin"
    os_release: str | None = None  # "Ubuntu 22.04.4 LTS"
    kernel: str | None = None
    machine: str | None = None  # "x86_64", "aarch64", "AMD64"
    wsl: int | None = None  # 1 or 2 when running under WSL
    container: str | None = None  # "docker", "podman", "kubernetes", "lxc", ...
    hostname: str | None = None  # kept for the user's own view; redacted in reports
    # Who ran it, so that a report for someone else can leave them out (envdoctor.redact);
    # a snapshot written by `check --save` holds the marks "<user>" and "~" instead.
    user: str | None = None
    home: str | None = None


@dataclass(frozen=True)
class ToolkitFacts:
    """A system CUDA toolkit, if any: information only, pip wheels bundle their own runtime."""

    nvcc_version: str | None = None  # "12.4"
    nvcc_path: str | None = None


@dataclass(frozen=True)
class ProbeRecord:
    name: str
    seconds: float
    ok: bool
    detail: str | None = None


@dataclass(frozen=True)
class Snapshot:
    schema: str = f"{SCHEMA}/{SCHEMA_VERSION}"
    origin: str = "live"  # "live", "collect_env", "file"
    created: str | None = None  # ISO 8601, UTC
    envdoctor_version: str | None = None
    system: SystemFacts = field(default_factory=SystemFacts)
    python: PythonFacts = field(default_factory=PythonFacts)
    driver: DriverFacts = field(default_factory=DriverFacts)
    gpus: tuple[GpuFacts, ...] = ()
    torch: TorchFacts = field(default_factory=TorchFacts)
    toolkit: ToolkitFacts = field(default_factory=ToolkitFacts)
    environment: dict[str, str] = field(default_factory=dict)  # CUDA-related variables only
    probes: tuple[ProbeRecord, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return dict(to_data(self))

    @classmethod
    def from_dict(cls, data: Any) -> Snapshot:
        """Decode a snapshot; raises SnapshotVersionError or serde.DecodeError."""
        if not isinstance(data, dict):
            msg = "a snapshot is a JSON object"
            raise SnapshotFormatError(msg)
        schema = data.get("schema")
        if not isinstance(schema, str) or not schema.startswith(SCHEMA + "/"):
            msg = f"not an envdoctor snapshot (schema is {schema!r})"
            raise SnapshotFormatError(msg)
        try:
            version = int(schema.rsplit("/", 1)[1])
        except ValueError:
            msg = f"unreadable snapshot schema version in {schema!r}"
            raise SnapshotFormatError(msg) from None
        if version > SCHEMA_VERSION:
            msg = (
                f"snapshot schema version {version} is newer than this envdoctor understands "
                f"({SCHEMA_VERSION}); upgrade envdoctor"
            )
            raise SnapshotVersionError(msg)
        return from_data(cls, data)


class SnapshotFormatError(ValueError):
    pass


class SnapshotVersionError(SnapshotFormatError):
    pass


# Variables that change what CUDA and PyTorch see; nothing else from the environment is kept.
RELEVANT_ENVIRONMENT = (
    "CUDA_VISIBLE_DEVICES",
    "CUDA_DEVICE_ORDER",
    "NVIDIA_VISIBLE_DEVICES",
    "NVIDIA_DRIVER_CAPABILITIES",
    "CUDA_HOME",
    "CUDA_PATH",
    "LD_LIBRARY_PATH",
    "CUDA_MODULE_LOADING",
    "PYTORCH_CUDA_ALLOC_CONF",
    "TORCH_CUDA_ARCH_LIST",
    "CONDA_PREFIX",
    "VIRTUAL_ENV",
)


__all__ = [
    "RELEVANT_ENVIRONMENT",
    "SCHEMA",
    "SCHEMA_VERSION",
    "DriverFacts",
    "DriverState",
    "GpuFacts",
    "LoadedLibrary",
    "ProbeRecord",
    "PythonFacts",
    "Snapshot",
    "SnapshotFormatError",
    "SnapshotVersionError",
    "SystemFacts",
    "ToolkitFacts",
    "TorchDevice",
    "TorchFacts",
    "TorchState",
]
