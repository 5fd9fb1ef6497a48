"""`envdoctor check` end to end through the CLI: exit codes, output contracts, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from factories import make_snapshot
from typer.testing import CliRunner

from envdoctor.cli import app
from envdoctor.snapshot import DriverState, TorchState

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
REAL_SNAPSHOT = FIXTURES / "snapshots" / "debian12-docker-cpu-torch2.13.json"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def write_snapshot(tmp_path: Path, **facts: object) -> Path:
    path = tmp_path / "snap.json"
    path.write_text(json.dumps(make_snapshot(**facts).to_dict()))  # type: ignore[arg-type]
    return path


def test_healthy_snapshot_exits_0(runner: CliRunner, tmp_path: Path) -> None:
    snap = write_snapshot(tmp_path, gpus=(("NVIDIA H100 80GB HBM3", "9.0"),))
    result = runner.invoke(app, ["check", "--from", str(snap)])
    assert result.exit_code == 0, result.output
    assert "No problems found" in result.stdout


def test_problem_exits_1_and_says_the_fix(runner: CliRunner, tmp_path: Path) -> None:
    snap = write_snapshot(
        tmp_path,
        gpus=(("NVIDIA GeForce RTX 3060", "8.6"),),
        driver="535.104.05",
        driver_cuda="12.2",
        torch="2.13.0+cpu",
        torch_cuda=None,
        available=False,
    )
    result = runner.invoke(app, ["check", "--from", str(snap)])
    assert result.exit_code == 1
    assert "torch-cpu-only" in result.stdout
    assert (
        "--force-reinstall torch==2.14.1+cu126 --index-url https://download.pytorch.org/whl/cu126"
        in result.stdout
    )


def test_warning_exits_0_unless_strict(runner: CliRunner, tmp_path: Path) -> None:
    snap = write_snapshot(
        tmp_path, driver="535.104.05", driver_cuda="12.2", torch="2.8.0+cu126", torch_cuda="12.6"
    )
    assert runner.invoke(app, ["check", "--from", str(snap)]).exit_code == 0
    assert runner.invoke(app, ["check", "--from", str(snap), "--strict"]).exit_code == 1


def test_json_contract(runner: CliRunner, tmp_path: Path) -> None:
    snap = write_snapshot(
        tmp_path,
        driver="535.104.05",
        driver_cuda="12.2",
        torch="2.11.0",
        torch_cuda="13.0",
        available=False,
    )
    result = runner.invoke(app, ["check", "--from", str(snap), "--json"])
    assert result.exit_code == 1
    doc = json.loads(result.stdout)  # stdout is exactly one JSON document
    assert {
        "schema",
        "envdoctor_version",
        "command",
        "status",
        "exit_code",
        "findings",
        "snapshot",
        "advice",
    } <= set(doc)
    assert doc["schema"] == "envdoctor.check/1"
    assert doc["status"] == "fail" and doc["exit_code"] == 1
    too_old = next(f for f in doc["findings"] if f["code"] == "driver-too-old")
    assert set(too_old) >= {"code", "status", "title", "detail", "fix"}
    assert too_old["status"] == "fail"
    assert too_old["sources"], "every rule cites its source"
    assert doc["snapshot"]["schema"] == "envdoctor.snapshot/1"


def test_markdown_is_redacted(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", "--from", str(REAL_SNAPSHOT), "--markdown"])
    assert result.exit_code == 0, result.output
    md = result.stdout
    assert md.startswith("## envdoctor report")
    assert "/home/dev" not in md and "ci-box" not in md
    assert "/home/<user>" in md


def test_save_then_from_round_trip(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "saved.json"
    first = runner.invoke(
        app, ["check", "--from", str(REAL_SNAPSHOT), "--save", str(out), "--no-redact", "--json"]
    )
    second = runner.invoke(app, ["check", "--from", str(out), "--json"])
    assert json.loads(first.stdout)["findings"] == json.loads(second.stdout)["findings"]


def test_redacted_save_keeps_the_diagnosis(runner: CliRunner, tmp_path: Path) -> None:
    """The default (redacted) file gives the same findings: only names in paths change."""
    out = tmp_path / "saved.json"
    first = runner.invoke(
        app, ["check", "--from", str(REAL_SNAPSHOT), "--save", str(out), "--json"]
    )
    second = runner.invoke(app, ["check", "--from", str(out), "--json"])

    def verdicts(stdout: str) -> list[tuple[str, str]]:
        return [(f["code"], f["status"]) for f in json.loads(stdout)["findings"]]

    assert verdicts(first.stdout) == verdicts(second.stdout)
    saved = out.read_text()
    assert "/home/dev" not in saved and "ci-box" not in saved


def test_collect_env_report(runner: CliRunner) -> None:
    report = FIXTURES / "collect_env" / "pt150733_rtx5090d_torch2.6_cu126_truncated.txt"
    result = runner.invoke(app, ["check", "--from", str(report), "--json"])
    assert result.exit_code == 1
    codes = {f["code"] for f in json.loads(result.stdout)["findings"] if f["status"] == "fail"}
    assert "gpu-arch-unsupported" in codes


def test_from_stdin(runner: CliRunner) -> None:
    result = runner.invoke(app, ["check", "--from", "-", "--json"], input=REAL_SNAPSHOT.read_text())
    assert result.exit_code == 0
    assert json.loads(result.stdout)["command"] == "check"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"", "empty"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00binary", "binary"),
        (b'{"schema": "envdoctor.snapshot/1", "origin": "li', "not valid JSON"),
        (b'{"schema": "envdoctor.snapshot/99"}', "newer than this envdoctor"),
        (b'{"schema": "something-else/1"}', "not a valid envdoctor snapshot"),
        (b'{"schema": "envdoctor.snapshot/1", "gpus": "three"}', "gpus"),
        (b"hello, this is not a report\n", "collect_env"),
    ],
    ids=[
        "missing",
        "empty",
        "binary",
        "truncated-json",
        "future-schema",
        "foreign-json",
        "bad-field",
        "random-text",
    ],
)
def test_bad_from_file(
    runner: CliRunner, tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "input"
    if content is not None:
        path.write_bytes(content)
    result = runner.invoke(app, ["check", "--from", str(path)])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("envdoctor: error:"), result.stderr
    assert message in lines[0]
    assert "Traceback" not in result.output


def test_error_with_json_prints_an_error_envelope(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", "--from", str(tmp_path / "missing.json"), "--json"])
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    assert doc["status"] == "error" and doc["exit_code"] == 2
    assert "no such file" in doc["error"]["message"]


def test_corrupt_matrix_exits_3(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "compat_matrix.json"
    bad.write_text('{"schema": "envdoctor.compat-matrix/1", "sources": {}}')
    monkeypatch.setenv("ENVDOCTOR_MATRIX", str(bad))
    result = runner.invoke(app, ["check", "--from", str(REAL_SNAPSHOT)])
    assert result.exit_code == 3
    assert str(bad) in result.stderr and "invalid" in result.stderr
    assert "Traceback" not in result.output


def test_python_that_does_not_exist(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", "--python", str(tmp_path / "nope"), "--json"])
    assert result.exit_code == 2
    assert "--python" in result.stderr


def test_conflicting_options(runner: CliRunner) -> None:
    result = runner.invoke(app, ["check", "--json", "--markdown", "--from", str(REAL_SNAPSHOT)])
    assert result.exit_code == 2


def test_live_check_on_this_machine(runner: CliRunner) -> None:
    """The real pipeline against the real CPU torch in the test interpreter."""
    result = runner.invoke(app, ["check", "--python", sys.executable, "--json"])
    doc = json.loads(result.stdout)
    assert result.exit_code == doc["exit_code"]
    import torch

    assert doc["snapshot"]["torch"]["version"] == torch.__version__
    assert doc["snapshot"]["python"]["how_chosen"] == "--python"
    probes = {p["name"] for p in doc["snapshot"]["probes"]}
    assert {"torch", "nvml", "system"} <= probes


def test_verbose_shows_facts(runner: CliRunner) -> None:
    result = runner.invoke(app, ["check", "--from", str(REAL_SNAPSHOT), "-v"])
    assert "torch.version" in result.stdout
    assert "driver.state" in result.stdout


def test_no_color_means_no_escape_codes(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["check", "--from", str(REAL_SNAPSHOT)], env={"NO_COLOR": "1", "FORCE_COLOR": None}
    )
    assert "\x1b[" not in result.stdout


@pytest.mark.slow
def test_python_m_envdoctor_inspects_its_own_interpreter(tmp_path: Path) -> None:
    env = dict(os.environ)
    proc = subprocess.run(
        [sys.executable, "-m", "envdoctor", "check", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )
    doc = json.loads(proc.stdout)
    assert proc.returncode == doc["exit_code"]
    assert doc["snapshot"]["python"]["how_chosen"] == "python -m envdoctor"
    assert doc["snapshot"]["python"]["executable"] == sys.executable or os.path.samefile(
        doc["snapshot"]["python"]["executable"], sys.executable
    )


def test_help_does_not_import_torch() -> None:
    code = (
        "import sys\n"
        "from envdoctor.cli import app\n"
        "try:\n    app(['--help'], prog_name='envdoctor')\nexcept SystemExit:\n    pass\n"
        "try:\n    app(['check', '--help'], prog_name='envdoctor')\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('torch', 'pynvml', 'requests', 'numpy') if m in sys.modules]\n"
        "print('HEAVY:' + ','.join(heavy))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY:\n" in proc.stdout or proc.stdout.strip().endswith("HEAVY:"), proc.stdout


def test_entry_point_runs() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "envdoctor", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0
    assert proc.stdout.startswith("envdoctor ")


def test_unknown_mirror_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["check", "--from", str(REAL_SNAPSHOT), "--mirror", "no-such-mirror"]
    )
    assert result.exit_code == 2
    dead = runner.invoke(app, ["check", "--from", str(REAL_SNAPSHOT), "--mirror", "douban"])
    assert dead.exit_code == 2
    assert "envdoctor: error:" in dead.stderr


def test_mirror_changes_the_install_command(runner: CliRunner, tmp_path: Path) -> None:
    snap = write_snapshot(
        tmp_path,
        gpus=(("NVIDIA GeForce RTX 3060", "8.6"),),
        driver="535.104.05",
        driver_cuda="12.2",
        torch="2.13.0+cpu",
        torch_cuda=None,
        available=False,
    )
    doc = json.loads(
        runner.invoke(app, ["check", "--from", str(snap), "--mirror", "sjtu", "--json"]).stdout
    )
    fix = next(f["fix"] for f in doc["findings"] if f["code"] == "torch-cpu-only")
    assert "download.pytorch.org" not in fix.splitlines()[0]
    assert "sjtu" in fix.splitlines()[0]
    tuna = json.loads(
        runner.invoke(app, ["check", "--from", str(snap), "--mirror", "tuna", "--json"]).stdout
    )
    fix = next(f["fix"] for f in tuna["findings"] if f["code"] == "torch-cpu-only")
    # TUNA has no PyTorch wheel index: the official one is used and the user is told so.
    assert "https://download.pytorch.org/whl/cu126" in fix


def test_driver_state_fixture_sanity() -> None:
    snap = make_snapshot(driver_state=DriverState.NO_DRIVER, torch_state=TorchState.MISSING)
    assert snap.gpus == ()


def test_python_that_is_not_a_python(runner: CliRunner, tmp_path: Path) -> None:
    fake = tmp_path / "python"
    fake.write_text("#!/bin/sh\necho 'not python'\n")
    fake.chmod(0o755)
    result = runner.invoke(app, ["check", "--python", str(fake)])
    assert result.exit_code == 2
    assert "cannot run it as a Python interpreter" in result.stderr
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    result = runner.invoke(app, ["check", "--python", str(text)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
