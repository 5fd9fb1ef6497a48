"""TorchCodec's libraries failing to load (explain.families.torchcodec)."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain import explain

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

_HEAD = (
    "RuntimeError: Could not load libtorchcodec. Likely causes:\n"
    "          1. FFmpeg is not properly installed in your environment. We support\n"
    "             versions 4, 5, 6 and 7.\n"
    "[start of libtorchcodec loading traceback]\n"
)


def test_the_bare_message_lists_every_cause() -> None:
    # errors_blind135 (MiniCPM-V's README): torchcodec built for another CUDA.
    text = (FIXTURES / "errors_blind135/env__cudaversion_minicpmv1.txt").read_text(encoding="utf-8")
    (result,) = explain(text)
    assert result.code == "torchcodec-load-failed"
    assert any("--index-url" in step for step in result.fix)


def test_missing_ffmpeg_libraries() -> None:
    text = _HEAD + (
        "FFmpeg version 7: libavutil.so.59: cannot open shared object file: No such file or "
        "directory\nFFmpeg version 6: libavutil.so.58: cannot open shared object file: No such "
        "file or directory\n[end of libtorchcodec loading traceback]."
    )
    found = explain(text)
    assert found[0].code == "torchcodec-load-failed"
    assert found[0].facts["missing"] == "ffmpeg"
    assert "ffmpeg<8" in found[0].fix[0]


def test_a_cuda_library_of_another_version() -> None:
    text = _HEAD + (
        "FFmpeg version 7: libnppicc.so.13: cannot open shared object file: No such file or "
        "directory\n[end of libtorchcodec loading traceback]."
    )
    found = explain(text)
    assert found[0].code == "torchcodec-load-failed"
    assert found[0].facts["missing"] == "cuda"


def test_one_undefined_symbol_is_the_torch_mismatch_before_missing_ffmpeg() -> None:
    # FFmpeg 7 is installed (its library loads up to torch's symbol); the older ones are not.
    text = _HEAD + (
        "FFmpeg version 7: /venv/lib/python3.12/site-packages/torchcodec/libtorchcodec_core7.so: "
        "undefined symbol: _ZN3c1017RegisterOperatorsD1Ev\n"
        "FFmpeg version 6: libavutil.so.58: cannot open shared object file: No such file or "
        "directory\n"
        "FFmpeg version 5: libavutil.so.57: cannot open shared object file: No such file or "
        "directory\n[end of libtorchcodec loading traceback]."
    )
    found = explain(text)
    assert found[0].code == "torchcodec-load-failed"
    assert found[0].facts["missing"] == "symbol"
    assert "compatibility table" in found[0].fix[0]


def test_ffmpeg_missing_only_when_every_version_lacks_it() -> None:
    text = _HEAD + (
        "FFmpeg version 7: libavutil.so.59: cannot open shared object file: No such file or "
        "directory\nFFmpeg version 6: /opt/torchcodec/libtorchcodec_core6.so: cannot open "
        "shared object file: Permission denied\n[end of libtorchcodec loading traceback]."
    )
    found = explain(text)
    assert found[0].code == "torchcodec-load-failed"
    assert "missing" not in found[0].facts


def test_whisper_starting_a_missing_ffmpeg_program_names_the_program_not_pip() -> None:
    text = (
        '  File "/usr/lib/python3.10/subprocess.py", line 1863, in _execute_child\n'
        "    raise child_exception_type(errno_num, err_msg, err_filename)\n"
        "FileNotFoundError: [Errno 2] No such file or directory: 'ffmpeg'"
    )
    (result,) = explain(text)
    assert result.code == "ffmpeg-program-missing"
    assert "apt install ffmpeg" in result.fix[0]


def test_a_file_merely_named_like_ffmpeg_output_is_not_the_program() -> None:
    text = "FileNotFoundError: [Errno 2] No such file or directory: 'ffmpeg_out.mp4'"
    assert not any(r.code == "ffmpeg-program-missing" for r in explain(text))
