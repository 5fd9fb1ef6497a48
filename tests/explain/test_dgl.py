"""DGL's own messages (explain.families.dgl)."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain import explain

BLIND = Path(__file__).resolve().parent.parent / "fixtures" / "errors_blind112"


def test_a_missing_tensor_adapter_is_an_optional_part_for_this_torch() -> None:
    (result,) = explain((BLIND / "env__libso_dgl3377.txt").read_text())
    assert result.code == "dgl-tensoradapter-missing"
    assert result.facts == {"torch": "1.9.1"}
    assert "optional" in result.cause
    assert "ignored" in result.fix[0]


def test_an_adapter_built_for_another_torch_names_the_torch_library() -> None:
    # HannesStark/EquiBind#12.
    (result,) = explain(
        "/opt/dgl/src/runtime/tensordispatch.cc:43: TensorDispatcher: dlopen failed: "
        "libtorch_cuda.so: cannot open shared object file: No such file or directory"
    )
    assert result.code == "dgl-tensoradapter-missing"
    assert "libtorch_cuda.so" in result.cause
