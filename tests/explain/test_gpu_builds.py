"""Libraries built without the GPU support asked for, spaCy/thinc without CuPy, tiny-cuda-nn."""

from __future__ import annotations

from pathlib import Path

import pytest

from envdoctor.explain import explain


@pytest.mark.parametrize(
    ("path", "library"),
    [
        ("tests/fixtures/errors_blind99/env__notcompiled_3dmmcnn30.txt", "caffe"),
        ("tests/fixtures/errors_blind99/env__notcompiled_mxnet260.txt", "mxnet"),
        ("tests/fixtures/errors_blind100/env__notcompiled_xgboost3030.txt", "xgboost"),
        ("tests/fixtures/errors_blind105/env__notcompiled_apachetvm535.txt", "tvm"),
        ("tests/fixtures/errors_blind105/env__notcompiled_apachetvm346.txt", "tvm"),
    ],
)
def test_each_librarys_own_words_for_a_build_without_gpu(path: str, library: str) -> None:
    (result,) = explain(Path(path).read_text(encoding="utf-8"))
    assert (result.code, result.facts["library"]) == ("library-built-without-gpu", library)


def test_tvm_names_the_config_option_of_the_missing_target() -> None:
    (result,) = explain("Check failed: bf != nullptr Target llvm is not enabled")
    assert "USE_LLVM" in result.cause


def test_lightgbms_cuda_learner_is_always_a_source_build() -> None:
    (result,) = explain("LightGBMError: CUDA Tree Learner was not enabled in this build.")
    assert "USE_CUDA=ON" in result.fix[0]


def test_spacy_extra_that_did_not_exist_is_read_from_pips_warning() -> None:
    text = Path("tests/fixtures/errors_blind100/env__notcompiled_spacy3496.txt").read_text(
        encoding="utf-8"
    )
    (result,) = explain(text)
    assert result.code == "thinc-gpu-not-accessible"
    assert "cuda101" in result.cause


def test_tiny_cuda_nn_at_import_with_a_torch_that_has_no_cuda() -> None:
    (result,) = explain(
        "OSError: Unknown compute capability. Ensure PyTorch with CUDA support is installed."
    )
    assert result.code == "tcnn-arch-missing"
    assert "+cpu" in result.fix[0]


def test_a_packages_own_notice_of_a_build_without_cuda() -> None:
    # errors_blind116 (TripoSR#83).
    (result,) = explain("torchmcubes was not compiled with CUDA support, use CPU version instead.")
    assert (result.code, result.facts["library"]) == ("library-built-without-gpu", "extension")
    assert "torchmcubes" in result.cause
    assert explain("PyTorch is not compiled with CUDA support") == ()


@pytest.mark.parametrize(
    "text",
    [
        "RuntimeError: This binary was not compiled with CUDA support",
        "WARNING: Model is not compiled with CUDA support, falling back to CPU",
        "Open3D was not compiled with CUDA support",
        "Error: ffmpeg was not compiled with CUDA support",
    ],
)
def test_generic_nouns_and_other_tools_are_not_taken_for_a_torch_extension(text: str) -> None:
    assert not any(r.facts.get("library") == "extension" for r in explain(text))


@pytest.mark.parametrize(
    ("name", "cc"),
    [
        # nerfstudio's installation FAQ: the Windows loader's words for tcnn's _<cc>_C module.
        ("errors_blind129/env__arch_nerfstudio1.txt", "89"),
    ],
)
def test_tcnn_module_for_the_gpu_that_does_not_load_names_its_capability(
    name: str, cc: str
) -> None:
    text = (Path(__file__).resolve().parents[1] / "fixtures" / name).read_text(encoding="utf-8")
    (result,) = explain(text)
    assert result.code == "tcnn-arch-missing"
    assert result.facts["gpu_capability"] == cc
    assert f"set TCNN_CUDA_ARCHITECTURES={cc}" in result.fix[0]


def test_tcnn_bindings_module_not_found_names_the_capability() -> None:
    # tinycudann/modules.py imports tinycudann_bindings._<cc>_C (NVlabs/tiny-cuda-nn).
    text = "ModuleNotFoundError: No module named 'tinycudann_bindings._86_C'"
    (result,) = explain(text)
    assert result.code == "tcnn-arch-missing"
    assert result.facts["gpu_capability"] == "86"
    assert "TCNN_CUDA_ARCHITECTURES=86 pip install" in result.fix[0]


def test_another_modules_dll_failure_is_not_tcnns() -> None:
    found = explain("ImportError: DLL load failed while importing _C: The specified module")
    assert "tcnn-arch-missing" not in [r.code for r in found]
