"""`compat.companions`: torchvision / torchaudio per torch release (the matrix's `companions`),
and the install commands that pin them."""

from __future__ import annotations

import pytest

from envdoctor.compat.advice import Target, evaluate, plan_install
from envdoctor.compat.commands import conda_command, install_command
from envdoctor.compat.companions import (
    Companions,
    companion_fits,
    companion_row,
    companions,
    variant_mismatch,
)
from envdoctor.matrix import load_matrix
from envdoctor.matrix.model import Matrix


@pytest.fixture(scope="module")
def matrix() -> Matrix:
    return load_matrix()


@pytest.mark.parametrize(
    ("torch", "expected"),
    [
        # the sources' exact patch pairs (wheel metadata pins torch==X.Y.Z)
        ("2.1.2", ("0.16.2", "2.1.2")),
        ("2.1.0+cu121", ("0.16.0", "2.1.0")),
        ("2.0.0", ("0.15.1", "2.0.1")),  # pip's pair; 0.15.0 / 2.0.0 were conda-only
        ("2.0.1", ("0.15.2", "2.0.2")),
        ("1.10.0", ("0.11.1", "0.10.0")),  # no 0.11.0 wheel on the index
        ("1.3.0", ("0.4.1", "0.3.1")),  # vision#1458, not the README's collapsed row
        ("1.2.0", ("0.4.0", "0.3.0")),
        ("1.0.1", ("0.2.2", None)),  # no torchaudio for 1.0
        ("1.8.2", ("0.9.2", "0.8.2")),  # the LTS release
        # stable ABI: torchaudio 2.11 fits 2.11 and later, torchvision 0.29.1+ fits 2.14+
        ("2.13.0", ("0.28.0", "2.11.1")),
        ("2.14.0", ("0.29.2", "2.11.1")),
        ("2.15.0", ("0.29.2", "2.11.1")),
        # a release, or a patch the sources do not list: the release's newest pair
        ("2.1", ("0.16.2", "2.1.2")),
        ("2.8.1", ("0.23.0", "2.8.0")),
    ],
)
def test_companions(matrix: Matrix, torch: str, expected: tuple[str | None, ...]) -> None:
    assert companions(matrix, torch) == Companions(*expected)


@pytest.mark.parametrize("torch", ["2.16.0", "0.4.1", "2.15.0.dev20260907+cu130", "banana"])
def test_unknown_releases_and_nightlies_have_no_companions(matrix: Matrix, torch: str) -> None:
    assert companions(matrix, torch) is None


@pytest.mark.parametrize(
    ("torch", "package", "version", "fits"),
    [
        ("2.8.1", "torchvision", "0.24.0", False),  # the task's example
        ("2.8.1", "torchvision", "0.23.0", True),
        ("2.1.2", "torchvision", "0.16.0", True),  # same release: the tables are by minor
        ("2.1.2", "torchaudio", "2.2.0", False),
        ("2.5.1+cu121", "torchvision", "0.20.1+cu124", True),  # labels are not this rule's
        ("1.3.0", "torchvision", "0.4.1a0+d94043a", True),  # a source build of 0.4.1
        ("1.2.0", "torchvision", "0.4.1", False),
        ("2.15.0", "torchvision", "0.29.2", True),
        ("2.15.0", "torchvision", "0.29.0", False),  # 0.29.0 pins torch==2.14.0
        ("2.14.1", "torchaudio", "2.11.0", True),
        ("2.10.0", "torchaudio", "2.11.1", False),
        # unknown stays unknown
        ("2.15.0", "torchvision", "0.30.0", None),  # newer than every row
        ("2.16.0", "torchvision", "0.29.2", None),  # a torch release the table lacks
        ("1.0.0", "torchaudio", "0.3.0", None),  # no torchaudio row for 1.0
        ("2.1.2", "torchtext", "0.16.2", None),
        ("2.1.2", "torchvision", "junk", None),
    ],
)
def test_companion_fits(
    matrix: Matrix, torch: str, package: str, version: str, fits: bool | None
) -> None:
    assert companion_fits(matrix, torch, package, version) is fits


def test_every_row_names_its_sources(matrix: Matrix) -> None:
    row = companion_row(matrix, "2.14.1")
    assert row is not None and row.confidence == "documented"
    assert "VISION_RN_0291" in row.sources


