"""Console factory and the few output primitives every command shares."""

from __future__ import annotations

import json
import sys
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


def make_console(*, stderr: bool = False, file: IO[str] | None = None) -> Console:
    """A Rich console that never reads our data as markup or emoji.

    Rich itself honours NO_COLOR and FORCE_COLOR, and drops styling when the stream is
    not a terminal, so piping `envdoctor check` into a file gives plain text.
    """
    from rich.console import Console

    from envdoctor.redact import RedactingStream

    # Every line a person sees goes through the credential filter (envdoctor.redact).
    target = file if file is not None else (sys.stderr if stderr else sys.stdout)
    return Console(
        stderr=stderr,
        file=RedactingStream(target),  # type: ignore[arg-type]
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=False,
    )


def print_json(doc: Any, *, file: IO[str] | None = None) -> None:
    """Write one JSON document to stdout (or `file`) and nothing else, credentials masked."""
    from envdoctor.redact import redact_data

    out = file if file is not None else sys.stdout
    out.write(json.dumps(redact_data(doc), indent=2, ensure_ascii=False, sort_keys=False))
    out.write("\n")
    out.flush()


def print_error(message: str, *, file: IO[str] | None = None) -> None:
    """One line on stderr, prefixed so it is clear who is speaking."""
    from envdoctor.redact import redact_text

    out = file if file is not None else sys.stderr
    message = redact_text(message)
    first = message.strip().splitlines()[0] if message.strip() else message
    out.write(f"envdoctor: error: {first}\n")
    out.flush()


def print_text(text: str, *, file: IO[str] | None = None) -> None:
    from envdoctor.redact import redact_text

    out = file if file is not None else sys.stdout
    text = redact_text(text)
    out.write(text)
    if not text.endswith("\n"):
        out.write("\n")
    out.flush()


__all__ = ["make_console", "print_error", "print_json", "print_text"]
