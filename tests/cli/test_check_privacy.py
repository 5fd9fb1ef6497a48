"""`check --save` / `--markdown` / `--from`: whose names appear, and whose never do."""

from __future__ import annotations

import getpass
import json
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from envdoctor.cli import app
from envdoctor.collect.from_file import save_snapshot
from envdoctor.collect.system import read_system
from envdoctor.redact import SHARED_ENVIRONMENT
from envdoctor.snapshot import Snapshot

REAL_SNAPSHOT = (
    Path(__file__).parents[1] / "fixtures" / "snapshots" / "debian12-docker-cpu-torch2.13.json"
)
THEM = ("bobby", "boxb-gpu-07", "/home/bobby")


@pytest.fixture
def this_machine(monkeypatch: pytest.MonkeyPatch, isolated_env: Path) -> tuple[str, ...]:
    """This machine is carol@desk-carol-01 with home isolated_env."""
    monkeypatch.setattr(getpass, "getuser", lambda: "carol")
    monkeypatch.setattr(socket, "gethostname", lambda: "desk-carol-01")
    return ("carol", "desk-carol-01", str(isolated_env))


@pytest.fixture
def their_snapshot(tmp_path: Path) -> Path:
    """Another machine's snapshot: bobby@boxb-gpu-07, home /home/bobby."""
    data = json.loads(REAL_SNAPSHOT.read_text())
    data["system"].update(hostname="boxb-gpu-07", user="bobby", home="/home/bobby")
    data["python"]["executable"] = "/home/bobby/work/.venv/bin/python"
    data["python"]["env_prefix"] = "/home/bobby/work/.venv"
    data["torch"]["file"] = "/home/bobby/work/.venv/lib/python3.11/site-packages/torch/__init__.py"
    data["environment"] = {
        "CUDA_VISIBLE_DEVICES": "0",
        "LD_LIBRARY_PATH": "/home/bobby/cuda/lib64",
        "VIRTUAL_ENV": "/home/bobby/work/.venv",
        "PYTORCH_CUDA_ALLOC_CONF": "expandable_segments:True",
    }
    data["torch"]["error"] = "seen on boxb-gpu-07 by bobby"
    path = tmp_path / "theirs.json"
    path.write_text(json.dumps(data))
    return path


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, ["check", *args])


def test_from_markdown_uses_the_snapshots_identity(
    this_machine: tuple[str, ...], their_snapshot: Path
) -> None:
    md = run("--from", str(their_snapshot), "--markdown").stdout
    for name in (*THEM, *this_machine):
        assert name not in md, name
    assert "~/work/.venv/bin/python" in md and "<host>" in md and "<user>" in md


def test_from_json_and_human_never_introduce_this_machine(
    this_machine: tuple[str, ...], their_snapshot: Path
) -> None:
    for args in (["--json"], ["-v"], []):
        out = run("--from", str(their_snapshot), *args).output
        for name in this_machine:
            assert name not in out, (args, name)
    doc = json.loads(run("--from", str(their_snapshot), "--json").stdout)
    assert doc["snapshot"]["system"]["hostname"] == "boxb-gpu-07"  # their facts, as they are


def test_save_redacts_by_default_and_keeps_with_no_redact(
    this_machine: tuple[str, ...], their_snapshot: Path, tmp_path: Path
) -> None:
    shared, kept = tmp_path / "shared.json", tmp_path / "kept.json"
    assert run("--from", str(their_snapshot), "--save", str(shared)).exit_code == 0
    assert run("--from", str(their_snapshot), "--save", str(kept), "--no-redact").exit_code == 0
    text = shared.read_text()
    for name in (*THEM, *this_machine):
        assert name not in text, name
    data = json.loads(text)
    assert data["system"]["user"] == "<user>" and data["system"]["hostname"] == "<host>"
    assert data["system"]["home"] == "~"
    assert data["python"]["executable"] == "~/work/.venv/bin/python"
    assert data["environment"] == {"CUDA_VISIBLE_DEVICES": "0", "LD_LIBRARY_PATH": "~/cuda/lib64"}
    assert set(data["environment"]) <= set(SHARED_ENVIRONMENT)
    Snapshot.from_dict(data)
    full = json.loads(kept.read_text())
    assert full["system"]["user"] == "bobby" and full["system"]["hostname"] == "boxb-gpu-07"
    assert full["environment"]["VIRTUAL_ENV"] == "/home/bobby/work/.venv"


def test_no_redact_needs_save() -> None:
    result = run("--from", str(REAL_SNAPSHOT), "--no-redact")
    assert result.exit_code == 2
    assert "--no-redact" in result.output


def test_a_live_snapshot_records_and_saves_without_this_machines_names(
    this_machine: tuple[str, ...], tmp_path: Path
) -> None:
    system = read_system()
    assert (system.user, system.hostname, system.home) == this_machine
    home = this_machine[2]
    snap = Snapshot(
        system=system,
        environment={"LD_LIBRARY_PATH": f"{home}/lib", "CUDA_VISIBLE_DEVICES": "1"},
    )
    out = tmp_path / "live.json"
    save_snapshot(snap, str(out))
    text = out.read_text()
    for name in this_machine:
        assert name not in text, name
    assert json.loads(text)["environment"]["LD_LIBRARY_PATH"] == "~/lib"
