from __future__ import annotations

from envdoctor.mirrors.catalog import load_catalog, resolve_mirror
from envdoctor.mirrors.snippets import all_snippets, conda_forge_only_text, condarc_text


def test_condarc_follows_tuna_help_and_never_pkgs_free() -> None:
    text = condarc_text(resolve_mirror("tuna"))
    assert text is not None
    assert text.startswith("channels:\n  - defaults\nshow_channel_urls: true\ndefault_channels:\n")
    assert "  conda-forge: https://mirrors.tuna.tsinghua.edu.cn/anaconda/cloud\n" in text
    for m in load_catalog().mirrors:
        assert "pkgs/free" not in (condarc_text(m) or "")


def test_ustc_gets_community_channels_only() -> None:
    text = condarc_text(resolve_mirror("ustc"))
    assert text is not None and "default_channels" not in text
    forge = conda_forge_only_text(resolve_mirror("ustc"))
    assert forge is not None and "nodefaults" in forge and "bioconda" in forge


def test_custom_url_has_no_conda_snippet_but_pip_and_uv() -> None:
    snippets = all_snippets(resolve_mirror("http://10.0.0.9/simple"), ("pip", "conda", "uv"))
    tools = [s.tool for s in snippets]
    assert "conda" not in tools and "pip" in tools and "uv" in tools
    pip = next(s for s in snippets if s.tool == "pip")
    assert "global.trusted-host 10.0.0.9" in pip.text


def test_tool_filter() -> None:
    assert {s.tool for s in all_snippets(resolve_mirror("tuna"), ("uv",))} == {"uv"}
