from __future__ import annotations

import json
from importlib import resources

import pytest

from envdoctor.errors import DataError, UsageError
from envdoctor.i18n import set_language
from envdoctor.mirrors.catalog import (
    CondaScope,
    Layout,
    identify,
    load_catalog,
    normalise_url,
    parse_catalog,
    resolve_mirror,
)


def _raw() -> dict:
    text = resources.files("envdoctor").joinpath("data").joinpath("mirrors.json").read_text("utf-8")
    return json.loads(text)


def test_bundled_catalog_has_the_required_mirrors_each_with_a_source() -> None:
    cat = load_catalog()
    names = {m.name for m in cat.mirrors}
    assert {
        "tuna",
        "aliyun",
        "ustc",
        "bfsu",
        "sjtu",
        "nju",
        "tencent",
        "huawei",
        "pku",
        "pypi",
    } <= names
    assert {"douban", "netease", "jlu", "cqupt"} <= {d.name for d in cat.dead}
    for m in cat.mirrors:
        assert m.sources, m.name
        assert m.pypi.startswith("https://"), m.name
    assert cat.data_version


def test_facts_from_the_reference_are_encoded() -> None:
    cat = load_catalog()
    tuna = cat.get("tuna")
    assert tuna is not None and tuna.pytorch is None
    ustc = cat.get("ustc")
    assert ustc is not None and ustc.anaconda_scope is CondaScope.CONDA_FORGE_ONLY
    assert ustc.default_channels() is None  # USTC pkgs/* only redirects to TUNA
    aliyun = cat.get("aliyun")
    assert aliyun is not None and aliyun.pytorch is not None
    assert aliyun.pytorch.layout is Layout.FLAT
    sjtu = cat.get("sjtu")
    assert sjtu is not None and sjtu.pytorch is not None and sjtu.pytorch.layout is Layout.PEP503


def test_no_mirror_ever_emits_pkgs_free() -> None:
    for m in load_catalog().mirrors:
        for url in m.default_channels() or ():
            assert "pkgs/free" not in url


def test_aliases_and_case_resolve() -> None:
    assert resolve_mirror("Tsinghua").name == "tuna"
    assert resolve_mirror(" ALIYUN ").name == "aliyun"


@pytest.mark.parametrize(
    "value",
    [
        "douban",
        "netease",
        "jlu",
        "cqupt",
        "http://pypi.douban.com/simple",
        "https://mirrors.163.com/pypi/simple",
    ],
)
def test_dead_mirrors_are_refused_with_the_reason(value: str) -> None:
    with pytest.raises(UsageError) as exc:
        resolve_mirror(value)
    assert "not usable" in exc.value.message


def test_dead_reason_is_translated() -> None:
    set_language("zh_CN")
    with pytest.raises(UsageError) as exc:
        resolve_mirror("douban")
    assert "豆瓣" in exc.value.message


def test_unknown_name_lists_the_known_ones() -> None:
    with pytest.raises(UsageError) as exc:
        resolve_mirror("nosuchmirror")
    assert "tuna" in exc.value.message


def test_custom_url_and_known_url() -> None:
    custom = resolve_mirror("http://127.0.0.1:8080/simple/")
    assert custom.custom and custom.pypi == "http://127.0.0.1:8080/simple/"
    assert custom.anaconda is None
    alias = resolve_mirror("https://pypi.tuna.tsinghua.edu.cn/simple/")
    assert alias.name == "tuna" and alias.anaconda is not None
    assert alias.pypi == "https://pypi.tuna.tsinghua.edu.cn/simple/"  # written as given
    with pytest.raises(UsageError):
        resolve_mirror("ftp://example.com/simple")


@pytest.mark.parametrize(
    "url",
    [
        "https://a.example/simple\n[install]\nindex-url = https://evil.example/simple",
        "https://a.example/sim ple",
        "https://a.example/sim\rple",
        "https://a.example/\x00simple",
        "https://a.example/\u200bsimple",
        "https://a.example/\tsimple",
        "http://[::1/simple",
        "https://a.example:99999/simple",
        "https:///simple",
    ],
)
def test_custom_url_with_whitespace_control_or_bad_syntax_is_refused(url: str) -> None:
    with pytest.raises(UsageError):
        resolve_mirror(url)


def test_identify_and_normalise() -> None:
    assert (
        normalise_url("HTTPS://Mirrors.Aliyun.com/pypi/simple/") == "mirrors.aliyun.com/pypi/simple"
    )
    assert identify("https://mirrors.aliyun.com/pypi/simple") == "aliyun"
    assert identify("http://pypi.douban.com/simple") == "dead:douban"
    assert identify("https://mirrors.tuna.tsinghua.edu.cn/anaconda/pkgs/main") == "tuna"
    assert identify("https://example.org/simple") is None


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (lambda d: d.update(schema=99), "schema"),
        (lambda d: d["mirrors"][1].update(sources=[]), "no source"),
        (lambda d: d["mirrors"][1].update(pypi="not a url"), "URL"),
        (lambda d: d["mirrors"][4]["pytorch"].update(layout="zip"), "layout"),
        (lambda d: d["mirrors"].append(dict(d["mirrors"][1])), "duplicate"),
    ],
)
def test_corrupt_data_is_a_data_error(mutate, fragment: str) -> None:
    doc = _raw()
    mutate(doc)
    with pytest.raises(DataError) as exc:
        parse_catalog(doc)
    assert fragment in exc.value.message


def test_a_conda_url_is_traced_to_the_mirror_that_serves_it() -> None:
    cat = load_catalog()
    tuna = cat.by_conda_url("http://mirrors.tuna.tsinghua.edu.cn/anaconda/nvidia")
    assert tuna is not None and tuna.name == "tuna"
    assert cat.by_conda_url("https://conda.anaconda.org/nvidia") is None
    # A mirror without an Anaconda mirror is never matched by host alone.
    assert cat.by_conda_url("https://mirrors.bfsu.edu.cn/anaconda/cloud/pytorch") is None
