"""Other runtimes' own packages: onnxruntime's providers per OS and GPU, jax/jaxlib
releases per OS, Ollama without a GPU."""

from __future__ import annotations

from envdoctor.explain import explain

_ORT_WARNING = (
    "UserWarning: Specified provider 'CUDAExecutionProvider' is not in available provider "
    "names.Available providers: '{available}'"
)


def _ort(available: str, where: str = "") -> tuple[str, str, str]:
    found = explain(where + "\n" + _ORT_WARNING.format(available=available))
    assert [e.code for e in found] == ["onnxruntime-cpu-package"]
    return found[0].facts["onnxruntime_build"], found[0].cause, " ".join(found[0].fix)


def test_onnxruntime_cpu_package_on_linux_gets_the_gpu_package() -> None:
    build, _cause, fix = _ort("CPUExecutionProvider", "/home/me/venv/lib/python3.10/x.py")
    assert build == "cpu" and "pip install onnxruntime-gpu" in fix


def test_onnxruntime_on_macos_gets_no_cuda_package() -> None:
    build, cause, fix = _ort(
        "CoreMLExecutionProvider, AzureExecutionProvider, CPUExecutionProvider",
        "/Users/me/venv/lib/python3.11/site-packages/onnxruntime/capi/onnxruntime_inference_"
        "collection.py:69:",
    )
    assert build == "macos" and "macOS has no CUDA" in cause
    assert "onnxruntime-gpu" not in fix and "CoreMLExecutionProvider" in fix


def test_onnxruntime_directml_is_named() -> None:
    build, cause, fix = _ort(
        "DmlExecutionProvider, CPUExecutionProvider",
        "C:\\Users\\me\\venv\\Lib\\site-packages\\onnxruntime\\capi\\x.py",
    )
    assert build == "directml" and "onnxruntime-directml" in cause
    assert "DmlExecutionProvider" in fix


def test_onnxruntime_on_amd_asks_for_the_amd_provider() -> None:
    build, cause, fix = _ort(
        "MIGraphXExecutionProvider, ROCMExecutionProvider, CPUExecutionProvider",
        "GPU: AMD Radeon RX 7900 XTX",
    )
    assert build == "rocm" and "NVIDIA GPUs only" in cause
    assert "pip install onnxruntime-gpu" not in fix and "MIGraphXExecutionProvider" in fix


def test_onnxruntime_on_jetson_gets_the_jetpack_wheel() -> None:
    build, cause, fix = _ort("CPUExecutionProvider", "Jetson Orin Nano, JetPack 6")
    assert build == "jetson" and "JetPack" in cause
    assert "JetPack" in fix and "pip install onnxruntime-gpu" not in fix


def test_onnxruntime_value_error_with_two_providers_asked() -> None:
    found = explain(
        "ValueError: ['CUDAExecutionProvider', 'CPUExecutionProvider'] does not contain a "
        "subset of available providers ['CPUExecutionProvider']"
    )
    assert [e.code for e in found] == ["onnxruntime-cpu-package"]
    assert found[0].facts["available_providers"] == "CPUExecutionProvider"


_NO_GPUS = 'time=2024-05-01T10:00:00.000Z level=INFO source=gpu.go:377 msg="no compatible GPUs were discovered"'


def test_ollama_amd_gfx_target_not_supported() -> None:
    found = explain(
        'time=2024-05-01T10:00:00.000Z level=WARN source=amd_linux.go:163 msg="amdgpu is not '
        'supported" gpu=0 gpu_type=gfx1103 library=/usr/lib/ollama/rocm\n' + _NO_GPUS
    )
    assert [e.code for e in found] == ["ollama-no-gpu"]
    assert found[0].facts == {"gpu_vendor": "amd", "gfx_target": "gfx1103"}
    fix = " ".join(found[0].fix)
    assert "HSA_OVERRIDE_GFX_VERSION" in fix
    assert "nvidia_uvm" not in fix and "--gpus" not in fix


def test_ollama_on_windows_gets_no_linux_module_steps() -> None:
    found = explain(
        "C:\\Users\\me\\AppData\\Local\\Programs\\Ollama\\ollama.exe serve\n" + _NO_GPUS
    )
    fix = " ".join(found[0].fix)
    assert "modprobe" not in fix and "--gpus" not in fix and "nvidia-smi" in fix


def test_ollama_with_an_intel_gpu_is_told_about_vulkan() -> None:
    found = explain("My laptop has an Intel Arc A770.\n" + _NO_GPUS)
    assert found[0].facts == {"gpu_vendor": "intel"}
    assert "Vulkan" in found[0].cause and "modprobe" not in " ".join(found[0].fix)


def test_ollama_on_the_cpu_on_purpose_is_no_error() -> None:
    assert explain("$ CUDA_VISIBLE_DEVICES=-1 ollama serve\n" + _NO_GPUS) == ()


def test_ollama_nvidia_smi_failed_on_wsl1() -> None:
    found = explain(
        "Linux DESKTOP 4.4.0-19041-Microsoft #1237-Microsoft x86_64 GNU/Linux\n"
        "2023/11/20 10:00:00 llama.go:300: warning: gpu support may not be enabled, check that "
        "you have installed GPU drivers: nvidia-smi command failed"
    )
    assert [e.code for e in found] == ["ollama-no-gpu"]
    assert "wsl --set-version" in " ".join(found[0].fix)


