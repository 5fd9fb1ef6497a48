"""The bundled driver-CUDA-cuDNN-PyTorch-GPU compatibility matrix."""

from __future__ import annotations

from envdoctor.matrix.load import default_path, load_matrix, parse_matrix, validate
from envdoctor.matrix.model import GpuEntry, Matrix, Release, Variant

__all__ = [
    "GpuEntry",
    "Matrix",
    "Release",
    "Variant",
    "default_path",
    "load_matrix",
    "parse_matrix",
    "validate",
]
