"""JAX wordings: no GPU backend, and pip's missing CUDA extra."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain import explain

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _blind(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_jax_no_gpu_tpu_found() -> None:
    # google-research/maxim#42: a CPU-only jaxlib (native Windows).
    found = explain(_blind("errors_blind33/env__notcompiled_maxim1.txt"))
    assert [e.code for e in found] == ["jax-cuda-backend-failed"]
    assert "CPU-only" in found[0].cause and "WSL2" in found[0].cause


def test_pip_jax_without_the_cuda_extra() -> None:
    # jax-ml/jax#17634: the extra did not exist in the release pip fell back to.
    found = explain(_blind("errors_blind33/env__notcompiled_jax3.txt"))
    assert [e.code for e in found] == ["jax-cuda-backend-failed", "jax-cuda-backend-failed"]
    extra = next(e for e in found if "extra" in e.facts)
    assert extra.facts == {"package": "jax", "version": "0.4.6", "extra": "cuda12_pip"}


def test_windows_paste_leads_with_wsl2() -> None:
    text = (
        "C:\\Users\\me\\venv\\lib\\site-packages\\jax\\_src\\xla_bridge.py:630: UserWarning: "
        "No GPU/TPU found, falling back to CPU. (Set TF_CPP_MIN_LOG_LEVEL=0 and rerun for more "
        "info.)"
    )
    found = explain(text)
    assert "WSL2" in found[0].fix[0]


def test_jax_names_the_library_older_than_its_build_in_readable_versions() -> None:
    (result,) = explain(
        "CUDA backend failed to initialize: Found CUDA version 12010, but JAX was built "
        "against version 12020, which is newer."
    )
    assert result.facts == {"library": "CUDA", "found": "12.1", "built": "12.2"}
    (cudnn,) = explain(
        "Unable to initialize backend 'cuda': Found cuDNN version 8600, but JAX was built "
        "against version 8906, which is newer."
    )
    assert cudnn.facts["found"] == "8.6.0" and cudnn.facts["built"] == "8.9.6"


def test_jaxs_version_reason_comes_before_tensorflows_generic_warning() -> None:
    # AlphaFold-style logs carry both: TensorFlow's "Cannot dlopen" is the symptom.
    results = explain(
        "W tensorflow/core/common_runtime/gpu/gpu_device.cc:2256] Cannot dlopen some GPU "
        "libraries.\nI0105 xla_bridge.py:660] Unable to initialize backend 'cuda': Found "
        "cuSOLVER version 11002, but JAX was built against version 11401, which is newer."
    )
    assert [r.code for r in results] == [
        "jax-cuda-backend-failed",
        "tensorflow-gpu-libraries-missing",
    ]
    assert results[0].facts == {"library": "cuSOLVER", "found": "11002", "built": "11401"}


def test_jax_plugins_component_check_names_the_minimum_it_needs() -> None:
    # jax_plugins/cuda's "Outdated cuDNN installation found." as pytest quotes it ("E   ").
    text = (
        Path(__file__).parents[1] / "fixtures/errors_blind83/env__cudnn_pixiscipy1.txt"
    ).read_text()
    (result,) = explain(text)
    assert result.facts["minimum"] == "9.1.0" and result.facts["found"] == "8.9.7"
    assert "needs cuDNN 9.1.0 or newer" in result.cause


def test_a_library_jaxlib_cannot_load_is_named_with_the_loader_path_cause() -> None:
    text = (
        Path(__file__).parents[1] / "fixtures/errors_blind85/env__jax_cryojax559.txt"
    ).read_text()
    (result,) = explain(text)
    assert result.facts == {"library": "cuSPARSE", "missing": True}
    assert "LD_LIBRARY_PATH, LD_PRELOAD or CUDA_HOME" in result.cause


def test_tensorflow_1_dso_loader_names_the_library_it_could_not_open() -> None:
    # tensorflow#5591: cuDNN not installed where TF 1.x looks; both lines give one answer.
    found = explain(_blind("errors_blind110/env__libcudnn_tensorflow5591.txt"))
    assert [e.code for e in found] == ["tensorflow-gpu-libraries-missing"]
    assert found[0].facts["library"] == "libcudnn.so"
    assert "LD_LIBRARY_PATH" in found[0].cause


def test_tensorflow_1_cudnn_dso_line_alone_points_at_the_release_versions() -> None:
    # tensorflow#62: a cuDNN of another version than the release needs.
    (result,) = explain(_blind("errors_blind110/env__libcudnn_tensorflow62.txt"))
    assert result.code == "tensorflow-gpu-libraries-missing"
    assert "tested build configurations" in result.fix[0]


def test_tensorflow_1_missing_driver_library_is_the_driver() -> None:
    (result,) = explain(
        "I tensorflow/stream_executor/dso_loader.cc:119] Couldn't open CUDA library "
        "libcuda.so.1. LD_LIBRARY_PATH:"
    )
    assert result.facts["library"] == "libcuda.so.1"
    assert "driver" in result.cause


def test_native_runtime_wrapper_alone_names_avx_first() -> None:
    # deezer/spleeter#351: a CPU without AVX.
    (result,) = explain(_blind("errors_blind106/env__illegal_spleeter351.txt"))
    assert result.code == "tensorflow-native-runtime-failed"
    assert "AVX" in result.cause and "AVX" in result.fix[1]


def test_native_runtime_wrapper_yields_to_the_library_it_wraps() -> None:
    found = explain(
        "ImportError: libcublas.so.9.0: cannot open shared object file: No such file or "
        "directory\n\n\nFailed to load the native TensorFlow runtime.\n"
    )
    assert "tensorflow-native-runtime-failed" not in [e.code for e in found]
    assert found


# --- XLA's run-time PTX compilation (blind round 144) ---------------------------------------

_JAX_NO_KERNEL = "errors_blind144/env__driver_jax11967.txt"
# jax-ml/jax#25718: later XLA releases say "PTX compiler" where older ones said "ptxas CUDA".
_PTX_COMPILER_NEWER = (
    "The NVIDIA driver's CUDA version is 12.4 which is older than the PTX compiler version "
    "(12.6.85). Because the driver is older than the PTX compiler version, XLA is disabling "
    "parallel compilation, which may slow down compilation. You should update your NVIDIA "
    "driver or use the NVIDIA-provided CUDA forward compatibility packages.\n"
)


def test_jax_no_kernel_image_is_ptxas_newer_than_the_driver() -> None:
    # jax-ml/jax#11967: CUDA 11.6.2's ptxas on driver 470; CUDA 11.4.2 fixed it.
    (result,) = explain(_blind(_JAX_NO_KERNEL))
    assert result.code == "no-kernel-image"
    assert result.facts["runtime"] == "XLA"
    assert "ptxas" in result.cause
    assert "ptxas --version" in result.fix[0]
    assert any("jax[cuda12]" in step for step in result.fix)
    assert not any("torch" in step for step in result.fix)


def test_xlas_own_warning_names_both_cudas_and_the_driver() -> None:
    (result,) = explain(_PTX_COMPILER_NEWER + _blind(_JAX_NO_KERNEL))
    assert result.facts == {"runtime": "XLA", "driver_cuda": "12.4", "ptxas_cuda": "12.6"}
    assert "CUDA 12.6 and the driver supports CUDA 12.4" in result.cause
    assert "(the first to support CUDA 12.6)" in result.fix[1]


def test_a_torch_paste_keeps_the_build_answer() -> None:
    text = (
        'File "/usr/lib/python3/site-packages/torch/nn/modules/conv.py", line 456\n'
        "RuntimeError: CUDA error: no kernel image is available for execution on the device\n"
    )
    (result,) = explain(text)
    assert result.code == "no-kernel-image"
    assert "runtime" not in result.facts and "ptxas" not in result.cause


def test_xlas_autotuner_without_any_cudnn_convolution_names_memory_and_the_library() -> None:
    text = (
        "jaxlib.xla_extension.XlaRuntimeError: UNKNOWN: Failed to determine best cudnn "
        "convolution algorithm for:\n%cudnn-conv = (f32[1,64,112,112]{3,2,1,0}, u8[0]{0})"
    )
    (result,) = explain(text)
    assert result.code == "xla-cudnn-conv-failed"
    assert "XLA_PYTHON_CLIENT_PREALLOCATE=false" in result.fix[0]