@pytest.mark.parametrize(
    ("torch", "companion", "kw", "expected"),
    [
        ("2.5.1+cu121", "0.20.1+cu124", {}, True),
        ("2.5.1+cu121", "0.20.1+cu121", {}, False),
        ("2.5.1+cu121", "0.20.1+cpu", {}, True),
        ("2.5.1", "0.20.1+cu124", {}, None),  # no label and no matrix: unknown
        # a label-less PyPI wheel is its OS's default variant (2.5 on Linux: cu124)
        ("2.5.1", "0.20.1+cu124", {"os_name": "linux", "package": "torchvision"}, False),
        ("2.5.1", "0.20.1+cu124", {"os_name": "windows", "package": "torchvision"}, True),
        ("2.13.0+cu129", "0.28.0", {"os_name": "linux", "package": "torchvision"}, True),
        # 0.29.2 is pinned with 2.14 (cu130) and 2.15 (cu132): its PyPI build is not known
        ("2.15.0", "0.29.2", {"os_name": "linux", "package": "torchvision"}, None),
        # the same version text names different releases of the two packages
        ("2.5.1", "0.20.1", {"os_name": "linux"}, None),
    ],
)
def test_variant_mismatch(
    matrix: Matrix, torch: str, companion: str, kw: dict[str, str], expected: bool | None
) -> None:
    found = variant_mismatch(
        torch,
        companion,
        matrix=matrix if kw else None,
        os_name=kw.get("os_name"),
        package=kw.get("package"),
    )
    assert found is expected


def _target(os_name: str = "linux") -> Target:
    return Target(
        os=os_name,
        machine="x86_64",
        python="3.11.7",
        nvidia_gpu=True,
        driver="580.95.05",
        driver_cuda="13.0",
        capabilities=("8.9",),
    )


def test_install_command_pins_the_pair(matrix: Matrix) -> None:
    rel = matrix.release("2.5")
    assert rel is not None
    both = ("torchvision", "torchaudio")
    on_pypi = evaluate(rel, rel.variant("cu124"), _target(), matrix)  # type: ignore[arg-type]
    cmd = install_command(
        on_pypi, python="python", os_name="linux", with_packages=both, matrix=matrix
    )
    assert cmd.argv[4:] == ("torch==2.5.1", "torchvision==0.20.1", "torchaudio==2.5.1")
    other = evaluate(rel, rel.variant("cu121"), _target(), matrix)  # type: ignore[arg-type]
    cmd = install_command(
        other, python="python", os_name="linux", with_packages=both, matrix=matrix
    )
    # off PyPI the build label is pinned too: an installed +cpu torchvision satisfies a bare pin
    assert cmd.argv[4:7] == (
        "torch==2.5.1+cu121",
        "torchvision==0.20.1+cu121",
        "torchaudio==2.5.1+cu121",
    )
    assert cmd.argv[-2:] == ("--index-url", "https://download.pytorch.org/whl/cu121")
    # without the option nothing changes
    plain = install_command(other, python="python", os_name="linux", matrix=matrix)
    assert not any(a.startswith(("torchvision", "torchaudio")) for a in plain.argv)


def test_companions_shared_by_releases_are_pinned_without_a_label(matrix: Matrix) -> None:
    rel = matrix.release("2.14")
    assert rel is not None
    choice = evaluate(rel, rel.variant("cu126"), _target(), matrix)  # type: ignore[arg-type]
    cmd = install_command(
        choice,
        python="python",
        os_name="linux",
        with_packages=("torchaudio", "torchvision"),
        matrix=matrix,
    )
    assert cmd.argv[4:7] == ("torch==2.14.1+cu126", "torchvision==0.29.2", "torchaudio==2.11.1")


def test_an_unknown_companion_is_left_out_with_a_note(matrix: Matrix) -> None:
    rel = matrix.release("2.5")
    assert rel is not None
    choice = evaluate(rel, rel.variant("cu124"), _target(), matrix)  # type: ignore[arg-type]
    cmd = install_command(
        choice, python="python", os_name="linux", with_packages=("torchvision",), matrix=None
    )
    assert cmd.argv[4:] == ("torch==2.5.1",)
    assert cmd.companion_notes and "torchvision" in cmd.companion_notes[0]


def test_conda_names_companions_bare(matrix: Matrix) -> None:
    rel = matrix.release("2.5")
    assert rel is not None
    choice = evaluate(rel, rel.variant("cu124"), _target(), matrix)  # type: ignore[arg-type]
    cmd = conda_command(choice, matrix, with_packages=("torchvision",))
    assert cmd is not None
    assert cmd.argv[:4] == ("conda", "install", "pytorch==2.5.1", "torchvision")


def test_plan_install_carries_the_pair(matrix: Matrix) -> None:
    plan = plan_install(_target(), matrix, torch="2.1.2")
    assert plan.choice is not None and plan.choice.version == "2.1.2"
    assert plan.companions == Companions("0.16.2", "2.1.2")
