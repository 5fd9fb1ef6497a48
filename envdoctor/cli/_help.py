"""How Typer's help pages are printed: Chinese-aware, and unboxed when not on a terminal.

Typer draws help as Rich panels: boxes padded to the full width. That suits a terminal;
in a pipe or a file (`envdoctor check --help | grep timeout`, a help page pasted into an
issue) the box characters and the padding are noise. Typer has no setting for either,
so its renderer is adjusted here, only for a run that prints help (the renderer costs
0.1 s to import, which other runs never pay).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from typing import IO, Any

from envdoctor.i18n import N_, _

# Typer's own words in the help frame, by the name of the constant that holds each.
_TYPER_WORDS = {
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "DEFAULT_STRING": N_("[default: {}]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
}
# The text of the help option, which Typer hard-codes.
_HELP_OPTION_TEXT = N_("Show this message and exit.")


def asks_for_help(argv: Sequence[str]) -> bool:
    """Whether Typer will print a help page: no arguments, or -h/--help before a bare `--`."""
    for arg in argv:
        if arg == "--":
            return False
        if arg == "--help" or re.fullmatch(r"-[A-Za-z]*h[A-Za-z]*", arg):
            return True
    return not argv


def help_goes_to_terminal(stream: IO[str], environ: Mapping[str, str]) -> bool:
    """Whether the help page is for a terminal (drawn in panels) rather than a pipe or file.

    FORCE_COLOR / TTY_COMPATIBLE=1 ask Rich for terminal output anywhere (CI logs); the
    panels follow that choice.
    """
    if environ.get("FORCE_COLOR") or environ.get("TTY_COMPATIBLE") == "1":
        return True
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a replaced or closed stream
        return False


def localise_typer_help() -> None:
    """Make Typer's help frame fit a Chinese help text (call it only for Chinese).

    Rich wraps lines only at spaces and a Chinese sentence has none, so in Typer's help
    tables a long clause would end in "…" and lose its rest: Typer's one factory of help
    texts is wrapped to fold such a run at the column edge instead. The frame's own
    words (panel titles, "[default: …]", the --help option's text) are translated too.
    Typer has no settings for either; whatever it renames is simply left as it is.
    """
    from rich.text import Text
    from typer import rich_utils

    for name, message in _TYPER_WORDS.items():
        if isinstance(getattr(rich_utils, name, None), str):
            setattr(rich_utils, name, _(message))
    make = getattr(rich_utils, "_make_rich_text", None)
    if make is None or getattr(make, "envdoctor_folds", False):
        return

    @functools.wraps(make)
    def folding(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("text") == _HELP_OPTION_TEXT:
            kwargs["text"] = _(_HELP_OPTION_TEXT)
        rendered = make(*args, **kwargs)
        if isinstance(rendered, Text):
            rendered.overflow = "fold"
        return rendered

    folding.envdoctor_folds = True  # type: ignore[attr-defined]
    rich_utils._make_rich_text = folding


class _LineEndTrimmer:
    """A text stream that drops the spaces Rich pads every line with to the full width."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self._pending = ""

    def write(self, text: str) -> int:
        lines = (self._pending + text).split("\n")
        self._pending = lines.pop()
        if lines:
            self._stream.write("".join(line.rstrip(" ") + "\n" for line in lines))
        return len(text)

    def flush(self) -> None:
        if self._pending:
            self._stream.write(self._pending)
            self._pending = ""
        self._stream.flush()

    def isatty(self) -> bool:
        return False

    def __getattr__(self, name: str) -> Any:
        # encoding, errors, fileno ...: the wrapped stream's own.
        return getattr(self._stream, name)


def unbox_typer_help() -> None:
    """Print Typer's panels as a heading and indented text, without trailing padding.

    The columns of the option tables stay aligned (that is content); only the box
    characters and the spaces after the last column go.
    """
    from rich.console import Group, RenderableType
    from rich.padding import Padding
    from rich.text import Text
    from typer import rich_utils

    if getattr(getattr(rich_utils, "Panel", None), "envdoctor_unboxed", False):
        return

    def heading(renderable: RenderableType, *_args: Any, title: Any = None, **_kw: Any) -> Any:
        parts: list[RenderableType] = [Text(str(title), style="bold")] if title else []
        return Group(*parts, Padding(renderable, (0, 0, 0, 1), expand=False))

    heading.envdoctor_unboxed = True  # type: ignore[attr-defined]
    setattr(rich_utils, "Panel", heading)  # noqa: B010 (typer does not export the name)
    make_console = rich_utils._get_rich_console

    @functools.wraps(make_console)
    def console(stderr: bool = False) -> Any:
        made = make_console(stderr=stderr)
        made.file = _LineEndTrimmer(made.file)  # type: ignore[assignment]  # a TextIO in all it uses
        return made

    rich_utils._get_rich_console = console


__all__ = ["asks_for_help", "help_goes_to_terminal", "localise_typer_help", "unbox_typer_help"]
