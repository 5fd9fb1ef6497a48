"""`--apply`: work out which file each tool should change, show the diff, write safely.

Planning is pure apart from reading the current files; writing goes through
`fsio.atomic_write` after `backup.create_session` has saved every original, and a
failure half-way puts back the files already written.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from envdoctor.errors import EnvdoctorError, UsageError
from envdoctor.fsio import (
    ConfigFileError,
    atomic_write,
    decode,
    encode,
    read_bytes,
    real_target,
    remove_file,
    sha256,
)
from envdoctor.i18n import _
from envdoctor.mirrors import backup
from envdoctor.mirrors import locations as loc
from envdoctor.mirrors.catalog import Mirror
from envdoctor.mirrors.editors import Edited, Target, edit_condarc, edit_pip, edit_uv
from envdoctor.mirrors.scope import TOOLS, Scope


@dataclass(frozen=True)
class Change:
    tool: str
    path: Path
    before: bytes | None
    after: bytes
    notes: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def diff(self) -> str:
        old = "" if self.before is None else self.before.decode("utf-8", "replace")
        new = self.after.decode("utf-8", "replace")
        lines = difflib.unified_diff(
            old.replace("\r\n", "\n").splitlines(keepends=True),
            new.replace("\r\n", "\n").splitlines(keepends=True),
            fromfile=str(self.path) if self.before is not None else "/dev/null",
            tofile=str(self.path),
        )
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


@dataclass(frozen=True)
class Skipped:
    tool: str
    reason: str


@dataclass(frozen=True)
class Plan:
    mirror: Mirror
    scope: Scope
    changes: tuple[Change, ...]  # only files whose bytes would change
    unchanged: tuple[Change, ...]  # already configured: nothing to write
    skipped: tuple[Skipped, ...]


def target_path(tool: str, scope: Scope, machine: loc.Machine) -> Path:
    """The one file `tool`'s config is written to for `scope`; UsageError if none applies."""
    if tool == "pip":
        if scope is Scope.USER:
            return loc.pip_user_files(machine)[-1]
        if scope is Scope.ENV:
            env = machine.venv() or machine.conda_prefix()
            if env is None:
                raise UsageError(
                    _(
                        "--scope env needs an active virtualenv or conda environment "
                        "(none is active)"
                    )
                )
            return env / loc.pip_name(machine)
        return loc.pip_global_files(machine)[-1]
    if tool == "conda":
        if scope is Scope.USER:
            return loc.condarc_user_file(machine)
        if scope is Scope.ENV:
            prefix = machine.conda_prefix()
            if prefix is None:
                raise UsageError(_("--scope env for conda needs an active conda environment"))
            return prefix / ".condarc"
        root = machine.conda_root()
        if root is None:
            raise UsageError(
                _(
                    "--scope global for conda needs to know the conda installation "
                    "(CONDA_EXE is not set)"
                )
            )
        return root / ".condarc"
    if tool == "uv":
        if scope is Scope.USER:
            return loc.uv_user_file(machine)
        if scope is Scope.ENV:
            raise UsageError(_("uv has no per-environment config file; use --scope user or global"))
        # uv reads only the first system file that exists: edit that one if there is one.
        system = loc.uv_system_files(machine)
        return next((p for p in system if p.is_file()), system[-1])
    raise UsageError(_("unknown tool {tool!r}").format(tool=tool))


def edit_target(mirror: Mirror) -> Target:
    return Target(
        pypi=mirror.pypi,
        default_channels=mirror.default_channels(),
        custom_channels=tuple(mirror.custom_channel_urls().items()),
    )


_EDITORS: dict[str, Callable[..., Edited]] = {"pip": edit_pip, "conda": edit_condarc, "uv": edit_uv}


def plan_change(tool: str, path: Path, mirror: Mirror) -> Change:
    """Read `path` and compute what `tool`'s file should contain for `mirror`."""
    before = read_bytes(path)
    had_bom = False
    if before is None:
        text, newline = "", "\n"
    else:
        decoded = decode(before, path)
        text, newline, had_bom = decoded.text, decoded.newline, decoded.had_bom
    edited = _EDITORS[tool](text, edit_target(mirror), where=str(path))
    notes = edited.notes
    if tool == "pip" and had_bom:
        # pip cannot parse a pip.conf that starts with a BOM: the rewrite drops it.
        notes = (*notes, _("removed the UTF-8 BOM: pip cannot read a file that starts with one"))
    elif before is not None and edited.text == text:
        # Nothing to change: keep the exact bytes (a BOM, CRLF) and write nothing.
        return Change(tool, path, before, before, notes)
    return Change(tool, path, before, encode(edited.text, newline, before), notes)


