"""Value types of the domain and their parsers: driver, CUDA, compute capability, arch
target, torch and Python versions, and the one comparison key of GPU names.

Every part of envdoctor parses these texts through here, so the same input is read the
same way everywhere. A text that cannot be read gives None: unknown, never a guess.
A shared top-level module (standard library and `packaging` only), not part of the
knowledge core, so that the layers beside the core (`collect`, `bench`) and the matrix
below it (`matrix.update` reads PyPI's metadata) use these parsers too without an import
cycle; `envdoctor.compat.versions` re-exports them as the core's names.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from packaging.version import Version


class Verdict(str, enum.Enum):
    OK = "ok"  # fully compatible
    CAVEAT = "caveat"  # works under a documented condition (minor-version compat, PTX JIT)
    NO = "no"  # incompatible
    UNKNOWN = "unknown"  # a fact or a rule is missing


# Longest version text worth reading: anything longer is junk (a fuzzed report, a typo).
_MAX_TEXT = 64


def parse_version(text: str | None) -> Version | None:
    if not text:
        return None
    if len(text) > _MAX_TEXT:
        return None  # no version is that long; int() of a huge digit run would raise
    try:
        return Version(text.strip())
    except ValueError:  # InvalidVersion, or digits beyond int()'s limit
        return None


def normalise_name(name: str) -> str:
    """The one comparison key of GPU names: case, runs of spaces and an "NVIDIA " prefix
    ignored (drivers before about 2021 printed "GeForce RTX 2080 Ti", newer ones
    "NVIDIA GeForce RTX 2080 Ti")."""
    return re.sub(r"\s+", " ", name.strip().lower()).removeprefix("nvidia ")


def os_key(os_name: str | None) -> str | None:
    """Normalise platform.system()-style names to the matrix's keys."""
    if not os_name:
        return None
    low = os_name.lower()
    if low.startswith("win"):
        return "windows"
    if low in {"darwin", "macos", "mac"}:
        return "macos"
    if low == "linux":
        return "linux"
    return None


# Words that give a Mac away in any text ("macOS-14.2-arm64", "Darwin Kernel", a sys.platform
# of "darwin"): explain's clues and the conda advice read the OS from them.
MAC_WORDS = ("macos", "darwin")
# conda's platform subdirectories, as its channels' URLs and its solver's "Platform:" print them.
CONDA_SUBDIRS = ("linux-64", "linux-aarch64", "linux-ppc64le", "osx-64", "osx-arm64", "win-64")


# CUDA_VISIBLE_DEVICES values that leave CUDA no GPU: empty, -1, and the placeholders
# schedulers and container runtimes set (Slurm/SGE's NoDevFiles, "none"). Any other value
# is a list of indices or UUIDs, read by analyse.rules.context.cuda_visibility.
CUDA_HIDES_ALL = frozenset({"", "-1", "none", "NoDevFiles"})


def wsl_of_kernel(kernel: str | None) -> int | None:
    """2 for a WSL 2 kernel ("5.15.90.1-microsoft-standard-WSL2"), 1 for WSL 1's
    ("4.4.0-19041-Microsoft"), None for any other kernel."""
    low = (kernel or "").lower()
    if "microsoft-standard" in low or "wsl2" in low:
        return 2
    return 1 if re.search(r"-microsoft\b", low) else None


# The toolkit's version in `nvcc --version` ("Cuda compilation tools, release 12.4,
# V12.4.131"): read from the command by collect and from pastes by explain.
NVCC_RELEASE = re.compile(r"Cuda compilation tools, release (\d{1,2}\.\d{1,2})")


_OS_DISPLAY = {"linux": "Linux", "windows": "Windows", "macos": "macOS"}


def os_display(os_name: str | None) -> str:
    """An OS as people write it ("Darwin", "macos" -> "macOS"); unknown names unchanged."""
    key = os_key(os_name)
    return _OS_DISPLAY[key] if key else (os_name or "?")


def cuda_tuple(text: str | None) -> tuple[int, int] | None:
    """'12.8' / '12.8.1' -> (12, 8): `CudaVersion.parse` as a tuple."""
    v = CudaVersion.parse(text)
    return (v.major, v.minor) if v is not None else None


def cuda_from_int(value: int) -> str | None:
    """NVML/CUDA encode versions as 1000*major + 10*minor: 12020 -> '12.2'."""
    v = CudaVersion.from_int(value)
    return str(v) if v is not None else None


