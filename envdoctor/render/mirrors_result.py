"""The typed `--json` results of `envdoctor mirrors`, one per mode.

Every result starts with `mode` (show, mirror, probe, apply, restore), so a script can
tell the documents of one command apart. The values are what the mode found, unmasked:
`print_json` masks passwords and tokens in whatever it writes. Facts that are already
typed in `envdoctor.mirrors` (a tool's effective config, a snippet, a probe answer, a
restored file) are serialised as they are; a mirror is flattened to what a script needs,
its names in the current language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    # Only for the annotations: serialising needs no type hints, and `mirrors --probe`'s
    # network modules stay unimported in the other modes.
    from envdoctor.mirrors.apply import Plan, Skipped
    from envdoctor.mirrors.backup import Restored, Session
    from envdoctor.mirrors.catalog import Catalog, CondaScope, DeadMirror, Mirror, TorchIndex
    from envdoctor.mirrors.probe import ProbeResult
    from envdoctor.mirrors.scope import Scope
    from envdoctor.mirrors.snippets import Snippet
    from envdoctor.mirrors.tool_config import ToolConfig


@dataclass(frozen=True)
class MirrorInfo:
    """One mirror as scripts see it (`mirrors[]`, and `mirror` of the mirror and apply modes)."""

    name: str
    title: str  # in the current language
    custom: bool  # given as a URL, not from the catalog
    pypi: str
    anaconda: str | None
    anaconda_scope: CondaScope | None
    anaconda_confidence: str | None
    pytorch: TorchIndex | None
    caveats: tuple[str, ...]  # in the current language
    sources: tuple[str, ...]

    @classmethod
    def of(cls, m: Mirror) -> MirrorInfo:
        return cls(
            name=m.name,
            title=m.title,
            custom=m.custom,
            pypi=m.pypi,
            anaconda=m.anaconda,
            anaconda_scope=m.anaconda_scope,
            anaconda_confidence=m.anaconda_confidence or None,
            pytorch=m.pytorch,
            caveats=tuple(c.text() for c in m.caveats),
            sources=m.sources,
        )


@dataclass(frozen=True)
class DeadMirrorInfo:
    """A mirror that is not offered any more, and why (`dead[]`)."""

    name: str
    status: str
    hosts: tuple[str, ...]
    reason: str  # in the current language

    @classmethod
    def of(cls, d: DeadMirror) -> DeadMirrorInfo:
        return cls(d.name, d.status, d.hosts, d.reason.text())


@dataclass(frozen=True)
class ShowResult:
    """`envdoctor mirrors`: the index each tool really uses, and the mirrors to choose from."""

    mode: Literal["show"] = field(default="show", init=False)
    data_version: str
    tools: dict[str, ToolConfig]  # by tool name, in the order shown
    mirrors: tuple[MirrorInfo, ...]
    dead: tuple[DeadMirrorInfo, ...]

    @classmethod
    def of(cls, configs: Mapping[str, ToolConfig], catalog: Catalog) -> ShowResult:
        return cls(
            data_version=catalog.data_version,
            tools=dict(configs),
            mirrors=tuple(MirrorInfo.of(m) for m in catalog.active()),
            dead=tuple(DeadMirrorInfo.of(d) for d in catalog.dead),
        )


@dataclass(frozen=True)
class SnippetsResult:
    """`mirrors --mirror NAME`: the settings each tool needs for that mirror."""

    mode: Literal["mirror"] = field(default="mirror", init=False)
    mirror: MirrorInfo
    snippets: tuple[Snippet, ...]

    @classmethod
    def of(cls, mirror: Mirror, snippets: Sequence[Snippet]) -> SnippetsResult:
        return cls(mirror=MirrorInfo.of(mirror), snippets=tuple(snippets))


@dataclass(frozen=True)
class ProbeReport:
    """`mirrors --probe`: every answer, best first, and the one recommended (None: none)."""

    mode: Literal["probe"] = field(default="probe", init=False)
    results: tuple[ProbeResult, ...]
    recommended: str | None

    @classmethod
    def of(cls, ranked: Sequence[ProbeResult], best: ProbeResult | None) -> ProbeReport:
        return cls(results=tuple(ranked), recommended=best.name if best else None)


@dataclass(frozen=True)
class ChangedFile:
    """A config file `--apply` writes (or, in a dry run, would write)."""

    tool: str
    path: str
    created: bool  # the file did not exist before
    diff: str  # unified diff of the file
    notes: tuple[str, ...]


@dataclass(frozen=True)
class UnchangedFile:
    """A config file that already uses the mirror: nothing to write."""

    tool: str
    path: str


@dataclass(frozen=True)
class ApplyResult:
    """`mirrors --apply` (and `--dry-run`): the files changed, kept, skipped, and the backup."""

    mode: Literal["apply"] = field(default="apply", init=False)
    dry_run: bool
    mirror: MirrorInfo
    scope: Scope
    changes: tuple[ChangedFile, ...]
    unchanged: tuple[UnchangedFile, ...]
    skipped: tuple[Skipped, ...]
    backup: str | None  # the backup folder; None when nothing was written
    warnings: tuple[str, ...]  # a variable or another file that still wins

    @classmethod
    def of(
        cls, plan: Plan, *, dry_run: bool, session: Session | None, warnings: Sequence[str]
    ) -> ApplyResult:
        return cls(
            dry_run=dry_run,
            mirror=MirrorInfo.of(plan.mirror),
            scope=plan.scope,
            changes=tuple(
                ChangedFile(c.tool, str(c.path), c.before is None, c.diff(), c.notes)
                for c in plan.changes
            ),
            unchanged=tuple(UnchangedFile(c.tool, str(c.path)) for c in plan.unchanged),
            skipped=plan.skipped,
            backup=str(session.folder) if session else None,
            warnings=tuple(warnings),
        )


@dataclass(frozen=True)
class RestoreResult:
    """`mirrors --restore` (and `--dry-run`): what happened, or would happen, to each file."""

    mode: Literal["restore"] = field(default="restore", init=False)
    backup: str | None  # the backup folder restored from; None: nothing to restore
    restored: tuple[Restored, ...]

    @classmethod
    def of(cls, session: Session | None, results: Sequence[Restored]) -> RestoreResult:
        return cls(backup=str(session.folder) if session else None, restored=tuple(results))


__all__ = [
    "ApplyResult",
    "ChangedFile",
    "DeadMirrorInfo",
    "MirrorInfo",
    "ProbeReport",
    "RestoreResult",
    "ShowResult",
    "SnippetsResult",
    "UnchangedFile",
]
