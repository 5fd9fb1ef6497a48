"""Which index uv will really use, and which file or variable says so.

uv's precedence: system < user < project < UV_* variables; UV_CONFIG_FILE replaces the
files and UV_NO_CONFIG disables them. uv never reads pip.conf or PIP_INDEX_URL.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from envdoctor.i18n import _
from envdoctor.mirrors import locations as loc
from envdoctor.mirrors.catalog import Catalog, load_catalog
from envdoctor.mirrors.tool_config import (
    PYPI_DEFAULT,
    Finding,
    Layer,
    Setting,
    ToolConfig,
    dead_findings,
    make_setting,
    read_config_text,
    unreadable,
)


def _load_toml(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    text, error = read_config_text(path)
    if text is None:
        return None, error
    if sys.version_info >= (3, 11):
        import tomllib

        try:
            return tomllib.loads(text), None
        except tomllib.TOMLDecodeError as exc:
            return None, _("cannot parse: {error}").format(error=exc)
    import tomlkit
    from tomlkit.exceptions import ParseError

    try:
        return tomlkit.parse(text).unwrap(), None
    except ParseError as exc:
        return None, _("cannot parse: {error}").format(error=exc)


def _uv_project_file(machine: loc.Machine) -> Path | None:
    for d in (machine.cwd, *machine.cwd.parents):
        if (d / "uv.toml").is_file():
            return d / "uv.toml"
        pyproject = d / "pyproject.toml"
        if pyproject.is_file():
            doc, _err = _load_toml(pyproject)
            if doc is not None and isinstance(doc.get("tool"), dict) and "uv" in doc["tool"]:
                return pyproject
    return None


def _uv_settings(doc: Mapping[str, Any], path: Path) -> Mapping[str, Any]:
    if path.name == "pyproject.toml":
        tool = doc.get("tool", {})
        uv = tool.get("uv", {}) if isinstance(tool, dict) else {}
        return uv if isinstance(uv, dict) else {}
    return doc


def _uv_files(machine: loc.Machine) -> tuple[list[tuple[str, Path]], Layer | None]:
    """uv's config files, lowest precedence first (and a note when they are disabled)."""
    env = machine.environ
    if env.get("UV_NO_CONFIG"):
        return [], Layer("env", "UV_NO_CONFIG", True, True, _("all uv config files disabled"))
    if env.get("UV_CONFIG_FILE"):
        return [("env-file", Path(env["UV_CONFIG_FILE"]))], None
    files: list[tuple[str, Path]] = []
    system = next((p for p in loc.uv_system_files(machine) if p.is_file()), None)
    if system is not None:
        files.append(("system", system))
    files.append(("user", loc.uv_user_file(machine)))
    project = _uv_project_file(machine)
    if project is not None:
        files.append(("project", project))
    return files, None


@dataclass(frozen=True)
class _UvFile:
    """What one uv config file says about indexes."""

    values: list[tuple[str, str]]  # to show
    default: tuple[str, bool] | None  # its first `[[index]] default = true`: (url, explicit?)
    legacy: str | None  # the deprecated top-level `index-url`
    extras: list[Setting]


def _uv_file_values(settings: Mapping[str, Any], source: str, cat: Catalog) -> _UvFile:
    values: list[tuple[str, str]] = []
    default: tuple[str, bool] | None = None
    legacy: str | None = None
    extras: list[Setting] = []
    indexes = settings.get("index", [])
    for entry in indexes if isinstance(indexes, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
            continue
        explicit = entry.get("explicit") is True
        if entry.get("default") is True:
            values.append(
                ("index (default, explicit)" if explicit else "index (default)", entry["url"])
            )
            default = default or (entry["url"], explicit)
        else:
            values.append(("index (explicit)" if explicit else "index", entry["url"]))
            extras.append(make_setting("index", entry["url"], source, cat))
    if isinstance(settings.get("index-url"), str):
        values.append(("index-url", settings["index-url"]))
        legacy = settings["index-url"]
    pip_section = settings.get("pip")
    if isinstance(pip_section, dict) and isinstance(pip_section.get("index-url"), str):
        values.append(("pip.index-url", pip_section["index-url"]))
        extras.append(make_setting("pip.index-url", pip_section["index-url"], source, cat))
    return _UvFile(values, default, legacy, extras)


def uv_config(machine: loc.Machine, catalog: Catalog | None = None) -> ToolConfig:
    cat = catalog if catalog is not None else load_catalog()
    env = machine.environ
    files, disabled = _uv_files(machine)
    layers: list[Layer] = [disabled] if disabled is not None else []
    findings: list[Finding] = []
    # uv puts the `[[index]]` entries of a higher file first and uses the first default
    # one; any such default beats the deprecated `index-url` of every file (checked with
    # uv 0.13.9), and the `index-url` of the highest file beats those of lower ones.
    index_default: tuple[str, bool, str] | None = None  # (url, explicit?, source)
    legacy: tuple[str, str] | None = None
    extras: list[Setting] = []
    for kind, path in files:
        if not path.is_file():
            layers.append(Layer(kind, str(path), False, False))
            continue
        doc, error = _load_toml(path)
        if doc is None:
            unreadable(layers, findings, "uv", kind, path, error)
            continue
        read = _uv_file_values(_uv_settings(doc, path), str(path), cat)
        layers.append(Layer(kind, str(path), True, True, None, tuple(read.values)))
        extras.extend(read.extras)
        if read.default is not None:  # later files take precedence
            index_default = (read.default[0], read.default[1], str(path))
        if read.legacy is not None:
            legacy = (read.legacy, str(path))
    for var in ("UV_INDEX_URL", "UV_DEFAULT_INDEX"):
        if env.get(var):
            layers.append(Layer("env", var, True, True, None, ((var, env[var]),)))
    default: tuple[str, str] | None = legacy
    if index_default is not None:
        url, explicit, source = index_default
        default = ("", source) if explicit else (url, source)
        if legacy is not None and not explicit and legacy[0] != url:
            findings.append(
                Finding(
                    "info",
                    "uv-index-beats-index-url",
                    _(
                        "index-url = {legacy} (from {lsource}) is not used: uv prefers the "
                        "[[index]] default {url} (from {source})"
                    ).format(legacy=legacy[0], lsource=legacy[1], url=url, source=source),
                )
            )
    # UV_DEFAULT_INDEX wins over the deprecated UV_INDEX_URL; both beat every file.
    if env.get("UV_DEFAULT_INDEX"):
        default = (env["UV_DEFAULT_INDEX"], "UV_DEFAULT_INDEX")
    elif env.get("UV_INDEX_URL"):
        default = (env["UV_INDEX_URL"], "UV_INDEX_URL")
    elif index_default is not None and index_default[1]:
        findings.append(
            Finding(
                "error",
                "uv-explicit-default-index",
                _(
                    "{url} (in {source}) is marked both default = true and explicit = true: "
                    "uv uses it only for packages pinned to it and finds no other package; "
                    "remove one of the two"
                ).format(url=index_default[0], source=index_default[2]),
            )
        )
    for item in env.get("UV_INDEX", "").split():
        name, sep, rest = item.partition("=")
        url = rest if sep and "://" not in name else item
        extras.append(make_setting("UV_INDEX", url, "UV_INDEX", cat))
    url, source = default if default is not None else (PYPI_DEFAULT, "default")
    index = make_setting("index", url, source, cat)
    findings.extend(dead_findings([index, *extras], cat))
    return ToolConfig("uv", index, tuple(extras), tuple(layers), tuple(findings))


__all__ = ["uv_config"]
