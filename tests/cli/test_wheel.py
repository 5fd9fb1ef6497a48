"""`envdoctor wheel` through Typer; facts come from options, snapshots or a real probe."""

from __future__ import annotations

import json
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import envdoctor
from envdoctor.snapshot import DriverFacts, DriverState, GpuFacts, PythonFacts, Snapshot

# Looked up on disk: importing envdoctor.cli itself needs every registered command module.
HAS_CHECK = (Path(envdoctor.__file__).parent / "cli" / "check.py").exists()


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> Iterator[typer.Typer]:
    """A Typer app with only `wheel` (importing envdoctor.cli needs `check`, not merged yet)."""
    if not HAS_CHECK:
        stub = types.ModuleType("envdoctor.cli.check")
        stub.register = lambda app: None  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "envdoctor.cli.check", stub)
    from envdoctor.cli import wheel as wheel_cli

    test_app = typer.Typer()

    @test_app.callback()
    def _root() -> None:
        """envdoctor (test)"""

    wheel_cli.register(test_app)
    yield test_app


OTHER = ["--python-version", "3.11", "--platform", "linux_x86_64", "--glibc", "2.35"]
GOOD = "torch-2.8.0+cu128-cp311-cp311-manylinux_2_28_x86_64.whl"


def invoke(app: typer.Typer, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, ["wheel", *args])


def test_fitting_wheel_exits_0(app: typer.Typer) -> None:
    r = invoke(app, *OTHER, "--driver", "570.86.10", "--gpu", "RTX 3060 Ti", GOOD)
    assert r.exit_code == 0, r.output
    assert "fits" in r.output


def test_cp310_on_311_exits_1_with_the_right_file(app: typer.Typer) -> None:
    r = invoke(app, *OTHER, "torch-2.8.0+cu128-cp310-cp310-manylinux_2_28_x86_64.whl")
    assert r.exit_code == 1
    assert "this wheel is for Python 3.10; you have 3.11" in r.output
    assert "torch-2.8.0+cu128-cp311-cp311-manylinux_2_28_x86_64.whl" in r.output
    assert "https://download.pytorch.org/whl/cu128/torch/" in r.output


def test_gtx1080_with_cu128_exits_1(app: typer.Typer) -> None:
    r = invoke(app, *OTHER, "--driver", "570.86.10", "--gpu", "8.6", "--gpu", "6.1", GOOD)
    assert r.exit_code == 1
    assert "sm_61" in r.output


def test_unknown_driver_is_not_ok_but_does_not_fail(app: typer.Typer) -> None:
    r = invoke(app, *OTHER, GOOD)
    assert r.exit_code == 0
    assert "could not be checked" in r.output
    assert invoke(app, *OTHER, "--strict", GOOD).exit_code == 1


def test_bad_name_exits_2(app: typer.Typer) -> None:
    r = invoke(app, *OTHER, "torch.zip", GOOD)
    assert r.exit_code == 2
    assert "not a wheel file name" in r.output


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["--python-version", "three", GOOD], id="bad-python-version"),
        pytest.param(["--platform", "linux_x86_64", GOOD], id="platform-without-python"),
        pytest.param([*OTHER, "--driver", "new", GOOD], id="bad-driver"),
        pytest.param([*OTHER, "--gpu", "Voodoo 5", GOOD], id="unknown-gpu"),
    ],
)
def test_bad_options_exit_2_in_one_line(app: typer.Typer, args: list[str]) -> None:
    r = invoke(app, *args)
    assert r.exit_code == 2
    assert "Traceback" not in r.output
    assert "envdoctor: error:" in r.output


def test_json_envelope(app: typer.Typer) -> None:
    r = invoke(app, *OTHER, "--json", "torch-2.8.0+cu128-cp311-cp311-win_amd64.whl")
    assert r.exit_code == 1
    doc = json.loads(r.stdout)
    assert doc["command"] == "wheel" and doc["exit_code"] == 1 and doc["status"] == "fail"
    assert doc["target"]["python_version"] == [3, 11]
    wheel = doc["wheels"][0]
    assert wheel["installs"] is False
    assert {p["code"] for p in wheel["problems"]} >= {"platform-os"}
    assert wheel["fix"]["file_is_pattern"] is True


def test_json_error_envelope_for_bad_from(app: typer.Typer, tmp_path: Path) -> None:
    bad = tmp_path / "snap.json"
    bad.write_text("{not json")
    r = invoke(app, "--json", "--from", str(bad), GOOD)
    assert r.exit_code == 2
    assert json.loads(r.stdout)["status"] == "error"


