"""LLM servers and trainers: Unsloth's CUDA link check."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain import explain

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_unsloth_cuda_not_linked() -> None:
    # unslothai/unsloth#221
    text = (FIXTURES / "errors_blind35/env__unsloth_unsloth221.txt").read_text(encoding="utf-8")
    found = explain(text)
    assert [e.code for e in found] == ["unsloth-cuda-not-linked"]
    assert any("ldconfig" in step for step in found[0].fix)


def test_current_warning_wording() -> None:
    # unsloth/__init__.py's warning (the same check, printed instead of raised).
    text = (
        "UserWarning: Unsloth: CUDA is not linked properly.\nTry running `python -m "
        "bitsandbytes` then `python -m xformers.info`\nWe tried running `ldconfig "
        "/usr/lib64-nvidia` ourselves, but it didn't work."
    )
    assert [e.code for e in explain(text)] == ["unsloth-cuda-not-linked"]
