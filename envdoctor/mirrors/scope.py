"""The names the CLI parses before anything else is imported (kept tiny on purpose)."""

from __future__ import annotations

import enum

TOOLS = ("pip", "conda", "uv")


class Scope(str, enum.Enum):
    USER = "user"  # ~/.config/pip/pip.conf, ~/.condarc, ~/.config/uv/uv.toml
    ENV = "env"  # the active virtualenv / conda environment
    GLOBAL = "global"  # /etc/pip.conf, <conda root>/.condarc, /etc/uv/uv.toml


__all__ = ["TOOLS", "Scope"]
