"""The Typer application: thin commands that wire collect -> analyse -> render.

Only this package chooses exit codes. Command modules import nothing heavy at module
level (no torch, pynvml or requests) so `envdoctor --help` stays fast.

Help texts are the one place where `_()` runs at import time: Typer reads them before it
parses `--lang` (a command's help when it is registered; an option's help, postponed
inside `Annotated[...]`, when Typer builds the Click command). So the language is chosen
here, from the raw arguments and the environment, before any command module is imported.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, NoReturn

import typer

from envdoctor import __version__
from envdoctor.cli._help import (
    asks_for_help,
    help_goes_to_terminal,
    localise_typer_help,
    unbox_typer_help,
)
from envdoctor.i18n import _, normalise_language, set_language

# Each module exposes `register(app)`; adding a command is adding its name here.
_COMMAND_MODULES = ("check", "install", "matrix", "wheel", "explain", "mirrors", "bench")


def requested_language(argv: Sequence[str], environ: Mapping[str, str]) -> str | None:
    """The language `--lang` or else ENVDOCTOR_LANG asks for; None: from the locale variables.

    `--lang X` / `--lang=X` counts anywhere before a bare `--`, also after the command
    name (the last one wins, as in Click). A value that is not a supported language is
    skipped here: the root callback rejects it with a clear message once Typer parses it.
    """
    from_argv: str | None = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            from_argv = argv[i + 1]
        elif arg.startswith("--lang="):
            from_argv = arg.partition("=")[2]
    for candidate in (from_argv, environ.get("ENVDOCTOR_LANG")):
        if candidate and normalise_language(candidate) is not None:
            return candidate
    return None


# Before the first help text below is translated (see the module docstring).
_language = set_language(requested_language(sys.argv[1:], os.environ))
if asks_for_help(sys.argv[1:]):
    # Only for help pages: Typer's help renderer costs 0.1 s to import, which other runs
    # never pay (Typer imports it only to print help).
    if _language == "zh_CN":
        localise_typer_help()
    if not help_goes_to_terminal(sys.stdout, os.environ):
        unbox_typer_help()

app = typer.Typer(
    name="envdoctor",
    help=_(
        "From a bare NVIDIA machine to working PyTorch: diagnose, fix mirrors, prove it trains."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version_callback(value: bool) -> None:
    if value:
        sys.stdout.write(f"envdoctor {__version__}\n")
        raise typer.Exit


@app.callback()
def _root(
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help=_("Output language: en or zh_CN (default: from LANGUAGE/LC_ALL/LANG)."),
            envvar="ENVDOCTOR_LANG",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version_callback,
            is_eager=True,
            help=_("Show the version and exit."),
        ),
    ] = False,
) -> None:
    # The app's help is given to typer.Typer above; this callback only takes the root options.
    del version
    if lang is not None and lang.replace("-", "_") not in {"en", "zh_CN", "zh", "zh_cn"}:
        raise typer.BadParameter(
            _("unsupported language {lang!r}; use en or zh_CN").format(lang=lang)
        )
    set_language(lang)


for _name in _COMMAND_MODULES:
    importlib.import_module(f"envdoctor.cli.{_name}").register(app)


def main() -> None:
    """Console-script entry point."""
    # Translate our own messages before the first command runs, even in --help; the root
    # callback confirms the choice once Typer has parsed --lang.
    argv = sys.argv[1:]
    set_language(requested_language(argv, os.environ))
    from envdoctor.render.console import make_streams_printable

    make_streams_printable()  # a Chinese page on an ASCII stdout escapes, never crashes
    as_json = "--json" in argv[: argv.index("--") if "--" in argv else len(argv)]
    # Click's exceptions, from whichever Click this Typer uses (it vendors its own since
    # 0.26): UsageError is the base class of typer.BadParameter, ClickException its base.
    click_usage_error: type[Exception] = typer.BadParameter.__bases__[0]
    click_exception: type[Exception] = click_usage_error.__bases__[0]
    try:
        # Not standalone: a command line Click refuses comes back here instead of being
        # printed by Typer with the refused value in clear.
        code = app(prog_name="envdoctor", standalone_mode=False)
    except click_exception as exc:
        refused: Any = exc
        _refuse(refused, as_json=as_json, usage=isinstance(exc, click_usage_error), argv=argv)
    except typer.Abort:
        _aborted(as_json=as_json)
    sys.exit(code if isinstance(code, int) else 0)


def _refuse(refused: Any, *, as_json: bool, usage: bool, argv: Sequence[str]) -> NoReturn:
    """Show an error Click raised (a bad value, an unknown option) and exit with its code.

    Click's message echoes the refused value ("Invalid value for '--timeout':
    'https://u:pw@host' ..."), so a password typed into the wrong option would be printed:
    it goes through the one redaction first, before the panel below folds the line at
    the terminal width (past the reach of any stream filter). With --json, a refused
    command line still answers with an error document on stdout.
    """
    from envdoctor.exitcodes import ExitCode
    from envdoctor.redact import redact_text

    refused.message = redact_text(str(refused.message))
    if as_json and usage:
        from envdoctor.render.console import print_json
        from envdoctor.result import CommandResult

        result = CommandResult.for_error(command_of(argv), refused.format_message(), ExitCode.USAGE)
        print_json(result.document())
        refused.show()
        sys.exit(int(result.exit_code))
    # As Typer shows it when it handles the error itself (standalone mode).
    from typer import rich_utils

    show = getattr(rich_utils, "rich_format_error", None)
    if show is None:
        refused.show()
    else:
        show(refused)
    sys.exit(refused.exit_code)


def _aborted(*, as_json: bool) -> NoReturn:
    """A confirmation prompt was cancelled (Ctrl-C or Ctrl-D): interrupted, exit 130."""
    from envdoctor.exitcodes import ExitCode

    if not as_json:
        from typer import rich_utils  # Typer's own "Aborted." line

        show = getattr(rich_utils, "rich_abort_error", None)
        if show is not None:
            show()
    sys.exit(int(ExitCode.INTERRUPTED))


def command_of(argv: Sequence[str]) -> str:
    """The command an argument list runs ("matrix update" for a subcommand), for the
    error document of a command line that Click refused; "envdoctor" when there is none."""
    words: list[str] = []
    skip = False
    for arg in argv:
        if arg == "--":
            break
        if skip:
            skip = False
        elif arg == "--lang":
            skip = True
        elif not arg.startswith("-"):
            words.append(arg)
    if not words or words[0] not in _COMMAND_MODULES:
        return "envdoctor"
    if words[0] == "matrix" and words[1:2] == ["update"]:
        return "matrix update"
    return words[0]


__all__ = ["app", "command_of", "main", "requested_language"]
