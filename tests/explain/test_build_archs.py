"""GPU architectures a build asks nvcc for (explain.families.build_archs)."""

from __future__ import annotations

from envdoctor.explain import explain


def test_nvcc_refusing_compute_30_names_the_toolkit_that_last_built_it() -> None:
    # errors_blind94 (Neurally-Guided-Style-Transfer#5): a build script's -arch compute_30.
    (result,) = explain(
        " nvcc fatal  : Value 'compute_30' is not defined for option 'gpu-architecture' FAILED"
    )
    assert result.code == "nvcc-arch-unsupported"
    assert result.facts["last_cuda_for_arch"] == "10.2"
