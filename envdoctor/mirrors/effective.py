"""Which index pip, conda and uv will really use, and which file or variable says so.

Each tool's own precedence is followed:
- pip: global < user < base < site < PIP_CONFIG_FILE < PIP_* variables, where an
  `[install]` key beats a `[global]` one from any file; PIP_CONFIG_FILE=os.devnull
  disables every file and an existing PIP_CONFIG_FILE hides the user files.
- conda: every file on conda's search path is parsed in order; lists merge (later files
  first), maps merge, scalars clobber; CONDA_* variables win.
- uv: system < user < project < UV_* variables; UV_CONFIG_FILE replaces the files and
  UV_NO_CONFIG disables them. uv never reads pip.conf or PIP_INDEX_URL.
"""

from __future__ import annotations

import configparser
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from envdoctor.fsio import BOM, ConfigFileError, decode, read_bytes
from envdoctor.i18n import _
from envdoctor.mirrors import locations as loc
from envdoctor.mirrors.catalog import (
    UPSTREAM_ANACONDA_DEFAULTS,
    UPSTREAM_CHANNEL_ALIAS,
    Catalog,
    identify,
    load_catalog,
)
from envdoctor.redact import redact_fields

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


def _setting(key: str, value: str, source: str, cat: Catalog) -> Setting:
    return Setting(key=key, value=value, source=source, mirror=identify(value, cat))


def _dead_findings(settings: list[Setting], cat: Catalog) -> list[Finding]:
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


# --- pip ---------------------------------------------------------------------------

_PIP_KEYS = ("index-url", "extra-index-url", "trusted-host", "find-links", "no-index")


def _pip_norm(name: str) -> str:
    name = name.lower().replace("_", "-")
    return name[2:] if name.startswith("--") else name


def _read_ini(path: Path) -> tuple[dict[str, str] | None, str | None]:
    """section.key -> value, or (None, why it cannot be read)."""
    try:
        data = read_bytes(path)
    except ConfigFileError as exc:
        return None, exc.message
    if data is None:
        return None, None
    if data.startswith(BOM):
        # pip reads the file in the locale's encoding, never utf-8-sig: the BOM becomes
        # part of the first line, there is "no section header" and every pip command
        # fails (pip 23.2.1).
        return None, _(
            "it starts with a UTF-8 BOM, so pip cannot parse it and every pip command "
            "fails; save it as UTF-8 without BOM"
        )
    try:
        text = decode(data, path).text
    except ConfigFileError as exc:
        return None, exc.message
    parser = configparser.RawConfigParser()
    try:
        parser.read_string(text, source=str(path))
    except configparser.Error as exc:
        return None, _("cannot parse: {error}").format(error=str(exc).splitlines()[0])
    out: dict[str, str] = {}
    for section in parser.sections():
        for key, value in parser.items(section):
            out[f"{section}.{_pip_norm(key)}"] = value
    return out, None


def _pip_files(machine: loc.Machine) -> list[tuple[str, Path, str | None]]:
    """(kind, path, why pip skips it) in pip's load order, lowest precedence first."""
    config_file = machine.environ.get("PIP_CONFIG_FILE")
    if config_file is not None and config_file == os.devnull:
        off = _("disabled: PIP_CONFIG_FILE={devnull}").format(devnull=os.devnull)
    else:
        off = None
    user_skip = off
    if off is None and config_file and Path(config_file).exists():
        user_skip = _("hidden: PIP_CONFIG_FILE points at an existing file")
    plan: list[tuple[str, Path, str | None]] = [
        ("global", p, off) for p in loc.pip_global_files(machine)
    ]
    plan.extend(("user", p, user_skip) for p in loc.pip_user_files(machine))
    base = loc.pip_base_file(machine)
    if base is not None:
        plan.append(("base", base, off))
    plan.append(("site", loc.pip_site_file(machine), off))
    if config_file and off is None:
        plan.append(("env-file", Path(config_file), None))
    return plan


