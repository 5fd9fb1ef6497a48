"""`envdoctor matrix`: what the bundled compatibility data knows, and which builds fit.

`envdoctor matrix update` is the maintainers' command that refreshes the PyTorch part
from the package index (shows a diff, writes only after confirmation).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from envdoctor.cli._common import add_command, add_group, emit
from envdoctor.cli._options import (
    DriverOpt,
    GpuOpt,
    JsonOpt,
    OsOpt,
    PythonVersionOpt,
    parse_driver_option,
    parse_gpu_option,
    parse_os_option,
    parse_python_version_option,
    parse_timeout_option,
)
from envdoctor.errors import UsageError
from envdoctor.i18n import _
from envdoctor.result import CommandResult, Outcome

DEFAULT_INDEX = "https://pypi.org"
# The `command` of `matrix update`'s documents (schema envdoctor.matrix.update/N).
UPDATE_COMMAND = "matrix update"


@dataclass(frozen=True)
class UpdateResult:
    """`matrix update --json`'s own keys."""

    path: str  # the matrix file
    index_url: str
    changes: tuple[str, ...]  # one line per change, for people
    warnings: tuple[str, ...]
    diff: str  # unified diff of the file
    written: bool


def register(app: typer.Typer) -> None:
    sub = add_group(
        app,
        "matrix",
        help=_(
            "Show the bundled compatibility matrix, or which PyTorch builds fit a driver, "
            "GPU and Python.\n\n"
            "Without options: the bundled data's version, review date and counts.\n"
            "With --driver, --gpu and/or --python: the CUDA builds that fit, newest first, "
            "and why.\n"
            "Exit codes: 0 shown or something fits, 1 nothing fits, 2 bad input, "
            "3 unreadable matrix."
        ),
        callback=matrix,
    )
    add_command(
        sub,
        "update",
        help=_(
            "Maintainers: refresh the PyTorch releases from the package index "
            "(diff, then confirm).\n\n"
            "Reads torch's release list and, for versions the matrix lacks, the Linux "
            "wheel's metadata. Nothing is written without --yes or a confirmed prompt.\n\n"
            "Exit codes: 0 up to date or written, 1 not written (or the index cannot be "
            "used), 2 bad input (an unreadable --file), 3 the bundled matrix is unreadable."
        ),
        error_name=UPDATE_COMMAND,
    )(update)


def matrix(
    ctx: typer.Context,
    *,
    driver: DriverOpt = None,
    gpu: GpuOpt = None,
    python_version: PythonVersionOpt = None,
    python_alias: Annotated[
        str | None,
        typer.Option("--python", hidden=True, help=_("Same as --python-version (older name).")),
    ] = None,
    os_name: OsOpt = None,
    show_all: Annotated[
        bool, typer.Option("--all", help=_("Also list the builds that do not fit."))
    ] = False,
    json_output: JsonOpt = False,
) -> None:
    if ctx.invoked_subcommand is not None:
        return
    from envdoctor.compat.arch_driver import driver_predates_arch
    from envdoctor.compat.driver import driver_limit
    from envdoctor.compat.fit import fits
    from envdoctor.compat.gpus import resolve_gpu
    from envdoctor.matrix import load_matrix

    if python_version is not None and python_alias is not None:
        raise UsageError(_("give --python-version once (--python is its older name)"))
    python_text = python_version if python_version is not None else python_alias
    target_os = parse_os_option(os_name) if os_name is not None else "linux"
    driver_v = parse_driver_option(driver) if driver is not None else None
    python_v = parse_python_version_option(python_text) if python_text is not None else None
    if gpu is not None and len(gpu) > 1:
        raise UsageError(_("matrix judges one GPU at a time: give --gpu once"))
    m = load_matrix()

    from envdoctor.render.console import make_console
    from envdoctor.render.matrix import (
        FitQuery,
        fit_dict,
        query_dict,
        render_fits,
        render_summary,
        summary_dict,
    )

    if driver is None and gpu is None and python_text is None:
        emit(
            CommandResult("matrix", Outcome.OK, {"matrix": summary_dict(m)}),
            json_output=json_output,
            render=lambda: render_summary(make_console(), m),
        )

    query = None
    capability = None
    if gpu:
        chosen = parse_gpu_option(m, gpu[0])
        query = resolve_gpu(m, chosen.text)
        capability = str(chosen.capability)
    # WSL: Linux wheels on the Windows driver, so NVIDIA's Windows floors apply.
    wheel_os = "linux" if target_os == "wsl" else target_os
    driver_text = str(driver_v) if driver_v is not None else None
    python_number = python_v.number if python_v is not None else None
    fit_query = FitQuery(
        os=target_os,
        driver=driver_text,
        gpu=query,
        python=python_number,
        limit=driver_limit(m, capability),
        first=early.row
        if (
            early := driver_predates_arch(
                m, driver=driver_text, capability=capability, os_name=target_os
            )
        )
        else None,
    )
    rows = fits(
        m,
        os_name=wheel_os,
        driver_os="windows" if target_os == "wsl" else wheel_os,
        driver=driver_text,
        capability=capability,
        python=python_number,
    )
    from envdoctor.compat.versions import Verdict

    fitting = any(r.verdict in {Verdict.OK, Verdict.CAVEAT} for r in rows)
    payload = {
        "matrix": {"data_version": m.data_version, "reviewed": m.reviewed, "path": m.path},
        "query": query_dict(fit_query),
        "builds": [fit_dict(r) for r in rows if show_all or r.verdict is not Verdict.NO],
    }
    emit(
        CommandResult("matrix", Outcome.OK if fitting else Outcome.FAIL, payload),
        json_output=json_output,
        render=lambda: render_fits(make_console(), m, fit_query, rows, show_all=show_all),
    )


