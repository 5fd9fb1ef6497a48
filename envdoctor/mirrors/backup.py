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
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from envdoctor import __version__
from envdoctor.errors import EnvdoctorError
from envdoctor.exitcodes import ExitCode
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


class DamagedManifest(ValueError):
    """A session folder whose manifest.json exists but cannot be read."""


def _parse_manifest(folder: Path) -> Session:
    """The session recorded in `folder`; DamagedManifest when its record cannot be read."""
    try:
        doc = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        entries = tuple(
            Entry(
                path=str(e["path"]),
                target=str(e["target"]),
                existed=bool(e["existed"]),
                before_sha256=_optional_str(e["before_sha256"]),
                after_sha256=str(e["after_sha256"]),
                mode=_optional_int(e.get("mode")),
                backup=_optional_str(e.get("backup")),
                tool=str(e.get("tool", "")),
                created_dirs=tuple(str(d) for d in e.get("created_dirs", [])),
            )
            for e in doc["entries"]
        )
        return Session(
            folder, str(doc["created"]), str(doc["status"]), str(doc.get("mirror", "")), entries
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise DamagedManifest(str(exc) or type(exc).__name__) from exc


def _optional_str(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise TypeError(f"expected a string, found {value!r}")


def _optional_int(value: object) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise TypeError(f"expected a number, found {value!r}")


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


def _folders(root: Path | None) -> list[Path]:
    """Session folders holding a manifest, newest first.

    A folder without one is an apply that died before touching any file (the manifest is
    written before the first target), so it has nothing to restore.
    """
    base = root if root is not None else backup_root()
    if not base.is_dir():
        return []
    found = [d for d in base.iterdir() if d.is_dir() and (d / MANIFEST).exists()]
    return sorted(found, key=lambda d: d.name, reverse=True)


def sessions(root: Path | None = None) -> list[Session]:
    """All readable backup sessions, newest first."""
    out = []
    for folder in _folders(root):
        try:
            out.append(_parse_manifest(folder))
        except DamagedManifest:
            continue
    return out


def _damaged(folder: Path, why: str) -> EnvdoctorError:
    kept = sorted(p.name for p in folder.iterdir() if p.name != MANIFEST and p.is_file())
    return EnvdoctorError(
        _(
            "the backup record {manifest} cannot be read ({why}); nothing was restored. "
            "The original files are kept in {folder} ({files}): copy them back by hand"
        ).format(
            manifest=folder / MANIFEST,
            why=why,
            folder=folder,
            files=", ".join(kept) if kept else _("it holds no copy of an original file"),
        ),
        exit_code=ExitCode.PROBLEMS,
    )


def _restored_already(session: Session, tools: Collection[str] | None) -> bool:
    return all(
        sha256(read_bytes(Path(e.target))) == e.before_sha256
        for e in session.entries
        if tools is None or e.tool in tools
    )


def latest_restorable(
    root: Path | None = None, *, tools: Collection[str] | None = None
) -> Session | None:
    """The newest session not yet restored (for `tools`, when given); None when there is none.

    A newer session whose manifest is damaged stops the search with an error that says where
    its originals are: restoring an older one instead would put back the wrong state.
    """
    for folder in _folders(root):
        try:
            s = _parse_manifest(folder)
        except DamagedManifest as exc:
            raise _damaged(folder, str(exc)) from exc
        if s.status not in {"pending", "applied"}:
            continue
        if tools is not None:
            mine = [e for e in s.entries if e.tool in tools]
            # A session restored earlier for these tools only (--restore --tool) is done
            # for them; an older one may still hold their originals.
            if not mine or _restored_already(s, tools):
                continue
        return s
    return None


@dataclass(frozen=True)
class Restored:
    path: str
    action: str  # rewritten, deleted, unchanged; in a dry run: restore, delete, edited, damaged
    original: str | None = None  # where the original bytes are kept (the backup copy)


@dataclass(frozen=True)
class _Step:
    entry: Entry
    action: str  # restore, delete, unchanged, edited, damaged
    original: bytes | None = None


def _kept_at(session: Session, e: Entry) -> str | None:
    return str(session.folder / e.backup) if e.backup is not None else None


def _plan(session: Session, tools: Collection[str] | None) -> list[_Step]:
    """What restoring would do to each file, reading each one once."""
    steps: list[_Step] = []
    for e in session.entries:
        if tools is not None and e.tool not in tools:
            continue
        now = sha256(read_bytes(Path(e.target)))
        if now == e.before_sha256:
            steps.append(_Step(e, "unchanged"))  # already as before (or never reached)
            continue
        if now != e.after_sha256:
            steps.append(_Step(e, "edited"))
            continue
        if not (e.existed and e.backup is not None):
            steps.append(_Step(e, "delete"))
            continue
        try:
            original = (session.folder / e.backup).read_bytes()
        except OSError:
            original = None
        if original is None or sha256(original) != e.before_sha256:
            steps.append(_Step(e, "damaged"))
            continue
        steps.append(_Step(e, "restore", original))
    return steps


def preview_restore(session: Session, *, tools: Collection[str] | None = None) -> list[Restored]:
    """The truth per file, changing nothing: what `--restore` would do (for --dry-run)."""
    return [
        Restored(step.entry.path, step.action, _kept_at(session, step.entry))
        for step in _plan(session, tools)
    ]


def _refusal(session: Session, step: _Step) -> EnvdoctorError:
    e = step.entry
    kept = _kept_at(session, e)
    if step.action == "edited":
        if kept is None:
            message = _(
                "{path} was changed after envdoctor wrote it, so your edit is kept and nothing "
                "was restored; the file did not exist before the apply (delete it by hand to "
                "undo the apply)"
            ).format(path=e.path)
        else:
            message = _(
                "{path} was changed after envdoctor wrote it, so your edit is kept and nothing "
                "was restored; the original is kept in {original}"
            ).format(path=e.path, original=kept)
    else:
        message = _("the backup copy {original} of {path} is damaged; nothing was restored").format(
            path=e.path, original=kept or session.folder
        )
    return EnvdoctorError(message, exit_code=ExitCode.PROBLEMS)


def restore_session(session: Session, *, tools: Collection[str] | None = None) -> list[Restored]:
    """Put every file (of `tools`, when given) back as it was.

    All or nothing: when one was edited since the apply or its backup copy is damaged,
    nothing is changed and the error (exit 1) names the file and where its original is.
    """
    plan = _plan(session, tools)
    for step in plan:
        if step.action in {"edited", "damaged"}:
            raise _refusal(session, step)
    results: list[Restored] = []
    for step in plan:
        e, original = step.entry, step.original
        if step.action == "unchanged":
            results.append(Restored(e.path, "unchanged"))
            continue
        target = Path(e.target)
        if sha256(read_bytes(target)) == e.before_sha256:
            results.append(Restored(e.path, "unchanged"))
            continue
        # Overwrite or delete only what envdoctor wrote (e.after_sha256), checked again at
        # the last moment by fsio: an edit saved since phase 1 is never replaced.
        try:
            if original is not None:
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
    created = {Path(d) for step in plan for d in step.entry.created_dirs}
    for d in sorted(created, key=lambda p: len(p.parts), reverse=True):
        try:
            d.rmdir()
        except OSError:
            continue  # not empty (someone put files there) or already gone: leave it
    if tools is None or all(e.tool in tools for e in session.entries):
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
    "DamagedManifest",
    "Entry",
    "Restored",
    "Session",
    "backup_root",
    "create_session",
    "latest_restorable",
    "mark_applied",
    "preview_restore",
    "restore_session",
    "sessions",
    "write_manifest",
]
