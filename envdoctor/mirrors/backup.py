"""Backups of every file `--apply` changes, and the byte-exact `--restore`.

A backup session is a folder in the user state directory (platformdirs), named by
time, holding the original bytes of each file and `manifest.json`: the path, whether
the file existed, its hash before and after, the directories the apply created. The
manifest is written before any target is touched, so even an apply that died half-way
can be restored.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from envdoctor import __version__
from envdoctor.errors import EnvdoctorError
from envdoctor.fsio import (
    ConfigFileError,
    atomic_write,
    read_bytes,
    real_target,
    remove_file,
    sha256,
)
from envdoctor.i18n import _

MANIFEST = "manifest.json"
MANIFEST_VERSION = 1


def backup_root() -> Path:
    from platformdirs import user_state_path

    return user_state_path("envdoctor", appauthor=False) / "backups"


@dataclass(frozen=True)
class Entry:
    path: str  # as the user knows it (may be a symlink)
    target: str  # the real file that was written
    existed: bool
    before_sha256: str | None
    after_sha256: str
    mode: int | None
    backup: str | None  # file name inside the session folder
    tool: str
    created_dirs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Session:
    folder: Path
    created: str
    status: str  # pending, applied, restored
    mirror: str
    entries: tuple[Entry, ...]


def _manifest_doc(session: Session) -> dict[str, Any]:
    return {
        "manifest_version": MANIFEST_VERSION,
        "envdoctor_version": __version__,
        "created": session.created,
        "status": session.status,
        "mirror": session.mirror,
        "entries": [
            {
                "path": e.path,
                "target": e.target,
                "existed": e.existed,
                "before_sha256": e.before_sha256,
                "after_sha256": e.after_sha256,
                "mode": e.mode,
                "backup": e.backup,
                "tool": e.tool,
                "created_dirs": list(e.created_dirs),
            }
            for e in session.entries
        ],
    }


def write_manifest(session: Session) -> None:
    path = session.folder / MANIFEST
    data = json.dumps(_manifest_doc(session), indent=2).encode("utf-8")
    atomic_write(path, data, expect_sha=sha256(read_bytes(path)), mode=0o600)


def _parse_manifest(folder: Path) -> Session | None:
    try:
        doc = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        entries = tuple(
            Entry(
                path=str(e["path"]),
                target=str(e["target"]),
                existed=bool(e["existed"]),
                before_sha256=e["before_sha256"],
                after_sha256=str(e["after_sha256"]),
                mode=e.get("mode"),
                backup=e.get("backup"),
                tool=str(e.get("tool", "")),
                created_dirs=tuple(e.get("created_dirs", [])),
            )
            for e in doc["entries"]
        )
        return Session(
            folder, str(doc["created"]), str(doc["status"]), str(doc.get("mirror", "")), entries
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def create_session(
    originals: list[tuple[str, Path, bytes | None, bytes]], mirror: str, root: Path | None = None
) -> Session:
    """Save the originals (tool, path, old bytes or None, new bytes) before anything is written."""
    base = root if root is not None else backup_root()
    now = datetime.datetime.now(datetime.timezone.utc)
    stamp = now.strftime("%Y%m%dT%H%M%S.%fZ")  # sorts in time order, to the microsecond
    folder = base / stamp
    n = 0
    while folder.exists():  # two applies in the same microsecond: keep both
        n += 1
        folder = base / f"{stamp}-{n}"
    try:
        folder.mkdir(parents=True, mode=0o700)
    except OSError as exc:
        raise ConfigFileError(
            _("cannot create the backup folder {path}: {error}; nothing was changed").format(
                path=folder, error=exc.strerror or exc
            )
        ) from exc
    entries = []
    for i, (tool, path, before, after) in enumerate(originals):
        target = real_target(path)
        name = None
        mode = None
        if before is not None:
            name = f"{i}-{target.name}"
            mode = target.stat().st_mode & 0o7777
            atomic_write(folder / name, before, expect_sha=None, mode=0o600)
        entries.append(
            Entry(
                path=str(path),
                target=str(target),
                existed=before is not None,
                before_sha256=sha256(before),
                after_sha256=str(sha256(after)),
                mode=mode,
                backup=name,
                tool=tool,
            )
        )
    session = Session(folder, stamp, "pending", mirror, tuple(entries))
    write_manifest(session)
    return session


def sessions(root: Path | None = None) -> list[Session]:
    """All readable backup sessions, newest first."""
    base = root if root is not None else backup_root()
    if not base.is_dir():
        return []
    found = [s for s in (_parse_manifest(d) for d in base.iterdir() if d.is_dir()) if s is not None]
    return sorted(found, key=lambda s: s.folder.name, reverse=True)


def latest_restorable(root: Path | None = None) -> Session | None:
    for s in sessions(root):
        if s.status in {"pending", "applied"}:
            return s
    return None


@dataclass(frozen=True)
class Restored:
    path: str
    action: str  # rewritten, deleted, unchanged


def restore_session(session: Session) -> list[Restored]:
    """Put every file back as it was; refuse (changing nothing) if one was edited since."""
    plan: list[tuple[Entry, bytes | None]] = []
    for e in session.entries:
        current = read_bytes(Path(e.target))
        now = sha256(current)
        if now == e.before_sha256:
            plan.append((e, None))  # already as before (an apply that never reached it)
            continue
        if now != e.after_sha256:
            raise EnvdoctorError(
                _(
                    "{path} was changed after envdoctor wrote it; not restoring anything. "
                    "The original is kept in {folder}"
                ).format(path=e.path, folder=session.folder)
            )
        original = None
        if e.existed and e.backup is not None:
            original = (session.folder / e.backup).read_bytes()
            if sha256(original) != e.before_sha256:
                raise EnvdoctorError(
                    _("the backup of {path} in {folder} is damaged; not restoring anything").format(
                        path=e.path, folder=session.folder
                    )
                )
        plan.append((e, original))
    results: list[Restored] = []
    for e, original in plan:
        target = Path(e.target)
        current_sha = sha256(read_bytes(target))
        if current_sha == e.before_sha256:
            results.append(Restored(e.path, "unchanged"))
            continue
        # Overwrite or delete only what envdoctor wrote (e.after_sha256), checked again at
        # the last moment by fsio: an edit saved since phase 1 is never replaced.
        try:
            if e.existed and original is not None:
                atomic_write(target, original, expect_sha=e.after_sha256, mode=e.mode)
                if e.mode is not None:
                    target.chmod(e.mode)
                results.append(Restored(e.path, "rewritten"))
            else:
                remove_file(target, expect_sha=e.after_sha256)
                results.append(Restored(e.path, "deleted"))
        except EnvdoctorError as exc:
            done = ", ".join(r.path for r in results if r.action != "unchanged")
            if not done:
                raise
            raise EnvdoctorError(
                _(
                    "{error}; restore stopped, already restored: {done}. "
                    "The originals are kept in {folder}"
                ).format(error=exc.message, done=done, folder=session.folder),
                exit_code=exc.exit_code,
            ) from exc
    # Remove the folders the apply created, deepest first, once all files are gone.
    created = {Path(d) for e, _o in plan for d in e.created_dirs}
    for d in sorted(created, key=lambda p: len(p.parts), reverse=True):
        try:
            d.rmdir()
        except OSError:
            continue  # not empty (someone put files there) or already gone: leave it
    write_manifest(
        Session(session.folder, session.created, "restored", session.mirror, session.entries)
    )
    return results


def mark_applied(session: Session, created: dict[str, tuple[str, ...]]) -> Session:
    entries = tuple(
        Entry(
            e.path,
            e.target,
            e.existed,
            e.before_sha256,
            e.after_sha256,
            e.mode,
            e.backup,
            e.tool,
            created.get(e.target, ()),
        )
        for e in session.entries
    )
    done = Session(session.folder, session.created, "applied", session.mirror, entries)
    write_manifest(done)
    return done


__all__ = [
    "Entry",
    "Restored",
    "Session",
    "backup_root",
    "create_session",
    "latest_restorable",
    "mark_applied",
    "restore_session",
    "sessions",
    "write_manifest",
]
