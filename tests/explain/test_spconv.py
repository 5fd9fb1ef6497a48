"""spconv/cumm CPU builds asked for the GPU (envdoctor/explain/families/spconv.py)."""

from __future__ import annotations

from envdoctor.explain import explain


def test_spconv2s_generated_ops_in_a_cpu_only_build_are_the_cpu_package() -> None:
    text = (
        "RuntimeError: /io/build/temp.linux-x86_64-cpython-39/spconv/build/core_cc/src/csrc/"
        "sparse/all/ops3d/Point2Voxel/Point2Voxel_point_to_voxel_hash_static.cc(22) not "
        "implemented for CPU ONLY build."
    )
    (result,) = explain(text)
    assert result.code == "spconv-cpu-build"


def test_another_programs_cpu_only_wording_is_not_spconvs() -> None:
    assert not any(
        r.code == "spconv-cpu-build"
        for r in explain("RuntimeError: feature X not implemented for CPU ONLY build.")
    )
