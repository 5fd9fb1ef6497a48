"""Triton building its launchers at run time (explain.families.triton_runtime)."""

from __future__ import annotations

from explain.errortext import fixture_text

from envdoctor.explain import explain


def test_linux_gets_a_compiler_and_pythons_headers() -> None:
    (result,) = explain(fixture_text("triton-c-compiler-missing__nnunet2268"))
    assert "apt-get install -y gcc" in result.fix[0]
    assert "python3-dev" in result.fix[1]
    assert "GPU, the driver and torch are fine" in result.cause


def test_a_windows_path_gets_the_triton_windows_fork() -> None:
    (result,) = explain(fixture_text("triton-c-compiler-missing__sageattention7"))
    assert result.facts == {"windows": True}
    assert "triton-windows" in result.fix[0]
    assert not any("apt-get" in step for step in result.fix)
