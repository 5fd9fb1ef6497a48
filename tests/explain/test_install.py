"""Installs that cannot run on this machine (explain.families.install)."""

from __future__ import annotations

import pytest

from envdoctor.explain import explain


def test_tensorflows_own_cpu_check_names_the_missing_instruction_set() -> None:
    # errors_blind92 (DeepSpeech#1181): an i5-2430M without AVX2.
    (result,) = explain(
        "F tensorflow/core/platform/cpu_feature_guard.cc:35] The TensorFlow library was "
        "compiled to use AVX2 instructions, but these aren't available on your machine.\n"
        "Aborted (core dumped)"
    )
    assert result.code == "illegal-instruction"
    assert result.facts == {"instruction_set": "AVX2", "runtime": "TensorFlow"}
    assert "names the missing set: AVX2" in result.cause


def test_a_cpu_torch_in_the_user_site_packages_is_named_as_the_one_that_hides_the_env() -> None:
    # errors_blind108 (ComfyUI-LivePortrait#24) and errors_blind100 (jetson-inference#1848).
    windows = (
        'File "C:\\Users\\me\\AppData\\Roaming\\Python\\Python311\\site-packages\\torch\\cuda\\'
        '__init__.py", line 284, in _lazy_init\n'
        "AssertionError: Torch not compiled with CUDA enabled"
    )
    (result,) = explain(windows)
    assert "Python311" in result.facts["user_site_torch"]
    assert "PYTHONNOUSERSITE=1" in result.fix[0]
    linux = "line 293 of /.local/lib/python3.10/site-packages/torch/cuda/__init__.py: Torch not compiled with CUDA enabled"
    (other,) = explain(linux)
    assert "user_site_torch" in other.facts
    (plain,) = explain("AssertionError: Torch not compiled with CUDA enabled")
    assert "user_site_torch" not in plain.facts


def test_a_mac_named_in_words_does_not_outweigh_the_servers_linux_traceback() -> None:
    text = (
        "Same script works fine on my MacBook Pro M2 (MPS), but on our Ubuntu server it fails:\n"
        '  File "/home/alice/.venv/lib/python3.10/site-packages/torch/cuda/__init__.py", line '
        "284, in _lazy_init\nAssertionError: Torch not compiled with CUDA enabled"
    )
    (result,) = explain(text)
    assert "macOS has no CUDA" not in result.cause
    (mac,) = explain("Mac M3: AssertionError: Torch not compiled with CUDA enabled")
    assert "macOS has no CUDA" in mac.cause


@pytest.mark.parametrize(
    "text",
    [
        "INFO: container failed with non-zero exit code: 132 (exit code 132)",
        "CalledProcessError: Command '['python', 'train.py']' returned non-zero exit status 132.",
        "exitcode  : -4 (pid: 1234)",
        "docker: container exited with code 132",
    ],
)
def test_an_exit_status_of_sigill_alone_is_an_illegal_instruction(text: str) -> None:
    (result,) = explain(text)
    assert result.code == "illegal-instruction"
    assert result.facts["exit_status"] in {"132", "-4"}


@pytest.mark.parametrize(
    "text", ["see line 132 of the exit code table", "exit code 1", "Exited with code 1320"]
)
def test_other_numbers_near_exit_words_are_no_illegal_instruction(text: str) -> None:
    assert not any(r.code == "illegal-instruction" for r in explain(text))


def test_an_illegal_instruction_on_a_jetson_names_numpys_openblas_first() -> None:
    text = "nvidia@jetson-nano:~$ python3 -c 'import torch'\nIllegal instruction (core dumped)"
    (result,) = explain(text)
    assert result.facts["board"] == "jetson"
    assert "OPENBLAS_CORETYPE=ARMV8" in result.fix[0]
    assert not any("avx" in step.lower() for step in result.fix[:1])


def test_a_chinese_translation_of_not_compiled_with_cuda_is_the_cpu_build() -> None:
    (result,) = explain("AssertionError：Torch 未在启用 CUDA 的情况下编译")
    assert result.code == "torch-not-compiled-with-cuda"


def test_a_bare_cpu_build_message_puts_the_no_nvidia_gpu_reading_first() -> None:
    # A Mac or a laptop without an NVIDIA GPU says the same (vietai/mTet#7).
    (result,) = explain("AssertionError: Torch not compiled with CUDA enabled")
    assert "Mac" in result.fix[0]
    assert "Nothing in the paste shows an NVIDIA GPU" in result.cause


def test_a_paste_naming_an_nvidia_gpu_keeps_the_reinstall_first() -> None:
    text = "GPU 0: NVIDIA GeForce RTX 3090\nAssertionError: Torch not compiled with CUDA enabled"
    (result,) = explain(text)
    assert "pip install" in result.fix[0]