def test_from_snapshot(app: typer.Typer, tmp_path: Path) -> None:
    snap = Snapshot(
        python=PythonFacts(
            version="3.10.12",
            implementation="CPython",
            platform_tag="linux-x86_64",
            glibc="2.17",
            free_threaded=False,
            pointer_bits=64,
        ),
        driver=DriverFacts(state=DriverState.OK, version="525.60.13", cuda_version="12.0"),
        gpus=(GpuFacts(index=0, name="NVIDIA GeForce GTX 1080", compute_capability="6.1"),),
    )
    path = tmp_path / "snap.json"
    path.write_text(json.dumps(snap.to_dict()))
    r = invoke(app, "--json", "--from", str(path), GOOD)
    doc = json.loads(r.stdout)
    codes = {p["code"] for p in doc["wheels"][0]["problems"]}
    assert {"python-version", "glibc-too-old", "gpu-no-kernel", "driver-minor-compat"} <= codes
    assert doc["gpu"]["source"] == "snapshot"


def test_real_file_that_is_not_a_wheel(app: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / GOOD
    path.write_text("<html>login required</html>")
    r = invoke(app, *OTHER, str(path))
    assert r.exit_code == 1
    assert "web page" in r.output


@pytest.mark.slow
def test_real_probe_of_this_interpreter(app: typer.Typer, monkeypatch: pytest.MonkeyPatch) -> None:
    """The probe runs for real in a child interpreter; NVML is replaced (no GPU in CI)."""
    from envdoctor.cli import wheel as wheel_cli
    from envdoctor.wheelcheck.target import GpuSide

    monkeypatch.setattr(wheel_cli, "read_local_gpu", lambda: GpuSide(source="nvml"))
    target = wheel_cli.probe_target(sys.executable, 60)
    assert target.python_version == sys.version_info[:2]
    assert target.source == "probe"
    tag = "cp{}{}".format(*sys.version_info[:2])
    r = invoke(
        app,
        "--python",
        sys.executable,
        f"demo-1.0-{tag}-{tag}-win_amd64.whl"
        if sys.platform != "win32"
        else f"demo-1.0-{tag}-{tag}-macosx_11_0_arm64.whl",
    )
    assert r.exit_code == 1, r.output
    assert "platform" in r.output.lower() or "this wheel is for" in r.output


def test_missing_interpreter_given_with_python_exits_2(app: typer.Typer, tmp_path: Path) -> None:
    # A --python that does not run is bad input (issue 11: exit 3 is never about input).
    r = invoke(app, "--python", str(tmp_path / "no-python"), GOOD)
    assert r.exit_code == 2
    assert "cannot run the target Python" in r.output


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for python")
def test_python_on_path_that_does_not_run_is_a_problem_not_exit_3(
    app: typer.Typer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No --python: the `python` the shell would run is broken. That is this machine's
    # problem (check reports it as a finding), not envdoctor failing to run.
    for name in ("python", "python3"):
        fake = tmp_path / name
        fake.write_text("#!/bin/sh\necho not really python\nexit 1\n", encoding="utf-8")
        fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    r = invoke(app, GOOD)
    assert r.exit_code == 1, r.output
    assert "cannot run the target Python" in r.output


@pytest.mark.slow
@pytest.mark.skipif(
    not HAS_CHECK, reason="the entry point imports `check`, not merged on this branch"
)
def test_entry_point_subprocess() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "envdoctor",
            "wheel",
            *OTHER,
            "torch-2.8.0+cu128-cp310-cp310-manylinux_2_28_x86_64.whl",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert "cp311" in proc.stdout


def test_chinese_output(app: typer.Typer) -> None:
    from envdoctor import i18n

    i18n.set_language("zh_CN")
    r = invoke(app, *OTHER, "torch-2.8.0+cu128-cp310-cp310-manylinux_2_28_x86_64.whl")
    assert r.exit_code == 1
    assert "这个 wheel 适用于 Python 3.10；你的是 3.11" in r.output
    assert "torch-2.8.0+cu128-cp311-cp311-manylinux_2_28_x86_64.whl" in r.output


def test_wsl_judges_linux_wheels_against_the_windows_driver(app: typer.Typer) -> None:
    # 527.41: above Linux's CUDA 12.x floor (525.60.13), below Windows' (528.33).
    common = ["--python-version", "3.11", "--driver", "527.41", "--gpu", "8.6", GOOD]
    assert invoke(app, "--os", "linux", *common).exit_code == 0
    assert invoke(app, "--os", "wsl", *common).exit_code == 1


def test_os_and_platform_must_agree(app: typer.Typer) -> None:
    r = invoke(
        app, "--os", "windows", "--platform", "linux_x86_64", "--python-version", "3.11", GOOD
    )
    assert r.exit_code == 2
