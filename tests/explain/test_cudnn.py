"""cuDNN family wordings: onnxruntime on Windows, PaddlePaddle's cuDNN check."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain import explain

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _blind(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_onnxruntime_windows_loadlibrary_126_and_cuda_path() -> None:
    # facefusion#89: LoadLibrary error 126 for the provider DLL, then CUDA_PATH is set.
    found = explain(_blind("errors_blind33/env__dll_facefusion1.txt"))
    assert [e.code for e in found] == ["onnxruntime-cuda-unavailable"]
    assert found[0].facts["windows_error"] == 126
    assert any("preload_dlls" in step for step in found[0].fix)


def test_onnxruntime_windows_loadlibrary_with_requirements_line() -> None:
    # https://github.com/microsoft/onnxruntime/issues/21825
    text = (
        "2024-08-22 13:01:04.2808367 [E:onnxruntime:Default, provider_bridge_ort.cc:1992 "
        "onnxruntime::TryGetProviderInfo_CUDA] D:\\a\\_work\\1\\s\\onnxruntime\\core\\session\\"
        "provider_bridge_ort.cc:1637 onnxruntime::ProviderLibrary::Get [ONNXRuntimeError] : 1 : "
        'FAIL : LoadLibrary failed with error 126 "" when trying to load "c:\\Simon\\Timpi\\test'
        '\\myenv\\Lib\\site-packages\\onnxruntime\\capi\\onnxruntime_providers_cuda.dll"\n\n'
        "2024-08-22 13:01:04.2871671 [W:onnxruntime:Default, onnxruntime_pybind_state.cc:965 "
        "onnxruntime::python::CreateExecutionProviderInstance] Failed to create "
        "CUDAExecutionProvider. Require cuDNN 9.* and CUDA 12.*, and the latest MSVC runtime."
    )
    found = explain(text)
    assert [e.code for e in found] == ["onnxruntime-cuda-unavailable"]


def test_onnxruntime_windows_names_the_missing_dll_even_garbled() -> None:
    # https://github.com/Zeyi-Lin/HivisionIDPhotos/issues/279 (a localised console)
    text = (
        "2026-04-02 17:50:37.6865338 [E:onnxruntime:Default, provider_bridge_ort.cc:2369 "
        "onnxruntime::TryGetProviderInfo_CUDA] E:\\_work\\1\\s\\onnxruntime\\core\\session\\"
        "provider_bridge_ort.cc:1962 onnxruntime::ProviderLibrary::Get [ONNXRuntimeError] : 1 : "
        'FAIL : Error loading "E:\\AI\\HivisionIDPhotos\\venv\\Lib\\site-packages\\onnxruntime'
        '\\capi\\onnxruntime_providers_cuda.dll" N0Rc歔剉!jWW0")n "cudnn64_9.dll" which is '
        'missing. (Error 126: "~b'
    )
    found = explain(text)
    assert [e.code for e in found] == ["onnxruntime-cuda-unavailable"]
    assert found[0].facts["library"] == "cudnn64_9.dll"
    assert found[0].facts["onnxruntime_cudnn_major"] == 9


def test_paddle_cudnn_older_than_built() -> None:
    for name, built, loaded in (
        ("errors_blind34/env__cudnn_paddleocr8829.txt", "8.4", "8.0"),
        ("errors_blind34/env__cudnn_paddleocr997.txt", "7.6", "7.5"),
    ):
        found = explain(_blind(name))
        assert [e.code for e in found] == ["cudnn-version-mismatch"], name
        assert found[0].facts == {"paddle_cudnn": built, "loaded_cudnn": loaded}
        assert "Paddle" in found[0].title
        assert not any("reinstall torch" in step.lower() for step in found[0].fix)


def test_a_cudnn_8_dll_on_windows_names_its_dependencies_and_path() -> None:
    # errors_blind87 (whisper-ctranslate2#41): zlibwapi.dll was what was missing.
    (result,) = explain(
        "Could not load library cudnn_cnn_infer64_8.dll. Error code 126\n"
        "Please make sure cudnn_cnn_infer64_8.dll is in your library path!"
    )
    assert result.facts["windows"] is True
    assert "zlibwapi.dll" in result.cause and "cut off here" not in result.cause
    assert not any("LD_LIBRARY_PATH" in step for step in result.fix)


def test_onnxruntime_for_dotnet_quotes_the_provider_without_its_closing_quote() -> None:
    # errors_blind114 (onnxruntime#20589).
    text = (
        '[ONNXRuntimeError] : 1 : FAIL : LoadLibrary failed with error 126 "" when trying to load '
        '"D:\\Projects\\bin\\runtimes\\win-x64\\native\\onnxruntime_providers_cuda.dll'
    )
    (result,) = explain(text)
    assert result.code == "onnxruntime-cuda-unavailable"


def test_the_tensorrt_provider_is_tensorrts_libraries_not_cudas() -> None:
    # errors_blind112 (facefusion#187).
    text = (
        'EP Error ... LoadLibrary failed with error 126 "" w\n when using '
        "['TensorrtExecutionProvider']\nFalling back to ['CUDAExecutionProvider', "
        "'CPUExecutionProvider'] and retrying."
    )
    (result,) = explain(text)
    assert result.facts["provider"] == "TensorRT"
    assert "TensorRT" in result.title


def test_a_cudnn_symbol_missing_between_its_own_libraries_is_two_cudnn_releases() -> None:
    # errors_blind115 (pyannote-audio#1814).
    text = (
        "Failed to load library libonnxruntime_providers_cuda.so with error: "
        "/lib/x86_64-linux-gnu/libcudnn_heuristic.so.9: undefined symbol: "
        "_ZTVN5cudnn7backend23PagedCacheLoadOperationE, version libcudnn_graph.so.9"
    )
    (result,) = explain(text)
    assert result.code == "cuda-library-symbol-mismatch"
    assert result.facts["provider"] == "cuDNN"


def test_onnxruntime_tensorrt_provider_not_created() -> None:
    # optimum's GPU guide: TensorRT, CUDA or cuDNN not installed or not on the library path.
    (result,) = explain(_blind("errors_blind133/env__tensorrt_optimum2.txt"))
    assert result.code == "onnxruntime-cuda-unavailable"
    assert result.facts == {"provider": "TensorRT"}
    assert "LD_LIBRARY_PATH" in " ".join(result.fix)


def test_onnxruntimes_bare_provider_warning_names_both_packages_installed() -> None:
    text = (
        "[W:onnxruntime:Default, onnxruntime_pybind_state.cc:541 "
        "CreateExecutionProviderInstance] Failed to create CUDAExecutionProvider"
    )
    (result,) = explain(text)
    assert result.code == "onnxruntime-cuda-unavailable"
    assert any("both onnxruntime and onnxruntime-gpu" in step for step in result.fix)


def test_tensorflows_dnn_library_not_found_is_a_cudnn_it_cannot_use() -> None:
    (result,) = explain("Node: 'sequential/conv2d/Conv2D'\nDNN library is not found.")
    assert result.code == "cudnn-library-missing"
    assert result.facts["runtime"] == "TensorFlow"
