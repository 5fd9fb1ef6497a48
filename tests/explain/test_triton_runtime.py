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


def test_windows_reinstalls_triton_windows_before_any_compiler() -> None:
    # triton-windows' README: "Since triton-windows 3.2.0.post13, TinyCC is bundled in the
    # Triton wheels, so you don't need to manually install a C compiler".
    (result,) = explain(fixture_text("triton-c-compiler-missing__sageattention7"))
    assert "3.2.0.post13" in result.cause and "TinyCC" in result.cause
    assert "--force-reinstall" in result.fix[0] and "triton-windows<" in result.fix[0]
    assert "cl.exe" not in result.fix[0] and "cl.exe" in result.fix[1]
