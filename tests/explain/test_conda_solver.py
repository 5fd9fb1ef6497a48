"""conda's solver: a pinned pytorch the environment's Python has no build of, and libmamba's
"nothing provides requested" for the PyTorch packages."""

from __future__ import annotations

from pathlib import Path

import pytest

from envdoctor.explain import explain

PYTHON_CONFLICT = (
    "UnsatisfiableError: The following specifications were found\n"
    "to be incompatible with the existing python installation in your environment:\n\n"
    "Specifications:\n\n"
    "  - pytorch==1.7.1 -> python[version='>=3.6,<3.7.0a0|>=3.7,<3.8.0a0|>=3.8,<3.9.0a0']\n\n"
    "Your python: {python}\n\n"
    "If python is on the left-most side of the chain, that's the version you've asked for.\n"
)


@pytest.mark.parametrize("python", ["python=3.10", "python==3.10.4"])
def test_a_python_the_pinned_release_was_not_built_for(python: str) -> None:
    (result,) = explain(PYTHON_CONFLICT.format(python=python))
    assert result.code == "conda-solver-conflict"
    assert result.facts["requested_pytorch"] == "1.7.1"
    assert result.facts["release_python"] == ">=3.6,<3.9"  # the matrix's, not the solver's
    assert "python=3.8 pytorch=1.7.1" in result.fix[0]
    # The other way out keeps the Python: a torch that has wheels for 3.10.
    assert "torch==" in result.fix[1] and "cpuonly" not in " ".join(result.fix)


@pytest.mark.parametrize(
    ("line", "package"),
    [
        ("  - nothing provides requested pytorch-cuda 12.1**", "pytorch-cuda 12.1**"),
        ("  - nothing provides requested pytorch 2.6.0**", "pytorch 2.6.0**"),
    ],
)
def test_libmamba_nothing_provides_a_torch_package(line: str, package: str) -> None:
    text = "LibMambaUnsatisfiableError: Encountered problems while solving:\n" + line + "\n"
    (result,) = explain(text)
    assert result.code == "conda-package-not-found"
    assert result.facts["packages"] == [package]


def test_nothing_provides_the_cuda_virtual_package_is_not_a_missing_channel() -> None:
    text = "Encountered problems while solving:\n  - nothing provides __cuda needed by pytorch-cuda-12.1-ha16c6d3_5\n"
    (result,) = explain(text)
    assert result.code == "conda-solver-conflict"


# --- blind rounds 32 and 33 -----------------------------------------------------------------

BLIND = Path(__file__).resolve().parent.parent / "fixtures"


def test_pins_without_build_strings_that_do_not_exist_here() -> None:
    # CompVis/stable-diffusion#145: cudatoolkit/pytorch pins on aarch64 and macOS.
    text = (BLIND / "errors_blind32/env__conda_compvis1.txt").read_text(encoding="utf-8")
    (result,) = explain(text)
    assert result.code == "conda-package-not-found"
    assert "build strings" not in result.fix[0]
    assert result.facts["cuda_packages"] == ["cudatoolkit=11.3"]
    assert "pip:" in result.fix[0]


def test_pins_with_build_strings_keep_their_cause() -> None:
    text = "ResolvePackageNotFound:\n  - pytorch=1.11.0=py3.8_cuda11.3_cudnn8.2.0_0\n"
    (result,) = explain(text)
    assert "build strings" in result.cause


def test_the_driver_blamed_without_its_version() -> None:
    # KevinMusgrave/pytorch-metric-learning#55: the real conflict was Python 3.8.
    text = (BLIND / "errors_blind33/env__conda_pml1.txt").read_text(encoding="utf-8")
    (result,) = explain(text)
    assert result.code == "conda-solver-conflict"
    assert result.finding_code is None or result.finding_code != "driver-too-old"
    assert "Python" in result.cause


def test_pip_style_pins_are_not_build_strings() -> None:
    (result,) = explain("ResolvePackageNotFound:\n  - numpy==1.19.2\n  - python=3.8.5")
    assert "build strings" not in result.cause.split("has no build strings")[0]
    assert not any("- pip:" in step for step in result.fix)


def test_pixis_missing_cuda_virtual_package_is_no_driver_on_this_machine() -> None:
    # fieldsoftheworld/ftw-baselines#117: pixi on a CI runner without an NVIDIA driver.
    blind = Path(__file__).resolve().parents[1] / "fixtures" / "errors_blind84"
    (e,) = explain((blind / "env__conda_ftwbaselines117.txt").read_text(encoding="utf-8"))
    assert e.code == "conda-solver-conflict" and "found none" in e.cause
    assert any("CONDA_OVERRIDE_CUDA=" in step for step in e.fix)


def test_libmamba_2s_missing_cuda_names_the_package() -> None:
    (e,) = explain(
        "└─ libdeepmd 2.2.10 *gpu is not installable because it requires\n"
        "   └─ __cuda, which is missing on the system."
    )
    assert e.facts["package"] == "libdeepmd" and "CONDA_OVERRIDE_CUDA" in " ".join(e.fix)


@pytest.mark.parametrize(
    ("path", "package", "python"),
    [
        # conda 4.8's report (conda#10163) and conda 4.3's older list (conda#5048).
        ("tests/fixtures/errors_blind106/env__conda_conda10163.txt", "tensorflow", "3.8"),
        ("tests/fixtures/errors_blind106/env__conda_conda5048.txt", "tensorflow", "2.7"),
    ],
)
def test_a_package_built_for_other_pythons_than_the_environments(
    path: str, package: str, python: str
) -> None:
    (result,) = explain(Path(path).read_text(encoding="utf-8"))
    assert result.code == "conda-solver-conflict"
    assert (result.facts["package"], result.facts["python_version"]) == (package, python)
    assert "PyTorch" not in result.title


def test_the_package_named_is_the_one_whose_range_leaves_the_python_out() -> None:
    text = (
        "UnsatisfiableError: The following specifications were found\nto be incompatible with "
        "the existing python installation in your environment:\n\nSpecifications:\n\n"
        "  - jupyterlab -> python[version='>=3.7']\n"
        "  - tensorflow-gpu=1.15 -> python[version='3.6.*|3.7.*']\n\nYour python: python=3.9\n"
    )
    (result,) = explain(text)
    assert result.facts["package"] == "tensorflow-gpu"
