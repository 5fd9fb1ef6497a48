"""render/explain.py: what people and scripts see."""

from __future__ import annotations

import io

from explain.errortext import fixture_text

from envdoctor.explain import explain
from envdoctor.render.console import make_console
from envdoctor.render.explain import ExplainResult, render_explanations
from envdoctor.serde import to_json_data


def _render(text: str, *, local_facts: str = "none") -> str:
    out = io.StringIO()
    render_explanations(make_console(file=out), explain(text), local_facts=local_facts)
    return out.getvalue()


def test_blocks_are_numbered_when_several() -> None:
    text = fixture_text("cuda-out-of-memory__cads") + "\n" + fixture_text("nccl-error__nccl473")
    shown = _render(text)
    assert "1/2 GPU out of memory" in shown
    assert "2/2 NCCL system error" in shown
    assert "  1. " in shown  # fix steps are numbered
    assert "Facts: " in shown
    assert "requested=22.78 GiB" in shown


def test_single_block_has_no_counter_and_shows_match() -> None:
    shown = _render(fixture_text("device-side-assert__qlora"))
    assert "1/1" not in shown
    assert "Recognised: " in shown
    assert "device-side assert triggered" in shown


def test_markup_in_the_input_is_not_interpreted() -> None:
    shown = _render("ImportError: DLL load failed while importing _C: [red]boom[/red]")
    assert "[red]boom[/red]" in shown


def test_unrecognised() -> None:
    shown = _render("nothing to see")
    assert "Not recognised" in shown
    assert "envdoctor check" in shown


def test_payload_lists_are_json_ready() -> None:
    found = explain(fixture_text("gpu-arch-not-in-build__hi3dgen"))
    payload = to_json_data(ExplainResult.of(found, local_facts="none"))
    assert payload["recognised"] is True
    entry = payload["explanations"][0]
    assert entry["facts"]["build_arch_list"][0] == "sm_50"
    assert isinstance(entry["fix"], list)
    assert to_json_data(ExplainResult.of((), local_facts="live")) == {
        "recognised": False,
        "local_facts": "live",
        "explanations": [],
    }


def test_code_errors_say_the_installation_is_fine() -> None:
    shown = _render(fixture_text("device-mismatch__traphic"))
    assert "A bug in the program or its data: the installation is fine." in shown
    env = _render(fixture_text("driver-too-old__yuan"))
    assert "the installation is fine" not in env


def test_payload_carries_kind_and_finding_code() -> None:
    found = explain(fixture_text("driver-too-old__yuan"))
    (entry,) = to_json_data(ExplainResult.of(found, local_facts="none"))["explanations"]
    assert entry["kind"] == "environment"
    assert entry["finding_code"] == "driver-too-old"
    assert entry["contradiction"] is None


def test_past_the_full_blocks_each_further_error_gets_one_line() -> None:
    from envdoctor.render.explain import FULL_BLOCKS

    names = ["cuda-out-of-memory__cads", "nccl-error__nccl473", "device-side-assert__qlora"]
    found = explain("\n".join(fixture_text(n) for n in names))
    many = [found[n % len(found)] for n in range(FULL_BLOCKS + 3)]
    out = io.StringIO()
    render_explanations(make_console(file=out), many, local_facts="none")
    shown = out.getvalue()
    assert shown.count("Cause") == FULL_BLOCKS
    assert "3 more recognised, one line each" in shown
    assert f"{FULL_BLOCKS + 3}/{FULL_BLOCKS + 3} " in shown