def _pip_effective(
    merged: dict[str, tuple[str, str]], cat: Catalog
) -> tuple[Setting, list[Setting], list[Finding]]:
    """The index and extra settings `pip install` ends up with, from the merged keys."""
    findings: list[Finding] = []

    def effective(key: str) -> tuple[str, str] | None:
        # pip's option parser reads [global], then the command's section, then :env:,
        # skipping empty values. An empty value still replaced the same key of an
        # earlier file when the files were merged, so it hides that one too.
        for section in (":env:", "install", "global"):
            found = merged.get(f"{section}.{key}")
            if found is not None and found[0]:
                return found
        return None

    idx = effective("index-url")
    if idx is None:
        index = _setting("index-url", PYPI_DEFAULT, "default", cat)
    else:
        index = _setting("index-url", idx[0].strip(), idx[1], cat)
    settings: list[Setting] = []
    for key in ("extra-index-url", "find-links", "trusted-host", "no-index"):
        found = effective(key)
        if found is not None:
            for part in found[0].split():
                settings.append(_setting(key, part, found[1], cat))
    findings.extend(_dead_findings([index, *settings], cat))
    for section in ("global", "install"):
        found = merged.get(f"{section}.index-url")
        if found is not None and not found[0]:
            findings.append(
                Finding(
                    "info",
                    "empty-index-url",
                    _(
                        "index-url is empty in {source}: pip ignores it, and it hides the "
                        "{section} index-url of the files read before it"
                    ).format(source=found[1], section=f"[{section}]"),
                )
            )
    g = merged.get("global.index-url", ("", ""))
    i = merged.get("install.index-url", ("", ""))
    if idx is not None and g[0] and i[0]:  # noqa: SIM102  (the pair, then the comparison)
        if g[0].strip() != i[0].strip():
            findings.append(
                Finding(
                    "warning",
                    "install-section-overrides",
                    _(
                        "[install] index-url in {isrc} overrides [global] index-url in {gsrc} "
                        "for pip install"
                    ).format(isrc=i[1], gsrc=g[1]),
                )
            )
    return index, settings, findings


def pip_config(machine: loc.Machine, catalog: Catalog | None = None) -> ToolConfig:
    cat = catalog if catalog is not None else load_catalog()
    env = machine.environ
    layers: list[Layer] = []
    findings: list[Finding] = []
    merged: dict[str, tuple[str, str]] = {}  # section.key -> (value, source)
    plan = _pip_files(machine)

    for kind, path, skip in plan:
        exists = path.exists()
        if skip is not None or not exists:
            layers.append(Layer(kind, str(path), exists, False, skip))
            continue
        values, error = _read_ini(path)
        if values is None:
            _unreadable(
                layers,
                findings,
                kind,
                path,
                error,
                _("pip cannot use {path}: {error}").format(path=path, error=error),
            )
            continue
        relevant = tuple((k, v) for k, v in values.items() if k.split(".", 1)[1] in _PIP_KEYS)
        layers.append(Layer(kind, str(path), True, True, None, relevant))
        for key, value in values.items():
            merged[key] = (value, str(path))
    for name in sorted(env):
        if name.startswith("PIP_") and name != "PIP_CONFIG_FILE":
            key = _pip_norm(name[4:])
            if key in _PIP_KEYS:
                merged[f":env:.{key}"] = (env[name], name)
                layers.append(Layer("env", name, True, True, None, ((key, env[name]),)))

    index, settings, more = _pip_effective(merged, cat)
    findings.extend(more)
    return ToolConfig("pip", index, tuple(settings), tuple(layers), tuple(findings))


# --- conda -------------------------------------------------------------------------


def _load_yaml(path: Path) -> tuple[Any, str | None]:
    try:
        data = read_bytes(path)
        if data is None:
            return None, None
        text = decode(data, path).text
    except ConfigFileError as exc:
        return None, exc.message
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        doc = YAML(typ="safe", pure=True).load(text)
    except YAMLError as exc:
        return None, _("cannot parse: {error}").format(error=str(exc).splitlines()[0])
    if doc is None:
        return {}, None
    if not isinstance(doc, dict):
        return None, _("the top level is not a mapping")
    return doc, None


def _conda_files(machine: loc.Machine) -> list[tuple[str, Path]]:
    out: list[tuple[str, Path]] = []
    for kind, path in loc.conda_search_path(machine):
        if path.name == "condarc.d":
            try:
                entries = sorted(path.iterdir()) if path.is_dir() else []
            except OSError:
                entries = []  # unreadable: conda cannot read it either
            out.extend((kind, p) for p in entries if p.suffix in {".yml", ".yaml"} and p.is_file())
            continue
        out.append((kind, path))
    return out


def _str_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value]
    return []


@dataclass
class _CondaRead:
    """What the .condarc files and CONDA_* variables say, before merging."""

    layers: list[Layer] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    channels: list[tuple[list[str], str]] = field(default_factory=list)
    default_channels: list[tuple[list[str], str]] = field(default_factory=list)
    custom: dict[str, tuple[str, str]] = field(default_factory=dict)
    alias: tuple[str, str] | None = None


