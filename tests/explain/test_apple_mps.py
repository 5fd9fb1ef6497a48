"""Apple MPS answers (envdoctor/explain/families/apple_mps.py, user_code_dtypes.py)."""

from __future__ import annotations

from envdoctor.explain import explain


def test_torch_2_0s_wording_of_an_mps_op_without_a_dtype() -> None:
    text = (
        "TypeError: Operation 'abs_out_mps()' does not support input type 'int64' in MPS backend."
    )
    (result,) = explain(text)
    assert result.code == "mps-op-unsupported"
    assert result.facts == {"operator": "abs_out_mps", "dtype": "int64"}


def test_float64_on_mps_is_the_codes_dtype_not_the_install() -> None:
    text = (
        "TypeError: Cannot convert a MPS Tensor to float64 dtype as the MPS framework "
        "doesn't support float64. Please use float32 instead."
    )
    (result,) = explain(text)
    assert result.kind == "code"
    assert not any("pip install" in step for step in result.fix)
