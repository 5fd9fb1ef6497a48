"""The real pip and uv, not our model of them, must follow what `--apply` wrote.

A PEP 503 index with one wheel runs on 127.0.0.1. After `--apply --mirror <its URL>`
pip and uv resolve the wheel from it; after `--restore` they do not (they go back to
pypi.org, which a dead proxy makes unreachable, so nothing leaves this machine).
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from envdoctor.cli import app
from envdoctor.mirrors.effective_pip import pip_config
from envdoctor.mirrors.locations import current_machine
from tests.mirrors.servers import Behaviour, build_wheel, index_server

pytestmark = pytest.mark.slow
runner = CliRunner()
PKG = "envdoctor-probe-pkg"


def _dead_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def client_env(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """What pip and uv see: our private HOME and XDG dirs, no machine-wide config, no network."""
    # The autouse fixture hides every pip file with PIP_CONFIG_FILE=devnull; here the
    # user file must count, exactly as on a user's machine.
    monkeypatch.delenv("PIP_CONFIG_FILE", raising=False)
    proxy = f"http://127.0.0.1:{_dead_port()}"
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.setenv(var, proxy)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    env = dict(os.environ)
    env.update(
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        PIP_RETRIES="0",
        PIP_TIMEOUT="3",
        UV_CACHE_DIR=str(tmp_path / "uv-cache"),
        UV_PYTHON_DOWNLOADS="never",
        UV_NO_PROGRESS="1",
        UV_HTTP_TIMEOUT="3",
        UV_HTTP_RETRIES="0",
    )
    return env


@pytest.fixture
def served(tmp_path: Path):  # type: ignore[no-untyped-def]
    wheel = build_wheel(tmp_path)
    with index_server(Behaviour(files={wheel.name: wheel.read_bytes()})) as (url, behaviour):
        yield url, behaviour


def pip(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pip", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def uv(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    from uv import find_uv_bin

    return subprocess.run(
        [find_uv_bin(), *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _hits(behaviour: Behaviour) -> int:
    return sum(
        1 for path, _ua, _r in behaviour.requests if PKG in path or "envdoctor_probe_pkg" in path
    )


def test_pip_follows_apply_and_restore(client_env: dict[str, str], served, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url, behaviour = served
    work = tmp_path / "work"
    work.mkdir()
    result = runner.invoke(app, ["mirrors", "--mirror", url, "--apply", "--tool", "pip", "--yes"])
    assert result.exit_code == 0, result.output

    dl = pip(client_env, work, "download", "--no-deps", "-d", str(tmp_path / "dl"), f"{PKG}==1.0")
    assert dl.returncode == 0, dl.stderr
    assert (tmp_path / "dl" / "envdoctor_probe_pkg-1.0-py3-none-any.whl").is_file()
    assert _hits(behaviour) >= 2  # the project page and the wheel came from our index

    # `pip config list` and envdoctor agree on the index.
    listed = pip(client_env, work, "config", "list")
    assert listed.returncode == 0, listed.stderr
    m = re.search(r"^global\.index-url='([^']*)'$", listed.stdout, re.M)
    assert m is not None, listed.stdout
    ours = pip_config(current_machine()).index
    assert ours.value == m.group(1) == url
    assert ours.source == str(Path(os.environ["XDG_CONFIG_HOME"]) / "pip" / "pip.conf")
    shown = runner.invoke(app, ["mirrors", "--json", "--tool", "pip"])
    assert json.loads(shown.stdout)["tools"]["pip"]["index"]["value"] == m.group(1)

    restored = runner.invoke(app, ["mirrors", "--restore"])
    assert restored.exit_code == 0, restored.output
    before = _hits(behaviour)
    log = tmp_path / "pip.log"
    again = pip(
        client_env,
        work,
        "download",
        "--log",
        str(log),
        "--no-deps",
        "-d",
        str(tmp_path / "dl2"),
        f"{PKG}==1.0",
    )
    assert again.returncode != 0
    assert (
        "https://pypi.org/simple/envdoctor-probe-pkg/" in log.read_text()
    )  # back on the default index
    assert _hits(behaviour) == before  # pip did not come back to our index
    listed = pip(client_env, work, "config", "list")
    assert "index-url" not in listed.stdout
    assert pip_config(current_machine()).index.source == "default"


def test_uv_follows_apply_and_restore(client_env: dict[str, str], served, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url, behaviour = served
    work = tmp_path / "work"
    work.mkdir()
    (work / "req.in").write_text(f"{PKG}\n")
    result = runner.invoke(app, ["mirrors", "--mirror", url, "--apply", "--tool", "uv", "--yes"])
    assert result.exit_code == 0, result.output

    compiled = uv(
        client_env, work, "pip", "compile", "req.in", "--python", sys.executable, "--no-header"
    )
    assert compiled.returncode == 0, compiled.stderr
    assert f"{PKG}==1.0" in compiled.stdout
    assert _hits(behaviour) >= 1

    restored = runner.invoke(app, ["mirrors", "--restore"])
    assert restored.exit_code == 0, restored.output
    before = _hits(behaviour)
    again = uv(
        client_env,
        work,
        "pip",
        "compile",
        "req.in",
        "--python",
        sys.executable,
        "--no-header",
        "--refresh",
    )
    assert again.returncode != 0
    assert "pypi.org" in again.stderr, again.stderr  # back on the default index
    assert _hits(behaviour) == before


def _pip_effective_index(listing: str) -> str | None:
    """What `pip install` would use, from `pip config list`: env var > [install] > [global]."""
    found = dict(re.findall(r"^([^=\s]+)='(.*)'$", listing, re.M))
    for key in (":env:.index-url", "install.index-url", "global.index-url"):
        if key in found:
            return found[key]
    return None


A = "https://mirrors.aliyun.com/pypi/simple/"
B = "https://mirrors.ustc.edu.cn/pypi/simple"
C = "https://mirror.nju.edu.cn/pypi/web/simple"


@pytest.mark.parametrize(
    ("files", "env", "expected"),
    [
        pytest.param({".pip/pip.conf": A, ".config/pip/pip.conf": B}, {}, B, id="new-beats-legacy"),
        pytest.param(
            {"etc-xdg/pip/pip.conf": A, ".config/pip/pip.conf": B}, {}, B, id="user-beats-global"
        ),
        pytest.param({"etc-xdg/pip/pip.conf": A}, {}, A, id="global-only"),
        pytest.param(
            {".config/pip/pip.conf": B, "custom.conf": None},
            {"PIP_CONFIG_FILE": "custom.conf"},
            None,
            id="config-file-hides-user",
        ),
        pytest.param(
            {".config/pip/pip.conf": B, "custom.conf": C},
            {"PIP_CONFIG_FILE": "custom.conf"},
            C,
            id="config-file-wins",
        ),
        pytest.param({".config/pip/pip.conf": B}, {"PIP_INDEX_URL": C}, C, id="env-var-wins"),
        pytest.param(
            {".config/pip/pip.conf": "install:" + A},
            {"PIP_CONFIG_FILE": "nope.conf"},
            A,
            id="missing-config-file-hides-nothing",
        ),
    ],
)
def test_pip_config_list_agrees_with_envdoctor(
    client_env: dict[str, str],
    home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    files: dict[str, str | None],
    env: dict[str, str],
    expected: str | None,
) -> None:
    base = {"etc-xdg": tmp_path, "custom.conf": tmp_path}
    for rel, value in files.items():
        root = next((r for prefix, r in base.items() if rel.startswith(prefix)), home)
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if value is None:
            path.write_text("[global]\ntimeout = 5\n")
        elif value.startswith("install:"):
            path.write_text(f"[install]\nindex-url = {value[8:]}\n")
        else:
            path.write_text(f"[global]\nindex-url = {value}\n")
    run_env = dict(client_env)
    for key, raw in env.items():
        value = str(tmp_path / raw) if key == "PIP_CONFIG_FILE" else raw
        run_env[key] = value
        monkeypatch.setenv(key, value)
    listed = pip(run_env, tmp_path, "config", "list")
    assert listed.returncode == 0, listed.stderr
    theirs = _pip_effective_index(listed.stdout)
    ours = pip_config(current_machine()).index
    assert theirs == expected
    assert ours.value == (expected or "https://pypi.org/simple")


def test_uv_really_ignores_pip_conf_and_envdoctor_says_so(
    client_env: dict[str, str],
    served,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    url, behaviour = served
    work = tmp_path / "work"
    work.mkdir()
    (work / "req.in").write_text(f"{PKG}\n")
    result = runner.invoke(app, ["mirrors", "--mirror", url, "--apply", "--tool", "pip", "--yes"])
    assert result.exit_code == 0, result.output
    compiled = uv(client_env, work, "pip", "compile", "req.in", "--python", sys.executable)
    assert compiled.returncode != 0 and "pypi.org" in compiled.stderr
    assert _hits(behaviour) == 0
    shown = json.loads(runner.invoke(app, ["mirrors", "--json"]).stdout)
    assert shown["tools"]["pip"]["index"]["value"] == url
    assert shown["tools"]["uv"]["index"]["source"] == "default"
    assert any(f["code"] == "uv-ignores-pip" for f in shown["tools"]["uv"]["findings"])


def test_uv_default_index_variable_beats_uv_toml(
    client_env: dict[str, str],
    served,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, behaviour = served
    work = tmp_path / "work"
    work.mkdir()
    (work / "req.in").write_text(f"{PKG}\n")
    assert (
        runner.invoke(app, ["mirrors", "--mirror", url, "--apply", "--tool", "uv"]).exit_code == 0
    )
    dead = f"http://127.0.0.1:{_dead_port()}/simple"
    monkeypatch.setenv("UV_DEFAULT_INDEX", dead)
    compiled = uv(
        {**client_env, "UV_DEFAULT_INDEX": dead},
        work,
        "pip",
        "compile",
        "req.in",
        "--python",
        sys.executable,
    )
    assert compiled.returncode != 0
    assert _hits(behaviour) == 0
    shown = json.loads(runner.invoke(app, ["mirrors", "--json", "--tool", "uv"]).stdout)
    assert shown["tools"]["uv"]["index"] == {
        "key": "index",
        "value": dead,
        "source": "UV_DEFAULT_INDEX",
        "mirror": None,
    }


def test_uv_follows_apply_over_a_system_index_default(  # type: ignore[no-untyped-def]
    client_env: dict[str, str], served, home: Path, tmp_path: Path
) -> None:
    """A system `[[index]] default` beats a user `index-url`: apply must still win."""
    url, behaviour = served
    system = tmp_path / "etc-xdg" / "uv" / "uv.toml"
    system.parent.mkdir(parents=True)
    system.write_text(
        f'[[index]]\nurl = "http://127.0.0.1:{_dead_port()}/simple"\ndefault = true\n'
    )
    user = home / ".config" / "uv" / "uv.toml"
    user.parent.mkdir(parents=True)
    user.write_text(f'index-url = "http://127.0.0.1:{_dead_port()}/simple"\n')
    work = tmp_path / "work"
    work.mkdir()
    (work / "req.in").write_text(f"{PKG}\n")
    result = runner.invoke(app, ["mirrors", "--mirror", url, "--apply", "--tool", "uv", "--yes"])
    assert result.exit_code == 0, result.output
    compiled = uv(
        client_env, work, "pip", "compile", "req.in", "--python", sys.executable, "--no-header"
    )
    assert compiled.returncode == 0, compiled.stderr
    assert _hits(behaviour) >= 1