def _unreadable(
    layers: list[Layer],
    findings: list[Finding],
    kind: str,
    path: Path,
    error: str | None,
    message: str,
) -> None:
    """A config file that exists but the tool cannot use: a layer marked unread and an error."""
    layers.append(Layer(kind, str(path), True, False, error))
    findings.append(Finding("error", "unreadable-config", message))


def _conda_read_file(r: _CondaRead, kind: str, path: Path) -> None:
    doc, error = _load_yaml(path)
    if doc is None:
        _unreadable(
            r.layers,
            r.findings,
            kind,
            path,
            error,
            _("conda cannot use {path}: {error}").format(path=path, error=error),
        )
        return
    values: list[tuple[str, str]] = []
    for key, bucket in (("channels", r.channels), ("default_channels", r.default_channels)):
        if key in doc:
            items = _str_list(doc[key])
            bucket.append((items, str(path)))
            values.append((key, ", ".join(items)))
    cc = doc.get("custom_channels")
    if isinstance(cc, dict):
        for name, url in cc.items():
            r.custom[str(name)] = (str(url), str(path))
            values.append((f"custom_channels.{name}", str(url)))
    if isinstance(doc.get("channel_alias"), str):
        r.alias = (doc["channel_alias"], str(path))
        values.append(("channel_alias", doc["channel_alias"]))
    r.layers.append(Layer(kind, str(path), True, True, None, tuple(values)))


def _conda_read(machine: loc.Machine) -> _CondaRead:
    r = _CondaRead()
    for kind, path in _conda_files(machine):
        if path.is_file():
            _conda_read_file(r, kind, path)
        elif kind in {"user", "env", "CONDARC", "install"} and path.name == ".condarc":
            r.layers.append(Layer(kind, str(path), False, False))
    env = machine.environ
    for var, bucket in (
        ("CONDA_CHANNELS", r.channels),
        ("CONDA_DEFAULT_CHANNELS", r.default_channels),
    ):
        if env.get(var):
            items = [c.strip() for c in env[var].split(",") if c.strip()]
            bucket.append((items, var))
            r.layers.append(Layer("env", var, True, True, None, ((var, env[var]),)))
    if env.get("CONDA_CHANNEL_ALIAS"):
        r.alias = (env["CONDA_CHANNEL_ALIAS"], "CONDA_CHANNEL_ALIAS")
        r.layers.append(Layer("env", "CONDA_CHANNEL_ALIAS", True, True, None, ()))
    return r


def _merge_lists(parts: list[tuple[list[str], str]]) -> list[tuple[str, str]]:
    """conda's list merge: later sources come first; a duplicate keeps its first place."""
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    for items, source in reversed(parts):
        for item in items:
            if item not in seen:
                seen.add(item)
                out.append((item, source))
    return out


def _conda_channel_findings(
    merged_channels: list[tuple[str, str]], merged_defaults: list[tuple[str, str]], cat: Catalog
) -> list[Finding]:
    findings: list[Finding] = []
    for item, _source in [*merged_channels, *merged_defaults]:
        if item.rstrip("/").endswith("pkgs/free"):
            findings.append(
                Finding(
                    "warning",
                    "pkgs-free",
                    _(
                        "{item} is the 'free' channel conda dropped in 4.7 (2019): it holds only "
                        "pre-2017 packages and slows solving; remove it"
                    ).format(item=item),
                )
            )
    for item, source in merged_channels:
        if "://" in item and identify(item, cat) not in {None, "pypi"}:
            findings.append(
                Finding(
                    "warning",
                    "mirror-url-in-channels",
                    _(
                        "{item} (in {source}) puts a mirror URL in channels: 'defaults' and "
                        "-c conda-forge still go upstream; use default_channels + custom_channels"
                    ).format(item=item, source=source),
                )
            )
    sources = sorted({s for _c, s in merged_defaults})
    if len(sources) > 1:
        findings.append(
            Finding(
                "warning",
                "default-channels-merged",
                _(
                    "default_channels is set in several files and conda merges the lists: {sources}"
                ).format(sources=", ".join(sources)),
            )
        )
    return findings


