from __future__ import annotations

import dataclasses
from pathlib import Path

from envdoctor.mirrors import locations as loc
from tests.mirrors.conftest import make_machine


def test_linux_pip_files(tmp_path: Path) -> None:
    m = make_machine(tmp_path, XDG_CONFIG_DIRS=f"{tmp_path}/a:{tmp_path}/b")
    assert loc.pip_global_files(m) == [
        tmp_path / "a" / "pip" / "pip.conf",
        tmp_path / "b" / "pip" / "pip.conf",
        tmp_path / "etc" / "pip.conf",
    ]
    assert loc.pip_user_files(m) == [
        tmp_path / "home" / ".pip" / "pip.conf",
        tmp_path / "home" / ".config" / "pip" / "pip.conf",
    ]
    assert loc.pip_site_file(m) == tmp_path / "venv" / "pip.conf"
    assert loc.pip_base_file(m) == tmp_path / "base" / "pip.conf"


def test_macos_user_file_depends_on_application_support(tmp_path: Path) -> None:
    m = dataclasses.replace(make_machine(tmp_path), platform="darwin")
    assert loc.pip_user_files(m)[-1] == tmp_path / "home" / ".config" / "pip" / "pip.conf"
    (tmp_path / "home" / "Library" / "Application Support" / "pip").mkdir(parents=True)
    assert loc.pip_user_files(m)[-1] == (
        tmp_path / "home" / "Library" / "Application Support" / "pip" / "pip.conf"
    )


def test_windows_names(tmp_path: Path) -> None:
    m = dataclasses.replace(
        make_machine(tmp_path, APPDATA=str(tmp_path / "AppData")), platform="win32"
    )
    assert loc.pip_user_files(m)[-1] == tmp_path / "AppData" / "pip" / "pip.ini"
    assert loc.pip_site_file(m).name == "pip.ini"
    assert loc.uv_user_file(m) == tmp_path / "AppData" / "uv" / "uv.toml"


def test_conda_search_path_order(tmp_path: Path) -> None:
    m = make_machine(
        tmp_path,
        CONDA_EXE=str(tmp_path / "mc" / "bin" / "conda"),
        CONDA_PREFIX=str(tmp_path / "envs" / "a"),
        CONDARC=str(tmp_path / "rc.yml"),
    )
    kinds = [k for k, _p in loc.conda_search_path(m)]
    paths = [p for _k, p in loc.conda_search_path(m)]
    assert kinds[0] == "system" and kinds[-1] == "CONDARC"
    assert paths.index(tmp_path / "mc" / ".condarc") < paths.index(tmp_path / "home" / ".condarc")
    assert paths.index(tmp_path / "home" / ".condarc") < paths.index(
        tmp_path / "envs" / "a" / ".condarc"
    )
    assert len(paths) == len(set(paths))  # XDG_CONFIG_HOME == ~/.config is listed once


def test_current_machine_prefers_the_active_venv(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    venv.mkdir()
    (venv / "pyvenv.cfg").write_text("home = /opt/python3.12/bin\nversion = 3.12.1\n")
    m = loc.current_machine({"VIRTUAL_ENV": str(venv), "HOME": str(tmp_path)})
    assert m.prefix == venv
    assert m.base_prefix == Path("/opt/python3.12")
