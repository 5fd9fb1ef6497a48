"""`envdoctor mirrors`: show, print, apply, probe and restore pip / conda / uv mirrors."""

from __future__ import annotations

import enum
import sys
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from envdoctor.cli._common import add_command, emit
from envdoctor.cli._options import JsonOpt, parse_timeout_option
from envdoctor.errors import UsageError
from envdoctor.i18n import _
from envdoctor.mirrors.scope import TOOLS, Scope
from envdoctor.result import CommandResult, Outcome

if TYPE_CHECKING:
    from envdoctor.render.mirrors_result import (
        ApplyResult,
        ProbeReport,
        RestoreResult,
        ShowResult,
        SnippetsResult,
    )

    MirrorsResult = ShowResult | SnippetsResult | ProbeReport | ApplyResult | RestoreResult


class ToolChoice(str, enum.Enum):
    ALL = "all"
    PIP = "pip"
    CONDA = "conda"
    UV = "uv"


def _tools(choice: ToolChoice) -> tuple[str, ...]:
    return TOOLS if choice is ToolChoice.ALL else (choice.value,)


def _emit(json_output: bool, outcome: Outcome, payload: MirrorsResult | None) -> NoReturn:
    """The mode's result: the JSON document (the Rich view is already shown) and the exit."""
    emit(CommandResult("mirrors", outcome, payload), json_output=json_output)


def _show(tools: tuple[str, ...], json_output: bool) -> None:
    from envdoctor.mirrors.catalog import load_catalog
    from envdoctor.mirrors.effective import effective_configs, for_display
    from envdoctor.mirrors.locations import current_machine
    from envdoctor.render.console import make_console
    from envdoctor.render.mirrors import render_show
    from envdoctor.render.mirrors_result import ShowResult

    catalog = load_catalog()
    configs = for_display(effective_configs(current_machine(), tools, catalog))
    # A config finding's level (info / warning / error) in the result vocabulary.
    levels = {f.level for c in configs.values() for f in c.findings}
    outcome = (
        Outcome.FAIL if "error" in levels else Outcome.WARN if "warning" in levels else Outcome.OK
    )
    if not json_output:
        render_show(make_console(), configs, catalog)
    _emit(json_output, outcome, ShowResult.of(configs, catalog))


def _print_mirror(value: str, tools: tuple[str, ...], json_output: bool) -> None:
    from envdoctor.mirrors.catalog import resolve_mirror
    from envdoctor.mirrors.snippets import all_snippets
    from envdoctor.redact import redact_fields
    from envdoctor.render.console import make_console
    from envdoctor.render.mirrors import render_snippets
    from envdoctor.render.mirrors_result import SnippetsResult

    mirror = resolve_mirror(value)
    snippets = all_snippets(mirror, tools)
    if not json_output:
        # Masked before layout: a folded line would split a URL's password past the filter.
        render_snippets(make_console(), redact_fields(mirror), redact_fields(snippets))
    _emit(json_output, Outcome.OK, SnippetsResult.of(mirror, snippets))


def _probe(values: list[str], timeout: float, json_output: bool) -> None:
    from envdoctor.mirrors.catalog import load_catalog, resolve_mirror
    from envdoctor.mirrors.probe import Limits, probe, rank, recommend
    from envdoctor.render.console import make_console
    from envdoctor.render.mirrors import probe_progress, render_probe
    from envdoctor.render.mirrors_result import ProbeReport

    timeout = parse_timeout_option(timeout)  # inf, nan, <= 0, absurd: exit 2
    mirrors = [resolve_mirror(v) for v in values] if values else list(load_catalog().active())
    targets = [(m.name, m.pypi) for m in mirrors]
    show_progress = not json_output and sys.stderr.isatty()
    with probe_progress(len(targets), timeout, enabled=show_progress) as on_done:
        results = probe(targets, Limits(total_s=timeout), on_done)
    ranked = rank(results)
    best = recommend(results)
    if not json_output:
        render_probe(make_console(), ranked, best)
    _emit(json_output, Outcome.OK if best else Outcome.FAIL, ProbeReport.of(ranked, best))


