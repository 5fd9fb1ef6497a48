"""What a build or a run-time compile needs from the machine: MPI's compiler wrapper,
llvm-config for llvmlite, the CUDA headers and builtins NVRTC uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from envdoctor.explain import explain

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_horovods_mpicxx_show_failure_says_put_mpi_on_path() -> None:
    (result,) = explain(_read("errors_blind127/env__mpi_horovod3.txt"))
    assert result.code == "mpi-compiler-wrapper-missing"
    assert result.facts == {"wrapper": "mpicxx", "package": "horovod"}
    assert "PATH=$PATH:/path/to/mpi/bin" in result.fix[0]
    assert "HOROVOD_WITHOUT_MPI=1" in result.fix[1]


@pytest.mark.parametrize("text", ["bash: mpicxx: command not found", "sh: 1: mpicc: not found"])
def test_the_shells_words_for_a_missing_wrapper(text: str) -> None:
    (result,) = explain(text)
    assert result.code == "mpi-compiler-wrapper-missing"


def test_a_wrapper_that_cannot_load_its_libraries_says_ld_library_path() -> None:
    # horovod's troubleshooting.rst: the loader's error printed before setup.py's message.
    text = (
        "mpicxx: error while loading shared libraries: libopen-pal.so.40: cannot open shared "
        "object file: No such file or directory\n"
        "error: mpicxx -show failed (see error below), is MPI in $PATH?"
    )
    (result,) = explain(text)
    assert result.code == "mpi-compiler-wrapper-missing"
    assert result.facts["library"] == "libopen-pal.so.40"
    assert "LD_LIBRARY_PATH" in result.fix[0]


def test_llvm_config_not_found_is_llvmlite_built_from_source() -> None:
    (result,) = explain(_read("errors_blind127/env__wheel_llvmlite1.txt"))
    assert result.code == "llvm-config-missing"
    assert "python -m pip install -U pip" in result.fix[0]
    assert "conda install numba" in result.fix[2]


def test_nvrtc_without_the_cuda_headers_under_cupy_says_which_package_has_them() -> None:
    (result,) = explain(_read("errors_blind127/env__cudaheaders_cupy3.txt"))
    assert result.code == "nvrtc-cuda-files-missing"
    assert result.facts["header"] == "vector_types.h"
    assert "nvidia-cuda-runtime-cu12" in result.fix[0]


def test_nvrtc_failing_to_load_builtins_says_cuda_path_and_ld_library_path() -> None:
    (result,) = explain(_read("errors_blind127/env__cudahome_cupy4.txt"))
    assert result.code == "nvrtc-cuda-files-missing"
    assert "LD_LIBRARY_PATH=$CUDA_PATH/lib64" in result.fix[0]


def test_a_programs_own_header_is_not_the_toolkits() -> None:
    text = 'catastrophic error: cannot open source file "my_kernels.cuh"'
    assert "nvrtc-cuda-files-missing" not in [r.code for r in explain(text)]


@pytest.mark.parametrize(
    "text",
    [
        (FIXTURES / "errors_blind134/env__submodule_ncnn1.txt").read_text(encoding="utf-8"),
        # xformers' setup.py, numpy's spin, cupy's preflight, pytorch/ao's setup.py.
        "RuntimeError: CUTLASS submodule not found at /x/third_party/cutlass/include. Did you "
        "forget to run `git submodule update --init --recursive` ?",
        "RuntimeError: The `vendored-meson/meson` git submodule does not exist! Run `git "
        "submodule update --init` to fix this problem.",
        "The directory third_party/cccl is a git submodule but is currently empty.\n"
        "Please use the command:\n\n    $ git submodule update --init\n\nto populate",
        "Could not find any of CMakeLists.txt, Makefile in /x/third_party/cutlass\n"
        "Did you run 'git submodule update --init --recursive'?",
    ],
)
def test_git_submodules_missing(text: str) -> None:
    (result,) = explain(text)
    assert result.code == "git-submodules-missing"
    assert "git submodule update --init --recursive" in result.fix[0]


def test_git_submodule_update_in_a_healthy_log() -> None:
    assert (
        explain("+ git submodule update --init --recursive\nSubmodule path 'x': checked out") == ()
    )