def test_jaxlib_dev_build_newer_than_jax() -> None:
    found = explain(
        "RuntimeError: jaxlib version 0.4.36.dev20241122 is newer than and incompatible with "
        "jax version 0.4.35. Please update your jax and/or jaxlib packages."
    )
    assert [e.code for e in found] == ["jax-jaxlib-mismatch"]
    assert found[0].facts == {"jaxlib_version": "0.4.36.dev20241122", "jax_version": "0.4.35"}
    assert 'jax[cuda12]"' in found[0].fix[0]


def test_jax_cuda_plugin_of_another_release() -> None:
    for text in (
        "The jax-cuda12-plugin version 0.4.30 is newer than and incompatible with jaxlib "
        "version 0.4.28",
        # jaxlib/plugin_support.py
        "RuntimeWarning: JAX plugin jax_cuda12_plugin version 0.4.30 is installed, but it is "
        "not compatible with the installed jaxlib version 0.4.28, so it will not be used.",
    ):
        found = explain(text)
        assert [e.code for e in found] == ["jax-jaxlib-mismatch"]
        assert found[0].facts["plugin_version"] == "0.4.30"
        assert found[0].facts["jaxlib_version"] == "0.4.28"


def test_jax_mismatch_on_windows_and_macos_gets_no_cuda_wheels() -> None:
    message = (
        "RuntimeError: jaxlib version 0.4.31 is newer than and incompatible with jax version "
        "0.4.30."
    )
    windows = explain("C:\\Users\\me\\venv\\Lib\\site-packages\\jax\\__init__.py\n" + message)
    assert "jax[cuda12]" not in windows[0].fix[0] and "WSL 2" in " ".join(windows[0].fix)
    mac = explain("/Users/me/venv/lib/python3.11/site-packages/jax/__init__.py\n" + message)
    assert all("cuda12" not in step for step in mac[0].fix)


def test_an_aarch64_server_is_not_called_a_jetson() -> None:
    build, _cause, _fix = _ort("CPUExecutionProvider", "NVIDIA GH200 480GB, aarch64")
    assert build != "jetson"


def test_a_jax_rocm_plugin_gets_no_cuda_extras() -> None:
    (result,) = explain(
        "jax_rocm60_plugin version 0.4.31 is installed, but it is not compatible with the "
        "installed jaxlib version 0.4.35, so it will not be used."
    )
    assert "jax-rocm60-plugin" in result.fix[0] and "cuda" not in result.fix[0]


def test_ollama_drops_an_old_gpu_for_its_driver() -> None:
    # ollama#17290: Tesla P40 with driver 535 after Ollama's cuda_compat.go check.
    with open("tests/fixtures/errors_blind109/env__driver_ollama17290.txt", encoding="utf-8") as f:
        (result,) = explain(f.read())
    assert result.code == "ollama-no-gpu"
    assert result.facts["required_driver"] == "570"


def test_ollamas_log_line_gives_the_driver_numbers() -> None:
    (result,) = explain(
        'time=2025-10-01T10:00:00 level=WARN source=cuda_compat.go:50 msg="NVIDIA driver too '
        'old" device="Tesla P40" compute=6.1 driver=535 required_driver="570 or newer"'
    )
    assert result.facts == {"required_driver": "570", "driver_major": "535"}


def test_torchs_driver_message_is_not_ollamas() -> None:
    found = explain("The NVIDIA driver on your system is too old (found version 11040).")
    assert "ollama-no-gpu" not in [e.code for e in found]


def test_optimum_asked_for_cuda_with_the_cpu_package() -> None:
    with open(
        "tests/fixtures/errors_blind133/env__ortprovider_optimum1.txt", encoding="utf-8"
    ) as f:
        (result,) = explain(f.read())
    assert result.code == "onnxruntime-cpu-package"
    assert result.facts["provider"] == "CUDAExecutionProvider"
    assert "pip install onnxruntime-gpu" in " ".join(result.fix)


def test_optimum_asked_for_rocm_gets_the_rocm_build() -> None:
    with open("tests/fixtures/errors_blind133/env__rocm_optimum3.txt", encoding="utf-8") as f:
        (result,) = explain(f.read())
    assert result.code == "onnxruntime-cpu-package"
    assert result.facts == {
        "available_providers": "CPUExecutionProvider",
        "provider": "ROCMExecutionProvider",
    }
    fix = " ".join(result.fix)
    assert "--use_rocm" in fix and "onnxruntime-gpu" not in fix


def test_optimum_asked_for_openvino_names_its_package() -> None:
    (result,) = explain(
        "ValueError: Asked to use OpenVINOExecutionProvider as an ONNX Runtime execution "
        "provider, but the available execution providers are ['CUDAExecutionProvider', "
        "'CPUExecutionProvider']."
    )
    assert "pip install onnxruntime-openvino" in result.fix[0]


def test_optimum_old_onnxruntime_without_the_gpu_package() -> None:
    (result,) = explain(
        "ImportError: Asked to use CUDAExecutionProvider, but `onnxruntime-gpu` package was "
        "not found. Make sure to install `onnxruntime-gpu` package instead of `onnxruntime`."
    )
    assert result.code == "onnxruntime-cpu-package"
