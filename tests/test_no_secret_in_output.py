"""Every command's human, JSON and Markdown output over inputs full of secrets shows none.

The secrets sit in each place envdoctor reads URLs from: pip.conf, PIP_INDEX_URL,
PIP_EXTRA_INDEX_URL, UV_INDEX_URL / UV_DEFAULT_INDEX / UV_INDEX, uv.toml, .condarc
(a conda `/t/<token>/` channel, a custom channel with a password, a `?token=` query),
a `--mirror URL`, error text given to `explain`, and a snapshot or collect_env paste
given to `--from`. The config files themselves keep the real values, with their modes.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from envdoctor.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
REAL_SNAPSHOT = FIXTURES / "snapshots" / "debian12-docker-cpu-torch2.13.json"

# Each value is unique, so a leak names its place; all start with MARK, so even the first
# characters of one, left by a line cut short, are found.
MARK = "Sq7"
SECRETS = {
    "pip.conf": "Sq7PipConfPw1",
    "pip.conf extra": "Sq7PipExtraPw2",
    "PIP_INDEX_URL": "Sq7PipEnvPw3",
    "PIP_EXTRA_INDEX_URL": "Sq7PipExtraTok4",
    "UV_INDEX_URL": "Sq7UvIndexUrlPw5",
    "UV_DEFAULT_INDEX": "Sq7UvDefaultPw6",
    "UV_INDEX": "Sq7UvIndexPw7",
    "uv.toml": "Sq7UvTomlPw8",
    "condarc token": "Sq7CondaTok9-abc",
    "condarc custom": "Sq7CondaCustomPw10",
    "condarc query": "Sq7CondaQueryTok11",
    "--mirror": "Sq7MirrorArgPw12",
    "explain": "Sq7ExplainPw13",
    "explain token": "Sq7ExplainTok14",
    "snapshot": "Sq7SnapshotPw15",
    "collect_env": "Sq7PastePw16",
}


def assert_clean(*outputs: str) -> None:
    for out in outputs:
        leaked = [place for place, secret in SECRETS.items() if secret in out]
        assert not leaked, f"secrets from {leaked} in output:\n{out}"
        assert MARK not in out, f"part of a secret in output:\n{out}"


@pytest.fixture
def configured(isolated_env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = isolated_env
    pip_conf = home / ".config" / "pip" / "pip.conf"
    pip_conf.parent.mkdir(parents=True)
    pip_conf.write_text(
        "[global]\n"
        f"index-url = https://alice:{SECRETS['pip.conf']}@pypi.corp.example.com/simple\n"
        f"extra-index-url = https://bob:{SECRETS['pip.conf extra']}@extra.corp.example.com/simple\n"
    )
    pip_conf.chmod(0o600)
    condarc = home / ".condarc"
    condarc.write_text(
        "channels:\n"
        f"  - https://conda.anaconda.org/t/{SECRETS['condarc token']}/corp-channel\n"
        "  - defaults\n"
        "default_channels:\n"
        f"  - https://conda.corp.example.com/main?token={SECRETS['condarc query']}\n"
        "custom_channels:\n"
        f"  corp: https://ci:{SECRETS['condarc custom']}@conda.corp.example.com\n"
    )
    condarc.chmod(0o600)
    uv_toml = home / ".config" / "uv" / "uv.toml"
    uv_toml.parent.mkdir(parents=True)
    uv_toml.write_text(
        f'[[index]]\nurl = "https://u:{SECRETS["uv.toml"]}@uv.corp.example.com/simple"\n'
        "default = true\n"
    )
    monkeypatch.delenv("PIP_CONFIG_FILE")
    monkeypatch.setenv("CONDARC", str(condarc))
    return home


ENV = {
    "PIP_INDEX_URL": f"https://carol:{SECRETS['PIP_INDEX_URL']}@pypi.env.example.com/simple",
    "PIP_EXTRA_INDEX_URL": f"https://{SECRETS['PIP_EXTRA_INDEX_URL']}@extra.env.example.com/simple",
    "UV_INDEX_URL": f"https://u:{SECRETS['UV_INDEX_URL']}@uvi.example.com/simple",
    "UV_DEFAULT_INDEX": f"https://u:{SECRETS['UV_DEFAULT_INDEX']}@uvd.example.com/simple",
    "UV_INDEX": f"corp=https://u:{SECRETS['UV_INDEX']}@uvx.example.com/simple",
}


class Both:
    """The result of a command run at the usual width, plus its output in a 24-column
    terminal: Rich folds and truncates long lines there, splitting a URL where no output
    filter can see it whole, so what such a line can hold must be masked before layout."""

    def __init__(self, wide, narrow) -> None:  # type: ignore[no-untyped-def]
        self.exit_code = wide.exit_code
        self.stdout = wide.stdout
        self.output = wide.output + "\n" + narrow.output


def invoke(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = None, once: bool = False
) -> Both:
    """Run it wide and narrow (`once`: only wide, for a command that changes files)."""
    env = env or {}
    wide = CliRunner().invoke(app, list(args), env=env, input=stdin)
    if once:
        return Both(wide, wide)
    narrow = CliRunner().invoke(app, list(args), env={**env, "COLUMNS": "24"}, input=stdin)
    return Both(wide, narrow)


def test_mirrors_show_human_and_json(configured: Path) -> None:
    for env in ({}, ENV):
        human = invoke("mirrors", env=env)
        doc = invoke("mirrors", "--json", env=env)
        assert human.exit_code in {0, 1}, human.output
        assert_clean(human.output, doc.output)
        data = json.loads(doc.stdout)
        assert "alice:****@pypi.corp.example.com" in doc.stdout or env  # still says which index
    # The masked URLs still say where they point, as pip shows them.
    doc = json.loads(invoke("mirrors", "--json", "--tool", "pip").stdout)
    assert (
        doc["tools"]["pip"]["index"]["value"] == "https://alice:****@pypi.corp.example.com/simple"
    )
    assert data["tools"]["pip"]["index"]["source"] == "PIP_INDEX_URL"


def test_mirrors_show_in_a_narrow_terminal(configured: Path) -> None:
    """Rich folds long lines at the terminal width; a URL split there must already be masked."""
    human = invoke("mirrors", env={**ENV, "COLUMNS": "40"})
    assert_clean(human.output)


def test_mirrors_with_a_url_mirror_print_apply_and_files(configured: Path) -> None:
    url = f"https://dan:{SECRETS['--mirror']}@mirror.corp.example.com/simple"
    for args in (
        ["mirrors", "--mirror", url],
        ["mirrors", "--mirror", url, "--json"],
        ["mirrors", "--mirror", url, "--apply", "--dry-run"],
        ["mirrors", "--mirror", url, "--apply", "--dry-run", "--json"],
    ):
        result = invoke(*args)
        assert result.exit_code == 0, result.output
        assert_clean(result.output)
    assert "dan:****@mirror.corp.example.com" in invoke("mirrors", "--mirror", url).stdout

    pip_conf = configured / ".config" / "pip" / "pip.conf"
    before = pip_conf.read_text()
    applied = invoke(
        "mirrors", "--mirror", url, "--apply", "--yes", "--tool", "pip", "--json", once=True
    )
    assert applied.exit_code == 0, applied.output
    assert_clean(applied.output)
    # The config file holds the real credentials, and stays private.
    text = pip_conf.read_text()
    assert url in text and SECRETS["pip.conf extra"] in text
    assert stat.S_IMODE(pip_conf.stat().st_mode) == 0o600
    backup_folder = Path(json.loads(applied.stdout)["backup"])
    [backup] = [p for p in backup_folder.iterdir() if p.read_bytes() == before.encode()]
    assert SECRETS["pip.conf"] in backup.read_text()
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    # Restoring gives the original back, mode and all, and says nothing secret.
    restored = invoke("mirrors", "--restore", once=True)
    assert restored.exit_code == 0, restored.output
    assert_clean(restored.output)
    assert pip_conf.read_text() == before
    assert stat.S_IMODE(pip_conf.stat().st_mode) == 0o600


def test_explain_echoes_no_credentials() -> None:
    error = (
        "ERROR: Could not find a version that satisfies the requirement torch==2.8.0+cu128\n"
        f"Looking in indexes: https://eve:{SECRETS['explain']}@pypi.corp.example.com/simple, "
        f"https://download.example.com/whl/cu128?access_token={SECRETS['explain token']}\n"
        # explain quotes the failed assertion back: here it holds a URL with a password
        "IndexKernel.cu:92: block: [0,0,0], thread: [0,0,0] Assertion "
        f'`fetch("https://eve:{SECRETS["explain"]}@h.example.com/x") ok` failed.\n'
        "RuntimeError: CUDA error: device-side assert triggered\n"
    )
    human = invoke("explain", "--no-local", error)
    doc = invoke("explain", "--no-local", "--json", error)
    piped = invoke("explain", "--no-local", "-", stdin=error)
    assert human.exit_code == 0, human.output
    assert "eve:****@h.example.com" in doc.stdout  # quoted, masked
    assert_clean(human.output, doc.output, piped.output)


def _snapshot_with_secrets(tmp_path: Path) -> Path:
    data = json.loads(REAL_SNAPSHOT.read_text())
    data["torch"]["error"] = (
        "pip install failed: https://frank:" + SECRETS["snapshot"] + "@pypi.corp.example.com/simple"
    )
    data["environment"]["LD_LIBRARY_PATH"] = (
        "/home/dev/lib:https://x:" + SECRETS["snapshot"] + "@odd.example.com/lib"
    )
    path = tmp_path / "secret-snapshot.json"
    path.write_text(json.dumps(data))
    return path


def _collect_env_with_secrets(tmp_path: Path) -> Path:
    source = sorted((FIXTURES / "collect_env").glob("*.txt"))[0].read_text(encoding="utf-8")
    lines = source.splitlines()
    lines.insert(
        1,
        f"Looking in indexes: https://gina:{SECRETS['collect_env']}@pypi.corp.example.com/simple",
    )
    lines.append(
        f"[pip3] torch @ https://gina:{SECRETS['collect_env']}@files.corp.example.com/torch.whl"
    )
    path = tmp_path / "collect_env.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("make", [_snapshot_with_secrets, _collect_env_with_secrets])
def test_check_install_wheel_explain_from_a_paste(make, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = str(make(tmp_path))
    saved = tmp_path / "saved.json"
    kept = tmp_path / "kept.json"
    outputs = [
        invoke("check", "--from", source),
        invoke("check", "--from", source, "-v"),
        invoke("check", "--from", source, "--json"),
        invoke("check", "--from", source, "--markdown"),
        invoke("check", "--from", source, "--save", str(saved)),
        invoke("check", "--from", source, "--save", str(kept), "--no-redact"),
        invoke("install", "--from", source),
        invoke("install", "--from", source, "--json"),
        invoke(
            "wheel", "--from", source, "torch-2.8.0+cu128-cp311-cp311-manylinux_2_28_x86_64.whl"
        ),
        invoke("explain", "--from", source, "CUDA error: no kernel image is available"),
        invoke("explain", "--from", source, "--json", "CUDA error: no kernel image is available"),
    ]
    for i, result in enumerate(outputs):
        # `wheel --from` reads only snapshots so far: a collect_env paste is refused (2).
        assert result.exit_code in ({0, 1, 2} if i == 8 else {0, 1}), result.output
    assert_clean(*(r.output for r in outputs), saved.read_text(), kept.read_text())


def test_install_with_a_credentialed_mirror_url() -> None:
    url = f"https://dan:{SECRETS['--mirror']}@mirror.corp.example.com/simple"
    results = [
        invoke("install", "--from", str(REAL_SNAPSHOT), "--mirror", url),
        invoke("install", "--from", str(REAL_SNAPSHOT), "--mirror", url, "--json"),
        invoke("check", "--from", str(REAL_SNAPSHOT), "--mirror", url, "--markdown"),
    ]
    for result in results:
        assert result.exit_code in {0, 1, 2}, result.output
    assert_clean(*(r.output for r in results))


def test_config_files_keep_their_values_and_modes(configured: Path) -> None:
    """Showing them never rewrites them."""
    files = [
        configured / ".config" / "pip" / "pip.conf",
        configured / ".condarc",
        configured / ".config" / "uv" / "uv.toml",
    ]
    before = {p: (p.read_bytes(), stat.S_IMODE(p.stat().st_mode)) for p in files}
    invoke("mirrors", env=ENV)
    invoke("mirrors", "--json", env=ENV)
    assert {p: (p.read_bytes(), stat.S_IMODE(p.stat().st_mode)) for p in files} == before
    assert SECRETS["condarc token"] in files[1].read_text()
    if os.name != "nt":
        assert before[files[0]][1] == 0o600


def test_matrix_update_with_a_credentialed_index(tmp_path: Path) -> None:
    """A maintainer's index URL with a password: the error that names it masks it."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    url = f"http://ci:{SECRETS['--mirror']}@127.0.0.1:{port}/pypi"
    matrix_file = tmp_path / "compat_matrix.json"
    matrix_file.write_bytes((Path(__file__).parents[1] / "compat_matrix.json").read_bytes())
    result = invoke(
        "matrix", "update", "--index-url", url, "--file", str(matrix_file), "--timeout", "2"
    )
    assert result.exit_code == 1  # the index cannot be reached: the environment
    assert "ci:****@127.0.0.1" in result.output
    assert_clean(result.output)
