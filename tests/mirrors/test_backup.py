from __future__ import annotations

import json
from pathlib import Path

import pytest

from envdoctor.errors import EnvdoctorError
from envdoctor.fsio import sha256
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


def test_unreadable_manifests_are_ignored(tmp_path: Path) -> None:
    broken = tmp_path / "b" / "20260101T000000.000000Z"
    broken.mkdir(parents=True)
    (broken / "manifest.json").write_text("{not json")
    assert latest_restorable(tmp_path / "b") is None
