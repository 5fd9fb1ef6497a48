"""Shared fixtures. Every test runs with a private HOME and no user or machine config.

Nothing here may read or write the real user's pip/conda/uv configuration, state
directory or locale: the autouse `isolated_env` fixture points all of it at tmp_path.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# envdoctor.cli translates --help texts when it is imported, from the locale; tests
# import it during collection, before any fixture runs, so make that import English.
for _var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG", "ENVDOCTOR_LANG"):
    os.environ.pop(_var, None)

from envdoctor import i18n  # noqa: E402 - after the locale is neutralised

_PREFIXES = ("PIP_", "UV_", "CONDA", "XDG_", "ENVDOCTOR_", "LC_")
_NAMES = (
    "CONDARC",
    "MAMBARC",
    "VIRTUAL_ENV",
    "LANG",
    "LANGUAGE",
    "NO_COLOR",
    "FORCE_COLOR",
    "CUDA_VISIBLE_DEVICES",
    "CUDA_DEVICE_ORDER",
    "HF_ENDPOINT",
    "PYTHONWARNINGS",
)


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private home: HOME, XDG dirs, pip/uv/conda config and locale all under tmp_path."""
    for name in list(os.environ):
        if name.startswith(_PREFIXES) or name in _NAMES:
            monkeypatch.delenv(name, raising=False)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    monkeypatch.setenv("APPDATA", str(home / "AppData" / "Roaming"))
    monkeypatch.setenv("LOCALAPPDATA", str(home / "AppData" / "Local"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    # pip also reads site-wide files from XDG_CONFIG_DIRS (/etc/xdg/pip/pip.conf).
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "etc-xdg"))
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("CONDARC", str(tmp_path / "no-condarc"))
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    i18n.set_language("en")
    yield home
    i18n.set_language("en")
