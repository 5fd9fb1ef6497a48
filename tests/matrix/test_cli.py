"""`envdoctor matrix` through the real Typer app."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from envdoctor.cli import app

runner = CliRunner()


def _run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["matrix", *args])


def test_summary_shows_version_date_counts() -> None:
    result = _run()
    assert result.exit_code == 0, result.output
    assert "2026-11-27" in result.output
    assert "1.7 to 2.15.0" in result.output
    assert "ambiguous" in result.output


def test_summary_json_envelope() -> None:
    result = _run("--json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["schema"] == "envdoctor.matrix/1"
    assert doc["command"] == "matrix"
    assert doc["matrix"]["newest_torch"] == "2.15.0"
    assert doc["matrix"]["counts"]["torch_releases"] == 23


def test_fit_listing_text() -> None:
    result = _run("--driver", "535.104.05", "--gpu", "RTX 3060", "--python", "3.11")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "GeForce RTX 3060" in out and "8.6" in out
    assert "2.14.1" in out and "cu126" in out
    assert "caveat" in out
    # builds that do not fit are hidden by default
    assert "cu130" not in out
    assert "--all" in out


def test_fit_listing_json_newest_first() -> None:
    result = _run(
        "--driver", "535.104.05", "--gpu", "RTX 3060", "--python", "3.11", "--json", "--all"
    )
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["status"] == "ok"
    assert doc["query"]["gpu"]["capability"] == "8.6"
    builds = doc["builds"]
    versions = [b["version"] for b in builds]
    assert versions[0] == "2.15.0"
    by_key = {(b["release"], b["variant"]): b for b in builds}
    assert by_key[("2.14", "cu130")]["verdict"] == "no"
    assert "driver too old" in by_key[("2.14", "cu130")]["why"]
    assert by_key[("2.14", "cu126")]["verdict"] == "caveat"
    assert by_key[("2.7", "cu118")]["verdict"] == "ok"


def test_nothing_fits_exits_1() -> None:
    # Kepler K80 (last driver R470) and Python 3.14 (torch 2.9+, no sm_37): nothing fits
    result = _run("--gpu", "Tesla K80", "--python", "3.14", "--driver", "470.239.06")
    assert result.exit_code == 1
    assert "No PyTorch CUDA build fits" in result.output
    assert "R470" in result.output


def test_windows_flag() -> None:
    result = _run("--gpu", "RTX 5090", "--os", "windows", "--json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["query"]["os"] == "windows"
    assert not any(b["default"] for b in doc["builds"])


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--gpu", "Banana 3000"), "unknown GPU name 'Banana 3000'"),
        (("--gpu", "GT 730"), "ambiguous"),
        (("--driver", "five-three-five"), "not an NVIDIA driver version"),
        (("--python", "snake"), "not a Python version"),
        (("--python", "3.11", "--os", "beos"), "--os must be linux or windows"),
    ],
)
def test_bad_input_is_one_line_exit_2(args: tuple[str, ...], needle: str) -> None:
    result = _run(*args)
    assert result.exit_code == 2
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    assert needle in lines[0]
    assert "Traceback" not in result.output


def test_bad_input_json_gets_error_envelope() -> None:
    result = _run("--gpu", "Banana 3000", "--json")
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    assert doc["status"] == "error" and "Banana 3000" in doc["error"]["message"]


def test_broken_matrix_file_is_exit_3(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "m.json"
    broken.write_text("{", encoding="utf-8")
    monkeypatch.setenv("ENVDOCTOR_MATRIX", str(broken))
    result = _run()
    assert result.exit_code == 3
    assert str(broken) in result.stderr


def test_chinese_output(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["--lang", "zh_CN", "matrix", "--gpu", "Banana 3000"])
    assert result.exit_code == 2
    assert "未知" in result.stderr


@pytest.mark.slow
def test_entry_point_subprocess() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "envdoctor", "matrix", "--gpu", "sm_86", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["query"]["gpu"]["capability"] == "8.6"


def test_default_marker_legend_only_when_marked() -> None:
    linux = _run("--gpu", "RTX 3060")
    assert " *" in linux.output and "plain `pip install" in linux.output
    windows = _run("--gpu", "RTX 3060", "--os", "windows")
    assert "plain `pip install" not in windows.output


def test_macos_has_no_cuda_builds() -> None:
    result = _run("--os", "macos", "--python-version", "3.12")
    assert result.exit_code == 1
    assert "MPS" in result.output


def _cuda12(doc: dict[str, list[dict[str, str]]]) -> list[dict[str, str]]:
    return [b for b in doc["builds"] if b["cuda"].startswith("12.")]


def test_wsl_uses_windows_floors() -> None:
    # 527.41 runs CUDA 12.x builds on Linux (minor-version compatibility), not on Windows.
    linux = _run("--os", "linux", "--driver", "527.41", "--gpu", "8.6", "--json")
    wsl = _run("--os", "wsl", "--driver", "527.41", "--gpu", "8.6", "--json")
    assert _cuda12(json.loads(linux.stdout))
    assert not _cuda12(json.loads(wsl.stdout))
