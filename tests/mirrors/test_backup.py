from __future__ import annotations

import json
from pathlib import Path

import pytest

from envdoctor import fsio
from envdoctor.errors import EnvdoctorError
from envdoctor.fsio import ConfigFileError, sha256
from envdoctor.mirrors.backup import create_session, latest_restorable, restore_session


def test_manifest_records_everything_needed(tmp_path: Path) -> None:
    existing = tmp_path / "pip.conf"
    existing.write_bytes(b"old\n")
    existing.chmod(0o600)
    new = tmp_path / "uv.toml"
    session = create_session(
        [("pip", existing, b"old\n", b"new\n"), ("uv", new, None, b"x\n")], "tuna", tmp_path / "b"
    )
    doc = json.loads((session.folder / "manifest.json").read_text())
    assert doc["status"] == "pending" and doc["mirror"] == "tuna"
    pip, uv = doc["entries"]
    assert pip["existed"] and pip["before_sha256"] == sha256(b"old\n") and pip["mode"] == 0o600
    assert (session.folder / pip["backup"]).read_bytes() == b"old\n"
    assert not uv["existed"] and uv["backup"] is None


def test_pending_session_restores_what_was_written(tmp_path: Path) -> None:
    """An apply that died after the first file: restore handles the mix."""
    a = tmp_path / "a.conf"
    b = tmp_path / "b.conf"
    a.write_bytes(b"a-old\n")
    b.write_bytes(b"b-old\n")
    backups = tmp_path / "b"
    create_session(
        [("pip", a, b"a-old\n", b"a-new\n"), ("uv", b, b"b-old\n", b"b-new\n")], "x", backups
    )
    a.write_bytes(b"a-new\n")  # only the first write happened
    session = latest_restorable(backups)
    assert session is not None and session.status == "pending"
    actions = [r.action for r in restore_session(session)]
    assert actions == ["rewritten", "unchanged"]
    assert a.read_bytes() == b"a-old\n" and b.read_bytes() == b"b-old\n"


def test_damaged_backup_is_detected(tmp_path: Path) -> None:
    a = tmp_path / "a.conf"
    a.write_bytes(b"old\n")
    session = create_session([("pip", a, b"old\n", b"new\n")], "x", tmp_path / "b")
    a.write_bytes(b"new\n")
    next(p for p in session.folder.iterdir() if p.name != "manifest.json").write_bytes(b"junk")
    with pytest.raises(EnvdoctorError, match="damaged"):
        restore_session(session)
    assert a.read_bytes() == b"new\n"


def test_unreadable_manifest_says_where_the_originals_are(tmp_path: Path) -> None:
    broken = tmp_path / "b" / "20260101T000000.000000Z"
    broken.mkdir(parents=True)
    (broken / "manifest.json").write_text("{not json")
    (broken / "0-pip.conf").write_text("[global]\n")
    with pytest.raises(EnvdoctorError) as caught:
        latest_restorable(tmp_path / "b")
    assert caught.value.exit_code == 1
    assert str(broken) in caught.value.message and "0-pip.conf" in caught.value.message


def test_folder_without_manifest_is_an_apply_that_changed_nothing(tmp_path: Path) -> None:
    (tmp_path / "b" / "20260101T000000.000000Z").mkdir(parents=True)
    assert latest_restorable(tmp_path / "b") is None


def test_remove_file_deletes_only_the_expected_content(tmp_path: Path) -> None:
    f = tmp_path / "pip.conf"
    f.write_bytes(b"ours\n")
    with pytest.raises(ConfigFileError):
        fsio.remove_file(f, expect_sha=str(fsio.sha256(b"something else\n")))
    assert f.read_bytes() == b"ours\n"
    fsio.remove_file(f, expect_sha=str(fsio.sha256(b"ours\n")))
    assert not f.exists()
    fsio.remove_file(f, expect_sha=str(fsio.sha256(b"ours\n")))  # already gone: fine


def test_remove_file_puts_back_a_save_that_lands_after_the_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    f = tmp_path / "pip.conf"
    f.write_bytes(b"ours\n")
    real_read = fsio.read_bytes

    def read_then_user_saves(path: Path) -> bytes | None:
        data = real_read(path)
        f.write_bytes(b"the user's save\n")  # lands between the check and the rename
        return data

    monkeypatch.setattr(fsio, "read_bytes", read_then_user_saves)
    with pytest.raises(ConfigFileError):
        fsio.remove_file(f, expect_sha=str(fsio.sha256(b"ours\n")))
    assert f.read_bytes() == b"the user's save\n"
    assert not list(tmp_path.glob("*envdoctor-del"))  # nothing left aside
