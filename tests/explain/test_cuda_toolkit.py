"""Building CUDA code without a toolkit (families/cuda_toolkit.py)."""

from __future__ import annotations

from envdoctor.explain import explain


def test_setup_pys_bare_metal_version_never_set_without_nvcc() -> None:
    # errors_blind115 (state-spaces/mamba#104).
    (result,) = explain("NameError: name 'bare_metal_version' is not defined")
    assert result.code == "cuda-home-missing"
