"""Render a check Report: Rich for people, JSON for machines, Markdown for bug reports."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from envdoctor import __version__
from envdoctor.analyse.check import Report
from envdoctor.analyse.findings import Area, Finding, Status
from envdoctor.compat.versions import Verdict
from envdoctor.i18n import _, list_sep, sentence_gap
from envdoctor.redact import identity_of, redact_for_sharing, snapshot_for_sharing
from envdoctor.render.layout import is_prose, print_prose
from envdoctor.serde import to_data
from envdoctor.snapshot import Snapshot

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text

_GLYPH = {Status.OK: "✓", Status.INFO: "•", Status.WARN: "!", Status.FAIL: "✗"}
_ASCII = {Status.OK: "OK", Status.INFO: "i", Status.WARN: "!", Status.FAIL: "X"}
_STYLE = {Status.OK: "green", Status.INFO: "cyan", Status.WARN: "yellow", Status.FAIL: "bold red"}


def _area_title(area: Area) -> str:
    return {
        Area.DRIVER: _("NVIDIA driver"),
        Area.GPU: _("GPUs"),
        Area.TORCH: _("PyTorch"),
        Area.PYTHON: _("Python"),
        Area.SYSTEM: _("System"),
    }[area]


def _glyph(status: Status, unicode_ok: bool) -> str:
    return _GLYPH[status] if unicode_ok else _ASCII[status]


def _worst(findings: Iterable[Finding]) -> Status:
    worst = Status.OK
    for f in findings:
        if f.status.rank > worst.rank or (worst is Status.OK and f.status is Status.INFO):
            worst = f.status
    return worst


@dataclass(frozen=True)
class CheckAdvice:
    """The build `check` would install: the advisor's choice, without its reasons."""

    torch: str
    variant: str
    verdict: Verdict


@dataclass(frozen=True)
class CheckResult:
    """check's own keys of the `--json` document (the envelope header comes from the CLI).

    A finding is serialised as it is (`code`, `status`, `area`, `title`, `detail`, `fix`,
    `sources`, `facts`: the keys the README documents); its `facts` stay a mapping because
    each rule records the values it looked at under names of its own.
    """

    findings: tuple[Finding, ...]
    advice: CheckAdvice | None
    matrix_version: str
    snapshot: Snapshot

    @classmethod
    def of(cls, report: Report, *, matrix_version: str) -> CheckResult:
        advice = None
        if report.advice is not None and report.advice.choice is not None:
            c = report.advice.choice
            advice = CheckAdvice(c.version, c.variant.name, c.verdict)
        return cls(tuple(report.findings), advice, matrix_version, report.snapshot)


def render_check(console: Console, report: Report, *, verbose: bool) -> None:
    from rich.text import Text

    unicode_ok = (console.encoding or "").lower().replace("-", "") in {"utf8", "utf16", "utf32"}
    console.print(Text(_("envdoctor check"), style="bold"))
    for area in Area:
        items = [f for f in report.findings if f.area is area]
        if not items:
            continue
        worst = _worst(items)
        header = Text()
        header.append(f"[{_glyph(worst, unicode_ok)}] ", style=_STYLE[worst])
        header.append(_area_title(area), style="bold")
        if len(items) == 1 and items[0].status in {Status.OK, Status.INFO}:
            header = Text()
            header.append(f"[{_glyph(worst, unicode_ok)}] ", style=_STYLE[worst])
            header.append(items[0].title)
            print_prose(console, header, hanging=4)
            if verbose:
                _facts(console, items[0])
            continue
        print_prose(console, header, hanging=4)
        for f in items:
            _finding(console, f, unicode_ok=unicode_ok, verbose=verbose)
    if verbose:
        console.print(_snapshot_block(report))
    print_prose(console, _summary(report))


def _finding(console: Console, f: Finding, *, unicode_ok: bool, verbose: bool) -> None:
    from rich.text import Text

    line = Text()
    line.append(_glyph(f.status, unicode_ok) + " ", style=_STYLE[f.status])
    line.append(f.title)
    if f.status in {Status.WARN, Status.FAIL}:
        line.append(f"  [{f.code}]", style="dim")
    print_prose(console, line, indent=4, hanging=6)
    if f.detail and (f.status in {Status.WARN, Status.FAIL} or verbose):
        for part in f.detail.splitlines():
            print_prose(console, Text(part, style="dim"), indent=6)
    if f.fix and f.status in {Status.WARN, Status.FAIL}:
        console.print(Text("      " + _("Fix:"), style="bold cyan"))
        for part in f.fix.splitlines():
            if is_prose(part):
                print_prose(console, Text(part, style="cyan"), indent=8)
            else:
                # Never wrapped: a command broken over two lines cannot be copied.
                console.print(Text("        " + part, style="cyan"), soft_wrap=True)
    if verbose:
        _facts(console, f)


