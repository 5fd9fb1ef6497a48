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


def test_arch_native_refused_by_an_nvcc_older_than_11_5_update_1() -> None:
    # errors_blind107 (whisper.cpp#876): the distribution's nvcc 11.5 and -arch=native.
    text = "nvcc fatal   : Value 'native' is not defined for option 'gpu-architecture'"
    (result,) = explain(text)
    assert result.code == "nvcc-arch-unsupported"
    assert result.facts["nvcc_needs_cuda"] == "11.5.1"
    (every,) = explain(
        "nvcc fatal   : Value 'all-major' is not defined for option 'gpu-architecture'"
    )
    assert every.facts["nvcc_needs_cuda"] == "11.5"


def test_a_build_that_saw_no_gpu_to_detect() -> None:
    # errors_blind112 (llama.cpp#18430): a docker build.
    (result,) = explain(
        "nvcc fatal   : Unsupported gpu architecture 'compute_No CUDA devices found.'"
    )
    assert result.code == "nvcc-arch-unsupported"
    assert "CMAKE_CUDA_ARCHITECTURES" in result.fix[0]
