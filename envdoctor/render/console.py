"""Console factory and the few output primitives every command shares.

Two promises hold for every byte envdoctor prints:

- It never crashes on the stream's encoding. A stdout that cannot encode the text
  (PYTHONIOENCODING=ascii, LANG=C on an old Python, a GBK Windows console and a check
  mark) gets `\\uXXXX` escapes for what it cannot show instead of a UnicodeEncodeError.
- Piped output is not laid out for an 80-column window: when the stream is not a
  terminal nothing is wrapped and no line ends in padding spaces, so what lands in a
  file or an issue is one line per sentence and reflows wherever it is shown.
"""

from __future__ import annotations

import codecs
import contextlib
import json
import re
import sys
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

# Width of a console whose stream is not a terminal: wide enough that no sentence, table
# or command is ever folded by us; whatever shows the text wraps it.
UNWRAPPED_WIDTH = 100_000

# Trailing spaces before a line end, allowing for style codes when colour is forced.
_TRAILING = re.compile(r"[ \t]+((?:\x1b\[[0-9;]*m)*)(?=\n)")


def _encoding_of(stream: IO[str]) -> str:
    name = getattr(stream, "encoding", None) or "utf-8"
    with contextlib.suppress(LookupError):
        return codecs.lookup(name).name
    return str(name).lower()


def encodes_everything(stream: IO[str]) -> bool:
    """Whether any text can be written to `stream` (a UTF encoding, or a tolerant one)."""
    if _encoding_of(stream).startswith("utf"):
        return True
    return getattr(stream, "errors", "strict") not in {"strict", None}


def _isatty(stream: IO[str]) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


class _Escaping:
    """A text stream that escapes what its target cannot encode (for streams that cannot be
    reconfigured, such as a wrapped or test stream)."""

    def __init__(self, target: IO[str]) -> None:
        self._target = target
        self.encoding = getattr(target, "encoding", None) or "ascii"
        self.errors = "backslashreplace"

    def write(self, text: str) -> int:
        safe = text.encode(self.encoding, "backslashreplace").decode(self.encoding)
        self._target.write(safe)
        return len(text)

    def flush(self) -> None:
        self._target.flush()

    def isatty(self) -> bool:
        return _isatty(self._target)

    def fileno(self) -> int:
        return self._target.fileno()


def printable(stream: IO[str]) -> IO[str]:
    """`stream`, made to escape (never raise on) characters its encoding lacks."""
    if encodes_everything(stream):
        return stream
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        try:
            reconfigure(errors="backslashreplace")
        except (TypeError, ValueError, OSError, AttributeError):
            pass
        else:
            return stream
    return _Escaping(stream)  # type: ignore[return-value]


def make_streams_printable() -> None:
    """Make stdout and stderr escape what they cannot encode (for the whole process).

    Called once by the console-script entry point, so text envdoctor does not print itself
    (Typer's help page, a library's warning) cannot crash on the encoding either.
    """
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name, None)
        if stream is not None:
            setattr(sys, name, printable(stream))


class _Unpadded:
    """A pipe target: drops the spaces Rich pads table cells and wrapped lines with."""

    def __init__(self, target: IO[str]) -> None:
        self._target = target
        self._pending = ""
        self.encoding = getattr(target, "encoding", None) or "utf-8"
        self.errors = getattr(target, "errors", None) or "strict"

    def write(self, text: str) -> int:
        data = self._pending + text
        # Spaces at the very end may still be followed by a line end in the next write.
        body = data.rstrip(" \t")
        self._pending = data[len(body) :]
        self._target.write(_TRAILING.sub(r"\1", body))
        return len(text)

    def flush(self) -> None:
        # Spaces not followed by a line end are part of the text (a prompt's last space).
        if self._pending:
            self._target.write(self._pending)
            self._pending = ""
        self._target.flush()

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return self._target.fileno()


def make_console(*, stderr: bool = False, file: IO[str] | None = None) -> Console:
    """A Rich console that never reads our data as markup or emoji.

    Rich itself honours NO_COLOR and FORCE_COLOR, and drops styling when the stream is
    not a terminal, so piping `envdoctor check` into a file gives plain text. On a
    terminal Rich wraps at the terminal's width; elsewhere nothing is wrapped or padded.
    """
    from rich.console import Console

    from envdoctor.redact import RedactingStream

    stream = printable(file if file is not None else (sys.stderr if stderr else sys.stdout))
    width: int | None = None
    height: int | None = None
    if not _isatty(stream):
        stream = _Unpadded(stream)  # type: ignore[assignment]
        width = UNWRAPPED_WIDTH
        # Given both, Rich stops asking the OS for a terminal size on every print (a
        # quarter of explain's output time for a log with hundreds of errors).
        height = 25
    return Console(
        # Every line a person sees goes through the credential filter (envdoctor.redact).
        file=RedactingStream(stream),  # type: ignore[arg-type]
        width=width,
        height=height,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )


def print_json(doc: Any, *, file: IO[str] | None = None) -> None:
    """Write one JSON document to stdout (or `file`) and nothing else, credentials masked.

    On a stream that cannot encode every character the document is written with JSON's
    own `\\uXXXX` escapes, so it stays valid JSON with the same values.
    """
    from envdoctor.redact import redact_data

    out = file if file is not None else sys.stdout
    # By the encoding alone: a tolerant stream would escape U+10000 and above as
    # `\\U0001xxxx`, which is not JSON.
    whole = _encoding_of(out).startswith("utf")
    out.write(json.dumps(redact_data(doc), indent=2, ensure_ascii=not whole, sort_keys=False))
    out.write("\n")
    out.flush()


def print_error(message: str, *, file: IO[str] | None = None) -> None:
    """One line on stderr, prefixed so it is clear who is speaking."""
    from envdoctor.redact import redact_text

    out = printable(file if file is not None else sys.stderr)
    message = redact_text(message)
    first = message.strip().splitlines()[0] if message.strip() else message
    out.write(f"envdoctor: error: {first}\n")
    out.flush()


def print_text(text: str, *, file: IO[str] | None = None) -> None:
    """Text printed as it is (Markdown, a diff): never wrapped, never crashing on encoding."""
    from envdoctor.redact import redact_text

    out = printable(file if file is not None else sys.stdout)
    text = redact_text(text)
    out.write(text)
    if not text.endswith("\n"):
        out.write("\n")
    out.flush()


__all__ = [
    "UNWRAPPED_WIDTH",
    "encodes_everything",
    "make_console",
    "make_streams_printable",
    "print_error",
    "print_json",
    "print_text",
    "printable",
]
