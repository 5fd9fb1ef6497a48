"""macOS refusing an unverified downloaded program (explain.families.macos_security)."""

from __future__ import annotations

from pathlib import Path

from envdoctor.explain import explain

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_developer_cannot_be_verified() -> None:
    # errors_blind136 (llamafile's README): the message as the README retells it.
    text = (FIXTURES / "errors_blind136/env__macos_llamafile1.txt").read_text(encoding="utf-8")
    (result,) = explain(text)
    assert result.code == "macos-developer-not-verified"
    assert "Privacy & Security" in result.fix[0]


def test_the_program_named_in_curly_quotes() -> None:
    text = "“llamafile” cannot be opened because the developer cannot be verified."
    (result,) = explain(text)
    assert result.facts["program"] == "llamafile"
    assert "llamafile" in result.cause


def test_a_file_that_cannot_be_opened_is_not_this() -> None:
    assert not explain("IOError: file cannot be opened because it does not exist")


def test_the_narrow_step_comes_first_and_disabling_the_check_last() -> None:
    (result,) = explain("“llamafile” cannot be opened because the developer cannot be verified.")
    assert "right-click" in result.fix[0]
    assert "Open Anyway" in result.fix[0]
    assert "spctl" not in result.fix[0]
    assert "--master-enable" in result.fix[-1]
    assert "re-enable it right after" in result.fix[-1]
