"""The steps every effective-config reader shares: reading a file, and one it cannot use."""

from __future__ import annotations

from pathlib import Path

from envdoctor.mirrors.tool_config import Finding, Layer, read_config_text, unreadable
from tests.mirrors.conftest import write


def test_missing_file_is_neither_text_nor_error(tmp_path: Path) -> None:
    assert read_config_text(tmp_path / "absent.conf") == (None, None)


def test_bom_is_read_past_unless_the_tool_refuses_it(tmp_path: Path) -> None:
    conf = write(tmp_path / "a.conf", b"\xef\xbb\xbfkey = 1\r\n")
    assert read_config_text(conf) == ("key = 1\n", None)
    assert read_config_text(conf, refuse_bom="no BOM here") == (None, "no BOM here")


def test_undecodable_file_gives_a_reason_not_an_exception(tmp_path: Path) -> None:
    conf = write(tmp_path / "b.conf", b"key = \xff\xfe\n")
    text, error = read_config_text(conf, refuse_bom="no BOM here")
    assert text is None
    assert error


def test_unreadable_marks_the_layer_unused_and_names_the_tool(tmp_path: Path) -> None:
    layers: list[Layer] = []
    findings: list[Finding] = []
    path = tmp_path / "uv.toml"
    unreadable(layers, findings, "uv", "user", path, "cannot parse: x")
    assert layers == [Layer("user", str(path), True, False, "cannot parse: x")]
    assert findings == [
        Finding("error", "unreadable-config", f"uv cannot use {path}: cannot parse: x")
    ]
