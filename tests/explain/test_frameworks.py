"""Applications that check torch.cuda.is_available() themselves."""

from __future__ import annotations

from envdoctor.explain import explain


def test_webui_check_quoted_alone_on_an_amd_gpu_gets_the_amd_route() -> None:
    path = "tests/fixtures/errors_blind33/env__notcompiled_forge2.txt"
    with open(path, encoding="utf-8") as f:
        (result,) = explain(f.read())
    assert result.code == "app-gpu-check-failed"
    assert result.facts == {"gpu_vendor": "AMD"}
    assert "AMD" in result.cause
    assert any("--use-directml" in step for step in result.fix)


def test_webui_check_on_windows_without_amd_words_stays_the_cuda_route() -> None:
    text = (
        'venv "C:\\sd\\venv\\Scripts\\Python.exe"\n'
        "Python 3.10.6 (tags/v3.10.6:9c7b4bd, Aug  1 2022) [MSC v.1932 64 bit (AMD64)]\n"
        "RuntimeError: Torch is not able to use GPU; add --skip-torch-cuda-test to "
        "COMMANDLINE_ARGS variable to disable this check\n"
    )
    (result,) = explain(text)
    assert result.code == "app-gpu-check-failed"
    assert "gpu_vendor" not in result.facts


def test_an_amd_cpu_beside_an_nvidia_gpu_is_not_the_amd_route() -> None:
    text = (
        "CPU AMD Ryzen 7 5800X, GPU NVIDIA RTX 3070\n"
        "RuntimeError: Torch is not able to use GPU; add --skip-torch-cuda-test"
    )
    (result,) = explain(text)
    assert result.facts.get("gpu_vendor") != "AMD"


def test_yolov5_through_torch_hub_with_no_device_at_all() -> None:
    # errors_blind121 (yolov5#6456): "valid devices are 0 - -1" is device_count() == 0.
    text = "Invalid `--device 0` request, valid devices are 0 - -1. Cache may be out of date"
    (result,) = explain(text)
    assert result.code == "ultralytics-cuda-unavailable"


def test_barks_warning_is_an_application_without_a_usable_gpu() -> None:
    (result,) = explain("No GPU being used. Careful, inference might be very slow!")
    assert result.code == "app-gpu-check-failed"
    assert result.cause.startswith("Bark")


def test_the_web_uis_amd_fork_on_an_nvidia_machine_names_the_fork() -> None:
    text = (
        "Version: v1.10.1-amd-53-g32f147b7\n"
        '  File "C:\\\\sd\\\\stable-diffusion-webui-directml\\\\launch.py", line 48\n'
        "RuntimeError: Torch is not able to use GPU; add --skip-torch-cuda-test to "
        "COMMANDLINE_ARGS variable to disable this check\n"
        "GPU: NVIDIA GeForce RTX 4070"
    )
    result = explain(text)[0]
    assert result.facts.get("fork") == "amd"
    assert "original Stable Diffusion web UI" in result.fix[0]


def test_the_web_uis_amd_fork_on_an_amd_gpu_keeps_the_amd_answer() -> None:
    text = (
        "stable-diffusion-webui-directml\nRuntimeError: Torch is not able to use GPU; add "
        "--skip-torch-cuda-test to COMMANDLINE_ARGS variable to disable this check\n"
        "AMD Radeon RX 6600"
    )
    assert explain(text)[0].facts.get("fork") is None


def test_iopaints_cpu_fallback_is_an_app_without_a_usable_gpu() -> None:
    (result,) = explain("Did not find CUDA device on your computer, fallback to cpu")
    assert result.code == "app-gpu-check-failed"
    assert result.cause.startswith("IOPaint")
