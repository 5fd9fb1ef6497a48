"""Round-trip every real-world config in corpus/ through apply, re-apply and restore."""

from __future__ import annotations

import configparser
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from envdoctor.mirrors.apply import Scope, execute, make_plan, target_path
from envdoctor.mirrors.backup import latest_restorable, restore_session
from envdoctor.mirrors.catalog import normalise_url, resolve_mirror
from envdoctor.mirrors.effective_conda import conda_config
from envdoctor.mirrors.effective_pip import pip_config
from envdoctor.mirrors.effective_uv import uv_config
from tests.mirrors.conftest import make_machine

CORPUS = Path(__file__).parent / "corpus"
FILES = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.parent != CORPUS)
MANAGED = {
    "pip": {"index-url", "trusted-host"},
    "conda": {"channels", "show_channel_urls", "default_channels", "custom_channels"},
    "uv": {"index", "index-url", "pip"},
}


def test_corpus_is_big_enough() -> None:
    assert len(FILES) >= 30
    raw = [p.read_bytes() for p in FILES]
    assert any(b.startswith(b"\xef\xbb\xbf") for b in raw)
    assert any(b"\r\n" in b for b in raw)


def _flat(tool: str, text: str) -> dict[str, Any]:
    """The file's settings other than the ones envdoctor manages."""
    if tool == "pip":
        parser = configparser.RawConfigParser()
        parser.read_string(text)
        return {
            f"{s}.{k}": v
            for s in parser.sections()
            for k, v in parser.items(s)
            if k.replace("_", "-") not in MANAGED["pip"]
        }
    if tool == "conda":
        doc = YAML(typ="safe", pure=True).load(text) or {}
        return {k: v for k, v in doc.items() if k not in MANAGED["conda"]}
    import tomlkit  # tomllib is 3.11+; tomlkit is a runtime dependency anyway

    doc = tomlkit.parse(text).unwrap()
    return {k: v for k, v in doc.items() if k not in MANAGED["uv"]}


def _comments(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith(("#", ";")):
            out.append(stripped)
        elif "#" in line and not stripped.startswith("-"):
            out.append(line[line.index("#") :].strip())
    return out


@pytest.mark.parametrize("source", FILES, ids=[str(p.relative_to(CORPUS)) for p in FILES])
@pytest.mark.parametrize("mirror_name", ["sjtu", "ustc"])
def test_round_trip(source: Path, mirror_name: str, tmp_path: Path) -> None:
    tool = source.parent.name
    machine = make_machine(tmp_path)
    mirror = resolve_mirror(mirror_name)
    target = target_path(tool, Scope.USER, machine)
    original = source.read_bytes()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(original)
    backups = tmp_path / "backups"

    plan = make_plan(machine, mirror, (tool,), Scope.USER)
    session = execute(plan, backups)
    after = target.read_bytes()

    assert not after.startswith(b"\xef\xbb\xbf"), "never write a BOM"
    if b"\r\n" in original:
        assert after.count(b"\n") == after.count(b"\r\n"), "CRLF files stay CRLF"
    text_before = original.decode("utf-8-sig").replace("\r\n", "\n")
    text_after = after.decode("utf-8").replace("\r\n", "\n")
    for comment in _comments(text_before):
        if "pkgs/free" not in comment:
            assert comment in text_after, f"comment lost: {comment!r}"
    assert _flat(tool, text_after) == _flat(tool, text_before), "unrelated settings changed"
    assert "pkgs/free" not in text_after
    assert text_after.startswith("---") == text_before.startswith("---")

    # The tool now really resolves to the mirror.
    if tool == "pip":
        assert normalise_url(pip_config(machine).index.value) == normalise_url(mirror.pypi)
    elif tool == "uv":
        assert normalise_url(uv_config(machine).index.value) == normalise_url(mirror.pypi)
    else:
        cfg = conda_config(machine)
        forge = next(s for s in cfg.settings if s.key == "custom_channels.conda-forge")
        assert forge.mirror == mirror.name
        if mirror.default_channels() is not None:
            assert cfg.index.mirror == mirror.name

    # Idempotent: a second apply has nothing to write.
    again = make_plan(machine, mirror, (tool,), Scope.USER)
    assert again.changes == ()
    assert execute(again, backups) is None

    # Restore is byte-exact (or removes nothing when nothing was written).
    if session is not None:
        latest = latest_restorable(backups)
        assert latest is not None and latest.folder == session.folder
        restore_session(latest)
    assert target.read_bytes() == original
