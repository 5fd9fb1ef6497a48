"""Review findings for `envdoctor mirrors --apply/--restore` and the effective-config report.

Every test here documents a bug found in review: it is marked xfail(strict=True), so it
fails (as expected) today and turns into an error the day the bug is fixed, reminding
whoever fixes it to drop the marker. Each was checked against the real pip 23.2.1 / uv 0.13
in /work/main/.venv where the tool's behaviour matters (noted per test).
"""

from __future__ import annotations

import configparser
import contextlib
import os
from pathlib import Path

import pytest
import tomlkit
from typer.testing import CliRunner

from envdoctor.cli import app
from envdoctor.errors import EnvdoctorError
from envdoctor.fsio import ConfigFileError
from envdoctor.mirrors import apply as apply_mod
from envdoctor.mirrors import backup as backup_mod
from envdoctor.mirrors.apply import Scope, execute, make_plan
from envdoctor.mirrors.backup import latest_restorable, restore_session
from envdoctor.mirrors.catalog import resolve_mirror
from envdoctor.mirrors.editors import Target, edit_condarc, edit_uv
from envdoctor.mirrors.effective_pip import pip_config
from envdoctor.mirrors.effective_uv import uv_config
from tests.mirrors.conftest import make_machine, write

TUNA = "https://mirrors.tuna.tsinghua.edu.cn/pypi/web/simple"
runner = CliRunner()


def _pip_view(text: str) -> dict[str, str]:
    """section.key as pip 23.2.1 sees them: RawConfigParser, '_' -> '-', the later key wins."""
    parser = configparser.RawConfigParser()
    parser.read_string(text)
    out: dict[str, str] = {}
    for section in parser.sections():
        for key, value in parser.items(section):
            out[f"{section}.{key.replace('_', '-')}"] = value
    return out


# --- data damage / apply that silently does not take effect --------------------------


def test_pip_apply_updates_every_spelling_of_index_url(tmp_path: Path) -> None:
    # pip normalises '_' to '-' and the later key wins (checked: `pip config list` shows
    # old2 after the apply), so the mirror is never used although apply says "Done".
    m = make_machine(tmp_path)
    user = write(
        tmp_path / "home" / ".config" / "pip" / "pip.conf",
        "[global]\nindex-url = https://old.example/simple\n"
        "index_url = https://old2.example/simple\n",
    )
    execute(make_plan(m, resolve_mirror("tuna"), ("pip",), Scope.USER), tmp_path / "bk")
    assert _pip_view(user.read_text())["global.index-url"] == TUNA


def test_uv_apply_does_not_make_an_explicit_index_the_default(tmp_path: Path) -> None:
    # Checked with uv 0.13.9: an index with explicit = true and default = true is not
    # queried for an unpinned requirement.
    text = f'[[index]]\nname = "tuna"\nurl = "{TUNA}"\nexplicit = true\n'
    out = edit_uv(text, Target(pypi=TUNA, default_channels=None, custom_channels=())).text
    doc = tomlkit.parse(out).unwrap()
    defaults = [e for e in doc["index"] if e.get("default") is True]
    assert defaults and defaults[0]["url"] == TUNA
    assert defaults[0].get("explicit") is not True


