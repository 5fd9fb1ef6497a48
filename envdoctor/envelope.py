"""The versioned JSON envelope every `--json` output shares.

Scripts can rely on the header keys below for every command; each command adds its
own keys next to them (`check` adds `findings` and `snapshot`, `install` adds
`torch`, `variant`, `command`, ...). Bump RESULT_VERSION only for breaking changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from envdoctor import __version__

RESULT_VERSION = 1


def envelope(
    command: str,
    *,
    status: str,
    exit_code: int,
    payload: Mapping[str, Any] | None = None,
    replaces: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """Build the JSON document for `command`; payload keys sit beside the header keys.

    `replaces` names header keys a command's documented shape redefines (install's
    "command" is the install command line; its "schema" still names the subcommand).
    """
    doc: dict[str, Any] = {
        "schema": f"envdoctor.{command}/{RESULT_VERSION}",
        "envdoctor_version": __version__,
        "command": command,
        "status": status,
        "exit_code": exit_code,
    }
    if payload:
        clash = (set(doc) & set(payload)) - set(replaces)
        if clash:
            msg = f"payload keys clash with the envelope header: {sorted(clash)}"
            raise ValueError(msg)
        doc.update(payload)
    return doc


def error_envelope(command: str, *, message: str, exit_code: int) -> dict[str, Any]:
    """What `--json` prints when the command could not produce a result at all."""
    return envelope(
        command, status="error", exit_code=exit_code, payload={"error": {"message": message}}
    )


__all__ = ["RESULT_VERSION", "envelope", "error_envelope"]
