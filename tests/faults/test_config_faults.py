"""Issue 11.10: config edge cases `mirrors --apply` must refuse or word right.

What already holds (read-only and immutable files, BOM/CRLF, a full disk, concurrent
applies, symlinks) is tested in tests/mirrors/test_apply.py, test_review_cases.py and
test_corpus.py.
"""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from typer.testing import CliRunner

from envdoctor import fsio
from envdoctor.cli import app
from envdoctor.cli.mirrors import _override_warnings
from envdoctor.errors import EnvdoctorError
from envdoctor.mirrors.apply import execute, make_plan
from envdoctor.mirrors.catalog import resolve_mirror
from envdoctor.mirrors.scope import Scope
from tests.mirrors.conftest import make_machine, write

runner = CliRunner()

UNKNOWN_TAGS = [
    "channels: !env_var CONDA_CHANNELS\n",
    "channels:\n  - !!python/object:os.system defaults\n",
    "ssl_verify: !custom true\nchannels:\n  - defaults\n",
]


@pytest.mark.parametrize("text", UNKNOWN_TAGS)
def test_condarc_with_a_tag_conda_cannot_read_is_not_edited(isolated_env: Path, text: str) -> None:
    condarc = isolated_env / ".condarc"
    condarc.write_text(text)
    shown = runner.invoke(app, ["mirrors", "--tool", "conda"])
    assert "cannot parse" in " ".join(shown.output.split())
    result = runner.invoke(app, ["mirrors", "--mirror", "tuna", "--tool", "conda", "--apply"])
    assert result.exit_code == 1, result.output
    assert "cannot parse" in " ".join(result.output.split())
    assert "Traceback" not in result.output
    assert condarc.read_text() == text


def test_stale_virtual_env_with_scope_env_refuses(
    isolated_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = tmp_path / "deleted-venv"
    monkeypatch.setenv("VIRTUAL_ENV", str(gone))
    result = runner.invoke(
        app, ["mirrors", "--mirror", "tuna", "--scope", "env", "--apply", "--tool", "pip"]
    )
    assert result.exit_code == 2, result.output
    assert "VIRTUAL_ENV" in result.output and "does not exist" in " ".join(result.output.split())
    assert not gone.exists()


def test_stale_conda_prefix_with_scope_env_refuses(tmp_path: Path) -> None:
    m = make_machine(tmp_path, CONDA_PREFIX=str(tmp_path / "envs" / "gone"))
    with pytest.raises(EnvdoctorError) as caught:
        make_plan(m, resolve_mirror("tuna"), ("pip", "conda"), Scope.ENV)
    assert caught.value.exit_code == 2 and "CONDA_PREFIX" in caught.value.message
    assert not (tmp_path / "envs").exists()


def test_existing_venv_with_scope_env_still_works(tmp_path: Path) -> None:
    venv = tmp_path / "venv-ok"
    venv.mkdir()
    m = make_machine(tmp_path, VIRTUAL_ENV=str(venv))
    plan = make_plan(m, resolve_mirror("tuna"), ("pip",), Scope.ENV)
    assert [c.path for c in plan.changes] == [venv / "pip.conf"]


def _deny(monkeypatch: pytest.MonkeyPatch, backups: Path) -> None:
    real = fsio._replace

    def refuse(src: str, dst: str) -> None:
        if Path(dst).is_relative_to(backups):
            real(src, dst)  # the backup itself is written; the target is refused
            return
        raise PermissionError(errno.EACCES, "Permission denied", dst)

    monkeypatch.setattr(fsio, "_replace", refuse)


@pytest.mark.parametrize(("scope", "hint"), [(Scope.USER, False), (Scope.GLOBAL, True)])
def test_scope_user_hint_only_where_it_helps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scope: Scope, hint: bool
) -> None:
    m = make_machine(tmp_path)
    write(tmp_path / "home" / ".config" / "pip" / "pip.conf", "[global]\ntimeout = 5\n")
    plan = make_plan(m, resolve_mirror("tuna"), ("pip",), scope)
    _deny(monkeypatch, tmp_path / "backups")
    with pytest.raises(EnvdoctorError) as caught:
        execute(plan, tmp_path / "backups")
    assert "permission denied" in caught.value.message
    assert ("--scope user" in caught.value.message) is hint
    assert caught.value.exit_code == 1


def test_unread_file_warning_names_pip_config_file_only_for_pip(isolated_env: Path) -> None:
    # Files the tools do not read (nothing else configured): the warning for each tool.
    nowhere = isolated_env / "not-read"
    warnings = _override_warnings(
        {"pip": str(nowhere / "pip.conf"), "conda": str(nowhere / ".condarc")},
        "https://mirrors.tuna.tsinghua.edu.cn/pypi/web/simple",
        ("https://mirrors.tuna.tsinghua.edu.cn/anaconda/pkgs/main",),
    )
    pip = [w for w in warnings if w.startswith("pip ")]
    conda = [w for w in warnings if w.startswith("conda ")]
    assert pip and "PIP_CONFIG_FILE" in pip[0]
    assert conda and all("PIP_CONFIG_FILE" not in w for w in conda)
