"""`envdoctor bench`: prove PyTorch computes correctly and trains here, and how fast."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer

from envdoctor.cli._common import add_command, emit
from envdoctor.cli._options import JsonOpt
from envdoctor.errors import EnvdoctorError, UsageError
from envdoctor.exitcodes import ExitCode
from envdoctor.i18n import _
from envdoctor.render.console import make_console, print_error
from envdoctor.result import CommandResult, Outcome

SCALE_ENV = "ENVDOCTOR_BENCH_SCALE"


def import_torch() -> Any:
    """torch, or a one-line error saying what to install.

    A PyTorch that is missing or cannot be imported is what bench exists to find out
    (does PyTorch compute here?), a fact of the user's environment as `check`'s
    torch-missing is: a problem found (fail, exit 1), never "envdoctor cannot run".
    """
    try:
        import torch
    except ImportError:
        raise EnvdoctorError(
            _(
                "PyTorch is not installed: bench needs it. Install it with "
                'pip install "envdoctor-gpu[bench]", '
                "or pip install torch (see envdoctor install for the right CUDA build)"
            ),
            exit_code=ExitCode.PROBLEMS,
        ) from None
    except Exception as exc:  # noqa: BLE001 - a broken install (missing CUDA library, bad wheel)
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise EnvdoctorError(
            _("PyTorch is installed but cannot be imported: {error}").format(error=text),
            exit_code=ExitCode.PROBLEMS,
        ) from None
    return torch


def _check_save_path(save: Path | None) -> None:
    if save is None:
        return
    parent = save.expanduser().resolve().parent
    if not parent.is_dir():
        raise UsageError(
            _("cannot save to {path}: the folder {folder} does not exist").format(
                path=save, folder=parent
            )
        )
    if save.is_dir():
        raise UsageError(_("cannot save to {path}: it is a folder").format(path=save))


def _outcome(status: Any) -> Outcome:
    """The run's verdict in the result vocabulary. A test that could not run (ERROR: out of
    memory, a device fault) is a problem found on this machine, as a failed one is."""
    from envdoctor.bench.result import Status

    return {
        Status.PASS: Outcome.OK,
        Status.SKIP: Outcome.OK,
        Status.WARN: Outcome.WARN,
        Status.FAIL: Outcome.FAIL,
        Status.ERROR: Outcome.FAIL,
    }[status]


def bench(
    *,
    device: Annotated[
        str | None,
        typer.Option(
            "--device",
            "-d",
            help=_("cuda:N, cuda, cpu or all (default: the first GPU, else the CPU)."),
        ),
    ] = None,
    quick: Annotated[
        bool,
        typer.Option(
            "--quick/--full",
            help=_("--quick (default) runs small sizes; --full larger sizes and longer training."),
        ),
    ] = True,
    dtype: Annotated[
        list[str] | None,
        typer.Option(
            "--dtype",
            help=_("Limit matmul and mixed precision to fp32, tf32, fp16, bf16 (repeatable)."),
        ),
    ] = None,
    json_output: JsonOpt = False,
    save: Annotated[
        Path | None,
        typer.Option("--save", help=_("Also write the JSON result to this file."), dir_okay=False),
    ] = None,
    distributed: Annotated[
        bool,
        typer.Option(
            "--distributed",
            help=_("Run under torchrun: all-reduce bandwidth, a DDP step and a fleet table."),
        ),
    ] = False,
) -> None:
    from envdoctor.bench.device import cuda_state, parse_device, resolve
    from envdoctor.bench.dist_run import run_distributed
    from envdoctor.bench.result import overall
    from envdoctor.bench.runner import BenchConfig, parse_dtypes, parse_scale, run_bench
    from envdoctor.render.bench import ProgressReporter, render_report
    from envdoctor.serde import scrub_non_finite, to_data

    request = parse_device(device)
    config = BenchConfig(
        mode="quick" if quick else "full",
        dtypes=parse_dtypes(dtype),
        scale=parse_scale(os.environ.get(SCALE_ENV)),
    )
    _check_save_path(save)
    torch = import_torch()

    err_console = make_console(stderr=True)
    reporter = ProgressReporter(err_console, enabled=not json_output)
    rank = 0
    try:
        if distributed:
            want = None if request.kind == "auto" else request.kind != "cpu"
            rank, report = run_distributed(torch, want, config, reporter)
        else:
            count, why = cuda_state(torch)
            resolved = resolve(request, count, why)
            # The CPU fallback note travels in the report: the header of the tables, the
            # `warnings` of the JSON.
            notes = (resolved.note,) if resolved.note else ()
            report = run_bench(torch, resolved.devices, config, reporter, notes=notes)
    finally:
        reporter.close()

    # Strict JSON: a NaN loss or an infinite error becomes null, listed in `non_finite`.
    payload, non_finite = scrub_non_finite(to_data(report))
    payload["non_finite"] = non_finite
    result = CommandResult("bench", _outcome(overall(report)), payload)
    if rank != 0:
        # Only rank 0 speaks for a torchrun job; the others just report through their exit code.
        emit(result, json_output=False)
    saved = False
    if save is not None:
        try:
            save.write_text(_dumps(result.document()), encoding="utf-8")
            saved = True
        except OSError as exc:
            message = _("cannot save to {path}: {error}").format(
                path=save, error=exc.strerror or exc
            )
            print_error(message)
            # The --save path the user gave cannot be written: bad input, as a missing
            # folder is (exit 2), though the results are still shown.
            result = replace(result, outcome=Outcome.ERROR, error=ExitCode.USAGE, message=message)

    def render() -> None:
        render_report(report, make_console())
        if saved:
            sys.stdout.write(_("Saved the JSON result to {path}").format(path=save) + "\n")

    emit(result, json_output=json_output, render=render)


def _dumps(doc: Any) -> str:
    import json

    return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def register(app: typer.Typer) -> None:
    add_command(
        app,
        "bench",
        help=_(
            "Run real work on the GPU (or CPU): correctness of every basic op, speed against "
            "the datasheet peak, and training smoke tests of small networks. Needs PyTorch."
        ),
    )(bench)


__all__ = ["bench", "import_torch", "register"]
