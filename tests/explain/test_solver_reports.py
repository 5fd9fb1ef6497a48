"""uv/pixi, PDM and rattler's solver reports (families/solver_reports.py)."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain import explain

BLIND = Path(__file__).resolve().parents[1] / "fixtures" / "errors_blind131"


def _first(text: str) -> tuple[str, dict[str, object]]:
    (first, *_rest) = explain(text)
    return first.code, first.facts


def test_uv_names_a_package_the_index_does_not_have() -> None:
    # uv's pip_install_scenarios snapshot wording.
    code, facts = _first(
        "  ╰─▶ Because a was not found in the package registry and you require a, we can "
        "conclude that your requirements are unsatisfiable."
    )
    assert (code, facts["package"]) == ("uv-requirements-unsatisfiable", "a")


def test_uv_no_wheel_for_a_package_other_than_torch() -> None:
    code, facts = _first(
        "And because open3d>=0.16.0 has no wheels with a matching platform tag (e.g., "
        "`manylinux_2_17_x86_64`) and you require open3d, we can conclude that your "
        "requirements are unsatisfiable."
    )
    assert (code, facts["package"]) == ("uv-requirements-unsatisfiable", "open3d")


def test_torch_without_a_wheel_stays_the_torch_entry() -> None:
    text = (
        "  ╰─▶ Because only the following versions of torch are available:\n"
        "      torch<=2.5.1\n      torch==2.5.1+cu124\n"
        "and torch>=2.5.1 has no wheels with a matching platform tag, we can conclude that "
        "torch>=2.5.1,<2.5.1+cu124 cannot be used.\nAnd because you require torch>=2.5.1, we "
        "can conclude that your requirements are unsatisfiable.\n"
    )
    assert _first(text)[0] == "pip-no-matching-torch"


def test_two_pins_of_different_packages_are_a_general_conflict() -> None:
    code, facts = _first(
        "Because you require a==1.0 and b==2.0, we can conclude that your requirements are "
        "unsatisfiable."
    )
    assert code == "uv-requirements-unsatisfiable"
    assert "pins" not in facts


def test_pixis_conda_pin_and_pdm_conflict_from_their_docs() -> None:
    text = (BLIND / "env__resolver_pixi1.txt").read_text(encoding="utf-8")
    assert _first(text) == (
        "uv-requirements-unsatisfiable",
        {
            "report": "you require typing-extensions==4.14 and typing-extensions==4.15.0",
            "conda_pin": "typing-extensions==4.15.0",
        },
    )
    code, facts = _first((BLIND / "env__resolver_pdm1.txt").read_text(encoding="utf-8"))
    assert code == "pdm-resolution-conflict"
    assert facts["package"] == "asgiref"
    assert len(facts["requirements"]) == 2  # type: ignore[arg-type]


def test_strict_channel_priority_without_the_package_name() -> None:
    text = (BLIND / "env__conda_pixi4.txt").read_text(encoding="utf-8")
    code, facts = _first(text)
    assert code == "conda-strict-channel-priority"
    assert facts == {"channel": "https://conda.anaconda.org/conda-forge/"}
