"""TensorRT engines from another TensorRT (explain.families.tensorrt)."""

from __future__ import annotations

from pathlib import Path

from explain.errortext import fixture_text

from envdoctor.explain import explain


def test_an_engine_from_another_tensorrt_is_rebuilt_here() -> None:
    (result,) = explain(fixture_text("tensorrt-engine-version-mismatch__samtrt2"))
    assert result.code == "tensorrt-engine-version-mismatch"
    assert "trtexec --onnx=model.onnx --saveEngine=model.engine" in result.fix[0]


def test_tensorrt_7s_wording_names_both_versions() -> None:
    (result,) = explain(
        "[TensorRT] ERROR: INVALID_CONFIG: The engine plan file is not compatible with this "
        "version of TensorRT, expecting library version 7.1.3 got 7.2.1, please rebuild."
    )
    assert result.facts == {"engine_tensorrt": "7.2.1", "runtime_tensorrt": "7.1.3"}
    assert "TensorRT 7.1.3; the engine is from 7.2.1" in result.cause


def test_a_version_read_as_0_0_0_is_a_damaged_file_not_another_tensorrt() -> None:
    # NVIDIA/TensorRT#574: the engine was written in text mode on Windows.
    (result,) = explain(
        "The engine plan file is not compatible with this version of TensorRT, expecting "
        "library version 5.1.5 got 0.0.0, please rebuild."
    )
    assert result.title == "The TensorRT engine file is damaged or not an engine"
    assert "'wb'" in result.fix[0]
    (same,) = explain(
        "The engine plan file is not compatible with this version of TensorRT, expecting "
        "library version 10.3.0.26 got 10.3.0.26, please rebuild."
    )
    assert "another TensorRT version" not in same.cause


def test_tensorrts_own_loader_missing_its_builder_resource() -> None:
    # NVIDIA/TensorRT#2218: the TensorRT 8.4.2 lib folder not on LD_LIBRARY_PATH.
    text = Path("tests/fixtures/errors_blind109/env__libnvinfer_tensorrt2218.txt").read_text()
    (result,) = explain(text)
    assert result.code == "tensorrt-library-missing"
    assert result.facts["tensorrt_version"] == "8.4.2"
    assert "LD_LIBRARY_PATH" in result.fix[0]


def test_libnvinfer_not_found_gets_the_tensorrt_answer_not_the_generic_one() -> None:
    for name in ("mmdeploy2594", "onnxtrt257", "onnxtrt775"):
        text = Path(f"tests/fixtures/errors_blind109/env__libnvinfer_{name}.txt").read_text()
        assert [e.code for e in explain(text)] == ["tensorrt-library-missing"]


def test_an_engine_refused_without_a_reason_names_both_usual_causes() -> None:
    # errors_blind132 (Torch-TensorRT's troubleshooting guide's heading).
    text = (Path(__file__).resolve().parents[1] / "fixtures").joinpath(
        "errors_blind132/env__trtversion_tensorrt4.txt"
    )
    (result,) = explain(text.read_text(encoding="utf-8"))
    assert result.code == "tensorrt-engine-version-mismatch"
    assert "hardware_compatible=True" in " ".join(result.fix)
    for line in (
        "RuntimeError: Unable to deserialize the TensorRT engine",
        "[E] Engine deserialization failed.",
    ):
        (other,) = explain(line)
        assert other.code == "tensorrt-engine-version-mismatch"


def test_an_engine_from_another_gpu_is_the_device_not_the_version() -> None:
    # errors_blind137 (NVIDIA/TensorRT's runtime quickstart): the engine built on another SM.
    path = (
        Path(__file__).resolve().parents[1] / "fixtures/errors_blind137/env__gpuarch_tensorrt1.txt"
    )
    (result,) = explain(path.read_text(encoding="utf-8"))
    assert result.code == "tensorrt-engine-version-mismatch"
    assert "compute capability" in result.cause
    assert any("hardwareCompatibilityLevel" in step for step in result.fix)
    # With the sample's generic line after it, one answer: TensorRT's own reason.
    text = (
        "[TRT] [E] 6: The engine plan file is generated on an incompatible device\n"
        "[TRT] [E] 4: [runtime.cpp::deserializeCudaEngine::50] Error Code 4: Internal Error "
        "(Engine deserialization failed.)"
    )
    assert [e.title for e in explain(text)] == ["TensorRT engine built on another GPU model"]
