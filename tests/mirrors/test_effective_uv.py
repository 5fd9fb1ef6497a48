"""uv's precedence: system < user < project < UV_* variables, and its [[index]] rules."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from envdoctor.mirrors.effective_uv import uv_config
from tests.mirrors.conftest import ALIYUN, TUNA, USTC, make_machine, write


def user_uv(tmp_path: Path) -> Path:
    return tmp_path / "home" / ".config" / "uv" / "uv.toml"


def test_uv_user_then_project_then_env(tmp_path: Path) -> None:
    m = make_machine(tmp_path)
    write(user_uv(tmp_path), f'[[index]]\nurl = "{TUNA}"\ndefault = true\n')
    assert uv_config(m).index.value == TUNA
    (tmp_path / "work" / "sub").mkdir(parents=True)
    write(
        tmp_path / "work" / "pyproject.toml",
        f'[project]\nname = "x"\n[tool.uv]\nindex-url = "{USTC}"\n',
    )
    m2 = dataclasses.replace(make_machine(tmp_path), cwd=tmp_path / "work" / "sub")
    # The project's deprecated index-url loses to the user's [[index]] default (uv 0.13.9).
    cfg = uv_config(m2)
    assert cfg.index.value == TUNA and cfg.index.source == str(user_uv(tmp_path))
    assert [f.code for f in cfg.findings] == ["uv-index-beats-index-url"]
    write(
        tmp_path / "work" / "pyproject.toml",
        f'[project]\nname = "x"\n[[tool.uv.index]]\nurl = "{USTC}"\ndefault = true\n',
    )
    cfg = uv_config(m2)
    assert cfg.index.value == USTC and cfg.index.source.endswith("pyproject.toml")
    m3 = make_machine(tmp_path, UV_INDEX_URL=ALIYUN)
    assert uv_config(m3).index.source == "UV_INDEX_URL"
    m4 = make_machine(tmp_path, UV_INDEX_URL=ALIYUN, UV_DEFAULT_INDEX=USTC)
    assert uv_config(m4).index.source == "UV_DEFAULT_INDEX"


def test_uv_system_file_and_no_config(tmp_path: Path) -> None:
    write(tmp_path / "etc" / "xdg" / "uv" / "uv.toml", f'index-url = "{USTC}"\n')
    assert uv_config(make_machine(tmp_path)).index.value == USTC
    assert uv_config(make_machine(tmp_path, UV_NO_CONFIG="1")).index.source == "default"


def test_uv_config_file_replaces_discovery(tmp_path: Path) -> None:
    write(user_uv(tmp_path), f'[[index]]\nurl = "{TUNA}"\ndefault = true\n')
    other = write(tmp_path / "other.toml", "native-tls = true\n")
    assert uv_config(make_machine(tmp_path, UV_CONFIG_FILE=str(other))).index.source == "default"


def test_uv_bad_toml_is_reported(tmp_path: Path) -> None:
    write(user_uv(tmp_path), "[[index]\nurl=\n")
    cfg = uv_config(make_machine(tmp_path))
    assert any(f.code == "unreadable-config" for f in cfg.findings)


def test_uv_explicit_default_index_means_no_index_for_unpinned_packages(tmp_path: Path) -> None:
    write(
        user_uv(tmp_path),
        f'index-url = "{USTC}"\n[[index]]\nname = "t"\nurl = "{TUNA}"\n'
        "explicit = true\ndefault = true\n",
    )
    cfg = uv_config(make_machine(tmp_path))
    assert cfg.index.value == "" and cfg.index.source == str(user_uv(tmp_path))
    assert any(f.level == "error" and f.code == "uv-explicit-default-index" for f in cfg.findings)
    # A variable still gives uv an index, and then nothing is wrong.
    cfg = uv_config(make_machine(tmp_path, UV_DEFAULT_INDEX=ALIYUN))
    assert cfg.index.value == ALIYUN and not cfg.findings
