"""What every command shares: turning errors into one line and an exit code."""

from __future__ import annotations

import functools
import os
import traceback
from collections.abc import Callable
from typing import NoReturn, ParamSpec, TypeVar

import typer

from envdoctor.envelope import error_envelope
from envdoctor.errors import EnvdoctorError
from envdoctor.exitcodes import ExitCode
from envdoctor.i18n import _
from envdoctor.render.console import print_error, print_json

P = ParamSpec("P")
R = TypeVar("R")


def handles_errors(command: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a Typer command so failures end in one clear line and a documented exit code.

    A command that takes `json_output` also gets an error envelope on stdout, so scripts
    parsing `--json` always receive a document.
    """

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            as_json = bool(kwargs.get("json_output"))
            try:
                return func(*args, **kwargs)
            except typer.Exit:
                raise
            except EnvdoctorError as exc:
                _fail(command, exc.message, exc.exit_code, as_json=as_json)
            except KeyboardInterrupt:
                _fail(command, _("interrupted"), ExitCode.INTERRUPTED, as_json=as_json)
            except Exception as exc:  # noqa: BLE001 - last line of defence: never a traceback
                if os.environ.get("ENVDOCTOR_DEBUG"):
                    traceback.print_exc()
                message = _(
                    "internal error: {kind}: {detail} (this is a bug in envdoctor; "
                    "set ENVDOCTOR_DEBUG=1 to see the traceback and please report it)"
                ).format(
                    kind=type(exc).__name__, detail=str(exc).splitlines()[0] if str(exc) else ""
                )
                _fail(command, message, ExitCode.CANNOT_RUN, as_json=as_json)

        return wrapper

    return decorate


def _fail(command: str, message: str, code: ExitCode, *, as_json: bool) -> NoReturn:
    if as_json:
        print_json(error_envelope(command, message=message, exit_code=int(code)))
    print_error(message)
    raise typer.Exit(int(code))


__all__ = ["handles_errors"]
