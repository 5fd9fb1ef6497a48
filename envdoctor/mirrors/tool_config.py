"""What reading one tool's mirror configuration produces, and the steps every reader shares.

The pip, conda and uv readers (`effective_pip`, `effective_conda`, `effective_uv`)
each follow their tool's own precedence; the records they return, and the handling of a
file the tool cannot use, are the same for all three so that `show`, `--json` and the
cross-tool notes treat them alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from envdoctor.fsio import BOM, ConfigFileError, decode, read_bytes
from envdoctor.i18n import _
from envdoctor.mirrors.catalog import Catalog, identify

PYPI_DEFAULT = "https://pypi.org/simple"


@dataclass(frozen=True)
class Layer:
    """One place a tool reads configuration from."""

    kind: str  # global, user, base, site, env-file, env, system, install, project, CONDARC
    where: str  # a path, or an environment variable name
    exists: bool
    used: bool
    note: str | None = None
    values: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Setting:
    key: str
    value: str
    source: str  # a path, an environment variable, or "default"
    mirror: str | None  # the catalog mirror the URL belongs to, `dead:<name>`, or None


# A note about one tool's mirror configuration; its own codes and levels, not check's
# analyse.findings.Finding (whose codes are the FindingCode enum). cli/mirrors.py folds
# the levels into the command's outcome (error -> fail, warning -> warn).
@dataclass(frozen=True)
class Finding:
    level: str  # info, warning, error
    code: str
    message: str


@dataclass(frozen=True)
class ToolConfig:
    tool: str
    index: Setting
    settings: tuple[Setting, ...] = ()
    layers: tuple[Layer, ...] = ()
    findings: tuple[Finding, ...] = field(default_factory=tuple)


def make_setting(key: str, value: str, source: str, cat: Catalog) -> Setting:
    """A setting, with the catalog mirror its URL belongs to."""
    return Setting(key=key, value=value, source=source, mirror=identify(value, cat))


def dead_findings(settings: list[Setting], cat: Catalog) -> list[Finding]:
    """An error for every setting that points at a mirror the catalog lists as dead."""
    out = []
    for s in settings:
        if s.mirror and s.mirror.startswith("dead:"):
            dead = cat.dead_by_name(s.mirror[5:])
            reason = dead.reason.text() if dead else ""
            out.append(
                Finding(
                    "error",
                    "dead-mirror",
                    _("{key} = {value} (from {source}) points at a dead mirror: {reason}").format(
                        key=s.key, value=s.value, source=s.source, reason=reason
                    ),
                )
            )
    return out


def read_config_text(path: Path, *, refuse_bom: str | None = None) -> tuple[str | None, str | None]:
    """A config file's text, (None, None) when it is missing, or (None, why it cannot be read).

    `refuse_bom` is the reason to give for a file that starts with a UTF-8 BOM, for a
    tool that cannot read past one (pip); the others read it like any UTF-8 file.
    """
    try:
        data = read_bytes(path)
        if data is None:
            return None, None
        if refuse_bom is not None and data.startswith(BOM):
            return None, refuse_bom
        return decode(data, path).text, None
    except ConfigFileError as exc:
        return None, exc.message


def unreadable(
    layers: list[Layer],
    findings: list[Finding],
    tool: str,
    kind: str,
    path: Path,
    error: str | None,
) -> None:
    """A config file that exists but the tool cannot use: a layer marked unread and an error."""
    layers.append(Layer(kind, str(path), True, False, error))
    findings.append(
        Finding(
            "error",
            "unreadable-config",
            _("{tool} cannot use {path}: {error}").format(tool=tool, path=path, error=error),
        )
    )


__all__ = [
    "PYPI_DEFAULT",
    "Finding",
    "Layer",
    "Setting",
    "ToolConfig",
    "dead_findings",
    "make_setting",
    "read_config_text",
    "unreadable",
]
