from __future__ import annotations

from pathlib import Path

import pytest

from envdoctor import fsio
from envdoctor.errors import EnvdoctorError, UsageError
from envdoctor.mirrors import apply as apply_mod
from envdoctor.mirrors.apply import Scope, execute, make_plan, target_path
from envdoctor.mirrors.backup import latest_restorable, restore_session, sessions
from envdoctor.mirrors.catalog import resolve_mirror
from tests.mirrors.conftest import make_machine, write


def test_targets_per_scope(tmp_path: Path) -> None:
    m = make_machine(
        tmp_path,
        VIRTUAL_ENV=str(tmp_path / "venv"),
        CONDA_PREFIX=str(tmp_path / "env"),
        CONDA_EXE=str(tmp_path / "conda" / "bin" / "conda"),
    )
    assert target_path("pip", Scope.USER, m) == tmp_path / "home" / ".config" / "pip" / "pip.conf"
    assert target_path("pip", Scope.ENV, m) == tmp_path / "venv" / "pip.conf"
    assert target_path("pip", Scope.GLOBAL, m) == tmp_path / "etc" / "pip.conf"
    assert target_path("conda", Scope.USER, m) == tmp_path / "home" / ".condarc"
    assert target_path("conda", Scope.ENV, m) == tmp_path / "env" / ".condarc"
    assert target_path("conda", Scope.GLOBAL, m) == tmp_path / "conda" / ".condarc"
    assert target_path("uv", Scope.USER, m) == tmp_path / "home" / ".config" / "uv" / "uv.toml"
    assert target_path("uv", Scope.GLOBAL, m) == tmp_path / "etc" / "uv" / "uv.toml"


def test_env_scope_without_an_env_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="virtualenv"):
        target_path("pip", Scope.ENV, make_machine(tmp_path))


def test_apply_creates_files_and_restore_deletes_them_and_their_dirs(tmp_path: Path) -> None:
    m = make_machine(tmp_path)
    backups = tmp_path / "backups"
    plan = make_plan(m, resolve_mirror("tuna"), ("pip", "conda", "uv"), Scope.USER)
    assert {c.tool for c in plan.changes} == {"pip", "conda", "uv"}
    assert all(c.before is None for c in plan.changes)
    session = execute(plan, backups)
    assert session is not None and session.status == "applied"
    condarc = (tmp_path / "home" / ".condarc").read_text()
    assert (
        "default_channels" in condarc
        and "custom_channels" in condarc
        and "pkgs/free" not in condarc
    )
    uv = (tmp_path / "home" / ".config" / "uv" / "uv.toml").read_text()
    assert "default = true" in uv
    restored = restore_session(latest_restorable(backups))  # type: ignore[arg-type]
    assert {r.action for r in restored} == {"deleted"}
    assert not (tmp_path / "home" / ".condarc").exists()
    assert not (tmp_path / "home" / ".config").exists()  # the dirs apply created are gone too
    assert latest_restorable(backups) is None
    assert sessions(backups)[0].status == "restored"


def test_second_apply_is_a_no_op(tmp_path: Path) -> None:
    m = make_machine(tmp_path)
    backups = tmp_path / "backups"
    execute(make_plan(m, resolve_mirror("ustc"), ("pip", "uv"), Scope.USER), backups)
    plan = make_plan(m, resolve_mirror("ustc"), ("pip", "uv"), Scope.USER)
    assert plan.changes == () and len(plan.unchanged) == 2
    assert execute(plan, backups) is None
    assert len(sessions(backups)) == 1


def test_restore_undoes_only_the_last_apply(tmp_path: Path) -> None:
    m = make_machine(tmp_path)
    backups = tmp_path / "backups"
    pip_conf = write(
        tmp_path / "home" / ".config" / "pip" / "pip.conf", "# mine\n[global]\ntimeout = 3\n"
    )
    execute(make_plan(m, resolve_mirror("tuna"), ("pip",), Scope.USER), backups)
    after_tuna = pip_conf.read_bytes()
    execute(make_plan(m, resolve_mirror("aliyun"), ("pip",), Scope.USER), backups)
    restore_session(latest_restorable(backups))  # type: ignore[arg-type]
    assert pip_conf.read_bytes() == after_tuna
    restore_session(latest_restorable(backups))  # type: ignore[arg-type]
    assert pip_conf.read_bytes() == b"# mine\n[global]\ntimeout = 3\n"


