"""CUDA libraries whose code predates the GPU: cuFFT, cuBLAS (torch 1.x wording), cuDNN."""

from __future__ import annotations

from envdoctor.explain import explain


def _blind(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        return f.read()


def test_cufft_on_an_rtx_4090_with_a_cu117_build_names_cuda_11_8() -> None:
    (result,) = explain(_blind("tests/fixtures/errors_blind35/env__kernel_sovitsfork200.txt"))
    assert result.code == "cufft-internal-error"
    assert result.kind == "environment"
    assert result.facts["build_cuda"] == "11.7"
    assert result.facts["needs_cuda"] == "11.8"


def test_cufft_without_facts_still_names_the_gpu_rule() -> None:
    (result,) = explain("RuntimeError: cuFFT error: CUFFT_INTERNAL_ERROR\n")
    assert result.code == "cufft-internal-error"
    assert "needs_cuda" not in result.facts
    assert any("11.8" in step for step in result.fix)


def test_torch_1x_cublas_wording_is_the_status() -> None:
    (result,) = explain(_blind("tests/fixtures/errors_blind32/env__kernel_yolact3.txt"))
    assert result.code == "cublas-status-error"
    assert result.facts["cublas_status"] == "CUBLAS_STATUS_EXECUTION_FAILED"
    assert result.kind == "runtime"  # no GPU in the paste: a bad input stays possible


def test_cublas_with_a_turing_gpu_on_a_cuda_9_build_is_the_install() -> None:
    text = (
        "GPU 0: GeForce RTX 2080 Ti\n"
        "CUDA used to build PyTorch: 9.0.176\n"
        "RuntimeError: cublas runtime error : the GPU program failed to execute at "
        "/opt/conda/conda-bld/pytorch_1549628766161/work/aten/src/THC/THCBlas.cu:258\n"
    )
    (result,) = explain(text)
    assert result.kind == "environment"
    assert "needs CUDA 10.0 or newer" in result.cause


def test_cudnn_v8_engine_search() -> None:
    (result,) = explain(_blind("tests/fixtures/errors_blind35/env__cudnn_sovitsfork339.txt"))
    assert result.code == "cudnn-no-engine"
    assert result.kind == "environment"
    assert any("LD_LIBRARY_PATH" in step for step in result.fix)


def test_nvrtc_not_knowing_the_gpu_names_the_first_cuda_of_each_architecture() -> None:
    # errors_blind75: six threads, RTX 4090s with CUDA 11.x builds before 11.8.
    (result,) = explain("RuntimeError: nvrtc: error: invalid value for --gpu-architecture (-arch)")
    assert result.code == "nvrtc-arch-unknown"
    assert result.kind == "environment"
    # The first CUDAs come from the matrix (8.9, Ada: 11.8).
    assert "8.9: 11.8" in result.fix[-1]


def test_nvrtc_with_the_gpu_and_build_in_the_paste_says_which_cuda_it_needs() -> None:
    text = (
        "torch 1.10.0+cu113\nGPU 0: NVIDIA GeForce RTX 4090\n"
        "RuntimeError: nvrtc: error: invalid value for --gpu-architecture (-arch)"
    )
    (result,) = explain(text)
    assert result.facts["build_cuda"] == "11.3"
    assert result.facts["needs_cuda"] == "11.8"


def test_cupys_nvrtc_gets_cupys_advice() -> None:
    text = (
        "cupy.cuda.compiler.CompileException: nvrtc: error: invalid value for "
        "--gpu-architecture (-arch)\ncupy-cuda11x 11.0.0, NVIDIA GeForce RTX 4090"
    )
    (result,) = explain(text)
    assert "CuPy" in result.cause
    assert not any("torch" in step for step in result.fix)


def test_an_rtx_3090_needs_its_own_first_cuda_not_its_familys() -> None:
    text = (
        "I have an RTX 3090 and torch 1.7.1+cu101.\n"
        "RuntimeError: nvrtc: error: invalid value for --gpu-architecture (-arch)"
    )
    (result,) = explain(text)
    assert result.facts["needs_cuda"] == "11.1"
    assert result.facts["torch_version"] == "1.7.1+cu101"


def test_nvrtc_on_an_unknown_gpu_names_both_directions() -> None:
    # openmm#3756: a Kepler GPU and a CUDA 11 OpenMM; the paste names no GPU.
    (result,) = explain(_blind("tests/fixtures/errors_blind109/env__kernel_openmm3756.txt"))
    assert result.code == "nvrtc-arch-unknown"
    assert "older than the last CUDA" in result.cause and "3.0: 10.2" in result.cause


def test_nvrtc_on_a_gpu_newer_cuda_dropped_says_so() -> None:
    (result,) = explain(
        "GPU 0: Quadro K2000\nCUDA platform error: Error compiling program: nvrtc: error: "
        "invalid value for --gpu-architecture (-arch)"
    )
    assert result.facts["last_cuda"] == "10.2"
    assert "too old" in result.cause


def test_nvrtc_invalid_option_after_the_architecture_it_was_given() -> None:
    # errors_blind118 (cuda-api-wrappers#509).
    text = (
        "--std=c++17 --gpu-architecture=sm_89 -DCUDA ...\n\nFailed invoking compiler for CUDA C++ "
        "program at 0x07fae240a1c80: NVRTC_ERROR_INVALID_OPTION"
    )
    (result,) = explain(text)
    assert result.code == "nvrtc-arch-unknown"