def conda_config(machine: loc.Machine, catalog: Catalog | None = None) -> ToolConfig:
    cat = catalog if catalog is not None else load_catalog()
    r = _conda_read(machine)
    merged_defaults = _merge_lists(r.default_channels)
    merged_channels = _merge_lists(r.channels) or [("defaults", "default")]
    settings: list[Setting] = []
    if merged_defaults:
        first, source = merged_defaults[0]
        index = _setting("default_channels", first, source, cat)
        settings.extend(_setting("default_channels", c, s, cat) for c, s in merged_defaults[1:])
    else:
        index = _setting("default_channels", UPSTREAM_ANACONDA_DEFAULTS[0], "default", cat)
    settings.extend(_setting("channels", c, s, cat) for c, s in merged_channels)
    # Where `-c conda-forge` goes: custom_channels beats channel_alias beats the default.
    if "conda-forge" in r.custom:
        url, source = r.custom["conda-forge"]
    elif r.alias is not None:
        url, source = r.alias
    else:
        url, source = UPSTREAM_CHANNEL_ALIAS, "default"
    settings.append(_setting("custom_channels.conda-forge", url, source, cat))
    settings.extend(
        _setting(f"custom_channels.{name}", u, src, cat)
        for name, (u, src) in r.custom.items()
        if name != "conda-forge"
    )
    findings = [*r.findings, *_conda_channel_findings(merged_channels, merged_defaults, cat)]
    findings.extend(_dead_findings([index, *settings], cat))
    return ToolConfig("conda", index, tuple(settings), tuple(r.layers), tuple(findings))


# --- uv ----------------------------------------------------------------------------


def _load_toml(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    try:
        data = read_bytes(path)
        if data is None:
            return None, None
        text = decode(data, path).text
    except ConfigFileError as exc:
        return None, exc.message
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
            extras.append(_setting("index", entry["url"], source, cat))
    if isinstance(settings.get("index-url"), str):
        values.append(("index-url", settings["index-url"]))
        legacy = settings["index-url"]
    pip_section = settings.get("pip")
    if isinstance(pip_section, dict) and isinstance(pip_section.get("index-url"), str):
        values.append(("pip.index-url", pip_section["index-url"]))
        extras.append(_setting("pip.index-url", pip_section["index-url"], source, cat))
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
            _unreadable(
                layers,
                findings,
                kind,
                path,
                error,
                _("uv cannot use {path}: {error}").format(path=path, error=error),
            )
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
        extras.append(_setting("UV_INDEX", url, "UV_INDEX", cat))
    url, source = default if default is not None else (PYPI_DEFAULT, "default")
    index = _setting("index", url, source, cat)
    findings.extend(_dead_findings([index, *extras], cat))
    return ToolConfig("uv", index, tuple(extras), tuple(layers), tuple(findings))


def add_cross_tool_findings(configs: dict[str, ToolConfig]) -> dict[str, ToolConfig]:
    """Notes that need two tools at once (uv ignoring pip's mirror)."""
    pip = configs.get("pip")
    uv = configs.get("uv")
    if pip is None or uv is None:
        return configs
    if pip.index.source != "default" and uv.index.source == "default":
        note = Finding(
            "info",
            "uv-ignores-pip",
            _(
                "pip uses {url} (from {source}) but uv never reads pip.conf or PIP_INDEX_URL: "
                "uv still uses {default}"
            ).format(url=pip.index.value, source=pip.index.source, default=uv.index.value),
        )
        out = dict(configs)
        out["uv"] = ToolConfig(uv.tool, uv.index, uv.settings, uv.layers, (*uv.findings, note))
        return out
    return configs


def for_display(configs: dict[str, ToolConfig]) -> dict[str, ToolConfig]:
    """The configs as envdoctor shows them: every URL's password and token masked.

    Only what is printed; the files keep their real values. Masked here, before layout,
    because a table or a wrapped line can split a long URL where no output filter sees it.
    """
    return {tool: redact_fields(cfg) for tool, cfg in configs.items()}


def effective_configs(
    machine: loc.Machine,
    tools: tuple[str, ...] = ("pip", "conda", "uv"),
    catalog: Catalog | None = None,
) -> dict[str, ToolConfig]:
    readers = {"pip": pip_config, "conda": conda_config, "uv": uv_config}
    configs = {tool: readers[tool](machine, catalog) for tool in tools}
    return add_cross_tool_findings(configs)


__all__ = [
    "PYPI_DEFAULT",
    "Finding",
    "Layer",
    "Setting",
    "ToolConfig",
    "add_cross_tool_findings",
    "conda_config",
    "effective_configs",
    "for_display",
    "pip_config",
    "uv_config",
]