def cudnn_from_int(raw: int | None) -> str | None:
    """cuDNN's own integer: cuDNN 9 encodes MAJOR*10000+MINOR*100+PATCH (91002 = 9.10.2);
    7 and 8 use MAJOR*1000+MINOR*100+PATCH (8902 = 8.9.2, 7102 = 7.1.2)."""
    if not isinstance(raw, int) or isinstance(raw, bool) or raw <= 0:
        return None
    if raw >= 10000:
        return f"{raw // 10000}.{(raw % 10000) // 100}.{raw % 100}"
    return f"{raw // 1000}.{(raw % 1000) // 100}.{raw % 100}"


_ARCH = re.compile(r"^(sm|compute)_(\d{1,2}?)(\d)([a-z]?)$", re.ASCII)


def parse_arch_entry(entry: str) -> tuple[str, int, int, bool] | None:
    """'sm_86' -> ('sm', 8, 6, False); 'compute_120' -> ('compute', 12, 0, False); 'sm_90a' -> arch-specific (True)."""
    m = _ARCH.match(entry.strip())
    if not m:
        return None
    # "a" targets (sm_90a) run only on that exact GPU; "f" targets (sm_100f, CUDA 12.9+)
    # run on the whole family, like plain SASS.
    return m.group(1), int(m.group(2)), int(m.group(3)), m.group(4) == "a"


def cc_tuple(cc: str | None) -> tuple[int, int] | None:
    """'8.6' -> (8, 6): `ComputeCapability.parse` as a tuple."""
    v = ComputeCapability.parse(cc)
    return (v.major, v.minor) if v is not None else None


# ---------------------------------------------------------------- value types
# Parsed once at the boundary (options, snapshots, reports); the rules compare these.

# ASCII: `\d` would also take other scripts' digits (a damaged file, a fuzzer).
_DRIVER = re.compile(r"^(\d{3})(?:\.(\d{1,3}))?(?:\.(\d{1,3}))?$", re.ASCII)


@dataclass(frozen=True, order=True)
class DriverVersion:
    """An NVIDIA driver version: '535.104.05', '528.33', or a bare branch '535'."""

    parts: tuple[int, ...]
    text: str = ""

    @classmethod
    def parse(cls, text: str | None) -> DriverVersion | None:
        if not text or len(text) > _MAX_TEXT:
            return None
        value = text.strip()
        m = _DRIVER.match(value)
        if m is None:
            return None
        return cls(tuple(int(g) for g in m.groups() if g is not None), value)

    @property
    def branch(self) -> int:
        return self.parts[0]

    def __str__(self) -> str:
        return self.text or ".".join(str(p) for p in self.parts)


_CUDA_TEXT = re.compile(r"^(\d{1,2})\.(\d{1,2})(?:\.\d{1,3})?$", re.ASCII)
_CUDA_LABEL = re.compile(r"^cu(\d{1,2})(\d)$", re.ASCII)


