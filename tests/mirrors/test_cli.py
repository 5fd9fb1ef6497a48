from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from envdoctor.cli import app
from tests.mirrors.servers import Behaviour, index_server

runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["mirrors", *args], env=env)


def doc(result) -> dict:  # type: ignore[no-untyped-def]
    return json.loads(result.stdout)


def test_show_lists_each_tool_and_the_mirrors() -> None:
    result = run()
    assert result.exit_code == 0, result.output
    for word in ("pip", "conda", "uv", "tuna", "aliyun", "built-in default", "douban"):
        assert word in result.stdout


def test_show_json_envelope_and_sources(home: Path) -> None:
    result = run("--json", env={"PIP_INDEX_URL": "https://mirrors.aliyun.com/pypi/simple/"})
    assert result.exit_code == 0
    d = doc(result)
    assert (
        d["schema"] == "envdoctor.mirrors/2" and d["command"] == "mirrors" and d["status"] == "ok"
    )
    assert d["tools"]["pip"]["index"]["source"] == "PIP_INDEX_URL"
    assert d["tools"]["pip"]["index"]["mirror"] == "aliyun"
    assert d["tools"]["uv"]["index"]["source"] == "default"
    assert any(f["code"] == "uv-ignores-pip" for f in d["tools"]["uv"]["findings"])


def test_show_flags_a_dead_mirror_in_use(home: Path) -> None:
    result = run("--json", "--tool", "pip", env={"PIP_INDEX_URL": "http://pypi.douban.com/simple"})
    assert result.exit_code == 1
    assert doc(result)["status"] == "fail"
    assert list(doc(result)["tools"]) == ["pip"]


def test_mirror_prints_commands_for_every_tool() -> None:
    result = run("--mirror", "tuna")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert (
        "pip config set global.index-url https://mirrors.tuna.tsinghua.edu.cn/pypi/web/simple"
        in out
    )
    assert "default_channels:" in out and "custom_channels:" in out and "conda clean -i" in out
    assert not [line for line in out.splitlines() if "pkgs/free" in line and "- " in line]
    assert "[[index]]" in out and "default = true" in out
    assert "no PyTorch wheel index" in out


def test_mirror_with_pytorch_index() -> None:
    out = run("--mirror", "sjtu").stdout
    assert "--index-url https://mirror.sjtu.edu.cn/pytorch-wheels/cu126" in out
    out = run("--mirror", "aliyun").stdout
    assert "-f https://mirrors.aliyun.com/pytorch-wheels/cu126/" in out and 'format = "flat"' in out


def test_dead_mirror_is_refused_in_one_line() -> None:
    result = run("--mirror", "douban")
    assert result.exit_code == 2
    assert (
        result.stderr.count("\n") == 1
        and "douban" in result.stderr
        and "Traceback" not in result.output
    )
    result = run("--mirror", "douban", "--json")
    assert doc(result)["status"] == "error" and doc(result)["exit_code"] == 2


