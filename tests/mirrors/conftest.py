"""Fixtures for the mirrors tests: a machine described entirely under tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from envdoctor.mirrors.locations import Machine


def make_machine(tmp_path: Path, **env: str) -> Machine:
    """A Linux machine whose every config location lies under tmp_path."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    base_env = {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CONFIG_DIRS": str(tmp_path / "etc" / "xdg"),
    }
    base_env.update(env)
    return Machine(
        environ=base_env,
        platform="linux",
        prefix=tmp_path / "venv",
        base_prefix=tmp_path / "base",
        cwd=tmp_path / "work",
        etc=tmp_path / "etc",
        var_lib=tmp_path / "var-lib",
    )


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


# Mirror URLs the effective-config tests write into files and variables.
TUNA = "https://mirrors.tuna.tsinghua.edu.cn/pypi/web/simple"
ALIYUN = "https://mirrors.aliyun.com/pypi/simple/"
USTC = "https://mirrors.ustc.edu.cn/pypi/simple"


def user_pip(tmp_path: Path) -> Path:
    """The pip.conf a machine from make_machine reads as its (new-style) user file."""
    return tmp_path / "home" / ".config" / "pip" / "pip.conf"


@pytest.fixture
def home(isolated_env: Path) -> Path:
    return isolated_env
