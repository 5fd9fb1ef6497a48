"""What every command shares (envdoctor/cli/_common.py): one way to register, one to emit."""

from __future__ import annotations

import json
import re
from pathlib import Path

import typer
from typer.testing import CliRunner

from envdoctor.cli._common import add_command, add_group, emit
from envdoctor.errors import UsageError
from envdoctor.result import CommandResult, Outcome

CLI = Path(__file__).resolve().parents[2] / "envdoctor" / "cli"


def test_command_modules_register_only_through_add_command() -> None:
    """Typer's own registration and hand-applied error handling stay in _common.py."""
    for path in CLI.glob("*.py"):
        if path.name in {"_common.py", "__init__.py"}:
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\.command\(|\.add_typer\(|typer\.Typer\(", text), path.name
        assert "handles_errors" not in text, path.name
        if "def register(" in text:
            assert "add_command(" in text, path.name


def _app() -> typer.Typer:
    app = typer.Typer()

    def hello(strict: bool = False, json_output: bool = typer.Option(False, "--json")) -> None:
        emit(
            CommandResult("hello", Outcome.WARN, {"greeting": "hi"}, strict=strict),
            json_output=json_output,
            render=lambda: print("hi"),
        )

    def broken(json_output: bool = typer.Option(False, "--json")) -> None:
        raise UsageError("give a name")

    def root() -> None:
        pass

    add_command(app, "hello", help="Say hello.")(hello)
    group = add_group(app, "group", help="A group.", callback=root)
    add_command(group, "broken", help="Always bad input.", error_name="group broken")(broken)
    return app


def test_emit_renders_or_prints_the_document_and_exits_by_the_mapping() -> None:
    runner = CliRunner()
    app = _app()
    plain = runner.invoke(app, ["hello"])
    assert (plain.exit_code, plain.stdout) == (0, "hi\n")
    doc = json.loads(runner.invoke(app, ["hello", "--json"]).stdout)
    assert (doc["status"], doc["exit_code"], doc["greeting"]) == ("warn", 0, "hi")
    strict = runner.invoke(app, ["hello", "--strict", "--json"])
    assert strict.exit_code == 1 and json.loads(strict.stdout)["exit_code"] == 1


def test_a_registered_subcommand_gets_the_error_path() -> None:
    result = CliRunner().invoke(_app(), ["group", "broken", "--json"])
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    assert (doc["command"], doc["schema"], doc["status"]) == (
        "group broken",
        "envdoctor.group.broken/1",
        "error",
    )
    assert doc["error"]["message"] == "give a name"
    assert result.stderr == "envdoctor: error: give a name\n"
