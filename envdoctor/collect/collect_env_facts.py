"""Facts from the fields of a collect_env report (the layout is read by collect_env_report).

Which Snapshot field each labelled line becomes, and the choices made where a report
is ambiguous, are described in `envdoctor/collect/collect_env_report.py`'s docstring.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from envdoctor.snapshot import (
    DriverFacts,
    DriverState,
    GpuFacts,
    ProbeRecord,
    PythonFacts,
    SystemFacts,
    ToolkitFacts,
    TorchFacts,
    TorchState,
)
from envdoctor.tool_formats import gpu_list_entry
from envdoctor.values import DriverVersion, cuda_of_torch_version, wsl_of_kernel

_MULTILINE = frozenset(
    {
        "gpu_models",
        "cudnn",
        "cpu",
        "libraries",
        "intel_gpu_driver",
        "intel_gpu_onboard",
        "intel_gpu_detected",
    }
)


_UNSTATED = frozenset({"", "could not collect", "n/a", "no cuda", "none", "not available"})


# Any name (the field is labelled); the UUID that older collect_env kept, if it is there.
_GPU_LINE_RE = re.compile("^" + gpu_list_entry() + "$")
_MAJOR_MINOR_RE = re.compile(r"^(?:V)?(\d+\.\d+)")
_PY_VERSION_RE = re.compile(r"^(\d+\.\d+(?:\.\d+)?(?:[a-z]+\d*)?)")
_CPYTHON_COMPILER_RE = re.compile(r"\[(?:GCC|MSC|Clang|clang)[ \]]")
_BITS_RE = re.compile(r"\((\d{1,3})-bit runtime\)")
_GLIBC_LIBC_RE = re.compile(r"^glibc-(\d+\.\d+(?:\.\d+)?)$")
_GLIBC_PLATFORM_RE = re.compile(r"-with-glibc(\d+\.\d+(?:\.\d+)?)$")
_OS_MACHINE_RE = re.compile(r"^(?P<release>.+?)\s+\((?P<machine>[A-Za-z0-9_]+)\)$")
_WINDOWS_OS_RE = re.compile(r"^(?P<release>.+?)\s+\((?P<build>\d+\.\d+\.\d+)(?:\s+[^)]*)?\)$")
_WINDOWS_PLATFORM_RE = re.compile(r"^Windows-[^-]+-(?P<build>\d+\.\d+\.\d+)")
_PIP_TORCH_RE = re.compile(r"^torch\s*(?:==\s*(?P<eq>\S+)|\((?P<paren>[^)]+)\))")
_LINUX_MACHINES = (
    "x86_64",
    "aarch64",
    "ppc64le",
    "s390x",
    "armv7l",
    "armv6l",
    "i686",
    "i386",
    "riscv64",
    "loongarch64",
)
# What collect_env appends to the OS line: platform.machine() on Linux and macOS.
_OS_MACHINES = frozenset({*_LINUX_MACHINES, "arm64", "x86", "amd64", "AMD64", "ARM64"})
_LINUX_DISTROS = (
    "linux",
    "ubuntu",
    "debian",
    "centos",
    "red hat",
    "fedora",
    "rocky",
    "almalinux",
    "opensuse",
    "suse",
    "arch",
    "manjaro",
    "pop!_os",
    "gentoo",
    "mint",
    "kali",
)
_NVIDIA_NAME_HINTS = ("nvidia", "geforce", "tesla", "quadro", "titan", "rtx", "gtx")


@dataclass
class _Field:
    label: str
    lines: list[str] = field(default_factory=list)  # first: the value on the label's line

    @property
    def first(self) -> str:
        return self.lines[0] if self.lines else ""

    def value_lines(self) -> list[str]:
        return [line for line in self.lines if line]


def _stated(value: str | None) -> str | None:
    """The value, or None when collect_env printed one of its 'nothing known' words."""
    if value is None:
        return None
    value = value.strip()
    return None if value.lower() in _UNSTATED else value


def _value(fields: dict[str, _Field], key: str) -> str | None:
    """The stated value of a single-line field, None when absent or unstated."""
    fld = fields.get(key)
    return _stated(fld.first) if fld is not None else None


def _packages(fields: dict[str, _Field]) -> list[tuple[str, str]]:
    """(`pip3`/`conda`/..., rest of line) for each `[tag] ...` package line."""
    libs = fields.get("libraries")
    if libs is None:
        return []
    out: list[tuple[str, str]] = []
    for line in libs.value_lines():
        m = re.match(r"^\[(?P<tag>[^\]]+)\]\s*(?P<rest>.*)$", line)
        if m is not None:
            out.append((m.group("tag").strip(), m.group("rest").strip()))
    return out


@dataclass(frozen=True)
class _TorchPackage:
    version: str
    from_conda_channel: bool  # conda package built by conda, not `pypi_0`


def _torch_package(packages: Sequence[tuple[str, str]]) -> _TorchPackage | None:
    """The torch package listed by pip or conda, pip first (it is what imports)."""
    found: _TorchPackage | None = None
    for tag, rest in packages:
        if tag.startswith("pip"):
            m = _PIP_TORCH_RE.match(rest)
            if m is not None:
                version = (m.group("eq") or m.group("paren") or "").strip()
                if version:
                    return _TorchPackage(version, from_conda_channel=False)
        elif tag == "conda":
            parts = rest.split()
            if len(parts) >= 2 and parts[0] in {"pytorch", "torch"}:
                build = parts[2] if len(parts) >= 3 else ""
                channel = parts[3] if len(parts) >= 4 else ""
                via_pip = build in {"pypi_0", "<pip>"} or channel == "pypi"
                if found is None:
                    found = _TorchPackage(parts[1], from_conda_channel=not via_pip)
    return found


def _bool(value: str | None) -> bool | None:
    low = (value or "").strip().lower()
    if low in {"true", "yes"}:
        return True
    if low in {"false", "no"}:
        return False
    return None


def _torch_facts(fields: dict[str, _Field], package: _TorchPackage | None) -> TorchFacts:
    header = fields.get("torch_version")
    intact = "libraries" in fields
    cuda = _value(fields, "cuda_build")
    hip = _value(fields, "rocm_build")
    if hip is not None and not hip[:1].isdigit():
        hip = None  # a line cut off mid-word ("N/") is not a ROCm version
    available = _bool(fields["cuda_available"].first) if "cuda_available" in fields else None
    if header is None:
        return TorchFacts(
            state=TorchState.UNKNOWN,
            version=package.version if package else None,
            cuda=cuda,
            hip=hip,
            cuda_available=available,
        )
    version = _stated(header.first)
    if version is None:
        missing = intact and package is None
        return TorchFacts(state=TorchState.MISSING if missing else TorchState.UNKNOWN)
    if "cuda_build" not in fields and "rocm_build" not in fields:
        # The 'CUDA used to build PyTorch' line is missing (a report cut off or trimmed by
        # hand): the version's tag still states the build; without one the build is
        # unknown, never a CPU build.
        tagged = cuda_of_torch_version(version)
        if tagged is None:
            return TorchFacts(state=TorchState.UNKNOWN, version=version, cuda_available=available)
        cuda = tagged or None
    return TorchFacts(
        state=TorchState.OK, version=version, cuda=cuda, hip=hip, cuda_available=available
    )


def _driver_facts(fields: dict[str, _Field]) -> DriverFacts:
    if "driver" not in fields:
        return DriverFacts()
    raw = fields["driver"].first
    version = _stated(raw)
    # A full version ("535.104.05"), read by the one driver parser; a bare number is not
    # what collect_env prints, so it stays unknown.
    if version is not None and "." in version and DriverVersion.parse(version) is not None:
        return DriverFacts(state=DriverState.OK, version=version, source="collect_env")
    # Unstated, or text that is not a version (a cut-off line): the report cannot tell.
    return DriverFacts(
        state=DriverState.UNKNOWN,
        source="collect_env",
        error=version,  # None for "Could not collect"; the odd text otherwise
    )


def _gpus(fields: dict[str, _Field], torch: TorchFacts) -> tuple[GpuFacts, ...]:
    models = fields.get("gpu_models")
    if models is None:
        return ()
    gpus: list[GpuFacts] = []
    for line in models.value_lines():
        m = _GPU_LINE_RE.match(line)
        if m is not None:
            uuid = m.group("uuid")
            gpus.append(
                GpuFacts(
                    index=int(m.group("index")),
                    name=m.group("name").strip(),
                    uuid=uuid.strip() if uuid else None,
                )
            )
    if gpus:
        return tuple(gpus)
    name = _stated(models.first)
    if name is None or torch.hip is not None:
        return ()
    if any(hint in name.lower() for hint in _NVIDIA_NAME_HINTS):
        return (GpuFacts(index=0, name=name),)
    return ()


@dataclass(frozen=True)
class _Platform:
    os: str | None = None
    kernel: str | None = None
    machine: str | None = None
    glibc: str | None = None


def _parse_platform(raw: str | None) -> _Platform:
    """Read Python's `platform.platform()` string."""
    if raw is None:
        return _Platform()
    if raw.startswith("Linux-"):
        body, _sep, libc = raw[len("Linux-") :].partition("-with-")
        kernel, machine = body, None
        for arch in _LINUX_MACHINES:
            if body.endswith("-" + arch):
                kernel, machine = body[: -len(arch) - 1], arch
                break
        glibc_m = _GLIBC_PLATFORM_RE.search("-with-" + libc) if libc else None
        return _Platform("Linux", kernel or None, machine, glibc_m.group(1) if glibc_m else None)
    if raw.startswith("Windows-"):
        m = _WINDOWS_PLATFORM_RE.match(raw)
        return _Platform("Windows", m.group("build") if m else None)
    if raw.startswith("macOS-"):
        parts = raw.split("-")
        return _Platform("Darwin", None, parts[2] if len(parts) > 2 else None)
    if raw.startswith("Darwin-"):
        parts = raw.split("-")
        return _Platform(
            "Darwin", parts[1] if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None
        )
    return _Platform()


