"""Which index pip, conda and uv will really use, and which file or variable says so.

Each tool's own precedence is followed by its reader (`effective_pip`, `effective_conda`,
`effective_uv`); this module runs the ones asked for, adds the notes that need two tools
at once, and masks what is shown. The records they return live in `tool_config`.
"""

from __future__ import annotations

from envdoctor.i18n import _
from envdoctor.mirrors import locations as loc
from envdoctor.mirrors.catalog import Catalog
from envdoctor.mirrors.effective_conda import conda_config
from envdoctor.mirrors.effective_pip import pip_config
from envdoctor.mirrors.effective_uv import uv_config
from envdoctor.mirrors.tool_config import Finding, ToolConfig
from envdoctor.redact import redact_fields


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
    "add_cross_tool_findings",
    "effective_configs",
    "for_display",
]
