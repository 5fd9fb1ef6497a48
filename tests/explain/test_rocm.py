"""AMD GPUs under ROCm (explain.families.rocm)."""

from __future__ import annotations

from envdoctor.explain import explain


def test_hip_invalid_device_function_is_a_gfx_target_not_a_cuda_table_error() -> None:
    (result,) = explain("RuntimeError: HIP error: invalid device function")
    assert result.code == "rocm-gfx-not-in-build"
    assert "rocminfo" in result.fix[0]
    assert "10.3.0" in result.fix[1] and "11.0.0" in result.fix[1]


def test_a_named_gfx_target_gets_its_familys_override() -> None:
    text = "Name: gfx1031\nRuntimeError: HIP error: invalid device function"
    (result,) = explain(text)
    assert result.facts["gfx_target"] == "gfx1031"
    assert "HSA_OVERRIDE_GFX_VERSION=10.3.0" in result.fix[1]
    rdna3 = explain("gcnArchName='gfx1103'\nHIP error: invalid device function")
    assert "HSA_OVERRIDE_GFX_VERSION=11.0.0" in rdna3[0].fix[1]


def test_the_gpus_own_target_is_read_not_a_build_list_and_no_override_for_itself() -> None:
    text = (
        "['gfx1030', 'gfx1100']\nRuntimeError: HIP error: invalid device function\n"
        "$ rocminfo | grep gfx\n  Name:                    gfx1201"
    )
    (result,) = explain(text)
    assert result.facts["gfx_target"] == "gfx1201"
    assert not any("HSA_OVERRIDE_GFX_VERSION" in step for step in result.fix)
    (own,) = explain("Name: gfx1100\nHIP error: invalid device function")
    assert not any("HSA_OVERRIDE_GFX_VERSION=" in step for step in own.fix)
    assert "made without it" in own.fix[1]
