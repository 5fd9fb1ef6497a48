"""What every command shares: one way to register, one way to emit a result, one error path.

A command module's `register(app)` calls `add_command` (or `add_group` for a command with
subcommands); the function it registers ends with `emit(CommandResult(...), ...)`, which
prints the result as Rich text or as the `--json` document and exits with the code the
result contract (`envdoctor.result`) derives from the outcome. Errors raised on the way
(`UsageError`, `DataError`, a bug) become one stderr line and an error document.
"""

from __future__ import annotations

import functools
import os
import traceback
from collections.abc import Callable
from typing import Any, NoReturn, ParamSpec, TypeVar

import typer

from envdoctor.errors import EnvdoctorError
from envdoctor.exitcodes import ExitCode
from envdoctor.i18n import _
from envdoctor.render.console import print_error, print_json
from envdoctor.result import CommandResult

P = ParamSpec("P")
R = TypeVar("R")
F = TypeVar("F", bound=Callable[..., Any])


def add_command(
    app: typer.Typer, name: str, *, help: str, error_name: str | None = None
) -> Callable[[F], F]:
    """Register `func` as command `name` of `app`: the one way every command is added.

    The registered callable is wrapped in `handles_errors` here, so a command function
    never decorates itself and no command can forget it. `help` is the translated
    help text (Typer reads it before `--lang` is parsed, see `envdoctor.cli`).
    `error_name` is the `command` of the error document, for a subcommand its group's.
    """

    def decorate(func: F) -> F:
        app.command(name, help=help)(handles_errors(error_name or name)(func))
        return func

    return decorate


def add_group(
    app: typer.Typer, name: str, *, help: str, callback: Callable[..., Any]
) -> typer.Typer:
    """Register a command that has subcommands; `callback` runs when none is given.

    Subcommands are added to the returned Typer with `add_command(group, ..., error_name=name)`.
    """
    group = typer.Typer(
        name=name,
        help=help,
        invoke_without_command=True,
        no_args_is_help=False,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    group.callback(invoke_without_command=True)(handles_errors(name)(callback))
    app.add_typer(group, name=name)
    return group


def emit(
    result: CommandResult, *, json_output: bool, render: Callable[[], object] | None = None
) -> NoReturn:
    """Show `result` and exit: the one place a command's result becomes output and exit code.

    With `--json` the versioned document is the only thing on stdout; otherwise `render`
    (the command's Rich view, None when it has already been shown) prints it.
    """
    show(result, json_output=json_output, render=render)
    raise typer.Exit(int(result.exit_code))


def show(
    result: CommandResult, *, json_output: bool, render: Callable[[], object] | None = None
) -> None:
    """`emit` without the exit, for a command that goes on after showing its result
    (`install --run` runs the installer, whose outcome then decides the exit code)."""
    if json_output:
        print_json(result.document())
    elif render is not None:
        render()


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
    result = CommandResult.for_error(command, message, code)
    if as_json:
        print_json(result.document())
    print_error(message)
    raise typer.Exit(int(result.exit_code))


__all__ = ["add_command", "add_group", "emit", "handles_errors", "show"]
