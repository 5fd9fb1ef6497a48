"""OpenMMLab packages of versions that do not go together (explain.families.openmmlab)."""

from __future__ import annotations

from envdoctor.explain import explain


def test_a_layer_of_mmcv_registered_again_is_mixed_openmmlab_versions() -> None:
    # errors_blind126 (mmdet3d's FAQ).
    with open("tests/fixtures/errors_blind126/env__version_mmdet3d1.txt", encoding="utf-8") as f:
        (result,) = explain(f.read())
    assert result.code == "mmcv-version-incompatible"
    assert result.facts == {"layer": "ConvWS", "registry": "conv layer"}
    # mmengine's wording names where the first registration lives.
    text = (
        "KeyError: 'SubMConv3d is already registered in conv layer'\n"
        "KeyError: 'SparseConv3d is already registered in model at mmcv.ops.sparse_conv'"
    )
    assert {r.facts["layer"] for r in explain(text)} == {"SubMConv3d", "SparseConv3d"}
    # A program's own module registered twice is its own bug, not the installation's.
    assert explain("KeyError: 'MyHead is already registered in head'") == ()
    assert explain("KeyError: 'ResNet is already registered in model at mmdet.models'") == ()
