"""Projects' own CUDA plugins compiled on first use: NVlabs' torch_utils.custom_ops
(StyleGAN2-ADA, StyleGAN3 and projects built on them) and StyleGAN2's TensorFlow plugins."""

from __future__ import annotations

from envdoctor.explain import explain


def test_stylegan3_plugin_failure_that_stops_the_program() -> None:
    # StyleGAN3 lets get_plugin's error through after its brief "Failed!" (no fallback).
    text = (
        'Setting up PyTorch plugin "filtered_lrelu_plugin"... Failed!\n'
        "Traceback (most recent call last):\n"
        '  File "/home/u/stylegan3/torch_utils/ops/filtered_lrelu.py", line 26, in _init\n'
        "RuntimeError: Error building extension 'filtered_lrelu_plugin'\n"
    )
    (result, *_rest) = explain(text)
    assert result.code == "cuda-plugin-build-failed"
    assert result.kind == "environment"
    assert result.facts == {"plugin": "filtered_lrelu_plugin"}
    assert "slow reference" not in result.cause
    assert any("pip install ninja" in step for step in result.fix)
    assert any("build-essential" in step for step in result.fix)
    assert any("verbosity = 'full'" in step for step in result.fix)


def test_the_fallback_warning_on_windows_names_visual_studio() -> None:
    # rotemtzaban/STIT#50: StyleGAN2-ADA's code warns and goes on slowly.
    text = (
        'Setting up PyTorch plugin "bias_act_plugin"... Failed!\n'
        "D:\\stit\\torch_utils\\ops\\bias_act.py:50: UserWarning: Failed to build CUDA kernels "
        "for bias_act. Falling back to slow reference implementation. Details:\n"
    )
    results = explain(text)
    assert [r.code for r in results] == ["cuda-plugin-build-failed"]
    assert "slow reference implementation" in results[0].cause
    assert any("Desktop development with C++" in step for step in results[0].fix)


def test_a_named_cause_answers_instead() -> None:
    # The traceback after "Failed!" names the missing compiler (LPengYang/FreeDrag#7).
    text = (
        'Setting up PyTorch plugin "upfirdn2d_plugin"... Failed!\n'
        "RuntimeError: Could not find MSVC/GCC/CLANG installation on this computer. Check "
        '_find_compiler_bindir() in "E:\\code\\FreeDrag-main\\torch_utils\\custom_ops.py".\n'
    )
    assert [r.code for r in explain(text)] == ["msvc-build-tools-missing"]
    ninja = (
        'Setting up PyTorch plugin "bias_act_plugin"... Failed!\n'
        "RuntimeError: Ninja is required to load C++ extensions\n"
    )
    assert [r.code for r in explain(ninja)] == ["ninja-missing"]


def test_stylegan2_tensorflow_plugin() -> None:
    text = (
        'Setting up TensorFlow plugin "fused_bias_act.cu": Preprocessing... Failed!\n'
        "Traceback (most recent call last):\n"
        '  File "E:\\project\\stylegan2\\dnnlib\\tflib\\network.py", line 297, in __setstate__\n'
    )
    (result,) = explain(text)
    assert result.code == "cuda-plugin-build-failed"
    assert result.facts == {"plugin": "fused_bias_act.cu"}
    assert "ninja" not in " ".join(result.fix)
    assert any("compiler_bindir_search_path" in step for step in result.fix)


def test_a_plugin_that_was_built_is_no_error() -> None:
    text = 'Setting up PyTorch plugin "bias_act_plugin"... Done.\nSetting up PyTorch plugin "upfirdn2d_plugin"... Done.'
    assert explain(text) == ()
