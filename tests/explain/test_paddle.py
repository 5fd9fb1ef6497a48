"""PaddlePaddle's loader messages (explain.families.paddle)."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain import explain

# Paddle/issues/78917 (WSL 2, 2026): the driver library under its unversioned name.
WSL_LIBCUDA = (
    "W0508 21:40:15.979074  1551 dynamic_loader.cc:412] The third-party dynamic library "
    "(libcuda.so) that Paddle depends on is not configured correctly. (error code is "
    "libcuda.so: cannot open shared object file: No such file or directory)\n"
    "W0508 21:40:15.993314  1551 gpu_resources.cc:116] Please NOTE: device: 0, GPU Compute "
    "Capability: 12.0, Driver API Version: 13.2, Runtime API Version: 13.0"
)


def _one(text: str) -> tuple[str, str, tuple[str, ...], dict[str, object]]:
    (result,) = explain(text)
    return result.code, result.cause, result.fix, dict(result.facts)


def test_the_driver_library_gets_driver_steps_not_cuda_ones() -> None:
    code, cause, fix, facts = _one(WSL_LIBCUDA)
    assert code == "paddle-library-missing"
    assert facts["library"] == "libcuda.so"
    assert "driver" in cause
    assert any("LD_LIBRARY_PATH" in step for step in fix)
    assert not any("paddlepaddle-gpu" in step for step in fix)


def test_cudnn_on_windows_names_its_major_and_the_build_to_match() -> None:
    text = (
        "RuntimeError: (PreconditionNotMet) The third-party dynamic library (cudnn64_7.dll) "
        "that Paddle depends on is not configured correctly. (error code is 126)"
    )
    code, cause, fix, facts = _one(text)
    assert code == "paddle-library-missing"
    assert facts["library_major"] == 7
    assert "cuDNN 7" in cause
    assert any("paddle.version.cuda()" in step for step in fix)


def test_paddles_own_dlls_and_tensorrt_are_not_cuda_installs() -> None:
    _code, cause, fix, _facts = _one(
        "PreconditionNotMetError: The third-party dynamic library (mklml.dll) that Paddle "
        "depends on is not configured correctly. (error code is 126)"
    )
    assert "paddle/libs" in cause
    assert not any("CUDA" in step for step in fix)
    _code, cause, _fix, _facts = _one(
        "TensorRT dynamic library (libnvinfer.so) that Paddle depends on is not configured "
        "correctly. (error code is libnvinfer.so: cannot open shared object file: No such "
        "file or directory)"
    )
    assert "TensorRT" in cause


def test_cannot_load_cudnn_names_no_file() -> None:
    code, cause, _fix, facts = _one(
        "(PreconditionNotMet) Cannot load cudnn shared library. Cannot invoke method "
        "cudnnGetVersion."
    )
    assert code == "paddle-library-missing"
    assert facts["library"] == "cudnn"
    assert "unversioned" not in cause


def test_paddle_0x_cudnn_library_and_header_majors_are_read_both_ways() -> None:
    # PaddlePaddle#11420 (round 145): libcudnn 5 loaded, Paddle built with cuDNN 7 headers.
    text = (
        Path(__file__).resolve().parents[1] / "fixtures/errors_blind145/env__cudnn_paddle11420.txt"
    ).read_text(encoding="utf-8")
    first = explain(text)[0]
    assert first.code == "cudnn-version-mismatch"
    assert first.facts == {"paddle_cudnn": "7", "loaded_cudnn": "5"}
    assert "an older one" in first.cause
    (newer, *_rest) = explain("[cudnn init] libcudnn v7 with header v5 unmatched!")
    assert newer.facts == {"paddle_cudnn": "5", "loaded_cudnn": "7"}
    assert "a newer major" in newer.cause


def test_paddles_library_message_cut_before_correctly_is_still_recognised() -> None:
    text = (
        "The third-party dynamic library (cudnn64_8.dll) that Paddle depends on is not configured"
    )
    (result,) = explain(text)
    assert result.code == "paddle-library-missing"
    assert result.facts["library"] == "cudnn64_8.dll"
