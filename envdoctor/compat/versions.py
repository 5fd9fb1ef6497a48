"""Version values of the domain and their parsers: driver, CUDA, compute capability, Python.

Every other part of envdoctor parses these texts through here, so the same input is
read the same way everywhere. A text that cannot be read gives None: unknown, never a guess.
"""

from __future__ import annotations

import enum
import re

from packaging.version import InvalidVersion, Version


class Verdict(str, enum.Enum):
    OK = "ok"  # fully compatible
    CAVEAT = "caveat"  # works under a documented condition (minor-version compat, PTX JIT)
    NO = "no"  # incompatible
    UNKNOWN = "unknown"  # a fact or a rule is missing


def parse_version(text: str | None) -> Version | None:
    if not text:
        return None
    try:
        return Version(text.strip())
    except InvalidVersion:
        return None


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


def cuda_tuple(text: str | None) -> tuple[int, int] | None:
    """'12.8' / '12.8.1' / 12080 (NVML int) -> (12, 8)."""
    if text is None:
        return None
    m = re.match(r"^\s*(\d+)\.(\d+)", str(text))
    if m:
        return int(m.group(1)), int(m.group(2))
    return None


def cuda_from_int(value: int) -> str:
    """NVML/CUDA encode versions as 1000*major + 10*minor: 12020 -> '12.2'."""
    return f"{value // 1000}.{(value % 1000) // 10}"


_ARCH = re.compile(r"^(sm|compute)_(\d+?)(\d)([a-z]?)$")


def parse_arch_entry(entry: str) -> tuple[str, int, int, bool] | None:
    """'sm_86' -> ('sm', 8, 6, False); 'compute_120' -> ('compute', 12, 0, False); 'sm_90a' -> arch-specific (True)."""
    m = _ARCH.match(entry.strip())
    if not m:
        return None
    # "a" targets (sm_90a) run only on that exact GPU; "f" targets (sm_100f, CUDA 12.9+)
    # run on the whole family, like plain SASS.
    return m.group(1), int(m.group(2)), int(m.group(3)), m.group(4) == "a"


def cc_tuple(cc: str | None) -> tuple[int, int] | None:
    if not cc:
        return None
    m = re.match(r"^\s*(\d+)\.(\d+)\s*$", cc)
    return (int(m.group(1)), int(m.group(2))) if m else None


_DRIVER = re.compile(r"^\d{3}(\.\d{1,3}){0,2}$")


_PYTHON = re.compile(r"^(\d)\.(\d{1,2})(\.\d{1,2})?$")


def valid_driver(text: str) -> bool:
    """'535.104.05', '580.65', or a bare branch '535'."""
    return bool(_DRIVER.match(text.strip()))


def valid_python(text: str) -> bool:
    """'3.11' or '3.11.4' with a plausible major (2 or 3)."""
    m = _PYTHON.match(text.strip())
    return bool(m) and m is not None and m.group(1) in {"2", "3"}


__all__ = [
    "Verdict",
    "cc_tuple",
    "cuda_from_int",
    "cuda_tuple",
    "os_key",
    "parse_arch_entry",
    "parse_version",
    "valid_driver",
    "valid_python",
]