def test_restore_refuses_when_the_file_was_edited_since(tmp_path: Path) -> None:
    m = make_machine(tmp_path)
    backups = tmp_path / "backups"
    execute(make_plan(m, resolve_mirror("tuna"), ("pip",), Scope.USER), backups)
    conf = tmp_path / "home" / ".config" / "pip" / "pip.conf"
    conf.write_text("[global]\nindex-url = https://edited.example/simple\n")
    with pytest.raises(EnvdoctorError, match="changed after envdoctor wrote it"):
        restore_session(latest_restorable(backups))  # type: ignore[arg-type]
    assert "edited.example" in conf.read_text()


def test_failure_half_way_puts_back_what_was_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    m = make_machine(tmp_path)
    backups = tmp_path / "backups"
    pip_conf = write(tmp_path / "home" / ".config" / "pip" / "pip.conf", "[global]\ntimeout = 3\n")
    plan = make_plan(m, resolve_mirror("tuna"), ("pip", "conda"), Scope.USER)
    real_write = fsio.atomic_write
    calls = {"n": 0}

    def flaky(path, data, **kw):  # type: ignore[no-untyped-def]
        if Path(path).name == ".condarc":
            raise fsio.ConfigFileError(
                "cannot write .condarc: the disk is full; the file was not changed"
            )
        calls["n"] += 1
        return real_write(path, data, **kw)

    monkeypatch.setattr(apply_mod, "atomic_write", flaky)
    with pytest.raises(fsio.ConfigFileError, match="put back"):
        execute(plan, backups)
    assert pip_conf.read_bytes() == b"[global]\ntimeout = 3\n"
    assert not (tmp_path / "home" / ".condarc").exists()
    assert calls["n"] == 2  # pip.conf written, then written back


def test_unparsable_file_is_an_error_and_untouched(tmp_path: Path) -> None:
    m = make_machine(tmp_path)
    rc = write(tmp_path / "home" / ".condarc", "channels: [unclosed\n")
    with pytest.raises(fsio.ConfigFileError, match="cannot parse"):
        make_plan(m, resolve_mirror("tuna"), ("conda",), Scope.USER)
    assert rc.read_text() == "channels: [unclosed\n"


def test_custom_url_skips_conda_and_uv_env_scope(tmp_path: Path) -> None:
    (tmp_path / "venv").mkdir()  # --scope env writes only into an existing env
    m = make_machine(tmp_path, VIRTUAL_ENV=str(tmp_path / "venv"))
    plan = make_plan(
        m, resolve_mirror("http://127.0.0.1:1/simple"), ("pip", "conda", "uv"), Scope.ENV
    )
    assert {s.tool for s in plan.skipped} == {"conda", "uv"}
    assert [c.path for c in plan.changes] == [tmp_path / "venv" / "pip.conf"]


def test_plain_http_mirror_gets_trusted_host(tmp_path: Path) -> None:
    m = make_machine(tmp_path)
    plan = make_plan(m, resolve_mirror("http://10.1.2.3/simple"), ("pip",), Scope.USER)
    text = plan.changes[0].after.decode()
    assert "trusted-host = 10.1.2.3" in text
    assert plan.changes[0].notes


def test_upstream_resets_conda_to_anaconda(tmp_path: Path) -> None:
    m = make_machine(tmp_path)
    write(
        tmp_path / "home" / ".condarc",
        (Path(__file__).parent / "corpus" / "conda" / "01-tuna-help.condarc").read_text(),
    )
    plan = make_plan(m, resolve_mirror("pypi"), ("conda",), Scope.USER)
    text = plan.changes[0].after.decode()
    assert "https://repo.anaconda.com/pkgs/main" in text and "tuna" not in text