def _refuse_stale_environment(machine: loc.Machine) -> None:
    """--scope env writes into the active environment: it must exist.

    A VIRTUAL_ENV or CONDA_PREFIX left over from a deleted environment would otherwise make
    the write create that directory again, with a pip.conf nobody reads.
    """
    for var, path in (("VIRTUAL_ENV", machine.venv()), ("CONDA_PREFIX", machine.conda_prefix())):
        if path is not None and not path.is_dir():
            raise UsageError(
                _(
                    "--scope env: {var} points at {path}, which does not exist (a deleted "
                    "environment?); activate an existing environment or unset {var}"
                ).format(var=var, path=path)
            )


def make_plan(machine: loc.Machine, mirror: Mirror, tools: tuple[str, ...], scope: Scope) -> Plan:
    if scope is Scope.ENV:
        _refuse_stale_environment(machine)
    changes: list[Change] = []
    unchanged: list[Change] = []
    skipped: list[Skipped] = []
    refused: list[UsageError] = []
    seen: set[Path] = set()
    for tool in tools:
        if tool == "conda" and mirror.anaconda is None and not mirror.is_upstream:
            skipped.append(
                Skipped(
                    tool,
                    _("{mirror} has no Anaconda mirror; conda left as it is").format(
                        mirror=mirror.name
                    ),
                )
            )
            continue
        if tool == "uv" and scope is Scope.ENV:
            skipped.append(
                Skipped(tool, _("uv has no per-environment config file; use --scope user"))
            )
            continue
        try:
            path = target_path(tool, scope, machine)
        except UsageError as exc:
            # e.g. --scope env outside conda: skip that tool, unless nothing is left to do
            refused.append(exc)
            skipped.append(Skipped(tool, exc.message))
            continue
        real = real_target(path)
        if real in seen:
            raise UsageError(_("{path} is the target of two tools; refusing").format(path=path))
        seen.add(real)
        change = plan_change(tool, path, mirror)
        (changes if change.changed else unchanged).append(change)
    if refused and not changes and not unchanged:
        raise refused[0]
    return Plan(mirror, scope, tuple(changes), tuple(unchanged), tuple(skipped))


def execute(plan: Plan, backup_root: Path | None = None) -> backup.Session | None:
    """Back up, then write every change; on failure put back what was written. None: no-op."""
    if not plan.changes:
        return None
    session = backup.create_session(
        [(c.tool, c.path, c.before, c.after) for c in plan.changes], plan.mirror.name, backup_root
    )
    written: list[Change] = []
    created: dict[str, tuple[str, ...]] = {}
    try:
        for change in plan.changes:
            dirs = atomic_write(change.path, change.after, expect_sha=sha256(change.before))
            written.append(change)
            created[str(real_target(change.path))] = tuple(str(d) for d in dirs)
    except EnvdoctorError as exc:
        _roll_back(written, created)
        backup.write_manifest(
            backup.Session(
                session.folder, session.created, "restored", session.mirror, session.entries
            )
        )
        message = exc.message
        if getattr(exc, "permission_denied", False) and plan.scope is not Scope.USER:
            # Only here does another scope help: the user's own files need no rights.
            message = _("{error}, or use --scope user").format(error=message)
        raise ConfigFileError(
            _("{error} (files already written were put back)").format(error=message)
            if written
            else message
        ) from exc
    return backup.mark_applied(session, created)


def _roll_back(written: list[Change], created: dict[str, tuple[str, ...]]) -> None:
    for change in reversed(written):
        try:
            if change.before is None:
                # Only if it still holds what we wrote: an editor may have saved it since.
                remove_file(change.path, expect_sha=str(sha256(change.after)))
                for d in reversed(created.get(str(real_target(change.path)), ())):
                    Path(d).rmdir()
            else:
                atomic_write(change.path, change.before, expect_sha=sha256(change.after))
        except (EnvdoctorError, OSError):
            continue  # best effort: the backup session still holds the original


__all__ = [
    "TOOLS",
    "Change",
    "Plan",
    "Scope",
    "Skipped",
    "edit_target",
    "execute",
    "make_plan",
    "plan_change",
    "target_path",
]
