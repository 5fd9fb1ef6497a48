"""Fixtures for the mirrors tests: a described machine, a Typer app, a local index."""

from __future__ import annotations

import os
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

import envdoctor
from envdoctor.mirrors.locations import Machine

# `envdoctor.cli` imports every registered command. While `check` is being written on
# another branch, stand in an empty module for it so the mirrors command can be tested;
# once check.py exists this does nothing.
if not (Path(envdoctor.__file__).parent / "cli" / "check.py").exists():
    _stub = types.ModuleType("envdoctor.cli.check")
    _stub.register = lambda app: None  # type: ignore[attr-defined]
    sys.modules.setdefault("envdoctor.cli.check", _stub)

HAS_CHECK = (Path(envdoctor.__file__).parent / "cli" / "check.py").exists()


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


@pytest.fixture
def machine(tmp_path: Path) -> Machine:
    return make_machine(tmp_path)


@pytest.fixture
def home(isolated_env: Path) -> Path:
    return isolated_env


@pytest.fixture
def no_pip_config_file(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Let pip see the (private) user file: the autouse fixture sets PIP_CONFIG_FILE=devnull."""
    monkeypatch.delenv("PIP_CONFIG_FILE", raising=False)
    yield
    assert os.environ.get("PIP_CONFIG_FILE") is None
