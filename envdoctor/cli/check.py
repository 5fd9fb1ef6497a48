"""`envdoctor check`: collect -> analyse -> render, and the exit code."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from envdoctor.cli._common import add_command, emit
from envdoctor.cli._facts import obtain_snapshot
from envdoctor.cli._options import (
    FromOpt,
    JsonOpt,
    PythonOpt,
    TimeoutOpt,
    mirror_index,
    parse_timeout_option,
)
from envdoctor.errors import UsageError
from envdoctor.i18n import _


def register(app: typer.Typer) -> None:
    add_command(
        app,
        "check",
        help=_(
            "Check the NVIDIA driver, GPUs, CUDA and PyTorch, and say exactly how to fix what "
            "is wrong.\n\n"
            "Exit codes: 0 no problem (warnings allowed), 1 problems found, 2 bad usage or "
            "input, 3 envdoctor could not run."
        ),
    )(check)


def check(
    python: PythonOpt = None,
    from_file: FromOpt = None,
    save: Annotated[
        Path | None, typer.Option("--save", help=_("Write the collected facts to FILE (JSON)."))
    ] = None,
    no_redact: Annotated[
        bool,
        typer.Option(
            "--no-redact",
            help=_(
                "With --save: keep the user, host and home directory names and the whole "
                "CUDA environment in the file (passwords and tokens are masked anyway)."
            ),
        ),
    ] = False,
    json_output: JsonOpt = False,
    markdown: Annotated[
        bool,
        typer.Option(
            "--markdown", help=_("Print a paste-ready Markdown report (home, user, host redacted).")
        ),
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help=_("Show every fact collected."))
    ] = False,
    mirror: Annotated[
        str | None,
        typer.Option("--mirror", help=_("Use this mirror (name or URL) in install commands.")),
    ] = None,
    timeout: TimeoutOpt = 45.0,
    strict: Annotated[bool, typer.Option("--strict", help=_("Exit 1 on warnings too."))] = False,
) -> None:
    if json_output and markdown:
        raise UsageError(_("--json and --markdown cannot be combined"))
    if no_redact and save is None:
        raise UsageError(_("--no-redact only applies to the file written by --save"))
    if from_file and python is not None:
        raise UsageError(
            _("--from and --python cannot be combined: --from analyses another machine's facts")
        )

    from envdoctor.analyse.check import analyse
    from envdoctor.matrix import load_matrix

    timeout = parse_timeout_option(timeout)
    matrix = load_matrix()
    from envdoctor.redact import redact_fields, redact_url

    # check only shows install commands: they carry the mirror URL with its password masked.
    mirror_ix = mirror_index(redact_url(mirror)) if mirror is not None else None
    if from_file:
        from envdoctor.analyse.evidence import diagnose
        from envdoctor.collect.from_file import load_evidence

        # A paste may hold index URLs with passwords: masked before anything can show them
        # (a folded table cell would split a URL past the output filter).
        evidence = redact_fields(load_evidence(from_file))
        snapshot = evidence.snapshot
    else:
        snapshot = obtain_snapshot(
            python=python, from_file=None, timeout=timeout, quiet=json_output or markdown
        )
    if save is not None:
        from envdoctor.collect.from_file import save_snapshot

        save_snapshot(snapshot, str(save), redact=not no_redact)
    report = (
        diagnose(evidence, matrix, mirror=mirror_ix)
        if from_file
        else analyse(snapshot, matrix, mirror=mirror_ix)
    )

    from envdoctor.render.check import CheckResult, check_markdown, render_check
    from envdoctor.render.console import make_console, print_text
    from envdoctor.result import CommandResult

    result = CommandResult(
        "check",
        report.status.outcome,
        CheckResult.of(report, matrix_version=matrix.data_version),
        strict=strict,
    )
    if markdown:
        emit(
            result,
            json_output=False,
            render=lambda: print_text(check_markdown(report, matrix_version=matrix.data_version)),
        )
    emit(
        result,
        json_output=json_output,
        render=lambda: render_check(make_console(), report, verbose=verbose),
    )


__all__ = ["check", "register"]
