"""`cannot import name 'X' from 'pkg'`: packages out of step, names a known release removed,
misspelt imports, and torch's own packages kept out of a lone reinstall."""

from __future__ import annotations

from pathlib import Path

import pytest

from envdoctor.explain import explain


def _environment(text: str) -> list[str]:
    return [r.code for r in explain(text) if r.kind == "environment"]


@pytest.mark.parametrize(
    "text",
    [
        # torch and the packages released with it (or pinned by it) change as a release
        # pair: never "reinstall torch/triton alone".
        "ImportError: cannot import name 'register_pytree_node' from 'torch.utils._pytree'",
        "ImportError: cannot import name 'AttrsDescriptor' from 'triton.compiler.compiler'",
        "ImportError: cannot import name 'some_op' from 'torchaudio.functional'",
    ],
)
def test_torchs_own_and_pinned_packages_get_no_bare_out_of_step_answer(text: str) -> None:
    assert "package-versions-out-of-step" not in [r.code for r in explain(text)]


def test_a_module_torchvision_removed_imported_by_name_gets_the_removal_answer() -> None:
    text = "ImportError: cannot import name 'functional_tensor' from 'torchvision.transforms'"
    (result,) = explain(text)
    assert result.code == "package-module-missing"
    assert result.facts["removed_in"] == "torchvision 0.17"
    assert "torchvision.transforms.functional" in result.cause
    assert any("torchvision 0.16." in step for step in result.fix)
    # From the program's own file it is the code's to change.
    own = (
        'Traceback (most recent call last):\n  File "/home/u/app.py", line 1, in <module>\n'
        "    from torchvision.transforms import functional_tensor\n" + text
    )
    assert _environment(own) == []


def test_a_misspelt_export_is_the_codes_typo() -> None:
    (result,) = explain(
        "ImportError: cannot import name 'AutoModelForCasualLM' from 'transformers'"
    )
    assert result.kind == "code"
    assert result.facts["did_you_mean"] == "AutoModelForCausalLM"
    assert not any("pip" in step for step in result.fix)


@pytest.mark.parametrize(
    "text",
    [
        "ImportError: cannot import name 'AutoModelForCasualLM' from 'transformers'",
        "ImportError: cannot import name 'Imagee' from 'PIL'",
    ],
)
def test_known_exports_and_typos_get_no_environment_fix(text: str) -> None:
    assert _environment(text) == []


def test_a_name_with_a_number_more_is_not_a_typo() -> None:
    # A name that differs by a number may be a newer release's.
    (result,) = explain(
        "ImportError: cannot import name 'StableDiffusion3Pipeline' from 'diffusers'"
    )
    assert result.kind == "environment" and "did_you_mean" not in result.facts


def test_an_unknown_name_alone_is_hedged_and_named_by_its_pip_name() -> None:
    (result,) = explain("ImportError: cannot import name 'FooBar' from 'cv2'")
    assert "typo" in result.cause and "opencv-python" in result.cause
    assert "cv2" not in result.cause.split(":")[0]


def test_pillow_10s_removed_constant_gets_its_release_and_replacement() -> None:
    (result,) = explain("ImportError: cannot import name 'ANTIALIAS' from 'PIL.Image'")
    assert result.facts["removed_in"] == "Pillow 10.0"
    assert "Image.LANCZOS" in result.cause
    assert any('"Pillow<10.0"' in step for step in result.fix)
    own = (
        'Traceback (most recent call last):\n  File "/home/u/thumbs.py", line 2, in <module>\n'
        "    from PIL.Image import ANTIALIAS\n"
        "ImportError: cannot import name 'ANTIALIAS' from 'PIL.Image'"
    )
    (code,) = explain(own)
    assert code.kind == "code" and "Image.LANCZOS" in code.fix[0]


