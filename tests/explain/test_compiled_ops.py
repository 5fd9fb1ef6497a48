"""cpm_kernels (ChatGLM / BMInf quantization) loading CUDA libraries by itself, and a
package's own compiled extension that was never built."""

from __future__ import annotations

from pathlib import Path

import pytest

from envdoctor.explain import explain

LINE = "RuntimeError: Library cublasLt is not initialized\n"


def test_platform_unknown_gets_both_library_paths() -> None:
    (result,) = explain(LINE)
    assert result.code == "cpm-kernels-cuda-missing"
    assert [step.split(":")[0] for step in result.fix[:2]] == ["Windows", "Linux"]


def test_a_windows_paste_gets_the_path_step_only() -> None:
    text = 'File "C:\\Users\\me\\glm\\quantization.py", line 19, in <module>\n' + LINE
    (result,) = explain(text)
    assert result.fix[0].startswith("Windows") and not any(
        step.startswith("Linux") for step in result.fix
    )
    assert "cublasLt64_*.dll" in result.fix[0]


# --- a package's own extension not built (blind round 33) ----------------------------------

BLIND = Path(__file__).resolve().parent.parent / "fixtures" / "errors_blind33"


def test_a_top_level_c_module_names_its_distribution() -> None:
    # hpcaitech/ColossalAI#1773: built without CUDA_HOME.
    (result,) = explain((BLIND / "env__cudahome_colossalai2.txt").read_text(encoding="utf-8"))
    assert result.code == "extension-not-built"
    assert result.facts == {"module": "colossal_C", "package": "colossalai"}
    assert any("CUDA_HOME" in step for step in result.fix)


@pytest.mark.parametrize(
    ("name", "package"),
    [
        ("env__cudahome_groundedsam1.txt", "groundingdino"),
        ("env__cudahome_groundingdino1.txt", None),
    ],
)
def test_a_packages_own_c_undefined(name: str, package: str | None) -> None:
    # Grounded-Segment-Anything#15, GroundingDINO#175: its _C was not compiled at install.
    (result,) = explain((BLIND / name).read_text(encoding="utf-8"))
    assert result.code == "extension-not-built"
    assert result.facts["module"] == "_C"
    if package:
        assert result.facts["package"] == package


def test_torchs_own_c_undefined_stays_torchs() -> None:
    # effusiveperiscope/so-vits-svc#46: torch/__init__.py's `for name in dir(_C)`.
    text = (
        "[/usr/local/lib/python3.10/dist-packages/torch/__init__.py](https://localhost:8080/#) "
        "in <module>\n--> 249 for name in dir(_C):\n"
        "    250     if name[0] != '_' and not name.endswith('Base'):\n"
        "NameError: name '_C' is not defined"
    )
    assert [r.code for r in explain(text)] == ["torch-c-extension-missing"]
    framed = (
        '  File "/opt/venv/lib/python3.10/site-packages/torch/__init__.py", line 249, in '
        "<module>\n    for name in dir(_C):\nNameError: name '_C' is not defined"
    )
    assert [r.code for r in explain(framed)] == ["torch-c-extension-missing"]


def test_a_cuda_module_never_installed_reached_as_a_name_error() -> None:
    # errors_blind73 (UNetMamba): the kernel folder was never pip-installed.
    (result,) = explain("NameError: name 'selective_scan_cuda_core' is not defined")
    assert result.code == "extension-not-built"
    assert result.facts["module"] == "selective_scan_cuda_core"
    assert "<package>" not in " ".join(result.fix)
    # A user's own variable with another shape of name is not an extension.
    assert explain("NameError: name 'model_cuda_count' is not defined") == ()


# --- a PyG extension built without CUDA (blind round 85) ----------------------------------


def test_pyg_extension_with_cuda_zero_is_a_build_without_cuda() -> None:
    # rusty1s/pytorch_sparse#41: built on a host without a GPU; the maintainer's fix is
    # FORCE_CUDA=1 (or the CUDA wheels).
    path = BLIND.parent / "errors_blind85" / "env__extbuild_pytorchsparse41.txt"
    (result,) = explain(path.read_text(encoding="utf-8"))
    assert result.code == "pyg-extension-cuda-mismatch"
    assert result.facts["built_with_cuda"] is False
    assert "without CUDA" in result.cause
    assert any("FORCE_CUDA=1" in step for step in result.fix)


