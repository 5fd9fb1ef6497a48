"""Fake torch packages through `envdoctor check`: a fact and an exit code, never a traceback."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from envdoctor.cli import app
from tests.faults.fakes import cuda_torch, fake_torch

runner = CliRunner()


def check(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], *extra: str):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PYTHONPATH", env["PYTHONPATH"])
    return runner.invoke(app, ["check", "--python", sys.executable, "--json", *extra])


def findings(result) -> dict[str, dict]:  # type: ignore[no-untyped-def, type-arg]
    return {f["code"]: f for f in json.loads(result.stdout)["findings"]}


def test_banner_without_newline_keeps_the_cuda_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = cuda_torch(
        tmp_path, before='sys.stdout.write("Welcome to MyTorch!"); os.write(1, b"native")'
    )
    result = check(monkeypatch, env)
    assert result.exit_code in (0, 1), result.output
    doc = json.loads(result.stdout)
    assert doc["snapshot"]["torch"]["version"] == "2.13.0+cu130"
    assert doc["snapshot"]["torch"]["cuda"] == "13.0"
    assert "torch-cpu-only" not in findings(result)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_segfaulting_torch_is_a_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = fake_torch(tmp_path, "import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n")
    result = check(monkeypatch, env)
    assert result.exit_code == 1
    assert findings(result)["torch-broken"]["status"] == "fail"
    assert "Traceback" not in result.output


def test_hanging_torch_is_a_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = fake_torch(tmp_path, "import time\ntime.sleep(120)\n")
    result = check(monkeypatch, env, "--timeout", "2")
    assert result.exit_code == 1
    assert "torch-broken" in findings(result)


def test_torch_raising_systemexit_is_a_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = fake_torch(tmp_path, "import sys\nprint('bye', end='')\nsys.exit(3)\n")
    result = check(monkeypatch, env)
    assert result.exit_code == 1
    assert "torch-broken" in findings(result)


@pytest.mark.parametrize("program", ["/bin/ls", "/bin/sh", "/nonexistent/python", "/tmp"])
def test_not_a_python_is_one_line_exit_2(program: str) -> None:
    if not Path(program).exists() and program != "/nonexistent/python":
        pytest.skip(f"{program} is not on this system")
    result = runner.invoke(app, ["check", "--python", program])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(" ".join(lines)) < 400, result.output
    assert "Runs INSIDE" not in result.output and "def " not in result.output
    assert "--python" in result.output


def test_wheel_with_a_python_that_is_not_one_is_exit_2() -> None:
    result = runner.invoke(
        app, ["wheel", "--python", "/bin/ls", "torch-2.13.0-cp311-cp311-manylinux_2_28_x86_64.whl"]
    )
    assert result.exit_code == 2, result.output
    assert "Runs INSIDE" not in result.output
