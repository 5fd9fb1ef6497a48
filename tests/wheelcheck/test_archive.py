"""Files on disk: real zip archives built in tmp_path, never downloads."""

from __future__ import annotations

import zipfile
from pathlib import Path

from envdoctor.wheelcheck.archive import inspect_archive
from envdoctor.wheelcheck.names import parse_wheel_name

NAME = "demo-1.0-cp311-cp311-manylinux_2_17_x86_64.whl"


def make_wheel(
    path: Path, *, tag: str = "cp311-cp311-manylinux_2_17_x86_64", version: str = "1.0"
) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("demo/__init__.py", "")
        zf.writestr(
            f"demo-{version}.dist-info/WHEEL",
            f"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: false\nTag: {tag}\n",
        )
    return path


def codes(path: Path) -> list[str]:
    return [p.code for p in inspect_archive(path, parse_wheel_name(path.name))]


def test_a_real_wheel_has_no_problems(tmp_path: Path) -> None:
    assert codes(make_wheel(tmp_path / NAME)) == []


def test_renamed_python_tag_is_caught(tmp_path: Path) -> None:
    path = make_wheel(tmp_path / NAME, tag="cp310-cp310-manylinux_2_17_x86_64")
    assert codes(path) == ["renamed-wheel"]


def test_renamed_version_is_caught(tmp_path: Path) -> None:
    assert codes(make_wheel(tmp_path / NAME, version="0.9")) == ["renamed-version"]


def test_html_error_page(tmp_path: Path) -> None:
    path = tmp_path / NAME
    path.write_text("<!DOCTYPE html><html><body>403 Forbidden</body></html>")
    assert codes(path) == ["html-page"]


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / NAME
    path.write_bytes(b"\x1f\x8b\x08 a tar.gz renamed to .whl")
    assert codes(path) == ["not-a-zip"]


def test_truncated_download(tmp_path: Path) -> None:
    good = make_wheel(tmp_path / "full.whl").read_bytes()
    path = tmp_path / NAME
    path.write_bytes(good[: len(good) // 2])
    assert codes(path) == ["not-a-zip"]


def test_zip_without_metadata(tmp_path: Path) -> None:
    path = tmp_path / NAME
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "hi")
    assert codes(path) == ["no-wheel-metadata"]


def test_empty_file_and_directory(tmp_path: Path) -> None:
    empty = tmp_path / NAME
    empty.write_bytes(b"")
    assert codes(empty) == ["empty-file"]
    folder = tmp_path / "dir" / NAME
    folder.mkdir(parents=True)
    assert codes(folder) == ["not-a-file"]
