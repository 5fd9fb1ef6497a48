"""The exact commands and config text that switch each tool to a mirror (pure text)."""

from __future__ import annotations

from dataclasses import dataclass

from envdoctor.i18n import _
from envdoctor.mirrors.catalog import CondaScope, Layout, Mirror
from envdoctor.mirrors.editors import needs_trusted_host

EXAMPLE_VARIANT = "cu126"


@dataclass(frozen=True)
class Snippet:
    tool: str  # pip, conda, uv, pytorch
    title: str
    language: str  # shell, ini, yaml, toml
    text: str


def pip_snippets(m: Mirror) -> list[Snippet]:
    lines = [f"pip config set global.index-url {m.pypi}"]
    host = needs_trusted_host(m.pypi)
    if host:
        lines.append(f"pip config set global.trusted-host {host}")
    return [
        Snippet("pip", _("pip: make it permanent (user config)"), "shell", "\n".join(lines)),
        Snippet(
            "pip", _("pip: once, for one command"), "shell", f"pip install -i {m.pypi} <package>"
        ),
    ]


def condarc_text(m: Mirror) -> str | None:
    defaults = m.default_channels()
    custom = m.custom_channel_urls()
    if defaults is None and not custom:
        return None
    lines = ["channels:", "  - defaults", "show_channel_urls: true"]
    if defaults is not None:
        lines.append("default_channels:")
        lines.extend(f"  - {c}" for c in defaults)
    if custom:
        lines.append("custom_channels:")
        lines.extend(f"  {name}: {url}" for name, url in custom.items())
    return "\n".join(lines) + "\n"


def conda_forge_only_text(m: Mirror) -> str | None:
    custom = m.custom_channel_urls()
    if "conda-forge" not in custom:
        return None
    lines = [
        "channels:",
        "  - conda-forge",
        "  - nodefaults",
        "channel_priority: strict",
        "custom_channels:",
    ]
    lines.extend(f"  {name}: {url}" for name, url in custom.items())
    return "\n".join(lines) + "\n"


def conda_snippets(m: Mirror) -> list[Snippet]:
    out: list[Snippet] = []
    rc = condarc_text(m)
    if rc is None:
        return out
    title = _("conda: ~/.condarc (default_channels + custom_channels; never pkgs/free)")
    if m.anaconda_scope is CondaScope.CONDA_FORGE_ONLY:
        title = _("conda: ~/.condarc ({mirror} mirrors community channels only)").format(
            mirror=m.name
        )
    out.append(Snippet("conda", title, "yaml", rc))
    cf = conda_forge_only_text(m)
    if cf is not None:
        out.append(
            Snippet(
                "conda", _("conda: conda-forge-only profile (no Anaconda 'defaults')"), "yaml", cf
            )
        )
    out.append(
        Snippet("conda", _("conda: then clear the cached channel index"), "shell", "conda clean -i")
    )
    return out


def uv_snippets(m: Mirror) -> list[Snippet]:
    toml = f'[[index]]\nurl = "{m.pypi}"\ndefault = true\n'
    return [
        Snippet("uv", _("uv: ~/.config/uv/uv.toml (uv never reads pip.conf)"), "toml", toml),
        Snippet("uv", _("uv: or for one shell"), "shell", f"export UV_DEFAULT_INDEX={m.pypi}"),
    ]


def pytorch_snippets(m: Mirror, variant: str = EXAMPLE_VARIANT) -> list[Snippet]:
    if m.pytorch is None:
        return []
    url = m.pytorch.url(variant)
    if m.pytorch.layout is Layout.FLAT:
        pip = f"pip install torch torchvision -f {url}"
        uv_index = (
            f'[[tool.uv.index]]\nname = "pytorch"\nurl = "{url}"\nformat = "flat"\n'
            "explicit = true\n"
        )
    else:
        pip = f"pip install torch torchvision --index-url {url}"
        uv_index = f'[[tool.uv.index]]\nname = "pytorch"\nurl = "{url}"\nexplicit = true\n'
    uv_index += (
        '\n[tool.uv.sources]\ntorch = { index = "pytorch" }\ntorchvision = { index = "pytorch" }\n'
    )
    title = _(
        "PyTorch wheels from {mirror} (replace {variant} with your build: cpu, cu118, cu128, ...)"
    ).format(mirror=m.name, variant=variant)
    return [
        Snippet("pytorch", title, "shell", pip),
        Snippet("pytorch", _("PyTorch with uv: in the project's pyproject.toml"), "toml", uv_index),
    ]


def all_snippets(m: Mirror, tools: tuple[str, ...]) -> list[Snippet]:
    out: list[Snippet] = []
    if "pip" in tools:
        out.extend(pip_snippets(m))
    if "conda" in tools:
        out.extend(conda_snippets(m))
    if "uv" in tools:
        out.extend(uv_snippets(m))
    out.extend(pytorch_snippets(m))
    return out


__all__ = [
    "EXAMPLE_VARIANT",
    "Snippet",
    "all_snippets",
    "conda_forge_only_text",
    "conda_snippets",
    "condarc_text",
    "pip_snippets",
    "pytorch_snippets",
    "uv_snippets",
]
