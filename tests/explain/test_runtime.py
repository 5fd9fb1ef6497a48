"""cuDNN / cuBLAS status errors: a GPU newer than the build is one of the causes checked."""

from __future__ import annotations

import pytest

from envdoctor.explain import explain


@pytest.mark.parametrize(
    "text",
    [
        "RuntimeError: cuDNN error: CUDNN_STATUS_NOT_INITIALIZED\n",
        "RuntimeError: CUDA error: CUBLAS_STATUS_EXECUTION_FAILED when calling `cublasSgemm( handle)`\n",
    ],
)
def test_the_build_is_checked_for_the_gpus_code(text: str) -> None:
    (result,) = explain(text)
    assert any("get_arch_list()" in step and "envdoctor install" in step for step in result.fix)
    # Never "reinstall the same build": the reinstall names a build the GPU supports.
    assert not any("for its CUDA variant" in step for step in result.fix)


def test_host_memory_is_not_the_gpus() -> None:
    (result,) = explain(
        "RuntimeError: [enforce fail at alloc_cpu.cpp:114] data. DefaultCPUAllocator: not "
        "enough memory: you tried to allocate 1073741824 bytes."
    )
    assert result.code == "host-out-of-memory" and result.kind == "runtime"
    assert result.facts["requested"] == "1.00 GiB"


def test_cudnn_9_sub_libraries_name_two_cudnns() -> None:
    (result,) = explain("RuntimeError: cuDNN error: CUDNN_STATUS_SUBLIBRARY_LOADING_FAILED")
    assert "two cuDNN installations" in result.cause


def test_cudnn_sub_library_missing_a_dependency_names_it() -> None:
    results = explain(
        "Could not load library libcudnn_cnn.so.9. Error: libnvrtc.so.12: cannot open shared "
        "object file: No such file or directory\nCUDNN_STATUS_SUBLIBRARY_LOADING_FAILED"
    )
    # The missing library's own answer comes too; cuDNN's names what needed it.
    (result,) = [r for r in results if r.code == "cudnn-status-error"]
    assert result.facts.get("missing") == "libnvrtc.so.12"


def test_mps_refusing_its_first_allocation_is_no_usable_gpu_not_a_full_memory() -> None:
    # errors_blind90 (TransformerLens#598): GitHub's virtual macOS runners.
    (result,) = explain(
        "RuntimeError: MPS backend out of memory (MPS allocated: 0 bytes, other allocations: "
        "0 bytes, max allowed: 7.93 GB). Tried to allocate 94.26 MB on private pool."
    )
    assert result.kind == "environment"
    assert "not a full memory" in result.cause
    (full,) = explain(
        "RuntimeError: MPS backend out of memory (MPS allocated: 17.80 GB, other allocations: "
        "1.20 GB, max allowed: 18.13 GB). Tried to allocate 512.00 MB on private pool."
    )
    assert full.kind == "runtime" and "not a full memory" not in full.cause


def test_a_single_request_above_the_limit_is_an_ordinary_out_of_memory() -> None:
    # review: nothing allocated yet, but the one request is larger than the whole limit.
    (result,) = explain(
        "RuntimeError: MPS backend out of memory (MPS allocated: 0 bytes, other allocations: "
        "0 bytes, max allowed: 18.13 GB). Tried to allocate 64.00 GB on private pool."
    )
    assert result.kind == "runtime" and "not a full memory" not in result.cause
