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
