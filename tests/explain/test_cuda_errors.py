"""CUDA's error table (explain.cuda_errors): every emitter's wrapper reaches the same row."""

from __future__ import annotations

import pytest

from envdoctor.explain import explain


@pytest.mark.parametrize(
    "text",
    [
        # PaddlePaddle: no space before the number (errors_blind87, with the user's typo).
        "Cuda error(35),CUDA driver version is insufficient for CUD runtime version",
        "CUDA error (35): CUDA driver version is insufficient for CUDA runtime version",
        "Check failed: error == cudaSuccess (35 vs. 0)  CUDA driver version is insufficient",
    ],
)
def test_the_insufficient_driver_number_in_every_wrapper(text: str) -> None:
    results = explain(text)
    assert results and results[0].code == "cuda-driver-insufficient"


def test_a_bare_number_after_cuda_error_needs_its_wrapper() -> None:
    assert explain("tensor cuda error35 in my notes") == ()