def _override_warnings(
    written: dict[str, str], url: str, defaults: tuple[str, ...] | None
) -> list[str]:
    """After writing: does a variable or a higher-priority file still win over us?"""
    from envdoctor.mirrors.catalog import normalise_url
    from envdoctor.mirrors.effective import effective_configs
    from envdoctor.mirrors.locations import current_machine
    from envdoctor.redact import redact_url

    warnings = []
    configs = effective_configs(current_machine(), tuple(written))
    for tool, cfg in configs.items():
        if tool == "conda":
            if defaults is None or normalise_url(cfg.index.value) == normalise_url(defaults[0]):
                continue
        elif normalise_url(cfg.index.value) == normalise_url(url):
            continue
        if cfg.index.source == "default" and tool == "pip":
            # Nothing overrides us: the tool does not read the file at all.
            message = _(
                "{tool} does not read {path} here (see `envdoctor mirrors` for the files it "
                "reads, e.g. PIP_CONFIG_FILE hides them)"
            ).format(tool=tool, path=written[tool])
        elif cfg.index.source == "default":
            message = _(
                "{tool} does not read {path} here (see `envdoctor mirrors` for the files it reads)"
            ).format(tool=tool, path=written[tool])
        else:
            message = _(
                "{tool} will still use {value}: {source} takes precedence over the file "
                "just written"
            ).format(
                tool=tool,
                value=redact_url(cfg.index.value) or _("none for unpinned packages"),
                source=cfg.index.source,
            )
        warnings.append(message)
    return warnings


def _interactive(json_output: bool) -> bool:
    """Ask before writing only when a person is at a terminal (never in scripts or --json)."""
    return sys.stdin.isatty() and sys.stdout.isatty() and not json_output


def _apply(
    value: str, tools: tuple[str, ...], scope: Scope, *, dry_run: bool, yes: bool, json_output: bool
) -> None:
    from envdoctor.mirrors.apply import execute, make_plan
    from envdoctor.mirrors.catalog import resolve_mirror
    from envdoctor.mirrors.locations import current_machine
    from envdoctor.redact import redact_fields
    from envdoctor.render.console import make_console
    from envdoctor.render.mirrors import render_applied, render_plan
    from envdoctor.render.mirrors_result import ApplyResult

    mirror = resolve_mirror(value)
    plan = make_plan(current_machine(), mirror, tools, scope)
    shown = redact_fields(plan)  # for people; `execute` writes the real values
    console = make_console(stderr=json_output)
    if not json_output:
        render_plan(console, shown, dry_run=dry_run)
    if dry_run:
        _emit(
            json_output, Outcome.OK, ApplyResult.of(plan, dry_run=True, session=None, warnings=[])
        )
    if (
        plan.changes
        and not yes
        and _interactive(json_output)
        and not typer.confirm(_("Write these changes?"), default=True)
    ):
        console.print(_("Nothing was written."))
        _emit(json_output, Outcome.FAIL, None)  # only at a terminal: never a JSON document
    session = execute(plan)
    written = {c.tool: str(c.path) for c in (*plan.changes, *plan.unchanged)}
    warnings = (
        _override_warnings(written, mirror.pypi, mirror.default_channels()) if written else []
    )
    if not json_output:
        render_applied(console, shown, session, warnings)
    # Written, but a variable or another file still wins over it: a warning.
    _emit(
        json_output,
        Outcome.WARN if warnings else Outcome.OK,
        ApplyResult.of(plan, dry_run=False, session=session, warnings=warnings),
    )


