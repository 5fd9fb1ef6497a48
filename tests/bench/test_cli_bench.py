from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from envdoctor.bench import runner as runner_mod
from envdoctor.bench import training as training_mod
from envdoctor.bench.result import BenchReport, SmokeResult, Status, TrainResult
from envdoctor.cli import app

from .fakes import NO_NUMPY, NO_TORCH
from .test_render_bench import assert_report_agrees

SEED_MODELS = ["logreg", "mlp", "resnet", "vgg", "fcn", "deeplab", "unet", "transformer"]


def strict_loads(text: str) -> dict:  # type: ignore[type-arg]
    """json.loads that rejects NaN / Infinity, as jq, Go or JSON.parse do."""

    def reject(constant: str) -> None:
        msg = f"non-standard JSON constant {constant}"
        raise ValueError(msg)

    doc = json.loads(text, parse_constant=reject)
    assert isinstance(doc, dict)
    return doc


SCALE = {"ENVDOCTOR_BENCH_SCALE": "0.1"}


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("ENVDOCTOR_BENCH_SCALE", "0.1")
    return CliRunner()


def _err(result: object) -> str:
    return getattr(result, "stderr", "") or getattr(result, "output", "")


@pytest.mark.torch
@pytest.mark.parametrize(
    ("args", "text"),
    [
        (["--device", "tpu"], "invalid device 'tpu'"),
        (["--device", "cuda:1"], "no CUDA device"),
        (["--device", "all"], "no CUDA device"),
        (["--dtype", "fp8"], "unknown dtype 'fp8'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(cli: CliRunner, args: list[str], text: str) -> None:
    result = cli.invoke(app, ["bench", *args])
    assert result.exit_code == 2
    err = _err(result)
    assert text in err
    assert "Traceback" not in result.output
    assert len([line for line in err.splitlines() if line.startswith("envdoctor: error:")]) == 1


def test_bad_scale_env(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENVDOCTOR_BENCH_SCALE", "fast")
    assert cli.invoke(app, ["bench", "--device", "cpu"]).exit_code == 2


def test_save_into_missing_folder_fails_before_running(cli: CliRunner, tmp_path: Path) -> None:
    result = cli.invoke(
        app, ["bench", "--device", "cpu", "--save", str(tmp_path / "nope" / "r.json")]
    )
    assert result.exit_code == 2
    assert "does not exist" in _err(result)


@pytest.mark.torch
def test_json_on_the_cpu(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    result = cli.invoke(app, ["bench", "--device", "cpu", "--json", "--save", str(out)])
    assert result.exit_code == 0, _err(result)
    doc = json.loads(result.stdout)
    assert doc["schema"] == "envdoctor.bench/2"
    assert doc["command"] == "bench" and doc["status"] == "ok" and doc["exit_code"] == 0
    device = doc["devices"][0]
    assert device["info"]["device"] == "cpu"
    assert all(s["status"] == "pass" for s in device["smoke"])
    assert [t["model"] for t in device["training"]] == SEED_MODELS
    assert all(t["status"] == "pass" for t in device["training"])
    assert doc["non_finite"] == []
    assert json.loads(out.read_text(encoding="utf-8")) == doc


@pytest.mark.torch
@pytest.mark.parametrize(("args", "mode"), [([], "quick"), (["--full"], "full")])
def test_the_report_and_the_json_of_one_cpu_run_agree(
    cli: CliRunner, tmp_path: Path, args: list[str], mode: str
) -> None:
    """The default run (--quick) and --full: what the person reads and what --save wrote
    carry the same verdicts and figures, and say what was only reported."""
    out = tmp_path / "bench.json"
    result = cli.invoke(app, ["bench", "--device", "cpu", *args, "--save", str(out)])
    assert result.exit_code == 0, _err(result)
    doc = strict_loads(out.read_text(encoding="utf-8"))
    assert doc["mode"] == mode
    assert_report_agrees(result.stdout, doc)
    # On a CPU nothing is judged against a band: every speed row says so.
    (device,) = doc["devices"]
    assert all(not row["judged"] for row in [*device["matmul"], *device["bandwidth"]])
    assert "CPU figure: compared with an estimate, reported only" in result.stdout


@pytest.mark.torch
def test_auto_falls_back_to_the_cpu_and_prints_tables(cli: CliRunner) -> None:
    result = cli.invoke(app, ["bench"])
    assert result.exit_code == 0, _err(result)
    assert "running on the CPU" in result.stdout
    assert "Tensor smoke tests" in result.stdout
    assert "GFLOP/s" in result.stdout
    assert "Result: pass" in result.stdout


@pytest.mark.torch
def test_a_failed_check_exits_1_and_keeps_the_other_results(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = (
        SmokeResult(
            op="gather",
            dtype="fp32",
            status=Status.FAIL,
            message="gather (fp32) differs from the CPU result",
        ),
    )
    monkeypatch.setattr(runner_mod, "run_smoke", lambda *a, **k: broken)
    result = cli.invoke(app, ["bench", "--device", "cpu", "--json"])
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["status"] == "fail" and doc["exit_code"] == 1
    assert doc["devices"][0]["smoke"][0]["op"] == "gather"
    assert doc["devices"][0]["training"], "training still ran after the smoke failure"


def test_without_torch_says_what_to_install(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)  # `import torch` now raises ImportError
    result = cli.invoke(app, ["bench", "--json"])
    # No PyTorch is a fact of the user's environment (check's torch-missing), not
    # envdoctor failing to run: a problem found, exit 1.
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["status"] == "fail"
    assert 'pip install "envdoctor-gpu[bench]"' in doc["error"]["message"]


def test_torch_that_cannot_be_imported_is_a_problem_not_exit_3(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    class BrokenTorch:
        """A torch whose import fails the way a missing CUDA library makes it fail."""

        def find_spec(self, name: str, *_args: object) -> None:
            if name == "torch":
                raise OSError("libcudnn.so.9: cannot open shared object file")

    monkeypatch.delitem(sys.modules, "torch", raising=False)
    monkeypatch.setattr(sys, "meta_path", [BrokenTorch(), *sys.meta_path])
    result = cli.invoke(app, ["bench", "--json"])
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["status"] == "fail"
    assert "cannot be imported: libcudnn.so.9" in doc["error"]["message"]


def _run(argv: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: PLW1510 - the return code is asserted
        [sys.executable, *argv],
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, **SCALE},
    )


@pytest.mark.slow
def test_subprocess_without_torch_exits_1() -> None:
    proc = _run(["-c", NO_TORCH, "bench", "--device", "cpu"])
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.count("\n") == 1
    assert 'pip install "envdoctor-gpu[bench]"' in proc.stderr
    assert "pip install torch" in proc.stderr


@pytest.mark.slow
@pytest.mark.torch
def test_subprocess_entry_point_runs_the_cpu_bench() -> None:
    proc = _run(["-m", "envdoctor", "bench", "--device", "cpu", "--json"])
    assert proc.returncode == 0, proc.stderr[-2000:]
    doc = strict_loads(proc.stdout)
    assert doc["status"] == "ok"
    assert [t["model"] for t in doc["devices"][0]["training"]] == SEED_MODELS


@pytest.mark.slow
@pytest.mark.torch
def test_a_torch_without_numpy_passes_the_quick_cpu_bench() -> None:
    # Defect: the numpy round trip errored and the whole bench ended ERROR, exit 1.
    proc = _run(["-c", NO_NUMPY, "bench", "--device", "cpu", "--quick", "--json"])
    assert proc.returncode == 0, proc.stderr[-2000:]
    doc = strict_loads(proc.stdout)
    assert doc["status"] == "ok" and doc["host"]["numpy"] is None
    (device,) = doc["devices"]
    roundtrip = [s for s in device["smoke"] if s["op"] == "numpy_roundtrip"]
    assert roundtrip and all(s["status"] == "skip" for s in roundtrip)
    assert any("numpy" in note for note in device["notes"])
    assert [t["model"] for t in device["training"]] == SEED_MODELS
    assert all(t["status"] == "pass" for t in device["training"])


@pytest.mark.torch
def test_non_finite_numbers_become_null_and_are_flagged(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Defect: a NaN loss (what a faulty GPU produces) made --json unparseable.
    def nan_model(torch_mod: object, name: str, *a: object, **k: object) -> tuple[TrainResult]:
        return (
            TrainResult(
                model=name,
                precision="fp32",
                status=Status.FAIL,
                steps=2,
                initial_loss=1.0,
                final_loss=float("nan"),
                samples_per_s=float("inf"),
            ),
        )

    monkeypatch.setattr(training_mod, "run_model", nan_model)
    result = cli.invoke(app, ["bench", "--device", "cpu", "--json"])
    assert result.exit_code == 1
    doc = strict_loads(result.stdout)
    first = doc["devices"][0]["training"][0]
    assert first["final_loss"] is None and first["samples_per_s"] is None
    assert "devices[0].training[0].final_loss" in doc["non_finite"]
    assert "devices[0].training[0].samples_per_s" in doc["non_finite"]


def test_cli_does_not_import_torch_until_bench_runs() -> None:
    code = (
        "import sys; import envdoctor.cli, envdoctor.cli.bench, envdoctor.render.bench, "
        "envdoctor.bench.runner; print('torch' in sys.modules)"
    )
    proc = _run(["-c", code])
    assert proc.stdout.strip() == "False", proc.stderr


def test_distributed_outside_torchrun_is_a_usage_error(cli: CliRunner) -> None:
    result = cli.invoke(app, ["bench", "--distributed", "--device", "cpu"])
    assert result.exit_code == 2
    assert "torchrun" in _err(result)


@pytest.mark.torch
def test_options_reach_the_runner(cli: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}

    def fake_run_bench(
        torch_mod: object, devices: tuple[str, ...], config: object, *a: object, **k: object
    ) -> object:
        seen["devices"], seen["config"] = devices, config
        return BenchReport(
            mode="full", host=runner_mod.host_info(torch_mod, None), devices=(), wall_s=0.0
        )

    monkeypatch.setattr(runner_mod, "run_bench", fake_run_bench)
    result = cli.invoke(app, ["bench", "--full", "--device", "cpu", "--dtype", "bf16,fp32"])
    assert result.exit_code == 0, _err(result)
    config = seen["config"]
    assert isinstance(config, runner_mod.BenchConfig)
    assert (config.mode, config.dtypes, config.scale) == ("full", ("bf16", "fp32"), 0.1)
    assert seen["devices"] == ("cpu",)
