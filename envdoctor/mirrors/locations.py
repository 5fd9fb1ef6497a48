"""Where pip, conda and uv look for configuration on this machine, in their own order.

Everything is computed from an environment mapping, the platform and the interpreter
prefix, so tests can describe any machine without touching the real one.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Machine:
    """The facts the config search paths depend on."""

    environ: Mapping[str, str]
    platform: str  # sys.platform
    prefix: Path  # the interpreter whose pip we describe (venv / conda env / sys.prefix)
    base_prefix: Path
    cwd: Path
    etc: Path = Path("/etc")  # root of system-wide files (tests move it)
    var_lib: Path = Path("/var/lib")

    @property
    def home(self) -> Path:
        return Path(self.environ.get("HOME") or self.environ.get("USERPROFILE") or "~").expanduser()

    @property
    def windows(self) -> bool:
        return self.platform == "win32"

    def xdg_config_home(self) -> Path:
        raw = self.environ.get("XDG_CONFIG_HOME")
        return Path(raw) if raw else self.home / ".config"

    def xdg_config_dirs(self) -> list[Path]:
        raw = self.environ.get("XDG_CONFIG_DIRS")
        parts = [p for p in raw.split(os.pathsep) if p] if raw else []
        return [Path(p) for p in parts] if parts else [self.etc / "xdg"]

    def conda_root(self) -> Path | None:
        """The base conda installation (`conda config --system` writes its .condarc)."""
        for var in ("CONDA_ROOT", "_CONDA_ROOT", "MAMBA_ROOT_PREFIX"):
            raw = self.environ.get(var)
            if raw:
                return Path(raw)
        exe = self.environ.get("CONDA_EXE")
        if exe:
            # <root>/bin/conda on Unix, <root>\Scripts\conda.exe on Windows
            return Path(exe).parent.parent
        return None

    def conda_prefix(self) -> Path | None:
        raw = self.environ.get("CONDA_PREFIX")
        return Path(raw) if raw else None

    def venv(self) -> Path | None:
        raw = self.environ.get("VIRTUAL_ENV")
        return Path(raw) if raw else None


def current_machine(environ: Mapping[str, str] | None = None) -> Machine:
    env = dict(os.environ if environ is None else environ)
    venv = env.get("VIRTUAL_ENV")
    conda = env.get("CONDA_PREFIX")
    # The pip a user runs is the active environment's; outside one, our own interpreter's.
    prefix = Path(venv or conda or sys.prefix)
    base = Path(sys.base_prefix) if prefix == Path(sys.prefix) else prefix
    if venv:
        base = _venv_base(Path(venv)) or base
    return Machine(
        environ=env, platform=sys.platform, prefix=prefix, base_prefix=base, cwd=Path.cwd()
    )


def _venv_base(venv: Path) -> Path | None:
    try:
        text = (venv / "pyvenv.cfg").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip() == "home":
            # home = <base>/bin (Unix) or <base> (Windows)
            home = Path(value.strip())
            return home.parent if home.name in {"bin", "Scripts"} else home
    return None


# --- pip ---------------------------------------------------------------------------


def pip_name(m: Machine) -> str:
    return "pip.ini" if m.windows else "pip.conf"


def pip_global_files(m: Machine) -> list[Path]:
    if m.windows:
        return [Path(m.environ.get("PROGRAMDATA", r"C:\ProgramData")) / "pip" / "pip.ini"]
    if m.platform == "darwin":
        return [Path("/Library/Application Support/pip/pip.conf")]
    return [d / "pip" / "pip.conf" for d in m.xdg_config_dirs()] + [m.etc / "pip.conf"]


def pip_user_files(m: Machine) -> list[Path]:
    """Legacy first, then the new location: the later file overrides the earlier."""
    if m.windows:
        appdata = Path(m.environ.get("APPDATA") or m.home / "AppData" / "Roaming")
        return [m.home / "pip" / "pip.ini", appdata / "pip" / "pip.ini"]
    legacy = m.home / ".pip" / "pip.conf"
    if m.platform == "darwin":
        app_support = m.home / "Library" / "Application Support" / "pip"
        new = app_support if app_support.is_dir() else m.home / ".config" / "pip"
        return [legacy, new / "pip.conf"]
    return [legacy, m.xdg_config_home() / "pip" / "pip.conf"]


def pip_site_file(m: Machine) -> Path:
    return m.prefix / pip_name(m)


def pip_base_file(m: Machine) -> Path | None:
    base = m.base_prefix / pip_name(m)
    return None if base == pip_site_file(m) else base


# --- conda -------------------------------------------------------------------------


def conda_search_path(m: Machine) -> list[tuple[str, Path]]:
    """conda's SEARCH_PATH (conda/base/constants.py), in parse order, labelled by scope.

    Entries ending in `condarc.d` are directories of *.yml / *.yaml files.
    """
    out: list[tuple[str, Path]] = []

    def trio(kind: str, base: Path) -> None:
        out.extend(
            [(kind, base / ".condarc"), (kind, base / "condarc"), (kind, base / "condarc.d")]
        )

    if m.windows:
        trio("system", Path(m.environ.get("PROGRAMDATA", r"C:\ProgramData")) / "conda")
    else:
        trio("system", m.etc / "conda")
        trio("system", m.var_lib / "conda")
    root = m.conda_root()
    if root is not None:
        trio("install", root)
    xdg = m.environ.get("XDG_CONFIG_HOME")
    if xdg:
        trio("user", Path(xdg) / "conda")
    trio("user", m.home / ".config" / "conda")
    trio("user", m.home / ".conda")
    out.append(("user", m.home / ".condarc"))
    prefix = m.conda_prefix()
    if prefix is not None:
        trio("env", prefix)
    condarc = m.environ.get("CONDARC")
    if condarc:
        out.append(("CONDARC", Path(condarc)))
    # conda drops duplicates (XDG_CONFIG_HOME may be ~/.config) keeping the first.
    seen: set[Path] = set()
    unique: list[tuple[str, Path]] = []
    for kind, path in out:
        if path not in seen:
            seen.add(path)
            unique.append((kind, path))
    return unique


def condarc_user_file(m: Machine) -> Path:
    return m.home / ".condarc"


# --- uv ----------------------------------------------------------------------------


def uv_user_file(m: Machine) -> Path:
    if m.windows:
        appdata = Path(m.environ.get("APPDATA") or m.home / "AppData" / "Roaming")
        return appdata / "uv" / "uv.toml"
    return m.xdg_config_home() / "uv" / "uv.toml"


def uv_system_files(m: Machine) -> list[Path]:
    """uv reads the first of these that exists."""
    if m.windows:
        return [Path(m.environ.get("PROGRAMDATA", r"C:\ProgramData")) / "uv" / "uv.toml"]
    return [d / "uv" / "uv.toml" for d in m.xdg_config_dirs()] + [m.etc / "uv" / "uv.toml"]


__all__ = [
    "Machine",
    "conda_search_path",
    "condarc_user_file",
    "current_machine",
    "pip_base_file",
    "pip_global_files",
    "pip_name",
    "pip_site_file",
    "pip_user_files",
    "uv_system_files",
    "uv_user_file",
]
