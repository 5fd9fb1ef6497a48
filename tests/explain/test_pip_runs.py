"""pip (or uv) refused or killed before installing: PEP 668's externally managed Python."""

from __future__ import annotations

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
