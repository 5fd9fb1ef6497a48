"""The Typer application: thin commands that wire collect -> analyse -> render.

Only this package chooses exit codes. Command modules import nothing heavy at module
level (no torch, pynvml or requests) so `envdoctor --help` stays fast.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Annotated

import typer

from envdoctor import __version__
from envdoctor.i18n import _, set_language

# Each module exposes `register(app)`; adding a command is adding its name here.
_COMMAND_MODULES = ("check", "install", "matrix", "wheel", "explain", "mirrors", "bench")

app = typer.Typer(
    name="envdoctor",
    help="From a bare NVIDIA machine to working PyTorch: diagnose, fix mirrors, prove it trains.",
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
            help="Output language: en or zh_CN (default: from LANGUAGE/LC_ALL/LANG).",
            envvar="ENVDOCTOR_LANG",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version_callback,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    """envdoctor: check the NVIDIA driver / CUDA / PyTorch stack, set up mirrors, benchmark."""
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
    # Translate our own messages before the first command runs, even in --help.
    set_language(os.environ.get("ENVDOCTOR_LANG"))
    app(prog_name="envdoctor")


__all__ = ["app", "main"]
