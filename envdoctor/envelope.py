"""The versioned JSON envelope every `--json` output shares.

Scripts can rely on the header keys below for every command; `status` is one of
ok / warn / fail / error and `exit_code` follows from it (see `envdoctor.result`).
Each command adds its own keys next to them (`check` adds `findings` and `snapshot`, `install` adds
`torch`, `variant`, `command`, ...). Bump a command's version (SCHEMA_VERSIONS) only for a breaking change of its document.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from envdoctor import __version__

RESULT_VERSION = 1
# Commands whose document changed in a way scripts notice. Version 2 of bench, wheel,
# mirrors and explain: the top-level `status` speaks the one vocabulary (ok / warn /
# fail / error) instead of the command's own words (pass, problems, not-recognised).
SCHEMA_VERSIONS = {"bench": 2, "wheel": 2, "mirrors": 2, "explain": 2}


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
    `status` must be a word of `envdoctor.result.Outcome` that agrees with `exit_code`
    (the result contract); anything else is a bug in the command, caught here.
    """
    from envdoctor.result import agrees

    if not agrees(status, exit_code):
        msg = f"status {status!r} with exit code {exit_code} breaks the result contract"
        raise ValueError(msg)
    doc: dict[str, Any] = {
        # A subcommand's schema joins the words with dots: envdoctor.matrix.update/1.
        "schema": f"envdoctor.{command.replace(' ', '.')}/"
        f"{SCHEMA_VERSIONS.get(command, RESULT_VERSION)}",
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


__all__ = ["RESULT_VERSION", "SCHEMA_VERSIONS", "envelope"]
