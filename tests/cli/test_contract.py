"""The result contract, for every command and subcommand: one `--json` document on stdout
with the envelope header, a `status` from ok / warn / fail / error, and an exit code that
follows from the status (envdoctor.result). Facts come from snapshots, options, fakes and
servers on 127.0.0.1: no GPU, no network, no real user config.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import typer
from factories import make_snapshot
from typer.testing import CliRunner

from envdoctor.cli import app
from envdoctor.exitcodes import ExitCode
from envdoctor.result import Outcome, agrees
from envdoctor.snapshot import TorchState

HEADER = ("schema", "envdoctor_version", "command", "status", "exit_code")
ERRORS = Path(__file__).resolve().parent.parent / "fixtures" / "errors"
GOOD_WHEEL = "torch-2.8.0+cu128-cp311-cp311-manylinux_2_28_x86_64.whl"
OTHER_MACHINE = ["--python-version", "3.11", "--platform", "linux_x86_64", "--glibc", "2.35"]


def _no_constants(name: str) -> Any:
    raise AssertionError(f"{name} is not JSON")  # NaN, Infinity: Python-only extensions


def parse(text: str) -> dict[str, Any]:
    """Strict JSON: one document, no NaN or Infinity."""
    doc = json.loads(text, parse_constant=_no_constants)
    assert isinstance(doc, dict)
    return doc


def contract(result: Any, argv: list[str]) -> dict[str, Any]:
    """Assert the contract for one run; return the document."""
    doc = parse(result.stdout)
    assert list(doc)[: len(HEADER)] == list(HEADER), list(doc)
    command = " ".join(argv[:2]) if argv[:2] == ["matrix", "update"] else argv[0]
    # install's documented `command` is the install command line; its schema names it.
    assert doc["command"] == command or command == "install"
    assert doc["schema"].startswith("envdoctor." + command.replace(" ", ".") + "/")
    assert doc["status"] in {o.value for o in Outcome}
    assert doc["exit_code"] == result.exit_code, result.output
    assert agrees(doc["status"], doc["exit_code"], strict="--strict" in argv)
    if doc["status"] == "error":
        assert doc["exit_code"] in {2, 3, 130}
        assert doc["error"]["message"] and "Traceback" not in result.output
    return doc


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def snap(tmp_path: Path, name: str = "snap.json", **facts: Any) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(make_snapshot(**facts).to_dict()))
    return str(path)


# Each case: (id, argv built from tmp_path, expected status).
Case = tuple[str, Callable[[Path], list[str]], str]

CASES: list[Case] = [
    # check
    (
        "check-ok",
        lambda t: ["check", "--from", snap(t, gpus=(("NVIDIA H100 80GB HBM3", "9.0"),))],
        "ok",
    ),
    (
        "check-warn",
        lambda t: [
            "check",
            "--from",
            snap(
                t, driver="535.104.05", driver_cuda="12.2", torch="2.8.0+cu126", torch_cuda="12.6"
            ),
        ],
        "warn",
    ),
    (
        "check-warn-strict",
        lambda t: [
            "check",
            "--strict",
            "--from",
            snap(
                t, driver="535.104.05", driver_cuda="12.2", torch="2.8.0+cu126", torch_cuda="12.6"
            ),
        ],
        "warn",
    ),
    (
        "check-fail",
        lambda t: [
            "check",
            "--from",
            snap(
                t,
                driver="535.104.05",
                driver_cuda="12.2",
                torch="2.13.0+cpu",
                torch_cuda=None,
                available=False,
            ),
        ],
        "fail",
    ),
    ("check-missing-file", lambda t: ["check", "--from", str(t / "missing.json")], "error"),
    ("check-bad-combination", lambda t: ["check", "--markdown", "--from", snap(t)], "error"),
    # install
    (
        "install-ok",
        lambda t: [
            "install",
            "--from",
            snap(t, driver="535.104.05", driver_cuda="12.2", torch_state=TorchState.MISSING),
        ],
        "ok",
    ),
    (
        "install-fail",
        lambda t: [
            "install",
            "--from",
            snap(t, torch_state=TorchState.MISSING),
            "--python-version",
            "3.5",
        ],
        "fail",
    ),
    ("install-bad-driver", lambda t: ["install", "--from", snap(t), "--driver", "banana"], "error"),
    # matrix
    ("matrix-summary", lambda t: ["matrix"], "ok"),
    ("matrix-fits", lambda t: ["matrix", "--driver", "580.95.05", "--gpu", "8.6"], "ok"),
    (
        "matrix-nothing-fits",
        lambda t: ["matrix", "--gpu", "Tesla K80", "--python", "3.14", "--driver", "470.239.06"],
        "fail",
    ),
    ("matrix-bad-gpu", lambda t: ["matrix", "--gpu", "Banana 3000"], "error"),
    # matrix update: an index that refuses connections is the environment: one line, exit 1
    (
        "matrix-update-no-index",
        lambda t: ["matrix", "update", "--index-url", "http://127.0.0.1:9", "--timeout", "1"],
        "fail",
    ),
    # wheel
    (
        "wheel-ok",
        lambda t: ["wheel", *OTHER_MACHINE, "--driver", "580.95.05", "--gpu", "8.6", GOOD_WHEEL],
        "ok",
    ),
    # No driver or GPU facts for another machine: the GPU fit is unknown, a warning.
    ("wheel-warn", lambda t: ["wheel", *OTHER_MACHINE, GOOD_WHEEL], "warn"),
    ("wheel-warn-strict", lambda t: ["wheel", "--strict", *OTHER_MACHINE, GOOD_WHEEL], "warn"),
    (
        "wheel-fail",
        lambda t: ["wheel", *OTHER_MACHINE, "torch-2.8.0+cu128-cp311-cp311-win_amd64.whl"],
        "fail",
    ),
    ("wheel-not-a-wheel-name", lambda t: ["wheel", *OTHER_MACHINE, "not-a-wheel.txt"], "error"),
    ("wheel-bad-from", lambda t: ["wheel", "--from", str(t / "missing.json"), GOOD_WHEEL], "error"),
    # explain
    (
        "explain-ok",
        lambda t: [
            "explain",
            "--no-local",
            "--file",
            str(next(ERRORS.glob("driver-too-old__*.txt"))),
        ],
        "ok",
    ),
    ("explain-not-recognised", lambda t: ["explain", "--no-local", "all good"], "fail"),
    ("explain-empty", lambda t: ["explain", "--no-local", "   "], "error"),
    # mirrors (HOME and the tools' variables are isolated by tests/conftest.py)
    ("mirrors-show", lambda t: ["mirrors"], "ok"),
    ("mirrors-print", lambda t: ["mirrors", "--mirror", "tuna"], "ok"),
    ("mirrors-dry-run", lambda t: ["mirrors", "--apply", "--dry-run", "--mirror", "tuna"], "ok"),
    # Written, but the isolation's PIP_CONFIG_FILE hides the file from pip: a warning.
    ("mirrors-apply", lambda t: ["mirrors", "--apply", "--yes", "--mirror", "tuna"], "warn"),
    ("mirrors-restore-nothing", lambda t: ["mirrors", "--restore"], "ok"),
    ("mirrors-unknown-name", lambda t: ["mirrors", "--mirror", "no-such-mirror"], "error"),
    ("mirrors-bad-combination", lambda t: ["mirrors", "--apply", "--restore"], "error"),
]


@pytest.mark.parametrize(
    ("argv", "expected"), [(c[1], c[2]) for c in CASES], ids=[c[0] for c in CASES]
)
def test_json_contract(
    runner: CliRunner, tmp_path: Path, argv: Callable[[Path], list[str]], expected: str
) -> None:
    args = argv(tmp_path)
    result = runner.invoke(app, [*args, "--json"])
    doc = contract(result, args)
    assert doc["status"] == expected, result.output


def test_bad_input_is_exit_2_never_3(runner: CliRunner, tmp_path: Path) -> None:
    """Exit 3 means envdoctor itself could not run; no user input may cause it."""
    for args in (
        ["check", "--from", str(tmp_path / "missing.json")],
        ["install", "--from", snap(tmp_path), "--driver", "banana"],
        ["matrix", "--python", "three"],
        ["wheel", *OTHER_MACHINE, "not-a-wheel.txt"],
        ["explain", "--no-local", "   "],
        ["mirrors", "--mirror", "no-such-mirror"],
    ):
        result = runner.invoke(app, [*args, "--json"])
        doc = contract(result, args)
        assert (doc["status"], result.exit_code) == ("error", int(ExitCode.USAGE)), args


def test_mirrors_apply_then_restore(runner: CliRunner) -> None:
    applied = runner.invoke(app, ["mirrors", "--apply", "--yes", "--mirror", "tuna", "--json"])
    assert contract(applied, ["mirrors"])["status"] in {"ok", "warn"}
    for args in (["mirrors", "--restore", "--dry-run"], ["mirrors", "--restore"]):
        result = runner.invoke(app, [*args, "--json"])
        assert contract(result, args)["status"] == "ok"


def test_mirrors_probe(runner: CliRunner) -> None:
    from tests.mirrors.servers import Behaviour, index_server

    with index_server() as (good, _):
        args = ["mirrors", "--probe", "--mirror", good, "--timeout", "5"]
        assert contract(runner.invoke(app, [*args, "--json"]), args)["status"] == "ok"
    with index_server(Behaviour(status=404)) as (missing, _):
        args = ["mirrors", "--probe", "--mirror", missing, "--timeout", "5"]
        assert contract(runner.invoke(app, [*args, "--json"]), args)["status"] == "fail"


@pytest.fixture
def update_plan(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[Any]]:
    """`matrix update` against a fake plan: no index, and the file is a copy."""
    from envdoctor.matrix import update as update_mod

    path = tmp_path / "compat_matrix.json"
    path.write_text("{}", encoding="utf-8")
    plans: list[Any] = []

    def fake_plan(p: Path, *, index_url: str, timeout: float, user_file: bool = False) -> Any:
        return plans[0]

    written: list[Any] = []
    monkeypatch.setattr(update_mod, "plan_update", fake_plan)
    monkeypatch.setattr(update_mod, "apply_update", written.append)
    base = update_mod.UpdatePlan(path, "{}", "{}", "", (), ())
    plans.append(base)
    yield [plans, base, written]


def test_matrix_update(runner: CliRunner, update_plan: list[Any]) -> None:
    plans, base, written = update_plan
    args = ["matrix", "update", "--file", str(base.path)]
    assert contract(runner.invoke(app, [*args, "--json"]), args)["status"] == "ok"
    plans[0] = replace(base, diff="--- a\n+++ b\n", changes=("torch 2.99.0",))
    doc = contract(runner.invoke(app, [*args, "--json"]), args)  # no --yes: nothing written
    assert (doc["status"], doc["written"], written) == ("fail", False, [])
    plans[0] = replace(plans[0], warnings=("cu140 has no driver row yet",))
    doc = contract(runner.invoke(app, [*args, "--yes", "--json"]), args)
    assert (doc["status"], doc["written"], len(written)) == ("warn", True, 1)


def _fake_bench(monkeypatch: pytest.MonkeyPatch, report: Any) -> None:
    from envdoctor.bench import device
    from envdoctor.bench import runner as bench_runner
    from envdoctor.cli import bench as bench_cli

    monkeypatch.setattr(bench_cli, "import_torch", object)
    monkeypatch.setattr(device, "cuda_state", lambda torch: (0, "no CUDA device (test)"))
    monkeypatch.setattr(bench_runner, "run_bench", lambda *a, **k: report)


def test_bench(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    from bench.fakes import sample_report

    from envdoctor.bench.result import Status

    _fake_bench(monkeypatch, sample_report())
    # The parts keep their own words (a smoke test's "fail" here); the device's verdict
    # (pass) decides the top-level status, in the one vocabulary.
    doc = contract(runner.invoke(app, ["bench", "--json"]), ["bench"])
    assert doc["status"] == "ok" and doc["devices"][0]["smoke"][0]["status"] == "fail"
    _fake_bench(monkeypatch, sample_report(stragglers=("cuda:1",)))
    assert contract(runner.invoke(app, ["bench", "--json"]), ["bench"])["status"] == "warn"
    _fake_bench(monkeypatch, sample_report(device_status=Status.FAIL))
    assert contract(runner.invoke(app, ["bench", "--json"]), ["bench"])["status"] == "fail"
    _fake_bench(monkeypatch, sample_report(device_status=Status.ERROR))
    assert contract(runner.invoke(app, ["bench", "--json"]), ["bench"])["status"] == "fail"


def test_bench_measurement_that_is_not_a_number_is_null(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bench.fakes import sample_report

    report = sample_report()
    device = report.devices[0]
    nan_matmul = replace(device.matmul[0], fraction=math.nan)
    report = replace(report, devices=(replace(device, matmul=(nan_matmul,)),))
    _fake_bench(monkeypatch, report)
    doc = contract(runner.invoke(app, ["bench", "--json"]), ["bench"])
    assert doc["devices"][0]["matmul"][0]["fraction"] is None


def test_bench_without_torch_is_a_problem(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    # No PyTorch is the user's environment (check's torch-missing), never exit 3.
    monkeypatch.setitem(sys.modules, "torch", None)
    doc = contract(runner.invoke(app, ["bench", "--json"]), ["bench"])
    assert (doc["status"], doc["exit_code"]) == ("fail", 1)


def test_bench_unwritable_save_is_bad_input(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from bench.fakes import sample_report

    from envdoctor.bench.result import Status

    _fake_bench(monkeypatch, sample_report(device_status=Status.PASS))
    target = tmp_path / "bench.json"

    def refuse(*a: Any, **k: Any) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "write_text", refuse)
    args = ["bench", "--save", str(target)]
    doc = contract(runner.invoke(app, [*args, "--json"]), args)
    assert (doc["status"], doc["exit_code"]) == ("error", 2)
    assert doc["devices"], "the results are still in the document"


# Commands and subcommands the tests above run with --json.
COVERED = {
    "matrix update" if c[0].startswith("matrix-update") else c[0].split("-")[0] for c in CASES
}


def _registered(typer_app: typer.Typer) -> set[str]:
    names = {c.name or "" for c in typer_app.registered_commands}
    for group in typer_app.registered_groups:
        assert group.typer_instance is not None
        names.add(group.name or "")
        names |= {f"{group.name} {c.name}" for c in group.typer_instance.registered_commands}
    return names


def test_every_command_is_covered() -> None:
    assert _registered(app) == COVERED | {"bench"}


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["check", "--json", "--bogus"], "check"),
        (["--lang", "en", "check", "--json", "--timeout", "abc"], "check"),
        (["matrix", "update", "--json", "--nope"], "matrix update"),
        (["bogus", "--json"], "envdoctor"),
    ],
)
def test_a_command_line_click_refuses_still_gets_an_error_document(
    argv: list[str],
    command: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Through the console entry point (Click's own usage errors happen before a command runs)."""
    from envdoctor.cli import main

    monkeypatch.setattr("sys.argv", ["envdoctor", *argv])
    with pytest.raises(SystemExit) as exited:
        main()
    out, err = capsys.readouterr()
    doc = parse(out)
    assert (doc["command"], doc["status"], doc["exit_code"], exited.value.code) == (
        command,
        "error",
        2,
        2,
    )
    assert doc["error"]["message"] in err and "Traceback" not in err


def test_the_entry_point_exit_code_is_the_documents(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from envdoctor.cli import main

    monkeypatch.setattr(
        "sys.argv", ["envdoctor", "matrix", "--json", "--gpu", "Tesla K80", "--python", "3.14"]
    )
    with pytest.raises(SystemExit) as exited:
        main()
    doc = parse(capsys.readouterr().out)
    assert exited.value.code == doc["exit_code"] == 1 and doc["status"] == "fail"