def test_a_site_packages_path_without_frames_is_still_answered() -> None:
    bare = "ImportError: cannot import name 'cached_download' from 'huggingface_hub'"
    path = bare + " (/home/u/venv/lib/python3.10/site-packages/huggingface_hub/__init__.py)"
    for text in (bare, path):
        (result,) = explain(text)
        assert result.code == "package-versions-out-of-step"
        assert result.facts["removed_in"] == "huggingface_hub 0.26"
        assert "hf_hub_download" in result.cause


def test_a_changelog_line_is_a_mention_not_a_report() -> None:
    text = (
        "Fixed: `ImportError: cannot import name 'cached_download' from 'huggingface_hub'` "
        "when using newer hub (#1234)"
    )
    assert explain(text) == ()


def test_an_installed_package_out_of_step_with_triton_keeps_torchs_triton() -> None:
    text = (
        'File "/usr/lib/python3/site-packages/xformers/ops/fmha/triton.py", line 3, in <module>\n'
        "ImportError: cannot import name 'AttrsDescriptor' from 'triton.compiler.compiler'"
    )
    (result,) = explain(text)
    assert result.code == "package-versions-out-of-step"
    assert "Keep the triton your torch installed" in result.fix[0]
    assert "download.pytorch.org/whl/<build>" in result.fix[0]  # torch's CUDA not known


def test_the_index_to_reinstall_from_follows_torchs_own_build() -> None:
    text = (
        "PyTorch version: 2.5.1+cu124\n"
        'File "/usr/lib/python3/site-packages/xformers/ops/fmha/triton.py", line 3, in <module>\n'
        "ImportError: cannot import name 'AttrsDescriptor' from 'triton.compiler.compiler'"
    )
    (result,) = explain(text)
    assert "download.pytorch.org/whl/cu124 with --no-deps" in result.fix[0]


def test_a_name_current_releases_export_is_an_old_or_broken_install() -> None:
    # AutoImageProcessor came in transformers 4.26: an older release lacks it; imread is in
    # every cv2, so there the install is broken or shadowed. The answer names both.
    (result,) = explain("ImportError: cannot import name 'AutoImageProcessor' from 'transformers'")
    assert "current transformers releases" in result.cause and "shadowed" in result.cause
    (cv2,) = explain("ImportError: cannot import name 'imread' from 'cv2'")
    assert "opencv-python" in cv2.fix[0]


def test_a_name_differing_only_by_case_is_not_called_a_typo() -> None:
    # transformers exports both pipeline and Pipeline.
    results = explain("ImportError: cannot import name 'Pipeline' from 'transformers'")
    assert all(r.kind != "code" for r in results)


@pytest.mark.parametrize(
    "text",
    [
        # A fallback note in a healthy log, and a README heading.
        "xformers not available, falling back (cannot import name 'memory_efficient_attention'"
        " from 'xformers.ops')\nGenerated 4 images in 12.3s",
        "### cannot import name 'cached_download' from 'huggingface_hub'\nUpgrade diffusers.",
    ],
)
def test_a_bare_cannot_import_inside_a_note_or_heading_is_not_a_report(text: str) -> None:
    assert explain(text) == ()


def test_a_bare_cannot_import_line_is_still_read() -> None:
    (result,) = explain("cannot import name 'cached_download' from 'huggingface_hub'")
    assert result.facts["removed_in"] == "huggingface_hub 0.26"


def test_a_case_only_misspelling_of_a_known_export_is_a_typo() -> None:
    (result,) = explain(
        "ImportError: cannot import name 'AutoModelForCausalLm' from 'transformers'"
    )
    assert result.kind == "code" and result.facts["did_you_mean"] == "AutoModelForCausalLM"


def test_a_name_missing_from_torch_tensorrt_is_its_version() -> None:
    path = Path(__file__).parent.parent / "fixtures/errors_blind136/env__version_tensorrt2.txt"
    (result,) = explain(path.read_text())
    assert result.code == "package-versions-out-of-step"
    assert result.facts["package"] == "torch-tensorrt"
