"""`envdoctor install`: the advisor through the CLI, overrides, JSON shape, --run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from factories import make_snapshot
from typer.testing import CliRunner

from envdoctor.cli import app
from envdoctor.collect.runner import CommandResult
from envdoctor.snapshot import TorchState

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def snap_file(tmp_path: Path, **facts: Any) -> str:
    p = tmp_path / "s.json"
    p.write_text(json.dumps(make_snapshot(**facts).to_dict()))
    return str(p)


def test_json_shape(runner: CliRunner, tmp_path: Path) -> None:
    f = snap_file(tmp_path, driver="535.104.05", driver_cuda="12.2", torch_state=TorchState.MISSING)
    result = runner.invoke(app, ["install", "--from", f, "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["schema"] == "envdoctor.install/1"
    assert (doc["torch"], doc["variant"]) == ("2.14.1", "cu126")
    assert doc["index_url"] == "https://download.pytorch.org/whl/cu126"
    assert doc["command"].endswith(
        "install torch==2.14.1+cu126 --index-url https://download.pytorch.org/whl/cu126"
    )
    assert doc["command"].startswith("/home/alice/venv/bin/python -m pip")
    assert isinstance(doc["reasons"], list) and doc["reasons"]  # minor-version caveat explained
    assert doc["driver_upgrade"] == {"torch": "2.15.0", "variant": "cu132", "driver": "580"}


def test_installed_torch_is_replaced(runner: CliRunner, tmp_path: Path) -> None:
    f = snap_file(tmp_path, torch="2.13.0+cpu", torch_cuda=None, available=False)
    doc = json.loads(runner.invoke(app, ["install", "--from", f, "--json"]).stdout)
    assert "--force-reinstall" in doc["argv"]


@pytest.mark.parametrize(
    ("args", "torch", "variant", "code"),
    [
        (
            [
                "--driver",
                "535.104.05",
                "--gpu",
                "NVIDIA GeForce RTX 3060",
                "--python-version",
                "3.11",
            ],
            "2.14.1",
            "cu126",
            0,
        ),
        (
            ["--driver", "580.95.05", "--gpu", "GeForce GTX 1080 Ti", "--python-version", "3.12"],
            "2.14.1",
            "cu126",
            0,
        ),
        (
            ["--driver", "570.124.06", "--gpu", "RTX 5090", "--python-version", "3.12"],
            "2.11.0",
            "cu128",
            0,
        ),
        (
            ["--driver", "580.95.05", "--gpu", "8.9", "--python-version", "3.10"],
            "2.14.1",
            "cu130",
            0,
        ),
        # nothing for the GPU on this driver: the CPU build, exit 1, and what to upgrade
        (
            ["--driver", "470.82.01", "--gpu", "RTX 5090", "--python-version", "3.11"],
            "2.15.0",
            "cpu",
            1,
        ),
        # nothing at all for this Python
        (["--driver", "580.95.05", "--gpu", "8.6", "--python-version", "3.5"], None, None, 1),
    ],
)
def test_overrides(
    runner: CliRunner,
    tmp_path: Path,
    args: list[str],
    torch: str | None,
    variant: str | None,
    code: int,
) -> None:
    f = snap_file(tmp_path, torch_state=TorchState.MISSING)
    result = runner.invoke(app, ["install", "--from", f, *args, "--json"])
    assert result.exit_code == code, result.output
    doc = json.loads(result.stdout)
    assert (doc["torch"], doc["variant"]) == (torch, variant)
    if torch is None:
        assert doc["blocker"] == "python" and doc["command"] is None


def test_5090_on_570_is_cu128_2_11(runner: CliRunner, tmp_path: Path) -> None:
    f = snap_file(tmp_path, torch_state=TorchState.MISSING, python="3.12.4")
    doc = json.loads(
        runner.invoke(
            app, ["install", "--from", f, "--driver", "570.124.06", "--gpu", "RTX 5090", "--json"]
        ).stdout
    )
    assert (doc["torch"], doc["variant"]) == ("2.11.0", "cu128")


def test_requested_version_explains(runner: CliRunner, tmp_path: Path) -> None:
    f = snap_file(tmp_path, torch_state=TorchState.MISSING, python="3.12.4")
    result = runner.invoke(app, ["install", "--from", f, "--torch", "2.0.1"])
    assert result.exit_code == 1
    assert "Python" in result.stdout and "3.12.4" in result.stdout


def test_conda_tool(runner: CliRunner, tmp_path: Path) -> None:
    f = snap_file(tmp_path, torch_state=TorchState.MISSING, driver="550.54.14", driver_cuda="12.4")
    old = json.loads(
        runner.invoke(
            app, ["install", "--from", f, "--tool", "conda", "--torch", "2.5", "--json"]
        ).stdout
    )
    assert old["command"] == "conda install pytorch==2.5.1 pytorch-cuda=12.4 -c pytorch -c nvidia"
    new = json.loads(
        runner.invoke(app, ["install", "--from", f, "--tool", "conda", "--json"]).stdout
    )
    assert "-m pip install" in new["command"]
    assert any("138506" in r for r in new["reasons"])
    # The note is printed after the command: it must not end in a colon that points at
    # nothing (it did: "... inside a conda environment install the pip wheel:").
    assert not any(r.rstrip().endswith(":") for r in new["reasons"])


def test_uv_tool(runner: CliRunner, tmp_path: Path) -> None:
    f = snap_file(tmp_path, torch_state=TorchState.MISSING)
    doc = json.loads(runner.invoke(app, ["install", "--from", f, "--tool", "uv", "--json"]).stdout)
    assert doc["argv"][:5] == ["uv", "pip", "install", "--python", "/home/alice/venv/bin/python"]


@pytest.mark.parametrize(
    "args",
    [
        ["--driver", "five-three-five"],
        ["--gpu", "Voodoo 5"],
        ["--python-version", "banana"],
        ["--tool", "brew"],
    ],
)
def test_bad_input(runner: CliRunner, tmp_path: Path, args: list[str]) -> None:
    f = snap_file(tmp_path)
    result = runner.invoke(app, ["install", "--from", f, *args])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_run_needs_confirmation_without_a_terminal(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Any] = []
    monkeypatch.setattr(
        "envdoctor.collect.runner.run_attached", lambda *a, **k: calls.append((a, k))
    )
    result = runner.invoke(app, ["install", "--python", sys.executable, "--run"])
    assert result.exit_code == 2
    assert "--yes" in result.stderr
    assert calls == []


def test_run_executes_argv_without_a_shell(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Any] = []

    def fake_run(argv: Any, **kw: Any) -> CommandResult:
        calls.append((argv, kw))
        return CommandResult(tuple(argv), 0)

    # Through the runner (never a bare subprocess), so pip dies with envdoctor.
    monkeypatch.setattr("envdoctor.collect.runner.run_attached", fake_run)
    result = runner.invoke(app, ["install", "--python", sys.executable, "--run", "--yes"])
    assert result.exit_code == 0, result.output
    ((argv, kw),) = calls
    assert list(argv[:4]) == [sys.executable, "-m", "pip", "install"] or argv[0] == "uv"
    assert not kw.get("shell")


# pip that never finishes (a download that hangs): writes its pid, then sleeps.
HANGING_PIP = """
import os, time
with open(os.environ["FAKE_PIP_PIDFILE"], "w") as fh:
    fh.write(str(os.getpid()))
