"""torch missing inside pip's isolated build when the traceback is cut (blind round 33)."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain import explain

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_a_cut_build_traceback_retold_in_the_title() -> None:
    # imoneoi/openchat#8: flash-attn's setup.py in pip's isolated build env.
    text = (FIXTURES / "errors_blind33/env__nomodule_openchat1.txt").read_text(encoding="utf-8")
    (result,) = explain(text)
    assert result.code == "torch-not-found"
    assert result.facts == {"isolated_build": True, "package": "flash-attn"}
    assert any("--no-build-isolation flash-attn" in step for step in result.fix)


def test_a_torch_too_old_for_the_code_gets_the_older_driver_and_python_commands() -> None:
    (result,) = explain("AttributeError: module 'torch' has no attribute 'compile'")
    # The newest build first, then what runs on an older driver and an older Python.
    assert any("with an older driver use" in step for step in result.fix)
    assert any("needs Python" in step for step in result.fix)
