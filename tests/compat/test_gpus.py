"""GPU identity: one GPU table (the matrix's), and the bench peaks agree with it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import envdoctor
from envdoctor.compat.gpus import (
    PROSE_GPU,
    PROSE_GPU_ANCHORS,
    architecture_name,
    gpu_capability,
    prose_gpu_name,
    resolve_gpu,
)
from envdoctor.compat.versions import ComputeCapability
from envdoctor.matrix import load_matrix
from envdoctor.matrix.model import Matrix

PEAKS = Path(envdoctor.__file__).parent / "data" / "gpu_peaks.json"


@pytest.fixture(scope="module")
def matrix() -> Matrix:
    return load_matrix()


def _peak_names() -> list[tuple[str, str, str]]:
    doc = json.loads(PEAKS.read_text(encoding="utf-8"))
    return [(g["id"], name, g["cc"]) for g in doc["gpus"] for name in g["nvml_names"]]


@pytest.mark.parametrize(("entry", "name", "cc"), _peak_names())
def test_every_peak_name_is_known_to_the_matrix_with_the_same_capability(
    matrix: Matrix, entry: str, name: str, cc: str
) -> None:
    # The matrix's GPU table is the identity; the peaks table must not disagree with it.
    match = gpu_capability(matrix, name)
    assert match is not None, f"{entry}: {name!r} is not in the matrix's GPU table"
    assert ComputeCapability.parse(match.capability) == ComputeCapability.parse(cc), (
        f"{entry}: {name!r} is {cc} in gpu_peaks.json but {match.capability} in the matrix "
        f"({match.entry.name})"
    )


@pytest.mark.parametrize(
    ("cc", "name"),
    [
        ("8.6", "Ampere"),
        ("9.0", "Hopper"),
        ("7.5", "Turing"),
        ("12.0", "Blackwell"),
        ("8.6x", None),
    ],
)
def test_architecture_name(matrix: Matrix, cc: str, name: str | None) -> None:
    assert architecture_name(matrix, cc) == name


@pytest.mark.parametrize(
    ("text", "cc"), [("8.6", "8.6"), ("sm_90", "9.0"), ("SM_120", "12.0"), ("86", None)]
)
def test_resolve_gpu_capabilities(matrix: Matrix, text: str, cc: str | None) -> None:
    # A bare number is not a capability: it may be part of a name ("3060").
    assert resolve_gpu(matrix, text).capability == cc


@pytest.mark.parametrize(
    ("text", "cc"),
    [
        ("V100", "7.0"),  # how people type it
        ("Tesla V100", "7.0"),
        ("Tesla V100S-PCIE-32GB", "7.0"),  # nvidia-smi's name of the V100S (vllm#10147)
        ("Tesla V100-SXM2-16GB", "7.0"),
        ("P100", "6.0"),
        ("Tesla P100-PCIE-16GB", "6.0"),
        ("V1000", None),  # no such GPU: never a guess
    ],
)
def test_v100_and_p100_families(matrix: Matrix, text: str, cc: str | None) -> None:
    # Volta and Pascal end at R580: an unknown capability would hide driver-too-new.
    assert resolve_gpu(matrix, text).capability == cc


@pytest.mark.parametrize(
    ("text", "name", "capability"),
    [
        ("I have a GTX 1080Ti on Ubuntu", "GTX 1080 Ti", "6.1"),
        ("on my rtx3090 box", "rtx 3090", "8.6"),
        ("我的显卡是RTX3060Ti，报错", "RTX 3060 Ti", "8.6"),
        ("我使用的是特斯拉p40的显卡", "p40", "6.1"),
        ("8x A100-SXM4-80GB.", "A100-SXM4-80GB", "8.0"),
        ("NVIDIA T4 on Colab", "T4", "7.5"),
        ("GeForce GTX 960M laptop", "GTX 960M", "5.0"),
        ("RTX 4090D", "RTX 4090 D", "8.9"),
    ],
)
def test_gpu_names_in_sentences(text: str, name: str, capability: str) -> None:
    found = [prose_gpu_name(m.group("name")) for m in PROSE_GPU.finditer(text)]
    assert found == [name]
    assert resolve_gpu(load_matrix(), name).capability == capability


@pytest.mark.parametrize(
    "text",
    ["/home/a100/run.py", "a100.py", "C:\\h100\\x", "layer T4 output", "loss gt 1000"],
)
def test_gpu_like_words_in_paths_and_code_are_not_gpus(text: str) -> None:
    names = [prose_gpu_name(m.group("name")) for m in PROSE_GPU.finditer(text)]
    assert all(resolve_gpu(load_matrix(), n).capability is None for n in names)


def test_every_prose_shape_has_an_anchor() -> None:
    # The engine looks for names only next to these words: each shape needs one.
    for sample in (
        "GTX 1080",
        "RTX 3090",
        "GT 1030",
        "MX150",
        "Tesla P4",
        "Quadro P2000",
        "TITAN RTX",
        "A100",
        "H20",
        "NVIDIA L4",
    ):
        assert PROSE_GPU.search(sample), sample
        assert any(a in sample.lower() for a in PROSE_GPU_ANCHORS), sample


@pytest.mark.parametrize(
    ("text", "works"),
    [
        ("It works fine on my A100 but not here", True),
        ("It works on my RTX 3090", True),
        ("runs fine on the RTX 3090", True),
        ("RTX 3090 works fine", True),
        ("RTX 3090 上正常", True),
        # Neutral or negated: the GPU named is the one that fails.
        ("I'm running on an RTX 5090", False),
        ("I'm working on an RTX 3090 box", False),
        ("It doesn't work on my RTX 5090", False),
        ("RTX 3090 无法正常运行", False),
        ("RTX 3090 不可以运行", False),
    ],
)
def test_a_gpu_said_to_work_is_told_from_the_failing_one(text: str, works: bool) -> None:
    from envdoctor.compat.gpus import PROSE_GPU, prose_gpu_works

    m = PROSE_GPU.search(text)
    assert m is not None
    assert prose_gpu_works(text, m.start(), m.end()) is works