def test_uv_apply_warns_or_wins_over_a_system_index_default(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Checked with uv 0.13.9: system uv.toml `[[index]] default = true` + user uv.toml
    # `index-url = ...` -> uv queries the system index. After this apply uv still does.
    monkeypatch.chdir(tmp_path)
    write(
        tmp_path / "etc-xdg" / "uv" / "uv.toml",
        '[[index]]\nurl = "http://127.0.0.1:9/SYSTEM/simple"\ndefault = true\n',
    )
    user = write(home / ".config" / "uv" / "uv.toml", 'index-url = "http://127.0.0.1:9/USER"\n')
    result = runner.invoke(app, ["mirrors", "--tool", "uv", "--mirror", "tuna", "--apply"])
    assert result.exit_code == 0, result.output
    doc = tomlkit.parse(user.read_text()).unwrap()
    mirror_is_default_index = any(
        e.get("default") is True and e.get("url") == TUNA for e in doc.get("index", [])
    )
    assert mirror_is_default_index or "warning" in result.output.lower()


def test_roll_back_does_not_delete_a_file_someone_else_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # pip.conf is new (rolled back by deleting it), the conda write then fails. If the
    # user (an editor, a second envdoctor) saved pip.conf in between, the roll-back
    # deletes their file; the existing-file branch checks the hash, this one does not.
    m = make_machine(tmp_path)
    plan = make_plan(m, resolve_mirror("tuna"), ("pip", "conda"), Scope.USER)
    pip_path = next(c.path for c in plan.changes if c.tool == "pip")
    real_write = apply_mod.atomic_write

    def flaky(path: Path, data: bytes, **kw: object) -> list[Path]:
        if path.name == ".condarc":
            pip_path.write_text("[global]\ntimeout = 99  # typed by the user meanwhile\n")
            raise ConfigFileError("cannot write .condarc: the disk is full")
        return real_write(path, data, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(apply_mod, "atomic_write", flaky)
    with pytest.raises(ConfigFileError):
        execute(plan, tmp_path / "bk")
    assert pip_path.exists()
    assert "typed by the user" in pip_path.read_text()


def test_restore_does_not_overwrite_an_edit_made_while_it_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Phase 1 checks every file still holds what apply wrote; phase 2 then re-reads the
    # file and passes *that* hash as expect_sha, so an edit saved in between is replaced.
    m = make_machine(tmp_path)
    user = write(tmp_path / "home" / ".config" / "pip" / "pip.conf", "[global]\ntimeout = 5\n")
    execute(make_plan(m, resolve_mirror("tuna"), ("pip",), Scope.USER), tmp_path / "bk")
    session = latest_restorable(tmp_path / "bk")
    assert session is not None
    real_read = backup_mod.read_bytes
    calls = {"n": 0}

    def editing_read(path: Path) -> bytes | None:
        calls["n"] += 1
        if calls["n"] == 2:  # after the check, before the write
            user.write_text("[global]\ntimeout = 7  # the user's newer edit\n")
        return real_read(path)

    monkeypatch.setattr(backup_mod, "read_bytes", editing_read)
    with contextlib.suppress(EnvdoctorError):  # refusing is fine; losing the edit is not
        restore_session(session)
    assert "the user's newer edit" in user.read_text()


def test_condarc_edit_keeps_the_indentation_of_untouched_lists() -> None:
    text = "channels:\n- defaults\n- conda-forge\nenvs_dirs:\n  - /data/envs\n"
    out = edit_condarc(
        text,
        Target(pypi=TUNA, default_channels=("https://m.example/pkgs/main",), custom_channels=()),
    ).text
    assert "envs_dirs:\n  - /data/envs\n" in out


def test_pip_apply_keeps_the_line_ends_of_untouched_lines(tmp_path: Path) -> None:
    # decode() picks CRLF as soon as one line has it and encode() writes it everywhere;
    # files edited on both Windows and Linux (git autocrlf, WSL) often look like this.
    user = write(
        tmp_path / "home" / ".config" / "pip" / "pip.conf",
        b"[global]\r\ntimeout = 1\nretries = 2\r\n",
    )
    change = apply_mod.plan_change("pip", user, resolve_mirror("tuna"))
    assert b"timeout = 1\n" in change.after
    assert b"timeout = 1\r\n" not in change.after


def test_apply_refuses_a_custom_url_with_a_line_break(home: Path) -> None:
    # resolve_mirror only strips the ends and checks scheme/host, so the embedded line
    # break reaches the INI writer verbatim (uv.toml and .condarc quote it; pip.conf
    # does not), and the injected [install] index-url is what `pip install` then uses.
    url = "https://a.example/simple\n[install]\nindex-url = https://evil.example/simple"
    result = runner.invoke(app, ["mirrors", "--tool", "pip", "--mirror", url, "--apply"])
    pip_conf = home / ".config" / "pip" / "pip.conf"
    assert result.exit_code != 0
    assert not pip_conf.exists()


# --- wrong effective configuration ------------------------------------------------------


def test_effective_pip_ignores_an_empty_index_url_variable(tmp_path: Path) -> None:
    # Checked with pip 23.2.1: `PIP_INDEX_URL= pip install --dry-run x` says
    # "Looking in indexes: <the file's index-url>".
    write(
        tmp_path / "home" / ".config" / "pip" / "pip.conf",
        "[global]\nindex-url = https://a.example/simple\n",
    )
    cfg = pip_config(make_machine(tmp_path, PIP_INDEX_URL=""))
    assert cfg.index.value == "https://a.example/simple"


def test_effective_pip_ignores_an_empty_install_index_url(tmp_path: Path) -> None:
    write(
        tmp_path / "home" / ".config" / "pip" / "pip.conf",
        "[global]\nindex-url = https://a.example/simple\n[install]\nindex-url =\n",
    )
    cfg = pip_config(make_machine(tmp_path))
    assert cfg.index.value == "https://a.example/simple"


def test_effective_pip_flags_a_bom_file_pip_cannot_load(tmp_path: Path) -> None:
    # Checked with pip 23.2.1 (UTF-8 locale): "Configuration file could not be loaded.
    # File contains no section headers ... '\ufeff[global]'" and every pip command fails.
    user = write(
        tmp_path / "home" / ".config" / "pip" / "pip.conf",
        b"\xef\xbb\xbf[global]\nindex-url = https://a.example/simple\n",
    )
    cfg = pip_config(make_machine(tmp_path))
    assert any(f.level == "error" and str(user) in f.message for f in cfg.findings)


def test_effective_uv_index_default_beats_legacy_index_url_of_a_later_file(
    tmp_path: Path,
) -> None:
    # Checked with uv 0.13.9 (system [[index]] default vs user index-url, and user
    # [[index]] default vs project [tool.uv] index-url): uv queries the [[index]] one.
    write(
        tmp_path / "etc" / "xdg" / "uv" / "uv.toml",
        '[[index]]\nurl = "http://127.0.0.1:9/SYSTEM/simple"\ndefault = true\n',
    )
    write(
        tmp_path / "home" / ".config" / "uv" / "uv.toml",
        'index-url = "http://127.0.0.1:9/USER/simple"\n',
    )
    cfg = uv_config(make_machine(tmp_path))
    assert cfg.index.value == "http://127.0.0.1:9/SYSTEM/simple"


def test_effective_uv_explicit_default_index_is_not_the_index(tmp_path: Path) -> None:
    write(
        tmp_path / "home" / ".config" / "uv" / "uv.toml",
        f'[[index]]\nname = "t"\nurl = "{TUNA}"\nexplicit = true\ndefault = true\n',
    )
    cfg = uv_config(make_machine(tmp_path))
    assert cfg.index.value != TUNA


def test_review_harness_sanity(tmp_path: Path) -> None:
    """Not a bug: the pip model used above agrees with pip on a plain file."""
    assert _pip_view("[global]\nindex_url = a\nindex-url = b\n")["global.index-url"] == "b"
    assert os.environ["PIP_CONFIG_FILE"] == os.devnull  # the isolated_env fixture is active
