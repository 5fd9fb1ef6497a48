"""Extension builds: the host-compiler check, with torch in the fix only when torch builds."""

from __future__ import annotations

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
