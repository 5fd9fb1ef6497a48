"""Setting up WSL itself (explain.families.wsl_setup), per Microsoft's WSL troubleshooting."""

from __future__ import annotations

from pathlib import Path

import pytest

from envdoctor.explain import explain

_BLIND131 = Path("tests/fixtures/errors_blind131")


@pytest.mark.parametrize(
    ("name", "fact", "step"),
    [
        ("env__wslfeature_wsl2.txt", {"error_code": "0x8007019e"}, "Enable-WindowsOptionalFeature"),
        ("env__wslfeature_wsl3.txt", {"option": "--set-version"}, "wsl --update"),
        ("env__wslinstall_wsl1.txt", {"error_code": "0x80070003"}, "Where new content is saved"),
        ("env__vdisk_wsl4.txt", {}, "LocalState"),
    ],
)
def test_wsl_set_up_errors_get_the_reading_of_their_code(
    name: str, fact: dict[str, str], step: str
) -> None:
    (result,) = explain((_BLIND131 / name).read_text(encoding="utf-8"))
    assert result.code == "wsl-setup-failed"
    assert result.kind == "environment"
    assert result.facts == fact
    assert step in result.fix[0]


def test_other_programs_words_are_not_wsl() -> None:
    # Another program's unknown option, and the HRESULT 0x80070003 outside WSL's sentence.
    assert explain("Invalid command line option: --foo") == ()
    assert explain("Windows Update failed with error 0x80070003") == ()
    (result,) = explain("WslRegisterDistribution failed with error: 0x80370102")
    assert "virtualization" in result.fix[0]


@pytest.mark.parametrize(
    "text",
    [
        "mytool: Invalid command line option: --list",
        "Error: Invalid command line option: --install-dir",
    ],
)
def test_an_unknown_option_without_wsl_near_is_not_wsl(text: str) -> None:
    assert "wsl-setup-failed" not in [r.code for r in explain(text)]


def test_wsl_rejecting_update_points_to_the_store() -> None:
    (result,) = explain("PS C:\\> wsl --update\nInvalid command line option: --update")
    assert result.code == "wsl-setup-failed"
    assert "Microsoft Store" in result.fix[0]
    assert "wsl --update" not in result.fix[0]
    (listed,) = explain("PS C:\\> wsl --list --verbose\nInvalid command line option: --list")
    assert listed.facts == {"option": "--list"}
