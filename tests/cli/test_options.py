"""The shared option parsers: one rule per option, and every command applies it the same way."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from factories import make_snapshot
from typer.testing import CliRunner

from envdoctor.cli import app
from envdoctor.cli._options import (
    parse_driver_option,
    parse_gpu_option,
    parse_os_option,
    parse_python_version_option,
    parse_timeout_option,
    parse_torch_option,
)
from envdoctor.errors import UsageError
from envdoctor.matrix import load_matrix
from envdoctor.snapshot import TorchState


def accepts(func: object, text: object) -> bool:
    try:
        func(text)  # type: ignore[operator]
    except UsageError:
        return False
    return True


# ---- the parsers (cases moved from matrix.fit's and wheelcheck.target's validators)


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("535.104.05", True),
        (" 535.104.05 ", True),
        ("580.65", True),
        ("535", True),  # a branch: accepted by every command now (matrix did, install/wheel not)
        ("53.5", False),
        ("latest", False),
        ("new", False),
        ("535.x", False),
        ("1050.1", False),  # wheel accepted it alone
        ("", False),
    ],
)
def test_driver(text: str, ok: bool) -> None:
    assert accepts(parse_driver_option, text) is ok


def test_driver_value() -> None:
    assert str(parse_driver_option(" 535.104.05 ")) == "535.104.05"
    assert parse_driver_option("535").branch == 535


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("3.11", True),
        ("3.11.4", True),
        ("3.13t", True),
        ("cp312", True),
        ("3.10.12", True),
        ("3", False),
        ("11", False),
        ("9.1", False),
        ("three", False),
    ],
)
def test_python_version(text: str, ok: bool) -> None:
    assert accepts(parse_python_version_option, text) is ok


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3.11", ((3, 11), False)),
        ("3.13t", ((3, 13), True)),
        ("cp312", ((3, 12), False)),
        ("3.10.12", ((3, 10), False)),
    ],
)
def test_python_version_value(text: str, expected: tuple[tuple[int, int], bool]) -> None:
    v = parse_python_version_option(text)
    assert ((v.major, v.minor), v.free_threaded) == expected


@pytest.mark.parametrize(
    ("text", "ok"),
    [("2.13.0", True), ("2.13.0+cu126", True), ("2.13", True), ("latest", False), ("", False)],
)
def test_torch(text: str, ok: bool) -> None:
    assert accepts(parse_torch_option, text) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        (45.0, True),
        (1.0, True),
        (0.5, True),
        (0.0, False),
        (-1.0, False),
        (math.inf, False),
        (math.nan, False),
        (1e300, False),
    ],
)
def test_timeout(value: float, ok: bool) -> None:
    assert accepts(parse_timeout_option, value) is ok


@pytest.mark.parametrize(
    ("text", "ok"),
    [("linux", True), ("Windows", True), ("macos", True), ("wsl", True), ("solaris", False)],
)
def test_os(text: str, ok: bool) -> None:
    assert accepts(parse_os_option, text) is ok


@pytest.mark.parametrize(
    ("text", "cc"),
    [
        ("RTX 3060", "8.6"),
        ("NVIDIA GeForce RTX 3060", "8.6"),
        ("T4", "7.5"),
        ("8.6", "8.6"),
        ("sm_90", "9.0"),
    ],
)
def test_gpu(text: str, cc: str) -> None:
    assert str(parse_gpu_option(load_matrix(), text).capability) == cc


@pytest.mark.parametrize("text", ["Voodoo 5", "GeForce GT 730", "8.6x"])
def test_gpu_refused(text: str) -> None:
    with pytest.raises(UsageError):
        parse_gpu_option(load_matrix(), text)


# ---- every command answers the same input the same way


WHEEL = "torch-2.8.0+cu128-cp311-cp311-manylinux_2_28_x86_64.whl"


def _commands(tmp_path: Path) -> dict[str, list[str]]:
    snap = tmp_path / "s.json"
    snap.write_text(json.dumps(make_snapshot(torch_state=TorchState.MISSING).to_dict()))
    return {
        "install": ["install", "--from", str(snap)],
        "matrix": ["matrix", "--gpu", "8.6"],
        "wheel": ["wheel", "--python-version", "3.11", "--platform", "linux_x86_64", WHEEL],
    }


@pytest.mark.parametrize(
    ("option", "value", "ok"),
    [
        ("--driver", "535", True),
        ("--driver", "535.104.05", True),
        ("--driver", "1050.1", False),
        ("--driver", "latest", False),
        ("--python-version", "3.11", True),
        ("--python-version", "three", False),
        ("--gpu", "RTX 3060", True),
        ("--gpu", "Voodoo 5", False),
        ("--os", "windows", True),
        ("--os", "solaris", False),
    ],
)
def test_every_command_accepts_and_refuses_alike(
    tmp_path: Path, option: str, value: str, ok: bool
) -> None:
    for name, base in _commands(tmp_path).items():
        args = list(base)
        if option == "--gpu" and name == "matrix":
            args = ["matrix"]
        if option == "--python-version" and name == "wheel":
            args = ["wheel", "--platform", "linux_x86_64", WHEEL]
        if option == "--os" and name == "wheel":
            args = ["wheel", "--python-version", "3.11", WHEEL]
        result = CliRunner().invoke(app, [*args, option, value])
        assert (result.exit_code != 2) is ok, (name, option, value, result.output)
        if not ok:
            assert "Traceback" not in result.output
            assert "envdoctor: error:" in result.output


@pytest.mark.parametrize("value", ["inf", "nan", "0", "-5", "1e9"])
@pytest.mark.parametrize("command", ["check", "install", "wheel", "mirrors", "matrix"])
def test_bad_timeout_is_exit_2_everywhere(command: str, value: str) -> None:
    args = {
        "check": ["check"],
        "install": ["install"],
        "wheel": ["wheel", WHEEL],
        "mirrors": ["mirrors", "--probe"],
        "matrix": ["matrix", "update"],
    }[command]
    result = CliRunner().invoke(app, [*args, "--timeout", value])
    assert result.exit_code == 2, result.output
    assert "--timeout" in result.output


@pytest.mark.parametrize("value", ["latest", ""])
def test_torch_that_is_not_a_version_is_exit_2(tmp_path: Path, value: str) -> None:
    result = CliRunner().invoke(app, [*_commands(tmp_path)["install"], "--torch", value])
    assert result.exit_code == 2, result.output


def _json_helps() -> dict[str, str]:
    import typer

    root = typer.main.get_command(app)
    helps: dict[str, str] = {}
    for name, cmd in getattr(root, "commands", {}).items():
        for param in getattr(cmd, "params", []):
            if "--json" in getattr(param, "opts", ()):
                helps[name] = getattr(param, "help", "") or ""
    return helps


def test_json_has_one_help_wording() -> None:
    helps = _json_helps()
    assert {"check", "install", "matrix", "wheel", "mirrors", "bench", "explain"} <= set(helps)
    wordings = set(helps.values())
    assert len(wordings) == 1, helps


# ---- --from: one declaration, one loader, several inputs in every command (issue 9)

SMI = (
    "| NVIDIA-SMI 551.86   Driver Version: 551.86   CUDA Version: 12.4 |\n"
    "|   0  NVIDIA GeForce RTX 4080 ...  WDDM  | 00000000:01:00.0 Off |   N/A |\n"
)
PIP_LIST = "torch                     2.4.1+cu121\nnumpy 1.26.4\n"
TOO_OLD = (
    "UserWarning: CUDA initialization: The NVIDIA driver on your system is too old "
    "(found version 11040)."
)


def test_install_from_fuses_several_inputs_and_stdin(tmp_path: Path) -> None:
    smi = tmp_path / "smi.txt"
    smi.write_text(SMI, encoding="utf-8")
    runner = CliRunner()
    alone = runner.invoke(app, ["install", "--from", str(smi), "--json"])
    assert json.loads(alone.stdout)["variant"] is None  # no Python known: no build to name
    both = runner.invoke(
        app,
        ["install", "--from", str(smi), "--from", "-", "--json"],
        input="Python version: 3.8.10\nOS: Ubuntu 20.04\n",
    )
    assert both.exit_code == 0, both.output
    doc = json.loads(both.stdout)
    # The driver from nvidia-smi and the Python from the report, judged together.
    assert doc["variant"].startswith("cu12") and "torch==2.4.1" in doc["command"]


def test_explain_from_fuses_several_inputs(tmp_path: Path) -> None:
    smi = tmp_path / "smi.txt"
    smi.write_text(SMI, encoding="utf-8")
    pip = tmp_path / "pip.txt"
    pip.write_text(PIP_LIST, encoding="utf-8")
    runner = CliRunner()

    def contradiction(*froms: str) -> object:
        args = [a for f in froms for a in ("--from", f)]
        result = runner.invoke(app, ["explain", TOO_OLD, *args, "--json"])
        assert result.exit_code == 0, result.output
        doc = json.loads(result.stdout)
        assert doc["local_facts"] == "file"
        return doc["explanations"][0]["contradiction"]

    assert contradiction(str(smi)) is None  # torch's CUDA unknown: nothing to contradict
    assert contradiction(str(pip)) is None  # the driver unknown
    said = contradiction(str(smi), str(pip))
    assert isinstance(said, str) and "551.86" in said and "12.1" in said


def test_explain_reads_stdin_once() -> None:
    result = CliRunner().invoke(app, ["explain", "-", "--from", "-"], input=TOO_OLD)
    assert result.exit_code == 2
    assert "standard input" in result.output


@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["install"],
        ["explain", TOO_OLD],
        ["wheel", "torch-2.4.1+cu121-cp38-cp38-linux_x86_64.whl"],
    ],
)
def test_every_from_refuses_an_unusable_paste_the_same_way(
    command: list[str], tmp_path: Path
) -> None:
    junk = tmp_path / "junk.txt"
    junk.write_text("hello, nothing here\n", encoding="utf-8")
    result = CliRunner().invoke(app, [*command, "--from", str(junk), "--from", "-"], input=SMI)
    assert result.exit_code != 2, result.output  # one usable input is enough
    bad = CliRunner().invoke(app, [*command, "--from", str(junk), "--json"])
    assert bad.exit_code == 2, bad.output
    assert "collect_env" in json.loads(bad.stdout)["error"]["message"]
