"""`envdoctor check`: collect -> analyse -> render, and the exit code."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from envdoctor.cli._common import handles_errors
from envdoctor.cli._facts import obtain_snapshot
from envdoctor.cli._options import (
    JsonOpt,
    PythonOpt,
    TimeoutOpt,
    mirror_index,
    parse_timeout_option,
)
from envdoctor.errors import UsageError
from envdoctor.exitcodes import ExitCode
from envdoctor.i18n import _


def register(app: typer.Typer) -> None:
    app.command(
        "check",
        help=_(
            "Check the NVIDIA driver, GPUs, CUDA and PyTorch, and say exactly how to fix what "
            "is wrong.\n\n"
            "Exit codes: 0 no problem (warnings allowed), 1 problems found, 2 bad usage or "
            "input, 3 envdoctor could not run."
        ),
    )(check)


@handles_errors("check")
def check(
    python: PythonOpt = None,
    from_file: Annotated[
        list[str] | None,
        typer.Option(
            "--from",
            help=_(
                "Diagnose another machine from what was pasted instead of this machine: a `--save` "
                "snapshot, a collect_env report, nvidia-smi output, a package list or an error log "
                "('-' = stdin). Repeat to fuse several inputs."
            ),
        ),
    ] = None,
    save: Annotated[
        Path | None, typer.Option("--save", help=_("Write the collected facts to FILE (JSON)."))
    ] = None,
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
    if from_file and python is not None:
        raise UsageError(
            _("--from and --python cannot be combined: --from analyses another machine's facts")
        )

    from envdoctor.analyse.check import analyse
    from envdoctor.matrix import load_matrix

    timeout = parse_timeout_option(timeout)
    matrix = load_matrix()
    mirror_ix = mirror_index(mirror) if mirror is not None else None
    if from_file:
        from envdoctor.analyse.evidence import diagnose
        from envdoctor.collect.from_file import load_evidence

        evidence = load_evidence(from_file)
        snapshot = evidence.snapshot
    else:
        snapshot = obtain_snapshot(
            python=python, from_file=None, timeout=timeout, quiet=json_output or markdown
        )
    if save is not None:
        from envdoctor.collect.from_file import save_snapshot

        save_snapshot(snapshot, str(save))
    report = (
        diagnose(evidence, matrix, mirror=mirror_ix)
        if from_file
        else analyse(snapshot, matrix, mirror=mirror_ix)
    )
    code = _exit_code(report.status.value, strict=strict)

    from envdoctor.render.check import check_json, check_markdown, render_check
    from envdoctor.render.console import make_console, print_json, print_text

    if json_output:
        print_json(check_json(report, int(code), matrix_version=matrix.data_version))
    elif markdown:
        print_text(check_markdown(report, matrix_version=matrix.data_version))
    else:
        render_check(make_console(), report, verbose=verbose)
    raise typer.Exit(int(code))


def _exit_code(status: str, *, strict: bool) -> ExitCode:
    if status == "fail" or (strict and status == "warn"):
        return ExitCode.PROBLEMS
    return ExitCode.OK


__all__ = ["check", "register"]
