from __future__ import annotations

import pytest

from envdoctor.errors import UsageError
from envdoctor.i18n import set_language
from envdoctor.mirrors.torch_source import TorchSource, torch_source


def test_pep503_mirror_uses_index_url() -> None:
    src = torch_source("sjtu", "cu126")
    assert src == TorchSource(
        ("--index-url", "https://mirror.sjtu.edu.cn/pytorch-wheels/cu126"), None
    )
    nju = torch_source("nju", "cpu")
    assert nju is not None and nju.pip_args == (
        "--index-url",
        "https://mirror.nju.edu.cn/pytorch/whl/cpu",
    )


def test_flat_listing_uses_find_links_with_a_note() -> None:
    src = torch_source("aliyun", "cu126")
    assert src is not None
    assert src.pip_args == ("-f", "https://mirrors.aliyun.com/pytorch-wheels/cu126/")
    assert src.note and "-f" in src.note


def test_note_is_translated() -> None:
    set_language("zh_CN")
    src = torch_source("aliyun", "cu121")
    assert src is not None and src.note is not None
    assert "阿里" in src.note or "平铺" in src.note


def test_default_build_uses_the_pypi_index() -> None:
    assert torch_source("tuna", None) == TorchSource(
        ("--index-url", "https://mirrors.tuna.tsinghua.edu.cn/pypi/web/simple"), None
    )
    assert torch_source("http://127.0.0.1:9/simple", None) == TorchSource(
        ("--index-url", "http://127.0.0.1:9/simple"), None
    )


def test_upstream_variant() -> None:
    src = torch_source("pypi", "rocm6.4")
    assert src is not None and src.pip_args == (
        "--index-url",
        "https://download.pytorch.org/whl/rocm6.4",
    )


@pytest.mark.parametrize("mirror", ["tuna", "ustc", "bfsu", "http://127.0.0.1:9/simple"])
def test_mirrors_without_wheels_return_none(mirror: str) -> None:
    assert torch_source(mirror, "cu126") is None


def test_dead_and_unknown_mirrors_raise() -> None:
    with pytest.raises(UsageError, match="douban"):
        torch_source("douban", "cu126")
    with pytest.raises(UsageError):
        torch_source("nope", None)


def test_bad_variant_raises() -> None:
    with pytest.raises(UsageError):
        torch_source("sjtu", "cuda12")
