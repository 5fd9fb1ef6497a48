"""scaled_dot_product_attention without a usable kernel (families/attention_kernels.py)."""

from __future__ import annotations

from envdoctor.explain import explain


def test_no_available_sdpa_kernel_names_the_math_fallback() -> None:
    text = (
        "UserWarning: Flash attention only supports gpu architectures in the range [sm80, "
        "sm90]. Attempting to run on a sm 7.5 gpu.\n"
        "RuntimeError: No available kernel. Aborting execution."
    )
    (result,) = explain(text)
    assert result.code == "sdpa-no-kernel"
    assert "SDPBackend.MATH" in result.fix[0]
