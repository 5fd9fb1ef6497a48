"""The README's promises: the test command CI runs is the one the README shows."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _command_after(marker: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(rf"<!-- {marker} -->\s*```console\n(.+?)\n```", text, re.S)
    assert m, f"README has no {marker} block"
    return m.group(1).strip()


def test_ci_runs_the_readme_test_command() -> None:
    command = _command_after("test-command")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert command in ci.splitlines()


def test_readme_run_command_installs_and_runs_check() -> None:
    command = _command_after("run-command")
    assert "pip install ." in command
    assert command.endswith("envdoctor check")


def test_readme_lists_every_stable_code() -> None:
    from envdoctor.analyse.findings import OK_CODES, PROBLEM_CODES

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [c for c in (*PROBLEM_CODES, *OK_CODES) if f"`{c}`" not in text]
    assert not missing
