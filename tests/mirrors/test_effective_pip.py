"""pip's precedence: files, [install] over [global], PIP_CONFIG_FILE, PIP_* variables."""

from __future__ import annotations

import os
from pathlib import Path

from envdoctor.mirrors.effective_pip import pip_config
from tests.mirrors.conftest import ALIYUN, TUNA, USTC, make_machine, user_pip, write


def test_pip_default_when_nothing_is_set(tmp_path: Path) -> None:
    cfg = pip_config(make_machine(tmp_path))
    assert cfg.index.value == "https://pypi.org/simple"
    assert cfg.index.source == "default"


def test_pip_user_file_then_site_file_wins(tmp_path: Path) -> None:
    m = make_machine(tmp_path)
    write(user_pip(tmp_path), f"[global]\nindex-url = {TUNA}\n")
    assert pip_config(m).index.source == str(user_pip(tmp_path))
    site = write(tmp_path / "venv" / "pip.conf", f"[global]\nindex-url = {ALIYUN}\n")
    cfg = pip_config(m)
    assert cfg.index.value == ALIYUN
    assert cfg.index.source == str(site)
    assert cfg.index.mirror == "aliyun"


def test_pip_new_user_file_overrides_legacy(tmp_path: Path) -> None:
    m = make_machine(tmp_path)
    write(tmp_path / "home" / ".pip" / "pip.conf", f"[global]\nindex-url = {USTC}\n")
    assert pip_config(m).index.value == USTC
    write(user_pip(tmp_path), f"[global]\nindex-url = {TUNA}\n")
    assert pip_config(m).index.value == TUNA


def test_pip_global_file_is_lowest(tmp_path: Path) -> None:
    m = make_machine(tmp_path)
    write(tmp_path / "etc" / "xdg" / "pip" / "pip.conf", f"[global]\nindex-url = {USTC}\n")
    assert pip_config(m).index.value == USTC
    write(user_pip(tmp_path), f"[global]\nindex-url = {TUNA}\n")
    assert pip_config(m).index.value == TUNA


def test_pip_env_var_beats_every_file(tmp_path: Path) -> None:
    write(user_pip(tmp_path), f"[global]\nindex-url = {TUNA}\n")
    m = make_machine(tmp_path, PIP_INDEX_URL=ALIYUN)
    cfg = pip_config(m)
    assert cfg.index.value == ALIYUN
    assert cfg.index.source == "PIP_INDEX_URL"


def test_pip_config_file_hides_the_user_file(tmp_path: Path) -> None:
    write(user_pip(tmp_path), f"[global]\nindex-url = {TUNA}\n")
    other = write(tmp_path / "custom.conf", "[global]\ntimeout = 5\n")
    cfg = pip_config(make_machine(tmp_path, PIP_CONFIG_FILE=str(other)))
    assert cfg.index.value == "https://pypi.org/simple"
    hidden = [layer for layer in cfg.layers if layer.where == str(user_pip(tmp_path))]
    assert hidden and not hidden[0].used and "PIP_CONFIG_FILE" in (hidden[0].note or "")


def test_pip_config_file_missing_does_not_hide(tmp_path: Path) -> None:
    write(user_pip(tmp_path), f"[global]\nindex-url = {TUNA}\n")
    cfg = pip_config(make_machine(tmp_path, PIP_CONFIG_FILE=str(tmp_path / "absent.conf")))
    assert cfg.index.value == TUNA


def test_pip_config_file_devnull_disables_all_files(tmp_path: Path) -> None:
    write(user_pip(tmp_path), f"[global]\nindex-url = {TUNA}\n")
    write(tmp_path / "venv" / "pip.conf", f"[global]\nindex-url = {USTC}\n")
    cfg = pip_config(make_machine(tmp_path, PIP_CONFIG_FILE=os.devnull))
    assert cfg.index.source == "default"
    assert not any(layer.used for layer in cfg.layers)


def test_pip_env_file_beats_site(tmp_path: Path) -> None:
    write(tmp_path / "venv" / "pip.conf", f"[global]\nindex-url = {USTC}\n")
    env_file = write(tmp_path / "env.conf", f"[global]\nindex-url = {TUNA}\n")
    assert pip_config(make_machine(tmp_path, PIP_CONFIG_FILE=str(env_file))).index.value == TUNA


def test_pip_install_section_beats_global_from_any_file(tmp_path: Path) -> None:
    write(user_pip(tmp_path), f"[install]\nindex_url = {USTC}\n")
    write(tmp_path / "venv" / "pip.conf", f"[global]\nindex-url = {TUNA}\n")
    cfg = pip_config(make_machine(tmp_path))
    assert cfg.index.value == USTC


def test_pip_extra_settings_and_dead_mirror_finding(tmp_path: Path) -> None:
    write(
        user_pip(tmp_path),
        "[global]\nindex-url = http://pypi.douban.com/simple\n"
        "extra-index-url =\n    https://a.example/simple\n    https://b.example/simple\n"
        "[install]\ntrusted-host = pypi.douban.com\n",
    )
    cfg = pip_config(make_machine(tmp_path))
    assert cfg.index.mirror == "dead:douban"
    assert [s.value for s in cfg.settings if s.key == "extra-index-url"] == [
        "https://a.example/simple",
        "https://b.example/simple",
    ]
    assert any(f.code == "dead-mirror" and f.level == "error" for f in cfg.findings)


def test_pip_unparsable_file_is_reported_not_raised(tmp_path: Path) -> None:
    write(user_pip(tmp_path), "index-url = no section header\n")
    cfg = pip_config(make_machine(tmp_path))
    assert any(f.code == "unreadable-config" for f in cfg.findings)
    assert cfg.index.source == "default"


def test_pip_bom_file_is_flagged_not_read(tmp_path: Path) -> None:
    # pip 23.2.1 fails on it: "Configuration file could not be loaded. File contains no
    # section headers." The CRLF line ends alone would be fine.
    conf = write(
        user_pip(tmp_path), b"\xef\xbb\xbf[global]\r\nindex-url = " + TUNA.encode() + b"\r\n"
    )
    cfg = pip_config(make_machine(tmp_path))
    assert cfg.index.source == "default"
    assert [f.code for f in cfg.findings] == ["unreadable-config"]
    assert str(conf) in cfg.findings[0].message and "BOM" in cfg.findings[0].message
    write(conf, b"[global]\r\nindex-url = " + TUNA.encode() + b"\r\n")
    assert pip_config(make_machine(tmp_path)).index.value == TUNA


def test_pip_empty_index_url_hides_an_earlier_file_and_is_ignored(tmp_path: Path) -> None:
    # pip 23.2.1: the empty user value replaces the global one when the files are merged,
    # then pip skips it, so pip install goes to pypi.org.
    write(tmp_path / "etc" / "xdg" / "pip" / "pip.conf", f"[global]\nindex-url = {TUNA}\n")
    user = write(user_pip(tmp_path), "[global]\nindex-url =\n")
    cfg = pip_config(make_machine(tmp_path))
    assert cfg.index.source == "default"
    assert any(f.code == "empty-index-url" and str(user) in f.message for f in cfg.findings)
