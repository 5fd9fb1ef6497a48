"""CUDA start-up failures (envdoctor/explain/families/cuda_init.py)."""

from __future__ import annotations

from envdoctor.explain import explain


def test_torch_1_0s_thcgeneral_invalid_argument_is_a_build_older_than_the_gpu() -> None:
    text = "RuntimeError: cuda runtime error (11) : invalid argument at /pytorch/aten/src/THC/THCGeneral.cpp:405"
    (result,) = explain(text)
    assert result.code == "cuda-init-failed"
    assert "CUDA 10 or newer" in result.fix[1]
