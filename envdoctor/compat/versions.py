"""The core's version value types and parsers (defined in the shared `envdoctor.values`).

They live in a top-level module so that `collect`, `bench` and `matrix` parse versions
with the same rules without importing the core (which imports the matrix); the core's
modules and its users keep importing them from here.
"""

from __future__ import annotations

from envdoctor.values import (
    ArchTarget,
    ComputeCapability,
    CudaVersion,
    DriverVersion,
    PythonVersion,
    TorchVersion,
    Verdict,
    cc_tuple,
    cuda_from_int,
    cuda_tuple,
    cudnn_from_int,
    os_key,
    parse_arch_entry,
    parse_version,
)

__all__ = [
    "ArchTarget",
    "ComputeCapability",
    "CudaVersion",
    "DriverVersion",
    "PythonVersion",
    "TorchVersion",
    "Verdict",
    "cc_tuple",
    "cuda_from_int",
    "cuda_tuple",
    "cudnn_from_int",
    "os_key",
    "parse_arch_entry",
    "parse_version",
]