def _system_facts(fields: dict[str, _Field]) -> SystemFacts:
    platform_raw = _value(fields, "python_platform")
    plat = _parse_platform(platform_raw)
    os_line = _value(fields, "os")
    os_name, release, machine, kernel = plat.os, None, None, plat.kernel
    if os_line is not None:
        low = os_line.lower()
        if low.startswith("microsoft windows"):
            os_name = os_name or "Windows"
            m = _WINDOWS_OS_RE.match(os_line)
            release = m.group("release") if m else os_line
            if m is not None and kernel is None:
                kernel = m.group("build")
        else:
            m = _OS_MACHINE_RE.match(os_line)
            if m is not None and m.group("machine") not in _OS_MACHINES:
                m = None  # "Red Hat ... 7.6 (Maipo)": a code name, not a machine
            release = m.group("release") if m else os_line
            machine = m.group("machine") if m else None
            if low.startswith(("macos", "mac osx", "mac os x")):
                os_name = os_name or "Darwin"
            elif m is not None or any(d in low for d in _LINUX_DISTROS):
                # On Linux the script always appends "(machine)"; macOS is handled above.
                os_name = os_name or "Linux"
    if os_name is None and "libc" in fields and (fields["libc"].first.startswith("glibc-")):
        os_name = "Linux"
    return SystemFacts(
        os=os_name,
        os_release=release,
        kernel=kernel,
        machine=plat.machine or machine,
        wsl=wsl_of_kernel(kernel) if os_name in {"Linux", None} else None,
    )


