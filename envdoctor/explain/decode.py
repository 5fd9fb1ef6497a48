"""Pure decoders for the numbers error messages carry: CUDA API versions, sm_XX, memory sizes.

`CudaVersion` here is the core's value type (re-exported for explain's modules).

Nothing here reads the machine, translates text or knows which driver runs what: the
parsing rules are the knowledge core's (`envdoctor.compat.versions`), the facts come
from the matrix through `envdoctor.explain.knowledge`.
"""

from __future__ import annotations

import re

from envdoctor.compat.versions import ArchTarget, ComputeCapability, CudaVersion


def decode_cuda_api_version(number: int) -> CudaVersion | None:
    """Decode the integer CUDA reports for a version: 11040 -> 11.4, 12020 -> 12.2, 9000 -> 9.0.

    The encoding is major * 1000 + minor * 10 (cudaDriverGetVersion / cuDriverGetVersion);
    the core's `CudaVersion.from_int` owns the rule.
    """
    return CudaVersion.from_int(number)


def parse_cuda_version(text: str | None) -> CudaVersion | None:
    """'12.4', '12.4.1', 'cu124' -> 12.4; anything else -> None (the core's parser)."""
    return CudaVersion.parse(text)


# --- GPU architecture -------------------------------------------------------------------


def parse_sm(token: str) -> tuple[int, int] | None:
    """'sm_86' / 'compute_90' / 'sm_90a' / '8.6' / '86' / '120' -> (8, 6), (9, 0), (12, 0).

    An arch-list entry (the core's `ArchTarget`), else a bare compute capability.
    """
    target = ArchTarget.parse(token.strip().lower())
    cc = target.capability if target is not None else ComputeCapability.parse(token)
    return (cc.major, cc.minor) if cc is not None else None


def sm_name(cc: tuple[int, int]) -> str:
    return ComputeCapability(*cc).sm


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


def library_major(lib: str) -> int | None:
    """The major version in a library file name: libcudnn.so.8 -> 8, cublas64_12.dll -> 12."""
    m = re.search(r"\.so\.(\d+)", lib)
    if m:
        return int(m.group(1))
    # Windows names carry the version after "64_": cudnn64_8, cublas64_12, cudart64_110
    # (CUDA 11.0), nvrtc64_112_0 (CUDA 11.2): three digits are major and minor.
    m = re.search(r"64_(\d+)(?:_\d+)?\.dll$", lib)
    if not m:
        return None
    number = int(m.group(1))
    # cudart64_110 (11.0), cudart64_90 (9.0, before CUDA 10 two digits carried the minor),
    # cublas64_12 (12: the major alone since CUDA 11's cuBLAS).
    return number // 10 if number >= 20 else number


# Linux libraries whose soname major is the CUDA major they come with (libcudart.so.12 is
# CUDA 12's). Others number themselves: CUDA 12 ships libcufft.so.11, libcusolver.so.11,
# libcurand.so.10; NCCL is libnccl.so.2 and NVTX libnvToolsExt.so.1 in every CUDA.
_CUDA_NUMBERED = re.compile(r"^lib(?:cudart|cublasLt|cublas|nvrtc|nvJitLink|cupti)\.so\.")


def cuda_major_of_library(lib: str) -> int | None:
    """The CUDA major a library file belongs to, where its name says it: libcudart.so.11.0
    -> 11, cublas64_12.dll -> 12; None for libcufft.so.11 and the like."""
    if ".so" in lib and not _CUDA_NUMBERED.match(lib):
        return None
    return library_major(lib)


__all__ = [
    "CudaVersion",
    "cuda_major_of_library",
    "decode_cuda_api_version",
    "format_gib",
    "library_major",
    "parse_cuda_version",
    "parse_size",
    "parse_sm",
    "sm_name",
]
