"""What a paste's sentences say about the machine: AMD words as words, an integrated Radeon
named with its CPU, and "no NVIDIA GPU" said in the usual ways."""

from __future__ import annotations

from envdoctor.explain import explain

_CPU_BUILD = "AssertionError: Torch not compiled with CUDA enabled"


def _answer(prose: str):  # type: ignore[no-untyped-def]
    found = explain(prose + "\n" + _CPU_BUILD)
    assert [e.code for e in found] == ["torch-not-compiled-with-cuda"]
    return found[0]


def test_amd_words_count_only_as_words() -> None:
    e = _answer("I checked with procmon and nothing else loads.")
    assert "gpu_vendor" not in e.facts and "AMD" not in e.cause


def test_a_ryzens_radeon_graphics_is_no_amd_gpu() -> None:
    e = _answer("CPU: AMD Ryzen 7 5800H with Radeon Graphics")
    assert "gpu_vendor" not in e.facts and "AMD GPU" not in e.cause


def test_a_named_amd_gpu_still_counts() -> None:
    for prose in ("GPU: AMD Radeon RX 6800", "I have ROCm 5.7 installed"):
        assert _answer(prose).facts.get("gpu_vendor") == "AMD"


def test_no_nvidia_gpu_said_in_other_words() -> None:
    for prose in (
        "My laptop has no GPU in it.",
        "I don't have a nvidia gpu.",
        "I don't have any NVIDIA card.",
    ):
        e = _answer(prose)
        assert "no NVIDIA GPU" in e.cause, prose
        assert all("pip install" not in step for step in e.fix)


def test_a_radeon_card_after_with_is_still_an_amd_gpu() -> None:
    e = _answer("I have a desktop with Radeon RX 6800 and Windows 11.")
    assert e.facts.get("gpu_vendor") == "AMD"


def test_a_ryzens_numbered_radeon_graphics_beside_a_geforce_is_no_amd_gpu() -> None:
    text = (
        "Processor: AMD Ryzen 9 7940HS w/ Radeon 780M Graphics\nGraphics: NVIDIA GeForce RTX "
        "4070 Laptop GPU\nRuntimeError: Found no NVIDIA driver on your system."
    )
    (result,) = explain(text)
    assert "gpu_vendor" not in result.facts