def _python_facts(
    fields: dict[str, _Field], package: _TorchPackage | None, platform_glibc: str | None
) -> PythonFacts:
    raw = _value(fields, "python_version")
    version: str | None = None
    bits: int | None = None
    implementation: str | None = None
    free_threaded: bool | None = None
    if raw is not None:
        m = _PY_VERSION_RE.match(raw)
        version = m.group(1) if m else None
        b = _BITS_RE.search(raw)
        bits = int(b.group(1)) if b else None
        # 1.x printed only "3.6"; later reports print sys.version, which names the
        # compiler in brackets for CPython ("[GCC 11.4.0]", "[MSC v.1916 64 bit
        # (AMD64)]") and the implementation for others ("[PyPy 7.3.11 with GCC ...]").
        full = "[" in raw
        if "[PyPy" in raw:
            implementation = "PyPy"
        elif "[Graal" in raw:
            implementation = "GraalPy"
        elif _CPYTHON_COMPILER_RE.search(raw):
            implementation = "CPython"
        if "free-threading build" in raw:
            free_threaded = True
        elif full:
            free_threaded = False  # sys.version always says so on a free-threaded build
    glibc = platform_glibc
    if "libc" in fields:
        g = _GLIBC_LIBC_RE.match(fields["libc"].first.strip())
        if g is not None:
            glibc = g.group(1)
    env_kind = "conda" if package is not None and package.from_conda_channel else None
    return PythonFacts(
        version=version,
        implementation=implementation,
        env_kind=env_kind,
        glibc=glibc,
        free_threaded=free_threaded,
        pointer_bits=bits,
    )


def _toolkit_facts(fields: dict[str, _Field]) -> ToolkitFacts:
    raw = _value(fields, "cuda_runtime")
    if raw is None:
        return ToolkitFacts()
    m = _MAJOR_MINOR_RE.match(raw)
    return ToolkitFacts(nvcc_version=m.group(1) if m else None)


def _probes(fields: dict[str, _Field]) -> tuple[ProbeRecord, ...]:
    records: list[ProbeRecord] = []
    for key, fld in fields.items():
        if key == "cpu":
            records.append(ProbeRecord(name="collect_env:cpu", seconds=0.0, ok=True))
            continue
        text = "\n".join(fld.value_lines())
        ok = bool(fld.value_lines()) if key in _MULTILINE else _stated(fld.first) is not None
        records.append(
            ProbeRecord(name=f"collect_env:{key}", seconds=0.0, ok=ok, detail=text or None)
        )
    return tuple(records)


__all__ = [
    "_MULTILINE",
    "_UNSTATED",
    "_Field",
    "_driver_facts",
    "_gpus",
    "_packages",
    "_parse_platform",
    "_probes",
    "_python_facts",
    "_stated",
    "_system_facts",
    "_toolkit_facts",
    "_torch_facts",
    "_torch_package",
    "_value",
]