def test_diff_shows_the_change(tmp_path: Path) -> None:
    m = make_machine(tmp_path)
    write(
        tmp_path / "home" / ".config" / "pip" / "pip.conf",
        "[global]\nindex-url = https://pypi.org/simple\n",
    )
    change = make_plan(m, resolve_mirror("nju"), ("pip",), Scope.USER).changes[0]
    diff = change.diff()
    assert "-index-url = https://pypi.org/simple" in diff
    assert "+index-url = https://mirror.nju.edu.cn/pypi/web/simple" in diff


def test_symlinked_dotfile_survives_apply_and_restore(tmp_path: Path) -> None:
    m = make_machine(tmp_path)
    backups = tmp_path / "backups"
    real = write(tmp_path / "dotfiles" / "condarc", "# tracked in git\nchannels:\n  - defaults\n")
    real.chmod(0o640)
    link = tmp_path / "home" / ".condarc"
    link.symlink_to(real)
    # NJU, not BFSU: BFSU dropped its Anaconda mirror (its tunasync job list lost
    # "anaconda" on 2024-04-28, mirrorz-org/mirrorz-json-legacy@ceaaa0f9), so the
    # catalog no longer has a conda config for BFSU (see docs/mirrors-sources.md).
    execute(make_plan(m, resolve_mirror("nju"), ("conda",), Scope.USER), backups)
    assert link.is_symlink() and "mirror.nju.edu.cn" in real.read_text()
    assert oct(real.stat().st_mode & 0o777) == oct(0o640)
    restore_session(latest_restorable(backups))  # type: ignore[arg-type]
    assert link.is_symlink()
    assert real.read_text() == "# tracked in git\nchannels:\n  - defaults\n"


def test_uv_global_scope_edits_the_system_file_uv_actually_reads(tmp_path: Path) -> None:
    m = make_machine(tmp_path)
    assert target_path("uv", Scope.GLOBAL, m) == tmp_path / "etc" / "uv" / "uv.toml"
    xdg = write(tmp_path / "etc" / "xdg" / "uv" / "uv.toml", "native-tls = true\n")
    assert target_path("uv", Scope.GLOBAL, m) == xdg


def test_env_scope_in_a_plain_venv_skips_conda_but_applies_pip(tmp_path: Path) -> None:
    (tmp_path / "venv").mkdir()  # --scope env writes only into an existing env
    m = make_machine(tmp_path, VIRTUAL_ENV=str(tmp_path / "venv"))
    plan = make_plan(m, resolve_mirror("tuna"), ("pip", "conda", "uv"), Scope.ENV)
    assert [c.path for c in plan.changes] == [tmp_path / "venv" / "pip.conf"]
    reasons = {s.tool: s.reason for s in plan.skipped}
    assert "conda environment" in reasons["conda"] and "uv" in reasons
    with pytest.raises(UsageError, match="conda environment"):
        make_plan(m, resolve_mirror("tuna"), ("conda",), Scope.ENV)


def test_pip_apply_drops_a_bom_pip_cannot_read_even_when_the_index_is_set(
    tmp_path: Path,
) -> None:
    tuna = resolve_mirror("tuna")
    conf = write(
        tmp_path / "home" / ".config" / "pip" / "pip.conf",
        b"\xef\xbb\xbf[global]\r\nindex-url = " + tuna.pypi.encode() + b"\r\n",
    )
    change = apply_mod.plan_change("pip", conf, tuna)
    assert change.changed and change.after == conf.read_bytes()[3:]
    assert any("BOM" in n for n in change.notes)


def test_mixed_line_ends_stay_on_untouched_lines_and_new_lines_get_the_crlf(
    tmp_path: Path,
) -> None:
    conf = write(
        tmp_path / "home" / ".config" / "pip" / "pip.conf",
        b"[global]\r\nindex-url = https://old.example/simple\nretries = 2\r\ntimeout = 1",
    )
    after = apply_mod.plan_change("pip", conf, resolve_mirror("tuna")).after
    assert after == (
        b"[global]\r\nindex-url = https://mirrors.tuna.tsinghua.edu.cn/pypi/web/simple\r\n"
        b"retries = 2\r\ntimeout = 1"
    )
    assert fsio.encode("a\nb\n", "\r\n", b"a\r\nb\r\n") == b"a\r\nb\r\n"  # not mixed: plain
