"""CMake's and nvcc's own words when a native CUDA build meets the machine's toolchain."""

from __future__ import annotations

from pathlib import Path

import pytest

from envdoctor.explain import explain

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "name", ["errors_blind129/env__msvc_ingp1.txt", "errors_blind129/env__msvc_nerfstudio3.txt"]
)
def test_no_cuda_toolset_is_visual_studios_missing_cuda_integration(name: str) -> None:
    (result,) = explain(_read(name))
    assert result.code == "cmake-cuda-toolset-missing"
    assert result.facts == {"os": "Windows"}
    assert any("MSBuildExtensions" in step for step in result.fix)


def test_try_compile_without_architectures_on_linux_names_the_nvcc() -> None:
    text = (
        "-- The CUDA compiler identification is unknown\n"
        "CMake Error in /home/u/instant-ngp/build/CMakeFiles/CMakeTmp/CMakeLists.txt:\n"
        '  CUDA_ARCHITECTURES is empty for target "cmTC_0c70f".\n'
        "Linux 5.15.0 x86_64 GNU/Linux"
    )
    (result,) = explain(text)
    assert result.code == "cmake-cuda-toolset-missing"
    assert any("-DCMAKE_CUDA_COMPILER=" in step for step in result.fix)


def test_a_projects_own_target_without_architectures_is_not_the_toolchain() -> None:
    # CMP0104 on the project's own target: its CMakeLists sets no CUDA_ARCHITECTURES.
    text = 'CMake Error in CMakeLists.txt:\n  CUDA_ARCHITECTURES is empty for target "mylib".'
    assert "cmake-cuda-toolset-missing" not in [r.code for r in explain(text)]


def test_no_known_features_for_msvc_says_developer_shell_and_fresh_build_folder() -> None:
    (result,) = explain(_read("errors_blind129/env__msvc_ingp2.txt"))
    assert result.code == "cmake-compiler-features-unknown"
    assert result.facts["compiler"] == "MSVC"
    assert "developer shell" in result.fix[0]


def test_nvcc_given_two_input_files_says_spaces_in_the_path() -> None:
    (result,) = explain(_read("errors_blind129/env__extbuild_ingp3.txt"))
    assert result.code == "nvcc-extra-input-file"
    assert "no spaces" in result.fix[0]


def test_a_cuda_function_the_toolkit_lacks_says_toolkit_too_old() -> None:
    (result,) = explain(_read("errors_blind129/env__cudaver_ingp4.txt"))
    assert result.code == "cuda-toolkit-too-old-for-code"
    assert result.facts["function"] == "cublasSetWorkspace"


def test_linker_missing_a_newer_runtime_function() -> None:
    text = (
        "/usr/bin/ld: tiny-cuda-nn/src/cuda_graph.cu.o: in function `tcnn::CudaGraph::capture':\n"
        "cuda_graph.cu:(.text+0x1a4): undefined reference to `cudaGraphExecUpdate'\n"
        "collect2: error: ld returned 1 exit status"
    )
    (result,) = explain(text)
    assert result.code == "cuda-toolkit-too-old-for-code"
    assert result.facts["function"] == "cudaGraphExecUpdate"


@pytest.mark.parametrize(
    "text",
    [
        # The runtime not linked at all: every CUDA function is undefined.
        "main.o: undefined reference to `cudaMalloc'\nmain.o: undefined reference to "
        "`cudaGraphExecUpdate'",
        # The program's own functions, not CUDA's.
        "main.o: undefined reference to `cuda_helper_init'",
        'error: identifier "myCudaKernel" is undefined',
        # A program's own error-checking macro, not defined in this file.
        'kernel.cu(12): error: identifier "cudaCheckError" is undefined',
        # The code's own mistakes: no #include <cublas_v2.h>, a typo, no -lcublasLt.
        'main.cu(8): error: identifier "cublasCreate" is undefined',
        'main.cu(9): error: identifier "cudaMallocManged" is undefined',
        "gemm.cpp:(.text+0x2c): undefined reference to `cublasLtMatmul'",
    ],
)
def test_not_the_toolkits_missing_function(text: str) -> None:
    assert "cuda-toolkit-too-old-for-code" not in [r.code for r in explain(text)]


def test_cmake_no_compiler_after_enable_language() -> None:
    # LightGBM's FAQ: MinGW, a known CMake issue (rerun, or CMake 3.17.0+).
    text = (FIXTURES / "errors_blind134/env__cmake_lightgbm2.txt").read_text(encoding="utf-8")
    (result,) = explain(text)
    assert result.code == "cmake-compiler-not-found"
    assert "3.17.0" in result.fix[0]
    (linux,) = explain(
        "CMake Error at CMakeLists.txt:2 (project):\n  No CMAKE_CXX_COMPILER could be found.\n"
    )
    assert linux.facts["language"] == "CXX"
    assert not any("3.17.0" in step for step in linux.fix)


def test_no_fortran_compiler_names_gfortran_not_build_essential() -> None:
    (result,) = explain(
        "CMake Error at CMakeLists.txt:2 (project):\n  No CMAKE_Fortran_COMPILER could be found."
    )
    assert result.code == "cmake-compiler-not-found"
    assert "sudo apt install gfortran" in result.fix[0]
    assert "gcc-gfortran" in result.fix[0]
    assert not any("build-essential" in step or "gcc-c++" in step for step in result.fix)


def test_another_language_without_a_known_package_gets_the_generic_step() -> None:
    (result,) = explain("CMake Error: No CMAKE_Swift_COMPILER could be found.")
    assert "-DCMAKE_Swift_COMPILER=<path>" in result.fix[0]
    assert not any("build-essential" in step for step in result.fix)