time.sleep(600)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_run_pip_dies_with_envdoctor_on_sigterm(tmp_path: Path) -> None:
    import signal
    import time

    from tests.faults.fakes import cuda_torch
    from tests.faults.test_children import _envdoctor, _wait_gone

    env = cuda_torch(tmp_path)  # a torch the probe reads quickly, found first on PYTHONPATH
    pip = tmp_path / "fakes" / "pip"
    pip.mkdir()
    (pip / "__init__.py").write_text("")
    (pip / "__main__.py").write_text(HANGING_PIP)
    pidfile = tmp_path / "pip.pid"
    env["FAKE_PIP_PIDFILE"] = str(pidfile)
    proc = subprocess.Popen(
        [_envdoctor(), "install", "--python", sys.executable, "--tool", "pip", "--run", "--yes"],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (pidfile.exists() and pidfile.read_text()):
        if proc.poll() is not None:
            pytest.fail(f"install ended before pip started: {proc.communicate()!r}")
        time.sleep(0.05)
    pip_pid = int(pidfile.read_text())
    proc.send_signal(signal.SIGTERM)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode in {-signal.SIGTERM, 128 + signal.SIGTERM}, err
    assert _wait_gone(pip_pid), f"pip {pip_pid} outlived envdoctor after SIGTERM"


def test_from_and_run_conflict(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["install", "--from", snap_file(tmp_path), "--run"])
    assert result.exit_code == 2


def test_collect_env_report_input(runner: CliRunner) -> None:
    report = FIXTURES / "collect_env" / "pt150733_rtx5090d_torch2.6_cu126_truncated.txt"
    result = runner.invoke(app, ["install", "--from", str(report), "--json"])
    doc = json.loads(result.stdout)
    assert doc["variant"] is not None and doc["variant"].startswith(("cu12", "cu13", "cpu"))


def test_ambiguous_gpu_name_asks_for_the_capability(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["install", "--from", snap_file(tmp_path), "--gpu", "GT 730"])
    assert result.exit_code == 2
    assert "2.1" in result.stderr and "3.5" in result.stderr


def test_a_variant_the_release_does_not_ship_is_named_not_blamed_on_the_gpu(
    runner: CliRunner,
) -> None:
    # Issue 11.7: 2.13.0 ships cu126/cu130/cu132, not cu118; the RTX 3060 is not the problem.
    args = ["install", "--torch", "2.13.0+cu118", "--gpu", "RTX 3060", "--driver", "580.95.05"]
    result = runner.invoke(app, [*args, "--python-version", "3.11", "--json"])
    assert result.exit_code == 1, result.output
    doc = json.loads(result.stdout)
    assert doc["blocker"] == "variant"
    assert doc["variant"] is None  # no silent CPU fallback for a pinned build
    text = " ".join(doc["reasons"])
    assert "cu118" in text and "cu126" in text
    assert "compute capability" not in text
    plain = runner.invoke(app, [*args, "--python-version", "3.11"])
    assert "does not ship" in plain.stdout


# ---- issue 12.2: advice for another machine and another OS


def _advise(runner: CliRunner, *args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["install", *args, "--json"])
    assert result.exit_code in {0, 1}, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_windows_laptop_advised_from_linux_uses_windows_floors_and_py(
    runner: CliRunner, tmp_path: Path
) -> None:
    gpu = ["--gpu", "NVIDIA GeForce RTX 4080 Laptop GPU", "--python-version", "3.11"]
    snap = ["--from", snap_file(tmp_path)]  # the facts of this (Linux) machine
    # 527.41 is above Linux's CUDA 12.x floor (525.60.13) but below Windows' (528.33).
    windows = _advise(runner, *snap, "--os", "windows", "--driver", "527.41", *gpu)
    linux = _advise(runner, *snap, "--driver", "527.41", *gpu)
    assert windows["variant"].startswith("cu11")
    assert linux["variant"].startswith("cu12")
    assert windows["argv"][:2] == ["py", "-3.11"]
    assert "/home/alice" not in windows["command"]
    newer = _advise(runner, *snap, "--os", "windows", "--driver", "528.33", *gpu)
    assert newer["variant"].startswith("cu12")


def test_python_38_machine_advised_from_a_311_one(runner: CliRunner, tmp_path: Path) -> None:
    f = snap_file(tmp_path, python="3.11.7")  # this machine: /home/alice/venv/bin/python, 3.11
    doc = _advise(
        runner,
        "--from",
        f,
        "--driver",
        "535.104.05",
        "--gpu",
        "RTX 3060",
        "--python-version",
        "3.8",
    )
    assert doc["argv"][0] == "python"  # a generic interpreter, never this machine's path
    assert "/home/alice" not in doc["command"]
    assert doc["torch"] == "2.4.1"  # the last release with Python 3.8 wheels


def test_macos_advice_is_cpu_and_names_the_last_intel_release(
    runner: CliRunner, tmp_path: Path
) -> None:
    doc = _advise(
        runner, "--from", snap_file(tmp_path), "--os", "macos", "--python-version", "3.12"
    )
    assert doc["variant"] == "cpu" or doc["index_url"] is None
    assert "+cu" not in doc["command"]
    assert any("2.2.2" in r for r in doc["reasons"])


def test_wsl_is_linux_wheels_on_the_windows_driver(runner: CliRunner, tmp_path: Path) -> None:
    args = ["--from", snap_file(tmp_path), "--gpu", "RTX 3060", "--python-version", "3.11"]
    doc = _advise(runner, *args, "--os", "wsl", "--driver", "527.41")
    assert doc["variant"].startswith("cu11")  # Windows' 528.33 floor blocks CUDA 12.x
    assert doc["argv"][0] == "python"  # Linux wheels, Linux interpreter
    assert "download.pytorch.org" in doc["command"]


def test_run_refuses_the_facts_of_another_machine(runner: CliRunner) -> None:
    result = runner.invoke(app, ["install", "--driver", "535.104.05", "--run", "--yes"])
    assert result.exit_code == 2
    assert "--run" in result.stderr


def test_with_pins_the_companions_of_the_build(runner: CliRunner, tmp_path: Path) -> None:
    f = snap_file(tmp_path, driver="535.104.05", driver_cuda="12.2", torch_state=TorchState.MISSING)
    args = ["install", "--from", f, "--torch", "2.5.1", "--json", "--with", "torchvision"]
    doc = json.loads(runner.invoke(app, [*args, "--with", "torchaudio"]).stdout)
    assert doc["argv"][4:] == [
        "torch==2.5.1+cu121",
        "torchvision==0.20.1+cu121",
        "torchaudio==2.5.1+cu121",
        "--index-url",
        "https://download.pytorch.org/whl/cu121",
    ]
    assert runner.invoke(app, [*args, "--with", "torchtext"]).exit_code == 2