def test_dry_run_writes_nothing(home: Path) -> None:
    result = run("--mirror", "ustc", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "+index-url = https://mirrors.ustc.edu.cn/pypi/simple" in result.stdout
    assert not (home / ".config" / "pip" / "pip.conf").exists()
    assert not (home / ".condarc").exists()


def test_apply_then_restore(home: Path) -> None:
    pip_conf = home / ".config" / "pip" / "pip.conf"
    pip_conf.parent.mkdir(parents=True)
    pip_conf.write_bytes(b"# keep me\n[global]\ntimeout = 7\n")
    result = run("--mirror", "nju", "--apply", "--json")
    assert result.exit_code == 0, result.output
    d = doc(result)
    assert d["mode"] == "apply" and d["backup"]
    assert {c["tool"] for c in d["changes"]} == {"pip", "conda", "uv"}
    assert "mirror.nju.edu.cn" in pip_conf.read_text() and "# keep me" in pip_conf.read_text()
    assert Path(d["backup"]).is_relative_to(home / ".local" / "state")
    again = run("--mirror", "nju", "--apply")
    assert "Nothing to change" in again.stdout
    restored = run("--restore", "--json")
    assert restored.exit_code == 0
    assert pip_conf.read_bytes() == b"# keep me\n[global]\ntimeout = 7\n"
    assert not (home / ".condarc").exists()
    assert "Nothing to restore" in run("--restore").stdout


def test_apply_warns_when_an_env_var_still_wins(home: Path) -> None:
    result = run(
        "--mirror",
        "tuna",
        "--apply",
        "--tool",
        "pip",
        "--json",
        env={"PIP_INDEX_URL": "https://mirrors.aliyun.com/pypi/simple/"},
    )
    assert result.exit_code == 0
    assert any("PIP_INDEX_URL" in w for w in doc(result)["warnings"])


@pytest.mark.parametrize(
    "args",
    [
        ("--apply", "--restore", "--mirror", "tuna"),
        ("--apply",),
        ("--mirror", "tuna", "--mirror", "nju"),
        ("--probe", "--apply", "--mirror", "tuna"),
        ("--tool", "npm"),
        ("--scope", "env", "--mirror", "tuna", "--apply"),
    ],
)
def test_bad_combinations_are_usage_errors(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_probe_json_against_local_servers() -> None:
    with index_server() as (good, _), index_server(Behaviour(status=403)) as (blocked, _):
        result = run("--probe", "--mirror", good, "--mirror", blocked, "--json", "--timeout", "5")
    assert result.exit_code == 0, result.output
    d = doc(result)
    assert [r["verdict"] for r in d["results"]] == ["ok", "blocked"]
    assert d["recommended"] == good


def test_probe_exit_code_when_nothing_works() -> None:
    with index_server(Behaviour(status=404)) as (url, _):
        result = run("--probe", "--mirror", url)
    assert result.exit_code == 1
    assert "No mirror answered" in result.stdout


def test_translated_output() -> None:
    result = runner.invoke(app, ["--lang", "zh_CN", "mirrors", "--mirror", "tuna"])
    assert result.exit_code == 0
    assert "自动写入（会先备份）" in result.stdout
    assert "没有 PyTorch wheel 索引" in result.stdout


@pytest.mark.slow
def test_entry_point_subprocess(home: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "envdoctor", "mirrors", "--json", "--tool", "uv"],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ),
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["command"] == "mirrors"


def test_asks_on_a_terminal_and_respects_no(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from envdoctor.cli import mirrors as cli_mirrors

    monkeypatch.setattr(cli_mirrors, "_interactive", lambda json_output: True)
    result = runner.invoke(app, ["mirrors", "--mirror", "tuna", "--apply"], input="n\n")
    assert result.exit_code == 1
    assert "Nothing was written" in result.stdout
    assert not (home / ".condarc").exists()
    result = runner.invoke(app, ["mirrors", "--mirror", "tuna", "--apply"], input="y\n")
    assert result.exit_code == 0
    assert (home / ".condarc").exists()


def test_yes_skips_the_question(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from envdoctor.cli import mirrors as cli_mirrors

    monkeypatch.setattr(cli_mirrors, "_interactive", lambda json_output: True)
    result = runner.invoke(app, ["mirrors", "--mirror", "tuna", "--apply", "--yes"], input="")
    assert result.exit_code == 0, result.output
    assert "Write these changes?" not in result.stdout
    assert (home / ".condarc").exists()


def test_apply_warns_when_the_written_file_is_not_read(home: Path) -> None:
    # The autouse fixture sets PIP_CONFIG_FILE=os.devnull: pip reads no file at all.
    result = run("--mirror", "tuna", "--apply", "--tool", "pip", "--json")
    assert result.exit_code == 0
    [warning] = doc(result)["warnings"]
    assert "does not read" in warning and "pip.conf" in warning


def test_commands_are_never_wrapped() -> None:
    out = run("--mirror", "aliyun", env={"COLUMNS": "40"}).stdout
    assert (
        "    pip install torch torchvision -f https://mirrors.aliyun.com/pytorch-wheels/cu126/\n"
        in out
    )


def test_unparsable_config_is_one_line_and_untouched(home: Path) -> None:
    rc = home / ".condarc"
    rc.write_text("channels: [defaults\n")
    result = run("--mirror", "tuna", "--apply", "--tool", "conda")
    assert result.exit_code == 1
    assert (
        result.stderr.startswith("envdoctor: error: cannot parse")
        and result.stderr.count("\n") == 1
    )
    assert rc.read_text() == "channels: [defaults\n"
    assert not (home / ".local" / "state" / "envdoctor").exists()  # no backup, nothing written


def test_restore_dry_run_lists_and_changes_nothing(home: Path) -> None:
    assert run("--mirror", "pku", "--apply", "--tool", "conda").exit_code == 0
    rc = home / ".condarc"
    before = rc.read_bytes()
    result = run("--restore", "--dry-run")
    assert result.exit_code == 0
    assert f"{rc}: would delete" in result.stdout
    assert rc.read_bytes() == before
    assert run("--restore").exit_code == 0
    assert not rc.exists()
