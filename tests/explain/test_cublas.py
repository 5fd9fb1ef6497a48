"""cuBLAS's status errors (explain.families.cublas)."""

from __future__ import annotations

from envdoctor.explain import explain


def test_invalid_value_names_a_foreign_cublas_first_and_unsetting_the_path() -> None:
    # errors_blind75 (vLLM, TalkingGaussian): fixed by unsetting LD_LIBRARY_PATH.
    text = (
        "RuntimeError: CUDA error: CUBLAS_STATUS_INVALID_VALUE when calling `cublasSgemm( "
        "handle, opa, opb, m, n, k, &alpha, a, lda, b, ldb, &beta, c, ldc)`"
    )
    (result,) = explain(text)
    assert result.code == "cublas-status-error" and result.kind == "runtime"
    assert "LD_LIBRARY_PATH" in result.cause
    assert "env -u LD_LIBRARY_PATH" in result.fix[0]
    assert result.facts["cublas_call"] == "cublasSgemm"


def test_other_statuses_keep_their_own_first_step() -> None:
    (result,) = explain("RuntimeError: CUDA error: CUBLAS_STATUS_EXECUTION_FAILED")
    assert "CUDA_LAUNCH_BLOCKING=1" in result.fix[0]
