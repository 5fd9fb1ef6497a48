"""spconv / cumm built without CUDA."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain import explain

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_tensorview_not_compiled_with_cuda() -> None:
    # traveller59/spconv#423: the CPU cumm next to spconv-cu114.
    text = (FIXTURES / "errors_blind35/env__notcompiled_spconv423.txt").read_text(encoding="utf-8")
    found = explain(text)
    assert [e.code for e in found] == ["spconv-cpu-build"]
    assert any("spconv-cuXXX" in step for step in found[0].fix)
