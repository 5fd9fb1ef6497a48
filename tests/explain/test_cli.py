"""`envdoctor explain` through the real Typer app: input, exit codes, JSON, local facts.

Every test passes --no-local or --from, or replaces the collector, so the real machine
is never probed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest
import typer
from explain.errortext import FIXTURES, fixture_text
from typer.testing import CliRunner

from envdoctor.cli import app as envdoctor_app
from envdoctor.cli import explain as explain_cli
from envdoctor.errors import UsageError
from envdoctor.snapshot import DriverFacts, GpuFacts, Snapshot, TorchFacts, TorchState

COLLECT_ENV = FIXTURES.parent / "collect_env"


@pytest.fixture
def app() -> typer.Typer:
    return envdoctor_app


def run(app: typer.Typer, *args: str, stdin: str | bytes | None = None) -> Any:
    return CliRunner().invoke(app, ["explain", *args], input=stdin)


def test_recognised_text_exits_0(app: typer.Typer) -> None:
    result = run(app, fixture_text("driver-too-old__fooocus"), "--no-local")
    assert result.exit_code == 0, result.output
    assert "NVIDIA driver too old for this PyTorch build" in result.output
    assert "CUDA 11.4" in result.output
    assert "[driver-too-old]" in result.output
    assert "envdoctor check" in result.output


def test_unknown_text_exits_1_and_says_so(app: typer.Typer) -> None:
    result = run(app, "KeyError: 'foo'", "--no-local")
    assert result.exit_code == 1
    assert "Not recognised" in result.output
    assert "envdoctor check" in result.output


def test_stdin_dash(app: typer.Typer) -> None:
    result = run(app, "-", "--no-local", stdin=fixture_text("nccl-error__nccl473"))
    assert result.exit_code == 0
    assert "nccl-system-error" in result.output


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_empty_text_is_a_usage_error(app: typer.Typer, text: str) -> None:
    result = run(app, text, "--no-local")
    assert result.exit_code == 2
    assert "empty" in result.output


def test_no_input_at_all_is_a_usage_error(app: typer.Typer) -> None:
    result = run(app, "--no-local")
    assert result.exit_code == 2
    assert "--file" in result.output


def test_file_input_and_json(app: typer.Typer, tmp_path: Path) -> None:
    log = tmp_path / "train.log"
    log.write_text(
        fixture_text("cuda-out-of-memory__cads") + "\n" + fixture_text("nccl-error__nccl473"),
        encoding="utf-8",
    )
    result = run(app, "--file", str(log), "--no-local", "--json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["schema"] == "envdoctor.explain/2"
    assert doc["command"] == "explain"
    assert doc["status"] == "ok"
    assert doc["exit_code"] == 0
    assert doc["recognised"] is True
    assert doc["local_facts"] == "none"
    codes = [e["code"] for e in doc["explanations"]]
    assert codes == ["cuda-out-of-memory", "nccl-system-error"]
    first = doc["explanations"][0]
    assert set(first) >= {"code", "title", "cause", "fix", "matched", "facts"}
    assert first["facts"]["requested"] == "22.78 GiB"
    assert isinstance(first["fix"], list)


def test_json_not_recognised(app: typer.Typer) -> None:
    result = run(app, "all good", "--no-local", "--json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["status"] == "fail" and doc["recognised"] is False
    assert doc["exit_code"] == 1
    assert doc["explanations"] == []


def test_missing_file_is_a_usage_error(app: typer.Typer, tmp_path: Path) -> None:
    result = run(app, "--file", str(tmp_path / "nope.log"), "--no-local")
    assert result.exit_code == 2
    assert "cannot read" in result.output
    assert "Traceback" not in result.output


def test_missing_file_with_json_prints_error_envelope(app: typer.Typer, tmp_path: Path) -> None:
    result = run(app, "--file", str(tmp_path / "nope.log"), "--no-local", "--json")
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    assert doc["status"] == "error"
    assert "cannot read" in doc["error"]["message"]


def test_binary_file_is_a_usage_error(app: typer.Typer, tmp_path: Path) -> None:
    blob = tmp_path / "core"
    blob.write_bytes(bytes(range(256)) * 4)
    result = run(app, "--file", str(blob), "--no-local")
    assert result.exit_code == 2
    assert "binary" in result.output


def test_text_and_file_together_is_a_usage_error(app: typer.Typer, tmp_path: Path) -> None:
    log = tmp_path / "a.log"
    log.write_text("x", encoding="utf-8")
    result = run(app, "some text", "--file", str(log), "--no-local")
    assert result.exit_code == 2


def test_utf16_file_from_powershell(app: typer.Typer, tmp_path: Path) -> None:
    log = tmp_path / "ps.log"
    log.write_bytes(fixture_text("torch-not-compiled-with-cuda__detectron2").encode("utf-16"))
    result = run(app, "--file", str(log), "--no-local")
    assert result.exit_code == 0
    assert "torch-not-compiled-with-cuda" in result.output


def test_gb18030_file_from_chinese_windows(app: typer.Typer, tmp_path: Path) -> None:
    log = tmp_path / "gbk.log"
    log.write_bytes(fixture_text("windows-dll-load-failed__materialsearch").encode("gb18030"))
    result = run(app, "--file", str(log), "--no-local", "--json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["explanations"][0]["code"] == "windows-dll-load-failed"
    assert "找不到指定的模块" in doc["explanations"][0]["matched"]


def _snapshot() -> Snapshot:
    return Snapshot(
        origin="file",
        driver=DriverFacts(version="470.86", cuda_version="11.4"),
        gpus=(GpuFacts(index=0, name="NVIDIA GeForce RTX 3050", compute_capability="8.6"),),
        torch=TorchFacts(state=TorchState.OK, version="2.5.1+cu124", cuda="12.4"),
    )


def test_from_snapshot_file_tailors_the_fix(app: typer.Typer, tmp_path: Path) -> None:
    snap = tmp_path / "snap.json"
    snap.write_text(json.dumps(_snapshot().to_dict()), encoding="utf-8")
    result = run(app, fixture_text("driver-too-old__fooocus"), "--from", str(snap), "--json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["local_facts"] == "file"
    first = doc["explanations"][0]
    assert first["used_local_facts"] is True
    assert first["facts"]["torch_cuda"] == "12.4"
    assert any("525.60.13" in step for step in first["fix"])


def test_from_snapshot_human_output_says_so(app: typer.Typer, tmp_path: Path) -> None:
    snap = tmp_path / "snap.json"
    snap.write_text(json.dumps(_snapshot().to_dict()), encoding="utf-8")
    result = run(app, fixture_text("driver-too-old__fooocus"), "--from", str(snap))
    assert "snapshot file" in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"schema": "something.else/1"}', "not a valid envdoctor snapshot"),
        ('{"schema": "envdoctor.snapshot/99"}', "newer"),
        ('{"schema": "envdoctor.snapshot/1", "gpus": "many"}', "not a valid envdoctor snapshot"),
        ("[]", "neither an envdoctor snapshot nor a collect_env report"),
    ],
)
def test_bad_snapshot_is_a_usage_error(
    app: typer.Typer, tmp_path: Path, content: str, message: str
) -> None:
    snap = tmp_path / "snap.json"
    snap.write_text(content, encoding="utf-8")
    result = run(app, "Torch not compiled with CUDA enabled", "--from", str(snap))
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_from_and_no_local_contradict(app: typer.Typer, tmp_path: Path) -> None:
    snap = tmp_path / "snap.json"
    snap.write_text(json.dumps(_snapshot().to_dict()), encoding="utf-8")
    result = run(app, "x", "--from", str(snap), "--no-local")
    assert result.exit_code == 2


def _fake_collector(monkeypatch: pytest.MonkeyPatch, func: Any) -> None:
    module = types.ModuleType("envdoctor.collect")
    module.collect_snapshot = func  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "envdoctor.collect", module)


def test_default_collects_local_facts(app: typer.Typer, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def collect_snapshot(python: str | None = None, **kwargs: Any) -> Snapshot:
        calls.append(1)
        assert python is None
        assert kwargs["timeout"] == explain_cli.COLLECT_TIMEOUT
        return _snapshot()

    _fake_collector(monkeypatch, collect_snapshot)
    result = run(app, fixture_text("driver-too-old__fooocus"), "--json")
    assert result.exit_code == 0
    assert calls == [1]
    doc = json.loads(result.stdout)
    assert doc["local_facts"] == "live"
    assert doc["explanations"][0]["used_local_facts"] is True


def test_no_local_never_collects(app: typer.Typer, monkeypatch: pytest.MonkeyPatch) -> None:
    def collect_snapshot(python: str | None = None, **kwargs: Any) -> Snapshot:
        raise AssertionError("must not collect with --no-local")

    _fake_collector(monkeypatch, collect_snapshot)
    assert run(app, "Torch not compiled with CUDA enabled", "--no-local").exit_code == 0


def test_failing_collector_still_explains(
    app: typer.Typer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def collect_snapshot(python: str | None = None, **kwargs: Any) -> Snapshot:
        raise OSError("nvidia-smi hung")

    _fake_collector(monkeypatch, collect_snapshot)
    result = run(app, "Torch not compiled with CUDA enabled", "--json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["local_facts"] == "none"
    assert "could not collect local facts" in result.stderr


def test_missing_collector_means_no_local_facts(
    app: typer.Typer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "envdoctor.collect", None)  # import raises ImportError
    result = run(app, "Torch not compiled with CUDA enabled", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["local_facts"] == "none"


def test_chinese_output(app: typer.Typer) -> None:
    text = fixture_text("driver-too-old__fooocus")
    result = CliRunner().invoke(app, ["--lang", "zh_CN", "explain", text, "--no-local"])
    assert result.exit_code == 0
    assert "NVIDIA 驱动" in result.output
    assert "原因" in result.output
    assert "CUDA 11.4" in result.output


def test_help_documents_exit_codes(app: typer.Typer) -> None:
    result = CliRunner().invoke(app, ["explain", "--help"])
    assert result.exit_code == 0
    assert "Exit codes" in result.output
    assert "1 when nothing" in result.output


def test_decode_input_limits() -> None:
    with pytest.raises(UsageError):
        explain_cli.decode_input(b"x" * (explain_cli.MAX_INPUT_BYTES + 1), "big.log")
    assert explain_cli.decode_input("日志".encode("gb18030"), "x") == "日志"
    assert explain_cli.decode_input(b"\xef\xbb\xbfhello", "x") == "hello"


def test_collect_env_report_as_error_text_uses_its_own_clues(app: typer.Typer) -> None:
    report = COLLECT_ENV / "pt150733_rtx5090d_torch2.6_cu126_truncated.txt"
    result = run(app, "--file", str(report), "--no-local", "--json")
    assert result.exit_code == 0
    first = json.loads(result.stdout)["explanations"][0]
    assert first["code"] == "gpu-arch-not-in-build"
    assert first["facts"]["gpu"] == "NVIDIA GeForce RTX 5090 D"
    assert first["facts"]["suggested_variant"] == "cu128"
    # The report's driver (570.124.04) already runs cu128: no driver step is added.
    assert not any("cannot run" in step for step in first["fix"])


def test_from_collect_env_report(app: typer.Typer) -> None:
    report = COLLECT_ENV / "pt150733_rtx5090d_torch2.6_cu126_truncated.txt"
    text = fixture_text("driver-too-old__fooocus")
    result = run(app, text, "--from", str(report), "--json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["local_facts"] == "file"
    first = doc["explanations"][0]
    assert first["used_local_facts"] is True
    assert first["facts"]["torch_cuda"] == "12.6"
    assert first["facts"]["driver_version"] == "570.124.04"


@pytest.mark.slow
def test_entry_point_subprocess(tmp_path: Path) -> None:
    log = tmp_path / "err.log"
    log.write_text(fixture_text("nvml-driver-library-mismatch__mozilla"), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "envdoctor", "explain", "--file", str(log), "--no-local", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["explanations"][0]["code"] == "nvml-driver-library-mismatch"
    unknown = subprocess.run(
        [sys.executable, "-m", "envdoctor", "explain", "nothing here", "--no-local"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert unknown.returncode == 1


def test_too_large_file_is_refused_without_reading_it_all(
    app: typer.Typer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(explain_cli, "MAX_INPUT_BYTES", 1024)
    log = tmp_path / "huge.log"
    log.write_text("Torch not compiled with CUDA enabled\n" * 100, encoding="utf-8")
    result = run(app, "--file", str(log), "--no-local")
    assert result.exit_code == 2
    assert "larger than" in result.output


def test_directory_instead_of_file(app: typer.Typer, tmp_path: Path) -> None:
    result = run(app, "--file", str(tmp_path), "--no-local")
    assert result.exit_code == 2
    assert "cannot read" in result.output


def test_mirror_goes_into_the_install_command(app: typer.Typer) -> None:
    result = run(
        app,
        fixture_text("torch-not-compiled-with-cuda__detectron2"),
        "--no-local",
        "--mirror",
        "aliyun",
        "--json",
    )
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.output)["explanations"]
    assert any("aliyun" in step for step in entry["fix"]), entry["fix"]


def test_unknown_mirror_is_a_usage_error(app: typer.Typer) -> None:
    result = run(app, "Torch not compiled with CUDA enabled", "--no-local", "--mirror", "nosuch")
    assert result.exit_code == 2
