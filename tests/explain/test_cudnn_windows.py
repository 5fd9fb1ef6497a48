"""cuDNN 8 and zlibwapi.dll on Windows (explain.families.cudnn_windows)."""

from __future__ import annotations

from envdoctor.explain import explain


def test_error_193_is_a_copy_of_the_other_architecture() -> None:
    # errors_blind93 (KataGo#828): a 32-bit zlibwapi.dll found first.
    (result,) = explain(
        "Could not load library zlibwapi.dll. Error code 193. Please verify that the library "
        "is built correctly for your processor architecture (32-bit, 64-bit)"
    )
    assert result.facts == {"library": "zlibwapi.dll", "error_code": 193}
    assert "32-bit copy" in result.cause


def test_a_missing_zlibwapi_is_cudnn_8s_own_install_step() -> None:
    (result,) = explain(
        "Could not locate zlibwapi.dll. Please make sure it is in your library path!"
    )
    assert "Installing Zlib" not in result.cause  # no quote of a heading, the step itself
    assert "CUDA toolkit's bin folder" in result.fix[0]
