"""pip (or uv) refused or killed before installing: PEP 668's externally managed Python."""

from __future__ import annotations

from pathlib import Path

import pytest

from envdoctor.explain import explain


@pytest.mark.parametrize(
    "text",
    [
        "error: The interpreter at /usr is externally managed, and indicates the following:\n\n"
        "  To install Python packages system-wide, try apt install\n",
        "error: The interpreter at /usr/local is externally managed and cannot be modified.",
    ],
)
def test_uvs_externally_managed_refusal_gets_uvs_own_venv(text: str) -> None:
    (result,) = explain(text)
    assert result.code == "pip-externally-managed"
    assert "uv venv" in result.fix[0]


def test_a_readme_sentence_about_the_error_is_not_a_report() -> None:
    text = (
        "If pip fails with error: externally-managed-environment on Ubuntu 24.04, create a "
        "venv first"
    )
    assert explain(text) == ()


def test_no_module_named_pip_under_a_launchers_torch_install_is_its_own_cause() -> None:
    # AUTOMATIC1111/stable-diffusion-webui#11714: the venv's python3 has no pip.
    path = (
        Path(__file__).resolve().parents[1] / "fixtures/errors_blind84/env__nopip_a1111_11714.txt"
    )
    found = explain(path.read_text(encoding="utf-8"))
    assert [e.code for e in found] == ["pip-module-missing"]
    assert "ensurepip" in found[0].fix[0]


def test_a_module_named_like_pip_is_not_pip() -> None:
    codes = [r.code for r in explain("/usr/bin/python3: No module named pipeline")]
    assert "pip-module-missing" not in codes


def test_the_distributions_own_externally_managed_text_alone() -> None:
    # Debian's EXTERNALLY-MANAGED Error= text, as the packaging spec quotes it, without
    # pip's "error: externally-managed-environment" above it.
    path = Path(__file__).resolve().parent.parent / "fixtures" / "errors_blind131"
    (result,) = explain((path / "env__pip_pyguide2.txt").read_text(encoding="utf-8"))
    assert result.code == "pip-externally-managed"
    assert any("python3-<name>" in step and "pipx install" in step for step in result.fix)


def test_pip_before_21_3_refusing_an_editable_pyproject_project_says_upgrade_pip() -> None:
    # nerfstudio's installation FAQ: `pip install -e .` with an old pip.
    path = Path(__file__).resolve().parents[1] / "fixtures/errors_blind129/env__pip_nerfstudio4.txt"
    (result,) = explain(path.read_text(encoding="utf-8"))
    assert result.code == "pip-too-old-for-editable-pyproject"
    assert "python -m pip install --upgrade pip" in result.fix[0]