def update(
    index_url: Annotated[
        str,
        typer.Option("--index-url", help=_("Package index with a JSON API (default: pypi.org).")),
    ] = DEFAULT_INDEX,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help=_("Write the changes without asking."))
    ] = False,
    file: Annotated[
        Path | None,
        typer.Option("--file", help=_("Matrix file to update (default: the bundled one).")),
    ] = None,
    timeout: Annotated[
        float, typer.Option("--timeout", min=1.0, help=_("Seconds per request."))
    ] = 30.0,
    json_output: Annotated[
        bool, typer.Option("--json", help=_("Print one versioned JSON document."))
    ] = False,
) -> None:
    from envdoctor.matrix import default_path
    from envdoctor.matrix.update import apply_update, plan_update
    from envdoctor.redact import redact_url
    from envdoctor.render.console import make_console, print_text

    path = file if file is not None else default_path()
    console = make_console(stderr=True)
    plan = plan_update(
        path,
        index_url=index_url,
        timeout=parse_timeout_option(timeout),
        user_file=file is not None,
    )

    def result(written: bool) -> CommandResult:
        # Not written although there were changes: fail; written with warnings: warn.
        outcome = Outcome.FAIL if plan.changes and not written else Outcome.OK
        if outcome is Outcome.OK and plan.warnings:
            outcome = Outcome.WARN
        payload = UpdateResult(
            str(path), index_url, plan.changes, plan.warnings, plan.diff, written
        )
        return CommandResult(UPDATE_COMMAND, outcome, payload)

    if not plan.changes:
        console.print(
            _("The matrix already knows every torch release on {index}.").format(
                index=redact_url(index_url)
            )
        )
        emit(result(written=False), json_output=json_output)
    if not json_output:
        print_text(plan.diff)
    for line in plan.changes:
        console.print("  " + line)
    for line in plan.warnings:
        console.print(_("warning: {line}").format(line=line), style="yellow")
    if not yes:
        if json_output or not _interactive():
            console.print(
                _("Nothing written: not a terminal; rerun with --yes to write {path}.").format(
                    path=path
                )
            )
            emit(result(written=False), json_output=json_output)
        if not typer.confirm(_("Write these changes to {path}?").format(path=path), default=False):
            console.print(_("Nothing written."))
            emit(result(written=False), json_output=json_output)
    apply_update(plan)
    console.print(
        _(
            "Wrote {path}. Review the new rows (arch lists, other variants) before committing."
        ).format(path=path)
    )
    emit(result(written=True), json_output=json_output)


def _interactive() -> bool:
    """Whether a person can answer the confirmation (tests replace this)."""
    return sys.stdin.isatty()


__all__ = ["UpdateResult", "matrix", "register", "update"]
