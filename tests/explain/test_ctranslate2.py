"""CTranslate2's own loader words for cuBLAS (faster-whisper, whisperX)."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain import explain

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_windows_cuda11_cublas() -> None:
    # SYSTRAN/faster-whisper#535: a CUDA 11 build on a CUDA 12 machine.
    text = (FIXTURES / "errors_blind35/env__dll_fasterwhisper535.txt").read_text(encoding="utf-8")
    found = explain(text)
    assert [e.code for e in found] == ["ctranslate2-cuda-library-missing"]
    assert found[0].facts["ctranslate2_cuda_major"] == 11
    assert "PATH" in found[0].fix[1]


def test_linux_cuda12_cublas() -> None:
    # https://github.com/ultrasev/stream-whisper/issues/13
    found = explain("RuntimeError: Library libcublas.so.12 is not found or cannot be loaded")
    assert [e.code for e in found] == ["ctranslate2-cuda-library-missing"]
    assert "nvidia-cublas-cu12" in found[0].fix[0]
    assert "LD_LIBRARY_PATH" in found[0].fix[0]


def test_windows_cuda12_cublas() -> None:
    # https://github.com/KoljaB/RealtimeSTT/issues/220
    found = explain("RuntimeError: Library cublas64_12.dll is not found or cannot be loaded")
    assert found[0].facts == {"library": "cublas64_12.dll", "ctranslate2_cuda_major": 12}


def test_a_compute_type_the_gpu_lacks_is_a_setting_not_an_install() -> None:
    (result,) = explain(
        "ValueError: Requested float16 compute type, but the target device or backend do "
        "not support efficient float16 computation."
    )
    assert result.code == "ctranslate2-compute-type-unsupported"
    assert result.facts["compute_type"] == "float16"


def test_a_cpu_device_and_an_applications_fallback() -> None:
    (cpu,) = explain(
        'model = WhisperModel("small", device="cpu", compute_type="float16")\nValueError: '
        "Requested float16 compute type, but the target device or backend do not support "
        "efficient float16 computation."
    )
    assert "int8" in cpu.fix[0]
    fell_back = (
        "WARNING: Requested float16 compute type, but the target device or backend do not "
        "support efficient float16 computation. Falling back to compute_type=float32."
    )
    assert explain(fell_back) == ()