def _facts(console: Console, f: Finding) -> None:
    from rich.text import Text

    for k, v in f.facts.items():
        console.print(Text(f"      {k}: {v}", style="dim"))
    if f.sources:
        console.print(Text("      " + _("sources:") + " " + ", ".join(f.sources), style="dim"))


def _snapshot_block(report: Report) -> RenderableType:
    from rich.table import Table

    table = Table(title=_("Facts collected"), show_header=True, header_style="bold", expand=False)
    table.add_column(_("fact"), no_wrap=True)
    table.add_column(_("value"), overflow="fold")
    for key, value in _flatten(to_data(report.snapshot)):
        table.add_row(key, "" if value is None else str(value))
    return table


def _flatten(data: Any, prefix: str = "") -> list[tuple[str, Any]]:
    if isinstance(data, dict):
        out: list[tuple[str, Any]] = []
        for k, v in data.items():
            out += _flatten(v, f"{prefix}.{k}" if prefix else str(k))
        return out
    if isinstance(data, list):
        if all(not isinstance(v, dict | list) for v in data):
            return [(prefix, ", ".join(str(v) for v in data))]
        out = []
        for i, v in enumerate(data):
            out += _flatten(v, f"{prefix}[{i}]")
        return out
    return [(prefix, data)]


def _summary(report: Report) -> Text:
    from rich.text import Text

    fails = sum(1 for f in report.findings if f.status is Status.FAIL)
    warns = sum(1 for f in report.findings if f.status is Status.WARN)
    if not fails and not warns:
        return Text(_("No problems found: this machine is ready for PyTorch."), style="bold green")
    parts = []
    if fails:
        parts.append(_("{n} problem(s)").format(n=fails))
    if warns:
        parts.append(_("{n} warning(s)").format(n=warns))
    text = Text(
        _("envdoctor found {what}.").format(what=list_sep().join(parts)),
        style="bold red" if fails else "bold yellow",
    )
    text.append(sentence_gap() + _("Run `envdoctor check -v` to see every fact."), style="")
    return text


# ---------------------------------------------------------------- Markdown (bug reports)


def _facts_origin(origin: str, collector: str | None) -> str:
    """Where the facts of a report come from, and which envdoctor gathered them if known."""
    where = {
        "live": _("collected live on the machine"),
        "collect_env": _("read from a `python -m torch.utils.collect_env` report"),
        "file": _("read from a snapshot file"),
    }.get(origin, _("from {origin}").format(origin=origin))
    if collector:
        return _("Facts {where} by envdoctor {version}.").format(where=where, version=collector)
    return _("Facts {where}; the envdoctor version that gathered them is not recorded.").format(
        where=where
    )


def check_markdown(report: Report, *, matrix_version: str) -> str:
    snap = report.snapshot
    lines = ["## envdoctor report", ""]
    lines.append(f"**Status:** {report.status.value}  ")
    lines.append(
        _("Analysed by envdoctor {version} with matrix {matrix}.").format(
            version=__version__, matrix=matrix_version
        )
        + "  "
    )
    lines.append(_facts_origin(snap.origin, snap.envdoctor_version))
    lines.append("")
    lines.append("| | code | finding |")
    lines.append("|---|---|---|")
    for f in report.findings:
        title = f.title.replace("|", "\\|")
        lines.append(f"| {_ASCII[f.status]} | `{f.code}` | {title} |")
    problems = [f for f in report.findings if f.status in {Status.WARN, Status.FAIL}]
    if problems:
        lines.append("")
        lines.append("### " + _("Problems and fixes"))
        for f in problems:
            lines.append("")
            lines.append(f"**{f.code}**: {f.title}")
            if f.detail:
                lines.append("")
                lines.append(f.detail)
            if f.fix:
                lines.append("")
                lines.append("```")
                lines.append(f.fix)
                lines.append("```")
    # Redacted with the identity of the machine the facts describe (a --from snapshot is
    # another machine's), never with this one's.
    data = snapshot_for_sharing(snap)
    lines += ["", "<details><summary>" + _("Snapshot (facts)") + "</summary>", "", "```json"]
    lines.append(json.dumps(data, indent=2, ensure_ascii=False))
    lines += ["```", "", "</details>", ""]
    return redact_for_sharing("\n".join(lines), identity_of(snap))


__all__ = ["CheckAdvice", "CheckResult", "check_markdown", "render_check"]
