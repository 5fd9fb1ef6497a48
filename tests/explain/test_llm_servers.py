"""LLM servers and trainers: Unsloth's CUDA link check."""

from __future__ import annotations

from pathlib import Path

from explain.errortext import fixture_text

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


def test_server_port_in_use() -> None:
    # TorchServe's Troubleshooting.md: 8080/8081 already used by another program.
    text = (FIXTURES / "errors_blind132/env__port_serve1.txt").read_text(encoding="utf-8")
    (result,) = explain(text)
    assert (result.code, result.facts["port"], result.kind) == (
        "server-port-in-use",
        8080,
        "runtime",
    )
    assert "config.properties" in result.fix[1]
    # asyncio's create_server (uvicorn-based servers); the rendezvous store keeps its own.
    (asgi,) = explain(
        "OSError: [Errno 98] error while attempting to bind on address ('0.0.0.0', 8000): "
        "address already in use"
    )
    assert (asgi.code, asgi.facts["port"]) == ("server-port-in-use", 8000)
    (store,) = explain("RuntimeError: Address already in use")
    assert store.code == "distributed-port-in-use"


def test_lmdeploys_fallback_is_turbomind_not_importable_not_the_models_support() -> None:
    (result,) = explain(fixture_text("lmdeploy-turbomind-unavailable__archs"))
    assert result.code == "lmdeploy-turbomind-unavailable"
    assert "supported_models import is_supported" in result.fix[0]
    # The other fallback (the model is not supported by TurboMind) is a notice, no error.
    assert not explain(
        "Fallback to pytorch engine because 'Qwen/X' not supported by turbomind engine."
    )
