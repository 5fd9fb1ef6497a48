"""A well-known package's module missing from its installed version, and packages that
install through their own route missing altogether (blind rounds 32, 34, 35)."""

from __future__ import annotations

from pathlib import Path

import pytest

from envdoctor.explain import explain

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _blind(path: str) -> str:
    return (FIXTURES / path).read_text(encoding="utf-8")


def test_a_module_the_installed_bitsandbytes_lacks() -> None:
    # Akegarasu/lora-scripts#228: fixed by reinstalling bitsandbytes.
    (result, *_rest) = explain(_blind("errors_blind32/env__bnb_lorascripts1.txt"))
    assert result.code == "package-module-missing"
    assert result.kind == "environment"
    assert result.facts["package"] == "bitsandbytes"
    assert "removed_in" not in result.facts
    assert any("--force-reinstall" in step for step in result.fix)


def test_a_module_a_known_release_removed() -> None:
    # OpenTalker/video-retalking#246: basicsr against torchvision 0.17+.
    (result,) = explain(_blind("errors_blind34/env__nomodule_retalking246.txt"))
    assert result.code == "package-module-missing"
    assert result.facts["removed_in"] == "torchvision 0.17"
    assert "torchvision.transforms.functional" in result.cause
    # The older pair comes from the core's companion table, not a bare "<0.17".
    assert any("torchvision 0.16." in step for step in result.fix)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # Compiled extensions: entries of their own.
        ("ModuleNotFoundError: No module named 'mmcv._ext'", "mmcv-ext-missing"),
        ("ModuleNotFoundError: No module named 'torch._C'", "torch-c-extension-missing"),
        ("ModuleNotFoundError: No module named 'detectron2._C'", "extension-not-built"),
        ("ModuleNotFoundError: No module named 'xformers._C_flashattention'", None),
        ("ModuleNotFoundError: No module named 'torch._dynamo'", "torch-too-old-for-code"),
    ],
)
def test_compiled_and_owned_modules_are_left_to_their_entries(text: str, code: str | None) -> None:
    codes = [r.code for r in explain(text)]
    assert "package-module-missing" not in codes
    if code is not None:
        assert codes[0] == code


@pytest.mark.parametrize(
    "text",
    [
        "ModuleNotFoundError: No module named 'models.yolo'",
        "ModuleNotFoundError: No module named 'utils.datasets'",
        "ModuleNotFoundError: No module named 'torchvisionx.ops'",
        # The project's own copy of a package, imported from its source tree.
        'File "/home/me/proj/basicsr/data/__init__.py", line 4, in <module>\n'
        "    from basicsr.data.foo import bar\n"
        "ModuleNotFoundError: No module named 'basicsr.data.foo'",
    ],
)
def test_a_projects_own_modules_are_not_recognised(text: str) -> None:
    assert "package-module-missing" not in [r.code for r in explain(text)]


def test_a_package_with_its_own_installer_missing() -> None:
    # TMElyralab/MuseTalk#180: mmcv not installed in ComfyUI's Python; mim installs it.
    (result,) = explain(_blind("errors_blind35/env__mmcv_musetalk180.txt"))
    assert result.code == "own-installer-package-missing"
    assert result.facts["package"] == "mmcv"
    assert any("mim install mmcv" in step for step in result.fix)


def test_a_plain_missing_package_is_not_this_entry() -> None:
    codes = [r.code for r in explain("ModuleNotFoundError: No module named 'mmcvx'")]
    assert "own-installer-package-missing" not in codes


def test_torchs_own_modules_get_a_release_pair_never_a_lone_reinstall() -> None:
    (result,) = explain("No module named 'torch.distributed.tensor'")
    assert not any("--force-reinstall" in step for step in result.fix)
    assert any("envdoctor install --torch" in step for step in result.fix)


def test_own_installer_packages_get_only_their_own_route() -> None:
    (result,) = explain("No module named 'apex.normalization'")
    assert not any('"apex==' in step for step in result.fix)
    assert any("NVIDIA/apex" in step for step in result.fix)


def test_a_generic_reinstall_never_touches_dependencies() -> None:
    (result,) = explain("No module named 'timm.models.layers.helpers'")
    assert all("--no-deps" in step for step in result.fix if "--force-reinstall" in step)


def test_a_projects_own_datasets_folder_is_not_a_package() -> None:
    assert explain("ModuleNotFoundError: No module named 'datasets.coco'") == ()


def test_the_last_torchvision_before_a_removal_comes_with_its_torch() -> None:
    (result,) = explain("No module named 'torchvision.transforms.functional_tensor'")
    assert any("torchvision 0.16." in step and "torch 2.1." in step for step in result.fix)


def test_a_module_torch_removed_points_at_the_last_release_before_it() -> None:
    from envdoctor.explain import explain

    (result,) = explain("ModuleNotFoundError: No module named 'torch._six'")
    assert any("envdoctor install --torch 1.13.1" in step for step in result.fix)
    assert not any('"torch<2.0"' in step for step in result.fix)
