"""JAX wordings: no GPU backend, and pip's missing CUDA extra."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain import explain

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _blind(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_jax_no_gpu_tpu_found() -> None:
    # google-research/maxim#42: a CPU-only jaxlib (native Windows).
    found = explain(_blind("errors_blind33/env__notcompiled_maxim1.txt"))
    assert [e.code for e in found] == ["jax-cuda-backend-failed"]
    assert "CPU-only" in found[0].cause and "WSL2" in found[0].cause


def test_pip_jax_without_the_cuda_extra() -> None:
    # jax-ml/jax#17634: the extra did not exist in the release pip fell back to.
    found = explain(_blind("errors_blind33/env__notcompiled_jax3.txt"))
    assert [e.code for e in found] == ["jax-cuda-backend-failed", "jax-cuda-backend-failed"]
    extra = next(e for e in found if "extra" in e.facts)
    assert extra.facts == {"package": "jax", "version": "0.4.6", "extra": "cuda12_pip"}


def test_windows_paste_leads_with_wsl2() -> None:
    text = (
        "C:\\Users\\me\\venv\\lib\\site-packages\\jax\\_src\\xla_bridge.py:630: UserWarning: "
        "No GPU/TPU found, falling back to CPU. (Set TF_CPP_MIN_LOG_LEVEL=0 and rerun for more "
        "info.)"
    )
    found = explain(text)
    assert "WSL2" in found[0].fix[0]
