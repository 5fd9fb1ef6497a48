"""`check --from` end to end: several inputs, stdin, bad input, evidence in --json."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from envdoctor.cli import app
from envdoctor.collect import from_file

PASTES = Path(__file__).resolve().parent.parent / "fixtures" / "pastes"
WARNING_ONLY = (
    "UserWarning: CUDA initialization: The NVIDIA driver on your system is too old "
    "(found version 11040).\n"
)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_warning_only_paste_fails_with_the_quote(runner: CliRunner) -> None:
    result = runner.invoke(app, ["check", "--from", "-", "--json"], input=WARNING_ONLY)
    assert result.exit_code == 1, result.output
    doc = json.loads(result.stdout)
    too_old = [f for f in doc["findings"] if f["code"] == "driver-too-old"]
    assert too_old and "stdin:1:" in too_old[0]["facts"]["evidence"]


def test_report_plus_log_plus_smi(runner: CliRunner, tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    log.write_text(
        "Traceback (most recent call last):\nAssertionError: Torch not compiled with CUDA enabled\n",
        encoding="utf-8",
    )
    smi = tmp_path / "smi.txt"
    smi.write_text(
        "| NVIDIA-SMI 551.86   Driver Version: 551.86   CUDA Version: 12.4 |\n"
        "|   0  NVIDIA GeForce RTX 4080 ...  WDDM  | 00000000:01:00.0 Off |   N/A |\n",
        encoding="utf-8",
    )
    report = PASTES / "pytorch51858c_win_cpu_build_collect_env.txt"
    result = runner.invoke(
        app, ["check", "--from", str(report), "--from", str(log), "--from", str(smi), "--json"]
    )
    assert result.exit_code == 1, result.output
    doc = json.loads(result.stdout)
    codes = [f["code"] for f in doc["findings"] if f["status"] == "fail"]
    assert codes.count("torch-cpu-only") == 1  # the report's rule and the message agree


def test_harmless_warning_does_not_fail(runner: CliRunner) -> None:
    text = (PASTES / "pytorch164708_minmax_ada_harmless.txt").read_text(encoding="utf-8")
    result = runner.invoke(app, ["check", "--from", "-"], input=text)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x00\x01\x02\x03" * 100, "binary"),
        (b"hello, nothing useful here\n", "python -m torch.utils.collect_env"),
        (b"   \n", "empty"),
    ],
)
def test_bad_input_is_exit_2(runner: CliRunner, tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "in.txt"
    path.write_bytes(data)
    result = runner.invoke(app, ["check", "--from", str(path)])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_over_the_limit_is_exit_2(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(from_file, "MAX_INPUT_BYTES", 10_000)
    path = tmp_path / "big.log"
    path.write_bytes(WARNING_ONLY.encode() * 200)
    result = runner.invoke(app, ["check", "--from", str(path)])
    assert result.exit_code == 2 and "16 MiB" in result.output


def test_install_and_explain_read_the_same_inputs(runner: CliRunner) -> None:
    report = str(PASTES / "pytorch51858c_win_cpu_build_collect_env.txt")
    install = runner.invoke(app, ["install", "--from", report, "--json"])
    assert install.exit_code in {0, 1}, install.output
    explain = runner.invoke(
        app,
        ["explain", "-", "--from", report, "--json"],
        input="Torch not compiled with CUDA enabled",
    )
    assert explain.exit_code in {0, 1}, explain.output


def test_real_process_reads_stdin() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "envdoctor", "check", "--from", "-"],
        input=WARNING_ONLY,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert "driver-too-old" in proc.stdout
