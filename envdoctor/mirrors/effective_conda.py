"""Which channels conda will really use, and which file or variable says so.

conda's precedence: every file on conda's search path is parsed in order; lists merge
(later files first), maps merge, scalars clobber; CONDA_* variables win.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from envdoctor.i18n import _
from envdoctor.mirrors import locations as loc
from envdoctor.mirrors.catalog import (
    UPSTREAM_ANACONDA_DEFAULTS,
    UPSTREAM_CHANNEL_ALIAS,
    Catalog,
    identify,
    load_catalog,
)
from envdoctor.mirrors.tool_config import (
    Finding,
    Layer,
    Setting,
    ToolConfig,
    dead_findings,
    make_setting,
    read_config_text,
    unreadable,
)


def _load_yaml(path: Path) -> tuple[Any, str | None]:
    text, error = read_config_text(path)
    if text is None:
        return None, error
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


def _conda_read_file(r: _CondaRead, kind: str, path: Path) -> None:
    doc, error = _load_yaml(path)
    if doc is None:
        unreadable(r.layers, r.findings, "conda", kind, path, error)
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
        index = make_setting("default_channels", first, source, cat)
        settings.extend(make_setting("default_channels", c, s, cat) for c, s in merged_defaults[1:])
    else:
        index = make_setting("default_channels", UPSTREAM_ANACONDA_DEFAULTS[0], "default", cat)
    settings.extend(make_setting("channels", c, s, cat) for c, s in merged_channels)
    # Where `-c conda-forge` goes: custom_channels beats channel_alias beats the default.
    if "conda-forge" in r.custom:
        url, source = r.custom["conda-forge"]
    elif r.alias is not None:
        url, source = r.alias
    else:
        url, source = UPSTREAM_CHANNEL_ALIAS, "default"
    settings.append(make_setting("custom_channels.conda-forge", url, source, cat))
    settings.extend(
        make_setting(f"custom_channels.{name}", u, src, cat)
        for name, (u, src) in r.custom.items()
        if name != "conda-forge"
    )
    findings = [*r.findings, *_conda_channel_findings(merged_channels, merged_defaults, cat)]
    findings.extend(dead_findings([index, *settings], cat))
    return ToolConfig("conda", index, tuple(settings), tuple(r.layers), tuple(findings))


__all__ = ["conda_config"]