def _restore(*, tools: tuple[str, ...] | None, dry_run: bool, json_output: bool) -> None:
    from envdoctor.mirrors.backup import latest_restorable, preview_restore, restore_session
    from envdoctor.render.console import make_console
    from envdoctor.render.mirrors import render_restored
    from envdoctor.render.mirrors_result import RestoreResult

    session = latest_restorable(tools=tools)
    console = make_console()
    if session is None:
        if not json_output:
            if tools is None:
                console.print(_("Nothing to restore: envdoctor has not changed any mirror config."))
            else:
                console.print(
                    _(
                        "Nothing to restore for {tools}: envdoctor has not changed its config."
                    ).format(tools=", ".join(tools))
                )
        _emit(json_output, Outcome.OK, RestoreResult.of(None, []))
    if dry_run:
        # The truth per file: what the restore would do, and what it would refuse.
        preview = preview_restore(session, tools=tools)
        refused = any(r.action in {"edited", "damaged"} for r in preview)
        if not json_output:
            for r in preview:
                console.print(f"{r.path}: {_dry_run_words(r.action, r.original)}")
            if refused:
                console.print(
                    _("--restore would change nothing: it restores all of these files or none.")
                )
        _emit(
            json_output, Outcome.FAIL if refused else Outcome.OK, RestoreResult.of(session, preview)
        )
    results = restore_session(session, tools=tools)
    if not json_output:
        render_restored(console, session, results)
    _emit(json_output, Outcome.OK, RestoreResult.of(session, results))


def _dry_run_words(action: str, original: str | None) -> str:
    if action == "restore":
        return _("would restore the original kept in {original}").format(original=original)
    if action == "delete":
        return _("would delete it (it did not exist before the apply)")
    if action == "unchanged":
        return _("already as before, nothing to do")
    if action == "edited":
        if original is None:
            return _("changed since envdoctor wrote it: your edit would be kept")
        return _(
            "changed since envdoctor wrote it: your edit would be kept; the original is in "
            "{original}"
        ).format(original=original)
    return _("its backup copy {original} is damaged: it cannot be restored").format(
        original=original
    )


def register(app: typer.Typer) -> None:
    @add_command(
        app,
        "mirrors",
        help=_("Show which index pip, conda and uv really use; switch them to a mirror safely."),
    )
    def mirrors(
        mirror: Annotated[
            list[str] | None,
            typer.Option(
                "--mirror",
                "-m",
                metavar="NAME|URL",
                help=_(
                    "A mirror name (tuna, aliyun, ustc, ...) or an index URL. "
                    "Repeat it with --probe to measure several."
                ),
            ),
        ] = None,
        tool: Annotated[
            ToolChoice, typer.Option("--tool", help=_("Which tool to show or configure."))
        ] = ToolChoice.ALL,
        probe: Annotated[
            bool, typer.Option("--probe", help=_("Measure the mirrors and recommend one."))
        ] = False,
        apply: Annotated[
            bool, typer.Option("--apply", help=_("Write the mirror into the config files."))
        ] = False,
        restore: Annotated[
            bool,
            typer.Option(
                "--restore", help=_("Put back the files as they were before the last --apply.")
            ),
        ] = False,
        scope: Annotated[
            Scope,
            typer.Option(
                "--scope",
                help=_(
                    "Which config to write: user (default), env (active venv/conda env), global."
                ),
            ),
        ] = Scope.USER,
        dry_run: Annotated[
            bool, typer.Option("--dry-run", help=_("Show the diff, write nothing."))
        ] = False,
        yes: Annotated[
            bool, typer.Option("--yes", "-y", help=_("Do not ask before writing."))
        ] = False,
        timeout: Annotated[
            float, typer.Option("--timeout", help=_("Seconds the whole --probe may take."))
        ] = 6.0,
        json_output: JsonOpt = False,
    ) -> None:
        values = list(mirror or [])
        tools = _tools(tool)
        if apply and restore:
            raise UsageError(_("--apply and --restore cannot be combined"))
        if restore:
            restore_tools = None if tool is ToolChoice.ALL else tools
            _restore(tools=restore_tools, dry_run=dry_run, json_output=json_output)
            return
        if probe:
            if apply:
                raise UsageError(
                    _(
                        "--probe and --apply cannot be combined: probe first, then apply "
                        "the one you pick"
                    )
                )
            _probe(values, timeout, json_output)
            return
        if (apply or dry_run) and len(values) != 1:
            raise UsageError(_("--apply needs exactly one --mirror NAME or URL"))
        if len(values) > 1:
            raise UsageError(_("give one --mirror (several are only allowed with --probe)"))
        if apply or dry_run:
            _apply(values[0], tools, scope, dry_run=dry_run, yes=yes, json_output=json_output)
            return
        if values:
            _print_mirror(values[0], tools, json_output)
            return
        _show(tools, json_output)


__all__ = ["register"]