@dataclass(frozen=True, order=True)
class CudaVersion:
    """A CUDA version: '12.4', '12.4.1', the wheel label 'cu124', or CUDA's int 12040."""

    major: int
    minor: int

    @classmethod
    def parse(cls, text: str | None) -> CudaVersion | None:
        if not text or len(text) > _MAX_TEXT:
            return None
        value = text.strip().lower()
        m = _CUDA_TEXT.match(value) or _CUDA_LABEL.match(value)
        return cls(int(m.group(1)), int(m.group(2))) if m else None

    @classmethod
    def from_int(cls, value: int) -> CudaVersion | None:
        """cudaDriverGetVersion / NVML encoding 1000*major + 10*minor: 12020 -> 12.2."""
        if value < 1000 or value > 99_999:
            return None
        return cls(value // 1000, (value % 1000) // 10)

    @property
    def label(self) -> str:
        return f"cu{self.major}{self.minor}"

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"


_CC_TEXT = re.compile(
    r"^(?:sm_?)?(\d{1,2})\.(\d)$|^(?:sm_?)?(\d{1,2})(\d)$", re.IGNORECASE | re.ASCII
)


@dataclass(frozen=True, order=True)
class ComputeCapability:
    """A GPU's compute capability: '8.6', 'sm_86', '86', '120'. '8.6x' or '12.x' -> None."""

    major: int
    minor: int

    @classmethod
    def parse(cls, text: str | None) -> ComputeCapability | None:
        if not text or len(text) > _MAX_TEXT:
            return None
        m = _CC_TEXT.match(text.strip())
        if m is None:
            return None
        major, minor = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if int(major) == 0:
            return None
        return cls(int(major), int(minor))

    @property
    def sm(self) -> str:
        return f"sm_{self.major}{self.minor}"

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"


@dataclass(frozen=True)
class ArchTarget:
    """One get_arch_list() entry: 'sm_86', 'compute_90', 'sm_90a' (that exact GPU only),
    'sm_100f' (the whole 10.x family, CUDA 12.9+)."""

    kind: str  # "sm" (native code, SASS) or "compute" (PTX)
    capability: ComputeCapability
    suffix: str = ""  # "", "a" (arch-specific) or "f" (family-specific)

    @classmethod
    def parse(cls, text: str | None) -> ArchTarget | None:
        parsed = parse_arch_entry(text or "")
        if parsed is None or len(text or "") > _MAX_TEXT:
            return None
        m = _ARCH.match((text or "").strip())
        assert m is not None
        return cls(parsed[0], ComputeCapability(parsed[1], parsed[2]), m.group(4))

    @property
    def exact_only(self) -> bool:
        return self.suffix == "a"

    def __str__(self) -> str:
        return f"{self.kind}_{self.capability.major}{self.capability.minor}{self.suffix}"


@dataclass(frozen=True)
class TorchVersion:
    """A torch version: '2.4.1+cu121', '2.8.0', or a release '2.13'."""

    version: Version

    @classmethod
    def parse(cls, text: str | None) -> TorchVersion | None:
        v = parse_version(text)
        if v is None or len(v.release) < 2:
            return None
        return cls(v)

    @property
    def release(self) -> str:
        return f"{self.version.major}.{self.version.minor}"

    @property
    def exact(self) -> str | None:
        """The patch version when one was given ('2.4.1'), else None."""
        return self.version.base_version if len(self.version.release) >= 3 else None

    @property
    def local(self) -> str | None:
        return self.version.local

    @property
    def label(self) -> str | None:
        """The build label: 'cu121', 'cpu', 'rocm6' ... (None for a plain PyPI version)."""
        return self.version.local.split(".")[0] if self.version.local else None

    def __str__(self) -> str:
        return str(self.version)


def cuda_of_torch_version(version: str | None) -> str | None:
    """The CUDA build a torch version's wheel tag states: '2.1.0+cu121' -> '12.1',
    '+cpu' -> '' (a CPU build), no tag or another one (rocm, a git hash) -> None (unknown).

    Read from tags in pastes, `pip list`, collect_env reports and explain's clues alike.
    """
    parsed = TorchVersion.parse(version)
    label = parsed.label if parsed is not None else None
    if label == "cpu":
        return ""
    cuda = CudaVersion.parse(label) if label and label.startswith("cu") else None
    return str(cuda) if cuda is not None else None


_PYTHON = re.compile(
    r"^(?:(?:cp|py)(?P<cmaj>\d)(?P<cmin>\d{1,2})|(?P<maj>\d)\.(?P<min>\d{1,2})(?:\.(?P<mic>\d{1,3}))?)"
    r"(?P<t>t?)$",
    re.ASCII,
)


@dataclass(frozen=True, order=True)
class PythonVersion:
    """A Python version: '3.11', '3.11.7', the tag form 'cp312', free-threaded '3.13t'."""

    major: int
    minor: int
    micro: int | None = None
    free_threaded: bool = False

    @classmethod
    def parse(cls, text: str | None) -> PythonVersion | None:
        if not text or len(text) > _MAX_TEXT:
            return None
        m = _PYTHON.match(text.strip().lower())
        if m is None:
            return None
        major = m.group("maj") or m.group("cmaj")
        minor = m.group("min") or m.group("cmin")
        micro = int(m.group("mic")) if m.group("mic") is not None else None
        return cls(int(major), int(minor), micro, m.group("t") == "t")

    @property
    def short(self) -> str:
        return f"{self.major}.{self.minor}"

    @property
    def number(self) -> str:
        """The version without the free-threading mark: '3.13.1' for '3.13.1t'."""
        return self.short if self.micro is None else f"{self.short}.{self.micro}"

    def __str__(self) -> str:
        text = self.short if self.micro is None else f"{self.short}.{self.micro}"
        return text + ("t" if self.free_threaded else "")


__all__ = [
    "CONDA_SUBDIRS",
    "CUDA_HIDES_ALL",
    "MAC_WORDS",
    "ArchTarget",
    "ComputeCapability",
    "CudaVersion",
    "DriverVersion",
    "PythonVersion",
    "TorchVersion",
    "Verdict",
    "cc_tuple",
    "cuda_from_int",
    "cuda_of_torch_version",
    "cuda_tuple",
    "cudnn_from_int",
    "normalise_name",
    "os_key",
    "parse_arch_entry",
    "parse_version",
]
