"""Printing `envdoctor mirrors` results for people (their `--json` results: `mirrors_result`)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from envdoctor.i18n import _
from envdoctor.redact import carries_credentials
from envdoctor.render.layout import print_command, print_commands, print_prose

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.table import Table

    from envdoctor.mirrors.apply import Plan
    from envdoctor.mirrors.backup import Restored, Session
    from envdoctor.mirrors.catalog import Catalog, Mirror
    from envdoctor.mirrors.probe import ProbeResult
    from envdoctor.mirrors.snippets import Snippet
    from envdoctor.mirrors.tool_config import Finding, ToolConfig

_LEVEL_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _level_word(level: str) -> str:
    return {"error": _("error"), "warning": _("warning"), "info": _("note")}.get(level, level)


def _mirror_label(name: str | None) -> str:
    if name is None:
        return _("unknown / custom")
    if name.startswith("dead:"):
        return _("{name} (dead)").format(name=name[5:])
    if name == "pypi":
        return _("official upstream")
    return name


def _source_label(source: str) -> str:
    return _("built-in default") if source == "default" else source


def _findings(console: Console, findings: Sequence[Finding]) -> None:
    from rich.text import Text

    for f in findings:
        line = Text()
        line.append(f"{_level_word(f.level)}: ", style=_LEVEL_STYLE.get(f.level, ""))
        line.append(f.message)
        print_prose(console, line, indent=2, hanging=4)


# --- show --------------------------------------------------------------------------


def render_show(console: Console, configs: dict[str, ToolConfig], catalog: Catalog) -> None:
    from rich.table import Table
    from rich.text import Text

    console.print(Text(_("Effective package index per tool"), style="bold"))
    rows = [
        (
            tool,
            cfg.index.value or _("none for unpinned packages"),
            _mirror_label(cfg.index.mirror) if cfg.index.value else "-",
            _source_label(cfg.index.source),
        )
        for tool, cfg in configs.items()
    ]
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for header in (_("tool"), _("index"), _("mirror"), _("set by")):
        table.add_column(header, no_wrap=True)
    for row in rows:
        table.add_row(*row)
    if _natural_width(console, table) > console.width:
        # Too narrow for one row per tool: the index on the tool's line, the rest below it.
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        table.add_column(_("tool"), no_wrap=True)
        table.add_column(_("index; mirror, set by"), overflow="fold")
        for tool, index, mirror, source in rows:
            table.add_row(tool, Text(f"{index}\n") + Text(f"{mirror}, {source}", style="dim"))
    console.print(table)
    for tool, cfg in configs.items():
        console.print()
        console.print(
            Text(_("{tool}: where the setting comes from").format(tool=tool), style="bold")
        )
        for s in cfg.settings:
            print_prose(
                console, f"{s.key} = {s.value}  ({_source_label(s.source)})", indent=2, hanging=4
            )
        for layer in cfg.layers:
            if layer.used:
                state = _("read")
            elif layer.exists:
                state = _("not used")
            else:
                state = _("absent")
            note = f" - {layer.note}" if layer.note else ""
            print_prose(
                console, f"[{layer.kind}] {layer.where}: {state}{note}", indent=2, hanging=4
            )
        _findings(console, cfg.findings)
    console.print()
    console.print(Text(_("Switch to a mirror"), style="bold"))
    console.print(_mirror_list(console, catalog.active()))
    console.print()
    print_commands(
        console,
        [
            (_("Show one mirror's settings:"), "envdoctor mirrors --mirror NAME"),
            (_("Write them (with a backup):"), "envdoctor mirrors --mirror NAME --apply"),
            (_("Measure the mirrors from here:"), "envdoctor mirrors --probe"),
        ],
    )
    dead = ", ".join(d.name for d in catalog.dead)
    print_prose(console, _("Not offered (dead or legacy): {names}").format(names=dead))


def _natural_width(console: Console, table: Table) -> int:
    """Cells `table` needs to show every cell whole on one line."""
    from rich.measure import Measurement

    # Measured without a limit: Measurement.get clamps to the width it is given.
    return Measurement.get(console, console.options.update_width(1 << 20), table).maximum


def _mirror_list(console: Console, mirrors: Sequence[Mirror]) -> RenderableType:
    """The mirrors to choose from: each one's name and operator first, and whole.

    One row per mirror when that fits the console (always when piped); otherwise the
    index URL goes on a second line under the operator, so at 80 columns (and with
    Chinese names, two cells a character) no name is cut or folded word by word.
    """
    from rich.table import Table
    from rich.text import Text

    def torch_word(m: Mirror) -> str:
        return _("yes") if m.pytorch is not None else "-"

    wide = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    wide.add_column(_("name"), no_wrap=True)
    wide.add_column(_("mirror"), no_wrap=True)
    wide.add_column(_("PyTorch wheels"), no_wrap=True)
    wide.add_column(_("PyPI index"), no_wrap=True)
    for m in mirrors:
        wide.add_row(m.name, m.title, torch_word(m), m.pypi)
    if _natural_width(console, wide) <= console.width:
        return wide
    narrow = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    narrow.add_column(_("name"), no_wrap=True)
    narrow.add_column(_("mirror, PyPI index"), overflow="fold")
    for m in mirrors:
        cell = Text(m.title + "\n")
        cell.append(m.pypi, style="cyan")
        if m.pytorch is not None:
            cell.append("  " + _("+ PyTorch wheels"), style="dim")
        narrow.add_row(m.name, cell)
    return narrow


# --- --mirror NAME -----------------------------------------------------------------


def render_snippets(console: Console, mirror: Mirror, snippets: Sequence[Snippet]) -> None:
    from rich.text import Text

    title = mirror.pypi if mirror.custom else f"{mirror.name}: {mirror.title}"
    print_prose(console, Text(title, style="bold"))
    for c in mirror.caveats:
        print_prose(console, Text(f"{_('note')}: {c.text()}", style="yellow"), indent=2, hanging=4)
    if carries_credentials(mirror.pypi):
        # The commands below show the password as ****: copied as they are, they would
        # write **** into the config.
        print_prose(
            console,
            Text(
                _(
                    "note: the password in this URL is shown as ****; put yours in its place, "
                    "or let --apply write the real one"
                ),
                style="yellow",
            ),
            indent=2,
            hanging=4,
        )
    if mirror.pytorch is None and not mirror.custom:
        print_prose(
            console,
            _(
                "  {mirror} has no PyTorch wheel index: CUDA builds of torch come from "
                "download.pytorch.org or another mirror"
            ).format(mirror=mirror.name),
            hanging=2,
        )
    for s in snippets:
        console.print()
        print_prose(console, Text(s.title, style="bold"))
        for line in s.text.rstrip("\n").splitlines():
            # Never wrapped by us: a command broken over two lines does not paste.
            console.print(f"    {line}", soft_wrap=True)
    console.print()
    print_command(
        console,
        _("Write this for you (with a backup):"),
        f"envdoctor mirrors --mirror {mirror.name} --apply",
    )


# --- --probe -----------------------------------------------------------------------


def _rate(bps: float | None) -> str:
    if bps is None:
        return "-"
    if bps >= 1024 * 1024:
        return f"{bps / 1024 / 1024:.1f} MB/s"
    return f"{bps / 1024:.0f} KB/s"


def verdict_text(verdict: str) -> str:
    return {
        "ok": _("ok"),
        "slow": _("slow"),
        "blocked": _("blocked (403)"),
        "needs-credentials": _("needs credentials"),
        "missing": _("missing (404)"),
        "timeout": _("timeout"),
        "tls-error": _("TLS error"),
        "dns-failure": _("DNS failure"),
        "error": _("error"),
    }.get(verdict, verdict)


@contextlib.contextmanager
def probe_progress(
    total: int, timeout: float, *, enabled: bool
) -> Iterator[Callable[[ProbeResult], None]]:
    """A Rich progress bar on stderr while the probe runs; yields the per-result callback."""
    if not enabled:
        yield lambda _result: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from envdoctor.render.console import make_console

    title = _("Probing {n} mirrors (at most {s:.0f} s, a few hundred KB each)...").format(
        n=total, s=timeout
    )
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=make_console(stderr=True),
        transient=True,
    ) as progress:
        task = progress.add_task(title, total=total)

        def on_done(result: ProbeResult) -> None:
            progress.update(
                task,
                advance=1,
                description=f"{result.name}: {verdict_text(result.verdict.value)}",
            )

        yield on_done


def render_probe(console: Console, ranked: Sequence[ProbeResult], best: ProbeResult | None) -> None:
    from rich.table import Table

    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("#", no_wrap=True)
    table.add_column(_("mirror"), no_wrap=True)
    table.add_column(_("result"), no_wrap=True)
    table.add_column(_("latency"), justify="right", no_wrap=True)
    table.add_column(_("speed"), justify="right", no_wrap=True)
    table.add_column(_("detail"), overflow="fold")
    for i, r in enumerate(ranked, 1):
        latency = f"{r.latency_s * 1000:.0f} ms" if r.latency_s is not None else "-"
        table.add_row(
            str(i),
            r.name,
            verdict_text(r.verdict.value),
            latency,
            _rate(r.throughput_bps),
            r.detail or "",
        )
    console.print(table)
    if best is None:
        print_prose(console, _("No mirror answered well; check your network or proxy settings."))
    else:
        print_command(
            console,
            _("Recommended: {name}. Apply it with:").format(name=best.name),
            f"envdoctor mirrors --mirror {best.name} --apply",
        )


# --- --apply / --restore -----------------------------------------------------------


def render_plan(console: Console, plan: Plan, *, dry_run: bool) -> None:
    from rich.text import Text

    for skipped in plan.skipped:
        print_prose(console, f"{skipped.tool}: {skipped.reason}", hanging=2)
    for change in plan.unchanged:
        print_prose(
            console,
            _("{tool}: {path} already uses this mirror; nothing to write").format(
                tool=change.tool, path=change.path
            ),
            hanging=2,
        )
    for change in plan.changes:
        verb = _("would change") if dry_run else _("will change")
        print_prose(console, Text(f"{change.tool}: {verb} {change.path}", style="bold"), hanging=2)
        for line in change.diff().splitlines():
            style = "green" if line.startswith("+") else "red" if line.startswith("-") else ""
            console.print(Text(line, style=style), soft_wrap=True)
        for note in change.notes:
            print_prose(console, Text(f"{_('note')}: {note}", style="yellow"), indent=2, hanging=4)
    if dry_run and plan.changes:
        console.print(_("Dry run: nothing was written."))


def render_applied(
    console: Console, plan: Plan, session: Session | None, warnings: Sequence[str]
) -> None:
    from rich.text import Text

    if session is None and plan.unchanged:
        console.print(
            _("Nothing to change: every file already uses {mirror}.").format(
                mirror=plan.mirror.name
            )
        )
    elif session is None:
        console.print(_("Nothing was written."))
    else:
        print_command(
            console,
            _("Done. Backup in {folder}; undo with:").format(folder=session.folder),
            "envdoctor mirrors --restore",
        )
        if "conda" in {c.tool for c in plan.changes}:
            print_prose(console, _("Run `conda clean -i` so conda forgets the old channel index."))
    for w in warnings:
        print_prose(console, Text(f"{_('warning')}: {w}", style="yellow"), hanging=2)


def render_restored(console: Console, session: Session, results: Sequence[Restored]) -> None:
    words = {
        "rewritten": _("restored"),
        "deleted": _("deleted (it did not exist before)"),
        "unchanged": _("already as before"),
    }
    for r in results:
        print_prose(console, f"{r.path}: {words.get(r.action, r.action)}", hanging=2)
    console.print(
        _("Restored the state from before the apply of {created}.").format(created=session.created)
    )


__all__ = [
    "probe_progress",
    "render_applied",
    "render_plan",
    "render_probe",
    "render_restored",
    "render_show",
    "render_snippets",
    "verdict_text",
]
