"""The bundled driver-CUDA-cuDNN-PyTorch-GPU compatibility matrix."""

from __future__ import annotations

from envdoctor.matrix.load import default_path, load_matrix, parse_matrix, used_sources, validate
from envdoctor.matrix.model import AmbiguousGpu, GpuEntry, Matrix, Release, Variant

__all__ = [
    "AmbiguousGpu",
    "GpuEntry",
    "Matrix",
    "Release",
    "Variant",
    "default_path",
    "load_matrix",
    "parse_matrix",
    "used_sources",
    "validate",
]
