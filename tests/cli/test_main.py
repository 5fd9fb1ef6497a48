"""envdoctor/cli/__init__.py main(): what reaches the terminal before a command runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

SECRET = "s3cr3tT0ken"
URL = f"https://alice:{SECRET}@pypi.corp.example.com/simple"

# Command lines Click refuses, each echoing the refused value in its message.
REFUSED = [
    ["check", "--timeout", URL],  # not a number
    ["mirrors", "--tool", URL],  # not one of the choices
    ["install", URL],  # an unexpected argument
    ["--lang", URL, "matrix"],  # refused by the root callback
    ["matrix", "update", "--timeout", URL],  # Typer's range type
]


def _run(argv: list[str]) -> subprocess.CompletedProcess[str]:
    # A narrow terminal: Rich's error panel folds the line, so a URL would be split over
    # two lines, past any filter on the stream; the message must be masked before that.
    env = {**os.environ, "COLUMNS": "40", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(  # noqa: PLW1510 - the return code is asserted
        [sys.executable, "-m", "envdoctor", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


@pytest.mark.parametrize("argv", REFUSED, ids=lambda a: " ".join(a[:2]))
def test_a_refused_value_never_shows_its_password(argv: list[str]) -> None:
    proc = _run(argv)
    assert proc.returncode == 2, proc.stderr
    assert SECRET not in proc.stdout + proc.stderr
    assert "****" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("argv", REFUSED[:2], ids=lambda a: " ".join(a[:2]))
def test_a_refused_value_under_json_is_masked_in_the_document_too(argv: list[str]) -> None:
    proc = _run([*argv, "--json"])
    assert proc.returncode == 2, proc.stderr
    assert SECRET not in proc.stdout + proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["status"] == "error" and "alice:****@" in doc["error"]["message"]


def test_a_cancelled_prompt_is_interrupted(monkeypatch: pytest.MonkeyPatch) -> None:
    import typer

    import envdoctor.cli as cli

    def cancelled(**_kwargs: object) -> None:
        raise typer.Abort

    monkeypatch.setattr(cli, "app", cancelled)
    for argv in (["mirrors"], ["mirrors", "--json"]):
        monkeypatch.setattr("sys.argv", ["envdoctor", *argv])
        with pytest.raises(SystemExit) as exited:
            cli.main()
        assert exited.value.code == 130
