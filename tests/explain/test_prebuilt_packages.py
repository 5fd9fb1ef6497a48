"""Packages built against one torch or CUDA (explain.families.prebuilt_packages)."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain import explain

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_bitsandbytes_library_name_gives_the_cuda_it_found() -> None:
    # LianjiaTech/BELLE#376: "Required library version not found:
    # libbitsandbytes_cuda100_nocublaslt.so." without the "CUDA SETUP:" prefix.
    text = (FIXTURES / "errors_blind102" / "env__bnb_belle376.txt").read_text()
    (result,) = explain(text)
    assert result.code == "bitsandbytes-no-gpu"
    assert result.facts["detected_cuda"] == "10.0"
    assert result.facts["library"] == "libbitsandbytes_cuda100_nocublaslt.so"
    assert "CUDA 11 or newer" in result.cause
    assert "Windows" not in result.cause  # a .so is a Linux library
    assert "BNB_CUDA_VERSION" in result.fix[0]


def test_bitsandbytes_library_for_a_supported_cuda_is_not_called_too_old() -> None:
    # bitsandbytes 0.3x's setup line (its cuda_setup/main.py) for a CUDA 11.7 runtime: the
    # library is missing from that install, the CUDA is not too old.
    (result,) = explain(
        "CUDA SETUP: Required library version not found: libbitsandbytes_cuda117.so. "
        "Maybe you need to compile it from source?"
    )
    assert "detected_cuda" not in result.facts


def test_unsloths_notice_of_a_broken_flash_attn_is_flash_attn_not_importable() -> None:
    text = (
        "Unsloth: Your Flash Attention 2 installation seems to be broken?\n"
        "A possible explanation is you have a new CUDA version which isn't\n"
        "yet compatible with FA2? Please file a ticket to Unsloth or FA2.\n"
        "We shall now use Xformers instead, which does not have any performance hits!"
    )
    (result,) = explain(text)
    assert result.code == "flash-attn-missing"


def test_xformers_without_any_compiled_extension_is_named_so() -> None:
    text = (
        "WARNING[XFORMERS]: Need to compile C++ extensions to use all xFormers features.\n"
        "    Please install xformers properly (see https://github.com/facebookresearch/"
        "xformers#installing-xformers)\n  Memory-efficient attention, SwiGLU, sparse and "
        "more won't be available."
    )
    (result,) = explain(text)
    assert result.code == "xformers-torch-mismatch"
    assert "no compiled C++/CUDA extension" in result.cause
    assert "lines after this warning" not in result.fix[0]
