"""Extension builds: the host-compiler check, with torch in the fix only when torch builds."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain import explain

GCC = (
    "/usr/local/cuda/include/crt/host_config.h:132:2: error: #error -- unsupported GNU "
    "version! gcc versions later than 12 are not supported!\n"
)


def test_a_torch_extension_build_is_told_torchs_cuda_major() -> None:
    text = (
        '  File "/venv/lib/python3.11/site-packages/torch/utils/cpp_extension.py", line 2100\n'
        + GCC
    )
    (result,) = explain(text)
    assert result.code == "extension-gcc-unsupported"
    assert any("torch's CUDA" in step for step in result.fix)


def test_a_cmake_build_without_torch_gets_no_torch_steps() -> None:
    text = (
        "  CMake Error at vendor/llama.cpp/CMakeLists.txt:95 (enable_language):\n"
        + GCC
        + "ERROR: Failed building wheel for llama-cpp-python\n"
    )
    (result,) = explain(text)
    assert result.code == "extension-gcc-unsupported"
    assert result.fix[0].startswith("Install gcc-12/g++-12")
    assert not any("torch" in step for step in result.fix)


APEX = (
    "RuntimeError: Cuda extensions are being compiled with a version of Cuda that does not "
    "match the version used to compile Pytorch binaries.  Pytorch binaries were compiled "
    "with Cuda {torch}.\n"
)


def test_apex_names_only_torchs_cuda_so_the_toolkit_is_looked_up() -> None:
    (result,) = explain(APEX.format(torch="10.2"))
    assert result.code == "cuda-version-mismatch-build"
    assert result.facts == {"torch_cuda": "10.2"}
    assert "nvcc --version" in result.fix[0]
    assert any("cuda-10.2" in step for step in result.fix)


def test_apex_with_nvccs_banner_and_the_same_major_is_a_minor_refusal() -> None:
    text = "Cuda compilation tools, release 11.3, V11.3.109\n" + APEX.format(torch="11.1")
    (result,) = explain(text)
    assert result.facts == {"system_cuda": "11.3", "torch_cuda": "11.1"}
    assert "minor version" in result.cause
    assert any("at your own risk" in step for step in result.fix)


def test_nvcc_arch_refusal_quoted_without_its_closing_quote() -> None:
    (result,) = explain("nvcc fatal   : Unsupported gpu architecture 'compute_61\n")
    assert result.code == "nvcc-arch-unsupported"
    assert result.facts["gpu_arch"] == "compute_61"
    # nvcc's version is unknown: a toolkit older than Pascal refuses it too.
    assert "nvcc --version" in result.cause
    # A known, newer toolkit: only the "dropped" reading is left.
    newer = explain(
        "Cuda compilation tools, release 13.0, V13.0.48\n"
        "nvcc fatal   : Unsupported gpu architecture 'compute_61'\n"
    )
    assert "older than the architecture" not in newer[0].cause


def test_a_programs_own_cuda_code_without_kernels_gets_compiler_flags() -> None:
    text = (
        "[error][simple_yolo.cu:556]:launch failed: no kernel image is available for "
        "execution on the device\n"
    )
    (result,) = explain(text)
    assert result.code == "no-kernel-image"
    assert any("-gencode" in step for step in result.fix)
    assert not any("torch" in step for step in result.fix)


def test_the_ptx_example_is_an_architecture_the_toolkit_knows() -> None:
    (result,) = explain("nvcc fatal   : Unsupported gpu architecture 'compute_86'\n")
    assert any('TORCH_CUDA_ARCH_LIST="8.0+PTX"' in step for step in result.fix)
    old_nvcc = (
        "Cuda compilation tools, release 10.2, V10.2.89\n"
        "nvcc fatal   : Unsupported gpu architecture 'compute_86'\n"
    )
    (result,) = explain(old_nvcc)
    assert any('TORCH_CUDA_ARCH_LIST="7.0+PTX"' in step for step in result.fix)


# k2's get_version.py assertion, as pasted in https://github.com/k2-fsa/k2/issues/1189.
K2 = (
    "AssertionError: PyTorch is built with CUDA version: 11.3.\n"
    "The current running CUDA version is: 11.4.120\n"
)


def test_k2s_setup_refuses_a_toolkit_of_another_minor_version() -> None:
    (result,) = explain(K2)
    assert result.code == "cuda-version-mismatch-build"
    assert result.facts == {"system_cuda": "11.4", "torch_cuda": "11.3"}
    assert "k2" in result.cause
    assert any("cuda-11.3" in step for step in result.fix)


def test_k2s_setup_with_an_older_toolkit_major_is_the_build_mismatch() -> None:
    path = "tests/fixtures/errors_blind33/env__extbuild_k2_3.txt"
    with open(path, encoding="utf-8") as f:
        (result,) = explain(f.read())
    assert result.code == "cuda-version-mismatch-build"
    assert result.facts == {"system_cuda": "10.2", "torch_cuda": "11.7"}


def test_th_header_of_an_extension_names_the_same_removal() -> None:
    blind = Path(__file__).resolve().parent.parent / "fixtures" / "errors_blind111"
    (result,) = explain((blind / "env__extbuild_dcnv2136.txt").read_text())
    assert result.code == "extension-uses-thc"
    assert result.facts == {"thc": "TH/TH.h", "removed_in": "1.11"}
    assert "<torch/extension.h>" in result.fix[1]
    # fairseq#4525's clang wording.
    (clang,) = explain("edit_dist.cu:11:10: fatal error: 'TH/TH.h' file not found\n")
    assert clang.facts["thc"] == "TH/TH.h"
    # Building PyTorch itself in 2017 (pytorch/pytorch#2528) is no old extension.
    assert not explain(
        "In file included from torch/csrc/Exceptions.cpp:3:0:\n"
        "torch/csrc/THP.h:6:19: fatal error: TH/TH.h: No such file or directory\n"
    )


def test_thc_symbols_and_headers_name_the_removal() -> None:
    (result,) = explain(
        'dcn_v2_cuda.cu(107): error: identifier "THCState_getCurrentStream" is undefined\n'
    )
    assert result.code == "extension-uses-thc"
    assert result.facts["removed_in"] == "1.5"
    assert any("getCurrentCUDAStream" in step for step in result.fix)
    (header,) = explain("fatal error: 'THC/THC.h' file not found\n")
    assert header.facts == {"thc": "THC/THC.h", "removed_in": "1.11"}
    other = explain('error: identifier "THCudaBlas_Sgemm" is undefined\n')
    assert other[0].code == "extension-uses-thc"
    assert "removed_in" not in other[0].facts
    # Lua Torch's own THC.h (no THC/ folder) is another story.
    assert not explain("cuda_utils.cu:8:17: fatal error: THC.h: No such file or directory\n")


def test_gcc_11_functional_header_under_nvcc_names_gcc_10() -> None:
    (result,) = explain(
        "/usr/include/c++/11/bits/std_function.h:530:146: error: parameter packs not "
        "expanded with '...':"
    )
    assert result.code == "extension-gcc-unsupported"
    assert "NVCC_CCBIN=g++-10" in result.fix[0]


def _blind(name: str) -> str:
    path = Path(__file__).resolve().parent.parent / "fixtures" / "errors_blind85" / name
    return path.read_text(encoding="utf-8")


def test_any_gcc_headers_under_nvcc_name_the_gcc() -> None:
    # NVIDIA/nccl#102: CUDA 8's nvcc with gcc 6 (its <tuple>).
    (result,) = explain(_blind("env__gcc_nccl102.txt"))
    assert result.code == "extension-gcc-unsupported"
    assert result.facts == {"compiler": "gcc 6", "header": "tuple"}
    assert "NVCC_CCBIN=g++-<version>" in result.fix[0]


def test_padded_terminal_wrap_and_the_distributions_nvcc() -> None:
    # turboderp/exllama#65: Ubuntu's nvcc 11.5 (/usr/bin/nvcc) with gcc 11, the text wrapped
    # by a terminal that padded each row with spaces ("expa<spaces>nded").
    (result,) = explain(_blind("env__gcc_exllama65.txt"))
    assert result.code == "extension-gcc-unsupported"
    assert result.facts["compiler"] == "gcc 11"
    assert "/usr/bin/nvcc" in result.fix[0]


def test_the_toolkit_version_comes_from_the_nvcc_path() -> None:
    text = (
        "/usr/local/cuda-11.6/bin/nvcc -c kernel.cu -o kernel.o\n"
        "/usr/include/c++/11/bits/std_function.h:435:145: error: parameter packs not "
        "expanded with '...':"
    )
    (result,) = explain(text)
    assert result.facts["nvcc_cuda"] == "11.6"
    assert "CUDA 11.6" in result.cause


def test_old_cudas_and_up_wording_names_the_gcc_before_it() -> None:
    # errors_blind88 (CudaMiner#155): CUDA 5.5's host_config.h.
    (result,) = explain(
        "/usr/local/cuda-5.5//bin/..//include/host_config.h:82:2: error: #error -- "
        "unsupported GNU version! gcc 4.9 and up are not supported!"
    )
    assert result.code == "extension-gcc-unsupported"
    assert result.facts["newest_gcc"] == "4.8"
    assert "gcc-4.8" in result.fix[0]


def test_the_cuda_mismatch_refusal_retold_in_a_title_without_its_first_words() -> None:
    # errors_blind101 (gaussian-splatting#385).
    (result,) = explain(
        "RuntimeError CUDA version (12.0) mismatches the version that was used to compile"
    )
    assert result.code == "cuda-version-mismatch-build"


def test_colossalais_check_table_with_two_cuda_versions() -> None:
    # errors_blind113 (ColossalAI#2973).
    text = Path("tests/fixtures/errors_blind113/env__extbuild_colossalai2973.txt").read_text(
        encoding="utf-8"
    )
    (result,) = explain(text)
    assert result.code == "cuda-version-mismatch-build"


def test_apexs_check_quoted_by_its_last_sentences() -> None:
    # errors_blind120 (apex#497).
    text = (
        "In some cases, a minor-version mismatch will not cause later errors:  "
        "https://github.com/NVIDIA/apex/pull/323#discussion_r287021798.  You can try commenting "
        "out this check (at your own risk)."
    )
    (result,) = explain(text)
    assert result.code == "cuda-version-mismatch-build"
    assert "nvcc --version" in result.fix[1]


def test_cuda_8s_gcc_limit_with_a_minor_version_is_read_and_not_made_a_package_name() -> None:
    (result,) = explain("unsupported GNU version! gcc versions later than 5.3 are not supported")
    assert result.code == "extension-gcc-unsupported"
    assert result.facts["newest_gcc"] == "5.3"
    assert "gcc-5.3" not in " ".join(result.fix)
    assert "gcc-5 --version" in result.fix[0]


def test_the_extension_builders_summary_alone_points_to_the_compilers_first_error() -> None:
    (result,) = explain("RuntimeError: Error compiling objects for extension")
    assert result.code == "extension-build-failed"
    assert "first line with 'error'" in result.fix[0]


def test_the_summary_yields_to_the_compilers_own_error() -> None:
    text = (
        "#error -- unsupported GNU version! gcc versions later than 11 are not supported!\n"
        "RuntimeError: Error compiling objects for extension"
    )
    assert [r.code for r in explain(text)] == ["extension-gcc-unsupported"]
