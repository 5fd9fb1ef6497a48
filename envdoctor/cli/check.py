"""`envdoctor check`: collect -> analyse -> render, and the exit code."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from envdoctor.cli._common import handles_errors
from envdoctor.cli._facts import obtain_snapshot
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
    python: Annotated[
        str | None,
        typer.Option(
            "--python",
            help=_(
                "Interpreter to inspect (default: `python` on PATH; with `python -m envdoctor`, that one)."
            ),
        ),
    ] = None,
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
    json_output: Annotated[
        bool, typer.Option("--json", help=_("Print one versioned JSON document."))
    ] = False,
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
    timeout: Annotated[
        float, typer.Option("--timeout", min=1.0, help=_("Seconds the PyTorch probe may take."))
    ] = 45.0,
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

    matrix = load_matrix()
    if mirror is not None:
        _validate_mirror(mirror)
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
        diagnose(evidence, matrix, mirror=mirror)
        if from_file
        else analyse(snapshot, matrix, mirror=mirror)
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


def _validate_mirror(mirror: str) -> None:
    """Unknown or dead mirror names are a usage error before any work is shown."""
    from envdoctor.mirrors.torch_source import torch_source

    torch_source(mirror, None)


__all__ = ["check", "register"]
