"""The architecture family's advice (explain.families.arch) with the GPU read from prose
and the build's arch list taken from the matrix."""

from __future__ import annotations

import pytest
from explain.errortext import fixture_text

from envdoctor.explain import explain, normalise
from envdoctor.explain.engine import read_clues
from envdoctor.explain.model import known_from
from envdoctor.matrix.load import load_matrix

MATRIX = load_matrix()
NO_KERNEL = "RuntimeError: CUDA error: no kernel image is available for execution on the device"


def test_a_gpu_named_in_a_sentence_tailors_no_kernel_image() -> None:
    (result,) = explain(fixture_text("no-kernel-image__ader"))
    assert result.facts["gpu_arch"] == "sm_61"
    assert result.facts["architecture"] == "Pascal"
    # Both causes, each with its fix for this GPU: a build with sm_6x code, or the
    # extension rebuilt for 6.1.
    variant = result.facts["suggested_variant"]
    assert any("torch==" in step and f"+{variant}" in step for step in result.fix)
    assert any("TORCH_CUDA_ARCH_LIST=6.1" in step for step in result.fix)


def test_an_ambiguous_gpu_name_tailors_nothing() -> None:
    (result,) = explain(fixture_text("no-kernel-image__stanet"))
    assert "gpu" not in result.facts and "suggested_variant" not in result.facts


def test_two_architectures_named_in_prose_tailor_nothing() -> None:
    text = f"Tried on my RTX 3090 and on the server's GTX 1080 Ti:\n{NO_KERNEL}"
    known = known_from(None, read_clues(text), MATRIX)
    assert known.gpus == ()
    # Said to work on one of them: the other is the failing GPU.
    text = f"It works on my RTX 3090 but on the server's GTX 1080 Ti:\n{NO_KERNEL}"
    known = known_from(None, read_clues(text), MATRIX)
    assert [g.capability for g in known.gpus] == [(6, 1)]
    # The same architecture written twice is one GPU.
    same = known_from(None, read_clues(f"RTX 3090 ... rtx3090\n{NO_KERNEL}"), MATRIX)
    assert [g.capability for g in same.gpus] == [(8, 6)]


def test_a_gpu_said_to_work_is_not_the_failing_one() -> None:
    for text in (
        "It works fine on my A100 but fails on the cluster",
        "On my A100 it runs fine, but on the server it fails",
        "Same code worked on a V100.",
        "RTX 3090 works without problems here.",
    ):
        known = known_from(None, read_clues(f"{text}\n{NO_KERNEL}"), MATRIX)
        assert known.gpus == (), text
    # The failing one is still read beside it, and a negation keeps the mention.
    for text in ("It worked on a V100. Now on my RTX 5090:", "It doesn't work on my RTX 5090"):
        known = known_from(None, read_clues(f"{text}\n{NO_KERNEL}"), MATRIX)
        assert [g.capability for g in known.gpus] == [(12, 0)], text


def test_a_stated_gpu_line_wins_over_prose() -> None:
    text = (
        "I also tried a GTX 1080\nGPU models and configuration: GPU 0: NVIDIA GeForce RTX "
        f"3090\nNvidia driver version: 535.54.03\n{NO_KERNEL}"
    )
    known = known_from(None, read_clues(normalise(text)), MATRIX)
    assert [g.capability for g in known.gpus] == [(8, 6)]


def test_the_build_arch_list_comes_from_the_matrix_for_a_tagged_torch() -> None:
    # torch 2.7.0+cu128 has no Pascal code (sm_75 and newer): the build lacks the GPU.
    text = f"torch 2.7.0+cu128\nGPU 0: NVIDIA GeForce GTX 1080 Ti\n{NO_KERNEL}"
    (result,) = explain(text)
    assert "sm_61" not in result.facts["build_arch_list"]
    assert result.finding_code == "gpu-arch-unsupported"
    assert result.facts["suggested_variant"] == "cu126"
    # torch 2.5.1+cu121 has sm_60 code, which runs on a 6.1 GPU: an extension is to blame.
    text = f"torch 2.5.1+cu121\nGPU 0: NVIDIA GeForce GTX 1080 Ti\n{NO_KERNEL}"
    (result,) = explain(text)
    assert "extension" in result.cause
    assert any("TORCH_CUDA_ARCH_LIST=6.1" in step for step in result.fix)


@pytest.mark.parametrize(
    "text",
    [
        # Text recognition of a screenshot: rn read as m, words run together.
        "CUDAerror. no kemel image is available for execution on the deviceCUDA kernel errors",
        "RuntimeError: CUDA error: no kerne1 image is available for execution on the device",
    ],
)
def test_a_misread_kernel_word_is_still_no_kernel_image(text: str) -> None:
    assert explain(text)[0].code == "no-kernel-image"


def test_another_image_sentence_is_not_a_kernel_image() -> None:
    assert not any(
        r.code == "no-kernel-image"
        for r in explain("The docker image is available for download on the registry.")
    )


def test_sageattentions_missing_sm_kernel_is_no_kernel_for_this_gpu() -> None:
    text = "SM90 kernel is not available. Make sure you GPUs with compute capability 9.0."
    assert explain(text)[0].code == "no-kernel-image"
