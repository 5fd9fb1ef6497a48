from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from envdoctor import fsio
from envdoctor.fsio import ConfigFileError, atomic_write, decode, encode, sha256


@pytest.fixture
def d(tmp_path: Path) -> Path:
    folder = tmp_path / "d"
    folder.mkdir()
    return folder


def test_decode_reads_bom_and_crlf_and_encode_writes_neither_bom() -> None:
    d = decode(b"\xef\xbb\xbfa = 1\r\nb = 2\r\n", Path("x"))
    assert d.text == "a = 1\nb = 2\n" and d.newline == "\r\n" and d.had_bom
    assert encode(d.text, d.newline) == b"a = 1\r\nb = 2\r\n"


def test_decode_rejects_non_utf8() -> None:
    with pytest.raises(ConfigFileError, match="UTF-8"):
        decode("[global]\n# 清华\n".encode("gbk"), Path("pip.conf"))


def test_atomic_write_creates_parents_and_keeps_mode(d: Path) -> None:
    target = d / "a" / "b" / "pip.conf"
    created = atomic_write(target, b"one\n", expect_sha=None)
    assert target.read_bytes() == b"one\n"
    assert created == [d / "a", d / "a" / "b"]
    target.chmod(0o640)
    atomic_write(target, b"two\n", expect_sha=sha256(b"one\n"))
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_bytes() == b"two\n"
    assert [p.name for p in target.parent.iterdir()] == ["pip.conf"]  # no temp file left


def test_symlinked_dotfile_stays_a_symlink(d: Path) -> None:
    real = d / "dotfiles" / "condarc"
    real.parent.mkdir()
    real.write_bytes(b"old\n")
    link = d / ".condarc"
    link.symlink_to(real)
    atomic_write(link, b"new\n", expect_sha=sha256(b"old\n"))
    assert link.is_symlink()
    assert real.read_bytes() == b"new\n"


def test_dangling_symlink_is_refused(d: Path) -> None:
    link = d / ".condarc"
    link.symlink_to(d / "missing-dir" / "condarc")
    with pytest.raises(ConfigFileError, match="symlink"):
        atomic_write(link, b"x", expect_sha=None)
    assert link.is_symlink()


def test_crash_between_write_and_replace_leaves_original(
    d: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = d / "pip.conf"
    target.write_bytes(b"original\n")

    def crash(src: str, dst: object) -> None:
        assert Path(src).read_bytes() == b"replacement\n"  # the new content was fully written
        raise OSError(errno.EIO, "simulated crash")

    monkeypatch.setattr(fsio, "_replace", crash)
    with pytest.raises(ConfigFileError):
        atomic_write(target, b"replacement\n", expect_sha=sha256(b"original\n"))
    assert target.read_bytes() == b"original\n"
    assert [p.name for p in d.iterdir()] == ["pip.conf"]


def test_hard_crash_leaves_original(d: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = d / "uv.toml"
    target.write_bytes(b"keep\n")

    def die(src: str, dst: object) -> None:
        raise KeyboardInterrupt  # the process is being torn down mid-write

    monkeypatch.setattr(fsio, "_replace", die)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, b"lost\n", expect_sha=sha256(b"keep\n"))
    assert target.read_bytes() == b"keep\n"


def test_full_disk_is_a_clear_error(d: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = d / "pip.conf"
    target.write_bytes(b"original\n")

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(ConfigFileError, match="disk is full"):
        atomic_write(target, b"x" * 100, expect_sha=sha256(b"original\n"))
    assert target.read_bytes() == b"original\n"
    assert [p.name for p in d.iterdir()] == ["pip.conf"]


def test_read_only_file_is_left_alone(d: Path) -> None:
    target = d / "pip.conf"
    target.write_bytes(b"locked\n")
    target.chmod(0o444)
    with pytest.raises(ConfigFileError, match="read-only"):
        atomic_write(target, b"x", expect_sha=sha256(b"locked\n"))
    assert target.read_bytes() == b"locked\n"


def test_concurrent_change_is_detected(d: Path) -> None:
    target = d / "pip.conf"
    target.write_bytes(b"edited by someone else\n")
    with pytest.raises(ConfigFileError, match="changed"):
        atomic_write(target, b"x", expect_sha=sha256(b"what we read\n"))
    assert target.read_bytes() == b"edited by someone else\n"


def test_directory_in_place_of_file(d: Path) -> None:
    (d / "pip.conf").mkdir()
    with pytest.raises(ConfigFileError, match="directory"):
        fsio.read_bytes(d / "pip.conf")


def test_failed_write_removes_the_folders_it_created(
    d: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(src: str, dst: object) -> None:
        raise OSError(errno.EIO, "simulated crash")

    monkeypatch.setattr(fsio, "_replace", crash)
    with pytest.raises(ConfigFileError):
        atomic_write(d / "new" / "deeper" / "uv.toml", b"x", expect_sha=None)
    assert list(d.iterdir()) == []


def test_edit_saved_during_the_write_is_not_overwritten(
    d: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = d / ".condarc"
    target.write_bytes(b"read\n")
    real_fsync = os.fsync

    def editor_saves_meanwhile(fd: int) -> None:
        real_fsync(fd)
        target.write_bytes(b"saved by an editor\n")

    monkeypatch.setattr(os, "fsync", editor_saves_meanwhile)
    with pytest.raises(ConfigFileError, match="changed while"):
        atomic_write(target, b"ours\n", expect_sha=sha256(b"read\n"))
    assert target.read_bytes() == b"saved by an editor\n"
    assert [p.name for p in d.iterdir()] == [".condarc"]
