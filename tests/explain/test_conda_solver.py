"""conda's solver: a pinned pytorch the environment's Python has no build of, and libmamba's
"nothing provides requested" for the PyTorch packages."""

from __future__ import annotations

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
