"""Packages' own compiled kernels, in the packages' own words: auto-gptq's (and
GPTQ-for-LLaMa's) CUDA and exllama kernels, CuPy's core, DeepSpeed's pre-compiled ops."""

from __future__ import annotations

from pathlib import Path

import pytest

from envdoctor.explain import explain

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _read(path: str) -> str:
    return (FIXTURES / path).read_text(encoding="utf-8")


# --- auto-gptq -------------------------------------------------------------------------------


def test_exllama_kernel_warning_is_auto_gptqs_missing_kernels() -> None:
    # AutoGPTQ/AutoGPTQ#249: auto-gptq built in a conda env the server was not started from.
    (result,) = explain(_read("errors_blind82/env__wrongenv_AutoGPTQ249.txt"))
    assert result.code == "gptq-kernels-not-installed"
    assert result.kind == "environment"
    assert result.facts == {"kernel": "exllama", "package": "auto-gptq"}
    assert "another environment" in result.cause
    assert any("conda env" in step for step in result.fix)


def test_bare_cuda_extension_line_keeps_the_cause_general() -> None:
    # QwenLM/Qwen3#558: auto-gptq and torch not compatible. GPTQ-for-LLaMa prints the same.
    (result,) = explain(_read("errors_blind85/env__extbuild_qwen558.txt"))
    assert result.code == "gptq-kernels-not-installed"
    assert "package" not in result.facts
    assert "GPTQ-for-LLaMa" in result.cause


@pytest.mark.parametrize(
    "text",
    [
        "ERROR:auto_gptq.nn_modules.qlinear.qlinear_exllama:exllama_kernels not installed.",
        "WARNING - qlinear_cuda.py:18 - CUDA extension not installed.\n"
        '  File "/venv/lib/python3.10/site-packages/auto_gptq/modeling/_base.py", line 1',
        "NameError: name 'autogptq_cuda_256' is not defined",
    ],
)
def test_auto_gptqs_other_wordings(text: str) -> None:
    (result,) = explain(text)
    assert result.code == "gptq-kernels-not-installed"
    assert result.facts["package"] == "auto-gptq"


def test_torch_cuda_picks_the_wheel_index() -> None:
    text = (
        "PyTorch version: 2.2.1+cu118\nCUDA used to build PyTorch: 11.8\n"
        "auto_gptq.nn_modules.qlinear.qlinear_cuda:CUDA extension not installed."
    )
    (result,) = explain(text)
    assert any("autogptq-index/whl/cu118/" in step for step in result.fix)


def test_someone_elses_extension_line_is_not_gptqs() -> None:
    text = "Warning: mlp_cuda extension not installed. Run: python setup.py install"
    assert all(r.code != "gptq-kernels-not-installed" for r in explain(text))


# --- CuPy ------------------------------------------------------------------------------------


def test_cupy_from_a_source_checkout_names_the_checkout() -> None:
    # cupy/cupy#1073: the core of a cloned tree was not built with a working toolchain.
    (result,) = explain(_read("errors_blind84/env__extbuild_cupy1073.txt"))
    assert result.code == "cupy-not-installed-correctly"
    assert result.facts["source_checkout"] == "/mnt/home/yangshao/workspace/cupy"
    assert any("pip install -e ." in step for step in result.fix)


def test_cupy_without_a_driver_says_so() -> None:
    text = (
        '  File "/home/u/env/lib/python3.7/site-packages/cupy/__init__.py", line 11, in '
        "<module>\n    from cupy import core  # NOQA\n"
        "ImportError: CuPy is not correctly installed.\n\noriginal error: libcuda.so.1: "
        "cannot open shared object file: No such file or directory"
    )
    result = explain(text)[0]  # the driver's own answer may follow
    assert result.code == "cupy-not-installed-correctly"
    assert result.facts["missing_library"] == "libcuda.so.1"
    assert "driver" in result.cause
    assert "source_checkout" not in result.facts


# --- DeepSpeed -------------------------------------------------------------------------------


def test_async_io_on_windows() -> None:
    # deepspeedai/DeepSpeed#3211: DS_BUILD_OPS=1 on Windows, libaio not found.
    (result,) = explain(_read("errors_blind84/env__extbuild_deepspeed3211.txt"))
    assert result.code == "deepspeed-op-precompile-failed"
    assert result.facts["op"] == "async_io"
    assert result.facts["disable_with"] == "DS_BUILD_AIO=0"
    assert result.facts["os"] == "Windows"
    assert "build_win.bat" in result.fix[0]


def test_async_io_on_linux_names_the_package_its_builder_asked_for() -> None:
    text = (
        "AssertionError: Unable to pre-compile async_io\nDS_BUILD_OPS=1\n"
        " [WARNING]  async_io requires the dev libaio .so object and headers but these were "
        "not found.\n [WARNING]  async_io: please install the libaio-devel package with yum\n"
        " [WARNING]  One can disable async_io with DS_BUILD_AIO=0\n"
        " [ERROR]  Unable to pre-compile async_io"
    )
    (result,) = explain(text)
    assert "os" not in result.facts
    assert "sudo yum install libaio-devel" in result.fix[0]


def test_torch_missing_at_build_time() -> None:
    # deepspeedai/DeepSpeed#3329: pip's build isolation hides the installed torch.
    (result,) = explain(
        "AssertionError: Unable to pre-compile ops without torch installed. Please install "
        "torch before attempting to pre-compile ops."
    )
    assert result.code == "deepspeed-op-precompile-failed"
    assert any("--no-build-isolation" in step for step in result.fix)


def test_cupy_traceback_cut_before_its_own_message_names_the_toolkit_libraries() -> None:
    # errors_blind100 (cupy#7772): cupy-cuda12x without a CUDA 12 runtime.
    text = Path("tests/fixtures/errors_blind100/env__libcudart_cupy7772.txt").read_text(
        encoding="utf-8"
    )
    (result,) = explain(text)
    assert result.code == "cupy-not-installed-correctly"
    assert result.facts["missing_library"] == "libcudart.so.12"
    assert "cupy-cuda12x[ctk]" in result.fix[1]
    assert not any("torch" in step for step in result.fix)
