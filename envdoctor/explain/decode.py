"""Pure decoders for the numbers error messages carry: CUDA API versions, sm_XX, memory sizes.

Nothing here reads the machine or translates text; the catalog turns these values
into sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Driver branch -> the CUDA version it shipped with (what `nvidia-smi` prints as
# "CUDA Version"). Source: NVIDIA CUDA Toolkit release notes, Table 3 "CUDA Toolkit and
# Corresponding Driver Versions" (13.2 Update 2 edition), as collected in
# shared/reference/compat_reference.json `cuda_min_driver.driver_branch_native_cuda`.
BRANCH_NATIVE_CUDA: tuple[tuple[int, str], ...] = (
    (384, "9.0"),
    (390, "9.1"),
    (396, "9.2"),
    (410, "10.0"),
    (418, "10.1"),
    (440, "10.2"),
    (450, "11.0"),
    (455, "11.1"),
    (460, "11.2"),
    (465, "11.3"),
    (470, "11.4"),
    (495, "11.5"),
    (510, "11.6"),
    (515, "11.7"),
    (520, "11.8"),
    (525, "12.0"),
    (530, "12.1"),
    (535, "12.2"),
    (545, "12.3"),
    (550, "12.4"),
    (555, "12.5"),
    (560, "12.6"),
    (570, "12.8"),
    (575, "12.9"),
    (580, "13.0"),
    (590, "13.1"),
    (595, "13.2"),
)

# Minor-version compatibility floors per CUDA major: a build for any CUDA X.y runs on a
# driver at or above the floor of X. Source: NVIDIA CUDA Compatibility guide, "Minor
# Version Compatibility" (11.x >= 450.80.02 Linux / 452.39 Windows; 12.x >= 525.60.13 /
# 528.33; 13.x >= 580, branch only), compat_reference.json `minor_version_compatibility`.
MINOR_COMPAT_FLOOR: dict[int, tuple[str, str]] = {
    11: ("450.80.02", "452.39"),
    12: ("525.60.13", "528.33"),
    13: ("580", "580"),
}


@dataclass(frozen=True)
class CudaVersion:
    major: int
    minor: int

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"


def decode_cuda_api_version(number: int) -> CudaVersion | None:
    """Decode the integer CUDA reports for a version: 11040 -> 11.4, 12020 -> 12.2, 9000 -> 9.0.

    The encoding is major * 1000 + minor * 10 (cudaDriverGetVersion / cuDriverGetVersion).
    """
    if number <= 0 or number > 99_999:
        return None
    major, rest = divmod(number, 1000)
    if major == 0:
        return None
    return CudaVersion(major, rest // 10)


def parse_cuda_version(text: str | None) -> CudaVersion | None:
    """'12.4', '12.4.1', 'cu124' -> 12.4; anything else -> None."""
    if not text:
        return None
    text = text.strip()
    m = re.fullmatch(r"cu(\d{2,3})", text)
    if m:
        digits = m.group(1)
        return CudaVersion(int(digits[:-1]), int(digits[-1]))
    m = re.match(r"(\d{1,2})\.(\d{1,2})", text)
    if not m:
        return None
    return CudaVersion(int(m.group(1)), int(m.group(2)))


def branch_for_cuda(version: CudaVersion) -> int | None:
    """The driver branch whose native CUDA is `version` (11.4 -> 470), or None if unknown."""
    wanted = str(version)
    for branch, cuda in BRANCH_NATIVE_CUDA:
        if cuda == wanted:
            return branch
    return None


def branch_of_driver(driver: str | None) -> int | None:
    """'535.104.05' -> 535 (the branch is the leading number)."""
    if not driver:
        return None
    m = re.match(r"(\d{3})(?:\.|$)", driver.strip())
    return int(m.group(1)) if m else None


def native_cuda_of_driver(driver: str | None) -> CudaVersion | None:
    """The newest CUDA a driver supports natively: the highest branch at or below it."""
    branch = branch_of_driver(driver)
    if branch is None:
        return None
    found: str | None = None
    for b, cuda in BRANCH_NATIVE_CUDA:
        if b <= branch:
            found = cuda
    return parse_cuda_version(found)


def driver_runs_cuda(driver_cuda: CudaVersion, build_cuda: CudaVersion) -> bool:
    """Whether a driver whose native CUDA is `driver_cuda` runs a build for `build_cuda`.

    Same major from 11 on: yes through minor-version compatibility (PTX JIT aside).
    Otherwise the driver must be at least as new as the build.
    """
    if driver_cuda.major == build_cuda.major and driver_cuda.major >= 11:
        return True
    return (driver_cuda.major, driver_cuda.minor) >= (build_cuda.major, build_cuda.minor)


# --- GPU architecture -------------------------------------------------------------------


def parse_sm(token: str) -> tuple[int, int] | None:
    """'sm_86' / 'compute_90' / '8.6' / '86' / '120' -> (8, 6), (9, 0), (12, 0)."""
    token = token.strip().lower()
    m = re.fullmatch(r"(?:sm_|compute_)?(\d{2,3})[a-z]?", token)
    if m:
        digits = m.group(1)
        return int(digits[:-1]), int(digits[-1])
    m = re.fullmatch(r"(\d{1,2})\.(\d)", token)
    if m:
        return int(m.group(1)), int(m.group(2))
    return None


def sm_name(cc: tuple[int, int]) -> str:
    return f"sm_{cc[0]}{cc[1]}"


def arch_list_covers(cc: tuple[int, int], arch_list: list[str] | tuple[str, ...]) -> bool:
    """Whether a build with these archs runs on a GPU of capability `cc`.

    SASS for X.y runs on X.z with z >= y; PTX for any arch <= cc can be JIT-compiled.
    """
    for entry in arch_list:
        parsed = parse_sm(entry)
        if parsed is None:
            continue
        if entry.strip().lower().startswith("compute_"):
            if parsed <= cc:
                return True
        elif parsed[0] == cc[0] and parsed[1] <= cc[1]:
            return True
    return False


def architecture_name(cc: tuple[int, int]) -> str | None:
    major, minor = cc
    names = {
        3: "Kepler",
        5: "Maxwell",
        6: "Pascal",
        8: "Ampere",
        9: "Hopper",
        10: "Blackwell",
        12: "Blackwell",
    }
    if major == 7:
        return "Turing" if minor >= 5 else "Volta"
    if (major, minor) == (8, 9):
        return "Ada Lovelace"
    return names.get(major)


# --- memory sizes -----------------------------------------------------------------------

_UNITS = {"b": 1, "bytes": 1, "kib": 1024, "mib": 1024**2, "gib": 1024**3, "tib": 1024**4}


def parse_size(text: str) -> int | None:
    """'2.26 GiB' -> bytes; '0 bytes' -> 0; unknown units -> None."""
    m = re.fullmatch(r"\s*([\d.]+)\s*(bytes|b|kib|mib|gib|tib)\s*", text, re.IGNORECASE)
    if not m:
        return None
    try:
        value = float(m.group(1))
    except ValueError:
        return None
    return int(value * _UNITS[m.group(2).lower()])


def format_gib(size: int) -> str:
    """Bytes -> '12.00 GiB' (or MiB below one GiB), as PyTorch prints them."""
    if size >= 1024**3:
        return f"{size / 1024**3:.2f} GiB"
    return f"{size / 1024**2:.2f} MiB"


__all__ = [
    "BRANCH_NATIVE_CUDA",
    "MINOR_COMPAT_FLOOR",
    "CudaVersion",
    "arch_list_covers",
    "architecture_name",
    "branch_for_cuda",
    "branch_of_driver",
    "decode_cuda_api_version",
    "driver_runs_cuda",
    "format_gib",
    "native_cuda_of_driver",
    "parse_cuda_version",
    "parse_size",
    "parse_sm",
    "sm_name",
]
