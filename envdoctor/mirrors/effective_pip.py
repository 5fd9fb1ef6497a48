"""Which index `pip install` will really use, and which file or variable says so.

pip's precedence: global < user < base < site < PIP_CONFIG_FILE < PIP_* variables, where
an `[install]` key beats a `[global]` one from any file; PIP_CONFIG_FILE=os.devnull
disables every file and an existing PIP_CONFIG_FILE hides the user files.
"""

from __future__ import annotations

import configparser
import os
from pathlib import Path

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

_PIP_KEYS = ("index-url", "extra-index-url", "trusted-host", "find-links", "no-index")


def _pip_norm(name: str) -> str:
    name = name.lower().replace("_", "-")
    return name[2:] if name.startswith("--") else name


def _read_ini(path: Path) -> tuple[dict[str, str] | None, str | None]:
    """section.key -> value, or (None, why it cannot be read)."""
    # pip reads the file in the locale's encoding, never utf-8-sig: the BOM becomes part
    # of the first line, there is "no section header" and every pip command fails
    # (pip 23.2.1).
    text, error = read_config_text(
        path,
        refuse_bom=_(
            "it starts with a UTF-8 BOM, so pip cannot parse it and every pip command "
            "fails; save it as UTF-8 without BOM"
        ),
    )
    if text is None:
        return None, error
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
        index = make_setting("index-url", PYPI_DEFAULT, "default", cat)
    else:
        index = make_setting("index-url", idx[0].strip(), idx[1], cat)
    settings: list[Setting] = []
    for key in ("extra-index-url", "find-links", "trusted-host", "no-index"):
        found = effective(key)
        if found is not None:
            for part in found[0].split():
                settings.append(make_setting(key, part, found[1], cat))
    findings.extend(dead_findings([index, *settings], cat))
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
            unreadable(layers, findings, "pip", kind, path, error)
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


__all__ = ["pip_config"]