def test_pyg_extension_for_another_cuda_keeps_the_mismatch_answer() -> None:
    text = (
        "RuntimeError: Detected that PyTorch and torch_scatter were compiled with different "
        "CUDA versions. PyTorch has CUDA version 10.1 and torch_scatter has CUDA version 10.2. "
        "Please reinstall the torch_scatter that matches your PyTorch install."
    )
    (result,) = explain(text)
    assert "built_with_cuda" not in result.facts
    assert "another CUDA" in result.cause


def test_vllms_c_warning_is_answered_only_on_windows() -> None:
    warning = (
        "WARNING 10-21 18:27:11 _custom_ops.py:18] Failed to import from vllm._C with "
        "ModuleNotFoundError(\"No module named 'vllm._C'\")"
    )
    # On Linux some vLLM builds run on without it: no answer rather than a wrong one.
    assert not explain(warning)
    (result,) = explain("(venv) PS C:\\dev\\app> llamafactory-cli version\n" + warning)
    assert result.code == "extension-not-built"
    assert result.facts["os"] == "Windows"
    assert "WSL 2" in result.fix[0]


def test_old_torch_scatters_cpu_module_missing_in_its_source_checkout() -> None:
    # errors_blind103 (pytorch_scatter#44).
    text = Path("tests/fixtures/errors_blind103/env__extbuild_scatter44.txt").read_text(
        encoding="utf-8"
    )
    (result,) = explain(text)
    assert result.code == "extension-not-built"
    assert "source folder" in result.cause


@pytest.mark.parametrize("name", ["roi_align_cuda", "deform_conv_cuda"])
def test_python_36s_import_error_for_an_op_that_was_never_built(name: str) -> None:
    # errors_blind119 (AlphaPose#1031, #751).
    (result,) = explain(f"ImportError: cannot import name '{name}'")
    assert result.code == "extension-not-built"
    assert "setup.py build develop" in result.fix[0]
    assert explain("ImportError: cannot import name 'is_cuda'") == ()


def test_a_helper_function_named_to_cuda_is_no_compiled_op() -> None:
    assert explain("ImportError: cannot import name 'move_to_cuda'") == ()


@pytest.mark.parametrize(
    "text",
    [
        # XPixelGroup/BasicSR docs/INSTALL.md, as the blind set quotes it.
        (
            Path(__file__).resolve().parents[1]
            / "fixtures/errors_blind129/env__extbuild_basicsr1.txt"
        ).read_text(encoding="utf-8"),
        "ImportError: cannot import name 'fused_act_ext' from 'basicsr.ops.fused_act' "
        "(/usr/lib/python3.10/site-packages/basicsr/ops/fused_act/__init__.py)",
        # basicsr/ops/dcn/deform_conv.py imports it in try/except: pass, then calls it.
        "NameError: name 'upfirdn2d_ext' is not defined",
    ],
)
def test_basicsrs_ops_not_built_get_its_own_install_switch(text: str) -> None:
    (result,) = explain(text)
    assert result.code == "extension-not-built"
    assert result.facts["package"] == "basicsr"
    assert "BASICSR_EXT=True pip install basicsr -vvv" in result.fix[0]


@pytest.mark.parametrize(
    "text",
    [
        "ImportError: cannot import name 'build_ext'",
        "ImportError: cannot import name 'file_ext' from 'myutils' (/home/a/myutils.py)",
    ],
)
def test_helpers_named_ext_are_not_compiled_modules(text: str) -> None:
    assert "extension-not-built" not in [r.code for r in explain(text)]


def test_a_source_checkouts_cuda_op_that_was_never_built() -> None:
    text = (
        "cannot import name 'libbleu_cuda' from 'mytool' (/home/me/mytool/mytool/__init__.py)"
        "... fall back to CPU version"
    )
    assert explain(text)[0].code == "extension-not-built"


def test_a_helper_named_like_cuda_is_not_an_extension() -> None:
    text = "ImportError: cannot import name 'check_cuda' from 'utils' (/app/utils/__init__.py)"
    assert not any(r.code == "extension-not-built" for r in explain(text))
