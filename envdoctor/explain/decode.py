"""Pure decoders for the numbers error messages carry: CUDA API versions, sm_XX, memory sizes.

Nothing here reads the machine, translates text or knows which driver runs what: the
parsing rules are the knowledge core's (`envdoctor.compat.versions`), the facts come
from the matrix through `envdoctor.explain.knowledge`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from envdoctor.compat.versions import cc_tuple, cuda_from_int, cuda_tuple, parse_arch_entry


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
    if number < 1000 or number > 99_999:
        return None
    return parse_cuda_version(cuda_from_int(number))


def parse_cuda_version(text: str | None) -> CudaVersion | None:
    """'12.4', '12.4.1', 'cu124' -> 12.4; anything else -> None."""
    if not text:
        return None
    text = text.strip()
    m = re.fullmatch(r"cu(\d{2,3})", text)
    if m:
        digits = m.group(1)
        return CudaVersion(int(digits[:-1]), int(digits[-1]))
    found = cuda_tuple(text)
    return CudaVersion(*found) if found and found[0] < 100 and found[1] < 100 else None


# --- GPU architecture -------------------------------------------------------------------


def parse_sm(token: str) -> tuple[int, int] | None:
    """'sm_86' / 'compute_90' / 'sm_90a' / '8.6' / '86' / '120' -> (8, 6), (9, 0), (12, 0)."""
    token = token.strip().lower()
    if token.isdigit() and len(token) in (2, 3):
        token = f"sm_{token}"
    entry = parse_arch_entry(token)
    if entry is not None:
        return entry[1], entry[2]
    return cc_tuple(token)


def sm_name(cc: tuple[int, int]) -> str:
    return f"sm_{cc[0]}{cc[1]}"


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
    "CudaVersion",
    "decode_cuda_api_version",
    "format_gib",
    "parse_cuda_version",
    "parse_size",
    "parse_sm",
    "sm_name",
]
