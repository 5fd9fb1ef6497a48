"""pip finding no <package>-cuXXX: a CUDA variant the project never published."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain import explain

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_a_cuda_variant_asked_for_by_another_package() -> None:
    # traveller59/spconv#341: spconv 2 has no CUDA 10.0 builds, so no cumm-cu100.
    text = (FIXTURES / "errors_blind35/env__pip_spconv341.txt").read_text(encoding="utf-8")
    (result,) = explain(text)
    assert result.code == "pip-cuda-variant-not-published"
    assert result.facts["cuda"] == "10.0"
    assert result.facts["required_by"] == "spconv-cu100"


def test_torch_itself_stays_with_the_torch_entry() -> None:
    text = "ERROR: No matching distribution found for torch==2.0.1+cu118"
    assert next(r.code for r in explain(text)) == "pip-no-matching-torch"


def test_cupy_style_names() -> None:
    (result,) = explain("ERROR: No matching distribution found for cupy-cuda12x")
    assert result.code == "pip-cuda-variant-not-published"
    assert result.facts["cuda"] == "12"


def test_torchs_own_cuda_dependencies_are_not_a_variant_to_pick() -> None:
    results = explain(
        "ERROR: Could not find a version that satisfies the requirement "
        "nvidia-cublas-cu12==12.1.3.1 (from torch) (from versions: none)"
    )
    assert "pip-cuda-variant-not-published" not in [r.code for r in results]
