"""Intel Extension for PyTorch next to another torch (explain.families.intel_extension)."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain import explain

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_ipex_refusing_an_older_torch_offers_both_ways_back() -> None:
    # intel/intel-extension-for-transformers#1278
    text = (FIXTURES / "errors_blind101" / "env__ipex_itrex1278.txt").read_text()
    (result,) = explain(text)
    assert result.code == "ipex-torch-mismatch"
    assert result.facts == {"ipex_torch": "2.2", "torch_version": "2.1.0+cu121"}
    # IPEX 2.1 is yanked on PyPI: the exact pin is the way to it.
    assert "intel-extension-for-pytorch==2.1.<N>" in result.fix[0]
    assert '"torch==2.2.*" --index-url https://download.pytorch.org/whl/cu121' in result.fix[1]


def test_a_current_release_takes_the_wildcard() -> None:
    # https://github.com/vllm-project/vllm/issues/17225
    text = (FIXTURES / "errors" / "ipex-torch-mismatch__vllm17225.txt").read_text()
    (result,) = explain(text)
    assert '"intel-extension-for-pytorch==2.7.*"' in result.fix[0]


def test_transformers_retelling_with_ipex_version_first() -> None:
    # transformers' / accelerate's is_ipex_available() warning, as they format it.
    (result,) = explain(
        "Intel Extension for PyTorch 2.1 needs to work with PyTorch 2.1.*, but PyTorch "
        "2.0.1 is found. Please switch to the matching version and run again."
    )
    assert result.code == "ipex-torch-mismatch"
    assert result.facts["torch_version"] == "2.0.1"


def test_fp64_on_an_intel_gpu_without_it() -> None:
    # errors_blind128 (IPEX's known issues).
    with open("tests/fixtures/errors_blind128/env__arch_ipex2.txt", encoding="utf-8") as f:
        (result,) = explain(f.read())
    assert result.code == "xpu-fp64-unsupported"
    assert ".float()" in result.fix[0]
    # The GPU compiler's wording: the kernel is dropped and the results are wrong.
    text = (
        "[CRITICAL ERROR] Kernel '_ZTSN2at15AtenIpexTypeXPU6kernel' removed due to usage "
        "of FP64 instructions unsupported by the targeted hardware"
    )
    (result,) = explain(text)
    assert result.code == "xpu-fp64-unsupported"
    assert "wrong" in result.cause


def test_a_torch_without_xpu_names_the_xpu_build() -> None:
    (result,) = explain("RuntimeError: PyTorch is not linked with support for xpu devices")
    assert result.code == "torch-without-xpu"
    assert "download.pytorch.org/whl/xpu" in result.fix[0]
